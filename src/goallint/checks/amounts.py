"""Amount checks (GL1xx): rows add up, subtotals and the grand total match their parts, every
project has money and indicators, amounts are written in a declared unit, and what the table says
about its money elsewhere (实施周期金额, 实施计划, 测算依据) agrees with its 金额."""

from __future__ import annotations

import difflib
import re
from decimal import Decimal
from typing import Iterator

from goallint.api import Edit, Problem, check, fixer
from goallint.model import TOTAL, MoneyRow, Project, Table, Unit, places

# How many 元 one 金额单位 holds.
UNIT_YUAN = {"元": Decimal(1), "万元": Decimal(10000)}


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def _plain(value: Decimal) -> str:
    """A computed amount without trailing zeros (543.0360000 → 543.036, 5430360 → 5430360)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _parts(row: MoneyRow) -> str:
    return " + ".join(f"{c} {_fmt(row.column(c))}" for c in row.sources)


def _columns(*rows: MoneyRow | None) -> list[str]:
    """总计, then every source any of the rows gives, in order of first appearance."""
    out = [TOTAL]
    for row in rows:
        if row is not None:
            out += [c for c in row.sources if c not in out]
    return out


# ---------------------------------------------------------------- amount-components


@check(
    scope="table",
    args=("owner", "row", "total", "sum", "diff", "parts"),
    variants=("total", "subtotal", "project", "total-blank", "subtotal-blank", "project-blank"),
    options=("tolerance",),
)
def check_amount_components(table: Table, ctx):
    tol = ctx.options["tolerance"]
    for row in table.money_rows():
        if not row.states_split or not row.states_total:
            continue  # no split stated, or no 总计 column at all: nothing to compare
        summed = row.sources_sum
        if summed is None:
            continue  # a source that is not a number: the schema reports it
        variant = {"合计": "total", "小计": "subtotal"}.get(row.kind, "project")
        args = dict(owner=row.owner, row=row.kind, sum=_fmt(summed), parts=_parts(row))
        if row.total_blank:
            if summed != 0:
                yield Problem(row.path + (TOTAL,), variant=variant + "-blank", severity="warning", part="key", **args)
            continue
        if row.total is None:
            continue  # 总计 is not a number: the schema reports it
        if abs(row.total - summed) > tol:
            yield Problem(row.path + (TOTAL,), variant=variant, total=_fmt(row.total), diff=_fmt(row.total - summed), **args)


# ---------------------------------------------------------------- unit-subtotal and grand-total


def _projects_sum(unit: Unit, column: str) -> Decimal | None:
    total = Decimal(0)
    for project in unit.projects:
        row = project.amount
        value = row.column(column) if row is not None else None
        if value is None:
            return None
        total += value
    return total


def _unit_amount(unit: Unit, column: str) -> Decimal | None:
    if unit.subtotal is not None:
        return unit.subtotal.column(column)
    return _projects_sum(unit, column)


@check(scope="table", args=("unit", "column", "stated", "summed", "diff"), options=("tolerance",))
def check_unit_subtotal(table: Table, ctx):
    tol = ctx.options["tolerance"]
    for unit in table.units:
        sub = unit.subtotal
        if sub is None:
            continue
        for column in _columns(sub, *(p.amount for p in unit.projects)):
            stated = sub.column(column)
            summed = _projects_sum(unit, column)
            if stated is None or summed is None:
                continue
            if abs(stated - summed) > tol:
                yield Problem(
                    sub.path + (column,),
                    unit=unit.name or "？",
                    column=column,
                    stated=_fmt(stated),
                    summed=_fmt(summed),
                    diff=_fmt(stated - summed),
                )


@check(scope="table", args=("column", "stated", "summed", "diff"), options=("tolerance",))
def check_grand_total(table: Table, ctx):
    tol = ctx.options["tolerance"]
    grand = table.total
    if grand is None or not table.units:
        return
    for column in _columns(grand, *(u.subtotal for u in table.units), *(p.amount for p in table.projects)):
        stated = grand.column(column)
        if stated is None:
            continue
        parts = [_unit_amount(u, column) for u in table.units]
        if any(p is None for p in parts):
            continue
        summed = sum(parts, Decimal(0))
        if abs(stated - summed) > tol:
            yield Problem(grand.path + (column,), column=column, stated=_fmt(stated), summed=_fmt(summed), diff=_fmt(stated - summed))


# ---------------------------------------------------------------- empty-project


@check(scope="project", args=("name", "total"), variants=("zero", "negative", "blank", "no-indicators"))
def check_empty_project(project: Project, ctx):
    row = project.amount
    total = row.total if row is not None else None
    if total is not None and total <= 0:
        yield Problem(row.path + (TOTAL,), variant="zero" if total == 0 else "negative", name=project.name, total=_fmt(total))
    elif row is not None and row.total_blank and not row.sources_sum:
        # 总计 blank and no source gives money (sources with money: amount-components)
        yield Problem(row.path + (TOTAL,), variant="blank", part="key", name=project.name)
    items = project.data.get("绩效指标")
    if not project.indicators and (items is None or isinstance(items, list)):
        yield Problem(project.name_path, variant="no-indicators", name=project.name)


# ---------------------------------------------------------------- amount-unit-format


def _amount_cells(table: Table) -> Iterator[tuple[tuple, str, Decimal, bool]]:
    """(path, where, amount, is a project's 金额.总计) of every amount the table writes in its
    金额单位; ``where`` names the place as a reader finds it: 合计.总计, 单位名.小计.财政拨款,
    项目名.金额.总计, 项目名.实施计划[2].金额."""
    for row in table.money_rows():
        for column in row.raw:
            value = row.cells.get(column)
            if value is not None:
                where = ".".join(x for x in (row.owner, row.kind, str(column)) if x)
                yield row.path + (column,), where, value, row.kind == "金额" and column == TOTAL
    for project in table.projects:
        for key, items in (("实施计划", project.plan), ("测算依据", project.basis)):
            for n, item in enumerate(items, start=1):
                if item.amount is not None:
                    yield item.path + ("金额",), f"{project.name}.{key}[{n}].金额", item.amount, False


@check(
    scope="table",
    args=("where", "value", "unit", "decimals", "limit"),
    variants=("missing", "negative", "yuan-decimals", "wan-below-fen", "wan-decimals"),
    options=("wan_decimals",),
)
def check_amount_unit_format(table: Table, ctx):
    unit = table.amount_unit
    cells = list(_amount_cells(table))
    if table.data.get("金额单位") is None and cells:
        # absent or blank, while the table writes amounts (a wrong word such as 千元 is the
        # schema's); a table that writes no amount at all (甘孜's target sheet) needs no unit
        yield Problem(("金额单位",), variant="missing", part="key")
    for path, where, value, project_total in cells:
        args = dict(where=where, value=_fmt(value), unit=unit or "")
        if value < 0:
            if not project_total:  # a project's negative 总计: empty-project says so
                yield Problem(path, variant="negative", **args)
            continue
        decimals = places(value)
        args["decimals"] = str(decimals)
        if unit == "元" and decimals > 2:
            yield Problem(path, variant="yuan-decimals", limit="2", **args)
        elif unit == "万元" and decimals > 6:
            yield Problem(path, variant="wan-below-fen", limit="6", **args)
        elif unit == "万元" and decimals > ctx.options["wan_decimals"]:
            yield Problem(path, variant="wan-decimals", severity="info", limit=str(ctx.options["wan_decimals"]), **args)


# ---------------------------------------------------------------- fund-source-unknown


@check(scope="table", args=("source", "meant"), variants=("suggest", "no-suggestion"))
def check_fund_source_unknown(table: Table, ctx):
    known = sorted(ctx.vocab("fund-sources"))
    for row in table.money_rows():
        for source in row.sources:
            if source in known or (row.raw[source] is not None and row.cells.get(source) is None):
                continue  # known, or not an amount at all (备注: 见附件): the schema reports that
            close = difflib.get_close_matches(str(source), known, n=1, cutoff=0.7)
            if close:
                yield Problem(row.path + (source,), variant="suggest", part="key", source=str(source), meant=close[0])
            else:
                yield Problem(row.path + (source,), variant="no-suggestion", severity="info", part="key", source=str(source))


# ---------------------------------------------------------------- 实施周期金额


@check(scope="project", args=("name", "period", "annual", "diff"))
def check_period_amount_below_annual(project: Project, ctx):
    annual, period = project.amount, project.period_amount
    if annual is None or period is None or annual.total is None or period.total is None:
        return
    if period.total < annual.total:
        path = period.path + (TOTAL,) if period.states_total else period.path
        yield Problem(path, name=project.name, period=_fmt(period.total), annual=_fmt(annual.total), diff=_fmt(annual.total - period.total))


@check(scope="project", args=("name", "term"), variants=("blank", "absent"))
def check_period_amount_missing(project: Project, ctx):
    term = project.period
    if not term.multi_year:
        return
    data = project.data
    if "实施周期金额" not in data:
        yield Problem(project.path + ("项目期限",), variant="absent", severity="info", name=project.name, term=term.text)
        return
    row = project.period_amount
    if row is None or row.total is None and (row.total_blank or not row.raw) and not row.sources_sum:
        yield Problem(project.path + ("实施周期金额",), variant="blank", part="key", name=project.name, term=term.text)


# ---------------------------------------------------------------- 实施计划 and 测算依据 against 金额


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last decimal an amount is written with: 438.768 → 0.0005, 4.93 → 0.005."""
    return Decimal(5).scaleb(-places(value) - 1)


def _rounds_to(computed: Decimal, stated: Decimal) -> bool:
    """True when ``stated`` is ``computed`` rounded: to the decimals ``stated`` is written with, or,
    when ``stated`` is a whole number of 金额单位 (5, 5.00), to a whole 金额单位."""
    diff = abs(computed - stated)
    if diff <= _half_unit(stated):
        return True
    return stated == stated.to_integral_value() and diff <= Decimal("0.5")


def _budget_match(project: Project, summed: Decimal, close) -> tuple[str | None, dict]:
    """Compare a sum with the project's money: None when it matches 金额.总计 or 实施周期金额.总计;
    else the variant (``annual``, ``annual-or-period``, ``period-blank``) and its arguments."""
    annual = project.amount.total if project.amount is not None else None
    period_row = project.period_amount
    period = period_row.total if period_row is not None else None
    if annual is None:
        return None, {}
    if close(summed, annual) or (period is not None and close(summed, period)):
        return None, {}
    args = dict(total=_fmt(annual), diff=_plain(summed - annual), period=_fmt(period) if period is not None else "", term=project.period.text)
    if period is not None:
        return "annual-or-period", args
    if project.period.multi_year or project.period.long_term:
        return "period-blank", args
    return "annual", args


def _strict(tol: Decimal):
    return lambda a, b: abs(a - b) <= tol


def _sum_problem(project: Project, key: str, amounts: list, close, shown, **extra):
    """The finding of plan-total-mismatch / basis-total-mismatch: the amounts of 实施计划 or
    测算依据 (``key``) added up and compared with the project's money; None when they match."""
    summed = sum(amounts, Decimal(0))
    variant, args = _budget_match(project, summed, close)
    if variant is None:
        return None
    return Problem(
        project.path + (key,),
        variant=variant,
        part="key",
        severity="warning" if variant == "period-blank" else None,
        name=project.name,
        summed=shown(summed),
        parts=" + ".join(shown(a) for a in amounts),
        **args,
        **extra,
    )


@check(
    scope="project",
    args=("name", "summed", "parts", "total", "period", "diff", "term"),
    variants=("annual", "annual-or-period", "period-blank"),
    options=("tolerance",),
)
def check_plan_total_mismatch(project: Project, ctx):
    amounts = [item.amount for item in project.plan]
    if not amounts or any(a is None for a in amounts):
        return  # no plan items, or one without a number (blank or text): nothing to add up
    problem = _sum_problem(project, "实施计划", amounts, _strict(Decimal(str(ctx.options["tolerance"]))), _fmt)
    if problem is not None:
        yield problem


def _price_factor(project: Project, item) -> Decimal | None:
    """What one 单价 is worth in the table's 金额单位 (a 元 price in a 万元 table: 1/10000); None
    when the 单价 has its own unit but the table declares none."""
    table_unit = project.unit.table.amount_unit
    if item.price_unit is None or item.price_unit == table_unit:
        return Decimal(1)
    if table_unit is None:
        return None
    return UNIT_YUAN[item.price_unit] / UNIT_YUAN[table_unit]


def _computed(project: Project, item) -> Decimal | None:
    """数量 × 单价 × 系数 in the table's 金额单位, or None when a factor is missing."""
    scale = _price_factor(project, item)
    if item.quantity is None or item.price is None or item.factor is None or scale is None:
        return None
    return item.quantity * item.price * item.factor * scale


def _number_with_unit(number: Decimal, unit: str | None) -> str:
    return _plain(number) + (unit or "")


def _formula(project: Project, item) -> str:
    price_unit = item.price_unit or project.unit.table.amount_unit or ""
    unit = item.data.get("单位")
    text = f"{_number_with_unit(item.quantity, unit if isinstance(unit, str) else None)} × {_plain(item.price)}{price_unit}"
    if item.data.get("系数") is not None:
        text += f" × {_plain(item.factor)}"
    return text


@check(scope="project", args=("name", "n", "formula", "computed", "stated", "unit", "diff"))
def check_basis_line_mismatch(project: Project, ctx):
    unit = project.unit.table.amount_unit or ""
    for n, item in enumerate(project.basis, start=1):
        computed = _computed(project, item)
        stated = item.amount
        if computed is None or stated is None:
            continue
        if _rounds_to(computed, stated):
            continue
        yield Problem(
            item.path + ("金额",),
            name=project.name,
            n=str(n),
            formula=_formula(project, item),
            computed=_plain(computed),
            stated=_fmt(stated),
            unit=unit,
            diff=_plain(computed - stated),
        )


@check(
    scope="project",
    args=("name", "summed", "parts", "total", "period", "diff", "term", "unit"),
    variants=("annual", "annual-or-period", "period-blank"),
    options=("tolerance",),
)
def check_basis_total_mismatch(project: Project, ctx):
    if not project.basis:
        return
    amounts, derived = [], False
    for item in project.basis:
        value = item.amount
        if value is None and item.data.get("金额") is None:
            value = _computed(project, item)  # a row with 数量 and 单价 but no 金额
            derived = True
        if value is None:
            return  # a row whose amount cannot be known: nothing to add up
        amounts.append(value)
    close = _rounds_to if derived else _strict(Decimal(str(ctx.options["tolerance"])))
    problem = _sum_problem(project, "测算依据", amounts, close, _plain, unit=project.unit.table.amount_unit or "")
    if problem is not None:
        yield problem


# ---------------------------------------------------------------- code-leading-zero

_LEADING_ZERO = re.compile(r"^[+-]?0[0-9_]+$")
_INT_TAG = "tag:yaml.org,2002:int"


def _code_paths(table: Table) -> Iterator[tuple]:
    yield ("部门编码",)
    for unit in table.units:
        yield unit.path + ("单位编码",)
        for project in unit.projects:
            yield project.path + ("项目代码",)


@check(scope="table", args=("field", "written", "read"))
def check_code_leading_zero(table: Table, ctx):
    locs = getattr(ctx.document, "locs", {})
    for path in _code_paths(table):
        loc = locs.get(path)
        if loc is None:
            continue
        node = loc[1]
        if getattr(node, "tag", None) != _INT_TAG or getattr(node, "style", None):
            continue  # quoted, or not read as a number
        text = str(node.value)
        if _LEADING_ZERO.match(text):
            value = _value_at(table.data, path)
            yield Problem(path, field=path[-1], written=text, read=str(value))


def _value_at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


# ---------------------------------------------------------------- fixes (the rule files' fix:)


def _recomputed(problem) -> Decimal | None:
    """The sum a subtotal or total should hold, written with as many decimals as the stated amount."""
    try:
        summed, stated = Decimal(problem.args["summed"]), Decimal(problem.args["stated"])
    except (KeyError, ArithmeticError, ValueError):
        return None
    places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
    exact = summed.quantize(Decimal(1).scaleb(-places)) if places else summed
    return exact if exact == summed else summed


@fixer(scope="table")
def fix_unit_subtotal(problem, table: Table, ctx):
    """The unit's 小计 cell set to the sum of its projects (unsafe: a project amount may be the wrong one)."""
    value = _recomputed(problem)
    if value is not None:
        yield Edit(problem.path, value)


@fixer(scope="table")
def fix_grand_total(problem, table: Table, ctx):
    """The 合计 cell set to the sum of the units (unsafe: a unit's 小计 may be the wrong one)."""
    value = _recomputed(problem)
    if value is not None:
        yield Edit(problem.path, value)
