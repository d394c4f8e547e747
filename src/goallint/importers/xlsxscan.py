"""Check an .xlsx archive before openpyxl opens it: refuse bombs, find formulas without results.

openpyxl builds an object for every cell a worksheet names, for every cell a merged
range or a linked range covers, and for every element of most other parts, and it
inflates every file of the archive whole.  A 2 KB workbook can therefore ask for
billions of objects (``<mergeCell ref="A40:XFD1048576"/>``) or gigabytes of XML.
:func:`scan_xlsx` streams the archive once, in bounded memory, and raises
:class:`~goallint.importers.ImportFailure` (a one-line message, exit status 2) when

* the zip's central directory lists more files than :attr:`Limits.xlsx_members`
  (read from the end record, before :mod:`zipfile` builds an entry for each),
* the declared uncompressed sizes add up to more than ``xlsx_unpacked_bytes``, or a
  file above 1 MiB is compressed more than ``xlsx_ratio`` to 1,
* an XML part has a DTD (``<!DOCTYPE``: entity expansion; Excel never writes one),
* the cells openpyxl would create (``<c>`` elements plus the cells of merged and
  hyperlinked ranges) exceed ``xlsx_cells``, or the ``<row>`` elements do,
* the elements outside the cell data and the shared strings exceed
  ``xlsx_parts_elements``,
* or the XML is broken.

The declared sizes bound what is inflated: :mod:`zipfile` stops at a member's
declared size and checks its CRC, so an archive that lies fails as damaged.

On the way it records, per worksheet, the formula cells that have no saved result
(``<f>`` without ``<v>``: openpyxl's ``data_only`` reading gives None and the cell
would vanish) and the formulas that read another workbook (``[1]Sheet1!A1``); the
reader reports both at their cells.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from goallint.importers import ImportFailure
from goallint.importers.limits import DEFAULT_LIMITS, Limits, mib

__all__ = ["SheetScan", "WorkbookScan", "scan_xlsx", "zip_entries"]

_CHUNK = 1 << 16
_RATIO_FLOOR = 1 << 20          # the ratio check applies to files larger than this
_KEEP = 200                     # formula cells remembered per sheet and kind (the rest are counted)

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
# a reference into another workbook: [1]Sheet1!A1, '[1]Sheet 1'!A1, [1]!Name, 'C:\x\[b.xlsx]S'!A1;
# not a table reference such as Table1[[#This Row],[Col]]
_EXTERNAL = re.compile(r"\[[^\[\]]+\][^\[\]!(),]*!")


@dataclass
class SheetScan:
    """What the scan found in one worksheet (cells as 1-based (row, column, formula text))."""

    uncached: list = field(default_factory=list)   # formulas without a saved result
    uncached_count: int = 0
    external: list = field(default_factory=list)   # formulas that read another workbook, with a result
    external_count: int = 0


@dataclass
class WorkbookScan:
    sheets: dict = field(default_factory=dict)     # sheet title -> SheetScan


def column_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def cell_position(text: str) -> tuple[int, int] | None:
    """``"B5"`` / ``"$B$5"`` → (5, 2); None when it is not a cell reference."""
    m = _REF.fullmatch(text or "")
    return (int(m.group(2)), column_number(m.group(1))) if m else None


def range_area(ref: str) -> int | None:
    """How many cells ``A40:XFD1048576`` covers; None when ``ref`` is not a cell range."""
    first, _, last = (ref or "").partition(":")
    a, b = cell_position(first), cell_position(last or first)
    if a is None or b is None:
        return None
    return (abs(b[0] - a[0]) + 1) * (abs(b[1] - a[1]) + 1)


def zip_entries(data: bytes) -> tuple[int, int] | None:
    """(entries, central directory size) from a zip's end record; None when there is none."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if pos < 0 or len(data) - pos < 22:
        return None
    entries, size = struct.unpack("<HI", data[pos + 10 : pos + 16])
    locator = pos - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (offset,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        record = data[offset : offset + 56]
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


class _Refusal(Exception):
    """Raised inside the XML handlers; becomes an ImportFailure."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh, self.en = zh, en


def _damaged(detail_zh: str, detail_en: str | None = None) -> ImportFailure:
    return ImportFailure(
        zh=f"Excel 工作簿已损坏，无法打开：{detail_zh}",
        en=f"the Excel workbook is damaged and cannot be opened: {detail_en or detail_zh}",
    )


def scan_xlsx(data: bytes, name: str = "", limits: Limits = DEFAULT_LIMITS) -> WorkbookScan:
    """Check the archive against ``limits`` (see the module docstring); the formula cells found on the way."""
    zh_label, en_label = name or "工作簿", name or "the workbook"
    entries = zip_entries(data)
    # A central directory entry takes at least 46 bytes: its size bounds the entries zipfile would build.
    if entries is not None and entries[0] > limits.xlsx_members:
        raise ImportFailure(
            zh=f"{zh_label} 的压缩包里有 {entries[0]:,} 个文件，超过导入上限 {limits.xlsx_members:,} 个，未导入",
            en=f"{en_label} is an archive of {entries[0]:,} files, above the import limit of {limits.xlsx_members:,}; not imported",
        )
    if entries is not None and entries[1] > limits.xlsx_members * 1024:
        raise ImportFailure(
            zh=f"{zh_label} 的压缩包目录有 {entries[1]:,} 字节，容得下的文件超过导入上限 {limits.xlsx_members:,} 个，未导入",
            en=f"{en_label} has a zip directory of {entries[1]:,} bytes, room for more files than the import limit "
            f"of {limits.xlsx_members:,}; not imported",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise _damaged(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.xlsx_members:
            raise ImportFailure(
                zh=f"{zh_label} 的压缩包里有 {len(infos):,} 个文件，超过导入上限 {limits.xlsx_members:,} 个，未导入",
                en=f"{en_label} is an archive of {len(infos):,} files, above the import limit of {limits.xlsx_members:,}; not imported",
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limits.xlsx_unpacked_bytes:
            raise ImportFailure(
                zh=f"{zh_label} 解压后有 {mib(unpacked)} MiB，超过导入上限 {mib(limits.xlsx_unpacked_bytes)} MiB，未导入",
                en=f"{en_label} unpacks to {mib(unpacked)} MiB, above the import limit of {mib(limits.xlsx_unpacked_bytes)} MiB; not imported",
            )
        for info in infos:
            if info.file_size > _RATIO_FLOOR and info.file_size > limits.xlsx_ratio * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ImportFailure(
                    zh=f"{zh_label} 中的 {info.filename} 压缩比为 {ratio:,}:1，超过上限 {limits.xlsx_ratio}:1（像是压缩炸弹），未导入",
                    en=f"{info.filename} in {en_label} is compressed {ratio:,}:1, above the limit of {limits.xlsx_ratio}:1 (a zip bomb?); not imported",
                )
        try:
            budget = _Budget(limits, zh_label, en_label)
            titles = _sheet_titles(archive, budget)
            result = WorkbookScan()
            for info in infos:
                title = titles.get(info.filename)
                sheet = _scan_part(archive, info, title, budget)
                if title is not None and sheet is not None:
                    result.sheets[title] = sheet
        except _Refusal as exc:
            raise ImportFailure(exc.zh, exc.en) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise _damaged(first) from None
    return result


# ---------------------------------------------------------------- which part is which sheet


def _doctype(label: str, member: str):
    raise _Refusal(
        f"{label} 中的 {member} 含有 DTD（<!DOCTYPE>），Excel 工作簿不会有，未导入",
        f"{member} in {label} holds a DTD (<!DOCTYPE>), which Excel never writes; not imported",
    )


def _xml_error(member: str, exc: expat.ExpatError) -> tuple[str, str]:
    reason = expat.ErrorString(exc.code)
    return (
        f"Excel 工作簿已损坏，无法打开：{member} 第 {exc.lineno} 行：{reason}",
        f"the Excel workbook is damaged and cannot be opened: {member} line {exc.lineno}: {reason}",
    )


def _elements(archive: zipfile.ZipFile, member: str, wanted: tuple, budget: "_Budget") -> list[dict]:
    """The attributes of the elements named ``wanted`` in one small part (streamed; counted against the budget)."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return []
    found: list[dict] = []

    def start(name: str, attrs: dict) -> None:
        budget.count_element(member)
        if name.rpartition(":")[2] in wanted:
            found.append(attrs)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = lambda *args: _doctype(budget.zh, member)
    parser.StartElementHandler = start
    with archive.open(info) as stream:
        try:
            while True:
                chunk = stream.read(_CHUNK)
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
        except expat.ExpatError as exc:
            raise _Refusal(*_xml_error(member, exc)) from None
    return found


def _target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _sheet_titles(archive: zipfile.ZipFile, budget: "_Budget") -> dict[str, str]:
    """Worksheet part → sheet title, found the way openpyxl finds them (package rels, workbook rels)."""
    workbook = "xl/workbook.xml"
    for rel in _elements(archive, "_rels/.rels", ("Relationship",), budget):
        if rel.get("Type", "").endswith("/officeDocument"):
            workbook = _target("", rel.get("Target", ""))
            break
    folder = posixpath.dirname(workbook)
    targets = {
        rel.get("Id"): _target(folder, rel.get("Target", ""))
        for rel in _elements(archive, posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels"), ("Relationship",), budget)
        if rel.get("TargetMode") != "External"
    }
    titles = {}
    for sheet in _elements(archive, workbook, ("sheet",), budget):
        rid = next((v for k, v in sheet.items() if k.endswith(":id")), None)
        if rid in targets and sheet.get("name") is not None:
            titles[targets[rid]] = sheet["name"]
    return titles


# ---------------------------------------------------------------- streaming each part


class _Budget:
    """What the whole workbook may still create."""

    def __init__(self, limits: Limits, zh_label: str, en_label: str):
        self.limits = limits
        self.zh, self.en = zh_label, en_label
        self.cells = 0
        self.rows = 0
        self.elements = 0

    def count_element(self, member: str) -> None:
        self.elements += 1
        if self.elements > self.limits.xlsx_parts_elements:
            cap = self.limits.xlsx_parts_elements
            raise _Refusal(
                f"{self.zh} 中的 XML 元素超过导入上限 {cap:,} 个（数到 {member} 时），未导入",
                f"{self.en} holds more than {cap:,} XML elements (counted up to {member}), above the import limit; not imported",
            )


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, title: str | None, budget: _Budget) -> SheetScan | None:
    scanner = _PartScanner(info.filename, title, budget)
    first = True
    with archive.open(info) as stream:
        try:
            while True:
                chunk = stream.read(_CHUNK)
                scanner.parser.Parse(chunk, not chunk)
                if not chunk:
                    break
                first = False
        except expat.ExpatError as exc:
            if first and exc.lineno == 1 and exc.offset == 0:
                return None  # not XML from its first byte (an image, printer settings): openpyxl does not parse it
            raise _Refusal(*_xml_error(info.filename, exc)) from None
    return scanner.sheet if scanner.is_sheet else None


class _PartScanner:
    """The expat handlers for one part; kept lean, since they run for every element of every sheet."""

    def __init__(self, member: str, title: str | None, budget: _Budget):
        self.member = member
        self.title = title or member
        self.budget = budget
        self.cell_cap = budget.limits.xlsx_cells
        self.sheet = SheetScan()
        self.is_sheet = False
        self.in_data = False       # inside <sheetData>
        self.in_string = 0         # depth inside <si> (a shared string): its rich-text elements are not counted
        self.row = 0               # the current <row>'s number
        self.ref: str | None = None  # the last cell's r attribute in this row ...
        self.offset = 0            # ... and how many cells without one came after it
        self.formula: str | None = None  # the current cell's formula text (None: no formula)
        self.has_value = False
        self.capture: str | None = None
        self.text: list[str] = []
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = lambda *args: _doctype(budget.zh, member)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        self.parser = parser

    # -- refusals

    def _over(self, what_zh: str, what_en: str) -> None:
        b = self.budget
        raise _Refusal(
            f"{b.zh} 的{what_zh}超过导入上限 {self.cell_cap:,} 个（数到工作表「{self.title}」第 {self.row} 行时），未导入",
            f"{b.en} holds more than {self.cell_cap:,} {what_en} (counted up to row {self.row} of sheet '{self.title}'), "
            "above the import limit; not imported",
        )

    def _over_range(self, kind_zh: str, kind_en: str, ref: str, area: int) -> None:
        b = self.budget
        cap = self.cell_cap
        if area > cap:
            zh, en = f"超过导入上限 {cap:,} 个", f"above the import limit of {cap:,}"
        else:
            zh, en = f"使单元格总数超过导入上限 {cap:,} 个", f"which brings the cells above the import limit of {cap:,}"
        raise _Refusal(
            f"{b.zh} 的工作表「{self.title}」中{kind_zh} {ref} 覆盖 {area:,} 个单元格，{zh}，未导入",
            f"in {b.en}, sheet '{self.title}' has the {kind_en} {ref} of {area:,} cells, {en}; not imported",
        )

    # -- handlers

    def start(self, name: str, attrs: dict) -> None:
        if ":" in name:
            name = name.rpartition(":")[2]
        if self.in_data:
            if name == "c":
                b = self.budget
                b.cells += 1
                if b.cells > self.cell_cap:
                    self._over("单元格", "cells")
                ref = attrs.get("r")
                if ref is None:
                    self.offset += 1
                else:
                    self.ref, self.offset = ref, 0
                self.formula, self.has_value = None, False
            elif name == "f":
                self.formula = ""
                self._capture(name)
            elif name == "v":
                if self.formula is None:
                    self.has_value = True  # only a formula's result needs looking at
                else:
                    self._capture(name)
            elif name == "is":
                self.has_value = True
            elif name == "row":
                r = attrs.get("r", "")
                self.row = int(r) if r.isdigit() and len(r) < 10 else self.row + 1
                self.ref, self.offset = None, 0
                b = self.budget
                b.rows += 1
                if b.rows > self.cell_cap:
                    self._over("行", "rows")
            return
        if self.in_string:
            self.in_string += 1
            return
        b = self.budget
        b.count_element(self.member)
        if name == "sheetData":
            self.in_data = self.is_sheet = True
        elif name == "si":
            self.in_string = 1
        elif name in ("mergeCell", "hyperlink"):
            ref = attrs.get("ref", "")
            area = range_area(ref) if ":" in ref else None
            if area is not None:
                b.cells += area - 1 if name == "mergeCell" else area
                if b.cells > self.cell_cap:
                    if name == "mergeCell":
                        self._over_range("合并区域", "merged range", ref, area)
                    self._over_range("超链接区域", "hyperlinked range", ref, area)

    def _capture(self, name: str) -> None:
        self.capture, self.text = name, []
        self.parser.CharacterDataHandler = self.text.append

    def end(self, name: str) -> None:
        if self.in_string:
            self.in_string -= 1
            return
        if not self.in_data:
            return
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == self.capture:
            text = "".join(self.text)
            if name == "v":
                self.has_value = text != ""
            else:
                self.formula = text
            self.capture, self.text = None, []
            self.parser.CharacterDataHandler = None
        elif name == "c" and self.formula is not None:
            self._formula_cell()
        elif name == "sheetData":
            self.in_data = False

    def _formula_cell(self) -> None:
        """Remember a formula cell that has no result, or whose result comes from another workbook."""
        formula, sheet = self.formula, self.sheet
        self.formula = None
        if self.has_value and not _EXTERNAL.search(formula):
            return
        # the position as openpyxl gives it: the last r attribute, plus the cells after it without one
        position = cell_position(self.ref) if self.ref is not None else None
        row, col = position if position is not None else (self.row, 0)
        where = (row, col + self.offset, formula)
        if not self.has_value:
            sheet.uncached_count += 1
            if len(sheet.uncached) < _KEEP:
                sheet.uncached.append(where)
        else:
            sheet.external_count += 1
            if len(sheet.external) < _KEEP:
                sheet.external.append(where)
