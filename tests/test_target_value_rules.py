"""The target-value rules of RULES.md §2.3 added for issue 10 (GL308–GL317): what their cases in
rules/targets/*.yaml cannot show — the Done-when findings on the example, the vocabularies they read,
how an indicator's direction is read from its name, and the time expressions of values.py."""

from __future__ import annotations

import pytest

from goallint.api import Context
from goallint.checks.targets import _direction
from goallint.values import time_expression

from conftest import example_findings


def _ctx(catalog):
    return Context(options={}, document=None, vocabularies=catalog.vocabularies)


def test_the_example_findings_the_issue_asks_for():
    found = {(d["rule"], d["line"], d["column"], d["end_line"]) for d in example_findings()}
    # 投诉处理及时性: 保证工作沟通及时顺畅, one finding for both values (lines 172-173)
    assert ("timeliness-not-measurable", 172, 22, 173) in found
    # 平安建设知晓度和参与度: 逐年提升
    assert ("vague-target", 88, 22, 89) in found
    # 网格事件上报和处置及时率: 网格事件办结率100%
    assert ("value-not-metric", 196, 22, 197) in found
    # 政法系统培训次数 1次 on 101.45万元
    assert ("tiny-target-large-budget", 59, 22, 60) in found


def test_a_pair_that_fails_together_is_one_finding_naming_both_values():
    pair = [d for d in example_findings() if d["rule"] == "vague-target" and d["line"] == 88]
    assert [d["message"] for d in pair] == [
        "「平安建设知晓度和参与度」的实施周期指标值和年度指标值都是“逐年提升”，是含糊的说法，无法核对是否达成："
        "请写出数值目标和基数（如 由 80% 提高到 ≥85%、≥6次）或可核对的状态（如 无重大安全事故）"
    ]
    assert (pair[0]["end_line"], pair[0]["end_column"]) == (89, 24)


def test_the_example_trailing_full_stops_are_one_finding():
    style = [(d["line"], d["message"]) for d in example_findings() if d["rule"] == "value-style"]
    assert style == [(21, "「来穗人员服务管理质量」的实施周期指标值“在流动人员服务工作中无重大维稳事件。”末尾有句号，本表共有 7 个指标值如此：指标值是表格中的一格，不是句子，请去掉这些末尾的“。”")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("投诉办结率", ("forward", "办结率")),
        ("有效投诉率", ("reverse", "投诉")),
        ("事故发生率", ("reverse", "发生")),
        ("安全事故发生起数", ("reverse", "发生")),
        ("水电气消耗下降率", ("forward", "下降率")),
        ("平均办理时长（小时）", ("reverse", "时长")),
        ("项目总成本", ("reverse", "成本")),
        ("成本控制率", ("neutral", "控制率")),
        ("投诉处理及时性", ("forward", "及时性")),
        ("网格事件上报和处置及时率", ("forward", "及时率")),
        ("中职免学费应受助学生数", None),  # 费 is not at the end of the name
        ("义务教育小学生均公用经费", ("neutral", "经费")),  # a funding standard, not a cost
        ("培训费", ("reverse", "费")),
        ("政法系统培训次数", None),
        ("社会治安大局", None),
    ],
)
def test_the_direction_of_an_indicator_is_read_from_the_end_of_its_name(catalog, name, expected):
    assert _direction(name, _ctx(catalog)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年12月", "2025年12月"),
        ("2023.07-2024.01", "2023.07"),
        ("12月底前完成", "12月底"),
        ("≤3个工作日", "3个工作日"),
        ("三个工作日内办结", "三个工作日"),
        ("24小时内", "24小时"),
        ("年底前", "年底"),
        ("按月安排", "按月"),
        ("当天办结", "当天"),
        ({"计算符号": "≤", "指标值": 3, "计量单位": "个工作日"}, "3个工作日"),
        ("及时", None),
        ("按时完成", None),
        ("按期完成", None),
        ("逐年提升", None),
        ("全年重大活动平稳有序", None),
        ("保证工作沟通及时顺畅", None),
        ("开展区级培训2次", None),
        ("100%", None),
        (None, None),
        (3, None),
    ],
)
def test_time_expression(text, expected):
    assert time_expression(text) == expected


def test_the_vocabularies_are_well_formed_and_do_not_overlap(catalog):
    vague = catalog.vocabularies["vague-words"]
    assert set(vague.values()) <= {"trend", "hedge", "hedge-before-number", "hedge-after-number"}
    assert set(catalog.vocabularies["indicator-direction"].values()) <= {"forward", "reverse", "neutral"}
    verbs = catalog.vocabularies["action-verbs"]
    # a word is either vague (vague-target) or an action verb (value-not-metric), never both
    assert not {w for w in vague if any(w.startswith(v) or v.startswith(w) for v in verbs)}


def test_a_pair_written_年度_first_spans_both_values_in_file_order(catalog):
    from goallint.document import load_text
    from goallint.engine import lint, ruleset

    text = (
        "部门名称: 测试部门\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 测试单位\n    项目:\n"
        "      - 项目名称: 综治专项工作经费\n        金额: {总计: 55.00}\n        绩效指标:\n"
        "          - 一级指标: 效益指标\n            二级指标: 社会效益\n            三级指标: 社会治安大局\n"
        "            年度指标值: 持续稳定\n            实施周期指标值: 持续稳定\n"
    )
    run = ruleset(catalog, [catalog.find("vague-target")])
    [finding] = lint(load_text(text, "t.yaml"), run).findings
    assert (finding.span.line, finding.span.column, finding.span.end_line, finding.span.end_column) == (12, 20, 13, 26)
