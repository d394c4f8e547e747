"""The target-value rules that real tables of other provinces showed (GL330–GL339): their English
messages, the value-money conversions behind cost-exceeds-budget, and their silence on the example.

Each rule's Chinese messages and its must-flag / must-not-flag tables are its ``cases:``
(tests/test_rule_cases.py); here the English wording is checked exactly once per message variant
that a case produces, since the cases compare the Chinese only.
"""

from __future__ import annotations

import pytest

from goallint.document import load_text
from goallint.engine import lint, ruleset
from goallint.packs import builtin_catalog

from conftest import EXAMPLE

CATALOG = builtin_catalog()
SLUGS = (
    "target-value-unfilled",
    "target-placeholder",
    "rate-value-not-ratio",
    "count-value-is-percent",
    "quantity-upper-bound",
    "unit-miswritten",
    "cost-exceeds-budget",
    "cost-restates-budget",
    "period-copies-annual",
    "value-cells-conflict",
)


def _findings(slug: str, table: str, lang: str = "en", frame: str | None = None):
    rule = CATALOG.find(slug)
    run = ruleset(CATALOG, [rule], {slug: {}}, frame)
    result = lint(load_text(table, "t.yaml"), run, lang)
    assert not result.crashes
    return [(f.span.line, f.span.column, f.message) for f in result.findings]


def _case(slug: str, index: int, lang: str = "en"):
    rule = CATALOG.find(slug)
    case = rule.cases[index]
    return _findings(slug, case["table"], lang, case.get("frame"))


ENGLISH = [
    ("target-value-unfilled", 1, 4, "年度指标值 of indicator 3 of project '测试项目' (no 三级指标 name) is only the unit '台', with no number: put the target number and a comparator before '台' (e.g. ≥5台)"),
    ("target-value-unfilled", 1, 0, "实施周期指标值 of '培训人数' ('≥ 人') has a comparator and a unit but no number: put the target number between '≥' and '人' (e.g. ≥5人)"),
    ("target-placeholder", 0, 4, "年度指标值 of '食品安全整体状况' ('高中低') lists the grades to choose from but chooses none: state the grade to reach and how it is judged, or a number (e.g. ≥90%)"),
    ("target-placeholder", 1, 1, "年度指标值 of indicator 2 of project '测试项目' (no 三级指标 name) is only '是': a yes or no is not a target that can be checked; state the result or the number to reach (e.g. 对生态环境无不良影响, 带动增收≥5万元)"),
    ("rate-value-not-ratio", 0, 0, "'检测及时率' is a rate, but 实施周期指标值 (and the same 年度指标值) '≤7工作日' is a length of time (工作日): a rate is a percentage (e.g. ≥95%); if the deadline is what counts, rename the indicator '检测时限' and keep '≤7工作日'"),
    ("count-value-is-percent", 0, 0, "'中等职业学校国家助学金应受助学生数' is a count, but 年度指标值 '100%' is a percentage: a count is a number with a counting unit (e.g. ≥1200人); if the share is what matters, name the indicator as a rate (…覆盖率, …完成率)"),
    ("quantity-upper-bound", 0, 0, "'小学就读人数' is a quantity to deliver, but 年度指标值 '<=6962人' only sets an upper bound (≤): zero would meet it. Give a floor or an exact number (e.g. ≥6962人); if the number really is to be kept down (超编人数, 投诉件数), say so in the name"),
    ("unit-miswritten", 0, 1, "年度指标值 of '控制在预算成本内' ('250万') says '万' without 元: write the amount as '250万元'"),
    ("unit-miswritten", 1, 0, "'检查差旅费' is a fee among the 成本 indicators, but 年度指标值 '470人/天' is in '人/天', which is not money: state a fee in 元 or 万元, e.g. '470元/人/天'"),
    ("value-cells-conflict", 0, 0, "年度指标值 of '业务工作支出安排金额' ('28.8万元') carries its own unit '万元', but the 计量单位 cell says '%': only one can be right; check and make them agree (the number in 指标值, the unit in 计量单位)"),
    ("value-cells-conflict", 0, 1, "'工作安排时间' is marked 定量 (quantitative), but 年度指标值 '按月安排' has no number: a quantitative target is comparator + number + unit (e.g. ≥12次); if it cannot be quantified, mark it 定性"),
    ("value-cells-conflict", 0, 2, "年度指标值 of '保证单位正常运转' ('应保尽保') has no number, yet the 计量单位 cell says '%': a qualitative value takes no unit; if a share or a quantity is what counts, give the number (e.g. ≥95%)"),
    ("cost-exceeds-budget", 0, 2, "实施周期指标值 of '项目总成本' ('≤300万') exceeds the project's 实施周期金额 of 250.00万元: a cost cannot exceed the budget; check the value or the amount"),
    ("cost-restates-budget", 0, 0, "年度指标值 of '控制在预算成本内' ('250万') is just the project's 金额 of 250万元: it repeats the budget and sets no cost control; give the unit cost or the cost of the main items (e.g. 单车月服务费 ≤2万元)"),
    ("period-copies-annual", 1, 0, "project '道路养护项目': the 实施周期金额 of 300.00万元 differs from the 金额 of 100.00万元, yet every indicator gives the same 实施周期指标值 and 年度指标值 (e.g. indicator 2: '12公里' in both): for a multi-year project the annual value is this year's part and the period value the whole period's target; fill them in separately"),
]


@pytest.mark.parametrize(("slug", "case", "finding", "message"), ENGLISH, ids=[f"{e[0]}-{e[1]}-{e[2]}" for e in ENGLISH])
def test_english_message(slug, case, finding, message):
    assert _case(slug, case)[finding][2] == message


TABLE = """\
部门名称: 测试部门
金额单位: {unit}
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: 购置经费
        金额: {{总计: {total}}}
        绩效指标:
          - {{一级指标: 产出指标, 二级指标: 成本指标, 三级指标: 设备购置成本, 年度指标值: "{value}"}}
"""


@pytest.mark.parametrize(
    ("unit", "total", "value", "exceeds", "restates"),
    [
        ("万元", "7.00", "≤7万元", False, True),
        ("万元", "7.00", "≤70000元", False, True),
        ("万元", "7.00", "≤70000.01元", True, False),
        ("万元", "7.00", "≤0.0007亿元", False, True),
        ("元", "70000", "7万", False, True),
        ("元", "70000", "≤7.01万元", True, False),
        ("元", "70000", "≤7千元", False, False),
        ("万元", "0.01", "≤101元", True, False),
    ],
)
def test_cost_targets_compare_in_yuan_exactly(unit, total, value, exceeds, restates):
    table = TABLE.format(unit=unit, total=total, value=value)
    assert bool(_findings("cost-exceeds-budget", table)) is exceeds
    assert bool(_findings("cost-restates-budget", table)) is restates


def test_no_finding_on_the_example():
    # liwan-zfw has no 成本 indicator, no 实施周期金额, no structured value, no bare unit or placeholder word outside 满意度
    # and 时效, no rate in days, no count in %, no capped count, no 万 or M as a unit
    text = EXAMPLE.read_text(encoding="utf-8")
    for slug in SLUGS:
        assert _findings(slug, text, "zh") == [], slug
