"""Read the text of a published 项目支出绩效目标表 PDF (pdftotext-like output) into a table.

The layout is the one in the rule reference (RULES.md §4.1)::

    项目支出绩效目标表（含转移支付项目）
    部门名称：<部门> 单位：万元
    项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标
    合计 528.95 528.95
    <资金使用单位名称, may wrap over two lines>
    399.95 399.95
        <项目名称> 8.00 8.00          (indented)
    <绩效目标 text, wrapped, stray blank lines>
    1、1-产出指标；11-数量指标；<三级指标>；实施周期指标值:<v1>；年度指标值:<v2>。2、…

The 绩效指标 string is read by :mod:`goallint.importers.runon` in its strict form
(every item printed in full); its problems are given the source line of their offset.

Everything that the text does not settle is reported: the columns of a money row
whose empty columns were dropped, a unit name joined from two lines, codes that
disagree with their names (``import-ambiguous``); what cannot be read at all is an
``import-error`` with its line, and the rest of the table is still returned.

Line numbers are 1-based and count ``\\n``, ``\\r\\n`` and a lone ``\\r`` as one line end
each.  A form feed (page break) is dropped from the line that carries it; repeated
page headers (title, 部门名称 line, header row) and page-number lines are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations, combinations_with_replacement

from . import ImportFailure, ImportProblem, ImportResult, runon

__all__ = ["looks_like_pdf_text", "read_pdf_text"]

MONEY_COLUMNS = ("总计", "财政拨款", "财政专户拨款", "其他资金")
AMBIGUOUS = "import-ambiguous"
ERROR = "import-error"
_TOLERANCE = Decimal("0.005")

# ---------------------------------------------------------------- patterns

_D = "[0-9０-９]"
_NUM = rf"[-－]?{_D}+(?:[,，]{_D}{{3}})*(?:[.．]{_D}+)?"
_AMOUNTS_ONLY = re.compile(rf"^\s*(?P<nums>{_NUM}(?:\s+{_NUM})*)\s*$")
_NAMED_AMOUNTS = re.compile(rf"^(?P<indent>\s*)(?P<name>\S.*?)(?P<nums>(?:\s+{_NUM})+)\s*$")
_TOTAL = re.compile(rf"^\s*合\s*计(?:\s*(?P<nums>{_NUM}(?:\s+{_NUM})*))?\s*$")
_DEPT = re.compile(
    r"^\s*部门名称\s*[：:]\s*(?P<dept>.*?)\s*(?:(?:金额)?单位\s*[：:]\s*(?P<unit>\S+))?\s*$"
)
_UNIT_LINE = re.compile(r"^\s*(?:金额)?单位\s*[：:]\s*(?P<unit>\S+)\s*$")
_YEAR_LINE = re.compile(r"^\s*(?:预算)?年度\s*[：:]\s*(?P<year>[0-9０-９]{4})\s*年?\s*$")
_PAGE_NO = re.compile(
    r"^(?:[-—–－]\s*[0-9０-９]+\s*[-—–－]"
    r"|第\s*[0-9０-９]+\s*页(?:\s*[,，/、]?\s*共\s*[0-9０-９]+\s*页)?"
    r"|[0-9０-９]+\s*/\s*[0-9０-９]+"
    r"|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$"
)
_BARE_INT = re.compile(r"^[0-9０-９]{1,4}$")
_NAME_BREAKERS = set("；;：:。，,、")
_HEADER_WORDS = ("总计", "拨款", "其他资金", "绩效目标", "绩效指标", "资金使用单位", "项目名称")

_ZH_COUNT = {1: "一", 2: "两", 3: "三", 4: "四"}
_EN_COUNT = {1: "one", 2: "two", 3: "three", 4: "four"}


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _squash(s: str) -> str:
    """Text without any whitespace, for comparing repeated page headers."""
    return re.sub(r"\s+", "", s)


def _short(s: str, limit: int = 60) -> str:
    s = s.strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _amount(token: str) -> Decimal:
    return Decimal(_nfkc(token).replace(",", ""))


def _numbers(s: str) -> list[str]:
    return s.split()


# ---------------------------------------------------------------- sniffing


def looks_like_pdf_text(text: str) -> bool:
    """True when ``text`` looks like the text of a published 绩效目标表 PDF.

    Looks for the 部门名称： line (full-width colon, as printed), the header row
    (项目名称 … 总计 … 绩效指标) or a title line ending in 绩效目标表; a YAML table
    (``部门名称: …``, ``表名: …``) does not match.
    """
    if not isinstance(text, str):
        return False
    head = text[:20000].lstrip("\ufeff")
    for raw in re.split(r"\r\n|\r|\n", head)[:300]:
        s = raw.replace("\f", "").strip()
        if not s:
            continue
        if re.match(r"部门名称\s*：", s):
            return True
        if s.startswith("项目名称") and "总计" in s and ("绩效指标" in s or "绩效目标" in s or "财政拨款" in s):
            return True
        if "绩效目标表" in s and ":" not in s and "：" not in s and re.fullmatch(r"\S*绩效目标表\S*", _squash(s)):
            return True
    return False


# ---------------------------------------------------------------- lines


@dataclass
class _Line:
    no: int  # 1-based
    text: str  # form feeds removed, right-stripped
    ff: bool  # the raw line carried a form feed


@dataclass
class _Sig:
    """A significant (non-blank, non-furniture) body line, classified."""

    kind: str  # total | amounts | named | project | project-noamt | text
    line: _Line
    name: str = ""
    nums: list = field(default_factory=list)  # raw number tokens

    @property
    def no(self) -> int:
        return self.line.no

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class _Row:
    """A money row whose columns may have to be decided."""

    line: int
    text: str
    nums: list  # Decimal
    cands: list  # tuples of column names, one per number, in preference order
    choice: int = 0

    def cells(self, choice: int | None = None) -> dict:
        cols = self.cands[self.choice if choice is None else choice]
        return dict(zip(cols, self.nums))

    def row_sum_ok(self) -> bool:
        if len(self.nums) < 2:
            return True
        return abs(self.nums[0] - sum(self.nums[1:], Decimal(0))) <= _TOLERANCE


@dataclass
class _Project:
    sig: _Sig
    row: _Row | None
    lines: list = field(default_factory=list)  # _Sig text lines
    data: dict = field(default_factory=dict)


@dataclass
class _Unit:
    name: str
    line: int
    row: _Row | None
    projects: list = field(default_factory=list)


class _Reader:
    def __init__(self, text: str):
        self.problems: list[ImportProblem] = []
        self.text = text

    # -------------------------------------------------------- problems

    def ambiguous(self, line: int, zh: str, en: str) -> None:
        self.problems.append(ImportProblem(AMBIGUOUS, line, 1, zh, en))

    def error(self, line: int, zh: str, en: str) -> None:
        self.problems.append(ImportProblem(ERROR, line, 1, zh, en))

    # -------------------------------------------------------- entry

    def read(self) -> ImportResult:
        text = self.text
        if text.startswith("\ufeff"):
            text = text[1:]
        raw_lines = re.split(r"\r\n|\r|\n", text)
        self.lines = [_Line(i + 1, r.replace("\f", "").rstrip(), "\f" in r) for i, r in enumerate(raw_lines)]

        dept_i = next((i for i, ln in enumerate(self.lines) if _DEPT.match(ln.text)), None)
        header_i = next((i for i, ln in enumerate(self.lines) if self._is_header(ln.text)), None)
        if dept_i is None and header_i is None:
            raise ImportFailure(
                "不是项目支出绩效目标表的文本：找不到“部门名称：”行和表头",
                "not the text of a 项目支出绩效目标表: no 部门名称 line and no header row",
            )

        table: dict = {}
        self.units: list[_Unit] = []
        self.total: _Row | None = None
        try:
            body_start = self._preamble(dept_i, header_i, table)
        except Exception as exc:  # noqa: BLE001 - never raise on bad input
            self._unexpected(1, "表头", "the table head", exc)
            body_start = max(i for i in (dept_i, header_i) if i is not None) + 1
        try:
            self._body(body_start)
        except Exception as exc:  # noqa: BLE001
            self._unexpected(1, "表体", "the table body", exc)
        try:
            self._resolve_columns()
        except Exception as exc:  # noqa: BLE001
            self._unexpected(1, "金额列", "the amount columns", exc)
        try:
            self._assemble(table)
        except Exception as exc:  # noqa: BLE001
            self._unexpected(1, "表格", "the table", exc)
        problems = sorted(enumerate(self.problems), key=lambda p: (p[1].line, p[0]))
        return ImportResult(table=table, problems=[p for _, p in problems])

    def _unexpected(self, line: int, zh_what: str, en_what: str, exc: Exception) -> None:
        self.error(
            line,
            f"第 {line} 行起的{zh_what}无法读取（{type(exc).__name__}）",
            f"line {line}: cannot read {en_what} ({type(exc).__name__}: {exc})",
        )

    # -------------------------------------------------------- head

    @staticmethod
    def _is_header(s: str) -> bool:
        s = s.strip()
        if s.startswith("项目名称") and "总计" in s:
            return True
        return "总计" in s and "财政拨款" in s and ("绩效" in s or "项目" in s)

    def _preamble(self, dept_i, header_i, table: dict) -> int:
        first = min(i for i in (dept_i, header_i) if i is not None)
        last = max(i for i in (dept_i, header_i) if i is not None)
        self.furniture: set[str] = set()
        self.columns = list(MONEY_COLUMNS)

        title = None
        before = [ln for ln in self.lines[:first] if ln.text.strip()]
        titled = [ln for ln in before if "绩效目标表" in ln.text] or [ln for ln in before if "表" in ln.text]
        if titled:
            title = titled[-1]
            table["表名"] = title.text.strip()
            self.furniture.add(_squash(title.text))
        dept = None
        money_unit = None
        year = None
        if title is not None:
            m = re.search(r"([0-9０-９]{4})\s*年", title.text)
            if m:
                year = int(_nfkc(m.group(1)))
        if dept_i is not None:
            m = _DEPT.match(self.lines[dept_i].text)
            dept = m.group("dept").strip()
            money_unit = m.group("unit")
            self.furniture.add(_squash(self.lines[dept_i].text))
        for ln in before + [ln for ln in self.lines[first + 1 : last] if ln.text.strip()]:
            if ln is title:
                continue
            um = _UNIT_LINE.match(ln.text)
            ym = _YEAR_LINE.match(ln.text)
            if um and money_unit is None:
                money_unit = um.group("unit")
                self.furniture.add(_squash(ln.text))
            elif ym:
                year = int(_nfkc(ym.group("year")))
                self.furniture.add(_squash(ln.text))
            elif self._is_header(ln.text) or _DEPT.match(ln.text) or _PAGE_NO.match(ln.text.strip()):
                continue
            else:
                self.ambiguous(
                    ln.no,
                    f"第 {ln.no} 行表头处的文字“{_short(ln.text)}”不属于表格，已忽略",
                    f'line {ln.no}: text "{_short(ln.text)}" in the table head is not part of the table; ignored',
                )

        body_start = last + 1
        if header_i is not None:
            header_text = self.lines[header_i].text
            self.furniture.add(_squash(header_text))
            # A header row wrapped over more lines: the words continue before 合计.
            j = header_i + 1
            while j < len(self.lines):
                s = self.lines[j].text.strip()
                if not s:
                    j += 1
                    continue
                if (
                    any(w in s for w in _HEADER_WORDS)
                    and not re.search(_D, s)
                    and not _TOTAL.match(s)
                    and not _DEPT.match(s)
                ):
                    header_text += s
                    self.furniture.add(_squash(s))
                    j += 1
                    body_start = max(body_start, j)
                    continue
                break
            squashed = _squash(header_text)
            cols = [c for c in MONEY_COLUMNS if c in squashed]
            if "总计" in cols and len(cols) >= 2:
                self.columns = cols

        if money_unit is not None:
            money_unit = money_unit.strip("（）()")
            if money_unit not in ("万元", "元"):
                line = self.lines[dept_i].no if dept_i is not None else 1
                self.ambiguous(
                    line,
                    f"第 {line} 行的金额单位“{money_unit}”不是 万元 或 元，按原文保留",
                    f'line {line}: the amount unit "{money_unit}" is neither 万元 nor 元; kept as published',
                )
        if dept is not None:
            table["部门名称"] = dept
        if year is not None:
            table["预算年度"] = year
        if money_unit is not None:
            table["金额单位"] = money_unit
        return body_start

    # -------------------------------------------------------- body

    def _is_furniture(self, i: int) -> bool:
        ln = self.lines[i]
        s = ln.text.strip()
        if _squash(s) in self.furniture:
            return True
        if _PAGE_NO.match(s):
            return True
        if _BARE_INT.match(s):
            near = self.lines[max(0, i - 2) : i + 3]
            return any(x.ff for x in near)
        return False

    def _classify(self, ln: _Line) -> _Sig:
        s = ln.text
        m = _TOTAL.match(s)
        if m:
            return _Sig("total", ln, nums=_numbers(m.group("nums") or ""))
        m = _AMOUNTS_ONLY.match(s)
        if m:
            nums = _numbers(m.group("nums"))
            if len(nums) >= 2 or any(c in s for c in ".．"):
                return _Sig("amounts", ln, nums=nums)
            return _Sig("text", ln)
        m = _NAMED_AMOUNTS.match(s)
        if m:
            name = m.group("name").strip()
            nums = _numbers(m.group("nums"))
            if m.group("indent"):
                return _Sig("project", ln, name=name, nums=nums)
            if (
                not (set(name) & _NAME_BREAKERS)
                and not re.match(rf"{_D}+、", name)
                and (len(nums) >= 2 or any(c in m.group("nums") for c in ".．"))
            ):
                return _Sig("named", ln, name=name, nums=nums)
            return _Sig("text", ln)
        indent = re.match(r"^[ \t]*", s).group(0)
        if (len(indent) >= 2 or "\t" in indent) and not (set(s) & set("。；;：:，,")) and not runon.CODED_HEAD.match(s.strip()):
            return _Sig("project-noamt", ln, name=s.strip())
        return _Sig("text", ln)

    def _body(self, start: int) -> None:
        sigs: list[_Sig] = []
        for i in range(start, len(self.lines)):
            if not self.lines[i].text.strip() or self._is_furniture(i):
                continue
            sigs.append(self._classify(self.lines[i]))

        pending: list[_Sig] = []
        unit: _Unit | None = None
        project: _Project | None = None

        def flush_to_project() -> None:
            nonlocal pending
            if not pending:
                return
            if project is not None:
                project.lines.extend(pending)
            else:
                for s in pending:
                    self.error(
                        s.no,
                        f"第 {s.no} 行的文字“{_short(s.text)}”无法归入任何项目",
                        f'line {s.no}: text "{_short(s.text)}" does not belong to any project',
                    )
            pending = []

        for s in sigs:
            if s.kind == "total":
                if self.total is None and not self.units and project is None:
                    for p in pending:
                        self.error(
                            p.no,
                            f"第 {p.no} 行的文字“{_short(p.text)}”在合计行之前，无法读取",
                            f'line {p.no}: text "{_short(p.text)}" before the 合计 row cannot be read',
                        )
                    pending = []
                    if s.nums:
                        self.total = self._row(s, s.nums)
                    else:
                        self.error(s.no, f"第 {s.no} 行的合计行没有金额", f"line {s.no}: the 合计 row has no amounts")
                else:
                    self.error(
                        s.no,
                        f"第 {s.no} 行出现第二个合计行“{_short(s.text)}”，无法读取",
                        f'line {s.no}: a second 合计 row "{_short(s.text)}" cannot be read',
                    )
                continue
            if s.kind in ("amounts", "named"):
                if s.kind == "named":
                    # the name's first line may stand on the line before: `<part 1>` / `<part 2> 1.20 1.20`
                    names = self._take_unit_name(pending, project is not None, 1) + [s]
                    parts = [n.text.strip() for n in names[:-1]] + [s.name]
                    pending = pending[: len(pending) - len(names) + 1]
                else:
                    names = self._take_unit_name(pending, project is not None, 2)
                    parts = [n.text.strip() for n in names]
                    pending = pending[: len(pending) - len(names)]
                flush_to_project()
                name = "".join(parts)
                if len(parts) >= 2:
                    zh_parts = "".join(f"“{x}”" for x in parts)
                    en_parts = ", ".join(f'"{x}"' for x in parts)
                    count = _ZH_COUNT.get(len(parts), str(len(parts)))
                    self.ambiguous(
                        names[0].no,
                        f"第 {names[0].no}–{names[-1].no} 行：单位名称分在{count}行（{zh_parts}），连接为“{name}”",
                        f'lines {names[0].no}-{names[-1].no}: the unit name is split over {len(parts)} lines '
                        f'({en_parts}); joined as "{name}"',
                    )
                elif not names:
                    self.error(
                        s.no,
                        f"第 {s.no} 行的金额“{_short(s.text)}”之前没有资金使用单位名称",
                        f'line {s.no}: the amounts "{_short(s.text)}" have no 资金使用单位 name before them',
                    )
                unit = _Unit(name, names[0].no if names else s.no, self._row(s, s.nums))
                self.units.append(unit)
                project = None
                continue
            if s.kind in ("project", "project-noamt"):
                flush_to_project()
                if unit is None:
                    unit = _Unit("", s.no, None)
                    self.units.append(unit)
                    self.error(
                        s.no,
                        f"第 {s.no} 行的项目“{_short(s.name)}”之前没有资金使用单位",
                        f'line {s.no}: the project "{_short(s.name)}" has no 资金使用单位 before it',
                    )
                row = None
                if s.kind == "project":
                    row = self._row(s, s.nums)
                else:
                    self.error(
                        s.no,
                        f"第 {s.no} 行的项目“{_short(s.name)}”没有金额",
                        f'line {s.no}: the project "{_short(s.name)}" has no amounts',
                    )
                project = _Project(s, row)
                unit.projects.append(project)
                continue
            pending.append(s)

        # Text after the last project: its 绩效目标 / 绩效指标; or nothing to attach it to.
        if project is None and pending and unit is not None and not unit.projects:
            for p in pending:
                self.error(
                    p.no,
                    f"第 {p.no} 行的文字“{_short(p.text)}”无法读取（单位之后没有项目）",
                    f'line {p.no}: text "{_short(p.text)}" cannot be read (no project after the unit)',
                )
            pending = []
        flush_to_project()
        last_project = project
        for u in self.units:
            for p in u.projects:
                try:
                    self._project_text(p, at_end=p is last_project)
                except Exception as exc:  # noqa: BLE001
                    self._unexpected(p.sig.no, f"项目“{_short(p.sig.name, 20)}”", f'the project "{p.sig.name}"', exc)

    @staticmethod
    def _take_unit_name(pending: list[_Sig], after_project: bool, limit: int) -> list[_Sig]:
        """The last lines of ``pending`` that belong to a unit name (at most ``limit`` after a project).

        Before the first project every pending line is part of the name; after a project
        only lines that cannot be indicator text (no ；：。，、, no 指标值) are.
        """
        if not after_project:
            return list(pending)
        names: list[_Sig] = []
        for s in reversed(pending):
            if len(names) == limit:
                break
            t = s.text.strip()
            if s.kind != "text" or set(t) & _NAME_BREAKERS or "指标值" in t or len(t) > 40:
                break
            names.insert(0, s)
        return names

    def _row(self, s: _Sig, tokens: list) -> _Row | None:
        try:
            nums = [_amount(t) for t in tokens]
        except (InvalidOperation, ValueError):
            self.error(
                s.no,
                f"第 {s.no} 行的金额“{_short(s.text)}”无法读取",
                f'line {s.no}: cannot read the amounts "{_short(s.text)}"',
            )
            return None
        ncols = len(self.columns)
        if len(nums) > ncols:
            self.error(
                s.no,
                f"第 {s.no} 行“{_short(s.text)}”的金额多于 {ncols} 列，只读取前 {ncols} 个",
                f'line {s.no}: "{_short(s.text)}" has more amounts than the {ncols} columns; read the first {ncols}',
            )
            nums = nums[:ncols]
        return _Row(s.no, s.text.strip(), nums, self._candidates(len(nums)))

    def _candidates(self, k: int) -> list:
        """Column readings for ``k`` numbers: 总计 first, then the split columns, most usual first."""
        split = self.columns[1:]
        if k <= 1:
            return [("总计",)]
        if k - 1 >= len(split):
            return [("总计", *split)]
        combos = list(combinations(split, k - 1))
        # Most usual first: 财政拨款, then 其他资金, then 财政专户拨款.
        rank = {"财政拨款": 0, "其他资金": 1, "财政专户拨款": 2}
        combos.sort(key=lambda c: sorted(rank.get(x, 3) for x in c))
        return [("总计", *c) for c in combos]

    # -------------------------------------------------------- goal and indicators

    def _project_text(self, p: _Project, at_end: bool) -> None:
        starts: list[int] = []
        lines: list[int] = []
        indents: list[int] = []  # characters stripped from the start of each source line
        ends: set[int] = set()  # offsets of the last character of each source line
        joined = ""
        for s in p.lines:
            t = s.text.strip()
            if not t:
                continue
            starts.append(len(joined))
            lines.append(s.no)
            indents.append(len(s.text) - len(s.text.lstrip()))
            joined += t
            ends.add(len(joined) - 1)

        def line_at(pos: int) -> int:
            if not starts:
                return p.sig.no
            return lines[max(0, bisect_right(starts, pos) - 1)]

        def column_at(pos: int) -> int:
            """The 1-based column of ``joined[pos]`` in its source line."""
            if not starts:
                return 1
            i = max(0, bisect_right(starts, pos) - 1)
            return pos - starts[i] + indents[i] + 1

        start = runon.first_item(joined)
        if start is None and "指标值" in joined:
            # no item starts "1、1-": the indicators run from the first line with an indicator keyword
            k = 0
            for i, off in enumerate(starts):
                seg = joined[off : starts[i + 1] if i + 1 < len(starts) else len(joined)]
                if "指标；" in seg or "指标值" in seg:
                    k = i
                    break
            start = starts[k]
        indicators = []
        if start is not None:
            try:
                parsed = runon.parse(joined, strict=True, start=start, line_ends=ends if at_end else ())
            except Exception as exc:  # noqa: BLE001
                self._unexpected(line_at(start), "绩效指标", "the indicators", exc)
            else:
                for problem in parsed.problems:
                    line = line_at(problem.offset)
                    zh, en = problem.at_line(line)
                    # a numbering gap points at the item's number (3、); the others at the line
                    column = column_at(problem.offset) if problem.slug == runon.GAP else 1
                    self.problems.append(ImportProblem(problem.slug, line, column, zh, en))
                indicators = parsed.indicators

        data: dict = {"项目名称": p.sig.name}
        if p.row is not None:
            data["金额"] = None  # filled once the columns are decided
        data["绩效目标"] = joined if start is None else joined[:start]
        data["绩效指标"] = indicators
        p.data = data

    # -------------------------------------------------------- amount columns

    def _resolve_columns(self) -> None:
        """Decide the columns of every money row whose empty columns were dropped.

        A row always starts with 总计; which split columns its other amounts are in is
        chosen so that each unit's 小计 equals the sum of its projects and 合计 equals
        the sum of the 小计, column by column, preferring the usual reading
        (财政拨款, then 其他资金, then 财政专户拨款) and as few departures from it as
        possible.
        """
        split = self.columns[1:]
        zero = tuple(Decimal(0) for _ in split)

        def vec(row: _Row, choice: int) -> tuple:
            cells = row.cells(choice)
            return tuple(cells.get(c, Decimal(0)) for c in split)

        def col_violations(have: tuple, want: tuple) -> int:
            return sum(1 for x, y in zip(have, want) if abs(x - y) > _TOLERANCE)

        # Step 1: for each unit and each reading of its 小计, the best reading of its projects.
        unit_options = []  # per unit: [(subtotal vector, violations, departures, 小计 choice, project choices)]
        for u in self.units:
            rows = [p.row for p in u.projects if p.row is not None]
            sub = u.row
            if sub is None or not rows:
                sub_vec = vec(sub, 0) if sub is not None else zero
                unit_options.append([(sub_vec, 0, 0, 0 if sub is not None else None, [0] * len(rows))])
                continue
            slots = [[(vec(r, c), 0, 1 if c else 0) for c in range(len(r.cands))] for r in rows]
            opts = []
            for j in range(len(sub.cands)):
                target = vec(sub, j)
                (viol, dev), choices = _search(
                    slots, lambda total, _v, d, target=target: (col_violations(target, total), d)
                )
                opts.append((target, viol, dev + (1 if j else 0), j, choices))
            opts.sort(key=lambda o: (o[1], o[2]))
            unit_options.append(opts)

        # Step 2: the reading of 合计 and of each 小计 that fits best overall.
        total = self.total
        has_subs = any(u.row is not None for u in self.units)
        slots = [[(o[0], o[1], o[2]) for o in opts] for opts in unit_options]
        best = None
        for t in range(len(total.cands)) if total is not None else [None]:
            target = vec(total, t) if total is not None else zero

            def score(sums, viol, dev, target=target, t=t):
                grand = col_violations(target, sums) if total is not None and has_subs else 0
                return (viol + grand, dev + (1 if t else 0))

            result = _search(slots, score, zero_stops=False)
            if best is None or result[0] < best[0]:
                best = (result[0], t, result[1])
        _, t, choices = best
        if total is not None:
            total.choice = t
        self.unit_violations = []
        for u, opts, c in zip(self.units, unit_options, choices):
            _, viol, _, j, proj = opts[c]
            if u.row is not None and j is not None:
                u.row.choice = j
            rows = [p.row for p in u.projects if p.row is not None]
            for r, pc in zip(rows, proj):
                r.choice = pc
            self.unit_violations.append(viol)
        self.grand_violations = 0
        if total is not None and has_subs:
            sums = tuple(
                sum((vec(u.row, u.row.choice)[i] for u in self.units if u.row is not None), Decimal(0))
                for i in range(len(split))
            )
            self.grand_violations = col_violations(vec(total, total.choice), sums)
        self._report_columns()

    def _report_columns(self) -> None:
        ncols = len(self.columns)
        entries = []
        if self.total is not None:
            entries.append((self.total, self.grand_violations == 0))
        for u, viol in zip(self.units, self.unit_violations):
            if u.row is not None:
                entries.append((u.row, viol == 0 and self.grand_violations == 0))
            for p in u.projects:
                if p.row is not None:
                    entries.append((p.row, viol == 0))
        for row, consistent in entries:
            k = len(row.nums)
            if k < 2 or k >= ncols:
                continue
            cols = row.cands[row.choice]
            ok = consistent and row.row_sum_ok()
            if not ok:
                reason = ("金额合计对不上，按常见读法", "the amounts do not add up; the usual reading")
                if row.choice:
                    reason = ("金额合计对不上，按最接近的读法", "the amounts do not add up; the closest reading")
            elif row.choice:
                reason = ("按金额合计确定", "settled by the totals")
            elif k == 2:
                reason = ("两数相等，与金额合计一致", "the two are equal and match the totals")
            else:
                reason = ("与金额合计一致，按常见读法", "matches the totals; the usual reading")
            self.ambiguous(
                row.line,
                f"第 {row.line} 行“{row.text}”只有{_ZH_COUNT.get(k, k)}个金额，按 {'、'.join(cols)} 读取（{reason[0]}）",
                f'line {row.line}: "{row.text}" has only {_EN_COUNT.get(k, k)} amounts; '
                f"read as {', '.join(cols)} ({reason[1]})",
            )

    # -------------------------------------------------------- output

    @staticmethod
    def _money(row: _Row) -> dict:
        cells = row.cells()
        return {c: cells[c] for c in MONEY_COLUMNS if c in cells}

    def _assemble(self, table: dict) -> None:
        if self.total is not None:
            table["合计"] = self._money(self.total)
        units = []
        for u in self.units:
            ud: dict = {"单位名称": u.name}
            if u.row is not None:
                ud["小计"] = self._money(u.row)
            projects = []
            for p in u.projects:
                data = dict(p.data) if p.data else {"项目名称": p.sig.name, "绩效目标": "", "绩效指标": []}
                if p.row is not None:
                    data["金额"] = self._money(p.row)
                    # keep the canonical key order: 项目名称, 金额, 绩效目标, 绩效指标
                    data = {k: data[k] for k in ("项目名称", "金额", "绩效目标", "绩效指标") if k in data}
                else:
                    data.pop("金额", None)
                projects.append(data)
            ud["项目"] = projects
            units.append(ud)
        table["资金使用单位"] = units


def _search(slots: list, score, max_dev: int = 3, cap: int = 20000, zero_stops: bool = True):
    """Choose one option per slot, option 0 being the preferred one, minimising ``score``.

    Each option is ``(vector, violations, departures)``; ``score(sum of vectors, sum of
    violations, sum of departures)`` returns a comparable whose first item is 0 for a
    perfect fit.  Assignments with 0, 1, 2, … departures from the preferred options are
    tried in a fixed order; slots with the same options are interchangeable, so only the
    first ones of such a group depart.  With ``zero_stops`` the first perfect fit wins.
    Returns ``(score, choices)``.
    """
    n = len(slots)
    width = len(slots[0][0][0]) if n else 0

    def add(a: tuple, b: tuple, sign: int = 1) -> tuple:
        return tuple(x + sign * y for x, y in zip(a, b))

    base_vec = tuple(Decimal(0) for _ in range(width))
    base_viol = base_dev = 0
    for opts in slots:
        base_vec = add(base_vec, opts[0][0])
        base_viol += opts[0][1]
        base_dev += opts[0][2]
    choices = [0] * n
    best = (score(base_vec, base_viol, base_dev), list(choices))
    if zero_stops and best[0][0] == 0:
        return best

    groups: dict = {}  # options -> slots with exactly these options, in order
    for i, opts in enumerate(slots):
        if len(opts) > 1:
            groups.setdefault(tuple(opts), []).append(i)
    moves = [(key, a) for key in groups for a in range(1, len(key))]
    tried = 0
    for d in range(1, max_dev + 1):
        for combo in combinations_with_replacement(range(len(moves)), d):
            used: dict = {}
            vec, viol, dev = base_vec, base_viol, base_dev
            picked = []
            ok = True
            for m in combo:
                key, a = moves[m]
                k = used.get(key, 0)
                if k >= len(groups[key]):
                    ok = False
                    break
                used[key] = k + 1
                slot = groups[key][k]
                picked.append((slot, a))
                opt0, opt = key[0], key[a]
                vec = add(add(vec, opt[0]), opt0[0], -1)
                viol += opt[1] - opt0[1]
                dev += opt[2] - opt0[2]
            if not ok:
                continue
            sc = score(vec, viol, dev)
            if sc < best[0]:
                new = list(choices)
                for slot, a in picked:
                    new[slot] = a
                best = (sc, new)
                if zero_stops and sc[0] == 0:
                    return best
            tried += 1
            if tried >= cap:
                return best
    return best


def read_pdf_text(text: str) -> ImportResult:
    """Read the text of a published 项目支出绩效目标表 PDF.

    Returns the table (plain dicts, Chinese keys, amounts as Decimal) and every
    decision (``import-ambiguous``) and unreadable part (``import-error``) with its
    1-based line.  Raises :class:`ImportFailure` only when the text is not such a
    table at all (no 部门名称 line and no header row).
    """
    if not isinstance(text, str):
        raise ImportFailure("输入不是文本", "the input is not text")
    return _Reader(text).read()
