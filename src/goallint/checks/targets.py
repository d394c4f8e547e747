"""Target-value checks (GL3xx): units, and 实施周期 against 年度."""

from __future__ import annotations

from goallint.api import Problem, Text
from goallint.model import Indicator
import difflib

from goallint.values import PREFIX_FORMS, SUFFIX_FORMS, malformed_comparator, parse_value, same_target

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


def _suggest(bad: str) -> str | None:
    """The known word form a malformed comparator was probably meant to be (不少 → 不少于)."""
    forms = list(SUFFIX_FORMS) if bad.endswith(("上", "下", "内")) else [f for f in PREFIX_FORMS if not f.isascii()]
    close = difflib.get_close_matches(bad, forms, n=1, cutoff=0.5)
    return close[0] if close else None


def check_malformed_comparator(indicator: Indicator, ctx):
    for key in VALUE_KEYS:
        raw = indicator.data.get(key)
        if raw is None:
            continue
        bad = malformed_comparator(raw)
        if bad is None:
            continue
        meant = _suggest(bad)
        symbol = (PREFIX_FORMS.get(meant) or SUFFIX_FORMS.get(meant)) if meant else None
        if meant and symbol:
            hint = Text(f"应为“{meant}”，或写成符号 {symbol}", f"write '{meant}' or the symbol {symbol}")
        else:
            hint = Text("请用 ≥ ＞ ＝ ＜ ≤ 或规范的文字写法（如 不少于、以上）", "use ≥ ＞ ＝ ＜ ≤ or a standard word form (不少于, 以上)")
        path = indicator.path + (key,)
        yield Problem(path, name=indicator.name, field=key, value=parse_value(raw).raw, bad=bad, hint=hint)
