"""Amount checks (GL1xx): rows add up (总计 = whatever fund sources a row gives), subtotals and
the grand total match their parts, and every project has money and indicators."""

from __future__ import annotations

from decimal import Decimal

from goallint.api import Problem, check
from goallint.model import TOTAL, MoneyRow, Project, Table, Unit


def _fmt(value: Decimal) -> str:
    return format(value, "f")


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
