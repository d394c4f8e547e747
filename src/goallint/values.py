"""Parse target values (指标值) of 绩效指标: ``≥90%``, ``90%以上``, ``1次``, ``12月31日前``, free text.

RULES.md §3 is the reference.  A value is one of:

* **quantitative**: ``[comparator prefix] number [unit] [comparator suffix]`` and nothing
  else (``≥90%``, ``不低于95%``, ``5次及以上``, ``≤3个工作日``, ``0.5万元``);
* **range**: ``A-B``, ``A～B``, ``A~B``, ``A至B`` with an optional unit after B (or the same
  unit after both);
* **date**: ``X月X日前``, ``X月底前``, ``年底前``, ``YYYY年X月X日前``, ``X月前`` (read as ≤);
* **qualitative**: everything else, including sentences that merely contain a number
  (``开展区级培训2次``) and malformed word comparators (``不少6次``, see
  :func:`malformed_comparator`);
* **empty**: None, ``""`` or blank text.

Comparators are canonical as in the 计算符号 dictionary ``PMKPIZBXS``: ``≥ ＞ ＝ ＜ ≤``
(full-width ＞＝＜).  Matching works on an NFKC working copy; ``raw`` is never altered.
Nothing here raises on odd input: anything unparseable is qualitative.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

__all__ = [
    "TargetValue",
    "parse_value",
    "normalize_text",
    "same_target",
    "malformed_comparator",
    "canonical_comparator",
    "time_expression",
    "QUANTITATIVE",
    "QUALITATIVE",
    "DATE",
    "RANGE",
    "EMPTY",
    "COMPARATORS",
]

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"
DATE = "date"
RANGE = "range"
EMPTY = "empty"

GE, GT, EQ, LT, LE = "≥", "＞", "＝", "＜", "≤"
COMPARATORS = (GE, GT, EQ, LT, LE)

# 计算符号 codes (PMKPIZBXS): 1 ≥, 2 ＞, 3 ＝, 4 ＜, 5 ≤, 6 定性; 9/10 (定量（其他）/不适用) act like 6.
CODE_COMPARATORS = {1: GE, 2: GT, 3: EQ, 4: LT, 5: LE}
QUALITATIVE_CODES = frozenset({6, 9, 10})


@dataclass(frozen=True)
class TargetValue:
    raw: str  # the original text exactly as given; a display string for a mapping
    kind: str  # quantitative | qualitative | date | range | empty
    comparator: str | None  # ≥ ＞ ＝ ＜ ≤, or None
    number: Decimal | None  # the number (lower bound of a range)
    upper: Decimal | None  # upper bound of a range
    unit: str | None  # "%", "次", "万元", … ; None when there is none
    comparator_text: str | None  # the comparator as written ("不低于", "以上", ">=")


# ---------------------------------------------------------------- word forms
# Keys are spelled as they look in the NFKC working copy (＞＝＜ become > = <).

PREFIX_FORMS: dict[str, str] = {
    # ≥
    "≥": GE, ">=": GE, "≧": GE, "⩾": GE,
    "不低于": GE, "不少于": GE, "不小于": GE, "至少": GE, "大于等于": GE, "大于或等于": GE, "达到": GE,
    # ＞
    ">": GT, "高于": GT, "多于": GT, "大于": GT, "超过": GT,
    # ≤
    "≤": LE, "<=": LE, "≦": LE, "⩽": LE,
    "不高于": LE, "不超过": LE, "不多于": LE, "不大于": LE, "至多": LE, "小于等于": LE, "小于或等于": LE,
    "控制在": LE,
    # ＜
    "<": LT, "低于": LT, "少于": LT, "小于": LT, "不足": LT, "不满": LT,
    # ＝
    "=": EQ, "等于": EQ, "为": EQ,
}

SUFFIX_FORMS: dict[str, str] = {
    "以上": GE, "及以上": GE, "或以上": GE,
    "以内": LE, "以下": LE, "及以下": LE, "或以下": LE, "内": LE,
}

# Near-miss spellings that must not pass as comparators (see malformed_comparator).
_MALFORMED_SYMBOLS = frozenset({"=>", "=<", "==", "≥=", "≤=", "=≥", "=≤", ">>", "<<", "<>", "><", ">==", "<=="})
_MALFORMED_SUFFIXES = ("及已以上", "及已上", "或已上", "及已下", "或已下", "已上", "已下", "已内")
_NEAR_MISS_BASES = tuple(
    f for f in PREFIX_FORMS if len(f) >= 3 and not f.isascii() and f not in ("控制在",) and f[0] not in "≥≤≧≦⩾⩽"
)
_YU_FORMS = tuple(f for f in PREFIX_FORMS if len(f) == 2 and f.endswith("于"))
_YU_TYPOS = "与余予於"


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


# ---------------------------------------------------------------- regexes (module level)

_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
# A unit character: no digit, space, comparator symbol, range separator or punctuation.
_UCH = r"[^0-9\s≥≤≧≦⩾⩽<>=\-~〜∼–—,，.。、;；:：!！?？\"'“”‘’()（）\[\]【】《》〈〉「」『』+*#&|\\]"
_PREFIX_RE = _alternation(PREFIX_FORMS)
_SUFFIX_RE = _alternation(SUFFIX_FORMS)

_QUANT = re.compile(
    rf"(?:(?P<pre>{_PREFIX_RE})\s*)?(?P<num>{_NUM})\s*(?P<unit>{_UCH}{{1,6}}?)??\s*(?P<suf>{_SUFFIX_RE})?"
)
_RANGE = re.compile(
    rf"(?P<a>{_NUM})\s*(?P<ua>{_UCH}{{1,6}})?\s*(?:-|~|〜|∼|–|—|至)\s*(?P<b>{_NUM})\s*(?P<ub>{_UCH}{{1,6}})?"
)
_DATE = re.compile(
    r"(?:于|在)?"
    r"(?:(?:(?P<y>[0-9]{4})年)?(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})[日号]|(?P<me>[底末]))?"
    r"|(?:(?P<y2>[0-9]{4})年|年)(?P<ye>[底末]))"
    r"(?:之前|以前|前)(?:完成)?"
)
# A period written year.month to year.month (湘潭 2023: 服务周期 2023.07-2024.01).
_MONTH_PERIOD = re.compile(r"(?:19|20)[0-9]{2}[./](?:0?[1-9]|1[0-2])\s*(?:-|~|〜|∼|–|—|至)\s*(?:19|20)[0-9]{2}[./](?:0?[1-9]|1[0-2])")
_BEFORE_NUMBER = re.compile(r"(?P<pre>[^0-9]+?)\s*(?P<rest>[0-9].*)", re.S)
_BODY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UCH}{{1,6}}?)??\s*(?P<suf>{_SUFFIX_RE})?")
_BAD_SUFFIX = re.compile(rf"(?:{_NUM})\s*(?:{_UCH}{{1,6}}?)??\s*(?P<bad>{_alternation(_MALFORMED_SUFFIXES)})")

# Words that make a would-be unit part of a sentence.
_UNIT_FORBIDDEN = re.compile(
    "|".join(
        [
            _alternation([f for f in PREFIX_FORMS if not f.isascii() and len(f) > 1]),
            _alternation([f for f in SUFFIX_FORMS if len(f) > 1]),
            _alternation(_MALFORMED_SUFFIXES),
            "左右|完成|开展|实现|提高|提升|降低|增长|增加|减少|确保|保证|保障|达标|以上|以下",
            "[以于不及或内为已至的约达前底末]",
        ]
    )
)

_WS = re.compile(r"\s+")
_SPACE_BETWEEN = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
_SYMBOLS = re.compile(r">=|<=|[><=≧≦⩾⩽]")
_SYMBOL_MAP = {">=": GE, "<=": LE, ">": GT, "<": LT, "=": EQ, "≧": GE, "⩾": GE, "≦": LE, "⩽": LE}

_KEEP_SUPERSCRIPT = re.compile(r"([²³])")
_PRE_NFKC = str.maketrans({"㎡": "m²", "㎥": "m³"})
_UNIT_ALIASES = {"百分比": "%", "百分率": "%"}
_MONTH_DAYS = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}
_STOPS = ("。", ".")
# A quantity, range or date is short; longer text is qualitative without running the
# regexes (this also bounds their backtracking on pathological input).
_MAX_STRUCTURED = 80


# ---------------------------------------------------------------- helpers


def _nfkc(text: str) -> str:
    """NFKC, except that ² ³ (and ㎡ ㎥) keep their superscripts, so ``m²`` stays a unit."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_PRE_NFKC)
    if "²" in text or "³" in text:
        return "".join(
            p if p in ("²", "³") else unicodedata.normalize("NFKC", p) for p in _KEEP_SUPERSCRIPT.split(text)
        )
    return unicodedata.normalize("NFKC", text)


def _work(text: str) -> str:
    """The working copy: trimmed, NFKC, one trailing 。/. dropped."""
    s = _nfkc(text.strip()).strip()
    if s and s[-1] in _STOPS:
        s = s[:-1].rstrip()
    return s


def _raw_core(text: str) -> str:
    """The raw text trimmed and without its trailing 。/., still un-normalised."""
    s = text.strip()
    if s and _nfkc(s[-1]) in _STOPS:
        s = s[:-1].rstrip()
    return s


def _raw_prefix(core: str, work_prefix: str) -> str:
    for j in range(1, min(len(core), 3 * len(work_prefix) + 2) + 1):
        if _nfkc(core[:j]) == work_prefix:
            return core[:j]
    return work_prefix


def _raw_suffix(core: str, work_suffix: str) -> str:
    for j in range(1, min(len(core), 3 * len(work_suffix) + 2) + 1):
        if _nfkc(core[-j:]) == work_suffix:
            return core[-j:]
    return work_suffix


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _unit(text: str | None) -> str | None | bool:
    """A valid unit normalised, None for no unit, False when the text cannot be a unit."""
    if not text:
        return None
    if len(text) > 6 or _UNIT_FORBIDDEN.search(text):
        return False
    if "%" in text and text != "%":
        return False
    return _UNIT_ALIASES.get(text, text)


def _normalize_unit(value: Any) -> str | None:
    """A declared 计量单位 (structured form), normalised; None when blank."""
    if value is None or isinstance(value, bool):
        return None
    s = _nfkc(str(value).strip()).strip()
    if not s:
        return None
    return _UNIT_ALIASES.get(s, s)


def _qualitative(raw: str) -> TargetValue:
    return TargetValue(raw, QUALITATIVE, None, None, None, None, None)


def _empty(raw: str) -> TargetValue:
    return TargetValue(raw, EMPTY, None, None, None, None, None)


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1 :] == a:
            return True
    return False


def _code(sign: Any) -> int | None:
    """A numeric 计算符号 code (1, "1", 1.0, Decimal("1")) as an int; None when it is not one."""
    if isinstance(sign, bool):
        return None
    if isinstance(sign, int):
        return sign if 0 <= sign <= 99 else None
    if isinstance(sign, (Decimal, float)):
        try:
            number = Decimal(repr(sign)) if isinstance(sign, float) else sign
            if number.is_finite() and 0 <= number <= 99 and number == number.to_integral_value():
                return int(number)
        except (InvalidOperation, ValueError, OverflowError):
            pass
        return None
    if isinstance(sign, str):
        s = _work(sign)
        if s.isascii() and s.isdigit() and len(s) <= 2:
            return int(s)
    return None


def canonical_comparator(sign: Any, qualitative: str | None = None) -> str | None:
    """A 计算符号 (symbol, ASCII spelling, word form or code 1–5) → ``≥ ＞ ＝ ＜ ≤``; else None.

    定性 and codes 6/9/10 are not comparators: they give ``qualitative`` (None unless
    given; the Excel importer and exporter pass ``"定性"`` to tell them from an unknown sign).
    """
    if sign is None or isinstance(sign, bool):
        return None
    if qualitative is not None and _is_qualitative_sign(sign):
        return qualitative
    code = _code(sign)
    if code is not None:
        return CODE_COMPARATORS.get(code)
    if not isinstance(sign, str):
        return None
    s = _work(sign)
    return PREFIX_FORMS.get(s) or SUFFIX_FORMS.get(s)


def _is_qualitative_sign(sign: Any) -> bool:
    code = _code(sign)
    if code is not None:
        return code in QUALITATIVE_CODES
    return isinstance(sign, str) and _work(sign) == "定性"


# ---------------------------------------------------------------- text parsing

# An internal result: the TargetValue plus a comparison key for dates.
_Parsed = tuple  # (TargetValue, date_key | None)


@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> _Parsed:
    w = _work(raw)
    if not w:
        return _empty(raw), None
    if len(w) > _MAX_STRUCTURED:
        return _qualitative(raw), None

    m = _DATE.fullmatch(w)
    if m:
        key = _date_key(m)
        if key is not None:
            return TargetValue(raw, DATE, LE, None, None, None, None), key

    m = _QUANT.fullmatch(w)
    if m:
        unit = _unit(m.group("unit"))
        pre, suf = m.group("pre"), m.group("suf")
        cmp_pre = PREFIX_FORMS.get(pre) if pre else None
        cmp_suf = SUFFIX_FORMS.get(suf) if suf else None
        if unit is not False and not (cmp_pre and cmp_suf and cmp_pre != cmp_suf):
            core = _raw_core(raw)
            texts = []
            if pre:
                texts.append(_raw_prefix(core, pre))
            if suf:
                texts.append(_raw_suffix(core, suf))
            return (
                TargetValue(
                    raw,
                    QUANTITATIVE,
                    cmp_pre or cmp_suf,
                    _decimal(m.group("num")),
                    None,
                    unit,
                    "…".join(texts) if texts else None,
                ),
                None,
            )
        return _qualitative(raw), None

    if _MONTH_PERIOD.fullmatch(w):
        return _qualitative(raw), None  # 2023.07-2024.01: a period of months, not a range of numbers

    m = _RANGE.fullmatch(w)
    if m:
        ua, ub = _unit(m.group("ua")), _unit(m.group("ub"))
        if ua is not False and ub is not False and (ua is None or ua == ub):
            return TargetValue(raw, RANGE, None, _decimal(m.group("a")), _decimal(m.group("b")), ub, None), None

    return _qualitative(raw), None


def _date_key(m: re.Match) -> tuple | None:
    year = m.group("y") or m.group("y2")
    if m.group("ye"):
        return (year, None, "底")
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if m.group("d"):
        day = int(m.group("d"))
        if not 1 <= day <= _MONTH_DAYS.get(month, 31):
            return None
        return (year, month, day)
    return (year, month, "底" if m.group("me") else None)


# ---------------------------------------------------------------- structured values


def _parse_mapping(data: dict) -> _Parsed:
    sign = data.get("计算符号")
    value = data.get("指标值")
    declared_unit = data.get("计量单位")
    if declared_unit is not None and (
        isinstance(declared_unit, bool) or not isinstance(declared_unit, (str, int, Decimal))
    ):
        return _qualitative(str(value) if value is not None else ""), None
    unit = _normalize_unit(declared_unit)
    unit_text = unit or ""  # the display string shows the normalised unit (百分比 → %)

    if value is None or (isinstance(value, str) and not value.strip()):
        return _empty(""), None
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float)):
        return _qualitative(str(value)), None

    vtext = value.strip() if isinstance(value, str) else None

    sign_blank = sign is None or (isinstance(sign, str) and not sign.strip())
    if not sign_blank and _is_qualitative_sign(sign):
        return _qualitative(vtext if vtext is not None else _number_display(value)), None

    comparator = None if sign_blank else canonical_comparator(sign)
    if not sign_blank and comparator is None and not (isinstance(sign, str) and _work(sign) == "定量"):
        # An unknown 计算符号 (e.g. 不少): never accepted silently.  Show it as written,
        # so malformed_comparator() can name it.
        shown = vtext if vtext is not None else _number_display(value)
        tail = unit_text if unit_text and not shown.endswith(unit_text) else ""
        return _qualitative(f"{str(sign).strip()}{shown}{tail}"), None
    sign_text = None if comparator is None else str(sign).strip()

    if vtext is None:  # a number
        number = _number(value)
        if number is None:
            return _qualitative(str(value)), None
        shown = (comparator or "") + _number_display(value) + (unit_text if unit else "")
        return TargetValue(shown, QUANTITATIVE, comparator, number, None, unit, sign_text), None

    sub, key = _parse_text(vtext)
    if sub.kind == EMPTY:
        return _empty(""), None
    if sub.kind == QUALITATIVE:
        return _qualitative(vtext), None
    if sub.kind == DATE:
        if comparator in (None, LE):
            return TargetValue(vtext, DATE, LE, None, None, None, sign_text or sub.comparator_text), key
        return _qualitative(vtext), None
    if unit and sub.unit and unit != sub.unit:
        return _qualitative(vtext), None
    merged_unit = sub.unit or unit
    shown = (_raw_core(vtext) + unit_text) if unit and not sub.unit else vtext
    if sub.kind == RANGE:
        if comparator is not None:
            return _qualitative(vtext), None
        return TargetValue(shown, RANGE, None, sub.number, sub.upper, merged_unit, None), None
    # quantitative
    if comparator and sub.comparator and comparator != sub.comparator:
        return _qualitative(vtext), None
    if comparator and not sub.comparator:
        shown = comparator + shown
    return (
        TargetValue(
            shown, QUANTITATIVE, comparator or sub.comparator, sub.number, None, merged_unit,
            sub.comparator_text or sign_text,
        ),
        None,
    )


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _number_display(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _parse(value: Any) -> _Parsed:
    try:
        if value is None:
            return _empty(""), None
        if isinstance(value, str):
            return _parse_text(value)
        if isinstance(value, bool):
            return _qualitative(str(value)), None
        if isinstance(value, (int, Decimal, float)):
            number = _number(value)
            raw = _number_display(value)
            if number is None:
                return _qualitative(raw), None
            return TargetValue(raw, QUANTITATIVE, None, number, None, None, None), None
        if isinstance(value, dict):
            return _parse_mapping(value)
        return _qualitative(str(value)), None
    except Exception:  # never raise on odd input
        try:
            return _qualitative(str(value)), None
        except Exception:
            return _qualitative(""), None


# ---------------------------------------------------------------- public API


def parse_value(value: Any) -> TargetValue:
    """Parse a target value: text, a YAML number, or a ``{计算符号, 指标值, 计量单位}`` mapping."""
    return _parse(value)[0]


def declared_unit_conflict(value: Any) -> tuple[str, str, str | None] | None:
    """How the cells of a ``{计算符号, 指标值, 计量单位}`` mapping contradict each other, else None:

    - ``("unit-differs", declared, own)``: the 指标值 text carries its own unit, another than the
      计量单位 (岳阳楼 2023: ``28.8万元`` with ``%``);
    - ``("unit-without-number", declared, None)``: a 计量单位 is given for a 指标值 with no number
      at all (``应保尽保`` with ``%``).

    Plain text, numbers, agreeing units, dates and 定性 signs give None."""
    if not isinstance(value, dict):
        return None
    declared = value.get("计量单位")
    if declared is not None and (isinstance(declared, bool) or not isinstance(declared, (str, int, Decimal))):
        return None
    unit = _normalize_unit(declared)
    text = value.get("指标值")
    if unit is None or not isinstance(text, str) or not text.strip():
        return None
    if _is_qualitative_sign(value.get("计算符号")) and not any(c.isdigit() for c in text):
        return None  # 定性 with a unit is its own oddity, but the sign says it is text
    own, _ = _parse_text(text.strip())
    if own.kind in (QUANTITATIVE, RANGE) and own.unit and own.unit != unit:
        return ("unit-differs", unit, own.unit)
    if own.kind == QUALITATIVE and not any(c.isdigit() for c in _work(text)):
        return ("unit-without-number", unit, None)
    return None


def normalize_text(text: Any) -> str:
    """Text for comparing two values: NFKC, trimmed, one trailing 。/. dropped, ≥ ≤ ＞ ＝ ＜
    spelled canonically, whitespace collapsed (and dropped next to non-ASCII characters)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    s = unicodedata.normalize("NFKC", text).strip()
    if s and s[-1] in _STOPS:
        s = s[:-1]
    s = _SYMBOLS.sub(lambda m: _SYMBOL_MAP[m.group(0)], s)
    s = _WS.sub(" ", s).strip()
    if " " in s:
        s = _SPACE_BETWEEN.sub("", s)
    return s


def same_target(a: Any, b: Any) -> bool:
    """True when two values state the same target.

    Quantitative, range and date values compare by meaning (kind, canonical comparator,
    Decimal numbers, unit: ``90%以上`` == ``≥90%`` == ``{计算符号: 1, 指标值: 90.0, 计量单位: 百分比}``);
    a missing comparator differs from ``＝``.  Anything else compares by :func:`normalize_text`.
    """
    ta, ka = _parse(a)
    tb, kb = _parse(b)
    structured = (QUANTITATIVE, RANGE, DATE)
    if ta.kind in structured and tb.kind in structured:
        if ta.kind != tb.kind:
            return False
        if ta.kind == DATE:
            return ka == kb
        return (
            ta.comparator == tb.comparator
            and ta.number == tb.number
            and ta.upper == tb.upper
            and ta.unit == tb.unit
        )
    return normalize_text(ta.raw) == normalize_text(tb.raw)


def malformed_comparator(text: Any) -> str | None:
    """The malformed comparator of a near-miss such as ``不少6次`` (→ ``"不少"``), else None.

    A near-miss is a word one edit away from a known word form of three or more characters
    (不少/不低/不少与/大于等…), a two-character …于 form with 于 mistyped (高与, 低於), a
    garbled symbol (``=>``, ``≥=``, ``==``), or a mistyped suffix (``90%已上``), around an
    otherwise valid ``number [unit]``.  Well-formed values and ordinary sentences give None.
    The text returned is spelled as in the NFKC working copy.  A structured mapping is
    checked through its display string.
    """
    if isinstance(text, dict):
        text = parse_value(text).raw
    if not isinstance(text, str):
        return None
    w = _work(text)
    if not w or len(w) > _MAX_STRUCTURED:
        return None
    m = _BEFORE_NUMBER.fullmatch(w)
    if m:
        pre = m.group("pre").strip()
        body = _BODY.fullmatch(m.group("rest"))
        if pre and pre not in PREFIX_FORMS and body and _unit(body.group("unit")) is not False:
            if pre in _MALFORMED_SYMBOLS:
                return pre
            if 2 <= len(pre) <= 6:
                if any(_within_one_edit(pre, f) for f in _NEAR_MISS_BASES):
                    return pre
                if len(pre) == 2 and pre[1] in _YU_TYPOS and any(f[0] == pre[0] for f in _YU_FORMS):
                    return pre
    m = _BAD_SUFFIX.fullmatch(w)
    if m:
        return m.group("bad")
    return None


# ---------------------------------------------------------------- time expressions inside text

_CN_COUNT = "一二三四五六七八九十两半"
_TIME_TEXT = re.compile(
    "|".join(
        [
            r"[0-9]{4}\s*[年.\-/]\s*[0-9]{1,2}(?:\s*月(?:\s*[0-9]{1,2}\s*[日号])?)?",  # 2025年12月, 2023.07, 2023-07
            r"[0-9]{1,2}\s*月\s*(?:[0-9]{1,2}\s*[日号]|[底末]|[上中下]旬)?",  # 12月, 12月31日, 12月底
            rf"(?:[0-9]+(?:\.[0-9]+)?|[{_CN_COUNT}]+)\s*个?\s*(?:工作日|自然日|小时|分钟|星期|季度|[日天周月年])",  # 3个工作日, 24小时, 三天
            r"年[底末内中]|当年|本年度?内|[上下]半年|第?[一二三四1-4]季度|当[天日]",
            r"[每按](?:日|天|周|月|季度?|半年|年)",  # 按月, 每季度
        ]
    )
)


def time_expression(text: Any) -> str | None:
    """The first date, period, duration, deadline or frequency written in ``text``, as it
    appears in the NFKC working copy, else None: ``2025年12月``, ``2023.07-2024.01``
    (its ``2023.07``), ``12月底前完成`` (``12月底``), ``≤3个工作日``, ``三天内``, ``年底前``,
    ``按月安排`` (``按月``).  Bare 及时/按时/按期, 逐年 and 全年 are not time expressions."""
    if isinstance(text, dict):
        text = parse_value(text).raw
    if not isinstance(text, str):
        return None
    m = _TIME_TEXT.search(_nfkc(text))
    return m.group(0) if m else None
