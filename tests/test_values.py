"""Target-value parser (goallint.values): RULES.md §3 forms and every value of the 荔湾 table."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

from goallint.values import (
    TargetValue,
    canonical_comparator,
    malformed_comparator,
    normalize_text,
    parse_value,
    same_target,
)

SOURCE = Path(__file__).resolve().parent / "data" / "liwan-zfw-project-targets.txt"

D = Decimal
Q = ("qualitative", None, None, None, None)


def shape(tv: TargetValue):
    return (tv.kind, tv.comparator, tv.number, tv.upper, tv.unit)


# ---------------------------------------------------------------- the 荔湾区委政法委 table
# Every distinct 实施周期指标值 / 年度指标值 in the source (with and without the value's own 。).

SOURCE_VALUES = {
    "95%": ("quantitative", None, D("95"), None, "%"),
    "100%": ("quantitative", None, D("100"), None, "%"),
    "≥90": ("quantitative", "≥", D("90"), None, None),
    "90%以上": ("quantitative", "≥", D("90"), None, "%"),
    "1次": ("quantitative", None, D("1"), None, "次"),
    "3个": ("quantitative", None, D("3"), None, "个"),
    "10人": ("quantitative", None, D("10"), None, "人"),
    "不少6次": Q,  # malformed comparator (missing 于): never a quantity
    "在流动人员服务工作中无重大维稳事件": Q,
    "全年重大活动平稳有序": Q,
    "实现“五个不发生”": Q,
    "保障荔湾政法公众号运行正常": Q,
    "逐年提升": Q,
    "持续稳定": Q,
    "巩固专项斗争成果": Q,
    "正常运作": Q,
    "严格国有资产管理": Q,
    "满意": Q,
    "推进全区1+6+N基层社会治理体系建设，夯实筑牢社会治理基层基础": Q,
    "保证工作沟通及时顺畅": Q,
    "开展区级培训2次": Q,
    "网格事件办结率100%": Q,
    "数据鲜活度提高": Q,
    "年度考核等次为合格及合格以上等次达到100%": Q,
    "考核等次为合格及合格以上等次达到100%": Q,
}


def _source_values() -> set[str]:
    """The values as the importer reads them: join lines, split items, take both values."""
    text = "".join(line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip())
    found = set()
    for item in re.split(r"(?<=。)(?=\d+、\d-)", text):
        m = re.search(r"实施周期指标值:(.*?)；年度指标值:(.*?)。", item + "。")
        if not m:
            continue
        for value in m.groups():
            found.add(value.strip().removesuffix("。"))
    return found


def test_table_covers_every_source_value():
    found = _source_values()
    assert len(found) >= 25
    assert found <= set(SOURCE_VALUES), sorted(found - set(SOURCE_VALUES))


@pytest.mark.parametrize("text, expected", list(SOURCE_VALUES.items()))
def test_source_values(text, expected):
    assert shape(parse_value(text)) == expected
    # the published form often carries the value's own 。
    assert shape(parse_value(text + "。")) == expected


def test_source_comparator_texts():
    assert parse_value("90%以上").comparator_text == "以上"
    assert parse_value("≥90").comparator_text == "≥"
    assert parse_value("95%").comparator_text is None
    assert parse_value("不少6次").comparator_text is None


# ---------------------------------------------------------------- RULES.md §3 forms

QUANTITATIVE = [
    # text, comparator, number, unit, comparator_text
    ("≥90", "≥", D("90"), None, "≥"),
    ("≥90%", "≥", D("90"), "%", "≥"),
    ("95%", None, D("95"), "%", None),
    ("95.0%", None, D("95.0"), "%", None),
    ("1次", None, D("1"), "次", None),
    ("3个", None, D("3"), "个", None),
    ("10人", None, D("10"), "人", None),
    ("10人次", None, D("10"), "人次", None),
    ("0.5万元", None, D("0.5"), "万元", None),
    ("2.5次", None, D("2.5"), "次", None),
    ("0", None, D("0"), None, None),
    ("95", None, D("95"), None, None),
    ("95.0", None, D("95.0"), None, None),
    ("≥100百分比", "≥", D("100"), "%", "≥"),
    ("≥100％", "≥", D("100"), "%", "≥"),
    ("3个百分点", None, D("3"), "个百分点", None),
    ("≤3个工作日", "≤", D("3"), "个工作日", "≤"),
    ("≤90万元", "≤", D("90"), "万元", "≤"),
    ("20元/台", None, D("20"), "元/台", None),
    ("5台", None, D("5"), "台", None),
    ("2篇", None, D("2"), "篇", None),
    ("1,000元", None, D("1000"), "元", None),
    ("≥500m²", "≥", D("500"), "m²", "≥"),
    ("100㎡", None, D("100"), "m²", None),
    # symbols
    ("＞0", "＞", D("0"), None, "＞"),
    (">0", "＞", D("0"), None, ">"),
    ("＝100%", "＝", D("100"), "%", "＝"),
    ("=100%", "＝", D("100"), "%", "="),
    ("＜5%", "＜", D("5"), "%", "＜"),
    ("<5%", "＜", D("5"), "%", "<"),
    ("≤5%", "≤", D("5"), "%", "≤"),
    (">=90%", "≥", D("90"), "%", ">="),
    ("<=3个工作日", "≤", D("3"), "个工作日", "<="),
    ("≧90%", "≥", D("90"), "%", "≧"),
    ("≦3天", "≤", D("3"), "天", "≦"),
    ("≥ 90 %", "≥", D("90"), "%", "≥"),
    # ≥ word forms
    ("不低于95%", "≥", D("95"), "%", "不低于"),
    ("不少于6次", "≥", D("6"), "次", "不少于"),
    ("不小于10个", "≥", D("10"), "个", "不小于"),
    ("至少2次", "≥", D("2"), "次", "至少"),
    ("大于等于90%", "≥", D("90"), "%", "大于等于"),
    ("达到100%", "≥", D("100"), "%", "达到"),
    ("90%以上", "≥", D("90"), "%", "以上"),
    ("5次及以上", "≥", D("5"), "次", "及以上"),
    ("5次或以上", "≥", D("5"), "次", "或以上"),
    ("90以上", "≥", D("90"), None, "以上"),
    ("达到90%以上", "≥", D("90"), "%", "达到…以上"),
    # ＞
    ("高于80%", "＞", D("80"), "%", "高于"),
    ("多于3次", "＞", D("3"), "次", "多于"),
    ("大于0", "＞", D("0"), None, "大于"),
    ("超过50人", "＞", D("50"), "人", "超过"),
    # ≤
    ("不高于5%", "≤", D("5"), "%", "不高于"),
    ("不超过90万元", "≤", D("90"), "万元", "不超过"),
    ("不多于2次", "≤", D("2"), "次", "不多于"),
    ("不大于3%", "≤", D("3"), "%", "不大于"),
    ("至多1次", "≤", D("1"), "次", "至多"),
    ("小于等于5天", "≤", D("5"), "天", "小于等于"),
    ("控制在5%", "≤", D("5"), "%", "控制在"),
    ("控制在5%以内", "≤", D("5"), "%", "控制在…以内"),
    ("5%以内", "≤", D("5"), "%", "以内"),
    ("5%以下", "≤", D("5"), "%", "以下"),
    ("3次及以下", "≤", D("3"), "次", "及以下"),
    ("3个工作日内", "≤", D("3"), "个工作日", "内"),
    ("24小时内", "≤", D("24"), "小时", "内"),
    # ＜
    ("低于5%", "＜", D("5"), "%", "低于"),
    ("少于3次", "＜", D("3"), "次", "少于"),
    ("小于1%", "＜", D("1"), "%", "小于"),
    ("不足5%", "＜", D("5"), "%", "不足"),
    ("不满10人", "＜", D("10"), "人", "不满"),
    # ＝
    ("等于100%", "＝", D("100"), "%", "等于"),
    ("为100%", "＝", D("100"), "%", "为"),
    # trailing stop, whitespace
    ("  ≥90%。 ", "≥", D("90"), "%", "≥"),
    ("100%.", None, D("100"), "%", None),
]


@pytest.mark.parametrize("text, comparator, number, unit, comparator_text", QUANTITATIVE)
def test_quantitative(text, comparator, number, unit, comparator_text):
    tv = parse_value(text)
    assert shape(tv) == ("quantitative", comparator, number, None, unit)
    assert tv.comparator_text == comparator_text
    assert tv.raw == text
    assert str(tv.number) == str(number)  # the number keeps its written precision


FULL_WIDTH = [
    ("≥９０％", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ("＞＝90%", ("quantitative", "≥", D("90"), None, "%"), "＞＝"),
    ("＜＝３个工作日", ("quantitative", "≤", D("3"), None, "个工作日"), "＜＝"),
    ("９５％", ("quantitative", None, D("95"), None, "%"), None),
    ("不低于９５％", ("quantitative", "≥", D("95"), None, "%"), "不低于"),
    ("９０％以上。", ("quantitative", "≥", D("90"), None, "%"), "以上"),
    ("１０ＫＢ", ("quantitative", None, D("10"), None, "KB"), None),
    ("９０％～９５％", ("range", None, D("90"), D("95"), "%"), None),
    ("１２月３１日前", ("date", "≤", None, None, None), None),
    ("100%｡", ("quantitative", None, D("100"), None, "%"), None),
    ("　≥90%　", ("quantitative", "≥", D("90"), None, "%"), "≥"),
]


@pytest.mark.parametrize("text, expected, comparator_text", FULL_WIDTH)
def test_full_width(text, expected, comparator_text):
    tv = parse_value(text)
    assert shape(tv) == expected
    assert tv.comparator_text == comparator_text
    assert tv.raw == text


RANGES = [
    ("90-95%", D("90"), D("95"), "%"),
    ("90%-95%", D("90"), D("95"), "%"),
    ("90～95%", D("90"), D("95"), "%"),
    ("90~95%", D("90"), D("95"), "%"),
    ("90%至95%", D("90"), D("95"), "%"),
    ("3至5个工作日", D("3"), D("5"), "个工作日"),
    ("3-5", D("3"), D("5"), None),
    ("1.5 - 2.5万元", D("1.5"), D("2.5"), "万元"),
    ("90－95％", D("90"), D("95"), "%"),
    ("10〜20人", D("10"), D("20"), "人"),
]


@pytest.mark.parametrize("text, lower, upper, unit", RANGES)
def test_ranges(text, lower, upper, unit):
    assert shape(parse_value(text)) == ("range", None, lower, upper, unit)


DATES = [
    "12月31日前",
    "6月30日前",
    "12月底前",
    "年底前",
    "2024年12月31日前",
    "2024年底前",
    "2024年6月前",
    "6月前",
    "11月末前",
    "12月31日之前",
    "12月31日以前",
    "12月31日前完成",
    "于12月31日前完成",
    "6月30日前。",
]


@pytest.mark.parametrize("text", DATES)
def test_dates(text):
    tv = parse_value(text)
    assert shape(tv) == ("date", "≤", None, None, None)
    assert tv.raw == text


QUALITATIVE = [
    # sentences that merely contain a number
    "开展区级培训2次",
    "网格事件办结率100%",
    "年度考核等次为合格及合格以上等次达到100%。",
    "推进全区1+6+N基层社会治理体系建设，夯实筑牢社会治理基层基础。",
    "在流动人员服务工作中无重大维稳事件",
    "满意",
    "逐年提升",
    "实现“五个不发生”",
    "1+6+N",
    "培训2次以上并形成报告",
    "100%完成",
    "100%达标",
    "3个街道全覆盖，无投诉",
    "5次内部培训",
    "95%的满意度",
    "100%；",
    "12次（每月1次）",
    "2次/年，每次半天",
    # malformed or vague comparators: never accepted
    "不少6次",
    "不低95%",
    "不少与6次",
    "不超5个",
    "=>90%",
    "≥=90%",
    "==100%",
    "90%已上",
    "6次已上",
    "不低于90%以下",  # prefix and suffix disagree
    "约10次",
    "10次左右",
    "力争100%",
    "三次",  # Chinese numerals are not parsed
    # not dates
    "13月前",
    "2月30日前",
    "**月**日前",
    "底前",
    "12月31日",  # a bare date (no 前) is left qualitative
    # not ranges
    "90%-95",  # unit after A only
    "90%-95次",  # different units
    "2023-12-31",
    "2023.07-2024.01",  # a period of months (湘潭 2023, 服务周期), not the numbers 2023.07 to 2024.01
    "2023.7~2023.12",
    # units longer than 6 characters
    "3个基层网格服务单元",
    # signs are not part of the grammar
    "-5%",
]


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative(text):
    tv = parse_value(text)
    assert shape(tv) == Q
    assert tv.comparator_text is None
    assert tv.raw == text


# ---------------------------------------------------------------- other input types


@pytest.mark.parametrize(
    "value, raw, expected",
    [
        (95, "95", ("quantitative", None, D("95"), None, None)),
        (0, "0", ("quantitative", None, D("0"), None, None)),
        (Decimal("95.0"), "95.0", ("quantitative", None, D("95.0"), None, None)),
        (Decimal("8.00"), "8.00", ("quantitative", None, D("8.00"), None, None)),
        (1.5, "1.5", ("quantitative", None, D("1.5"), None, None)),
        (Decimal("NaN"), "NaN", Q),
        (float("inf"), "inf", Q),
        (True, "True", Q),
        (False, "False", Q),
        ([1, 2], "[1, 2]", Q),
        (("a",), "('a',)", Q),
        (object, str(object), Q),
    ],
)
def test_numbers_and_garbage(value, raw, expected):
    tv = parse_value(value)
    assert shape(tv) == expected
    assert tv.raw == raw


@pytest.mark.parametrize("value", [None, "", "   ", "\n", "。", "　"])
def test_empty(value):
    tv = parse_value(value)
    assert tv.kind == "empty"
    assert (tv.comparator, tv.number, tv.upper, tv.unit, tv.comparator_text) == (None,) * 5
    assert tv.raw == ("" if value is None else value)


STRUCTURED = [
    # mapping, raw (display), shape, comparator_text
    ({"计算符号": "≥", "指标值": 95, "计量单位": "%"}, "≥95%", ("quantitative", "≥", D("95"), None, "%"), "≥"),
    ({"计算符号": "≥", "指标值": 90, "计量单位": "百分比"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ({"计算符号": ">=", "指标值": 90, "计量单位": "％"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), ">="),
    ({"计算符号": 1, "指标值": 90, "计量单位": "%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "1"),
    ({"计算符号": "1", "指标值": 90, "计量单位": "%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "1"),
    ({"计算符号": 2, "指标值": 0, "计量单位": "次"}, "＞0次", ("quantitative", "＞", D("0"), None, "次"), "2"),
    ({"计算符号": 3, "指标值": 100, "计量单位": "%"}, "＝100%", ("quantitative", "＝", D("100"), None, "%"), "3"),
    ({"计算符号": "=", "指标值": 100, "计量单位": "%"}, "＝100%", ("quantitative", "＝", D("100"), None, "%"), "="),
    ({"计算符号": 4, "指标值": 5, "计量单位": "%"}, "＜5%", ("quantitative", "＜", D("5"), None, "%"), "4"),
    ({"计算符号": 5, "指标值": 3, "计量单位": "个工作日"}, "≤3个工作日", ("quantitative", "≤", D("3"), None, "个工作日"), "5"),
    ({"计算符号": "≤", "指标值": D("90.5"), "计量单位": "万元"}, "≤90.5万元", ("quantitative", "≤", D("90.5"), None, "万元"), "≤"),
    ({"计算符号": "不低于", "指标值": 95, "计量单位": "%"}, "≥95%", ("quantitative", "≥", D("95"), None, "%"), "不低于"),
    ({"计算符号": "以上", "指标值": 95, "计量单位": "%"}, "≥95%", ("quantitative", "≥", D("95"), None, "%"), "以上"),
    ({"计算符号": "≥", "指标值": "90", "计量单位": "%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ({"计算符号": "≥", "指标值": "90%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ({"计算符号": "≥", "指标值": "90%", "计量单位": "%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ({"指标值": "≥90%"}, "≥90%", ("quantitative", "≥", D("90"), None, "%"), "≥"),
    ({"指标值": "90%以上"}, "90%以上", ("quantitative", "≥", D("90"), None, "%"), "以上"),
    ({"指标值": 90}, "90", ("quantitative", None, D("90"), None, None), None),
    ({"指标值": 90, "计量单位": "%"}, "90%", ("quantitative", None, D("90"), None, "%"), None),
    ({"计算符号": "", "指标值": 90, "计量单位": ""}, "90", ("quantitative", None, D("90"), None, None), None),
    ({"计算符号": "定量", "指标值": 90, "计量单位": "%"}, "90%", ("quantitative", None, D("90"), None, "%"), None),
    ({"指标值": "90-95", "计量单位": "%"}, "90-95%", ("range", None, D("90"), D("95"), "%"), None),
    ({"计算符号": "≤", "指标值": "12月31日前"}, "12月31日前", ("date", "≤", None, None, None), "≤"),
    ({"指标值": "12月31日前"}, "12月31日前", ("date", "≤", None, None, None), None),
    # qualitative
    ({"计算符号": "定性", "指标值": "满意"}, "满意", Q, None),
    ({"计算符号": 6, "指标值": "无重大维稳事件"}, "无重大维稳事件", Q, None),
    ({"计算符号": "6", "指标值": "通过验收"}, "通过验收", Q, None),
    ({"计算符号": 9, "指标值": "按月安排"}, "按月安排", Q, None),
    ({"计算符号": 10, "指标值": "不适用"}, "不适用", Q, None),
    ({"计算符号": "定性", "指标值": 100, "计量单位": "%"}, "100", Q, None),
    ({"指标值": "满意"}, "满意", Q, None),
    ({"计算符号": "≥", "指标值": "按月安排", "计量单位": "次"}, "按月安排", Q, None),
    # conflicts and unknown signs: never silently accepted
    ({"计算符号": "不少", "指标值": 6, "计量单位": "次"}, "不少6次", Q, None),
    ({"计算符号": 7, "指标值": 6, "计量单位": "次"}, "76次", Q, None),
    ({"计算符号": True, "指标值": 6}, "True6", Q, None),
    ({"计算符号": "≤", "指标值": "≥90%"}, "≥90%", Q, None),
    ({"计算符号": "≥", "指标值": "90%", "计量单位": "次"}, "90%", Q, None),
    ({"计算符号": "≥", "指标值": "90-95%"}, "90-95%", Q, None),
    ({"计算符号": "≥", "指标值": "12月31日前"}, "12月31日前", Q, None),
    ({"计算符号": "≥", "指标值": [1]}, "[1]", Q, None),
    ({"计算符号": "≥", "指标值": True}, "True", Q, None),
    ({"计算符号": "≥", "指标值": 5, "计量单位": ["%"]}, "5", Q, None),
    ({"计算符号": 1.5, "指标值": 5}, "1.55", Q, None),
]


@pytest.mark.parametrize("mapping, raw, expected, comparator_text", STRUCTURED)
def test_structured(mapping, raw, expected, comparator_text):
    tv = parse_value(mapping)
    assert shape(tv) == expected
    assert tv.raw == raw
    assert tv.comparator_text == comparator_text


@pytest.mark.parametrize(
    "mapping",
    [{}, {"计算符号": "≥"}, {"计算符号": "≥", "指标值": None, "计量单位": "%"}, {"计算符号": "≥", "指标值": "  "}],
)
def test_structured_empty(mapping):
    assert parse_value(mapping).kind == "empty"


def test_never_raises_on_odd_input():
    odd = [
        {"计算符号": object(), "指标值": object()},
        {"计算符号": float("nan"), "指标值": 1},
        {"计算符号": D("1E+999999"), "指标值": 1},
        {"计量单位": ["%"], "指标值": 5},
        "9" * 5000,
        "≥" + "9" * 5000 + "%",
        "\x00\ud800",
        b"95%",
        {1, 2},
    ]
    for value in odd:
        tv = parse_value(value)
        assert isinstance(tv, TargetValue)
        assert isinstance(tv.raw, str)


# ---------------------------------------------------------------- raw is never altered


RAW_SAMPLES = [
    "  ≥９０％。 ",
    "＞＝90%",
    "９０％以上。",
    "不低于９５％",
    "在流动人员服务工作中无重大维稳事件。",
    "１２月３１日前",
    "９０％～９５％",
    "100㎡",
    "　",
    "不少6次。",
    " 95 ",
]


@pytest.mark.parametrize("text", RAW_SAMPLES)
def test_raw_is_never_altered(text):
    tv = parse_value(text)
    assert tv.raw == text
    assert tv.raw is text or tv.raw == text
    # and comparator_text, when present, is a slice of the raw text
    if tv.comparator_text:
        for part in tv.comparator_text.split("…"):
            assert part in text


def test_comparator_text_is_as_written():
    assert parse_value(">=90%").comparator_text == ">="
    assert parse_value("＞＝90%").comparator_text == "＞＝"
    assert parse_value("≥90%").comparator_text == "≥"
    assert parse_value("不低于95%").comparator_text == "不低于"
    assert parse_value("90%以上").comparator_text == "以上"


def test_frozen():
    tv = parse_value("≥90%")
    with pytest.raises(Exception):
        tv.raw = "x"  # type: ignore[misc]


# ---------------------------------------------------------------- canonical_comparator


@pytest.mark.parametrize(
    "sign, expected",
    [
        ("≥", "≥"), (">=", "≥"), ("＞＝", "≥"), (1, "≥"), ("1", "≥"), (D("1"), "≥"), (1.0, "≥"),
        ("＞", "＞"), (">", "＞"), (2, "＞"), ("＝", "＝"), ("=", "＝"), (3, "＝"),
        ("＜", "＜"), ("<", "＜"), (4, "＜"), ("≤", "≤"), ("<=", "≤"), (5, "≤"),
        ("不低于", "≥"), ("以上", "≥"), ("不超过", "≤"), ("以内", "≤"), ("低于", "＜"), ("为", "＝"),
        ("定性", None), (6, None), (9, None), (7, None), (0, None), ("不少", None), (True, None), (None, None),
        (1.5, None), ("", None),
    ],
)
def test_canonical_comparator(sign, expected):
    assert canonical_comparator(sign) == expected


# ---------------------------------------------------------------- malformed_comparator


@pytest.mark.parametrize(
    "text, expected",
    [
        ("不少6次", "不少"),
        ("不少6次。", "不少"),
        ("不低95%", "不低"),
        ("不低９５％", "不低"),
        ("不小10个", "不小"),
        ("不高5%", "不高"),
        ("不超5个", "不超"),
        ("不多2次", "不多"),
        ("不大3%", "不大"),
        ("不少与6次", "不少与"),
        ("不底于95%", "不底于"),
        ("不低于于95%", "不低于于"),
        ("大于等90%", "大于等"),
        ("小于等5天", "小于等"),
        ("高与80%", "高与"),
        ("低於5%", "低於"),
        ("=>90%", "=>"),
        ("=<5%", "=<"),
        ("＝＞90%", "=>"),
        ("≥=90%", "≥="),
        ("==100%", "=="),
        ("90%已上", "已上"),
        ("6次已上", "已上"),
        ("5%已下", "已下"),
        ("3天已内", "已内"),
        ({"计算符号": "不少", "指标值": 6, "计量单位": "次"}, "不少"),
    ],
)
def test_malformed_comparator_positive(text, expected):
    assert malformed_comparator(text) == expected
    assert parse_value(text).kind == "qualitative"
    assert parse_value(text).comparator is None


@pytest.mark.parametrize(
    "text",
    [
        "不少于6次",
        "不低于95%",
        "≥90%",
        ">=90%",
        "90%以上",
        "95%",
        "1次",
        "低于5%",
        "不足5%",
        "不到6次",
        "约10次",
        "开展区级培训2次",
        "网格事件办结率100%",
        "年度考核等次为合格及合格以上等次达到100%",
        "满意",
        "不少",
        "",
        None,
        95,
        {"计算符号": "≥", "指标值": 6, "计量单位": "次"},
        "不少6次，每次半天",  # the rest is not number [unit]
    ],
)
def test_malformed_comparator_negative(text):
    assert malformed_comparator(text) is None


# ---------------------------------------------------------------- normalize_text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("在流动人员服务工作中无重大维稳事件。", "在流动人员服务工作中无重大维稳事件"),
        ("  满意 ", "满意"),
        ("满意.", "满意"),
        ("满意。。", "满意。"),
        (">=90%", "≥90%"),
        ("<=3个工作日", "≤3个工作日"),
        (">0", "＞0"),
        ("＞0", "＞0"),
        ("=100%", "＝100%"),
        ("＝100%", "＝100%"),
        ("<5%", "＜5%"),
        ("＞＝９０％", "≥90%"),
        ("≥ 90 %", "≥90%"),
        ("年度  考核", "年度考核"),
        ("ISO  9001 认证", "ISO 9001认证"),
        ("a \t b", "a b"),
        ("实现“五个不发生”。", "实现“五个不发生”"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


# ---------------------------------------------------------------- same_target

SAME = [
    ("在流动人员服务工作中无重大维稳事件。", "在流动人员服务工作中无重大维稳事件"),
    ("95%", "95%"),
    ("95%", "95.0%"),
    ("95%", "９５％"),
    ("95%。", "95%"),
    ("90%以上", "≥90%"),
    ("90%以上。", "≥90%"),
    ("不低于90%", "≥90%"),
    ("达到90%", "≥90%"),
    (">=90%", "≥90%"),
    ("＞＝90%", "≥90%"),
    ("≥100百分比", "≥100%"),
    ("5次及以上", "不少于5次"),
    ("3个工作日内", "≤3个工作日"),
    ("不超过3个工作日", "3个工作日以内"),
    ("＞0", ">0"),
    ("为100%", "＝100%"),
    (95, "95"),
    (Decimal("95.0"), 95),
    ({"计算符号": "≥", "指标值": 90, "计量单位": "%"}, "≥90%"),
    ({"计算符号": 1, "指标值": Decimal("90.0"), "计量单位": "百分比"}, "90%以上"),
    ({"计算符号": "定性", "指标值": "满意"}, "满意。"),
    ("90-95%", "90%～95%"),
    ("90%至95%", "90~95%"),
    ("12月31日前", "12月31日之前"),
    ("12月31日前", "１２月３１日前完成"),
    ("年底前", "年末前"),
    (None, ""),
    ("", "  "),
    ("满意", "满意"),
    ("保证工作沟通 及时顺畅", "保证工作沟通及时顺畅。"),
]

DIFFERENT = [
    ("年度考核等次为合格及合格以上等次达到100%。", "考核等次为合格及合格以上等次达到100%"),
    ("95%", "95"),
    ("95%", "≥95%"),
    ("95%", "＝95%"),  # a missing comparator is not ＝
    ("为95%", "95%"),
    ("≥90%", "＞90%"),
    ("≥90%", "≥91%"),
    ("10人", "10人次"),
    ("3%", "3个百分点"),
    ("90%以上", "90%以下"),
    ("1次", "开展区级培训1次"),
    ("不少6次", "不少于6次"),
    ("不少6次", "6次"),
    ("90-95%", "90-96%"),
    ("90-95%", "≥90%"),
    ("12月31日前", "12月30日前"),
    ("12月31日前", "12月底前"),
    ("2024年底前", "年底前"),
    ("12月31日前", "≤12"),
    ("满意", "基本满意"),
    ("", "满意"),
    (None, 0),
    ({"计算符号": "≥", "指标值": 90, "计量单位": "%"}, {"计算符号": "≤", "指标值": 90, "计量单位": "%"}),
    ({"计算符号": "定性", "指标值": "满意"}, "满意度≥90%"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_same_target(a, b):
    assert same_target(a, b)
    assert same_target(b, a)


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_not_same_target(a, b):
    assert not same_target(a, b)
    assert not same_target(b, a)


def test_source_pairs_only_one_mismatch():
    """In the 荔湾 table only the 绩效考核等次 pair differs (RULES.md §2.6, L166–167)."""
    text = "".join(line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip())
    mismatches = []
    pairs = 0
    for item in re.split(r"(?<=。)(?=\d+、\d-)", text):
        m = re.search(r"实施周期指标值:(.*?)；年度指标值:(.*?)。", item + "。")
        if m:
            pairs += 1
            if not same_target(m.group(1), m.group(2)):
                mismatches.append(m.group(2))
    assert pairs == 34
    assert mismatches == ["考核等次为合格及合格以上等次达到100%"]


# ---------------------------------------------------------------- speed


def test_fast_enough():
    samples = list(SOURCE_VALUES) + [q[0] for q in QUANTITATIVE] + DATES + QUALITATIVE
    samples = [s + suffix for s in samples for suffix in ("", "。", " ")]  # defeat the cache a little
    start = time.perf_counter()
    for _ in range(20):
        for s in samples:
            parse_value(s)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, elapsed
