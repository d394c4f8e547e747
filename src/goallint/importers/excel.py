"""Read a 项目支出绩效目标表 from an Excel workbook (.xlsx).

Two layouts are understood, each found by its header row wherever it stands in
any sheet (the first 30 rows are scanned; headers are compared after NFKC, so
full-width and half-width forms are the same, and after removing spaces, line
breaks and ``*``):

**Published layout** (公开表), one row per 合计 / 资金使用单位 / 项目::

    项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标

* the ``合计`` row gives 合计; a row with amounts but neither 绩效目标 nor
  绩效指标 opens a 资金使用单位 (单位名称 + 小计); a row with 绩效目标 or 绩效指标
  is a project of the current unit.  An indented name cell with amounts but no
  text is still read as a project (reported).
* above the header: the title cell gives 表名, a cell ``部门名称：X`` gives
  部门名称, ``单位：万元`` gives 金额单位; ``部门编码：X`` and ``预算年度：2021``
  are read too (goallint's own exporter writes them when the table has them).
* the 绩效指标 cell holds the published run-on string
  ``1、1-产出指标；11-数量指标；出租屋登记率；实施周期指标值:95%；年度指标值:95%。2、…``.
  It is read by :func:`goallint.importers.runon.parse` (the same parser as for the
  PDF text, in its lenient form: codes, 实施周期指标值 and the last ``。`` are
  optional).  Items are split only where ``。`` is followed by ``N、`` and a coded
  level (``\\d+-``), or by the next number followed by two ``；``-separated fields
  (an item without codes).  The item's own terminator ``。`` is removed from the
  年度指标值; a value's own ``。`` before ``；`` stays (``…事件。；年度指标值``).
  Level names are stored without the code (``1-产出指标`` → ``产出指标``) once
  the code is checked against the name and a level-2 code against its level-1
  code (:mod:`goallint.taxonomy`: 1 产出, 2 效益, 3 满意度, 11 数量, 12 质量,
  13 时效, 21 经济效益, 22 社会效益, 31 …满意度; compared after removing a
  trailing 指标); a code that disagrees, or is not known, keeps the published
  ``code-name`` text and is reported.
* any other header between 总计 and 绩效目标 is a fund source (上年结转, 上级资金,
  a province's own name): a money column like 财政拨款.
* optional trailing columns that goallint's exporter writes only when the table
  has such data: 单位编码, 项目代码, 项目期限, 实施计划 / 测算依据 (as text), and
  实施周期<column> (实施周期总计, 实施周期财政拨款, 实施周期上年结转 …): 实施周期金额.  A 绩效目标 cell written as
  ``实施周期目标：…`` + line break + ``年度目标：…`` becomes the mapping form.

**System export layout** (预算管理一体化), one row per indicator::

    一级指标 | 二级指标 | 三级指标名称 | 计算符号 | 年度指标值 | 计量单位 | …

with optional 实施周期指标值 / 中期指标值, 权重, 指标方向, 指标值类型,
指标解释, 绩效标准, 评分标准 / 评(扣)分标准, 备注, and optional 单位名称 /
单位编码 / 项目名称 / 项目代码 / 项目期限 / 绩效目标 / 总计 / 财政拨款 / …
columns.  Rows with the same (单位名称, 项目名称) form one project.  Without a
项目名称 column the project is named by a ``项目名称：X`` cell above the header,
or else after the sheet (reported); the unit likewise by ``单位名称：X``, else
部门名称 or the sheet name (reported).  A 计算符号 column applies to every value
column unless a specific one exists (``实施周期计算符号``, ``年度计算符号``; the
same for 计量单位).  When 计算符号 is given the value becomes
``{计算符号, 指标值, 计量单位}`` (codes 1–5 of the PMKPIZBXS dictionary and
``>= > = < <=`` become ``≥ ＞ ＝ ＜ ≤``; 计量单位 omitted when empty); 定性
(code 6, also 9 and 10) gives the plain value.  Without 计算符号 a value with a
计量单位 becomes ``{指标值, 计量单位}``, one without is the plain cell value.
Vertically merged cells count for every row they cover; an empty 一级指标 /
二级指标 / 单位名称 / 项目名称 cell outside a merge repeats the row above
(reported).

**Item sheets.**  A sheet whose header holds 项目名称 and 内容 with 金额 (and 时间)
is a 实施计划 sheet; with 数量 or 单价 a 测算依据 sheet.  Each row is one item of the
project named by its 项目名称 (and 单位名称 when given); an unknown project is reported.
The system layout may also carry 实施周期二级指标 / 中期二级指标 / 年度二级指标 columns:
a value's own 二级指标 label (the value becomes a mapping with 二级指标).

**Both layouts in one workbook** (as :func:`goallint.export.export_workbook`
writes them): the published sheet is the table; the system sheet is used only
for what the published one lacks — 指标值类型, 指标方向, 权重, 指标解释,
绩效标准, 评分标准, 备注, 项目代码 and 单位编码 when absent, and the structured
form of a target value whose rendering (计算符号 + 指标值 + 计量单位) equals the
published text.  Where the two sheets disagree the published sheet wins and the
difference is reported.  Several published sheets: the first is read, the others
are reported and ignored.

**Cells.**  Amounts are ``Decimal`` built from text, never from a float's binary
value: a numeric cell becomes ``Decimal(repr(x))`` read as its number format
shows it (``0.00``, ``#,##0.00``: ``8`` reads ``8.00``, float residue such as
``528.9500000000001`` reads ``528.95``; a stored ``7.004`` shown as ``7.00`` reads
``7.00`` and is reported); General or no decimals and an integral value give an
``int``.  A text cell holding a number (``1,234.50``) is read as that number.
Codes and names stay as written (a numeric code cell keeps its number type,
except that a number shown with leading zeros by its format, ``000`` showing 066,
becomes that text; ``部门编码：X`` above the header is text).

**Problems.**  Every guess is an ``import-ambiguous`` problem and every
unreadable cell or item an ``import-error`` (line = the 1-based row, sheet =
the sheet name); the rest is still returned.  A workbook with no recognisable
header, or bytes that are not an .xlsx workbook, raise :class:`ImportFailure`
with a one-line message, never a traceback.

**Limits.**  The archive is checked by :func:`goallint.importers.xlsxscan.scan_xlsx`
before openpyxl opens it (sizes, compression ratio, cells including merged and
hyperlinked ranges, no DTD): a workbook over the
:class:`~goallint.importers.limits.Limits` is refused with one line.  Only the cells
that exist are visited, in the first ``xlsx_rows`` rows and ``xlsx_columns`` columns;
a cell with a value beyond them is an ``import-error`` at that cell.

**Formulas.**  A formula cell is read as its saved result.  One without a saved result
(openpyxl and other programs write none) would read as empty: it is an
``import-error`` at its cell; a formula that reads another workbook keeps its saved
result and is ``import-ambiguous``; an error value (``#REF!``) is an ``import-error``.

openpyxl (a dependency of goallint) is imported only inside the functions, so start-up does not pay for it.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from goallint import values
from goallint.dump import BASIS_KEYS, FUND_SOURCES, INDICATOR_KEYS, MONEY_COLUMNS, PLAN_KEYS, PROJECT_KEYS, TABLE_KEYS, TARGET_KEYS, UNIT_KEYS
from goallint.fileio import FileTooLargeError, NotRegularFileError, read_bytes_limited
from goallint.importers import ImportFailure, ImportProblem, ImportResult, runon, too_large
from goallint.importers.limits import DEFAULT_LIMITS, Limits
from goallint.importers.runon import number_text as _number_text
from goallint.importers.runon import render_value
from goallint.importers.xlsxscan import WorkbookScan, scan_xlsx, zip_entries
from goallint.taxonomy import level_code, split_code

__all__ = [
    "looks_like_xlsx",
    "read_workbook",
    "read_workbook_bytes",
    "parse_indicators",
    "level_code",
    "render_value",
    "canonical_comparator",
    "EXTRA_COLUMNS",
    "PERIOD_MONEY_COLUMNS",
]

AMBIGUOUS = "import-ambiguous"
ERROR = "import-error"
HEADER_SCAN_ROWS = 30

# Optional published-layout columns after 绩效指标 (what the published table lacks).
PERIOD_MONEY_COLUMNS = tuple("实施周期" + c for c in MONEY_COLUMNS)
PERIOD_PREFIX = "实施周期"
EXTRA_COLUMNS = ("单位编码", "项目代码", "项目期限", "实施计划", "测算依据") + PERIOD_MONEY_COLUMNS
# Sheets of 实施计划 / 测算依据 items, one row per item, matched to projects by (单位名称, 项目名称).
PLAN_SHEET = "实施计划"
BASIS_SHEET = "测算依据"
_ITEM_NUMBERS = ("金额", "数量", "单价", "系数")

# ---------------------------------------------------------------- comparators


def canonical_comparator(sign: Any) -> str | None:
    """``1``/``'1'``/``'>='``/``'≥'`` → ``'≥'``; 6 (9, 10) and 定性 → ``'定性'``; None when not a known 计算符号.

    :func:`goallint.values.canonical_comparator`, except that a qualitative 计算符号 gives
    ``'定性'`` rather than None: a 计算符号 cell must tell 定性 from a sign it does not know.
    """
    return values.canonical_comparator(sign, qualitative="定性")


# ---------------------------------------------------------------- entry points


def looks_like_xlsx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> bool:
    """True when the bytes are a zip archive holding ``xl/workbook.xml`` (an .xlsx/.xlsm workbook).

    A zip whose end record lists more files than the limit counts as a workbook
    without being opened, so that :func:`read_workbook_bytes` refuses it by name.
    """
    if not data.startswith(b"PK\x03\x04"):
        return False
    entries = zip_entries(data)
    if entries is None:
        return False
    if entries[0] > limits.xlsx_members or entries[1] > limits.xlsx_members * 1024:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return False


def read_workbook(path, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a workbook file into a table; see the module docstring for the layouts."""
    name = str(path)
    try:
        data = read_bytes_limited(path, limits.input_bytes)
    except FileTooLargeError:
        raise ImportFailure(*too_large(name, limits)) from None
    except NotRegularFileError:
        raise ImportFailure(zh=f"无法读取文件 {name}：不是普通文件", en=f"cannot read {name}: not a regular file") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ImportFailure(zh=f"无法读取文件 {name}：{reason}", en=f"cannot read {name}: {reason}") from None
    return read_workbook_bytes(data, name, limits)


def read_workbook_bytes(data: bytes, name: str = "", limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a workbook given as bytes (the same as :func:`read_workbook`); ``name`` is for messages.

    The archive is checked by :func:`goallint.importers.xlsxscan.scan_xlsx` before
    openpyxl opens it: a workbook above the limits is refused with one line.
    """
    if not data:
        raise ImportFailure(zh="文件为空，不是 Excel 工作簿", en="the file is empty, not an Excel workbook")
    if len(data) > limits.input_bytes:
        raise ImportFailure(*too_large(name, limits))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure(
            zh="这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入",
            en="this is a legacy .xls file; save it as .xlsx in Excel and import that",
        )
    if not looks_like_xlsx(data, limits):
        raise ImportFailure(
            zh="不是 Excel 工作簿（.xlsx）：文件不是含 xl/workbook.xml 的 zip 包",
            en="not an Excel workbook (.xlsx): not a zip archive holding xl/workbook.xml",
        )
    scan = scan_xlsx(data, name, limits)
    openpyxl = require_openpyxl()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged archives
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise ImportFailure(
            zh=f"Excel 工作簿已损坏，无法打开：{first}",
            en=f"the Excel workbook is damaged and cannot be opened: {first}",
        ) from None
    return _Reader(workbook, scan, limits).read()


def require_openpyxl():
    try:
        import openpyxl
    except ImportError:
        from goallint.importers import EXCEL_REQUIREMENT, missing_library

        raise missing_library(" Excel 支持（openpyxl）", "Excel support (openpyxl)", EXCEL_REQUIREMENT) from None
    return openpyxl


# ---------------------------------------------------------------- cells


def _norm_header(value: Any) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*]+", "", text)


def _decimals(number_format: str | None) -> int | None:
    """How many decimals a number format shows (``0.00`` → 2, ``0`` → 0), None for General/text."""
    if not number_format:
        return None
    section = number_format.split(";")[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    if section.strip().lower() in ("general", "@", ""):
        return None
    if not re.search(r"[0#?]", section):
        return None
    match = re.search(r"\.([0#?]+)", section)
    return len(match.group(1)) if match else 0


class CellError(ValueError):
    pass


_FLOAT_NOISE = Decimal("1e-12")  # relative: what binary arithmetic adds to a decimal amount


def _cell_number(value: Any, number_format: str | None, on_hidden=None) -> int | Decimal | None:
    """An exact number from a cell: Decimal from text, never from binary float; None when empty.

    A numeric cell is read as its number format shows it: ``8`` with ``0.00`` is
    ``Decimal('8.00')``; float noise (``0.30000000000000004``) is dropped.  When the
    stored value has real digits the format hides (``8.005`` shown as ``8.01``) the
    shown value is returned and ``on_hidden(stored, shown)`` is called.
    Raises :class:`CellError` when the cell holds something that is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(str(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
            raise CellError(value.strip())
        if "." not in text:
            return int(text)
        return Decimal(text)
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise CellError(repr(value))
            exact = Decimal(repr(value))
        else:
            exact = Decimal(value)
        shown = _decimals(number_format)
        if "%" in (number_format or "").split(";")[0]:
            # a percent format shows 100 × the value; goallint keeps what is stored
            shown = None
        if shown is None or shown == 0:
            if exact == exact.to_integral_value():
                return int(exact)
            return exact
        shown_value = exact.quantize(Decimal(1).scaleb(-shown), rounding=ROUND_HALF_UP)
        if abs(shown_value - exact) > abs(exact).max(Decimal(1)) * _FLOAT_NOISE and on_hidden is not None:
            on_hidden(exact, shown_value)
        return shown_value
    if isinstance(value, (datetime, date, time)):
        raise CellError(value.isoformat())
    raise CellError(str(value))


def _cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell as text, outer spaces removed; numbers as their shown digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Decimal)):
        try:
            return _number_text(_cell_number(value, number_format))
        except CellError:
            return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def _cell_plain(value: Any, number_format: str | None) -> Any:
    """A text cell as its text, a numeric cell as its exact number (int or Decimal); None when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            return _cell_number(value, number_format)
        except CellError:
            return str(value)
    return _cell_text(value, number_format) or None


class _Grid:
    """A worksheet's cells that hold a value, merged ranges resolved: every cell of a merge reads its top-left cell.

    Only cells that exist are visited, never the ``max_row × max_column`` rectangle:
    a stray cell at XFD1048576 costs one cell, not seventeen billion.  Cells beyond the
    rows and columns that are read (:class:`~goallint.importers.limits.Limits`) and
    error values (``#REF!``) are set aside in :attr:`outside` and :attr:`errors`, for
    the reader to report.
    """

    def __init__(self, ws, limits: Limits = DEFAULT_LIMITS):
        self.ws = ws
        self.name = ws.title
        self.limits = limits
        last_row, last_col = limits.xlsx_rows, limits.xlsx_columns
        self.cells: dict[tuple[int, int], Any] = {}
        self.outside: list[tuple[int, int]] = []
        self.errors: list[tuple[int, int, Any]] = []
        columns: dict[int, set] = {}
        for (row, col), cell in ws._cells.items():  # the cells openpyxl holds; reading creates none
            if cell.value is None:
                continue
            if row > last_row or col > last_col:
                self.outside.append((row, col))
            elif cell.data_type == "e":
                self.errors.append((row, col, cell.value))
            else:
                self.cells[(row, col)] = cell
                columns.setdefault(row, set()).add(col)
        # row -> [(first column, last column, top-left cell)] of the merges whose top-left cell has a value
        self.spans: dict[int, list[tuple[int, int, tuple[int, int]]]] = {}
        for rng in ws.merged_cells.ranges:
            origin = (rng.min_row, rng.min_col)
            if origin not in self.cells:
                continue  # an empty merge reads as empty cells
            end_col = min(rng.max_col, last_col)
            for row in range(rng.min_row, min(rng.max_row, last_row) + 1):
                self.spans.setdefault(row, []).append((rng.min_col, end_col, origin))
                columns.setdefault(row, set()).update(range(rng.min_col, end_col + 1))
        self._columns = {row: sorted(cols) for row, cols in columns.items()}
        self._rows = sorted(self._columns)

    def rows(self, after: int = 0, before: int | None = None) -> list[int]:
        """The rows that have a value (own or merged), in order, strictly between ``after`` and ``before``."""
        start = bisect_right(self._rows, after)
        end = len(self._rows) if before is None else bisect_left(self._rows, before)
        return self._rows[start:end]

    def columns(self, row: int) -> list[int]:
        """The columns of ``row`` that have a value (own or merged), in order."""
        return self._columns.get(row, [])

    def origin(self, row: int, col: int) -> tuple[int, int] | None:
        """The top-left cell of the merge that covers (row, col), when it is not that cell itself."""
        for first, last, origin in self.spans.get(row, ()):
            if first <= col <= last and (row, col) != origin:
                return origin
        return None

    def cell(self, row: int, col: int):
        cell = self.cells.get((row, col))
        if cell is None:
            origin = self.origin(row, col)
            if origin is not None:
                cell = self.cells.get(origin)
        return cell

    def value(self, row: int, col: int) -> Any:
        cell = self.cell(row, col)
        return None if cell is None else cell.value

    def fmt(self, row: int, col: int) -> str | None:
        cell = self.cell(row, col)
        return None if cell is None else cell.number_format

    def continued(self, row: int, col: int) -> bool:
        """True when the cell is a lower part of a vertical merge (its value belongs to a row above)."""
        origin = self.origin(row, col)
        return origin is not None and origin[0] < row

    def text(self, row: int, col: int | None) -> str:
        if col is None:
            return ""
        return _cell_text(self.value(row, col), self.fmt(row, col))

    def row_empty(self, row: int) -> bool:
        return all(self.text(row, c) == "" for c in self.columns(row))

    def indent(self, row: int, col: int) -> bool:
        cell = self.cell(row, col)
        if cell is None:
            return False
        raw = cell.value if isinstance(cell.value, str) else ""
        return bool(getattr(cell.alignment, "indent", 0)) or raw[:1] in (" ", "\u3000", "\t")


# ---------------------------------------------------------------- headers

_PUBLISHED_HEADERS = {
    "总计": "总计",
    "财政拨款": "财政拨款",
    "财政专户拨款": "财政专户拨款",
    "其他资金": "其他资金",
    "绩效目标": "绩效目标",
    "绩效指标": "绩效指标",
    **{c: c for c in EXTRA_COLUMNS},
}

_SYSTEM_HEADERS = {
    "一级指标": "一级指标", "一级指标名称": "一级指标", "一级绩效指标名称": "一级指标",
    "二级指标": "二级指标", "二级指标名称": "二级指标", "二级绩效指标名称": "二级指标",
    "三级指标": "三级指标", "三级指标名称": "三级指标", "三级绩效指标名称": "三级指标",
    "年度指标值": "年度指标值", "指标值": "年度指标值", "年度目标值": "年度指标值",
    "实施周期指标值": "实施周期指标值", "中期指标值": "实施周期指标值", "实施期指标值": "实施周期指标值",
    "中期目标值": "实施周期指标值", "实施周期目标值": "实施周期指标值",
    "计算符号": "计算符号",
    "年度计算符号": "年度计算符号",
    "实施周期计算符号": "实施周期计算符号", "中期计算符号": "实施周期计算符号", "实施期计算符号": "实施周期计算符号",
    "计量单位": "计量单位",
    "年度计量单位": "年度计量单位",
    "实施周期计量单位": "实施周期计量单位", "中期计量单位": "实施周期计量单位", "实施期计量单位": "实施周期计量单位",
    "权重": "权重", "分值": "权重", "权重(分值)": "权重",
    "指标方向": "指标方向",
    "指标值类型": "指标值类型", "指标性质": "指标值类型",
    "指标解释": "指标解释", "指标说明": "指标解释", "绩效指标说明": "指标解释", "指标内容": "指标解释",
    "绩效标准": "绩效标准",
    "评分标准": "评分标准", "评(扣)分标准": "评分标准", "评扣分标准": "评分标准", "评分规则": "评分标准",
    "备注": "备注",
    "单位名称": "单位名称", "资金使用单位": "单位名称",
    "单位编码": "单位编码", "单位代码": "单位编码",
    "项目名称": "项目名称",
    "项目代码": "项目代码", "项目编码": "项目代码",
    "项目期限": "项目期限",
    "绩效目标": "绩效目标",
    "实施周期二级指标": "实施周期二级指标", "中期二级指标": "实施周期二级指标", "实施期二级指标": "实施周期二级指标",
    "年度二级指标": "年度二级指标",
    **{c: c for c in MONEY_COLUMNS},
    **{c: c for c in FUND_SOURCES},
}

_DETAIL_KEYS = ("指标值类型", "指标方向", "权重", "指标解释", "绩效标准", "评分标准", "备注")
_TEXT_DETAILS = ("指标值类型", "指标方向", "指标解释", "绩效标准", "评分标准", "备注")


@dataclass
class _Layout:
    kind: str  # "published" | "system"
    grid: _Grid
    header_row: int
    columns: dict  # canonical field -> column (1-based)
    money: tuple = MONEY_COLUMNS  # the published layout's money columns: 总计 and the fund sources
    period_money: tuple = ()  # its 实施周期<column> columns


def _money_columns(names: dict, published: dict) -> tuple[tuple, tuple]:
    """The published layout's money columns: 总计, 财政拨款, 财政专户拨款, 其他资金, and any other
    header between 总计 and 绩效目标 (上年结转, 上级资金, a province's own source); and the
    ``实施周期<column>`` columns after 绩效指标."""
    first = published.get("总计")
    last = published.get("绩效目标", published.get("绩效指标"))
    money, period = [], []
    for c in sorted(names):
        n = names[c]
        if n in MONEY_COLUMNS and published.get(n) == c:
            money.append(n)
        elif first is not None and last is not None and first < c < last and n not in published:
            published[n] = c
            money.append(n)
        elif n.startswith(PERIOD_PREFIX) and len(n) > len(PERIOD_PREFIX) and published.get(n, c) == c and c > (last or 0):
            published[n] = c
            period.append(n)
    return tuple(money), tuple(period)


def _find_header(grid: _Grid) -> _Layout | None:
    for row in grid.rows(before=HEADER_SCAN_ROWS + 1):
        names = {c: _norm_header(grid.value(row, c)) for c in grid.columns(row)}
        names = {c: n for c, n in names.items() if n}
        if not names:
            continue
        published: dict = {}
        for c, n in names.items():
            if n.startswith("项目名称") and "名称" not in published:
                published["名称"] = c
            elif n in _PUBLISHED_HEADERS and _PUBLISHED_HEADERS[n] not in published:
                published[_PUBLISHED_HEADERS[n]] = c
        if "名称" in published and "绩效指标" in published:
            money, period = _money_columns(names, published)
            return _Layout("published", grid, row, published, money, period)
        system: dict = {}
        for c, n in names.items():
            key = _SYSTEM_HEADERS.get(n)
            if key is not None and key not in system:
                system[key] = c
        if {"一级指标", "二级指标", "三级指标"} <= system.keys() and (
            "年度指标值" in system or "实施周期指标值" in system
        ):
            _pair_columns(names, system)
            return _Layout("system", grid, row, system)
    return None


def _pair_columns(names: dict, system: dict) -> None:
    """With several plain 计算符号 / 计量单位 columns, give each value column its own pair.

    ``计算符号 | 年度指标值 | 计量单位 | 计算符号 | 中期指标值 | 计量单位``: a value column takes
    the nearest 计算符号 on its left and the nearest 计量单位 on its right.
    """
    signs = [c for c, n in names.items() if _SYSTEM_HEADERS.get(n) == "计算符号"]
    units = [c for c, n in names.items() if _SYSTEM_HEADERS.get(n) == "计量单位"]
    for prefix, key in (("实施周期", "实施周期指标值"), ("年度", "年度指标值")):
        col = system.get(key)
        if col is None:
            continue
        if len(signs) > 1 and prefix + "计算符号" not in system:
            left = [c for c in signs if c < col]
            system[prefix + "计算符号"] = max(left) if left else min(signs, key=lambda c: abs(c - col))
        if len(units) > 1 and prefix + "计量单位" not in system:
            right = [c for c in units if c > col]
            system[prefix + "计量单位"] = min(right) if right else min(units, key=lambda c: abs(c - col))


# ---------------------------------------------------------------- text above the header

_INFO = {
    "部门名称": re.compile(r"部门名称\s*[:：]\s*(.+?)(?=\s*(?:部门编码|预算年度|金额单位|单位)\s*[:：]|$)", re.S),
    "部门编码": re.compile(r"部门编码\s*[:：]\s*(\S+)"),
    "预算年度": re.compile(r"预算年度\s*[:：]\s*(\d{4})"),
    "金额单位": re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)(?=$|[\s)）])"),
    "单位名称": re.compile(r"单位名称\s*[:：]\s*(.+?)(?=\s*(?:单位编码|项目名称|项目代码)\s*[:：]|$)", re.S),
    "项目名称": re.compile(r"项目名称\s*[:：]\s*(.+?)(?=\s*(?:项目代码|单位名称)\s*[:：]|$)", re.S),
    "项目代码": re.compile(r"项目代码\s*[:：]\s*(\S+)"),
}


@dataclass
class _Info:
    values: dict = field(default_factory=dict)
    title: str | None = None
    title_cell: tuple | None = None
    other_titles: list = field(default_factory=list)


def _read_info(grid: _Grid, header_row: int) -> _Info:
    info = _Info()
    titles = []
    for row in grid.rows(before=header_row):
        for col in grid.columns(row):
            if grid.origin(row, col) is not None:
                continue
            text = grid.text(row, col)
            if not text:
                continue
            found = False
            for key, pattern in _INFO.items():
                m = pattern.search(text)
                if m and key not in info.values:
                    info.values[key] = m.group(1).strip()
                    found = True
                elif m:
                    found = True
            if not found:
                titles.append((row, col, text))
    if titles:
        preferred = [t for t in titles if "绩效目标" in t[2]] or titles
        row, col, text = preferred[0]
        info.title, info.title_cell = text, (row, col)
        info.other_titles = [t for t in titles if t is not preferred[0]]
    return info


# ---------------------------------------------------------------- indicator strings


def parse_indicators(text: str) -> tuple[list[dict], list[runon.Problem]]:
    """Parse a published 绩效指标 run-on string into indicator dicts (plus what went wrong).

    :func:`goallint.importers.runon.parse` as for a cell: codes, 实施周期指标值 and the
    last ``。`` are optional; each problem has ``slug``, ``zh`` and ``en``.
    """
    parsed = runon.parse(text or "")
    return parsed.indicators, parsed.problems


_CELL_REPORTS = 100  # per sheet and kind; the rest are counted in one more problem


def _coordinate(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}" if 0 < col <= 18278 else f"R{row}C{col}"


def _formula(text: str) -> tuple[str, str]:
    """A formula as the messages show it (zh, en): ``=SUM(B6:B7)``; a shared formula's other cells hold no text."""
    if text:
        shown = "=" + _excerpt(text, 60)
        return shown, shown
    return "（共享公式）", "(a shared formula)"


# The messages of Reader.report_cells: (zh, en) for one cell, and for the cells beyond _CELL_REPORTS.


def _error_value(grid: _Grid, row: int, col: int, value: Any) -> tuple[str, str]:
    where = _coordinate(row, col)
    return f"单元格 {where} 是错误值 {value}，没有导入", f"the cell {where} holds the error value {value}; not imported"


def _more_error_values(rest: int) -> tuple[str, str]:
    return f"另有 {rest:,} 个错误值单元格没有导入", f"{rest:,} more cells with error values were not imported"


def _uncached(grid: _Grid, row: int, col: int, formula: str) -> tuple[str, str]:
    where, (zh, en) = _coordinate(row, col), _formula(formula)
    return (
        f"单元格 {where} 的公式 {zh} 没有保存计算结果，这个单元格没有导入：请在 Excel 中打开并保存后再导入",
        f"the formula {en} in cell {where} has no saved result, so the cell was not imported: "
        "open and save the workbook in Excel, then import it again",
    )


def _more_uncached(rest: int) -> tuple[str, str]:
    return (
        f"另有 {rest:,} 个没有保存计算结果的公式单元格没有导入",
        f"{rest:,} more formula cells without a saved result were not imported",
    )


def _external(grid: _Grid, row: int, col: int, formula: str) -> tuple[str, str]:
    where, (zh, en), value = _coordinate(row, col), _formula(formula), _excerpt(grid.text(row, col))
    return (
        f"单元格 {where} 的值来自另一个工作簿（公式 {zh}），按保存的结果「{value}」读取，请核对",
        f"the value of cell {where} comes from another workbook (formula {en}); its saved result '{value}' was read: please check it",
    )


def _more_external(rest: int) -> tuple[str, str]:
    return (
        f"另有 {rest:,} 个单元格的值来自另一个工作簿，按保存的结果读取",
        f"{rest:,} more cells take their value from another workbook; their saved results were read",
    )


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


_GOAL_BOTH = re.compile(r"^实施周期目标\s*[:：](?P<a>.*?)\n\s*年度目标\s*[:：](?P<b>.*)$", re.S)
_GOAL_ONE = re.compile(r"^(?P<key>实施周期目标|年度目标)\s*[:：](?P<a>.*)$", re.S)


def _goal(text: str) -> Any:
    """A 绩效目标 cell: plain text, or ``实施周期目标：…`` / ``年度目标：…`` lines (the mapping form)."""
    m = _GOAL_BOTH.match(text)
    if m:
        return {"实施周期目标": m.group("a").strip(), "年度目标": m.group("b").strip()}
    m = _GOAL_ONE.match(text)
    if m:
        return {m.group("key"): m.group("a").strip()}
    return text


# ---------------------------------------------------------------- 实施计划 / 测算依据 sheets


def _find_item_header(grid: _Grid) -> tuple[str, int, dict] | None:
    """(实施计划 or 测算依据, header row, columns) of a sheet of plan or basis items, or None."""
    for row in grid.rows(before=HEADER_SCAN_ROWS + 1):
        names = {_norm_header(grid.value(row, c)): c for c in grid.columns(row)}
        names.pop("", None)
        if "项目名称" not in names or "内容" not in names:
            continue
        if "数量" in names or "单价" in names:
            return BASIS_SHEET, row, {k: c for k, c in names.items() if k in BASIS_KEYS or k in ("单位名称", "项目名称")}
        if "金额" in names:
            return PLAN_SHEET, row, {k: c for k, c in names.items() if k in PLAN_KEYS or k in ("单位名称", "项目名称")}
    return None


def _project_named(table: dict, unit_name: str | None, project_name: str) -> dict | None:
    for unit in table.get("资金使用单位", []):
        if unit_name is not None and unit.get("单位名称") != unit_name:
            continue
        for project in unit.get("项目", []):
            if project.get("项目名称") == project_name:
                return project
    return None


# ---------------------------------------------------------------- reader


def _ordered(data: dict, keys: tuple) -> dict:
    return {**{k: data[k] for k in keys if k in data}, **{k: v for k, v in data.items() if k not in keys}}


@dataclass
class _Record:
    """One indicator row of a system-layout sheet."""

    sheet: str
    row: int
    unit: str | None
    unit_code: Any
    project: str | None
    project_code: Any
    term: Any
    amounts: dict
    goal: str | None
    indicator: dict
    problems: list = field(default_factory=list)  # code/name problems of the level cells


class _Reader:
    def __init__(self, workbook, scan: WorkbookScan | None = None, limits: Limits = DEFAULT_LIMITS):
        self.workbook = workbook
        self.scan = scan or WorkbookScan()
        self.limits = limits
        self.problems: list[ImportProblem] = []

    # -- problems

    def report(self, slug: str, sheet: str, row: int, col: int | None, zh: str, en: str) -> None:
        self.problems.append(ImportProblem(slug, row, col or 1, zh, en, sheet))

    def ambiguous(self, grid: _Grid, row: int, col: int | None, zh: str, en: str) -> None:
        self.report(AMBIGUOUS, grid.name, row, col, zh, en)

    def error(self, grid: _Grid, row: int, col: int | None, zh: str, en: str) -> None:
        self.report(ERROR, grid.name, row, col, zh, en)

    # -- top level

    def read(self) -> ImportResult:
        layouts = []
        for ws in self.workbook.worksheets:
            grid = _Grid(ws, self.limits)
            layout = _find_header(grid)
            if layout is not None:
                layouts.append(layout)
        published = [x for x in layouts if x.kind == "published"]
        system = [x for x in layouts if x.kind == "system"]
        if not layouts:
            names = "、".join(ws.title for ws in self.workbook.worksheets)
            raise ImportFailure(
                zh=f"工作簿中找不到绩效目标表的表头（前 {HEADER_SCAN_ROWS} 行内应有「项目名称…绩效指标」或「一级指标 二级指标 三级指标…指标值」）：{names}",
                en=f"no performance-target header in the workbook (the first {HEADER_SCAN_ROWS} rows should hold "
                f"'项目名称 … 绩效指标' or '一级指标 二级指标 三级指标 … 指标值'): {names}",
            )
        for layout in (published[:1] + system):
            self.report_cells(layout.grid)
        records: list[_Record] = []
        for layout in system:
            records.extend(self.read_system(layout))
        if published:
            for extra in published[1:]:
                self.ambiguous(
                    extra.grid, extra.header_row, 1,
                    f"工作簿有多张绩效目标表，只读取第一张「{published[0].grid.name}」，本表已忽略",
                    f"the workbook holds several published tables; only the first ('{published[0].grid.name}') is read, this one is ignored",
                )
            table = self.read_published(published[0])
            if records:
                self.merge_details(table, records)
        else:
            table = self.table_from_records(system, records)
        self.read_items(table)
        order = {name: i for i, name in enumerate(self.workbook.sheetnames)}
        self.problems.sort(key=lambda p: (order.get(p.sheet, len(order)), p.line))  # stable: same row keeps its order
        return ImportResult(table, self.problems)

    def report_cells(self, grid: _Grid) -> None:
        """Report what a sheet that is read holds but cannot give: far cells, error values, formulas.

        A formula without a saved result reads as empty (openpyxl gives None), so it is an
        ``import-error`` at its cell; a formula that reads another workbook keeps its
        saved result, reported as ``import-ambiguous``.  At most :data:`_CELL_REPORTS`
        of each kind per sheet, then one line with the count of the rest.
        """
        limits = grid.limits
        if grid.outside:
            row, col = min(grid.outside)
            more = len(grid.outside) - 1
            where = _coordinate(row, col)
            self.error(
                grid, row, col,
                f"单元格 {where} 在导入范围之外（只读前 {limits.xlsx_rows:,} 行、前 {limits.xlsx_columns} 列），没有导入"
                + (f"；另有 {more:,} 个这样的单元格" if more else ""),
                f"the cell {where} lies outside the range goallint reads (the first {limits.xlsx_rows:,} rows "
                f"and {limits.xlsx_columns} columns); not imported" + (f"; so do {more:,} more cells" if more else ""),
            )
        errors = sorted(grid.errors, key=lambda e: (e[0], e[1]))
        self._each(grid, errors, len(errors), self.error, _error_value, _more_error_values)
        scan = self.scan.sheets.get(grid.name)
        if scan is not None:
            self._each(grid, scan.uncached, scan.uncached_count, self.error, _uncached, _more_uncached)
            self._each(grid, scan.external, scan.external_count, self.ambiguous, _external, _more_external)

    def _each(self, grid: _Grid, cells: list, count: int, report, message, rest) -> None:
        """Report each of the first :data:`_CELL_REPORTS` ``(row, column, detail)``, then one problem for the rest."""
        for row, col, detail in cells[:_CELL_REPORTS]:
            report(grid, row, col, *message(grid, row, col, detail))
        if count > _CELL_REPORTS:
            row, col, _ = cells[_CELL_REPORTS]
            report(grid, row, col, *rest(count - _CELL_REPORTS))

    # -- 实施计划 and 测算依据 sheets

    def read_items(self, table: dict) -> None:
        """Add the items of 实施计划 / 测算依据 sheets to their projects (matched by 单位名称 and 项目名称)."""
        for ws in self.workbook.worksheets:
            grid = _Grid(ws, self.limits)
            found = _find_item_header(grid)
            if found is None:
                continue
            key, header_row, cols = found
            for row in grid.rows(after=header_row):
                item = self.item(grid, row, cols, key)
                if not item:
                    continue
                unit_name = grid.text(row, cols.get("单位名称")) or None
                project_name = grid.text(row, cols.get("项目名称"))
                project = _project_named(table, unit_name, project_name)
                if project is None:
                    self.ambiguous(
                        grid, row, cols.get("项目名称"),
                        f"{key}中的项目「{project_name}」在表中找不到，这一行已忽略",
                        f"project '{project_name}' of the {key} sheet is not in the table; row ignored",
                    )
                    continue
                if isinstance(project.get(key), str):
                    self.ambiguous(
                        grid, row, cols.get("项目名称"),
                        f"项目「{project_name}」的{key}已有文字，这一行已忽略",
                        f"project '{project_name}' already has its {key} as text; row ignored",
                    )
                    continue
                project.setdefault(key, []).append(item)
        for unit in table.get("资金使用单位", []):
            for i, project in enumerate(unit.get("项目", [])):
                unit["项目"][i] = _ordered(project, PROJECT_KEYS)

    def item(self, grid: _Grid, row: int, cols: dict, key: str) -> dict:
        out: dict = {}
        for field_name in PLAN_KEYS if key == PLAN_SHEET else BASIS_KEYS:
            col = cols.get(field_name)
            if col is None:
                continue
            if field_name in _ITEM_NUMBERS:
                try:
                    value = _cell_number(grid.value(row, col), grid.fmt(row, col), self.hidden(grid, row, col, field_name))
                except CellError as exc:
                    self.error(grid, row, col, f"{field_name}「{exc}」不是数字，已忽略", f"{field_name} '{exc}' is not a number; ignored")
                    continue
            elif field_name == "时间":
                value = _cell_plain(grid.value(row, col), grid.fmt(row, col))
            else:
                value = grid.text(row, col) or None
            if value is not None:
                out[field_name] = value
        return out

    # -- published layout

    def read_published(self, layout: _Layout) -> dict:
        grid, cols = layout.grid, layout.columns
        info = _read_info(grid, layout.header_row)
        table: dict = {}
        if info.title is not None:
            table["表名"] = info.title
            if info.other_titles:
                row, col, _ = info.other_titles[0]
                self.ambiguous(
                    grid, info.title_cell[0], info.title_cell[1],
                    f"表头上方有多段文字，取「{_excerpt(info.title)}」为表名",
                    f"several texts stand above the header; '{_excerpt(info.title)}' was taken as the title",
                )
        for key in ("部门名称", "部门编码", "预算年度", "金额单位"):
            if key in info.values:
                table[key] = int(info.values[key]) if key == "预算年度" else info.values[key]
        units: list[dict] = []
        entries: list[dict] = []  # raw project entries, parsed after all rows are read
        current_unit: dict | None = None
        last: dict | None = None  # the last unit or project entry, for continuation rows
        name_col = cols["名称"]
        header_name = _norm_header(grid.value(layout.header_row, name_col))

        for row in grid.rows(after=layout.header_row):
            if grid.row_empty(row):
                continue
            name = grid.text(row, name_col)
            if _norm_header(name) == header_name:
                continue  # a repeated header (page break in the source)
            goal = grid.text(row, cols.get("绩效目标"))
            indicators = grid.text(row, cols.get("绩效指标"))
            if last is not None and name and grid.continued(row, name_col):
                # the name cell is merged down from the row above: same entry, more text
                if last["kind"] == "project":
                    self._continue(grid, row, cols, last, goal, indicators, announce=False)
                continue
            amounts = self.money(grid, row, cols, layout.money)
            if not name:
                if amounts:
                    self.error(
                        grid, row, cols.get("总计"),
                        "这一行有金额但没有名称，无法归属，已跳过",
                        "this row has amounts but no name; it cannot be placed and was skipped",
                    )
                elif (goal or indicators) and last is not None and last["kind"] == "project":
                    self._continue(grid, row, cols, last, goal, indicators, announce=True)
                else:
                    self.ambiguous(
                        grid, row, 1,
                        "这一行没有名称和金额，已跳过",
                        "this row has no name and no amounts; skipped",
                    )
                continue
            if _norm_header(name) == "合计":
                if "合计" in table:
                    self.ambiguous(grid, row, name_col, "第二个「合计」行，已忽略", "a second 合计 row; ignored")
                else:
                    table["合计"] = amounts
                continue
            is_project = bool(goal or indicators)
            if not is_project and amounts and grid.indent(row, name_col) and current_unit is not None:
                is_project = True
                self.ambiguous(
                    grid, row, name_col,
                    f"「{name}」没有绩效目标和绩效指标，按缩进读作项目",
                    f"'{name}' has neither 绩效目标 nor 绩效指标; read as a project because its name is indented",
                )
            if is_project:
                if current_unit is None:
                    unit_name = table.get("部门名称") or grid.name
                    current_unit = {"单位名称": unit_name, "项目": []}
                    units.append(current_unit)
                    self.ambiguous(
                        grid, row, name_col,
                        f"项目「{name}」之前没有资金使用单位行，归入「{unit_name}」",
                        f"project '{name}' comes before any spending-unit row; placed under '{unit_name}'",
                    )
                entry = {
                    "kind": "project", "row": row, "name": name, "amounts": amounts,
                    "goal": goal, "indicators": indicators, "unit": current_unit,
                    "extra": self.extras(grid, row, cols, ("项目代码", "项目期限", "实施计划", "测算依据")),
                    "period": self.money(grid, row, cols, layout.period_money),
                }
                entries.append(entry)
                last = entry
                continue
            unit = {"单位名称": name}
            if self.extras(grid, row, cols, ("单位编码",)):
                unit["单位编码"] = self.code(grid, row, cols["单位编码"])
            if amounts:
                unit["小计"] = amounts
            else:
                self.ambiguous(
                    grid, row, name_col,
                    f"「{_excerpt(name)}」没有金额、绩效目标和绩效指标，读作资金使用单位",
                    f"'{_excerpt(name)}' has no amounts, 绩效目标 or 绩效指标; read as a spending unit",
                )
            unit["项目"] = []
            units.append(unit)
            current_unit = unit
            last = {"kind": "unit", "row": row}

        for entry in entries:
            project: dict = {"项目名称": entry["name"]}
            if "项目代码" in entry["extra"]:
                project["项目代码"] = self.code(grid, entry["row"], cols["项目代码"])
            if entry["amounts"]:
                project["金额"] = entry["amounts"]
            if entry["period"]:
                project["实施周期金额"] = {k[len("实施周期"):]: v for k, v in entry["period"].items()}
            for key in ("项目期限", "实施计划", "测算依据"):
                if key in entry["extra"]:
                    project[key] = entry["extra"][key]
            if entry["goal"]:
                project["绩效目标"] = _goal(entry["goal"])
            if entry["indicators"]:
                items, problems = parse_indicators(entry["indicators"])
                for p in problems:  # all at the project's 绩效指标 cell
                    self.report(p.slug, grid.name, entry["row"], cols.get("绩效指标"), p.zh, p.en)
                project["绩效指标"] = items
            entry["unit"]["项目"].append(project)
        table["资金使用单位"] = units
        if "合计" in table and not table["合计"]:
            del table["合计"]
        return _ordered(table, TABLE_KEYS)

    def _continue(self, grid, row, cols, entry, goal, indicators, announce: bool) -> None:
        """Append a row's 绩效目标 / 绩效指标 text to the project above (joined without separator)."""
        for key, column, text in (("goal", "绩效目标", goal), ("indicators", "绩效指标", indicators)):
            if text and not grid.continued(row, cols[column]):  # a merged cell's text is already there
                entry[key] = entry[key] + text
        if announce:
            self.ambiguous(
                grid, row, cols.get("绩效指标") if indicators else cols.get("绩效目标"),
                f"这一行没有名称，文字接到上一行的项目「{entry['name']}」",
                f"this row has no name; its text was appended to the project above ('{entry['name']}')",
            )

    def money(self, grid: _Grid, row: int, cols: dict, columns: tuple) -> dict:
        out = {}
        for key in columns:
            col = cols.get(key)
            if col is None:
                continue
            try:
                number = _cell_number(grid.value(row, col), grid.fmt(row, col), self.hidden(grid, row, col, key))
            except CellError as exc:
                self.error(
                    grid, row, col,
                    f"{key}「{exc}」不是金额，已忽略",
                    f"{key} '{exc}' is not an amount; ignored",
                )
                continue
            if number is not None:
                out[key] = number
        return out

    def hidden(self, grid: _Grid, row: int, col: int, key: str):
        def report(stored: Decimal, shown: Decimal) -> None:
            self.ambiguous(
                grid, row, col,
                f"{key}单元格存的是 {stored}，显示为 {shown}，取显示值",
                f"the {key} cell stores {stored} but shows {shown}; the shown value was taken",
            )

        return report

    def code(self, grid: _Grid, row: int, col: int) -> Any:
        """A code cell (单位编码, 项目代码): text as written; a number shown with leading zeros by its
        format (``000`` shows 66 as 066) becomes that text, so the zeros are not lost."""
        value, fmt = grid.value(row, col), grid.fmt(row, col)
        plain = _cell_plain(value, fmt)
        if isinstance(plain, int) and fmt and re.fullmatch(r"0{2,}", fmt) and plain >= 0:
            return str(plain).zfill(len(fmt))
        return plain

    def extras(self, grid: _Grid, row: int, cols: dict, keys: tuple) -> dict:
        out = {}
        for key in keys:
            col = cols.get(key)
            if col is None:
                continue
            value = _cell_plain(grid.value(row, col), grid.fmt(row, col))
            if value is not None:
                out[key] = value
        return out

    # -- system layout

    def read_system(self, layout: _Layout) -> list[_Record]:
        grid, cols = layout.grid, layout.columns
        records: list[_Record] = []
        carried = ("单位名称", "项目名称", "一级指标", "二级指标")
        previous: dict = {}
        core = ("一级指标", "二级指标", "三级指标", "年度指标值", "实施周期指标值")
        for row in grid.rows(after=layout.header_row):
            if grid.row_empty(row):
                continue
            if all(grid.text(row, cols.get(k)) == "" for k in core):
                self.ambiguous(
                    grid, row, 1,
                    "这一行没有指标（三级指标和指标值都为空），已跳过",
                    "this row holds no indicator (no 三级指标 and no value); skipped",
                )
                continue
            texts: dict = {}
            for key in carried:
                col = cols.get(key)
                if col is None:
                    continue
                text = grid.text(row, col)
                if not text and previous.get(key):
                    text = previous[key]
                    self.ambiguous(
                        grid, row, col,
                        f"{key}为空，沿用上一行的「{_excerpt(text)}」",
                        f"{key} is empty; the value of the row above ('{_excerpt(text)}') was used",
                    )
                texts[key] = text
            previous = {k: v for k, v in texts.items() if v}
            indicator: dict = {}
            level_problems: list[ImportProblem] = []
            parent = split_code(texts["一级指标"])[0] if texts.get("一级指标") else None
            for level, key in ((1, "一级指标"), (2, "二级指标")):
                if texts.get(key):
                    name, problem = runon.level(texts[key], level, parent if level == 2 else None)
                    indicator[key] = name
                    if problem is not None:  # reported only if this sheet gives the levels (see merge_details)
                        level_problems.append(
                            ImportProblem(problem.slug, row, cols[key], problem.zh, problem.en, grid.name)
                        )
            third = grid.text(row, cols["三级指标"])
            if third:
                indicator["三级指标"] = third
            for key in _TEXT_DETAILS:
                text = grid.text(row, cols.get(key))
                if text:
                    indicator[key] = text
            if "权重" in cols:
                col = cols["权重"]
                try:
                    weight = _cell_number(grid.value(row, col), grid.fmt(row, col), self.hidden(grid, row, col, "权重"))
                except CellError as exc:
                    self.error(grid, row, col, f"权重「{exc}」不是数字，已忽略", f"权重 '{exc}' is not a number; ignored")
                    weight = None
                if weight is not None:
                    indicator["权重"] = weight
            for key, prefix in (("实施周期指标值", "实施周期"), ("年度指标值", "年度")):
                if key not in cols:
                    continue
                value = self.target(grid, row, cols, key, prefix)
                if value is not None:
                    indicator[key] = value
            unit_code = self.code(grid, row, cols["单位编码"]) if "单位编码" in cols else None
            project_extra = self.extras(grid, row, cols, ("项目代码", "项目期限"))
            if "项目代码" in project_extra:
                project_extra["项目代码"] = self.code(grid, row, cols["项目代码"])
            records.append(
                _Record(
                    sheet=grid.name, row=row,
                    unit=texts.get("单位名称") or None, unit_code=unit_code,
                    project=texts.get("项目名称") or None,
                    project_code=project_extra.get("项目代码"), term=project_extra.get("项目期限"),
                    amounts=self.money(grid, row, cols, tuple(c for c in dict.fromkeys((*MONEY_COLUMNS, *FUND_SOURCES)) if c in cols)),
                    goal=grid.text(row, cols.get("绩效目标")) or None,
                    indicator=_ordered(indicator, INDICATOR_KEYS),
                    problems=level_problems,
                )
            )
        return records

    def target(self, grid: _Grid, row: int, cols: dict, key: str, prefix: str) -> Any:
        col = cols[key]
        raw = _cell_plain(grid.value(row, col), grid.fmt(row, col))
        sign_col = cols.get(prefix + "计算符号", cols.get("计算符号"))
        unit_col = cols.get(prefix + "计量单位", cols.get("计量单位"))
        sign_raw = grid.value(row, sign_col) if sign_col else None
        sign_text = _cell_text(sign_raw)
        unit = grid.text(row, unit_col)
        label = grid.text(row, cols.get(prefix + "二级指标"))
        if label:  # the value's own 二级指标 label (docs/format.md)
            value = self._target(grid, row, key, raw, sign_raw, sign_text, sign_col, unit, unit_col)
            if not isinstance(value, dict):
                value = {"指标值": value}
            value["二级指标"] = label
            return {k: value[k] for k in TARGET_KEYS if k in value}
        if raw is None:
            return None  # an absent value; the schema and the rules say what that means
        return self._target(grid, row, key, raw, sign_raw, sign_text, sign_col, unit, unit_col)

    def _target(self, grid: _Grid, row: int, key: str, raw: Any, sign_raw: Any, sign_text: str, sign_col, unit: str, unit_col) -> Any:
        if raw is None:
            return None
        if not sign_text:
            if unit:
                return {"指标值": raw, "计量单位": unit}
            return raw
        sign = canonical_comparator(sign_raw if not isinstance(sign_raw, str) else sign_text)
        if sign is None:
            self.ambiguous(
                grid, row, sign_col,
                f"计算符号「{sign_text}」不认识，{key}按文字「{sign_text}{_number_text(raw)}{unit}」保留",
                f"unknown 计算符号 '{sign_text}'; {key} kept as the text '{sign_text}{_number_text(raw)}{unit}'",
            )
            return f"{sign_text}{_number_text(raw)}{unit}"
        if sign == "定性":
            if unit:
                self.ambiguous(
                    grid, row, unit_col,
                    f"定性指标的计量单位「{unit}」已舍去",
                    f"the 计量单位 '{unit}' of a qualitative indicator was dropped",
                )
            return raw if isinstance(raw, str) else _number_text(raw)
        value = {"计算符号": sign, "指标值": raw}
        if unit:
            value["计量单位"] = unit
        return value

    def table_from_records(self, layouts: list[_Layout], records: list[_Record]) -> dict:
        table: dict = {}
        sheet_info: dict = {}
        for layout in layouts:
            info = _read_info(layout.grid, layout.header_row)
            sheet_info[layout.grid.name] = (layout, info)
            if info.title is not None and "表名" not in table:
                table["表名"] = info.title
            for key in ("部门名称", "部门编码", "预算年度", "金额单位"):
                if key in info.values and key not in table:
                    table[key] = int(info.values[key]) if key == "预算年度" else info.values[key]
        units: dict = {}
        projects: dict = {}
        reported: set = set()
        for rec in records:
            layout, info = sheet_info[rec.sheet]
            grid = layout.grid
            self.problems.extend(rec.problems)
            unit_name = rec.unit
            if unit_name is None:
                unit_name = info.values.get("单位名称")
            if unit_name is None:
                unit_name = info.values.get("部门名称") or rec.sheet
                if ("unit", rec.sheet) not in reported:
                    reported.add(("unit", rec.sheet))
                    self.ambiguous(
                        grid, layout.header_row, 1,
                        f"没有单位名称，资金使用单位按「{unit_name}」读取",
                        f"no 单位名称; the spending unit was named '{unit_name}'",
                    )
            project_name = rec.project
            if project_name is None:
                project_name = info.values.get("项目名称")
            if project_name is None:
                project_name = rec.sheet
                if ("project", rec.sheet) not in reported:
                    reported.add(("project", rec.sheet))
                    self.ambiguous(
                        grid, layout.header_row, 1,
                        f"没有项目名称列，全部指标按一个项目读取，项目名称取工作表名「{project_name}」",
                        f"no 项目名称 column; all rows were read as one project named after the sheet ('{project_name}')",
                    )
            unit = units.get(unit_name)
            if unit is None:
                unit = units[unit_name] = {"单位名称": unit_name, "项目": []}
            if rec.unit_code is not None:
                unit.setdefault("单位编码", rec.unit_code)
            key = (unit_name, project_name)
            project = projects.get(key)
            if project is None:
                project = projects[key] = {"项目名称": project_name, "绩效指标": []}
                code = rec.project_code if rec.project_code is not None else info.values.get("项目代码")
                if code is not None:
                    project["项目代码"] = code
                if rec.amounts:
                    project["金额"] = rec.amounts
                if rec.term is not None:
                    project["项目期限"] = rec.term
                if rec.goal:
                    project["绩效目标"] = _goal(rec.goal)
                unit["项目"].append(project)
            else:
                if rec.amounts and rec.amounts != project.get("金额"):
                    self.ambiguous(
                        grid, rec.row, 1,
                        f"项目「{project_name}」在这一行的金额与第一行不同，取第一行",
                        f"project '{project_name}' has different amounts on this row; the first row's were kept",
                    )
                if rec.goal and "绩效目标" not in project:
                    project["绩效目标"] = _goal(rec.goal)
            project["绩效指标"].append(rec.indicator)
        table["资金使用单位"] = [
            _ordered({**u, "项目": [self._clean_project(p) for p in u["项目"]]}, UNIT_KEYS) for u in units.values()
        ]
        return _ordered(table, TABLE_KEYS)

    @staticmethod
    def _clean_project(project: dict) -> dict:
        return _ordered(project, PROJECT_KEYS)

    # -- both layouts

    def merge_details(self, table: dict, records: list[_Record]) -> None:
        """Add to the published table what only the system sheet carries (see the module docstring)."""
        index: dict = {}
        for unit in table["资金使用单位"]:
            for project in unit["项目"]:
                index.setdefault(project["项目名称"], []).append((unit, project))
        groups: dict = {}
        for rec in records:
            groups.setdefault((rec.unit, rec.project), []).append(rec)
        for (unit_name, project_name), recs in groups.items():
            first = recs[0]
            grid_name = first.sheet
            candidates = index.get(project_name, []) if project_name is not None else []
            if unit_name is not None:
                candidates = [c for c in candidates if c[0]["单位名称"] == unit_name] or []
            if not candidates:
                self.report(
                    AMBIGUOUS, grid_name, first.row, 1,
                    f"绩效指标明细中的项目「{project_name}」在绩效目标表中找不到，这些行已忽略",
                    f"project '{project_name}' of the indicator sheet is not in the published table; its rows were ignored",
                )
                continue
            unit, project = candidates[0]
            if first.unit_code is not None and "单位编码" not in unit:
                unit["单位编码"] = first.unit_code
            if first.project_code is not None and "项目代码" not in project:
                project["项目代码"] = first.project_code
            if first.term is not None and "项目期限" not in project:
                project["项目期限"] = first.term
            published = project.get("绩效指标", [])
            used: set = set()
            for k, rec in enumerate(recs):
                target = None
                name = rec.indicator.get("三级指标")
                if k < len(published) and k not in used and published[k].get("三级指标") == name:
                    target = k
                else:
                    for j, item in enumerate(published):
                        if j not in used and item.get("三级指标") == name and item.get("二级指标") == rec.indicator.get("二级指标"):
                            target = j
                            break
                if target is None:
                    self.report(
                        AMBIGUOUS, rec.sheet, rec.row, 1,
                        f"指标「{name}」在绩效目标表的项目「{project_name}」中找不到，这一行已忽略",
                        f"indicator '{name}' is not in project '{project_name}' of the published table; row ignored",
                    )
                    continue
                used.add(target)
                published[target] = self._merge_indicator(published[target], rec)
        for unit in table["资金使用单位"]:
            unit_keys = _ordered(unit, UNIT_KEYS)
            unit.clear()
            unit.update(unit_keys)
            for i, project in enumerate(unit["项目"]):
                unit["项目"][i] = _ordered(project, PROJECT_KEYS)

    def _merge_indicator(self, item: dict, rec: _Record) -> dict:
        item = dict(item)
        detail = rec.indicator
        for key in ("一级指标", "二级指标"):
            if key in detail and key in item and detail[key] != item[key]:
                self.report(
                    AMBIGUOUS, rec.sheet, rec.row, 1,
                    f"{key}「{detail[key]}」与绩效目标表的「{item[key]}」不同，取绩效目标表",
                    f"{key} '{detail[key]}' differs from the published '{item[key]}'; the published one was kept",
                )
        for key in _DETAIL_KEYS:
            if key in detail and key not in item:
                item[key] = detail[key]
        for key in ("实施周期指标值", "年度指标值"):
            if key not in detail:
                continue
            if key not in item:
                item[key] = detail[key]
            elif detail[key] != item[key]:
                if render_value(detail[key]) == item[key]:
                    item[key] = detail[key]
                else:
                    self.report(
                        AMBIGUOUS, rec.sheet, rec.row, 1,
                        f"{key}「{render_value(detail[key])}」与绩效目标表的「{item[key]}」不同，取绩效目标表",
                        f"{key} '{render_value(detail[key])}' differs from the published '{item[key]}'; the published one was kept",
                    )
        return _ordered(item, INDICATOR_KEYS)
