"""Target-value checks (GL3xx): units, and 实施周期 against 年度."""

from __future__ import annotations

from goallint.api import Problem, Text
from goallint.model import Indicator
from goallint.values import parse_value, same_target

VALUE_KEYS = ("实施周期指标值", "年度指标值")


def check_target_unit_required(indicator: Indicator, ctx):
    for key in VALUE_KEYS:
        if key not in indicator.data:
            continue
        raw = indicator.data[key]
        value = parse_value(raw)
        if value.kind in ("quantitative", "range") and not value.unit:
            path = indicator.path + (key,)
            if isinstance(raw, dict) and "指标值" in raw:
                path += ("指标值",)
            yield Problem(path, name=indicator.name, field=key, value=value.raw)


def check_period_annual_mismatch(indicator: Indicator, ctx):
    data = indicator.data
    if "实施周期指标值" not in data or "年度指标值" not in data:
        return
    term = indicator.project.term
    if term is not None and term > 1:
        return  # a multi-year project's annual value is a slice of the period's
    if term is None and not ctx.options.get("assume_single_year", True):
        return
    period, annual = data["实施周期指标值"], data["年度指标值"]
    if same_target(period, annual):
        return
    if term == 1:
        why = Text("项目期限为 1 年", "the project term is 1 year")
        severity = None
    else:
        why = Text("未写项目期限，按单年度项目检查", "no 项目期限 is given, so the project is taken as single-year")
        severity = "warning"
    yield Problem(
        indicator.path + ("年度指标值",),
        severity=severity,
        name=indicator.name,
        period=parse_value(period).raw,
        annual=parse_value(annual).raw,
        why=why,
    )
