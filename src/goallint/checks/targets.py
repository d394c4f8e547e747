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


def _indicator_label(indicator: Indicator) -> Text:
    """The indicator as a message names it: 「name」, or its position when the name is blank."""
    name = indicator.name.strip()
    if name:
        return Text(f"「{name}」", f"'{name}'")
    number = indicator.path[-1] + 1
    project = indicator.project.name
    return Text(f"项目「{project}」的第 {number} 条指标", f"indicator {number} of project '{project}'")


def _core(text: str) -> str:
    """A value as compared with word lists: NFKC, no spaces, one trailing 。/. dropped."""
    s = "".join(_nfkc(text).split())
    return s[:-1] if s and s[-1] in "。." else s


def _name_core(name: str) -> str:
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


@check(scope="indicator", args=("indicator", "field", "value", "unit", "comparator"), variants=("unit", "comparator-unit", "comparator"))
def check_target_value_unfilled(indicator: Indicator, ctx):
    units = ctx.vocab("units") | ctx.vocab("count-units") | frozenset(ctx.vocab("unit-synonyms"))
    comparator_words = sorted((f for f in PREFIX_FORMS if not f.isascii() and len(f) > 1), key=len, reverse=True)
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE or _blank(target.value.raw):
            continue  # empty and punctuation-only values (≧ %) are target-value-required's
        text = _core(target.value.raw)
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
            indicator=_indicator_label(indicator),
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
    words = {_core(word): kind for word, kind in ctx.vocab("placeholder-values").items()}
    for target in indicator.targets:
        if target.value.kind != QUALITATIVE:
            continue
        text = _core(target.value.raw)
        kind = words.get(text) or ("scale" if _grade_scale(text) else None)
        if kind is None or kind == "accepted":
            continue  # a pack may accept a word of the built-in list (长期: accepted)
        if kind not in _PLACEHOLDER_KINDS:
            kind = "other"  # a pack's own kind of word
        elif kind == "term" and indicator.level2 == "可持续影响":
            kind = "term-sustainability"
        yield Problem(target.path, variant=kind, indicator=_indicator_label(indicator), field=target.key, value=_shown(target.value.raw))


# ---------------------------------------------------------------- rate-value-not-ratio

_RATE_NAME = re.compile(r"(?:率|比例|占比)$")
_TIMELY_RATE = re.compile(r"(?:及时率|按时率|准时率|按期率|率)$")


def _ratio_unit(unit: str) -> bool:
    return unit in _RATIO_UNITS or "/" in unit  # 2批次/千人 is a ratio too


@check(scope="indicator", args=("indicator", "field", "value", "unit", "renamed"), variants=("time", "money", "other"), options=("exempt_names",))
def check_rate_value_not_ratio(indicator: Indicator, ctx):
    name = _name_core(indicator.name)
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
            indicator=_indicator_label(indicator),
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
    name = _name_core(indicator.name)
    if not _COUNT_NAME.search(name) or _NOT_COUNT_NAME.search(name) or _RATE_NAME.search(name):
        return
    if "比" in name or "率" in name:
        return  # 占比人数, 达标率人数: the name itself mixes a share in
    if _names_unit(indicator, ctx):
        return  # 受助学生数（人） with 100%: unit-name-mismatch reports it
    for target in indicator.targets:
        value = target.value
        if value.kind in (QUANTITATIVE, RANGE) and value.unit == "%":
            yield Problem(target.unit_path, indicator=_indicator_label(indicator), field=target.key, value=value.raw.strip())


# ---------------------------------------------------------------- quantity-upper-bound


@check(scope="indicator", args=("indicator", "field", "value", "comparator", "suggested"))
def check_quantity_upper_bound(indicator: Indicator, ctx):
    name = _name_core(indicator.name)
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
            indicator=_indicator_label(indicator),
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


@check(scope="indicator", args=("indicator", "field", "value", "unit", "meant", "fixed"), variants=("money", "magnitude", "symbol"))
def check_unit_miswritten(indicator: Indicator, ctx):
    misspellings = ctx.vocab("unit-misspellings")
    cost = indicator.level2 == "成本指标" or indicator.level1 == "成本指标"
    for target in indicator.targets:
        value = target.value
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit:
            continue
        unit = value.unit
        if unit in _MAGNITUDES:
            money = cost or bool(_MONEY_NAME.search(_name_core(indicator.name)))
            meant = unit + "元" if money else ""
            variant = "money" if money else "magnitude"
        elif unit in misspellings:
            meant, variant = misspellings[unit], "symbol"
        else:
            continue
        yield Problem(
            target.unit_path,
            variant=variant,
            indicator=_indicator_label(indicator),
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
    if _PER_UNIT_NAME.search(_name_core(indicator.name)):
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
        indicator=_indicator_label(indicator),
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
