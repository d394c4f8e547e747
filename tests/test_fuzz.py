"""Property tests: any table, mangled or generated, goes through load, every rule, every reporter and the
YAML writer without an exception (issue 7, item 8).

Bounded so that the suite stays fast.  Maintainers run a longer search with, for example,
``GOALLINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`` (see docs/security.md).
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goallint.document import load_bytes, load_text
from goallint.dump import dump_table
from goallint.engine import lint, ruleset
from goallint.packs import builtin_catalog
from goallint.report import github, json as json_report, sarif, text

from conftest import EXAMPLE

EXAMPLES = int(os.environ.get("GOALLINT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RULES = ruleset(builtin_catalog())
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def _through_everything(doc) -> None:
    result = lint(doc, RULES)
    assert result.crashes == [], result.crashes
    for finding in result.findings:
        assert finding.span.line >= 1 and finding.span.column >= 1 and finding.message
    sources = {doc.file: dict(enumerate(doc.lines, start=1))}
    text.render(result.findings, sources, 1, "zh")
    text.render(result.findings, sources, 1, "en", color=True)
    json.loads(json_report.render(result.findings, 1, result.suppressed))
    json.loads(sarif.render(result.findings, RULES.rules, "zh"))
    for line in github.render(result.findings).splitlines():
        assert line.startswith("::") and "\n" not in line
    if isinstance(doc.data, dict):
        written = dump_table(doc.data)
        again = load_text(written, "again.yaml")
        assert again.problems == [] or all(p.slug != "yaml-syntax" for p in again.problems)


SNIPPETS = st.sampled_from(
    ["", " ", "\n", ": ", "- ", "[", "{", "'", '"', "#", "\t", "8.00", "null", "[]", "{}", "-1", "。", "≥", "\x00", "\\", "&a", "*a",
     "!!binary", "0x1F", "1e3", "不少", "%", "～", "\u202e", "\u2028", "# goallint: disable=GL301", "  # goallint: disable-file"]
)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(EXAMPLE_TEXT) - 1), st.integers(0, 8), SNIPPETS), min_size=1, max_size=5))
def test_mangled_examples_never_crash(edits):
    chars = EXAMPLE_TEXT
    for at, cut, snippet in sorted(edits, reverse=True):
        chars = chars[:at] + snippet + chars[at + cut:]
    _through_everything(load_bytes(chars.encode("utf-8", errors="surrogatepass"), "m.yaml"))


AMOUNT = st.one_of(
    st.decimals(min_value=-10**6, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.integers(-10, 10**7),
    st.sampled_from([None, "", "abc", "1,000.00", True, [1], {"a": 1}, Decimal("1E+3"), Decimal("0.001")]),
)
VALUE_TEXT = st.text(alphabet=st.sampled_from(list("0123456789.%≥≤＞＜＝<>=次个人万元年月日前以上内不少于达到及时满意提高 -～。，、（）()")), max_size=20)
VALUE = st.one_of(
    VALUE_TEXT,
    AMOUNT,
    st.fixed_dictionaries({"指标值": st.one_of(VALUE_TEXT, AMOUNT)}, optional={"计算符号": st.sampled_from(["≥", "<=", 1, 6, "定性", "不少", None]), "计量单位": st.sampled_from(["%", "次", "", None, 3])}),
)
LEVEL1 = st.sampled_from(["产出指标", "1-产出指标", "效益指标", "效果指标", "满意度指标", "成本指标", "产出值", "工作指标", "", None, 3])
LEVEL2 = st.sampled_from(["数量指标", "11-数量指标", "12-时效指标", "社会效益", "服务对象满意度", "群众满意度", "成本指标", "数量值", "", None])
INDICATOR = st.fixed_dictionaries(
    {"一级指标": LEVEL1, "二级指标": LEVEL2, "三级指标": st.sampled_from(["培训次数", "满意度（%）", "及时率", "带动就业人数（人次）", "", None]), "年度指标值": VALUE},
    optional={"实施周期指标值": VALUE, "权重": AMOUNT},
)
MONEY = st.fixed_dictionaries({"总计": AMOUNT}, optional={"财政拨款": AMOUNT, "财政专户拨款": AMOUNT, "其他资金": AMOUNT})
PROJECT = st.fixed_dictionaries(
    {"项目名称": st.sampled_from(["培训经费", "", None, "\x1b[2J项目"]), "金额": MONEY},
    optional={
        "绩效目标": st.one_of(st.text(max_size=30), st.none(), st.fixed_dictionaries({"年度目标": st.text(max_size=10)})),
        "绩效指标": st.lists(INDICATOR, max_size=4),
        "项目期限": st.sampled_from([1, 3, "长期", "3年", None, 0]),
        "实施周期金额": MONEY,
    },
)
TABLE = st.fixed_dictionaries(
    {"部门名称": st.sampled_from(["测试部门", ""]), "金额单位": st.sampled_from(["万元", "元", "千元"]), "资金使用单位": st.lists(
        st.fixed_dictionaries({"单位名称": st.sampled_from(["测试单位", None]), "项目": st.lists(PROJECT, max_size=3)}, optional={"小计": MONEY}),
        min_size=1, max_size=2,
    )},
    optional={"合计": MONEY, "表名": st.text(max_size=10)},
)


@FUZZ
@given(TABLE)
def test_generated_tables_never_crash(table):
    written = dump_table(table)
    _through_everything(load_text(written, "g.yaml"))
