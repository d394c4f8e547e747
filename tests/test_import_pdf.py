"""The PDF reader on the shipped sample PDF (made by scripts/make_sample_pdf.py; no font needed here)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from goallint.importers import ImportFailure
from goallint.importers.pdf import extract_pdf_text, read_pdf

from test_import_text import AMB, GOUZHI, HEAD, LAIHUI, ZFW, two

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SAMPLE = FIXTURES / "sample.pdf"


def test_sample_pdf_is_commit_sized():
    assert SAMPLE.read_bytes().startswith(b"%PDF-")
    assert SAMPLE.stat().st_size < 200_000


def test_extracted_text_keeps_project_indents_and_page_breaks():
    importlib.import_module("pdfplumber")
    lines = extract_pdf_text(SAMPLE).split("\n")
    assert lines[1:8] == [
        "部门名称：中国共产党广州市荔湾区委员会政法委员会 单位：万元",
        "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标",
        "合计 15.00 15.00",
        "中国共产党广州市荔湾区委员会",
        "政法委员会",
        "15.00 15.00",
        "    来穗人员服务管理工作经费 8.00 8.00",
    ]
    # page 1 ends inside an indicator; page 2 starts with a form feed and the repeated header
    assert lines[10:14] == [
        "1、1-产出指标；11-数量指标；出租屋登记率；实施周期指标值:95%；年度指标",
        "    第 1 页",
        "\f项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标",
        "值:95%。2、3-满意度指标；31-服务对象满意度；来穗人员对我区管",
    ]
    assert lines[15] == "    购置经费 7.00 7.00"


def test_sample_pdf_reads_to_the_exact_table():
    importlib.import_module("pdfplumber")
    result = read_pdf(SAMPLE)
    assert result.table == HEAD | {
        "合计": two("15.00"),
        "资金使用单位": [{"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]}],
    }
    assert [(p.slug, p.line) for p in result.problems] == [(AMB, 4), (AMB, 5), (AMB, 7), (AMB, 8), (AMB, 16)]
    assert result.problems[1].zh == (
        "第 5–6 行：单位名称分在两行（“中国共产党广州市荔湾区委员会”“政法委员会”），连接为“" + ZFW + "”"
    )


def test_a_file_that_is_not_a_pdf_fails_cleanly(tmp_path):
    importlib.import_module("pdfplumber")
    bogus = tmp_path / "table.pdf"
    bogus.write_text("部门名称：某部门 单位：万元\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as info:
        read_pdf(bogus)
    assert info.value.zh.startswith(f"无法读取 PDF 文件 {bogus}（")


def test_missing_pdfplumber_names_a_command_that_installs_it_here(monkeypatch):
    """The hint names the library and this Python, so it works for a released goallint and from a checkout."""
    import shlex

    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber → ImportError
    with pytest.raises(ImportFailure) as info:
        read_pdf(SAMPLE)
    command = shlex.join([sys.executable, "-m", "pip", "install", "pdfplumber>=0.11"])
    assert info.value.zh == f"需要 PDF 支持（pdfplumber）：请运行 {command}"
    assert info.value.en == f"PDF support (pdfplumber) is not installed: run {command}"
