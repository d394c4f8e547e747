"""Excel import (both layouts) and export, checked against the real example table.

Workbooks are built here with openpyxl, independently of goallint's exporter: the
published layout as a department's Excel copy of the PDF table (header on row 4,
amounts as numbers, text and merged cells), the 预算管理一体化 layout with
计算符号 codes and units in their own columns.  Importing them must give the
example table back exactly (for the system layout: the parts that layout carries),
and problems are compared exactly by (slug, sheet, row).
"""

from __future__ import annotations

import copy
import io
import os
import re
import shlex
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, SequenceNode

from goallint.export import export_workbook, format_indicators
from goallint.importers import ImportFailure
from goallint.importers.excel import (
    canonical_comparator,
    looks_like_xlsx,
    parse_indicators,
    read_workbook,
    render_value,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"
SOURCE = Path(__file__).resolve().parent / "data" / "liwan-zfw-project-targets.txt"

# Codes as the published table prints them (RULES §1), kept here apart from the code under test.
L1_CODE = {"产出指标": "1", "效益指标": "2", "满意度指标": "3"}
L2_CODE = {"数量指标": "11", "质量指标": "12", "时效指标": "13", "经济效益": "21", "社会效益": "22", "服务对象满意度": "31"}


# ---------------------------------------------------------------- helpers


def _build(node):
    """YAML node → plain data; a float scalar becomes Decimal of its own text (8.00 stays 8.00)."""
    if isinstance(node, MappingNode):
        return {k.value: _build(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [_build(item) for item in node.value]
    if node.style:
        return node.value
    if node.tag.endswith(":float"):
        return Decimal(node.value)
    if node.tag.endswith(":int"):
        return int(node.value)
    return node.value


@pytest.fixture()
def example() -> dict:
    return _build(YAML(typ="safe").compose(EXAMPLE.read_text(encoding="utf-8")))


def problems_of(result) -> list[tuple[str, str | None, int]]:
    return [(p.slug, p.sheet, p.line) for p in result.problems]


def run_on(indicators: list[dict]) -> str:
    """The published 绩效指标 string, built the way the source prints it."""
    out = []
    for n, x in enumerate(indicators, start=1):
        out.append(
            f"{n}、{L1_CODE[x['一级指标']]}-{x['一级指标']}；{L2_CODE[x['二级指标']]}-{x['二级指标']}；"
            f"{x['三级指标']}；实施周期指标值:{x['实施周期指标值']}；年度指标值:{x['年度指标值']}。"
        )
    return "".join(out)


def put_amount(cell, amount: Decimal, fmt: str = "0.00") -> None:
    """An amount as Excel keeps it: a binary float with a number format."""
    cell.value = float(amount)
    cell.number_format = fmt


PUBLISHED_SHEET = "项目支出绩效目标表"
PUBLISHED_HEADER_ROW = 4


def build_published(table: dict, path: Path) -> dict:
    """A department's Excel copy of the published table; returns {项目名称: row}."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PUBLISHED_SHEET
    ws["A1"] = table["表名"]
    ws.merge_cells("A1:G1")
    ws["A2"] = f"部门名称：{table['部门名称']}  单位：{table['金额单位']}"
    header = ["项目名称\n（资金使用单位）", "总 计", "财政拨款", "财政专户拨款", "其他资金", "*绩效目标", "绩效指标"]
    for col, text in enumerate(header, start=1):
        ws.cell(PUBLISHED_HEADER_ROW, col, text)
    row = PUBLISHED_HEADER_ROW + 1
    ws.cell(row, 1, "合计")
    for col, key in ((2, "总计"), (3, "财政拨款")):
        put_amount(ws.cell(row, col), table["合计"][key], "#,##0.00")
    rows = {}
    for unit in table["资金使用单位"]:
        row += 1
        ws.cell(row, 1, unit["单位名称"])
        ws.cell(row, 2, str(unit["小计"]["总计"]))  # a text cell holding a number
        put_amount(ws.cell(row, 3), unit["小计"]["财政拨款"])
        for project in unit["项目"]:
            row += 1
            ws.cell(row, 1, "    " + project["项目名称"])
            put_amount(ws.cell(row, 2), project["金额"]["总计"])
            put_amount(ws.cell(row, 3), project["金额"]["财政拨款"])
            ws.cell(row, 6, project["绩效目标"]).alignment = Alignment(wrap_text=True)
            ws.cell(row, 7, run_on(project["绩效指标"])).alignment = Alignment(wrap_text=True)
            rows[project["项目名称"]] = row
    wb.save(path)
    return rows


# 预算管理一体化 layout ------------------------------------------------------------

SYSTEM_SHEET = "绩效指标"
SYSTEM_HEADER_ROW = 6
SIGN_CODE = {"≥": 1, "＞": 2, "＝": 3, "＜": 4, "≤": 5}
SIGN_TEXT = {"≥": ">=", "＞": ">", "＝": "=", "＜": "<", "≤": "<="}
QUANTITY = re.compile(r"^(≥|＞|＝|＜|≤)?(\d+)(%|次|个|人)?$")
SYSTEM_HEADER = [
    "序号", "单位名称", "项目名称", "总计", "财政拨款", "一级指标", "二级指标", "三级指标名称", "指标值类型",
    "计算符号", "年度指标值", "计量单位", "计算符号", "中期指标值", "计量单位", "权重", "指标方向", "评(扣)分标准",
]


def system_form(text: str):
    """How a budgeting system keeps a published value: (sign, 指标值, 计量单位, value goallint should read)."""
    m = QUANTITY.match(text)
    if not m:
        return "定性", text, None, text
    sign = m.group(1) or "＝"  # the system always stores a sign; a bare number is ＝
    number, unit = int(m.group(2)), m.group(3)
    expected = {"计算符号": sign, "指标值": number}
    if unit:
        expected["计量单位"] = unit
    return sign, number, unit, expected


def build_system(table: dict, path: Path) -> dict:
    """The system's export of the example, one row per indicator; returns the table it carries."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SYSTEM_SHEET
    ws["A1"] = "项目支出绩效指标"
    ws["A3"] = f"部门名称：{table['部门名称']}"
    ws["A4"] = f"单位：{table['金额单位']}"
    for col, text in enumerate(SYSTEM_HEADER, start=1):
        ws.cell(SYSTEM_HEADER_ROW, col, text)
    expected_units = []
    row = SYSTEM_HEADER_ROW
    n = 0
    for unit in table["资金使用单位"]:
        unit_first = row + 1
        expected_projects = []
        for project in unit["项目"]:
            first = row + 1
            indicators = []
            for k, x in enumerate(project["绩效指标"]):
                row += 1
                n += 1
                ws.cell(row, 1, n)
                if row == first:
                    ws.cell(row, 3, project["项目名称"])
                    put_amount(ws.cell(row, 4), project["金额"]["总计"])
                    put_amount(ws.cell(row, 5), project["金额"]["财政拨款"])
                if row == unit_first:
                    ws.cell(row, 2, unit["单位名称"])
                ws.cell(row, 6, x["一级指标"])
                ws.cell(row, 7, x["二级指标"])
                ws.cell(row, 8, x["三级指标"])
                year_sign, year_value, year_unit, year_expected = system_form(x["年度指标值"])
                period_sign, period_value, period_unit, period_expected = system_form(x["实施周期指标值"])
                kind = "定性" if year_sign == "定性" else "定量"
                ws.cell(row, 9, kind)
                ws.cell(row, 10, 6 if year_sign == "定性" else SIGN_CODE[year_sign])  # PMKPIZBXS code
                ws.cell(row, 11, year_value)
                ws.cell(row, 12, year_unit)
                ws.cell(row, 13, "定性" if period_sign == "定性" else SIGN_TEXT[period_sign])
                ws.cell(row, 14, period_value)
                ws.cell(row, 15, period_unit)
                weight = Decimal("12.50") if k % 2 else 10
                if isinstance(weight, Decimal):
                    put_amount(ws.cell(row, 16), weight)
                else:
                    ws.cell(row, 16, weight)
                ws.cell(row, 17, "正向")
                ws.cell(row, 18, "完成得满分，未完成按比例扣分")
                indicators.append(
                    {
                        "一级指标": x["一级指标"],
                        "二级指标": x["二级指标"],
                        "三级指标": x["三级指标"],
                        "指标值类型": kind,
                        "指标方向": "正向",
                        "权重": weight,
                        "实施周期指标值": period_expected,
                        "年度指标值": year_expected,
                        "评分标准": "完成得满分，未完成按比例扣分",
                    }
                )
            for col in (3, 4, 5):  # 项目名称 and amounts merged over the project's rows
                ws.merge_cells(start_row=first, start_column=col, end_row=row, end_column=col)
            expected_projects.append(
                {"项目名称": project["项目名称"], "金额": project["金额"], "绩效指标": indicators}
            )
        ws.merge_cells(start_row=unit_first, start_column=2, end_row=row, end_column=2)
        expected_units.append({"单位名称": unit["单位名称"], "项目": expected_projects})
    wb.save(path)
    return {
        "表名": "项目支出绩效指标",
        "部门名称": table["部门名称"],
        "金额单位": table["金额单位"],
        "资金使用单位": expected_units,
    }


# ---------------------------------------------------------------- published layout


def test_published_layout_reads_the_example_exactly(example, tmp_path):
    path = tmp_path / "published.xlsx"
    build_published(example, path)
    result = read_workbook(path)
    assert result.table == example
    assert problems_of(result) == []
    # amounts are exact Decimals with the published text, from float cells and text cells alike
    assert str(result.table["合计"]["总计"]) == "528.95"
    assert str(result.table["资金使用单位"][0]["项目"][0]["金额"]["总计"]) == "8.00"
    assert str(result.table["资金使用单位"][1]["小计"]["总计"]) == "129.00"
    assert list(result.table) == ["表名", "部门名称", "金额单位", "合计", "资金使用单位"]


def test_code_name_mismatch_is_reported_at_its_row(example, tmp_path):
    path = tmp_path / "mismatch.xlsx"
    rows = build_published(example, path)
    row = rows["购置经费"]
    wb = openpyxl.load_workbook(path)
    cell = wb[PUBLISHED_SHEET].cell(row, 7)
    assert "2、1-产出指标；13-时效指标；采购计划完成率" in cell.value
    cell.value = cell.value.replace("13-时效指标；采购计划完成率", "12-时效指标；采购计划完成率")
    wb.save(path)

    result = read_workbook(path)
    assert problems_of(result) == [("import-ambiguous", PUBLISHED_SHEET, row)]
    problem = result.problems[0]
    assert problem.column == 7
    assert "12-时效指标" in problem.zh and "13" in problem.zh
    expected = copy.deepcopy(example)
    expected["资金使用单位"][0]["项目"][5]["绩效指标"][1]["二级指标"] = "12-时效指标"
    assert result.table == expected


def test_unreadable_amount_is_an_error_and_the_rest_is_read(example, tmp_path):
    path = tmp_path / "bad-amount.xlsx"
    rows = build_published(example, path)
    wb = openpyxl.load_workbook(path)
    wb[PUBLISHED_SHEET].cell(rows["维稳专项工作经费"], 2).value = "四十七"
    wb.save(path)

    result = read_workbook(path)
    assert problems_of(result) == [("import-error", PUBLISHED_SHEET, rows["维稳专项工作经费"])]
    assert result.problems[0].column == 2
    expected = copy.deepcopy(example)
    del expected["资金使用单位"][0]["项目"][1]["金额"]["总计"]
    assert result.table == expected


def test_amounts_are_read_as_shown(example, tmp_path):
    """Float noise under the shown decimals is dropped; real hidden digits are reported."""
    path = tmp_path / "shown.xlsx"
    rows = build_published(example, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[PUBLISHED_SHEET]
    ws.cell(PUBLISHED_HEADER_ROW + 1, 2).value = 528.95 + 1e-13  # a formula's binary residue
    ws.cell(rows["购置经费"], 3).value = 7.004  # shows 7.00
    ws.cell(rows["购置经费"], 3).number_format = "#,##0.00"
    wb.save(path)

    result = read_workbook(path)
    assert result.table == example
    assert problems_of(result) == [("import-ambiguous", PUBLISHED_SHEET, rows["购置经费"])]
    assert "7.004" in result.problems[0].zh and "7.00" in result.problems[0].zh


def test_row_without_name_continues_the_project_above(example, tmp_path):
    path = tmp_path / "continued.xlsx"
    rows = build_published(example, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[PUBLISHED_SHEET]
    last = rows["编外人员聘用经费"]
    text = ws.cell(last, 7).value
    cut = text.index("3、")
    ws.cell(last, 7).value = text[:cut]
    ws.cell(last + 1, 7).value = text[cut:]
    wb.save(path)

    result = read_workbook(path)
    assert result.table == example
    assert problems_of(result) == [("import-ambiguous", PUBLISHED_SHEET, last + 1)]


def test_merged_name_cell_continues_the_project(example, tmp_path):
    """A project whose indicator text goes on in the next row, its name cell merged over both."""
    path = tmp_path / "merged.xlsx"
    rows = build_published(example, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[PUBLISHED_SHEET]
    last = rows["编外人员聘用经费"]
    text = ws.cell(last, 7).value
    cut = text.index("3、")
    ws.cell(last, 7).value = text[:cut]
    ws.cell(last + 1, 7).value = text[cut:]
    ws.merge_cells(start_row=last, start_column=1, end_row=last + 1, end_column=1)
    wb.save(path)

    result = read_workbook(path)
    assert result.table == example
    assert problems_of(result) == []


# ---------------------------------------------------------------- system layout


def test_system_layout_reads_codes_units_and_details(example, tmp_path):
    path = tmp_path / "system.xlsx"
    expected = build_system(example, path)
    result = read_workbook(path)
    assert problems_of(result) == []
    assert result.table == expected
    first = result.table["资金使用单位"][0]["项目"][0]["绩效指标"]
    assert first[0]["年度指标值"] == {"计算符号": "＝", "指标值": 95, "计量单位": "%"}
    assert first[2]["年度指标值"] == {"计算符号": "≥", "指标值": 90}  # empty 计量单位 omitted
    assert first[1]["年度指标值"] == "在流动人员服务工作中无重大维稳事件"  # code 6: the plain value
    assert str(first[1]["权重"]) == "12.50"


def test_system_layout_without_project_column_is_one_project(example, tmp_path):
    path = tmp_path / "one-project.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "维稳专项"
    ws["B2"] = "单位名称：中国共产党广州市荔湾区委员会政法委员会"
    header_row = 8
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"], start=1):
        ws.cell(header_row, col, text)
    ws.append(["产出指标", "数量指标", "重大矛盾化解率", "1", 90, "%"])
    ws.append(["产出指标", "时效指标", "报告重大案（事）件及时率", "=", "100", "%"])
    ws.append([None, None, None, None, None, None])
    ws.append(["效益指标", "社会效益", "辖区政治安全和社会大局持续稳定", 6, "实现“五个不发生”", None])
    wb.save(path)

    result = read_workbook(path)
    assert problems_of(result) == [("import-ambiguous", "维稳专项", header_row)]
    assert result.table == {
        "资金使用单位": [
            {
                "单位名称": "中国共产党广州市荔湾区委员会政法委员会",
                "项目": [
                    {
                        "项目名称": "维稳专项",
                        "绩效指标": [
                            {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "重大矛盾化解率",
                             "年度指标值": {"计算符号": "≥", "指标值": 90, "计量单位": "%"}},
                            {"一级指标": "产出指标", "二级指标": "时效指标", "三级指标": "报告重大案（事）件及时率",
                             "年度指标值": {"计算符号": "＝", "指标值": "100", "计量单位": "%"}},
                            {"一级指标": "效益指标", "二级指标": "社会效益", "三级指标": "辖区政治安全和社会大局持续稳定",
                             "年度指标值": "实现“五个不发生”"},
                        ],
                    }
                ],
            }
        ]
    }


def test_system_layout_blank_level_repeats_the_row_above(tmp_path):
    path = tmp_path / "blank.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标名称", "计算符号", "年度指标值", "计量单位"])
    ws.append(["购置经费", "1-产出指标", "12-质量指标", "手续完备率", 3, 100, "%"])
    ws.append(["购置经费", None, "13-质量指标", "采购计划完成率", 3, 100, "%"])
    wb.save(path)
    result = read_workbook(path)
    assert problems_of(result) == [
        ("import-ambiguous", "Sheet", 1),  # no 单位名称: the unit is named after the sheet
        ("import-ambiguous", "Sheet", 3),  # empty 一级指标 repeats row 2
        ("import-ambiguous", "Sheet", 3),  # 13 is not 质量
    ]
    items = result.table["资金使用单位"][0]["项目"][0]["绩效指标"]
    assert [(x["一级指标"], x["二级指标"]) for x in items] == [("产出指标", "质量指标"), ("产出指标", "13-质量指标")]


# ---------------------------------------------------------------- the run-on string


def test_parse_indicators_accepts_items_without_codes():
    text = (
        "1、产出指标；成本指标；单位培训成本；实施周期指标值:≤5万元；年度指标值:≤5万元。"
        "2、1-产出指标；11-数量指标；网格员业务培训会议次数；实施周期指标值:开展区级培训2次。；年度指标值:2次。"
        "3、成本指标；经济成本指标；1+6+N体系建设成本；年度指标值:≤10万元。"
    )
    items, problems = parse_indicators(text)
    assert problems == []
    assert items == [
        {"一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "单位培训成本",
         "实施周期指标值": "≤5万元", "年度指标值": "≤5万元"},
        {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "网格员业务培训会议次数",
         "实施周期指标值": "开展区级培训2次。", "年度指标值": "2次"},
        {"一级指标": "成本指标", "二级指标": "经济成本指标", "三级指标": "1+6+N体系建设成本", "年度指标值": "≤10万元"},
    ]


def test_parse_indicators_reports_gaps_and_unreadable_items():
    items, problems = parse_indicators(
        "1、1-产出指标；11-数量指标；培训次数；实施周期指标值:2次；年度指标值:2次。3、1-产出指标；质量好。"
    )
    assert [x["三级指标"] for x in items] == ["培训次数"]
    assert [p.slug for p in problems] == ["numbering-gap", "import-error"]


def test_comparators_and_rendering():
    assert [canonical_comparator(c) for c in (1, "2", 3, 4, 5, 6, 9, ">=", "=", "<", "<=", "＞", "定性", "7", "约")] == [
        "≥", "＞", "＝", "＜", "≤", "定性", "定性", "≥", "＝", "＜", "≤", "＞", "定性", None, None,
    ]
    assert render_value({"计算符号": "≥", "指标值": Decimal("90.0"), "计量单位": "%"}) == "≥90.0%"
    assert render_value({"计算符号": "定性", "指标值": "满意"}) == "满意"
    assert render_value("95%") == "95%"


# ---------------------------------------------------------------- export


def test_export_round_trip_gives_the_example_back(example, tmp_path):
    path = tmp_path / "out.xlsx"
    export_workbook(example, path)
    result = read_workbook(path)
    assert result.table == example
    assert problems_of(result) == []
    assert [str(p["金额"]["总计"]) for u in result.table["资金使用单位"] for p in u["项目"]] == [
        "8.00", "47.00", "101.45", "55.00", "23.50", "7.00", "158.00", "1.20", "31.80", "96.00",
    ]


def test_export_writes_the_published_run_on_string_exactly(example, tmp_path):
    path = tmp_path / "out.xlsx"
    export_workbook(example, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["绩效目标表", "绩效指标"]
    ws = wb["绩效目标表"]
    assert [c.value for c in ws[3]] == ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]
    assert all(c.font.bold for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws["A1"].value == "项目支出绩效目标表（含转移支付项目）"
    assert ws["A2"].value == "部门名称：中国共产党广州市荔湾区委员会政法委员会"
    assert ws["G2"].value == "单位：万元"
    assert [ws.cell(4, c).value for c in (1, 2, 3)] == ["合计", 528.95, 528.95]
    assert ws["B6"].number_format == "0.00" and ws["A6"].value == "来穗人员服务管理工作经费"
    assert ws["G6"].alignment.wrap_text
    # every rebuilt string is in the source, whose lines wrap it anywhere
    source = "".join(line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines())
    strings = [ws.cell(r, 7).value for r in range(4, ws.max_row + 1) if ws.cell(r, 7).value]
    assert len(strings) == 10
    assert all(s in source for s in strings)
    assert strings[0] == format_indicators(example["资金使用单位"][0]["项目"][0]["绩效指标"])
    system = wb["绩效指标"]
    assert [c.value for c in system[1]][:12] == [
        "单位名称", "项目名称", "一级指标", "二级指标", "三级指标名称", "指标值类型",
        "计算符号", "实施周期指标值", "年度指标值", "计量单位", "权重", "指标方向",
    ]
    assert system.max_row == 1 + 34  # one row per indicator


RICH = {
    "表名": "2024年项目支出绩效目标表",
    "部门名称": "广州市某区某局",
    "部门编码": "101001",
    "预算年度": 2024,
    "金额单位": "元",
    "合计": {"总计": 1500000, "财政拨款": Decimal("1200000.50"), "其他资金": Decimal("299999.50")},
    "资金使用单位": [
        {
            "单位名称": "某局本级",
            "单位编码": "101001001",
            "小计": {"总计": 1500000, "财政拨款": Decimal("1200000.50"), "其他资金": Decimal("299999.50")},
            "项目": [
                {
                    "项目名称": "信息化建设",
                    "项目代码": "44010321000000000001",
                    "金额": {"总计": 1000000, "财政拨款": Decimal("700000.50"), "其他资金": Decimal("299999.50")},
                    "实施周期金额": {"总计": Decimal("3000000.00")},
                    "项目期限": 3,
                    "绩效目标": {"实施周期目标": "三年建成全区统一平台。", "年度目标": "完成一期建设。"},
                    "绩效指标": [
                        {
                            "一级指标": "产出指标",
                            "二级指标": "数量指标",
                            "三级指标": "接入单位数",
                            "指标值类型": "定量",
                            "指标方向": "正向",
                            "权重": Decimal("12.5"),
                            "实施周期指标值": {"计算符号": "≥", "指标值": 30, "计量单位": "个"},
                            "年度指标值": {"计算符号": "≥", "指标值": 10, "计量单位": "个"},
                            "指标解释": "当年接入平台的单位个数",
                            "绩效标准": "计划标准",
                            "评分标准": "每少1个扣1分",
                            "备注": "=按验收报告",
                        },
                        {
                            "一级指标": "产出指标",
                            "二级指标": "成本指标",
                            "三级指标": "单位接入成本",
                            "实施周期指标值": {"计算符号": "≤", "指标值": Decimal("3.50"), "计量单位": "万元"},
                            "年度指标值": {"计算符号": "＜", "指标值": Decimal("3.5"), "计量单位": "万元/个"},
                        },
                        {
                            "一级指标": "效益指标",
                            "二级指标": "14-可持续影响",
                            "三级指标": "平台运行年限",
                            "实施周期指标值": "长期",
                            "年度指标值": "=长期运行",
                        },
                        {
                            "一级指标": "满意度指标",
                            "二级指标": "服务对象满意度",
                            "三级指标": "使用单位满意度",
                            "年度指标值": {"计算符号": "≥", "指标值": 90, "计量单位": "%"},
                        },
                    ],
                },
                {
                    "项目名称": "日常运转",
                    "金额": {"总计": 500000, "财政拨款": 500000},
                    "项目期限": "长期",
                    "绩效目标": "保障日常运转。",
                },
            ],
        }
    ],
}


def test_export_round_trip_of_everything_the_model_holds(tmp_path):
    path = tmp_path / "rich.xlsx"
    export_workbook(RICH, path)
    result = read_workbook(path)
    # the code 14 is not in the code table: kept as written, and reported at the project's row
    assert problems_of(result) == [("import-ambiguous", "绩效目标表", 6)]
    assert result.table == RICH
    wb = openpyxl.load_workbook(path)
    header = [c.value for c in wb["绩效目标表"][3]]
    assert header[7:] == ["单位编码", "项目代码", "项目期限", "实施周期总计"]
    system_header = [c.value for c in wb["绩效指标"][1]]
    assert "实施周期计算符号" in system_header and "实施周期计量单位" in system_header
    assert wb["绩效指标"].cell(2, system_header.index("备注") + 1).value == "=按验收报告"


def test_export_normalises_comparator_codes_and_qualitative_values(tmp_path):
    table = copy.deepcopy(RICH)
    items = table["资金使用单位"][0]["项目"][0]["绩效指标"]
    items[3]["年度指标值"] = {"计算符号": 1, "指标值": 90, "计量单位": "%"}
    items[2]["实施周期指标值"] = {"计算符号": "定性", "指标值": "长期"}
    path = tmp_path / "codes.xlsx"
    export_workbook(table, path)
    result = read_workbook(path)
    assert result.table == RICH


def test_export_findings_sheet_and_comments(example, tmp_path):
    findings = [
        {"file": "liwan-zfw.yaml", "line": 31, "column": 9, "code": "S02", "rule": "benefit-indicator-missing",
         "severity": "warning", "message": "项目没有效益指标", "path": "资金使用单位[0].项目[2].绩效指标"},
        {"file": "liwan-zfw.yaml", "line": 28, "column": 30, "code": "V04", "rule": "target-unit-required",
         "severity": "error", "message": "定量指标值没有计量单位",
         "path": "资金使用单位[0].项目[0].绩效指标[2].年度指标值"},
        {"file": "liwan-zfw.yaml", "line": 10, "column": 9, "code": "A01", "rule": "amount-components",
         "severity": "error", "message": "总计不等于各项之和", "path": "资金使用单位[0].项目[0].金额"},
        {"file": "liwan-zfw.yaml", "line": 1, "column": 1, "code": "X", "rule": "whole-file",
         "severity": "info", "message": "整表提示", "path": ""},
    ]
    path = tmp_path / "checked.xlsx"
    export_workbook(example, path, findings)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["绩效目标表", "绩效指标", "检查结果"]
    sheet = wb["检查结果"]
    assert [c.value for c in sheet[1]] == ["文件", "行", "列", "严重性", "规则", "代码", "信息", "路径"]
    assert [c.value for c in sheet[3]] == [
        "liwan-zfw.yaml", 28, 30, "error", "target-unit-required", "V04", "定量指标值没有计量单位",
        "资金使用单位[0].项目[0].绩效指标[2].年度指标值",
    ]
    assert sheet.max_row == 5
    ws = wb["绩效目标表"]
    # 政法系统专项工作经费 is the third project of the first unit: row 3 (header) + 合计 + unit + 3
    assert ws["A8"].value == "政法系统专项工作经费"
    assert ws["G8"].comment.text == "[warning] benefit-indicator-missing: 项目没有效益指标（绩效指标）"
    assert ws["G6"].comment.text == "[error] target-unit-required: 定量指标值没有计量单位（绩效指标[2].年度指标值）"
    assert ws["B6"].comment.text == "[error] amount-components: 总计不等于各项之和（金额）"
    commented = sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment)
    assert commented == ["B6", "G6", "G8"]
    # the findings sheet does not disturb reading the table back
    assert read_workbook(path).table == example


def test_export_is_atomic(example, tmp_path, monkeypatch):
    path = tmp_path / "keep.xlsx"
    path.write_bytes(b"old")

    def broken_save(self, filename):
        raise ValueError("cannot build the workbook")

    with monkeypatch.context() as m:
        m.setattr(openpyxl.Workbook, "save", broken_save)
        with pytest.raises(ValueError):
            export_workbook(example, path)
    assert path.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["keep.xlsx"]

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(OSError):
        export_workbook(example, path)
    assert path.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["keep.xlsx"]


def test_both_sheets_disagreeing_keeps_the_published_value(example, tmp_path):
    path = tmp_path / "both.xlsx"
    export_workbook(example, path)
    wb = openpyxl.load_workbook(path)
    system = wb["绩效指标"]
    assert system["E2"].value == "出租屋登记率" and system["I2"].value == "95%"
    system["I2"].value = "96%"
    system["F2"].value = "定量"
    wb.save(path)
    result = read_workbook(path)
    assert problems_of(result) == [("import-ambiguous", "绩效指标", 2)]
    expected = copy.deepcopy(example)
    expected["资金使用单位"][0]["项目"][0]["绩效指标"][0]["指标值类型"] = "定量"  # a detail it lacks
    assert result.table == expected


# ---------------------------------------------------------------- bad input


def _one_line_failure(path) -> ImportFailure:
    with pytest.raises(ImportFailure) as info:
        read_workbook(path)
    assert "\n" not in info.value.zh and "\n" not in info.value.en
    return info.value


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "为空" in _one_line_failure(path).zh


def test_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_text("项目名称,总计\n购置经费,7.00\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _one_line_failure(path).zh
    assert not looks_like_xlsx(path.read_bytes())


def test_workbook_without_a_header(tmp_path):
    path = tmp_path / "notes.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "会议记录"
    wb.active["B5"] = "绩效目标"
    wb.create_sheet("空表")
    wb.save(path)
    assert looks_like_xlsx(path.read_bytes())
    failure = _one_line_failure(path)
    assert "表头" in failure.zh and "Sheet、空表" in failure.zh


def test_damaged_workbooks(example, tmp_path):
    good = tmp_path / "good.xlsx"
    export_workbook(example, good)
    data = good.read_bytes()

    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    assert "不是 Excel 工作簿" in _one_line_failure(truncated).zh

    garbage = tmp_path / "garbage.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
        archive.writestr("[Content_Types].xml", "")
    garbage.write_bytes(buffer.getvalue())
    assert looks_like_xlsx(garbage.read_bytes())
    assert "损坏" in _one_line_failure(garbage).zh

    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ".xls" in _one_line_failure(legacy).zh

    assert "无法读取" in _one_line_failure(tmp_path / "missing.xlsx").zh


def test_without_openpyxl_the_message_says_how_to_install(example, tmp_path, monkeypatch):
    path = tmp_path / "out.xlsx"
    export_workbook(example, path)
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)  # import openpyxl now fails
    failure = _one_line_failure(path)
    command = shlex.join([sys.executable, "-m", "pip", "install", "openpyxl>=3.1"])
    assert failure.zh == f"需要 Excel 支持（openpyxl）：请运行 {command}"
    assert failure.en == f"Excel support (openpyxl) is not installed: run {command}"
    with pytest.raises(ImportFailure):
        export_workbook(example, tmp_path / "again.xlsx")
    assert not (tmp_path / "again.xlsx").exists()
