"""The table format that real tables fit (docs/format.md): fund sources beyond the three columns, blank
cells, 项目期限 as published, 实施计划 and 测算依据, a 二级 label per value, codes as text; and the
round trips (YAML → Excel → YAML) with all of them.

Real tables from other provinces, written in the format as published, are in tests/fixtures/published/
(each says in a comment what the excerpt cut off); their complete findings are the reviewed snapshots of
tests/test_published.py, and the messages of the money problems they show are asserted here.
"""

from __future__ import annotations

import importlib
import copy
from decimal import Decimal
from pathlib import Path

import pytest

from goallint.document import load_text
from goallint.dump import FUND_SOURCES, dump_table
from goallint.model import Table, parse_term
from goallint.schema import validate

from conftest import ROOT, findings_of, where

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "published"

# The rules that read what this format adds (amounts family, the period/annual rule) and the schema.
FORMAT_RULES = (
    "schema", "amount-components", "unit-subtotal", "grand-total", "empty-project", "amount-unit-format",
    "fund-source-unknown", "period-amount-below-annual", "period-amount-missing", "plan-total-mismatch",
    "basis-line-mismatch", "basis-total-mismatch", "code-leading-zero", "period-annual-mismatch",
)


def table_with(project: str, head: str = "部门名称: 测试部门\n金额单位: 万元\n") -> str:
    """A one-project table; ``project`` is the project's YAML, indented by six spaces."""
    return head + "资金使用单位:\n  - 单位名称: 测试单位\n    项目:\n" + project


# ---------------------------------------------------------------- 项目期限


@pytest.mark.parametrize(
    ("written", "years", "start", "end", "long_term", "crosses", "multi"),
    [
        (1, 1, None, None, False, False, False),
        ("1", 1, None, None, False, False, False),
        ("1年", 1, None, None, False, False, False),
        ("3年", 3, None, None, False, False, True),
        ("三年", 3, None, None, False, False, True),
        ("3年期", 3, None, None, False, False, True),
        ("2021-2023", 3, (2021, None), (2023, None), False, True, True),
        ("2021年-2023年", 3, (2021, None), (2023, None), False, True, True),
        ("2023.07-2024.01", None, (2023, 7), (2024, 1), False, True, False),
        ("2023年7月-2024年1月", None, (2023, 7), (2024, 1), False, True, False),
        ("2021年1月-12月", 1, (2021, 1), (2021, 12), False, False, False),
        ("2024 年 1 月 1 日-2024 年 12 月 31 日", 1, (2024, 1), (2024, 12), False, False, False),
        ("2023-01-01至2023-12-31", 1, (2023, 1), (2023, 12), False, False, False),
        ("2022.01-2023.12", 2, (2022, 1), (2023, 12), False, True, True),
        ("2023.07-2025.06", None, (2023, 7), (2025, 6), False, True, True),
        ("2025年12月", 1, (2025, 12), (2025, 12), False, False, False),
        ("长期", None, None, None, True, False, False),
        ("常年", None, None, None, True, False, False),
    ],
)
def test_term_is_derived_from_every_published_form(written, years, start, end, long_term, crosses, multi):
    term = parse_term(written)
    assert term.known and term.given
    assert (term.years, term.start, term.end, term.long_term) == (years, start, end, long_term)
    assert (term.crosses_year, term.multi_year) == (crosses, multi)


@pytest.mark.parametrize("written", [None, "", "  ", "视情况而定", "2024-2022", 0, True, Decimal("1.5")])
def test_a_term_goallint_cannot_read_is_unknown(written):
    term = parse_term(written)
    assert not term.known and term.years is None and not term.multi_year and not term.long_term
    assert term.given == (written not in (None, "", "  "))


def test_project_term_stays_whole_years_or_none():
    text = table_with(
        "      - {项目名称: 甲, 金额: {总计: 1}, 项目期限: 3年}\n"
        "      - {项目名称: 乙, 金额: {总计: 1}, 项目期限: 2023.07-2024.01}\n"
        "      - {项目名称: 丙, 金额: {总计: 1}, 项目期限: 长期}\n"
        "      - {项目名称: 丁, 金额: {总计: 1}, 项目期限: 2}\n"
        "      - {项目名称: 戊, 金额: {总计: 1}}\n"
    )
    projects = Table(load_text(text).data).projects
    assert [p.term for p in projects] == [3, None, None, 2, None]
    assert [p.period.text for p in projects] == ["3年", "2023.07-2024.01", "长期", "2年", ""]


def test_3_years_is_read_as_three_years_and_gives_no_period_annual_warning():
    """Done-when of issue 10: 项目期限 3年 was read as "not written", which gave a false warning."""
    text = table_with(
        "      - 项目名称: “四好农村路”工作经费\n"
        "        金额: {总计: 25}\n"
        "        实施周期金额: {总计: 75}\n"
        "        项目期限: 3年\n"
        "        绩效指标:\n"
        "          - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 施工图设计批复, 实施周期指标值: 81个, 年度指标值: 27个}\n"
    )
    assert Table(load_text(text).data).projects[0].term == 3
    assert findings_of(text, "period-annual-mismatch") == []
    # the same table with a one-year term: the difference is an error
    (finding,) = findings_of(text.replace("项目期限: 3年", "项目期限: 1年"), "period-annual-mismatch")
    assert (finding.severity, finding.span.line, finding.span.column) == ("error", 11, 74)


# ---------------------------------------------------------------- money rows


def test_a_row_with_上年结转_adds_up():
    """Done-when of issue 10: 年度资金总额 5.00 = 财政拨款 5.00 + 上年结转 0.00 + 其他资金 0.00 (淮北 2025)."""
    text = table_with("      - 项目名称: 农村文化建设配套补助经费\n        金额: {总计: 5.00, 财政拨款: 4.00, 上年结转: 1.00, 其他资金: 0.00}\n")
    row = Table(load_text(text).data).projects[0].amount
    assert row.sources == ("财政拨款", "上年结转", "其他资金")
    assert row.sources_sum == Decimal("5.00") == row.total
    rules = ("schema", "amount-components", "fund-source-unknown", "amount-unit-format")
    assert findings_of(text, *rules) == []
    wrong = text.replace("上年结转: 1.00", "上年结转: 1.50")
    (finding,) = findings_of(wrong, *rules)
    assert (finding.slug, finding.span.line, finding.span.column) == ("amount-components", 7, 18)
    assert finding.message == "项目「农村文化建设配套补助经费」的金额：总计 5.00 ≠ 资金来源合计 5.50（财政拨款 4.00 + 上年结转 1.50 + 其他资金 0.00；差 -0.50）"


def test_money_row_reads_blank_sources_as_zero_and_derives_a_missing_total():
    text = table_with(
        "      - {项目名称: 甲, 金额: {本级资金: 250, 上级资金: 0, x-备注: 原表无总计}}\n"
        "      - {项目名称: 乙, 金额: {总计: null, 财政拨款: 500, 其他资金: null}}\n"
        "      - {项目名称: 丙, 金额: {总计: 8.00}}\n"
    )
    first, second, third = (p.amount for p in Table(load_text(text).data).projects)
    assert first.sources == ("本级资金", "上级资金") and first.total == 250 and not first.states_total
    assert second.total is None and second.total_blank and second.sources_sum == 500
    assert second.column("其他资金") == 0 and second.column("上年结转") == 0
    assert third.sources == () and third.total == Decimal("8.00") and third.column("财政拨款") is None


def test_subtotals_and_the_grand_total_compare_every_source_column():
    text = (
        "部门名称: 测试部门\n金额单位: 万元\n"
        "合计: {总计: 20, 财政拨款: 15, 上年结转: 5}\n"
        "资金使用单位:\n"
        "  - 单位名称: 甲\n"
        "    小计: {总计: 20, 财政拨款: 15, 上年结转: 4}\n"
        "    项目:\n"
        "      - {项目名称: 一, 金额: {总计: 10, 财政拨款: 5, 上年结转: 5}}\n"
        "      - {项目名称: 二, 金额: {总计: 10, 财政拨款: 10}}\n"
    )
    assert where(findings_of(text, "unit-subtotal", "grand-total", "amount-components")) == [
        ("grand-total", 3, 30),  # 合计 上年结转 5 ≠ the unit's 4
        ("amount-components", 6, 14),  # 小计 20 ≠ 15 + 4
        ("unit-subtotal", 6, 34),  # 小计 上年结转 4 ≠ the projects' 5 + 0
    ]


# ---------------------------------------------------------------- 测算依据 and 实施计划


def test_a_basis_of_6962_times_780_yuan_against_438_768_wan_is_flagged():
    """Done-when of issue 10 (临邑 2025): 6962 人 × 780 元 = 543.036 万元, not the 438.768 万元 budgeted."""
    text = table_with(
        "      - 项目名称: 小学教育公用经费\n"
        "        金额: {总计: 438.768, 财政拨款: 438.768}\n"
        "        测算依据:\n"
        "          - {内容: 小学生均公用经费, 数量: 6962, 单位: 人, 单价: 780, 单价单位: 元, 金额: 438.768}\n"
    )
    found = findings_of(text, "basis-line-mismatch", "basis-total-mismatch")
    assert [(f.slug, f.severity, f.span.line, f.span.column) for f in found] == [("basis-line-mismatch", "error", 9, 67)]
    assert found[0].message == (
        "项目「小学教育公用经费」测算依据第 1 行：6962人 × 780元 = 543.036万元，与所写金额 438.768万元 不符"
        "（差 104.268万元）：请核对数量、单价或金额"
    )
    (english,) = findings_of(text, "basis-line-mismatch", lang="en")
    assert english.message == (
        "project '小学教育公用经费', 测算依据 row 1: 6962人 × 780元 = 543.036 万元, not the 438.768 万元 written "
        "(difference 104.268 万元); check the quantity, the price or the amount"
    )


@pytest.mark.parametrize(
    ("stated", "flagged"),
    [("5.00", False), ("5", False), ("4.93", False), ("4.928", False), ("4.9", False), ("4.95", True), ("4.8", True), ("6.00", True)],
)
def test_the_rounding_tolerance_of_a_basis_row(stated, flagged):
    """70 村 × 704 元 = 4.928 万元: the 金额 may round it to its own decimals, or to a whole 万元."""
    text = table_with(
        f"      - 项目名称: 农村文化建设配套补助经费\n        金额: {{总计: {stated}}}\n"
        f"        测算依据:\n          - {{数量: 70, 单位: 村, 单价: 704, 单价单位: 元, 金额: {stated}}}\n"
    )
    assert bool(findings_of(text, "basis-line-mismatch")) == flagged


def test_plan_and_basis_items_are_read_with_exact_amounts():
    text = table_with(
        "      - 项目名称: 甲\n"
        "        金额: {总计: 50}\n"
        "        实施计划:\n"
        "          - {内容: 勘察设计审批, 金额: 20.50, 时间: 2021年3月}\n"
        "          - {内容: 财务审计, 金额: null}\n"
        "        测算依据:\n"
        "          - {数量: 12, 单位: 月, 单价: 1.5, 系数: 0.2}\n"
        "      - {项目名称: 乙, 金额: {总计: 5}, 实施计划: 按月安排。, 测算依据: null}\n"
    )
    first, second = Table(load_text(text).data).projects
    assert [i.amount for i in first.plan] == [Decimal("20.50"), None]
    (row,) = first.basis
    assert (row.quantity, row.price, row.factor, row.amount, row.price_unit) == (12, Decimal("1.5"), Decimal("0.2"), None, None)
    assert second.plan == [] and second.basis == []
    assert findings_of(text, "schema") == []


# ---------------------------------------------------------------- blanks, labels, codes, the schema


def test_optional_values_may_be_blank_and_only_the_rules_that_care_report_them():
    text = (
        "表名: null\n部门名称: 测试部门\n部门编码:\n预算年度:\n金额单位: 万元\n合计:\n"
        "资金使用单位:\n"
        "  - 单位名称: 测试单位\n"
        "    单位编码:\n"
        "    小计:\n"
        "    项目:\n"
        "      - 项目名称: 测试项目\n"
        "        项目代码:\n"
        "        金额: {总计: 8.00, 财政拨款: 8.00, 其他资金: null}\n"
        "        实施周期金额:\n"
        "        项目期限:\n"
        "        实施计划:\n"
        "        测算依据:\n"
        "        绩效目标: 加强指导、督查工作，有效防控出租屋治安和消防隐患。\n"
        "        绩效指标:\n"
        "          - 一级指标: 产出指标\n"
        "            二级指标: 数量指标\n"
        "            三级指标: 出租屋登记率\n"
        "            指标值类型:\n"
        "            指标方向:\n"
        "            权重:\n"
        "            实施周期指标值: {二级指标: null, 计算符号: null, 指标值: 95, 计量单位: '%'}\n"
        "            年度指标值:\n"
        "            指标解释:\n"
        "            绩效标准:\n"
        "            评分标准:\n"
        "            备注:\n"
    )
    assert where(findings_of(text, "schema", *FORMAT_RULES, "target-value-required")) == [
        ("target-value-required", 28, 13),
    ]


def test_金额单位_missing_is_reported_by_its_rule_not_by_the_schema():
    text = "部门名称: 临邑县师范附属小学\n资金使用单位:\n  - 单位名称: 甲\n    项目: []\n    小计: {总计: 438.768}\n"
    assert where(findings_of(text, "schema", "amount-unit-format")) == [("amount-unit-format", 1, 1)]
    assert where(findings_of("金额单位: 千元\n" + text, "schema", "amount-unit-format")) == [("schema", 1, 7)]


def test_a_value_may_carry_its_own_二级_label():
    text = table_with(
        "      - 项目名称: 甲\n        金额: {总计: 1}\n        绩效指标:\n"
        "          - 一级指标: 产出指标\n            二级指标: 数量指标\n            三级指标: 检测及时率\n"
        "            实施周期指标值: ≤7工作日\n"
        "            年度指标值: {二级指标: 时效指标, 指标值: ≤7工作日}\n"
    )
    (indicator,) = Table(load_text(text).data).indicators
    period, annual = indicator.targets
    assert (period.level2_label, annual.level2_label) == (None, "时效指标")
    assert annual.value.raw == "≤7工作日" and annual.value.unit == "工作日"
    assert findings_of(text, "schema", "period-annual-mismatch") == []


def test_a_code_that_lost_its_leading_zero_is_flagged_and_a_quoted_one_is_kept():
    text = "部门名称: 六安市农业农村局\n部门编码: 066\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 甲\n    项目: []\n"
    (finding,) = findings_of(text, "code-leading-zero", "schema")
    assert (finding.slug, finding.span.line, finding.span.column) == ("code-leading-zero", 2, 7)
    quoted = text.replace("066", "'066'")
    assert findings_of(quoted, "code-leading-zero", "schema") == []
    assert load_text(quoted).data["部门编码"] == "066"


def test_money_row_keys_are_sources_for_the_schema_and_the_vocabulary_names_them():
    text = table_with("      - 项目名称: 甲\n        金额: {总计: 8, 财政拔款: 8, 备注: 见附件}\n")
    found = findings_of(text, "schema", "fund-source-unknown")
    assert [(f.slug, f.span.line, f.span.column) for f in found] == [("fund-source-unknown", 7, 21), ("schema", 7, 34)]
    assert found[0].message == "资金来源「财政拔款」不在资金来源词表中：是不是「财政拨款」？（它照样计入总计）"
    assert found[1].message == "「资金使用单位[0].项目[0].金额.备注」应为数字或空值，实际为文本“见附件”"


def test_a_pack_adds_its_own_fund_sources(tmp_path):
    from goallint.engine import lint, ruleset
    from goallint.packs import load_catalog

    pack = tmp_path / "province"
    (pack / "vocab").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: province\ntitle: {zh: 本省, en: province}\nprefix: PV\n", encoding="utf-8")
    (pack / "vocab" / "fund-sources.yaml").write_text(
        "name: fund-sources\ndescription: {zh: 本省的资金来源, en: the province's sources}\nwords: [省级配套资金]\n", encoding="utf-8"
    )
    catalog = load_catalog([pack], installed=False)
    text = table_with("      - 项目名称: 甲\n        金额: {总计: 10, 财政拨款: 5, 省级配套资金: 5}\n")
    run = ruleset(catalog, [catalog.find("fund-source-unknown"), catalog.find("amount-components")])
    assert lint(load_text(text), run).findings == []


def test_the_schema_accepts_every_key_the_format_documents():
    data = load_text((FIXTURES / "07-luan-agriculture-2024.yaml").read_text(encoding="utf-8")).data
    project = data["资金使用单位"][0]["项目"][0]
    project["实施计划"] = [{"内容": "检测", "金额": Decimal("51.35"), "时间": "2024年"}]
    project["测算依据"] = [{"内容": "检测", "数量": 100, "单位": "组", "单价": 5135, "单价单位": "元", "系数": 1, "金额": Decimal("51.35")}]
    assert validate(data) == []


def test_the_fund_source_vocabulary_and_the_dump_order_name_the_same_sources(catalog):
    assert catalog.vocabularies["fund-sources"] == frozenset(FUND_SOURCES)


# ---------------------------------------------------------------- real tables written as published

def test_the_published_problems_of_the_money_are_found():
    read = lambda name: (FIXTURES / name).read_text(encoding="utf-8")  # noqa: E731
    messages = {f.slug: f.message for n in sorted(p.name for p in FIXTURES.glob("*.yaml")) for f in findings_of(read(n), *FORMAT_RULES)}
    assert messages["fund-source-unknown"] == "资金来源「财政投款」不在资金来源词表中：是不是「财政拨款」？（它照样计入总计）"
    assert messages["plan-total-mismatch"].startswith("项目「“四好农村路”、“三个一号旅游路”工作经费」的实施计划各项金额合计 50（20 + 20 + 10），与本年度金额 25 不符")
    assert messages["basis-total-mismatch"].startswith("项目「小学教育公用经费」的测算依据各行合计 543.036万元")
    assert messages["amount-components"] == "项目「农村饮水安全巩固提升工程专项」金额的总计为空，而资金来源合计为 500（财政拨款 500 + 其他资金 0）：请填写总计"


# ---------------------------------------------------------------- dump and Excel round trips

RICH = {
    "表名": "项目支出绩效目标表",
    "部门名称": "淮北市文化旅游体育局",
    "部门编码": "077",
    "预算年度": 2025,
    "金额单位": "万元",
    "合计": {"总计": Decimal("30.00"), "财政拨款": Decimal("22.00"), "上年结转": Decimal("3.00"), "省级配套资金": Decimal("5.00")},
    "资金使用单位": [
        {
            "单位名称": "淮北市文化旅游体育局",
            "单位编码": "077001",
            "小计": {"总计": Decimal("30.00"), "财政拨款": Decimal("22.00"), "上年结转": Decimal("3.00"), "省级配套资金": Decimal("5.00")},
            "项目": [
                {
                    "项目名称": "农村文化建设配套补助经费",
                    "项目代码": "0340",
                    "金额": {"总计": Decimal("5.00"), "财政拨款": Decimal("5.00"), "上年结转": Decimal("0.00"), "其他资金": Decimal("0.00")},
                    "项目期限": "1年",
                    "测算依据": [{"内容": "市级配套", "数量": 70, "单位": "村", "单价": 704, "单价单位": "元", "金额": Decimal("5.00")}],
                    "绩效目标": "做好送戏进万村，满足人民日益增长的文化需求。",
                    "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "开展送戏进万村", "年度指标值": "≥70村"}],
                },
                {
                    "项目名称": "“四好农村路”工作经费",
                    "金额": {"总计": Decimal("25.00"), "财政拨款": Decimal("20.00"), "上年结转": Decimal("3.00"), "省级配套资金": Decimal("2.00")},
                    "实施周期金额": {"总计": Decimal("75.00"), "财政拨款": Decimal("65.00"), "上级资金": Decimal("10.00")},
                    "项目期限": "2021-2023",
                    "实施计划": [
                        {"内容": "勘察设计审批, 含冒号: 的内容", "金额": 20, "时间": "2021年3月"},
                        {"内容": "财务审计", "金额": Decimal("5.00"), "时间": 2021},
                    ],
                    "绩效目标": {"实施周期目标": "三年完成。", "年度目标": "完成一期。"},
                    "绩效指标": [
                        {
                            "一级指标": "产出指标",
                            "二级指标": "数量指标",
                            "三级指标": "检测及时率",
                            "实施周期指标值": {"二级指标": "时效指标", "指标值": "≤7工作日"},
                            "年度指标值": {"二级指标": "时效指标", "计算符号": "≤", "指标值": 7, "计量单位": "工作日"},
                        }
                    ],
                },
                {
                    "项目名称": "雾炮车降尘抑尘服务",
                    "金额": {"本级资金": 250, "上级资金": 0},
                    "项目期限": "2023.07-2024.01",
                    "实施计划": "按月安排。",
                    "测算依据": "据实结算。",
                    "绩效目标": "全市空气质量达到优良，服务周期内完成。",
                    "绩效指标": [{"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "配备车辆数", "年度指标值": "10辆"}],
                },
            ],
        }
    ],
}


def test_the_dump_writes_the_new_keys_in_order_and_reads_back():
    text = dump_table(RICH)
    assert "        金额: {总计: 25.00, 财政拨款: 20.00, 上年结转: 3.00, 省级配套资金: 2.00}\n" in text
    assert "        金额: {本级资金: 250, 上级资金: 0}\n" in text
    assert "          - {内容: '勘察设计审批, 含冒号: 的内容', 金额: 20, 时间: 2021年3月}\n" in text
    assert "          - {内容: 市级配套, 数量: 70, 单位: 村, 单价: 704, 单价单位: 元, 金额: 5.00}\n" in text
    doc = load_text(text)
    assert doc.problems == [] and doc.data == RICH
    assert dump_table(doc.data) == text


def test_excel_round_trip_keeps_sources_terms_plans_bases_labels_and_codes(tmp_path):
    openpyxl = importlib.import_module("openpyxl")
    from goallint.export import export_workbook
    from goallint.importers.excel import read_workbook

    path = tmp_path / "rich.xlsx"
    export_workbook(RICH, path)
    result = read_workbook(path)
    assert result.problems == []
    assert result.table == RICH
    assert dump_table(result.table) == dump_table(RICH)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["绩效目标表", "绩效指标", "实施计划", "测算依据"]
    header = [c.value for c in book["绩效目标表"][3]]
    assert header == [
        "项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "本级资金", "上级资金", "上年结转", "省级配套资金",
        "绩效目标", "绩效指标", "单位编码", "项目代码", "项目期限", "实施计划", "测算依据",
        "实施周期总计", "实施周期财政拨款", "实施周期上级资金",
    ]
    assert [c.value for c in book["实施计划"][1]] == ["单位名称", "项目名称", "内容", "金额", "时间"]


def test_excel_round_trip_reads_a_blank_cell_back_as_absent(tmp_path):
    importlib.import_module("openpyxl")
    from goallint.export import export_workbook
    from goallint.importers.excel import read_workbook

    table = copy.deepcopy(RICH)
    project = table["资金使用单位"][0]["项目"][0]
    project["金额"]["其他资金"] = None
    project["实施周期金额"] = None
    path = tmp_path / "blank.xlsx"
    export_workbook(table, path)
    back = read_workbook(path).table["资金使用单位"][0]["项目"][0]
    assert "其他资金" not in back["金额"] and "实施周期金额" not in back


def test_excel_code_cells_keep_their_leading_zeros(tmp_path):
    openpyxl = importlib.import_module("openpyxl")
    from goallint.importers.excel import read_workbook

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["项目支出绩效目标表"])
    ws.append(["部门名称：六安市农业农村局", None, None, None, None, None, "单位：万元"])
    ws.append(["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标", "单位编码", "项目代码"])
    ws.append(["六安市农业农村局", 51.35, 51.35, None, None, None, None, 66001, None])
    ws.append(["  农产品质检体系建设", 51.35, 51.35, None, None, "开展农产品质量安全监测工作。", "1、1-产出指标；11-数量指标；监督抽检批次；年度指标值:≥100组。", None, "0340"])
    ws["H4"].number_format = "000000"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    unit = read_workbook(path).table["资金使用单位"][0]
    assert unit["单位编码"] == "066001"
    assert unit["项目"][0]["项目代码"] == "0340"


def test_the_example_still_round_trips_unchanged():
    text = (ROOT / "examples" / "liwan-zfw.yaml").read_text(encoding="utf-8")
    assert dump_table(load_text(text).data) == text
