"""Amount checks (GL1xx): rows add up, subtotals and the grand total match their parts,
and every project has money and indicators."""

from __future__ import annotations

from decimal import Decimal

from goallint.api import Problem, check
from goallint.model import MONEY_COLUMNS, SPLIT_COLUMNS, Project, Table, Unit


def _fmt(value: Decimal) -> str:
    return format(value, "f")


@check(scope="table", args=("owner", "row", "total", "sum", "diff"), variants=("total", "subtotal", "project"), options=("tolerance",))
def check_amount_components(table: Table, ctx):
    tol = ctx.options["tolerance"]
    for row in table.money_rows():
        if not row.states_split or row.total is None:
            continue
        parts = [row.column(c) for c in SPLIT_COLUMNS]
        if any(p is None for p in parts):
            continue  # a source that is not a number: the schema reports it
        total = sum(parts, Decimal(0))
        if abs(row.total - total) > tol:
            variant = {"合计": "total", "小计": "subtotal"}.get(row.kind, "project")
            yield Problem(
                row.path + ("总计",),
                variant=variant,
                owner=row.owner,
                row=row.kind,
                total=_fmt(row.total),
                sum=_fmt(total),
                diff=_fmt(row.total - total),
            )


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
        for column in MONEY_COLUMNS:
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
    for column in MONEY_COLUMNS:
        stated = grand.column(column)
        if stated is None:
            continue
        parts = [_unit_amount(u, column) for u in table.units]
        if any(p is None for p in parts):
            continue
        summed = sum(parts, Decimal(0))
        if abs(stated - summed) > tol:
            yield Problem(grand.path + (column,), column=column, stated=_fmt(stated), summed=_fmt(summed), diff=_fmt(stated - summed))


@check(scope="project", args=("name", "total"), variants=("zero", "negative", "no-indicators"))
def check_empty_project(project: Project, ctx):
    row = project.amount
    total = row.total if row is not None else None
    if total is not None and total <= 0:
        yield Problem(row.path + ("总计",), variant="zero" if total == 0 else "negative", name=project.name, total=_fmt(total))
    items = project.data.get("绩效指标")
    if not project.indicators and (items is None or isinstance(items, list)):
        yield Problem(project.name_path, variant="no-indicators", name=project.name)
