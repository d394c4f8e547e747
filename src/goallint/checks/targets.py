"""Target-value checks (GL3xx): each value states a target a reviewer can check — with a
unit, a valid comparator, the same unit as the name, 实施周期 agreeing with 年度."""

from __future__ import annotations

import difflib
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from goallint.api import Edit, Problem, check, fixer
from goallint.checks import memo
from goallint.model import Indicator
from goallint.values import (
    EMPTY, QUALITATIVE, QUANTITATIVE, RANGE, PREFIX_FORMS, SUFFIX_FORMS, declared_unit_conflict, malformed_comparator, parse_value, same_target,
)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _plain(number: Decimal) -> str:
    return format(number, "f")


# ---------------------------------------------------------------- target-unit-required


@check(scope="indicator", args=("indicator", "field", "value"))
def check_target_unit_required(indicator: Indicator, ctx):
    for target in indicator.targets:
        if target.value.kind in (QUANTITATIVE, RANGE) and not target.value.unit:
            yield Problem(target.path, indicator=indicator.label, field=target.key, value=target.value.raw)


# ---------------------------------------------------------------- period-annual-mismatch


@check(
    scope="indicator",
    args=("indicator", "period", "annual", "term"),
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
        indicator=indicator.label,
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


@check(scope="indicator", args=("indicator", "field", "value", "bad", "meant", "symbol"), variants=("suggest", "no-suggestion"))
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
            indicator=indicator.label,
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


@check(scope="indicator", args=("indicator", "field", "written"), variants=("empty", "punctuation"))
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
            indicator=indicator.label,
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


@check(scope="indicator", args=("indicator", "field", "value"))
def check_satisfaction_not_quantified(indicator: Indicator, ctx):
    if indicator.level1 != "满意度指标":
        return
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE:
            continue  # quantitative (≥90%, ≥90), ranges, dates and empty values are other rules' business
        text = _nfkc(target.value.raw)
        if any(c.isdigit() for c in text) or _QUANTIFIED_WORDS.search(text):
            continue  # a sentence that states a figure (满意度达到90%以上) is quantified
        yield Problem(target.path, indicator=indicator.label, field=target.key, value=target.value.raw)


# ---------------------------------------------------------------- count-not-integer

_AVERAGE = re.compile(r"均|每")


@check(scope="indicator", args=("indicator", "field", "value", "unit", "number"))
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
                yield Problem(target.path, indicator=indicator.label, field=target.key, value=value.raw, unit=value.unit, number=_plain(number))
                break


# ==== RULES.md §2.3 (V) rules ====
# period-annual-inconsistent (V03), comparator-missing (V07), percent-out-of-range (V09),
# timeliness-not-measurable (V10), vague-target (V11), value-not-metric (V12), comparator-direction (V13),
# zero-target (V15), tiny-target-large-budget (V17), value-style (V18).
#
# One finding for a pair that fails together: where the 实施周期 and 年度 values are the same text (after
# normalize_text, so a trailing 。 does not count) and fail a rule the same way, the rule reports one finding
# whose span covers both values, with the "-pair" variant of its message.  Where two rules would report the
# same value, the more specific one does and the other stays silent: timeliness-not-measurable, then
# vague-target, then value-not-metric (and satisfaction-not-quantified for 满意度 words).

from goallint.document import Span as _Span  # noqa: E402
from goallint.values import DATE as _DATE, normalize_text as _normalize_text, time_expression as _time_expression  # noqa: E402

_UP, _DOWN = ("≥", "＞"), ("≤", "＜")
_STOP_CHARS = "。．"


def _pairs(*variants: str) -> tuple:
    """Each message variant and its ``-pair`` twin (one finding for both values)."""
    return tuple(variants) + tuple(f"{v}-pair" for v in variants)


def _core(text: str) -> str:
    """A value as quoted for a pair: trimmed, without its trailing 。."""
    s = text.strip()
    while s and s[-1] in _STOP_CHARS:
        s = s[:-1].rstrip()
    return s


def _pair_span(ctx, first: tuple, second: tuple) -> _Span:
    """The span from the first of the two values to the end of the other (in file order)."""
    a, b = sorted((ctx.document.locate(first), ctx.document.locate(second)), key=lambda s: (s.line, s.column))
    return _Span(a.line, a.column, b.end_line, b.end_column)


def _report(indicator: Indicator, ctx, judged: list):
    """Problems for the values that fail: ``judged`` holds ``(target, variant, args, severity)``.
    Both values failing the same way with the same text give one problem (``variant-pair``)."""
    label = indicator.label
    if len(judged) == 2:
        (a, va, args_a, sev), (b, vb, _, _) = judged
        if va == vb and _normalize_text(a.value.raw) == _normalize_text(b.value.raw):
            yield Problem(a.path, variant=f"{va}-pair", severity=sev, span=_pair_span(ctx, a.path, b.path), indicator=label, value=_core(a.value.raw), **args_a)
            return
    for target, variant, args, sev in judged:
        yield Problem(target.path, variant=variant, severity=sev, indicator=label, field=target.key, value=target.value.raw, **args)


def _text(target) -> str:
    """The value's NFKC working text: trimmed, one trailing 。 dropped."""
    s = _nfkc(target.value.raw).strip()
    return s[:-1].rstrip() if s and s[-1] in "。." else s


def _figure(value) -> str:
    return _plain(value.number) + (value.unit or "")


# ---------------------------------------------------------------- indicator direction (vocab indicator-direction)

_NAME_TAIL_BRACKETS = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
# What may follow a direction word at the end of a name: 事故发生率, 投诉数, 超支额, 安全事故起数.
_DIRECTION_SUFFIX = re.compile(r"(?:率|数|量|额|金额|总额|总量|次数|起数|件数|人数|例数|数量|总数|值)?")


def _name_core(name: str) -> str:
    s = _nfkc(name).strip().rstrip("。.")
    while True:
        t = _NAME_TAIL_BRACKETS.sub("", s).strip()
        if t == s:
            return s
        s = t


def _direction(name: str, ctx) -> tuple[str, str] | None:
    """``(direction, word)`` of an indicator from its name: the vocabulary word that ends the name
    (allowing a short suffix such as 率, 数, 额) and ends last; None when no word decides."""
    return memo(ctx.vocab("indicator-direction"), name, _find_direction)


def _find_direction(name: str, vocab: dict) -> tuple[str, str] | None:
    core = _name_core(name)
    best = None
    for word, direction in vocab.items():
        start = core.rfind(word)
        while start >= 0:
            end = start + len(word)
            if _DIRECTION_SUFFIX.fullmatch(core, end):
                key = (end, len(word))
                if best is None or key > best[0]:
                    best = (key, direction, word)
                break
            start = core.rfind(word, 0, start + len(word) - 1)
    return (best[1], best[2]) if best else None


def _indicator_direction(indicator: Indicator, ctx) -> tuple[str, str] | None:
    """The direction from the name; a name that decides nothing under 成本指标 is a cost: reverse."""
    found = _direction(indicator.name, ctx)
    if found is None and "成本指标" in (indicator.level1, indicator.level2):
        return "reverse", "成本"
    return found


# ---------------------------------------------------------------- shared verdicts (who reports what)

_FIGURE = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(?:%|[\u4e00-\u9fff])")
_CHECKABLE = re.compile(
    r"无[^，。；,;]{0,12}?(?:事件|事故|案件|问题|差错|投诉|失误|违纪|违规|违法|隐患|纠纷|损失)"
    r"|不发生|零(?:事故|投诉|差错|发生|伤亡)|通过验收|验收合格|(?:符合|按照|依照|执行|达到)[^，。；]{0,6}《"
)
_ELSEWHERE = re.compile(r"计划|规定|合同|约定|批复|方案|协议|工期|进度|时间节点")
_NUMBER_AFTER = re.compile(r"\s*[0-9]")
_NUMBER_BEFORE = re.compile(r"[0-9%]\s*[\u4e00-\u9fff]{0,3}$")


def _words_only_satisfaction(indicator: Indicator, target) -> bool:
    """satisfaction-not-quantified's values (words, no figure, under 满意度指标)."""
    return indicator.level1 == "满意度指标" and target.value.kind == QUALITATIVE and not any(c.isdigit() for c in _text(target))


def _timeliness_verdict(indicator: Indicator, target) -> tuple[str, dict] | None:
    """What timeliness-not-measurable says about a 时效指标 value: ``(variant, args)`` or None."""
    if indicator.level2 != "时效指标":
        return None
    value = target.value
    if value.kind in (EMPTY, _DATE) or _time_expression(value.raw):
        return None
    if value.kind in (QUANTITATIVE, RANGE):
        if not value.unit or value.unit == "%":
            return None  # no unit: target-unit-required; a % is a 及时率
        return "not-time-unit", {"unit": value.unit}
    text = _text(target)
    if "%" in text and any(c.isdigit() for c in text):
        return None  # a rate stated in a sentence (及时率100%): value-not-metric may have a word on it
    if _ELSEWHERE.search(text):
        return "elsewhere", {}
    return "no-time", {}


def _vague_word(text: str, ctx) -> tuple[str, str] | None:
    """``(word, kind)`` of the vague word vague-target reports in a qualitative text, else None."""
    return memo(ctx.vocab("vague-words"), text, _find_vague_word)


def _find_vague_word(text: str, vocab: dict) -> tuple[str, str] | None:
    found = []
    for word, kind in vocab.items():
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if kind == "hedge-before-number":
                ok = bool(_NUMBER_AFTER.match(text, end))
            elif kind == "hedge-after-number":
                ok = bool(_NUMBER_BEFORE.search(text[:start]))
            else:
                ok = True
            if ok:
                found.append(("trend" if kind == "trend" else "hedge", word, start))
                break
            start = text.find(word, start + 1)
    hedges = [f for f in found if f[0] == "hedge"]
    if hedges:
        kind, word, _ = max(hedges, key=lambda f: (len(f[1]), -f[2]))
        return word, kind
    if not found or _FIGURE.search(text) or _CHECKABLE.search(text):
        return None  # 提高到95% states a figure; 无重大…事件 is a checkable state
    kind, word, _ = max(found, key=lambda f: (len(f[1]), -f[2]))
    return word, kind


def _vague_verdict(indicator: Indicator, target, ctx) -> tuple[str, str] | None:
    """What vague-target says about a value: ``(word, kind)`` or None (satisfaction-not-quantified and
    timeliness-not-measurable report their values themselves)."""
    if target.value.kind != QUALITATIVE or _words_only_satisfaction(indicator, target) or _timeliness_verdict(indicator, target):
        return None
    return _vague_word(_text(target), ctx)


# ---------------------------------------------------------------- comparator-missing (V07)


@check(scope="indicator", args=("indicator", "field", "value", "figure"), variants=_pairs("at-least", "at-most", "exact", "any"))
def check_comparator_missing(indicator: Indicator, ctx):
    direction = _indicator_direction(indicator, ctx)
    judged = []
    for target in indicator.targets:
        value = target.value
        if value.kind != QUANTITATIVE or value.comparator is not None or value.number == 0 or not value.unit:
            continue  # 0 cannot be undercut (a 0 on a forward indicator is zero-target's); no unit: target-unit-required
        if value.unit == "%" and value.number > 100:
            continue  # percent-out-of-range
        if value.unit == "%" and value.number == 100:
            variant = "exact"
        elif direction and direction[0] == "forward":
            variant = "at-least"
        elif direction and direction[0] == "reverse":
            variant = "at-most"
        else:
            variant = "any"
        judged.append((target, variant, {"figure": _figure(value)}, None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- percent-out-of-range (V09)

_NEGATIVE_PERCENT = re.compile(r"(?:>=|<=|[≥≤<>=≧≦])?\s*[-−]\s*([0-9]+(?:\.[0-9]+)?)\s*(?:%|百分比)")


@check(scope="indicator", args=("indicator", "field", "value"), variants=_pairs("over", "above-100", "at-least-100", "negative"), options=("change_words",))
def check_percent_out_of_range(indicator: Indicator, ctx):
    name = _nfkc(indicator.name)
    change = any(w in name for w in ctx.options["change_words"])
    judged = []
    for target in indicator.targets:
        value = target.value
        if value.kind == QUALITATIVE:
            if not change and _NEGATIVE_PERCENT.fullmatch(_text(target)):
                judged.append((target, "negative", {}, "warning"))
            continue
        if value.kind not in (QUANTITATIVE, RANGE) or value.unit != "%" or change:
            continue
        top = value.upper if value.kind == RANGE else value.number
        if top > 100 and value.comparator not in _DOWN:
            judged.append((target, "over", {}, None))
        elif value.number == 100 and value.comparator == "＞":
            judged.append((target, "above-100", {}, None))
        elif value.number == 100 and value.comparator == "≥":
            judged.append((target, "at-least-100", {}, "info"))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- timeliness-not-measurable (V10)


@check(scope="indicator", args=("indicator", "field", "value", "unit"), variants=_pairs("no-time", "elsewhere", "not-time-unit"))
def check_timeliness_not_measurable(indicator: Indicator, ctx):
    judged = []
    for target in indicator.targets:
        verdict = _timeliness_verdict(indicator, target)
        if verdict:
            variant, args = verdict
            judged.append((target, variant, args, "info" if variant == "elsewhere" else None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- vague-target (V11)


@check(scope="indicator", args=("indicator", "field", "value", "word"), variants=_pairs("whole", "trend", "hedge"))
def check_vague_target(indicator: Indicator, ctx):
    judged = []
    for target in indicator.targets:
        found = _vague_verdict(indicator, target, ctx)
        if found:
            word, kind = found
            if kind == "trend" and word == _text(target):
                kind = "whole"  # 逐年提升 is the whole value: no need to quote it twice
            judged.append((target, kind, {"word": word}, None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- value-not-metric (V12)

_CJK = "\u4e00-\u9fff"
_BRACKETED = re.compile(r"\([^()]*\)")
_NAME_RATE = re.compile(rf"([{_CJK}]{{0,4}}([{_CJK}]{{2}}))(率|性|度)")
_NAME_COUNT = re.compile(rf"([{_CJK}]{{0,4}}([{_CJK}]))数(?![量据字额])")
_STATED = r"(?:达到|达|为|不低于|不少于|保持在|保持|在)?\s*(?:>=|<=|[≥≤<>=≧≦]|[0-9])"
_VALUE_RATE = re.compile(rf"([{_CJK}]{{0,4}}([{_CJK}]{{2}}))(率|性|度)(?={_STATED})")
_VALUE_COUNT = re.compile(rf"([{_CJK}]{{0,4}}([{_CJK}]))数(?={_STATED})")
_NOUN_AFTER_VERB = re.compile(r"率|数|量|次数|情况|进度|时间|时限|比例|金额|工作量")
_LEADING_MARKS = "“”\"'‘’「」『』《》()[]【】 "


def _metrics(text: str, rate: re.Pattern, count: re.Pattern) -> list[tuple[str, str, str, str, int]]:
    """``(group, stem, metric, phrase, end)`` for every X率/X性/X度 (group "rate") and X数 (group "count"):
    ``网格事件办结率`` gives ``("rate", "办结", "办结率", "网格事件办结", …)``."""
    out = []
    for m in rate.finditer(text):
        out.append(("rate", m.group(2), m.group(0)[-3:], m.group(1), m.end()))
    for m in count.finditer(text):
        out.append(("count", m.group(2), m.group(0)[-2:], m.group(1), m.end()))
    return out


_GENERIC_RATE_STEMS = frozenset({"完成"})  # 归档率 stated as 完成率100% is the same rate in other words


def _same_metric(a: tuple, b: tuple) -> bool:
    group_a, stem_a, _, phrase_a, _ = a
    group_b, stem_b, _, phrase_b, _ = b
    if group_a == group_b == "rate" and (stem_a in _GENERIC_RATE_STEMS or stem_b in _GENERIC_RATE_STEMS):
        return True
    return group_a == group_b and (stem_a == stem_b or stem_a in phrase_b or stem_b in phrase_a)


def _figure_in(text: str, ctx) -> str | None:
    units = ctx.vocab("units") | ctx.vocab("count-units")
    for m in re.finditer(r"([0-9]+(?:\.[0-9]+)?)\s*", text):
        rest = text[m.end():]
        if rest.startswith("%"):
            return m.group(1) + "%"
        for n in (3, 2, 1):
            unit = rest[:n]
            if len(unit) == n and unit in units and not (len(m.group(1)) == 4 and unit.startswith("年")):
                return m.group(1) + unit
    return None


@check(scope="indicator", args=("indicator", "field", "value", "name_metric", "value_metric", "verb", "figure"), variants=_pairs("other-metric", "verb", "verb-figure"))
def check_value_not_metric(indicator: Indicator, ctx):
    name = _BRACKETED.sub("", _name_core(indicator.name))
    name_metrics = _metrics(name, _NAME_RATE, _NAME_COUNT)
    name_metric = max(name_metrics, key=lambda m: m[4]) if name_metrics else None  # the one the name ends with
    verbs = ctx.vocab("action-verbs")
    judged = []
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE:
            continue
        text = _text(target)
        stated = _metrics(text, _VALUE_RATE, _VALUE_COUNT)
        if name_metric and stated and not any(_same_metric(n, m) for n in name_metrics for m in stated):
            judged.append((target, "other-metric", {"name_metric": name_metric[2], "value_metric": stated[0][2]}, None))
            continue
        if _words_only_satisfaction(indicator, target) or _timeliness_verdict(indicator, target) or _vague_verdict(indicator, target, ctx):
            continue  # satisfaction-not-quantified, timeliness-not-measurable or vague-target say it better
        if _CHECKABLE.search(text):
            continue
        head = text.lstrip(_LEADING_MARKS)
        verb = next((v for v in sorted(verbs, key=len, reverse=True) if head.startswith(v)), None)
        if verb is None or head == verb or _NOUN_AFTER_VERB.match(head, len(verb)):
            continue  # 完成率100% names a metric; a bare 完成 answers yes/no, it describes no work
        figure = _figure_in(head, ctx)
        if figure:
            judged.append((target, "verb-figure", {"verb": verb, "figure": figure}, None))
        else:
            judged.append((target, "verb", {"verb": verb}, None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- comparator-direction (V13)


@check(scope="indicator", args=("indicator", "field", "value", "word", "comparator"), variants=_pairs("reverse-floor", "forward-ceiling"))
def check_comparator_direction(indicator: Indicator, ctx):
    direction = _indicator_direction(indicator, ctx)
    if direction is None or direction[0] not in ("forward", "reverse"):
        return
    kind, word = direction
    rate = _name_core(indicator.name).endswith(("率", "度", "性"))
    judged = []
    for target in indicator.targets:
        value = target.value
        if value.kind != QUANTITATIVE or value.comparator is None:
            continue
        if rate and value.unit != "%":
            continue  # a rate given in days or counts (检测及时率 ≤7工作日) has a wrong unit, not a wrong comparator
        if kind == "reverse" and value.comparator in _UP:
            judged.append((target, "reverse-floor", {"word": word, "comparator": value.comparator}, None))
        elif kind == "forward" and value.comparator in _DOWN:
            judged.append((target, "forward-ceiling", {"word": word, "comparator": value.comparator}, None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- zero-target (V15)


@check(scope="indicator", args=("indicator", "field", "value", "word"), variants=_pairs("at-least-zero", "zero-forward"))
def check_zero_target(indicator: Indicator, ctx):
    direction = _indicator_direction(indicator, ctx)
    judged = []
    for target in indicator.targets:
        value = target.value
        if value.kind != QUANTITATIVE or value.number != 0:
            continue
        if value.comparator == "≥":
            judged.append((target, "at-least-zero", {}, None))
        elif value.comparator in (None, "＝") and direction and direction[0] == "forward":
            judged.append((target, "zero-forward", {"word": direction[1]}, None))
    yield from _report(indicator, ctx, judged)


# ---------------------------------------------------------------- tiny-target-large-budget (V17)


def _budget_wan(project) -> Decimal | None:
    """The project's 总计 in 万元 (None when the table's 金额单位 or the amount is unknown)."""
    total = project.amount.total if project.amount is not None else None
    unit = project.unit.table.data.get("金额单位")
    if total is None or unit not in ("万元", "元"):
        return None
    return total if unit == "万元" else total / Decimal(10000)


@check(scope="indicator", args=("indicator", "field", "value", "budget", "money_unit"), variants=_pairs("tiny"), options=("min_budget", "max_count", "units"))
def check_tiny_target_large_budget(indicator: Indicator, ctx):
    opts = ctx.options
    project = indicator.project
    budget = _budget_wan(project)
    if budget is None or budget < Decimal(str(opts["min_budget"])):
        return
    direction = _indicator_direction(indicator, ctx)
    if direction and direction[0] == "reverse":
        return  # 事故 1起 is a ceiling, not an output
    limit = Decimal(str(opts["max_count"]))
    units = set(opts["units"])

    def tiny(value) -> bool:
        return value.kind == QUANTITATIVE and value.unit in units and 0 < value.number <= limit and value.comparator not in _DOWN

    judged = [(t, "tiny", {}, None) for t in indicator.targets if tiny(t.value)]
    if not judged:
        return
    for other in project.indicators:
        if other is indicator or other.level2 != "数量指标":
            continue
        if any(t.value.kind in (QUANTITATIVE, RANGE) and t.value.number is not None and not tiny(t.value) and (t.value.upper or t.value.number) > limit for t in other.targets):
            return  # the project states a larger output elsewhere
    args = {"budget": _plain(project.amount.total), "money_unit": project.unit.table.data.get("金额单位")}
    yield from _report(indicator, ctx, [(t, v, args, s) for t, v, _, s in judged])


# ---------------------------------------------------------------- value-style (V18)


def _ends_with_stop(target) -> bool:
    last = target.value.raw.strip()[-1:]
    return bool(last) and last in _STOP_CHARS and bool(_core(target.value.raw))  # a lone 。 is target-value-required's


def _repeats_name(indicator: Indicator, target) -> tuple[str, dict] | None:
    name = _normalize_text(_name_core(indicator.name))
    text = _normalize_text(target.value.raw)
    if not name or target.value.kind != QUALITATIVE:
        return None
    if text == name:
        return "same-as-name", {}
    if text.startswith(name):
        rest = text[len(name):].strip()
        if parse_value(rest).kind in (QUANTITATIVE, RANGE):
            return "name-and-figure", {"rest": rest}
    return None


@check(scope="table", args=("indicator", "field", "value", "count", "rest"), variants=("period", "period-pair", "period-all") + _pairs("same-as-name", "name-and-figure"), options=("trailing_period",))
def check_value_style(table, ctx):
    mode = ctx.options["trailing_period"]
    stops = [(i, [t for t in i.targets if _ends_with_stop(t)]) for i in table.indicators]
    stops = [(i, ts) for i, ts in stops if ts]
    total = sum(len(ts) for _, ts in stops)
    problems = []
    if mode == "each" or (mode == "once" and len(stops) == 1):
        for indicator, targets in stops:
            problems.extend(_report(indicator, ctx, [(t, "period", {}, None) for t in targets]))
    elif mode == "once" and stops:
        indicator, targets = stops[0]
        t = targets[0]
        every = [s.path for _, ts in stops for s in ts]
        problems.append(Problem(t.path, variant="period-all", subjects=every, indicator=indicator.label, field=t.key, value=t.value.raw, count=total))
    for indicator in table.indicators:
        judged = []
        for target in indicator.targets:
            found = _repeats_name(indicator, target)
            if found:
                judged.append((target, found[0], found[1], None))
        problems.extend(_report(indicator, ctx, judged))
    yield from problems


# ---------------------------------------------------------------- period-annual-inconsistent (V03)

_NOT_CUMULATIVE_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "分", "倍", "级", "星", "天", "日", "工作日", "个工作日", "自然日", "小时", "个小时", "分钟", "周", "月", "个月", "季度", "个季度", "年"})
_NOT_CUMULATIVE_NAME = re.compile(r"率|比例|占比|均|每|指数|系数|满意|时限|时长|周期")


@check(scope="indicator", args=("indicator", "period", "annual", "period_unit", "annual_unit", "term"), variants=("direction", "unit", "exceeds"))
def check_period_annual_inconsistent(indicator: Indicator, ctx):
    term = indicator.project.term
    if term is None or term <= 1:
        return  # single-year and unknown terms: period-annual-mismatch
    targets = {t.key: t for t in indicator.targets}
    if len(targets) < 2:
        return
    p, a = targets["实施周期指标值"], targets["年度指标值"]
    pv, av = p.value, a.value
    if pv.kind not in (QUANTITATIVE, RANGE) or av.kind not in (QUANTITATIVE, RANGE):
        return
    args = {"indicator": indicator.label, "period": pv.raw, "annual": av.raw, "term": term}
    if (pv.comparator in _UP and av.comparator in _DOWN) or (pv.comparator in _DOWN and av.comparator in _UP):
        yield Problem(a.path, variant="direction", **args)
        return
    if not pv.unit or not av.unit:
        return  # target-unit-required
    synonyms = ctx.vocab("unit-synonyms")
    if _same_unit(pv.unit, synonyms) != _same_unit(av.unit, synonyms):
        yield Problem(a.unit_path, variant="unit", period_unit=pv.unit, annual_unit=av.unit, **args)
        return
    cumulative = (
        indicator.level2 == "数量指标"
        and pv.unit not in _NOT_CUMULATIVE_UNITS
        and "/" not in pv.unit
        and not _NOT_CUMULATIVE_NAME.search(_nfkc(indicator.name))
    )
    if cumulative and pv.comparator not in _DOWN and av.comparator not in _DOWN and av.number > (pv.upper or pv.number):
        yield Problem(a.path, variant="exceeds", **args)


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


# ==== Rules from real tables ====
# Problems that published tables of other provinces showed beyond RULES.md §2 (issue 10, item 2),
# and cost-exceeds-budget (RULES.md V14): values that are no target (a bare unit, 否, 优良, 高中低,
# 长期), a rate given in days or a count, a count given as a percentage, a count capped with ≤,
# a unit written wrong (250万, 80M), a 成本 target above or equal to the budget, and a multi-year
# project whose 实施周期 values copy the 年度 values although the money differs.

from goallint.api import Text  # noqa: E402  (imports kept with the section that uses them)
from goallint.model import Project, money_row  # noqa: E402
from goallint.values import normalize_text  # noqa: E402

_RATIO_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍", "成"})
_TIME_UNITS = frozenset({"天", "日", "工作日", "个工作日", "自然日", "小时", "个小时", "分钟", "秒", "周", "个周", "星期", "月", "个月", "年", "季度", "个季度", "h", "min"})
_MONEY_FACTORS = {
    "元": Decimal(1), "百元": Decimal(100), "千元": Decimal(1000), "万元": Decimal(10000), "十万元": Decimal(100000),
    "百万元": Decimal(1000000), "千万元": Decimal(10000000), "亿元": Decimal(100000000),
}
_MAGNITUDES = ("百万", "千万", "十万", "万", "亿", "千", "百")
_COMPARATOR_ONLY = re.compile(r"^(?:>=|<=|[≥≤≧≦⩾⩽<>=])+")


@lru_cache(maxsize=8192)
def _word_core(text: str) -> str:
    """A value as compared with word lists: NFKC, no spaces, one trailing 。/. dropped."""
    s = "".join(_nfkc(text).split())
    return s[:-1] if s and s[-1] in "。." else s


@lru_cache(maxsize=8192)
def _bare_name(name: str) -> str:
    """The indicator name without spaces and without a bracket at its end (``合格率（%）`` → ``合格率``)."""
    s = "".join(_nfkc(name).split())
    return _NAME_UNIT.sub("", s) if _NAME_UNIT.search(s) else s


def _shown(raw: str) -> str:
    """A value as a message quotes it after 只写了: trimmed, without its trailing 。."""
    s = raw.strip()
    return s[:-1].rstrip() if s and _nfkc(s[-1]) in "。." else s


def _names_unit(indicator: Indicator, ctx) -> bool:
    """True when the name ends with a unit in brackets, which unit-name-mismatch compares with the value."""
    return name_unit(indicator.name, ctx.vocab("units"), ctx.vocab("unit-synonyms")) is not None


def _amount_text(amount: Decimal, table_unit: str) -> str:
    return f"{_plain(amount)}{table_unit}"


# ---------------------------------------------------------------- target-value-unfilled


def _bare_unit(text: str, units: frozenset) -> bool:
    """``公里``, ``万亩``, ``万人``: a known unit, perhaps with a magnitude in front, and nothing else."""
    if not text or any(c.isdigit() for c in text):
        return False
    if text in units:
        return True
    for magnitude in _MAGNITUDES:
        if text.startswith(magnitude) and text[len(magnitude):] in units:
            return True
    return False


_COMPARATOR_WORDS = sorted((f for f in PREFIX_FORMS if not f.isascii() and len(f) > 1), key=len, reverse=True)


@check(scope="indicator", args=("indicator", "field", "value", "unit", "comparator"), variants=("unit", "comparator-unit", "comparator"))
def check_target_value_unfilled(indicator: Indicator, ctx):
    units = memo(ctx.vocabularies, "unfilled-units", lambda _, v: v["units"] | v["count-units"] | frozenset(v["unit-synonyms"]))
    comparator_words = _COMPARATOR_WORDS
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE or _blank(target.value.raw):
            continue  # empty and punctuation-only values (≧ %) are target-value-required's
        text = _word_core(target.value.raw)
        m = _COMPARATOR_ONLY.match(text)
        comparator = m.group(0) if m else next((w for w in comparator_words if text.startswith(w)), "")
        rest = text[len(comparator):]
        for suffix in sorted(SUFFIX_FORMS, key=len, reverse=True):
            if rest.endswith(suffix) and _bare_unit(rest[: -len(suffix)], units):
                rest = rest[: -len(suffix)]
                break
        if rest and not _bare_unit(rest, units):
            continue
        if not rest and not comparator:
            continue
        variant = "comparator" if not rest else "comparator-unit" if comparator else "unit"
        yield Problem(
            target.path,
            variant=variant,
            indicator=indicator.label,
            field=target.key,
            value=_shown(target.value.raw),
            unit=rest,
            comparator=comparator,
        )


# ---------------------------------------------------------------- target-placeholder

_PLACEHOLDER_KINDS = ("yes-no", "grade", "scale", "term")
_SCALE_HIGH, _SCALE_LOW, _SCALE_ALL = set("优高好"), set("差低"), set("优良中差高低好较一般")
_SCALE_SEPARATORS = re.compile(r"[/、,，|;；\s]")


def _grade_scale(text: str) -> bool:
    """``高中低``, ``优/良/中/差``, ``好中差``: the grades to choose from, not a chosen one."""
    letters = _SCALE_SEPARATORS.sub("", text)
    return len(letters) >= 3 and set(letters) <= _SCALE_ALL and bool(set(letters) & _SCALE_HIGH) and bool(set(letters) & _SCALE_LOW)


@check(
    scope="indicator",
    args=("indicator", "field", "value"),
    variants=("yes-no", "grade", "scale", "term", "term-sustainability", "other"),
)
def check_target_placeholder(indicator: Indicator, ctx):
    if indicator.level1 == "满意度指标" or indicator.level2 == "时效指标":
        return  # satisfaction-not-quantified and timeliness-not-measurable judge these values
    words = {_word_core(word): kind for word, kind in ctx.vocab("placeholder-values").items()}
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE:
            continue
        text = _word_core(target.value.raw)
        kind = words.get(text) or ("scale" if _grade_scale(text) else None)
        if kind is None or kind == "accepted":
            continue  # a pack may accept a word of the built-in list (长期: accepted)
        if kind not in _PLACEHOLDER_KINDS:
            kind = "other"  # a pack's own kind of word
        elif kind == "term" and indicator.level2 == "可持续影响":
            kind = "term-sustainability"
        yield Problem(target.path, variant=kind, indicator=indicator.label, field=target.key, value=_shown(target.value.raw))


# ---------------------------------------------------------------- rate-value-not-ratio

_RATE_NAME = re.compile(r"(?:率|比例|占比)$")
_TIMELY_RATE = re.compile(r"(?:及时率|按时率|准时率|按期率|率)$")


def _ratio_unit(unit: str) -> bool:
    return unit in _RATIO_UNITS or "/" in unit  # 2批次/千人 is a ratio too


@check(scope="indicator", args=("indicator", "field", "value", "unit", "renamed"), variants=("time", "money", "other"), options=("exempt_names",))
def check_rate_value_not_ratio(indicator: Indicator, ctx):
    name = _bare_name(indicator.name)
    if not _RATE_NAME.search(name) or any(name.endswith(e) for e in ctx.options["exempt_names"]):
        return
    if _names_unit(indicator, ctx):
        return  # 办结率（%） with ≥30件: unit-name-mismatch reports it
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit or _ratio_unit(value.unit):
            continue  # no unit at all: target-unit-required
        time = value.unit in _TIME_UNITS
        yield Problem(
            target.unit_path,
            variant="time" if time else "money" if value.unit in _MONEY_FACTORS else "other",
            indicator=indicator.label,
            field=target.key,
            value=value.raw.strip(),
            unit=value.unit,
            renamed=_TIMELY_RATE.sub("", name) + "时限" if time else "",
        )


# ---------------------------------------------------------------- count-value-is-percent

_COUNT_NAME = re.compile(r"(?:数|数量|人次|户次|场次|批次|车次)$")
_NOT_COUNT_NAME = re.compile(r"(?:指数|系数|倍数|分数|得分|评分|参数|基数|函数|级数|度数|岁数|年数|天数|日数|月数|时数|周数|小时数)$")


@check(scope="indicator", args=("indicator", "field", "value"))
def check_count_value_is_percent(indicator: Indicator, ctx):
    name = _bare_name(indicator.name)
    if not _COUNT_NAME.search(name) or _NOT_COUNT_NAME.search(name) or _RATE_NAME.search(name):
        return
    if "比" in name or "率" in name:
        return  # 占比人数, 达标率人数: the name itself mixes a share in
    if _names_unit(indicator, ctx):
        return  # 受助学生数（人） with 100%: unit-name-mismatch reports it
    for target in indicator.targets:
        value = target.value
        if value.kind in (QUANTITATIVE, RANGE) and value.unit == "%":
            yield Problem(target.unit_path, indicator=indicator.label, field=target.key, value=value.raw.strip())


# ---------------------------------------------------------------- quantity-upper-bound


@check(scope="indicator", args=("indicator", "field", "value", "comparator", "suggested"))
def check_quantity_upper_bound(indicator: Indicator, ctx):
    name = _bare_name(indicator.name)
    if not name or _RATE_NAME.search(name) or any(word in name for word in ctx.vocab("capped-quantity-words")):
        return
    counts = ctx.vocab("count-units")
    for target in indicator.targets:
        value = target.value
        if value.kind != QUANTITATIVE or value.comparator not in ("≤", "＜") or not value.unit:
            continue
        if value.comparator_text and "控制在" in value.comparator_text:
            continue  # 控制在…以内 states a limit on purpose
        if value.unit not in counts and not (
            indicator.level2 == "数量指标"
            and not _ratio_unit(value.unit)
            and value.unit not in _TIME_UNITS
            and value.unit not in _MONEY_FACTORS
        ):
            continue
        yield Problem(
            target.path,
            indicator=indicator.label,
            field=target.key,
            value=value.raw.strip(),
            comparator=value.comparator,
            suggested=f"≥{_plain(value.number)}{value.unit}",
        )


# ---------------------------------------------------------------- unit-miswritten

_MONEY_NAME = re.compile(r"金额|资金|经费|费用|费|成本|预算|投资|补助|补贴|奖励|奖补|收入|支出|价|元")


def _with_unit(raw: str, number: Decimal, bad: str, good: str) -> str:
    """``≥80M`` with M → 米: ``≥80米`` (the value as written, NFKC, the unit replaced after each number)."""
    text = _nfkc(raw.strip())
    text = text[:-1] if text and text[-1] in "。." else text
    fixed, n = re.subn(rf"([0-9][0-9,.]*)\s*{re.escape(bad)}", lambda m: m.group(1) + good, text)
    return fixed if n else f"{_plain(number)}{good}"


# A 成本 indicator whose name is a sum of money: 检查差旅费, 培训费, 项目总成本, 设备购置经费.
_FEE_NAME = re.compile(r"(?:费|费用|经费|成本|资金|金额)$")


@check(scope="indicator", args=("indicator", "field", "value", "unit", "meant", "fixed"), variants=("money", "magnitude", "symbol", "fee-unit"))
def check_unit_miswritten(indicator: Indicator, ctx):
    misspellings = ctx.vocab("unit-misspellings")
    cost = indicator.level2 == "成本指标" or indicator.level1 == "成本指标"
    fee = cost and bool(_FEE_NAME.search(_bare_name(indicator.name)))
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit:
            continue
        unit = value.unit
        if unit in _MAGNITUDES:
            money = cost or bool(_MONEY_NAME.search(_bare_name(indicator.name)))
            meant = unit + "元" if money else ""
            variant = "money" if money else "magnitude"
        elif unit in misspellings:
            meant, variant = misspellings[unit], "symbol"
        elif fee and "/" in unit and "元" not in unit:
            # 甘孜 2023: 检查差旅费 470 人/天 — a per-head standard without its 元: meant 元/人/天.
            # A fee in a plain count (会议费 2次) may be a misnamed count, so it is left alone.
            meant, variant = "元/" + unit, "fee-unit"
        else:
            continue
        yield Problem(
            target.unit_path,
            variant=variant,
            indicator=indicator.label,
            field=target.key,
            value=value.raw.strip(),
            unit=unit,
            meant=meant,
            fixed=_with_unit(value.raw, value.number, unit, meant) if meant else "",
        )


# ---------------------------------------------------------------- cost-exceeds-budget, cost-restates-budget

_PER_UNIT_NAME = re.compile(r"每|均|单价|单位成本|单位造价|单方|单[车台辆件套人次位个项户]|标准|定额")


def _table_unit_factor(indicator: Indicator) -> tuple[str, Decimal] | None:
    unit = indicator.project.unit.table.data.get("金额单位")
    if not isinstance(unit, str):
        return None
    unit = _nfkc(unit).strip()
    return (unit, _MONEY_FACTORS[unit]) if unit in ("元", "万元") else None


def _cost_targets(indicator: Indicator):
    """Each money target of a 成本 indicator with the budget it is measured against:
    ``(target, amount in 元, budget row kind, budget as written, budget in 元, table unit)``.

    A 年度指标值 is measured against 金额; a 实施周期指标值 against 实施周期金额, or against 金额
    when the project has no 实施周期金额 and is not known to run several years.  Per-unit costs
    (``780元/生/年``, 生均…, 单价…) are not totals and are skipped.
    """
    if indicator.level2 != "成本指标" and indicator.level1 != "成本指标":
        return
    if _PER_UNIT_NAME.search(_bare_name(indicator.name)):
        return
    table_unit = _table_unit_factor(indicator)
    if table_unit is None:
        return  # no usable 金额单位: amount-unit-format reports it
    unit_name, factor = table_unit
    project = indicator.project
    annual = project.amount.total if project.amount else None
    period_row = money_row(project.data.get("实施周期金额"), project.path + ("实施周期金额",), project.name)
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit:
            continue
        unit = value.unit + "元" if value.unit in _MAGNITUDES else value.unit
        if unit not in _MONEY_FACTORS:
            continue
        if target.key != "实施周期指标值":
            budget, kind = annual, "金额"
        elif period_row is not None:
            budget, kind = period_row.total, "实施周期金额"
        elif project.term is None or project.term == 1:
            budget, kind = annual, "金额"  # 实施周期金额 is written only when it differs from 金额
        else:
            continue  # several years and no 实施周期金额: nothing to compare with
        if budget is None:
            continue
        stated = (value.upper if value.upper is not None else value.number) * _MONEY_FACTORS[unit]
        yield target, stated, kind, budget, budget * factor, unit_name


def _cost_problem(indicator: Indicator, target, kind: str, budget: Decimal, unit_name: str) -> Problem:
    return Problem(
        target.path,
        variant="period" if kind == "实施周期金额" else "annual",
        indicator=indicator.label,
        field=target.key,
        value=target.value.raw.strip(),
        budget=_amount_text(budget, unit_name),
    )


@check(scope="indicator", args=("indicator", "field", "value", "budget"), variants=("annual", "period"))
def check_cost_exceeds_budget(indicator: Indicator, ctx):
    for target, stated, kind, budget, budget_yuan, unit_name in _cost_targets(indicator):
        if stated > budget_yuan:
            yield _cost_problem(indicator, target, kind, budget, unit_name)


@check(scope="indicator", args=("indicator", "field", "value", "budget"), variants=("annual", "period"))
def check_cost_restates_budget(indicator: Indicator, ctx):
    for target, stated, kind, budget, budget_yuan, unit_name in _cost_targets(indicator):
        if target.value.kind == QUANTITATIVE and stated == budget_yuan and budget_yuan > 0:
            yield _cost_problem(indicator, target, kind, budget, unit_name)


# ---------------------------------------------------------------- period-copies-annual


def _goal_copied(project: Project) -> bool:
    goal = project.data.get("绩效目标")
    if not isinstance(goal, dict):
        return False
    period, annual = goal.get("实施周期目标"), goal.get("年度目标")
    return isinstance(period, str) and isinstance(annual, str) and bool(period.strip()) and normalize_text(period) == normalize_text(annual)


@check(
    scope="project",
    args=("name", "period_amount", "annual_amount", "example", "value"),
    variants=("indicators", "goal-too"),
)
def check_period_copies_annual(project: Project, ctx):
    if project.term == 1:
        return  # a single-year project's two columns must be equal (period-annual-mismatch)
    annual_row = project.amount
    period_row = money_row(project.data.get("实施周期金额"), project.path + ("实施周期金额",), project.name)
    if annual_row is None or period_row is None or annual_row.total is None or period_row.total is None:
        return
    if annual_row.total == period_row.total:
        return
    counts = ctx.vocab("count-units")
    pairs = []
    for indicator in project.indicators:
        targets = {t.key: t for t in indicator.targets}
        if len(targets) == 2:
            pairs.append((indicator, targets["实施周期指标值"], targets["年度指标值"]))
    if not pairs or not all(same_target(p.raw, a.raw) for _, p, a in pairs):
        return
    cumulative = [
        (indicator, annual)
        for indicator, _, annual in pairs
        if annual.value.kind in (QUANTITATIVE, RANGE)
        and annual.value.unit
        and (annual.value.unit in counts or (indicator.level2 == "数量指标" and not _ratio_unit(annual.value.unit)))
    ]
    if not cumulative:
        return  # rates and states may well be the same every year
    table_unit = _nfkc(str(project.unit.table.data.get("金额单位") or "")).strip()
    example, annual = cumulative[0]
    name = example.name.strip()
    number = example.path[-1] + 1
    label = Text(f"「{name}」", f"'{name}'") if name else Text(f"第 {number} 条指标", f"indicator {number}")
    yield Problem(
        project.name_path,
        variant="goal-too" if _goal_copied(project) else "indicators",
        name=project.name,
        period_amount=_amount_text(period_row.total, table_unit),
        annual_amount=_amount_text(annual_row.total, table_unit),
        example=label,
        value=_shown(annual.value.raw),
    )


# ---------------------------------------------------------------- value-cells-conflict

# Chinese numerals: 两次, 一年一次 state a number in words; only a value with no number at all is flagged.
_NUMBER_CHARS = re.compile(r"[0-9０-９一二三四五六七八九十两百千万半]")


@check(scope="indicator", args=("indicator", "field", "value", "unit", "own_unit"), variants=("unit-differs", "unit-without-number", "quantitative-text"))
def check_value_cells_conflict(indicator: Indicator, ctx):
    quantitative = isinstance(indicator.data.get("指标值类型"), str) and _nfkc(indicator.data["指标值类型"]).strip() == "定量"
    for target in indicator.targets:
        conflict = declared_unit_conflict(target.raw)
        if conflict is not None:
            variant, unit, own = conflict
            yield Problem(target.unit_path, variant=variant, indicator=indicator.label, field=target.key, value=target.value.raw.strip(), unit=unit, own_unit=own)
        elif quantitative and target.value.kind == QUALITATIVE and not _NUMBER_CHARS.search(target.value.raw):
            # 岳阳楼 2023: 工作安排时间, 定量, 按月安排
            yield Problem(target.path, variant="quantitative-text", indicator=indicator.label, field=target.key, value=target.value.raw.strip(), unit=None, own_unit=None)


# ---------------------------------------------------------------- nonstandard-notation

# Comparator symbols written another way than the 计算符号 dictionary's ≥ ＞ ＝ ＜ ≤ (ASCII, doubled
# full-width, the Japanese ≧ ≦, the slanted ⩾ ⩽); longest first, at the start of the value.
_SYMBOL_FORMS = {
    ">=": "≥", "＞＝": "≥", ">＝": "≥", "＞=": "≥", "≧": "≥", "⩾": "≥",
    "<=": "≤", "＜＝": "≤", "<＝": "≤", "＜=": "≤", "≦": "≤", "⩽": "≤",
    ">": "＞", "<": "＜", "=": "＝",
}
_LEADING_SYMBOL = re.compile(r"^(\s*)(" + "|".join(re.escape(f) for f in sorted(_SYMBOL_FORMS, key=len, reverse=True)) + ")")
_WIDE = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "％": "%"})
_WIDE_POINT = re.compile(r"(?<=[0-9０-９])．(?=[0-9０-９])")


def standard_notation(raw) -> str | None:
    """A quantity, range or date written with ``≥ ＞ ＝ ＜ ≤``, half-width digits and ``%``, when
    ``raw`` is written otherwise and the rewrite states the same target; else None."""
    if not isinstance(raw, str) or type(raw) is not str:
        return None  # structured values and numbers YAML could not read are left alone
    if parse_value(raw).kind not in (QUANTITATIVE, RANGE, _DATE):
        return None
    text = _LEADING_SYMBOL.sub(lambda m: m.group(1) + _SYMBOL_FORMS[m.group(2)], raw, count=1)
    text = _WIDE_POINT.sub(".", text).translate(_WIDE)
    if text == raw or not same_target(raw, text) or parse_value(text).kind != parse_value(raw).kind:
        return None
    return text


@check(scope="indicator", args=("indicator", "field", "value", "standard", "written"))
def check_nonstandard_notation(indicator: Indicator, ctx):
    for target in indicator.targets:
        standard = standard_notation(target.raw)
        if standard is not None:
            # ``written`` (not in the message) keeps ＞＝95％ and ≧95% apart: the engine makes one
            # finding of a pair only when the two are written alike
            yield Problem(target.path, indicator=indicator.label, field=target.key, value=target.raw, standard=standard, written=target.raw)


# ---------------------------------------------------------------- fixes (the rule files' fix:)


def _target_at(indicator: Indicator, path: tuple):
    return next((t for t in indicator.targets if t.path == path), None)


@fixer(scope="indicator")
def fix_nonstandard_notation(problem, indicator: Indicator, ctx):
    target = _target_at(indicator, problem.path)
    standard = standard_notation(target.raw) if target is not None else None
    if standard is not None:
        yield Edit(target.path, standard)


@fixer(scope="indicator")
def fix_malformed_comparator(problem, indicator: Indicator, ctx):
    """不少6次 → 不少于6次, 90%已上 → 90%以上: the malformed word replaced by the form it was meant to be,
    where the value is text and the word stands, as written, at its start or its end."""
    target = next((t for t in indicator.targets if indicator.path + (t.key,) == problem.path), None)
    if target is None or type(target.raw) is not str or problem.variant != "suggest":
        return
    bad, meant, raw = problem.args["bad"], problem.args["meant"], target.raw
    body = raw.strip()
    lead = raw[: len(raw) - len(raw.lstrip())]
    if body.startswith(bad) and meant in PREFIX_FORMS:
        yield Edit(target.path, lead + meant + body[len(bad):])
        return
    core = _core(body)
    if core.endswith(bad) and meant in SUFFIX_FORMS:
        yield Edit(target.path, lead + core[: len(core) - len(bad)] + meant + body[len(core):])


def _stop_edits(targets):
    for target in targets:
        if type(target.raw) is str and _ends_with_stop(target):
            kept = _core(target.raw)
            if kept:
                yield Edit(target.path, kept)


@fixer(scope="table")
def fix_value_style(problem, table, ctx):
    """Trailing full stops: every one in the table for the once-per-table finding, the indicator's for
    the others.  Repeated names are left to the person (what to keep is a judgement)."""
    if problem.variant == "period-all":
        yield from _stop_edits(t for i in table.indicators for t in i.targets)
    elif problem.variant in ("period", "period-pair"):
        indicator = next((i for i in table.indicators if problem.path[: len(i.path)] == i.path), None)
        if indicator is not None:
            chosen = indicator.targets if problem.variant == "period-pair" else [t for t in indicator.targets if t.path == problem.path]
            yield from _stop_edits(chosen)


@fixer(scope="indicator")
def fix_period_annual_mismatch(problem, indicator: Indicator, ctx):
    """A single-year project (项目期限 1 年): the 年度指标值 copied to the 实施周期指标值.  Unsafe: which of
    the two is right is the person's call; the annual one is the one the budget year is judged by."""
    if problem.variant != "term-1":
        return
    targets = {t.key: t for t in indicator.targets}
    period, annual = targets.get("实施周期指标值"), targets.get("年度指标值")
    if period is None or annual is None or isinstance(period.raw, dict) or isinstance(annual.raw, dict):
        return
    if annual.raw is None or isinstance(annual.raw, bool):
        return
    yield Edit(indicator.path + ("实施周期指标值",), annual.raw)
