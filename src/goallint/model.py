"""The table model the rules read: units, projects, indicators and money rows, each with its path.

Rules never see YAML nodes or positions.  They walk the views here and return
document paths.  Every accessor tolerates a table that failed the schema: a
unit that is not a mapping is skipped, an amount that is not a number is
``None``, so one wrong key never stops a rule from checking the rest.

Each view builds its lists, names and labels once (``cached_property``: some rule reads
them for every indicator), and each target value is parsed once, into
:attr:`Indicator.targets`; every rule reads the same objects.  The 一级/二级
labels are read through the table's indicator frame (:mod:`goallint.frames`).

What the format lets a reviewer write as published is derived here once: a money row's
fund sources (any key but 总计, :class:`MoneyRow`), 项目期限 in any published form
(:class:`Term`, :func:`parse_term`), the 实施计划 and 测算依据 items, and a value's own
二级指标 label (:attr:`Target.level2_label`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from goallint.api import Text
from goallint.frames import Frame, Match
from goallint.values import TargetValue, parse_value


class cached_property:  # noqa: N801 - named like the functools one it stands for
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first access;
    3.12 dropped it): a view is used by one thread.  A non-data descriptor: once worked out, the
    value in the instance's ``__dict__`` is found before this is."""

    def __init__(self, func):
        self.func = func
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value

TOTAL = "总计"
# The three source columns of the Guangzhou template; other sources (上年结转, 上级资金, …, a
# province's own) are any other key of a money row: see ``rules/vocab/fund-sources.yaml``.
MONEY_COLUMNS = ("总计", "财政拨款", "财政专户拨款", "其他资金")
SPLIT_COLUMNS = MONEY_COLUMNS[1:]

# ---------------------------------------------------------------- money


def _is_custom(key: Any) -> bool:
    return isinstance(key, str) and key.startswith("x-")


@dataclass(frozen=True)
class MoneyRow:
    """A money row (合计, 小计, 金额, 实施周期金额): 总计 and whatever fund sources the row gives.

    Every key of the row other than 总计 and the ``x-`` keys is a fund source (财政拨款,
    上年结转, a province's own name …).  A blank source (``null``) counts as 0; a source that is
    not a number is ``None`` (the schema reports it).  When the row gives sources but no 总计
    key at all (templates without a total column), :attr:`total` is their sum.
    """

    path: tuple
    cells: dict  # column -> Decimal | None, for every column the row gives (None: blank or not a number)
    raw: dict  # column -> the value as written
    owner: str | None = None  # the unit or project the row belongs to (None for 合计)

    @property
    def kind(self) -> str:
        """合计, 小计, 金额 or 实施周期金额: the key the row stands under."""
        return self.path[-1]

    @property
    def sources(self) -> tuple:
        """The fund sources the row gives, in the order written (every key but 总计 and ``x-``)."""
        return tuple(c for c in self.raw if c != TOTAL)

    @property
    def states_split(self) -> bool:
        """True when the row gives at least one fund source."""
        return bool(self.sources)

    @property
    def states_total(self) -> bool:
        """True when the row has a 总计 key (even a blank one)."""
        return TOTAL in self.raw

    @property
    def total_blank(self) -> bool:
        """True when 总计 is written but blank (``总计: null``)."""
        return self.states_total and self.raw[TOTAL] is None

    @property
    def sources_sum(self) -> Decimal | None:
        """The sum of the sources (blank = 0); None when the row gives none or one is not a number."""
        if not self.states_split:
            return None
        parts = [self.column(c) for c in self.sources]
        if any(p is None for p in parts):
            return None
        return sum(parts, Decimal(0))

    @property
    def total(self) -> Decimal | None:
        """总计 as written; without a 总计 key, the sum of the sources; None when blank or unknown."""
        if self.states_total:
            return self.cells.get(TOTAL)
        return self.sources_sum

    def column(self, name: str) -> Decimal | None:
        """The amount in a column.  A blank source is 0, and so is an absent one once the row gives
        any source; 总计 is :attr:`total`; None when the column cannot be known."""
        if name == TOTAL:
            return self.total
        if name in self.raw:
            return Decimal(0) if self.raw[name] is None else self.cells.get(name)
        if self.states_split:
            return Decimal(0)
        return None


def amount(value: Any) -> Decimal | None:
    """An exact amount, or None when the value is not a number (the schema reports that)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    return None


def money_row(value: Any, path: tuple, owner: str | None = None) -> MoneyRow | None:
    if not isinstance(value, dict):
        return None
    raw = {c: v for c, v in value.items() if not _is_custom(c)}
    return MoneyRow(path, {c: amount(v) for c, v in raw.items()}, raw, owner)


def places(value: Decimal) -> int:
    """How many decimals an amount is written with: ``Decimal("8.00")`` → 2, ``Decimal(5)`` → 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# ---------------------------------------------------------------- 项目期限

_CN_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_LONG_TERM = frozenset({"长期", "常年", "持续", "长期项目", "常年项目", "持续性", "经常性"})
_COUNT = re.compile(r"^(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})(?:个)?(?:年|周年)(?:期)?$")
_SIDE = re.compile(
    r"^(?:(?P<y>\d{4})(?:年度?|[./\-](?=\d))?)?"
    r"(?:(?P<m>\d{1,2})(?:月份?)?(?:[./\-]?(?P<d>\d{1,2})[日号]?)?)?$"
)
_RANGE_MARKS = "至到~—–-"


@dataclass(frozen=True)
class Term:
    """项目期限 as published, and what goallint derives from it.

    ``1``, ``1年``, ``三年`` → :attr:`years`; ``2021-2023`` → 3 years, 2021 to 2023;
    ``2021年1月-12月`` → 1 year, 2021-01 to 2021-12; ``2023.07-2024.01`` → no whole number of
    years, 7 months crossing from 2023 into 2024; ``长期`` → :attr:`long_term`.  ``known`` is
    False when the key is absent or blank (:attr:`given` False) or the text is in no form
    goallint reads.
    """

    raw: Any = None
    given: bool = False  # the key is there and not blank
    known: bool = False  # a form goallint reads
    years: int | None = None  # whole years (a period inside one calendar year counts as 1)
    start: tuple | None = None  # (year, month or None)
    end: tuple | None = None
    long_term: bool = False

    @property
    def text(self) -> str:
        """The term as written, for messages (empty when not given)."""
        if self.raw is None or isinstance(self.raw, bool):
            return ""
        if isinstance(self.raw, int):
            return f"{self.raw}年"  # 项目期限: 3 → 3年; 2023 → 2023年
        return str(self.raw).strip()

    @property
    def months(self) -> int | None:
        """The length in months when the start and the end month are both known."""
        if self.start is None or self.end is None or self.start[1] is None or self.end[1] is None:
            return None
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    @property
    def crosses_year(self) -> bool:
        """True when the period starts in one calendar (budget) year and ends in another."""
        return self.start is not None and self.end is not None and self.start[0] != self.end[0]

    @property
    def single_year(self) -> bool:
        """True for a one-year project: ``1``, ``1年``, ``2021年1月-12月``, a period inside one year."""
        return self.years == 1

    @property
    def multi_year(self) -> bool:
        """True for a project of several years: more than one whole year, or more than 12 months."""
        return (self.years or 0) > 1 or (self.months or 0) > 12


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN_NUMBERS.get(text[1], 0) if text[1] in _CN_NUMBERS else None
    if len(text) == 2 and text[1] == "十":
        return _CN_NUMBERS.get(text[0], 0) * 10 or None
    return _CN_NUMBERS.get(text) if len(text) == 1 else None


def _side(text: str, year: int | None = None) -> tuple | None:
    """One end of a period: ``2023.07`` → (2023, 7); ``12月`` → (year, 12); ``2021`` → (2021, None)."""
    m = _SIDE.match(text)
    if not m or not text or not (m.group("y") or m.group("m")):
        return None
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    month = int(m.group("m")) if m.group("m") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if m.group("d") and not 1 <= int(m.group("d")) <= 31:
        return None
    return (y, month)


def _period(start: tuple, end: tuple) -> tuple | None:
    """(years, start, end) of a period, or None when it runs backwards."""
    (y1, m1), (y2, m2) = start, end
    if (y2, m2 or 12) < (y1, m1 or 1):
        return None
    if (m1 in (None, 1)) and (m2 in (None, 12)):
        years = y2 - y1 + 1
    elif y1 == y2:
        years = 1
    else:
        years = None
    return years, start, end


def parse_term(value: Any) -> Term:
    """Read 项目期限 as published (see :class:`Term`); never raises."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Term(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return Term(value, given=True)
    if isinstance(value, int):
        if 1 <= value <= 99:
            return Term(value, True, True, years=value)
        if 1900 <= value <= 2100:
            return Term(value, True, True, years=1, start=(value, None), end=(value, None))
        return Term(value, given=True)
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    text = text.replace("～", "~").replace("－", "-")
    if text in _LONG_TERM:
        return Term(value, True, True, long_term=True)
    m = _COUNT.match(text)
    if m:
        n = _count(m.group("n"))
        if n:
            return Term(value, True, True, years=n)
        return Term(value, given=True)
    if text.isdigit():
        return parse_term(int(text))
    for i, mark in enumerate(text):
        if mark not in _RANGE_MARKS or i == 0:
            continue
        start = _side(text[:i])
        if start is None:
            continue
        end = _side(text[i + 1 :], start[0])
        if end is None or (end[1] is not None and start[1] is None and not _SIDE.match(text[i + 1 :]).group("y")):
            continue  # 2021-12 is December 2021, not 2021 to month 12
        found = _period(start, end)
        if found is not None:
            return Term(value, True, True, years=found[0], start=found[1], end=found[2])
    single = _side(text)
    if single is not None:
        return Term(value, True, True, years=1, start=single, end=single)
    return Term(value, given=True)


# ---------------------------------------------------------------- 实施计划 and 测算依据


@dataclass(frozen=True)
class PlanItem:
    """One item of a project's 实施计划: 内容, 金额 (in the table's 金额单位), 时间."""

    path: tuple
    data: dict

    @property
    def amount(self) -> Decimal | None:
        return amount(self.data.get("金额"))


@dataclass(frozen=True)
class BasisItem:
    """One row of a project's 测算依据: 数量 × 单价 (× 系数) = 金额.

    ``单价单位`` (元 or 万元) says what the 单价 is counted in; without it, the table's
    金额单位.  ``金额`` is in the table's 金额单位.
    """

    path: tuple
    data: dict

    @property
    def quantity(self) -> Decimal | None:
        return amount(self.data.get("数量"))

    @property
    def price(self) -> Decimal | None:
        return amount(self.data.get("单价"))

    @property
    def factor(self) -> Decimal | None:
        """系数 (months, a share …); 1 when not given, None when not a number."""
        if self.data.get("系数") is None:
            return Decimal(1)
        return amount(self.data.get("系数"))

    @property
    def amount(self) -> Decimal | None:
        return amount(self.data.get("金额"))

    @property
    def price_unit(self) -> str | None:
        unit = self.data.get("单价单位")
        return unit if isinstance(unit, str) else None


def _items(value: Any, path: tuple, kind) -> list:
    if not isinstance(value, list):
        return []
    return [kind(path + (i,), item) for i, item in enumerate(value) if isinstance(item, dict)]


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
    level2_label: str | None = None  # the value's own 二级指标 label, when its column labels it differently


@dataclass(frozen=True, eq=False)
class Table:
    data: dict
    frame: Frame | None = None
    path: tuple = ()

    @cached_property
    def total(self) -> MoneyRow | None:
        return money_row(self.data.get("合计"), ("合计",))

    @property
    def amount_unit(self) -> str | None:
        """金额单位 (元 or 万元), or None when absent, blank or not one of them."""
        unit = self.data.get("金额单位")
        return unit if unit in ("元", "万元") else None

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
                for row in (project.amount, project.period_amount):
                    if row is not None:
                        yield row


@dataclass(frozen=True, eq=False)
class Unit:
    data: dict
    path: tuple
    table: Table

    @cached_property
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

    @cached_property
    def name(self) -> str:
        name = self.data.get("项目名称")
        return str(name) if name is not None else "？"

    @cached_property
    def label(self) -> Text:
        """How a message names the project: 项目「name」, or its position when the name is blank."""
        name = self.data.get("项目名称")
        if isinstance(name, str) and name.strip():
            return Text(f"项目「{name.strip()}」", f"project '{name.strip()}'")
        number = self.path[-1] + 1
        unit = self.unit.name
        if unit and unit.strip():
            return Text(f"单位「{unit.strip()}」的第 {number} 个项目（未写项目名称）", f"project {number} of unit '{unit.strip()}' (no 项目名称)")
        return Text(f"第 {number} 个项目（未写项目名称）", f"project {number} (no 项目名称)")

    @property
    def name_path(self) -> tuple:
        """Where a finding about the whole project points: its 项目名称."""
        return self.path + ("项目名称",)

    @cached_property
    def amount(self) -> MoneyRow | None:
        return money_row(self.data.get("金额"), self.path + ("金额",), self.name)

    @cached_property
    def period_amount(self) -> MoneyRow | None:
        """实施周期金额 (the whole period's money), or None when absent or blank."""
        return money_row(self.data.get("实施周期金额"), self.path + ("实施周期金额",), self.name)

    @cached_property
    def period(self) -> Term:
        """项目期限 as written and derived (:class:`Term`)."""
        return parse_term(self.data.get("项目期限"))

    @property
    def term(self) -> int | None:
        """项目期限 in whole years (``3``, ``3年``, ``2021-2023``, ``2021年1月-12月`` → 1), or None
        when absent, blank, 长期, a period that is no whole number of years (``2023.07-2024.01``)
        or a form goallint does not read.  :attr:`period` says which."""
        return self.period.years

    @cached_property
    def plan(self) -> list[PlanItem]:
        """The 实施计划 items (empty when absent, blank or written as one text)."""
        return _items(self.data.get("实施计划"), self.path + ("实施计划",), PlanItem)

    @cached_property
    def basis(self) -> list[BasisItem]:
        """The 测算依据 rows (empty when absent, blank or written as one text)."""
        return _items(self.data.get("测算依据"), self.path + ("测算依据",), BasisItem)

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

    @cached_property
    def level1(self) -> str | None:
        """The canonical 一级指标 the indicator counts under (产出指标, 效益指标, 满意度指标, 成本指标),
        or None when the frame does not know the label.  A frame alias may move an indicator: the old
        template's 满意度 二级 under 效益 counts as 满意度指标."""
        moved = self.level2_match.level1 if self.level2_match.status in ("accepted", "info") else None
        return moved or self.level1_match.canonical

    @cached_property
    def level2(self) -> str | None:
        """The canonical 二级指标, or None when the frame does not know the label."""
        return self.level2_match.canonical

    @cached_property
    def name(self) -> str:
        name = self.data.get("三级指标")
        return str(name) if name is not None else ""

    @cached_property
    def label(self) -> Text:
        """How a message names the indicator: 「name」, or its position in its project when the name is blank."""
        name = self.name.strip()
        if name:
            return Text(f"「{name}」", f"'{name}'")
        number = self.path[-1] + 1
        project = self.project.label
        return Text(f"{project.zh}的第 {number} 条指标（未写三级指标名称）", f"indicator {number} of {project.en} (no 三级指标 name)")

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
            label = raw.get("二级指标") if mapping else None
            out.append(Target(key, raw, parse_value(raw), path, unit_path, label if isinstance(label, str) else None))
        return out
