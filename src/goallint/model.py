"""The table model the rules read: units, projects, indicators and money rows, each with its path.

Rules never see YAML nodes or positions.  They walk the views here and return
document paths.  Every accessor tolerates a table that failed the schema: a
unit that is not a mapping is skipped, an amount that is not a number is
``None``, so one wrong key never stops a rule from checking the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

# The indicator levels and codes are tabled once, in goallint.taxonomy; the rules take
# canonical_level1, split_code, LEVEL1, LEVEL1_CODES and LEVEL1_ALIASES from here.
from goallint.taxonomy import LEVEL1, LEVEL1_ALIASES, LEVEL1_CODES, canonical_level1, split_code  # noqa: F401

MONEY_COLUMNS = ("总计", "财政拨款", "财政专户拨款", "其他资金")
SPLIT_COLUMNS = MONEY_COLUMNS[1:]

# ---------------------------------------------------------------- money

@dataclass(frozen=True)
class MoneyRow:
    """A money row (合计, 小计, 金额): exact amounts; ``None`` where a cell is absent or not a number."""

    path: tuple
    cells: dict  # column -> Decimal | None (only the columns the row gives)
    raw: dict
    owner: str | None = None  # the unit or project the row belongs to (None for 合计)

    @property
    def kind(self) -> str:
        """合计, 小计, 金额 or 实施周期金额: the key the row stands under."""
        return self.path[-1]

    @property
    def total(self) -> Decimal | None:
        return self.cells.get("总计")

    @property
    def states_split(self) -> bool:
        """True when the row gives at least one of 财政拨款 / 财政专户拨款 / 其他资金."""
        return any(c in self.raw for c in SPLIT_COLUMNS)

    def column(self, name: str) -> Decimal | None:
        """The amount in a column; an absent split column counts as 0 once the row states a split."""
        if name in self.raw:
            return self.cells.get(name)
        if name != "总计" and self.states_split:
            return Decimal(0)
        return None


def amount(value: Any) -> Decimal | None:
    """An exact amount, or None when the value is not a number (the schema reports that)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return None


def money_row(value: Any, path: tuple, owner: str | None = None) -> MoneyRow | None:
    if not isinstance(value, dict):
        return None
    cells = {c: amount(value[c]) for c in MONEY_COLUMNS if c in value}
    return MoneyRow(path, cells, {c: value[c] for c in MONEY_COLUMNS if c in value}, owner)


# ---------------------------------------------------------------- views

@dataclass(frozen=True)
class Table:
    data: dict
    path: tuple = ()

    @property
    def total(self) -> MoneyRow | None:
        return money_row(self.data.get("合计"), ("合计",))

    @property
    def units(self) -> list["Unit"]:
        units = self.data.get("资金使用单位")
        if not isinstance(units, list):
            return []
        return [Unit(u, ("资金使用单位", i), self) for i, u in enumerate(units) if isinstance(u, dict)]

    def projects(self) -> Iterator["Project"]:
        for unit in self.units:
            yield from unit.projects

    def indicators(self) -> Iterator["Indicator"]:
        for project in self.projects():
            yield from project.indicators

    def money_rows(self) -> Iterator[MoneyRow]:
        """Every money row in document order: 合计, then each unit's 小计 and its projects' 金额."""
        if self.total is not None:
            yield self.total
        for unit in self.units:
            if unit.subtotal is not None:
                yield unit.subtotal
            for project in unit.projects:
                for key in ("金额", "实施周期金额"):
                    row = money_row(project.data.get(key), project.path + (key,), project.name)
                    if row is not None:
                        yield row


@dataclass(frozen=True)
class Unit:
    data: dict
    path: tuple
    table: Table

    @property
    def name(self) -> str | None:
        name = self.data.get("单位名称")
        return name if isinstance(name, str) else None

    @property
    def subtotal(self) -> MoneyRow | None:
        return money_row(self.data.get("小计"), self.path + ("小计",), self.name or "？")

    @property
    def projects(self) -> list["Project"]:
        projects = self.data.get("项目")
        if not isinstance(projects, list):
            return []
        return [Project(p, self.path + ("项目", j), self) for j, p in enumerate(projects) if isinstance(p, dict)]


@dataclass(frozen=True)
class Project:
    data: dict
    path: tuple
    unit: Unit

    @property
    def name(self) -> str:
        name = self.data.get("项目名称")
        return str(name) if name is not None else "？"

    @property
    def name_path(self) -> tuple:
        """Where a finding about the whole project points: its 项目名称."""
        return self.path + ("项目名称",)

    @property
    def amount(self) -> MoneyRow | None:
        return money_row(self.data.get("金额"), self.path + ("金额",), self.name)

    @property
    def term(self) -> int | None:
        """项目期限 in whole years, or None when absent or published as text (长期)."""
        term = self.data.get("项目期限")
        if isinstance(term, int) and not isinstance(term, bool):
            return term
        return None

    @property
    def indicators(self) -> list["Indicator"]:
        items = self.data.get("绩效指标")
        if not isinstance(items, list):
            return []
        return [Indicator(x, self.path + ("绩效指标", k), self) for k, x in enumerate(items) if isinstance(x, dict)]


@dataclass(frozen=True)
class Indicator:
    data: dict
    path: tuple
    project: Project

    @property
    def level1(self) -> str | None:
        """Canonical 一级指标 (产出指标 / 效益指标 / 满意度指标 / 成本指标), or None if unknown."""
        return canonical_level1(self.data.get("一级指标"))

    @property
    def name(self) -> str:
        name = self.data.get("三级指标")
        return str(name) if name is not None else ""
