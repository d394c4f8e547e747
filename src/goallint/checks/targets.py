"""Target-value checks (GL3xx): each value states a target a reviewer can check — with a
unit, a valid comparator, the same unit as the name, 实施周期 agreeing with 年度."""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from goallint.api import Problem, check
from goallint.model import Indicator
from goallint.values import EMPTY, QUALITATIVE, QUANTITATIVE, RANGE, PREFIX_FORMS, SUFFIX_FORMS, malformed_comparator, parse_value, same_target


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _plain(number: Decimal) -> str:
    return format(number, "f")


# ---------------------------------------------------------------- target-unit-required


@check(scope="indicator", args=("name", "field", "value"))
def check_target_unit_required(indicator: Indicator, ctx):
    for target in indicator.targets:
        if target.value.kind in (QUANTITATIVE, RANGE) and not target.value.unit:
            yield Problem(target.path, name=indicator.name, field=target.key, value=target.value.raw)


# ---------------------------------------------------------------- period-annual-mismatch


@check(
    scope="indicator",
    args=("name", "period", "annual", "term"),
    variants=("term-1", "no-term", "unread-term", "crosses-year"),
    options=("assume_single_year",),
)
def check_period_annual_mismatch(indicator: Indicator, ctx):
    targets = {t.key: t for t in indicator.targets}
    if len(targets) < 2:
        return
    term = indicator.project.period  # 项目期限 as written and derived (model.Term)
    if term.multi_year or term.long_term:
        return  # a project of several years: the annual value is a slice of the period's
    if term.single_year:
        variant, severity = "term-1", None
    elif term.crosses_year:
        variant, severity = "crosses-year", "info"  # 2023.07-2024.01: the period runs past the budget year
    elif not ctx.options["assume_single_year"]:
        return
    else:
        variant, severity = ("unread-term" if term.given else "no-term"), "warning"
    period, annual = targets["实施周期指标值"], targets["年度指标值"]
    if EMPTY in (period.value.kind, annual.value.kind):
        return  # a blank value is target-value-required's; there is nothing to compare
    if same_target(period.raw, annual.raw):
        return
    yield Problem(
        indicator.path + ("年度指标值",),
        variant=variant,
        severity=severity,
        name=indicator.name,
        period=period.value.raw,
        annual=annual.value.raw,
        term=term.text,
    )


# ---------------------------------------------------------------- malformed-comparator


@lru_cache(maxsize=1024)
def _suggest(bad: str) -> str | None:
    """The known word form a malformed comparator was probably meant to be (不少 → 不少于)."""
    forms = list(SUFFIX_FORMS) if bad.endswith(("上", "下", "内")) else [f for f in PREFIX_FORMS if not f.isascii()]
    close = difflib.get_close_matches(bad, forms, n=1, cutoff=0.5)
    return close[0] if close else None


@check(scope="indicator", args=("name", "field", "value", "bad", "meant", "symbol"), variants=("suggest", "no-suggestion"))
def check_malformed_comparator(indicator: Indicator, ctx):
    for target in indicator.targets:
        if target.raw is None:
            continue
        bad = malformed_comparator(target.raw)
        if bad is None:
            continue
        meant = _suggest(bad)
        symbol = (PREFIX_FORMS.get(meant) or SUFFIX_FORMS.get(meant)) if meant else None
        yield Problem(
            indicator.path + (target.key,),
            variant="suggest" if meant and symbol else "no-suggestion",
            name=indicator.name,
            field=target.key,
            value=target.value.raw,
            bad=bad,
            meant=meant,
            symbol=symbol,
        )


# ---------------------------------------------------------------- target-value-required


def _blank(raw) -> bool:
    """None, blank text, a lone 。, or text with no letter or digit at all (``-``, ``/``, ``——``)."""
    if raw is None:
        return True
    if not isinstance(raw, str):
        return False
    return not any(unicodedata.category(c)[0] in "LN" for c in raw)


@check(scope="indicator", args=("name", "field", "written"), variants=("empty", "punctuation"))
def check_target_value_required(indicator: Indicator, ctx):
    for target in indicator.targets:
        raw = target.raw
        if isinstance(raw, dict) and "指标值" not in raw:
            continue  # the schema reports a mapping without 指标值
        inner = raw.get("指标值") if isinstance(raw, dict) else raw
        if not (_blank(inner) or (isinstance(inner, str) and target.value.kind == EMPTY)):
            continue
        shown = inner.strip() if isinstance(inner, str) else ""
        yield Problem(
            target.path,
            variant="punctuation" if shown else "empty",
            part="key" if inner is None else "value",
            name=indicator.name,
            field=target.key,
            written=shown,
        )


# ---------------------------------------------------------------- unit-name-mismatch

_NAME_UNIT = re.compile(r"\(([^()]{1,12})\)[\s。.]*$")
_SEGMENT_SPLIT = re.compile(r"[/、,]")


def _same_unit(unit: str, synonyms: dict) -> str:
    unit = _nfkc(unit).strip()
    if len(unit) > 1 and unit.startswith("个") and unit != "个百分点":
        unit = unit[1:]  # 个月 = 月, 个工作日 = 工作日
    return synonyms.get(unit, unit)


def name_unit(name: str, units: frozenset, synonyms: dict) -> tuple[str, list[str]] | None:
    """The unit a name ends with in brackets: ``带动就业人数（人次）`` → ``('人次', ['人次'])``.

    Alternatives separated by / or 、 (``（台/件/辆/套）``) each count; every one must be a known
    unit of 1–4 characters, otherwise the bracket is an explanation, not a unit (None).
    """
    m = _NAME_UNIT.search(_nfkc(name).strip())
    if not m:
        return None
    content = m.group(1).strip()
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(content)]
    if not segments or any(not 1 <= len(s) <= 4 for s in segments):
        return None
    if not all(s in units or s in synonyms for s in segments):
        return None
    return content, segments


@check(scope="indicator", args=("name", "name_unit", "field", "value", "unit"))
def check_unit_name_mismatch(indicator: Indicator, ctx):
    synonyms = ctx.vocab("unit-synonyms")
    found = name_unit(indicator.name, ctx.vocab("units"), synonyms)
    if found is None:
        return
    content, segments = found
    allowed = {_same_unit(content, synonyms)} | {_same_unit(s, synonyms) for s in segments}
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit:
            continue  # no unit at all: target-unit-required
        if _same_unit(value.unit, synonyms) in allowed:
            continue
        yield Problem(target.unit_path, name=indicator.name, name_unit=content, field=target.key, value=value.raw, unit=value.unit)


# ---------------------------------------------------------------- satisfaction-not-quantified

_QUANTIFIED_WORDS = re.compile(r"百分之|[一二三四五六七八九十]成")


@check(scope="indicator", args=("name", "field", "value"))
def check_satisfaction_not_quantified(indicator: Indicator, ctx):
    if indicator.level1 != "满意度指标":
        return
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE:
            continue  # quantitative (≥90%, ≥90), ranges, dates and empty values are other rules' business
        text = _nfkc(target.value.raw)
        if any(c.isdigit() for c in text) or _QUANTIFIED_WORDS.search(text):
            continue  # a sentence that states a figure (满意度达到90%以上) is quantified
        yield Problem(target.path, name=indicator.name, field=target.key, value=target.value.raw)


# ---------------------------------------------------------------- count-not-integer

_AVERAGE = re.compile(r"均|每")


@check(scope="indicator", args=("name", "field", "value", "unit", "number"))
def check_count_not_integer(indicator: Indicator, ctx):
    if _AVERAGE.search(_nfkc(indicator.name)):
        return  # 人均培训次数 2.5次 is an average, not a count
    counts = ctx.vocab("count-units")
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or value.unit not in counts:
            continue
        for number in (value.number, value.upper):
            if number is not None and number != number.to_integral_value():
                yield Problem(target.path, name=indicator.name, field=target.key, value=value.raw, unit=value.unit, number=_plain(number))
                break


# ---------------------------------------------------------------- for packs: a floor on a kind of target


@check(scope="indicator", args=("name", "field", "value", "minimum", "unit"), options=("level1", "name_contains", "minimum", "unit"))
def check_target_minimum(indicator: Indicator, ctx):
    """A building block for packs: quantitative targets of one 一级指标 (and, optionally, whose
    name contains a word) in ``unit`` aim at least at ``minimum`` (a city's "满意度 ≥ 90%")."""
    opts = ctx.options
    if opts["level1"] and indicator.level1 != opts["level1"]:
        return
    if opts["name_contains"] and opts["name_contains"] not in _nfkc(indicator.name):
        return
    for target in indicator.targets:
        value = target.value
        if value.kind != QUANTITATIVE or value.unit != opts["unit"] or value.comparator in ("≤", "＜"):
            continue
        if value.number < opts["minimum"]:
            yield Problem(target.path, name=indicator.name, field=target.key, value=value.raw, minimum=_plain(Decimal(opts["minimum"])), unit=opts["unit"])
