"""`goallint import` and `goallint export` as a user runs them."""

from __future__ import annotations

import importlib
import json

import pytest

from conftest import EXAMPLE, ROOT, SOURCE, example_findings, run_cli


def test_import_of_the_published_text_reproduces_the_example_byte_for_byte(tmp_path):
    proc = run_cli("import", str(SOURCE), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == EXAMPLE.read_bytes()
    # the column decisions are reported, not made silently
    report = proc.stderr.decode()
    assert f"{SOURCE}:8:1: GL901 [警告] 第 8 行“合计 528.95 528.95”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致） [import-ambiguous]" in report
    assert report.rstrip().endswith("15 个问题（0 错误，15 警告，0 提示），共检查 1 个文件")


def test_import_twice_gives_identical_bytes_and_json_findings(tmp_path):
    first = run_cli("import", str(SOURCE), "-o", "a.yaml", "--format", "json", cwd=tmp_path)
    second = run_cli("import", str(SOURCE), "-o", "b.yaml", cwd=tmp_path)
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes() == EXAMPLE.read_bytes()
    payload = json.loads(first.stdout)
    assert [(d["rule"], d["line"]) for d in payload["diagnostics"]][:3] == [("import-ambiguous", 8), ("import-ambiguous", 10), ("import-ambiguous", 13)]


def test_a_numbering_gap_is_an_info_finding_that_does_not_fail_the_import(tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "import" / "numbering-gap.txt"
    proc = run_cli("import", str(fixture), "-o", "out.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    report = proc.stdout.decode()
    assert (
        f"{fixture}:21:7: GL903 [提示] 第 21 行：指标编号不连续，第 2 项编号为“3、”，按顺序应为“2、”"
        "（“3、3-满意度指标；31-服务对象满意度；来穗人…”）：请对照原表核对是否漏了一项指标或编号有误；各项指标已按原文导入 [numbering-gap]"
    ) in report
    assert report.rstrip().endswith("7 个问题（0 错误，4 警告，3 提示），共检查 1 个文件")
    payload = json.loads(run_cli("import", str(fixture), "-o", "b.yaml", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["rule"], d["line"], d["column"], d["severity"]) for d in payload["diagnostics"] if d["rule"] == "numbering-gap"] == [
        ("numbering-gap", 21, 7, "info"), ("numbering-gap", 28, 1, "info"), ("numbering-gap", 29, 8, "info"),
    ]


def test_import_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "dept.yaml"
    target.write_text("部门名称: 我写的\n", encoding="utf-8")
    proc = run_cli("import", str(SOURCE), "-o", "dept.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.decode().startswith("goallint: dept.yaml 已存在：加 --force 覆盖")
    assert target.read_text(encoding="utf-8") == "部门名称: 我写的\n"
    assert run_cli("import", str(SOURCE), "-o", "dept.yaml", "--force", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "goallint: in.txt 是空的：没有可导入的内容"),
        (b"\x00\x01\x02\x03\xff\xfe\xfd", "goallint: in.txt 不是文本、PDF 或 Excel 文件，无法导入"),
        ("会议纪要\n今天讨论了明年的预算安排。\n".encode(), "goallint: in.txt 不像项目支出绩效目标表"),
        ("项目支出绩效目标表\n（本页无内容）\n".encode(), "goallint: 不是项目支出绩效目标表的文本：找不到“部门名称：”行和表头"),
        (b"PK\x03\x04 broken zip", "goallint: in.txt 不是能读取的 Excel 文件"),
    ],
    ids=["empty", "binary", "not a table", "a title only", "broken zip"],
)
def test_garbage_in_is_one_line_and_exit_2(tmp_path, content, message):
    (tmp_path / "in.txt").write_bytes(content)
    proc = run_cli("import", "in.txt", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.startswith(message) and err.count("\n") == 1, err
    assert proc.stdout == b""


def test_export_then_import_round_trips(tmp_path, catalog):
    importlib.import_module("openpyxl")
    proc = run_cli("export", str(EXAMPLE), "-o", "t.xlsx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    n = len(example_findings())
    assert proc.stdout.decode() == f"已写入 t.xlsx（{n} 个检查结果）/ wrote t.xlsx ({n} findings)\n"
    back = run_cli("import", "t.xlsx", cwd=tmp_path)
    assert back.returncode == 0, back.stderr.decode()
    assert back.stdout == EXAMPLE.read_bytes()

    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    rows = [row[1:6] for row in book["检查结果"].iter_rows(values_only=True)]
    assert rows == [("行", "列", "严重性", "规则", "代码")] + [
        (d["line"], d["column"], {"error": "错误", "warning": "警告", "info": "提示"}[d["severity"]], d["rule"], catalog.find(d["rule"]).code)
        for d in example_findings()
    ]
    messages = [row[6] for row in book["检查结果"].iter_rows(min_row=2, values_only=True)]
    first_unit = next(i for i, d in enumerate(example_findings()) if d["rule"] == "target-unit-required")
    assert messages[first_unit] == "「来穗人员对我区管理服务评价」的实施周期指标值和年度指标值“≥90”是数值，但没有计量单位：请写明单位，如 %、次、个、人、万元"
