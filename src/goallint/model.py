"""The table model the rules read: units, projects, indicators and money rows, each with its path.

Rules never see YAML nodes or positions.  They walk the views here and return
document paths.  Every accessor tolerates a table that failed the schema: a
unit that is not a mapping is skipped, an amount that is not a number is
``None``, so one wrong key never stops a rule from checking the rest.

Each view builds its lists once (``cached_property``), and each target value is parsed
once, into :attr:`Indicator.targets`; every rule reads the same objects.  The 一级/二级
labels are read through the table's indicator frame (:mod:`goallint.frames`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any, Iterator

from goallint.frames import Frame, Match
from goallint.values import TargetValue, parse_value

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

VALUE_KEYS = ("实施周期指标值", "年度指标值")


@dataclass(frozen=True)
class Target:
    """One target value of an indicator, parsed once."""

    key: str  # 实施周期指标值 | 年度指标值
    raw: Any  # as written: text, a number, a {计算符号, 指标值, 计量单位} mapping, or None
    value: TargetValue
    path: tuple  # where a finding about the value points (inside a mapping: its 指标值)
    unit_path: tuple  # where a finding about its unit points (a mapping's 计量单位, else ``path``)


@dataclass(frozen=True, eq=False)
class Table:
    data: dict
    frame: Frame | None = None
    path: tuple = ()

    @cached_property
    def total(self) -> MoneyRow | None:
        return money_row(self.data.get("合计"), ("合计",))

    @cached_property
    def units(self) -> list["Unit"]:
        units = self.data.get("资金使用单位")
        if not isinstance(units, list):
            return []
        return [Unit(u, ("资金使用单位", i), self) for i, u in enumerate(units) if isinstance(u, dict)]

    @cached_property
    def projects(self) -> list["Project"]:
        return [project for unit in self.units for project in unit.projects]

    @cached_property
    def indicators(self) -> list["Indicator"]:
        return [indicator for project in self.projects for indicator in project.indicators]

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


@dataclass(frozen=True, eq=False)
class Unit:
    data: dict
    path: tuple
    table: Table

    @property
    def name(self) -> str | None:
        name = self.data.get("单位名称")
        return name if isinstance(name, str) else None

    @cached_property
    def subtotal(self) -> MoneyRow | None:
        return money_row(self.data.get("小计"), self.path + ("小计",), self.name or "？")

    @cached_property
    def projects(self) -> list["Project"]:
        projects = self.data.get("项目")
        if not isinstance(projects, list):
            return []
        return [Project(p, self.path + ("项目", j), self) for j, p in enumerate(projects) if isinstance(p, dict)]


@dataclass(frozen=True, eq=False)
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

    @cached_property
    def amount(self) -> MoneyRow | None:
        return money_row(self.data.get("金额"), self.path + ("金额",), self.name)

    @property
    def term(self) -> int | None:
        """项目期限 in whole years, or None when absent or published as text (长期)."""
        term = self.data.get("项目期限")
        if isinstance(term, int) and not isinstance(term, bool):
            return term
        return None

    @cached_property
    def indicators(self) -> list["Indicator"]:
        items = self.data.get("绩效指标")
        if not isinstance(items, list):
            return []
        return [Indicator(x, self.path + ("绩效指标", k), self) for k, x in enumerate(items) if isinstance(x, dict)]


@dataclass(frozen=True, eq=False)
class Indicator:
    data: dict
    path: tuple
    project: Project

    @cached_property
    def level1_match(self) -> Match:
        """How the table's frame reads the written 一级指标."""
        return self.project.unit.table.frame.level1(self.data.get("一级指标"))

    @cached_property
    def level2_match(self) -> Match:
        """How the table's frame reads the written 二级指标 (under the 一级 it is written under)."""
        return self.project.unit.table.frame.level2(self.data.get("二级指标"), self.level1_match.canonical)

    @property
    def level1(self) -> str | None:
        """The canonical 一级指标 the indicator counts under (产出指标, 效益指标, 满意度指标, 成本指标),
        or None when the frame does not know the label.  A frame alias may move an indicator: the old
        template's 满意度 二级 under 效益 counts as 满意度指标."""
        moved = self.level2_match.level1 if self.level2_match.status in ("accepted", "info") else None
        return moved or self.level1_match.canonical

    @property
    def level2(self) -> str | None:
        """The canonical 二级指标, or None when the frame does not know the label."""
        return self.level2_match.canonical

    @property
    def name(self) -> str:
        name = self.data.get("三级指标")
        return str(name) if name is not None else ""

    @cached_property
    def targets(self) -> list[Target]:
        """The 实施周期 and 年度 values the indicator gives, in that order, each parsed once."""
        out = []
        for key in VALUE_KEYS:
            if key not in self.data:
                continue
            raw = self.data[key]
            base = self.path + (key,)
            mapping = isinstance(raw, dict)
            path = base + ("指标值",) if mapping and "指标值" in raw else base
            unit_path = base + ("计量单位",) if mapping and "计量单位" in raw else path
            out.append(Target(key, raw, parse_value(raw), path, unit_path))
        return out
