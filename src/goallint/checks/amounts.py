"""Amount checks (GL1xx): rows add up, subtotals and the grand total match their parts."""

from __future__ import annotations

from decimal import Decimal

from goallint.api import Problem, Text
from goallint.model import MONEY_COLUMNS, SPLIT_COLUMNS, MoneyRow, Table, Unit


def _tolerance(ctx) -> Decimal:
    return Decimal(str(ctx.options.get("tolerance", "0")))


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def _row_label(row: MoneyRow) -> Text:
    if row.kind == "合计":
        return Text("合计", "the grand total (合计)")
    if row.kind == "小计":
        return Text(f"单位「{row.owner}」的小计", f"the subtotal (小计) of unit '{row.owner}'")
    return Text(f"项目「{row.owner}」的{row.kind}", f"the {row.kind} of project '{row.owner}'")


def check_amount_components(table: Table, ctx):
    tol = _tolerance(ctx)
    for row in table.money_rows():
        if not row.states_split or row.total is None:
            continue
        parts = [row.column(c) for c in SPLIT_COLUMNS]
        if any(p is None for p in parts):
            continue  # a source that is not a number: the schema reports it
        total = sum(parts, Decimal(0))
        if abs(row.total - total) > tol:
            yield Problem(
                row.path + ("总计",),
                row=_row_label(row),
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


def check_unit_subtotal(table: Table, ctx):
    tol = _tolerance(ctx)
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


def check_grand_total(table: Table, ctx):
    tol = _tolerance(ctx)
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
