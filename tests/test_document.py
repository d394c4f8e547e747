"""The loader: exact amounts, positions of keys and values, load problems."""

from __future__ import annotations

from decimal import Decimal

import pytest

from goallint.document import NumberText, Span, format_path, load_bytes, load_text

TABLE = """\
部门名称: 测试部门
预算年度: 2021
金额单位: 万元
合计: {总计: 528.95, 财政拨款: 528.95}
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: 来穗人员服务管理工作经费
        金额: {总计: 8.00, 财政拨款: 8.00}
        项目期限: 1
        绩效指标:
          - 一级指标: 产出指标
            实施周期指标值: 95%
            年度指标值: 2021-12-31
"""


def test_amounts_are_decimals_from_the_scalar_text():
    doc = load_text(TABLE)
    row = doc.data["资金使用单位"][0]["项目"][0]["金额"]
    assert row["总计"] == Decimal("8.00") and str(row["总计"]) == "8.00"
    assert type(row["总计"]) is Decimal
    assert str(doc.data["合计"]["总计"]) == "528.95"
    assert doc.data["预算年度"] == 2021 and type(doc.data["预算年度"]) is int


def test_dates_and_quoted_numbers_stay_strings():
    doc = load_text(TABLE + '        备注: "8.00"\n')
    indicator = doc.data["资金使用单位"][0]["项目"][0]["绩效指标"][0]
    assert indicator["年度指标值"] == "2021-12-31"
    assert doc.data["资金使用单位"][0]["项目"][0]["备注"] == "8.00"


def test_special_floats_are_not_amounts():
    doc = load_text("a: .inf\nb: .nan\nc: 1_000.5\n")
    assert doc.data == {"a": ".inf", "b": ".nan", "c": "1_000.5"}
    assert all(type(v) is NumberText for v in doc.data.values())


@pytest.mark.parametrize(
    ("text", "value"),
    [("528", 528), ("-3", -3), ("007", 7), ("8.00", Decimal("8.00")), ("-0.5", Decimal("-0.5")), ("12345678901234567890", 12345678901234567890)],
)
def test_plain_decimal_numbers_are_exact_numbers(text, value):
    (read,) = load_text(f"a: {text}\n").data.values()
    assert read == value and type(read) is type(value) and str(read) == str(value)


@pytest.mark.parametrize(
    "text",
    ["0x210", "0o17", "0b1", "1_000", "1e3", "1E3", "528.", "+528.95", ".5", "-.5", ".inf", "-.inf", ".nan",
     "0.1e-999999999", "1e1000000", "123456789012345678901", "1234567890.12345678901"],
)
def test_every_other_number_form_stays_its_text(text):
    (read,) = load_text(f"a: {text}\n").data.values()
    assert type(read) is NumberText and read == text


def test_every_key_and_value_has_a_position():
    doc = load_text(TABLE)
    path = ("资金使用单位", 0, "项目", 0, "金额", "总计")
    assert doc.locate(path) == Span(9, 18, 9, 22)
    assert doc.locate(path, "key") == Span(9, 14, 9, 16)
    assert doc.locate(("资金使用单位", 0, "项目", 0, "绩效指标", 0, "实施周期指标值")) == Span(13, 22, 13, 25)
    assert doc.locate(("部门名称",)) == Span(1, 7, 1, 11)


def test_a_missing_path_points_at_its_nearest_ancestor_key():
    doc = load_text(TABLE)
    # 金额 has no 其他资金: the finding lands on the key 金额
    assert doc.locate(("资金使用单位", 0, "项目", 0, "金额", "其他资金")) == Span(9, 9, 9, 11)
    # nothing at all: the start of the file
    assert doc.locate(("表名",)) == Span(1, 1, 1, 2)


def test_a_collection_value_points_at_its_first_character_only():
    doc = load_text(TABLE)
    assert doc.locate(("资金使用单位",)) == Span(6, 3, 6, 4)


def test_format_path():
    assert format_path(("资金使用单位", 0, "项目", 2, "绩效指标", 1, "年度指标值")) == "资金使用单位[0].项目[2].绩效指标[1].年度指标值"
    assert format_path(()) == ""


def test_duplicate_key_is_reported_at_its_second_occurrence_and_the_first_is_kept():
    doc = load_text("部门名称: 甲\n金额单位: 万元\n部门名称: 乙\n")
    assert [(p.slug, p.span.line, p.span.column, p.args["first_line"]) for p in doc.problems] == [("duplicate-key", 3, 1, 1)]
    assert doc.data["部门名称"] == "甲"


def test_syntax_error_position():
    doc = load_text("部门名称: 甲\n金额单位: [万元\n")
    assert not doc.readable
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == [("yaml-syntax", 3, 1)]


def test_non_utf8_bytes_are_located():
    raw = "部门名称: 甲\n金额单位: ".encode() + "万元".encode("gbk") + b"\n"
    doc = load_bytes(raw, "gbk.yaml")
    assert [(p.slug, p.span.line, p.span.column, p.args["byte"]) for p in doc.problems] == [("file-encoding", 2, 7, "0xCD")]


def test_utf8_bom_is_accepted_and_utf16_is_reported():
    assert load_bytes("\ufeff部门名称: 甲\n".encode()).data == {"部门名称": "甲"}
    doc = load_bytes("部门名称: 甲\n".encode("utf-16"))
    assert [(p.slug, p.span.line) for p in doc.problems] == [("file-encoding", 1)]


def test_empty_and_comment_only_files_are_empty():
    assert load_text("").empty
    assert load_text("# 只有注释\n").empty


def test_an_alias_is_reported_and_never_expanded():
    doc = load_text("a: &x\n  b: *x\n")
    assert [(p.slug, p.span.line, p.span.column, p.args) for p in doc.problems] == [("unsupported-yaml", 2, 6, {"alias": "x"})]
    assert not doc.readable and doc.data is None


def test_lines_end_at_newline_crlf_and_cr_only():
    # U+2028, U+2029 and U+0085 are YAML line breaks, but no editor shows them as one
    text = '部门名称: "甲\u2028乙\u2029丙\x85丁"\r\n金额单位: 万元\r合计: {总计: 8.00}\n'
    doc = load_text(text)
    assert doc.lines == ['部门名称: "甲\u2028乙\u2029丙\x85丁"', "金额单位: 万元", "合计: {总计: 8.00}"]
    assert doc.locate(("金额单位",)) == Span(2, 7, 2, 9)
    assert doc.locate(("合计", "总计")) == Span(3, 10, 3, 14)


def test_load_problems_count_lines_as_editors_do():
    doc = load_text('a: "\u2028\u2029"\nb: 1\nb: 2\n')
    assert [(p.slug, p.span.line, p.span.column, p.args["first_line"]) for p in doc.problems] == [("duplicate-key", 3, 1, 2)]
    doc = load_text('a: "\u2028"\rb: [1\r')
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == [("yaml-syntax", 3, 1)]
    doc = load_text('a: "\u2028"\nb: x\x07\n')  # a reader error: ruamel gives a byte offset
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == [("yaml-syntax", 2, 5)]
    doc = load_bytes('a: "\u2028"\rb: '.encode() + b"\xff\r")
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == [("file-encoding", 2, 4)]


def test_a_byte_order_mark_is_not_a_column():
    assert load_bytes("\ufeff部门名称: 甲\n".encode()).locate(("部门名称",)) == Span(1, 7, 1, 8)
    assert load_text("\ufeff部门名称: 甲\n").locate(("部门名称",)) == Span(1, 7, 1, 8)
    doc = load_bytes(b"\xef\xbb\xbfab: \xff\n")
    assert [(p.slug, p.span.line, p.span.column, p.args["byte"]) for p in doc.problems] == [("file-encoding", 1, 5, "0xFF")]
