"""Import limits (issue 7): xlsx and PDF bombs are refused before the work; formulas are not dropped.

Every reproducer runs as a user runs it, in its own process under an address-space
limit (RLIMIT_AS, :data:`MEMORY`), with a CPU-time limit only as a backstop so that a
regression fails instead of hanging; no test measures time.  Each asserts the exact
one-line error or the exact findings, and the exit status.  The bomb workbooks are
written here by hand with zipfile (a few kilobytes each), the formula workbook with
openpyxl; the limits themselves are tested through the API with small limits.
"""

from __future__ import annotations

import importlib
import copy
import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from goallint.importers import ImportFailure
from goallint.importers.excel import read_workbook, read_workbook_bytes
from goallint.importers.limits import Limits

from test_excel import PUBLISHED_HEADER_ROW, PUBLISHED_SHEET, build_published, example  # noqa: F401 - a fixture

resource = importlib.import_module("resource")

MEMORY = 256 << 20   # far below what the bombs asked for (6 GB and more); goallint itself peaks near 50 MB
CPU_BACKSTOP = 60


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_BACKSTOP, CPU_BACKSTOP))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_bounded(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """``goallint ARGS`` in a separate process under the memory limit."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("GOALLINT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "goallint", *args],
        cwd=cwd, input=stdin, capture_output=True, env=env, preexec_fn=_bounded,
    )


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused run (exit status 2, nothing on stdout)."""
    err = proc.stderr.decode()
    assert proc.returncode == 2, (proc.returncode, err)
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    assert proc.stdout == b""
    return err[:-1]


# ---------------------------------------------------------------- workbooks by hand

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '</Relationships>'
)


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# The published layout's header, so that the sheet is read as a table.
HEADER = '<row r="1">' + "".join(
    text_cell(f"{col}1", name)
    for col, name in zip("ABCDEFG", ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"])
) + "</row>"


def xlsx(path: Path, rows: str = "", after: str = "", extra: dict | None = None) -> Path:
    """A minimal workbook: one sheet 「表」 with the published header, ``rows`` after it, ``after`` after <sheetData>."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{HEADER}{rows}</sheetData>{after}</worksheet>"
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


# ---------------------------------------------------------------- the reproducers


def test_a_cell_at_xfd1048576_is_reported_at_its_place_not_scanned_to(tmp_path):
    """16 KB with one cell at XFD1048576 used to hang: the reader walked max_row × max_column."""
    xlsx(tmp_path / "far.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    proc = run_bounded("import", "far.xlsx", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == "资金使用单位: []\n".encode()
    assert proc.stderr.decode() == (
        "far.xlsx[表]:1048576:16384: GL902 [错误] 单元格 XFD1048576 在导入范围之外（只读前 100,000 行、前 256 列），"
        "没有导入 [import-error]\n"
        "1 个问题（1 错误，0 警告，0 提示），共检查 1 个文件\n"
    )


def test_a_merged_range_to_xfd1048576_is_refused_before_openpyxl_builds_it(tmp_path):
    """A40:XFD1048576 took 6 GB and ended in a traceback with exit 1."""
    xlsx(tmp_path / "merge.xlsx", after='<mergeCells count="1"><mergeCell ref="A40:XFD1048576"/></mergeCells>')
    assert (tmp_path / "merge.xlsx").stat().st_size < 2000
    assert one_line_error(run_bounded("import", "merge.xlsx", cwd=tmp_path)) == (
        "goallint: merge.xlsx 的工作表「表」中合并区域 A40:XFD1048576 覆盖 17,179,230,208 个单元格，超过导入上限 500,000 个，未导入 / "
        "in merge.xlsx, sheet '表' has the merged range A40:XFD1048576 of 17,179,230,208 cells, above the import limit of 500,000; not imported"
    )


def test_two_million_rows_are_refused_from_the_archive_alone(tmp_path):
    xlsx(tmp_path / "rows.xlsx", "<row><c><v>1</v></c></row>" * 2_000_000)
    assert (tmp_path / "rows.xlsx").stat().st_size < 200_000
    assert one_line_error(run_bounded("import", "rows.xlsx", cwd=tmp_path)) == (
        "goallint: rows.xlsx 中的 xl/worksheets/sheet1.xml 压缩比为 411:1，超过上限 100:1（像是压缩炸弹），未导入 / "
        "xl/worksheets/sheet1.xml in rows.xlsx is compressed 411:1, above the limit of 100:1 (a zip bomb?); not imported"
    )


def test_an_entity_bomb_in_the_shared_strings_is_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>'
    )
    xlsx(tmp_path / "laughs.xlsx", extra={"xl/sharedStrings.xml": laughs})
    assert one_line_error(run_bounded("import", "laughs.xlsx", cwd=tmp_path)) == (
        "goallint: laughs.xlsx 中的 xl/sharedStrings.xml 含有 DTD（<!DOCTYPE>），Excel 工作簿不会有，未导入 / "
        "xl/sharedStrings.xml in laughs.xlsx holds a DTD (<!DOCTYPE>), which Excel never writes; not imported"
    )


# ---------------------------------------------------------------- each limit, small


def _failure(path: Path, **limits) -> str:
    with pytest.raises(ImportFailure) as info:
        read_workbook(path, Limits(**limits))
    assert "\n" not in info.value.zh and "\n" not in info.value.en
    return info.value.zh


def test_each_archive_limit_is_checked_before_openpyxl(tmp_path, monkeypatch):
    def no_openpyxl(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a workbook over the limits")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    rows = "".join(f'<row r="{r}">{text_cell(f"A{r}", "x")}{text_cell(f"B{r}", "y")}</row>' for r in range(2, 12))
    path = xlsx(tmp_path / "t.xlsx", rows)
    name = str(path)
    assert _failure(path, xlsx_members=4) == f"{name} 的压缩包里有 5 个文件，超过导入上限 4 个，未导入"
    assert _failure(path, xlsx_unpacked_bytes=1000) == f"{name} 解压后有 0.00296 MiB，超过导入上限 0.000954 MiB，未导入"
    # 7 header cells, then two a row: the 21st cell is in row 8
    assert _failure(path, xlsx_cells=20) == f"{name} 的单元格超过导入上限 20 个（数到工作表「表」第 8 行时），未导入"
    assert _failure(path, input_bytes=100) == f"{name} 大于导入上限 0.000095 MiB，未导入"
    empty_rows = xlsx(tmp_path / "r.xlsx", "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(2, 30)))
    assert _failure(empty_rows, xlsx_cells=10) == f"{empty_rows} 的行超过导入上限 10 个（数到工作表「表」第 11 行时），未导入"

    merged = xlsx(tmp_path / "m.xlsx", after='<mergeCells count="2"><mergeCell ref="A20:B29"/><mergeCell ref="C20:D29"/></mergeCells>')
    assert _failure(merged, xlsx_cells=30) == (
        f"{merged} 的工作表「表」中合并区域 C20:D29 覆盖 20 个单元格，使单元格总数超过导入上限 30 个，未导入"
    )
    linked = xlsx(tmp_path / "h.xlsx", after='<hyperlinks><hyperlink ref="A1:Z1000" display="x"/></hyperlinks>')
    assert _failure(linked, xlsx_cells=10_000) == (
        f"{linked} 的工作表「表」中超链接区域 A1:Z1000 覆盖 26,000 个单元格，超过导入上限 10,000 个，未导入"
    )
    styled = xlsx(tmp_path / "s.xlsx", after="<cols>" + '<col min="1" max="1"/>' * 50 + "</cols>")
    assert _failure(styled, xlsx_parts_elements=40) == f"{styled} 中的 XML 元素超过导入上限 40 个（数到 xl/worksheets/sheet1.xml 时），未导入"


def test_a_zip_whose_end_record_lists_too_many_files_is_not_opened(tmp_path, monkeypatch):
    def no_zipfile(*args, **kwargs):
        raise AssertionError("zipfile was asked to read a central directory over the limit")

    path = xlsx(tmp_path / "t.xlsx")
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (60_000).to_bytes(2, "little") * 2  # entries on this disk, entries in all
    monkeypatch.setattr(zipfile, "ZipFile", no_zipfile)
    with pytest.raises(ImportFailure) as info:
        read_workbook_bytes(bytes(data), "t.xlsx")
    assert info.value.zh == "t.xlsx 的压缩包里有 60,000 个文件，超过导入上限 10,000 个，未导入"


# ---------------------------------------------------------------- formulas and links


def test_formulas_without_a_saved_result_are_reported_at_their_cells(example, tmp_path):
    """合计 and a 绩效目标 written as formulas (openpyxl saves no result) used to vanish with exit 0."""
    path = tmp_path / "formula.xlsx"
    rows = build_published(example, path)
    book = openpyxl.load_workbook(path)
    sheet = book[PUBLISHED_SHEET]
    total_row = PUBLISHED_HEADER_ROW + 1
    goal_row = rows["维稳专项工作经费"]
    sheet.cell(total_row, 2).value = f"=B{total_row + 1}+B{goal_row + 9}"
    sheet.cell(goal_row, 6).value = '="保障"&"维稳工作正常开展"'
    book.save(path)

    proc = run_bounded("import", "formula.xlsx", "--format", "json", "-o", "out.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    found = [(d["file"], d["rule"], d["line"], d["column"], d["message"]) for d in json.loads(proc.stdout)["diagnostics"]]
    assert found == [
        (f"formula.xlsx[{PUBLISHED_SHEET}]", "import-error", total_row, 2,
         f"单元格 B{total_row} 的公式 =B{total_row + 1}+B{goal_row + 9} 没有保存计算结果，这个单元格没有导入：请在 Excel 中打开并保存后再导入"),
        (f"formula.xlsx[{PUBLISHED_SHEET}]", "import-error", goal_row, 6,
         f'单元格 F{goal_row} 的公式 ="保障"&"维稳工作正常开展" 没有保存计算结果，这个单元格没有导入：请在 Excel 中打开并保存后再导入'),
    ]
    expected = copy.deepcopy(example)
    expected["合计"] = {"财政拨款": expected["合计"]["财政拨款"]}  # the 总计 formula is not read; 财政拨款 is
    del expected["资金使用单位"][0]["项目"][1]["绩效目标"]
    assert read_workbook(path).table == expected


def test_external_links_and_error_values_are_reported_at_their_cells(tmp_path):
    rows = (
        '<row r="2">' + text_cell("A2", "合计")
        + '<c r="B2"><f>[1]汇总!B9</f><v>15</v></c><c r="C2"><f>\'[1]汇总\'!C9</f><v>15</v></c></row>'
        + '<row r="3">' + text_cell("A3", "某单位") + '<c r="B3"><v>15</v></c><c r="C3" t="e"><v>#REF!</v></c></row>'
    )
    xlsx(tmp_path / "links.xlsx", rows)
    proc = run_bounded("import", "links.xlsx", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == "合计: {总计: 15, 财政拨款: 15}\n资金使用单位:\n  - 单位名称: 某单位\n    小计: {总计: 15}\n    项目: []\n"
    found = [(d["rule"], d["line"], d["column"], d["message"]) for d in json.loads(proc.stderr)["diagnostics"]]
    assert found == [
        ("import-ambiguous", 2, 2, "单元格 B2 的值来自另一个工作簿（公式 =[1]汇总!B9），按保存的结果「15」读取，请核对"),
        ("import-ambiguous", 2, 3, "单元格 C2 的值来自另一个工作簿（公式 ='[1]汇总'!C9），按保存的结果「15」读取，请核对"),
        ("import-error", 3, 3, "单元格 C3 是错误值 #REF!，没有导入"),
    ]


def test_beyond_a_hundred_formulas_one_problem_counts_the_rest(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="H{r}"><f>H{r - 1}+1</f></c></row>' for r in range(2, 105))
    result = read_workbook(xlsx(tmp_path / "many.xlsx", rows))
    assert [(p.slug, p.line, p.column) for p in result.problems] == [("import-error", r, 8) for r in range(2, 103)]
    assert result.problems[0].zh == "单元格 H2 的公式 =H1+1 没有保存计算结果，这个单元格没有导入：请在 Excel 中打开并保存后再导入"
    assert result.problems[-1].zh == "另有 3 个没有保存计算结果的公式单元格没有导入"
    assert result.problems[-1].en == "3 more formula cells without a saved result were not imported"


# ---------------------------------------------------------------- PDF


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF with these objects (1 is the catalog) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_page_pdf(count: int, content: bytes, filters: bytes = b"") -> bytes:
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
    ])


def zeros_deflated(mebibytes: int) -> bytes:
    """A zlib stream of ``mebibytes`` MiB of zero bytes, built without compressing them."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(bytes(1 << 20)) + deflate.flush(zlib.Z_FULL_FLUSH)  # each MiB encodes the same
    end = deflate.flush()
    adler = (((mebibytes << 20) % 65521) << 16) | 1  # adler32 of that many zeros
    return b"\x78\xda" + block * mebibytes + end + adler.to_bytes(4, "big")


def test_zeros_deflated_is_what_it_says():
    assert zlib.decompress(zeros_deflated(3)) == bytes(3 << 20)


@pytest.fixture()
def pdfplumber():
    return importlib.import_module("pdfplumber")


def test_a_pdf_that_inflates_to_gigabytes_is_over_budget(tmp_path, pdfplumber):
    bomb = zlib.compress(zeros_deflated(4096), 9)  # 4 GiB of zeros, deflated twice
    (tmp_path / "bomb.pdf").write_bytes(one_page_pdf(1, bomb, b"/Filter [/FlateDecode /FlateDecode]"))
    assert (tmp_path / "bomb.pdf").stat().st_size < 20_000
    assert one_line_error(run_bounded("import", "bomb.pdf", cwd=tmp_path)) == (
        "goallint: PDF 文件 bomb.pdf 超出处理预算（内存 1024 MiB、CPU 120 秒），未导入 / "
        "the PDF file bomb.pdf exceeds the processing budget (1024 MiB of memory, 120 s of CPU time); not imported"
    )


def test_a_pdf_over_the_page_budget_is_refused_before_any_page_is_read(tmp_path, pdfplumber):
    (tmp_path / "pages.pdf").write_bytes(one_page_pdf(100_000, b"BT ET"))
    assert one_line_error(run_bounded("import", "pages.pdf", cwd=tmp_path)) == (
        "goallint: PDF 文件 pages.pdf 有 100,000 页，超过导入上限 500 页：请先把绩效目标表所在的页另存为一个 PDF / "
        "the PDF file pages.pdf has 100,000 pages, above the import limit of 500: "
        "save the pages with the target table as a PDF of their own first"
    )


def test_an_unreadable_pdf_is_named_as_the_user_named_it(tmp_path, pdfplumber):
    (tmp_path / "公开表").mkdir()
    (tmp_path / "公开表" / "坏.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all\n")
    assert one_line_error(run_bounded("import", "公开表/坏.pdf", cwd=tmp_path)) == (
        "goallint: 无法读取 PDF 文件 公开表/坏.pdf（PDFSyntaxError） / cannot read the PDF file 公开表/坏.pdf (PDFSyntaxError)"
    )


def test_without_a_sandbox_the_pdf_is_parsed_in_process_with_the_same_result(pdfplumber, monkeypatch):
    """Where there is no resource module (Windows): the same text, the same page budget."""
    from goallint.importers import pdf

    sample = Path(__file__).resolve().parent / "fixtures" / "import" / "sample.pdf"
    in_child = pdf.extract_pdf_text(sample)
    monkeypatch.setattr(pdf, "_sandboxed", lambda: False)
    assert pdf.extract_pdf_text(sample) == in_child
    with pytest.raises(ImportFailure) as info:
        pdf.read_pdf_bytes(one_page_pdf(100_000, b"BT ET"), "pages.pdf")
    assert info.value.zh == "PDF 文件 pages.pdf 有 100,000 页，超过导入上限 500 页：请先把绩效目标表所在的页另存为一个 PDF"
