"""The published run-on 绩效指标 string: the one parser (PDF text, Excel cells) and its inverse (the exporter).

The published table prints a project's indicators as one string::

    1、1-产出指标；11-数量指标；出租屋登记率；实施周期指标值:95%；年度指标值:95%。2、…

:func:`parse` reads it: the PDF-text reader on the text it joined from a project's
lines, the Excel reader on a 绩效指标 cell.  :func:`render` writes it: the Excel
exporter, so that the Excel reader gives the indicators back.

**Items.**  The first item starts with ``N、``.  Items are split only where ``。``
(spaces may follow) is followed by ``N、`` and a coded level (``N、1-``), or by the
next number followed by two ``；``-separated fields (an item without codes); a ``。``
or a number inside a value never splits (``…完成。2019-2020年``, ``1+6+N``).  A
break in the numbering (an item not numbered one more than the one before, or a
first item not numbered 1) is reported once per break (``numbering-gap``, info).

**Fields.**  ``一级；二级；三级；实施周期指标值:v1；年度指标值:v2`` (``；`` or ``;``, ``:``
or ``：``); 实施周期指标值 may be absent.  Outer spaces are dropped.  The item's own
terminator ``。`` is removed from 年度指标值 (one only); 实施周期指标值 is kept
verbatim, so a value's own ``。`` stays (``…事件。；年度指标值``).

**Levels.**  ``1-产出指标`` is stored as ``产出指标`` once the code agrees with the name,
and a level-2 code with the item's level-1 code (:func:`goallint.taxonomy.check_code`);
otherwise the published text is kept and reported (``import-ambiguous``).

**Strict** (the printed PDF, where every item is printed in full): the first item
starts ``N、<code>-``; an item without both codes or without 实施周期指标值 cannot be
read (``import-error``); a last item without its ``。`` is reported
(``import-ambiguous``), an empty value is an ``import-error``.  **Not strict** (an Excel
cell, typed by hand or written by :func:`render`, which omits the codes a name does
not have): codes, 实施周期指标值 and the last ``。`` are optional, an empty value is data.

**Positions.**  Every item and every problem carries its offset in the text given,
and each caller maps offsets to its own positions (the PDF reader: the source line;
the Excel reader: the cell).  A problem is worded for a cell (:attr:`Problem.zh`,
:attr:`Problem.en`) or with its source line (:meth:`Problem.at_line`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from goallint.taxonomy import check_code, level_code, normal_code, split_code

__all__ = [
    "CODED_HEAD",
    "Item",
    "Parsed",
    "Problem",
    "first_item",
    "parse",
    "level",
    "render",
    "render_value",
    "number_text",
]

AMBIGUOUS = "import-ambiguous"
ERROR = "import-error"
GAP = "numbering-gap"

# ---------------------------------------------------------------- patterns

_D = "[0-9０-９]"
_SEP = "[；;]"
# ``N、`` and a coded level: where an item starts (``1、1-``, ``2、 11 －``).
CODED_HEAD = re.compile(rf"{_D}+、\s*{_D}{{1,2}}\s*[-－—]")
_UNCODED_HEAD = re.compile(rf"{_D}+、[^；;。]*{_SEP}[^；;。]*{_SEP}")
_NUMBER = re.compile(rf"({_D}+)、")
_BOUNDARY = re.compile(rf"。\s*(?=({_D}+)、)")
_FIRST = re.compile(rf"(?<!{_D})[1１]、\s*{_D}{{1,2}}\s*[-－—]")
_ANY = re.compile(rf"(?<!{_D}){CODED_HEAD.pattern}")
_FIELDS = re.compile(
    rf"^(?P<no>{_D}+)、(?P<l1>[^；;]*){_SEP}(?P<l2>[^；;]*){_SEP}(?P<l3>.*?)"
    rf"(?:{_SEP}\s*实施周期指标值\s*[:：](?P<v1>.*?))?"
    rf"{_SEP}\s*年度指标值\s*[:：](?P<v2>.*)$",
    re.S,
)

# ---------------------------------------------------------------- problems

_LEVEL_ZH = {1: "一级", 2: "二级"}
_LEVEL_EN = {1: "1st-level", 2: "2nd-level"}  # with a line (the PDF reader's wording)
_LEVEL_CELL_EN = {1: "level-1", 2: "level-2"}  # for a cell (the Excel reader's wording)
_EXPECTED = "一级；二级；三级；实施周期指标值:…；年度指标值:…"

# kind: (zh with a line, en with a line, zh for a cell, en for a cell).  The two forms are
# the wordings the PDF and Excel readers have always used; str.format fields come from
# Problem.detail plus line, lv (一级/二级), lv_en, lv_cell_en, clip (the text shortened).
_MESSAGES = {
    "no-first-item": (
        "第 {line} 行的绩效指标无法解析（没有以“1、1-”开头的第 1 项）：“{clip}”",
        'line {line}: cannot parse the indicators (no first item starting "1、1-"): "{clip}"',
        "绩效指标无法读取（应以「1、」开头）：{clip}",
        "the 绩效指标 text cannot be read (it should start with '1、'): {clip}",
    ),
    "unreadable": (
        "第 {line} 行的绩效指标无法解析：“{clip}”",
        'line {line}: cannot parse the indicator "{clip}"',
        "第 {no} 条指标无法读取（应为 " + _EXPECTED + "）：{clip}",
        "indicator {no} cannot be read (expected " + _EXPECTED + "): {clip}",
    ),
    "gap": (
        "第 {line} 行：指标编号不连续，第 {position} 项编号为“{no}、”，按顺序应为“{expected}、”（“{clip}”）："
        "请对照原表核对是否漏了一项指标或编号有误；各项指标已按原文导入",
        'line {line}: indicator numbering has a gap: item {position} is numbered "{no}、" where "{expected}、" '
        'comes next ("{clip}"): check the original table for a missing or misnumbered indicator; '
        "the indicators were imported as published",
        "指标编号不连续：第 {position} 条编号为“{no}、”，按顺序应为“{expected}、”（“{clip}”）："
        "请对照原表核对是否漏了一条指标或编号有误；各条指标已按原文导入",
        'indicator numbering has a gap: item {position} is numbered "{no}、" where "{expected}、" comes next '
        '("{clip}"): check the original table for a missing or misnumbered indicator; the indicators were imported as written',
    ),
    "trailing-text": (
        "第 {line} 行：表格最后一项指标之后的文字“{clip}”无法读取",
        'line {line}: text "{clip}" after the last indicator cannot be read',
        "最后一项指标之后的文字「{clip}」无法读取",
        "text '{clip}' after the last indicator cannot be read",
    ),
    "unterminated": (
        "第 {line} 行第 {no} 项指标没有以“。”结束，年度指标值取到文字末尾",
        "line {line}: indicator {no} does not end with 。; 年度指标值 runs to the end of the text",
        "第 {no} 条指标没有以「。」结束，年度指标值取到文字末尾",
        "indicator {no} does not end with 。; 年度指标值 runs to the end of the text",
    ),
    "missing-value": (
        "第 {line} 行第 {no} 项指标缺少{key}",
        "line {line}: indicator {no} has no {key}",
        "第 {no} 条指标缺少{key}",
        "indicator {no} has no {key}",
    ),
    "unknown-code": (
        "第 {line} 行第 {no} 项指标：{lv}指标编码 {code} 未知，按原文“{text}”保留",
        'line {line}: indicator {no}: unknown {lv_en} code {code}; kept as published "{text}"',
        "{lv}指标「{text}」：编码 {code} 不在编码表中，原样保留",
        "{lv_cell_en} indicator '{text}': code {code} is not in the code table; kept as written",
    ),
    "wrong-parent": (
        "第 {line} 行第 {no} 项指标：二级指标“{text}”不属于一级指标 {parent}，按原文保留",
        'line {line}: indicator {no}: 2nd-level "{text}" does not belong to 1st-level {parent}; kept as published',
        "二级指标「{text}」不属于一级指标 {parent}，原样保留",
        "level-2 indicator '{text}' does not belong to level-1 {parent}; kept as written",
    ),
    "code-name": (
        "第 {line} 行第 {no} 项指标：{lv}指标编码与名称不符“{text}”，按原文保留",
        'line {line}: indicator {no}: {lv_en} code and name disagree ("{text}"); kept as published',
        "{lv}指标「{text}」：编码 {code} 与名称「{name}」不符（「{name}」的编码是 {expected}），原样保留",
        "{lv_cell_en} indicator '{text}': code {code} disagrees with the name '{name}' (whose code is {expected}); kept as written",
    ),
    "unknown-name": (
        "第 {line} 行第 {no} 项指标：{lv}指标编码与名称不符“{text}”，按原文保留",
        'line {line}: indicator {no}: {lv_en} code and name disagree ("{text}"); kept as published',
        "{lv}指标「{text}」：编码 {code} 与名称「{name}」无法核对（名称不在编码表中），原样保留",
        "{lv_cell_en} indicator '{text}': code {code} cannot be checked against '{name}' (name not in the code table); kept as written",
    ),
}


def _clip(text: str, limit: int = 60) -> str:
    """Text for a one-line message: white space folded, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """Something :func:`parse` could not settle: ``slug`` is import-ambiguous, import-error or numbering-gap."""

    slug: str
    kind: str  # a key of _MESSAGES
    offset: int  # where it is in the text given to parse()
    detail: tuple = ()  # (name, value) pairs for the message

    def _words(self, line: int | None) -> tuple[str, str]:
        fields = dict(self.detail)
        lv = fields.get("level", 1)
        fields.update(
            line=line, lv=_LEVEL_ZH[lv], lv_en=_LEVEL_EN[lv], lv_cell_en=_LEVEL_CELL_EN[lv],
            clip=_clip(fields.get("text", "")),
        )
        zh_line, en_line, zh_cell, en_cell = _MESSAGES[self.kind]
        if line is None:
            return zh_cell.format(**fields), en_cell.format(**fields)
        return zh_line.format(**fields), en_line.format(**fields)

    @property
    def zh(self) -> str:
        """The message for a cell (its row and column are given apart)."""
        return self._words(None)[0]

    @property
    def en(self) -> str:
        return self._words(None)[1]

    def at_line(self, line: int) -> tuple[str, str]:
        """The message with its source line: ``第 {line} 行…`` / ``line {line}: …``."""
        return self._words(line)


@dataclass(frozen=True)
class Item:
    offset: int  # where the item (its number) starts in the text given to parse()
    number: int
    indicator: dict  # 一级指标, 二级指标, 三级指标, [实施周期指标值], 年度指标值


@dataclass
class Parsed:
    items: list = field(default_factory=list)  # Item
    problems: list = field(default_factory=list)  # Problem, in the order met

    @property
    def indicators(self) -> list[dict]:
        return [item.indicator for item in self.items]


# ---------------------------------------------------------------- reading


def first_item(text: str) -> int | None:
    """Where the run-on string starts in ``text`` (a 绩效目标 may stand before it), or None.

    The first ``1、<code>-`` not preceded by a digit, else the first ``N、<code>-``.
    """
    m = _FIRST.search(text) or _ANY.search(text)
    return m.start() if m else None


def level(text: str, which: int, parent: str | None = None) -> tuple[str, Problem | None]:
    """A published level ``which`` (1 or 2; a field of an item, or a cell): ``'1-产出指标'`` → ``('产出指标', None)``.

    The code is checked against the name and, for level 2, against ``parent`` (the
    level-1 code as written, when there is one).  A level without a code is kept as it
    is; one whose code does not hold is kept as published, with the problem (offset 0).
    """
    text = text.strip()
    code, name = split_code(text)
    if code is None:
        return text, None
    why = check_code(which, code, name, parent)
    if why is None:
        return name, None
    detail = {"level": which, "text": text, "code": normal_code(code), "name": name,
              "expected": level_code(which, name), "parent": parent and normal_code(parent), "no": ""}
    return text, Problem(AMBIGUOUS, why, 0, tuple(detail.items()))


def _spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(item number, start, end) of each item of ``text[start:end]``, which starts with ``N、``."""
    first = _NUMBER.match(text, start)
    spans = [[int(first.group(1)), start, end]]
    for b in _BOUNDARY.finditer(text, start, end):
        number, nxt = int(b.group(1)), b.end()
        if CODED_HEAD.match(text, nxt, end) or (number == spans[-1][0] + 1 and _UNCODED_HEAD.match(text, nxt, end)):
            spans[-1][2] = b.start() + 1  # the previous item ends with its 。
            spans.append([number, nxt, end])
    return [tuple(s) for s in spans]


def parse(text: str, *, strict: bool = False, start: int = 0, line_ends: Container[int] = ()) -> Parsed:
    """Read the run-on string that starts at ``start`` in ``text`` (see the module docstring).

    ``line_ends`` (the PDF reader, for the table's last project): offsets of the last
    character of each source line; a ``。`` at one of them inside the last 年度指标值,
    with more text after it, ends the item, and the rest is reported as unreadable.
    Never raises on odd text; offsets of items and problems are offsets in ``text``.
    """
    out = Parsed()
    text = text or ""
    end = len(text.rstrip())
    while start < end and text[start].isspace():
        start += 1
    if start >= end:
        return out
    if not (CODED_HEAD if strict else _NUMBER).match(text, start):
        out.problems.append(Problem(ERROR, "no-first-item", start, (("text", text[start:end]),)))
        return out
    spans = _spans(text, start, end)
    expected = 1
    for position, (number, a, b) in enumerate(spans, start=1):
        no = unicodedata.normalize("NFKC", _NUMBER.match(text, a).group(1))
        if number != expected:  # each break in the numbering once
            head = text[a : min(b, a + 24)]
            detail = (("position", position), ("no", no), ("expected", expected), ("text", head + ("…" if b > a + 24 else "")))
            out.problems.append(Problem(GAP, "gap", a, detail))
        expected = number + 1
        indicator = _item(text, a, b, no, strict, line_ends if position == len(spans) else (), out.problems)
        if indicator is not None:
            out.items.append(Item(a, number, indicator))
    return out


def _item(text: str, a: int, b: int, no: str, strict: bool, line_ends: Container[int], problems: list) -> dict | None:
    item = text[a:b]
    m = _FIELDS.match(item)
    if m is not None and strict:
        coded = split_code(m.group("l1"))[0] is not None and split_code(m.group("l2"))[0] is not None
        if not coded or m.group("v1") is None:
            m = None
    if m is None:
        problems.append(Problem(ERROR, "unreadable", a, (("text", item), ("no", no))))
        return None
    v2, v2_at = m.group("v2"), a + m.start("v2")
    for i, ch in enumerate(v2):
        if ch == "。" and (v2_at + i) in line_ends and v2[i + 1 :].strip():
            problems.append(Problem(ERROR, "trailing-text", v2_at + i + 1, (("text", v2[i + 1 :]),)))
            v2 = v2[: i + 1]
            break
    v2 = v2.strip()
    if v2.endswith("。"):
        v2 = v2[:-1].rstrip()
    elif strict:
        problems.append(Problem(AMBIGUOUS, "unterminated", a, (("no", no),)))
    code1 = split_code(m.group("l1"))[0]
    levels = []
    for n, key, parent in ((1, "l1", None), (2, "l2", code1)):
        value, problem = level(m.group(key), n, parent)
        if problem is not None:
            problems.append(Problem(problem.slug, problem.kind, a, problem.detail + (("no", no),)))
        levels.append(value)
    indicator = {"一级指标": levels[0], "二级指标": levels[1], "三级指标": m.group("l3").strip()}
    if m.group("v1") is not None:
        indicator["实施周期指标值"] = m.group("v1").strip()
    indicator["年度指标值"] = v2
    if strict:
        for key in ("实施周期指标值", "年度指标值"):
            if not indicator[key]:
                problems.append(Problem(ERROR, "missing-value", a, (("no", no), ("key", key))))
    return indicator


# ---------------------------------------------------------------- writing


def number_text(value: Any) -> str:
    """A value as the table prints it: a Decimal with its own places (``8.00``), anything else as str."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def render_value(value: Any) -> str:
    """A target value as the published table prints it: ``{≥, 90, %}`` → ``≥90%``; 定性 → the value."""
    if isinstance(value, dict):
        from goallint.values import canonical_comparator  # here: reading PDF text never needs it

        sign = canonical_comparator(value.get("计算符号"), qualitative="定性")
        if sign is None and value.get("计算符号") is not None:
            sign = str(value.get("计算符号"))
        body = number_text(value.get("指标值", ""))
        unit = value.get("计量单位") or ""
        return ("" if sign in (None, "定性") else sign) + body + str(unit)
    if value is None:
        return ""
    return number_text(value)


def render(items: Any) -> str:
    """The published run-on string for a list of indicator dicts: what :func:`parse` reads back.

    ``N、<c1>-<一级>；<c2>-<二级>；<三级>；实施周期指标值:<v1>；年度指标值:<v2>。``; a level
    name with no code is written without one, and so is a level-2 code that does not
    belong to the level-1 code written before it (the reader would keep it as published).
    """
    if not isinstance(items, list):
        return ""
    parts = []
    for n, item in enumerate((x for x in items if isinstance(x, dict)), start=1):
        names = ["" if item.get(key) is None else number_text(item.get(key)) for key in ("一级指标", "二级指标")]
        code1, code2 = level_code(1, names[0]), level_code(2, names[1])
        first = f"{code1}-{names[0]}" if code1 else names[0]
        parent = split_code(first)[0]
        if code2 and parent is not None and code2[0] != normal_code(parent):
            code2 = None
        fields = [first, f"{code2}-{names[1]}" if code2 else names[1]]
        fields.append("" if item.get("三级指标") is None else number_text(item.get("三级指标")))
        if "实施周期指标值" in item:
            fields.append("实施周期指标值:" + render_value(item["实施周期指标值"]))
        fields.append("年度指标值:" + render_value(item.get("年度指标值")))
        parts.append(f"{n}、" + "；".join(fields) + "。")
    return "".join(parts)
