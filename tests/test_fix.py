"""``goallint check --fix`` / ``--unsafe-fixes`` / ``--diff``: what changes, what never does.

Each rule's own fix is tested by its rule file's cases (``fixed:``, tests/test_rule_cases.py);
here: the command line, the guarantees of goallint.fix (exact scalars only, the file's other
characters kept, never worse, no fix on unreadable files), the ``[*]`` mark and the loader.
"""

from __future__ import annotations

import json

import pytest

from goallint.catalog import RuleFileError
from goallint.document import load_bytes, load_text
from goallint.engine import lint, ruleset
from goallint.fix import Relint, fix_document, levels, render, write_fixed
from goallint.limits import Limits
from goallint.packs import builtin_catalog, load_catalog

from conftest import run_cli
from test_packs import TABLE, make_pack

MECHANICAL = """\
# 测试部门 2025 年项目支出绩效目标表（自动修改的测试）
部门名称: 测试部门   # 部门全称
金额单位: 万元
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: 执法监督工作经费
        金额: {总计: 23.50, 财政拨款: 23.50}
        绩效目标: 开展法律宣传和执法监督，保持辖区社会稳定，案件按期办结，群众满意度保持较高水平。
        绩效指标:
          # 产出
          - 一级指标: 产出指标
            二级指标: 数量指标
            三级指标: 法律宣传次数
            实施周期指标值: 不少6次   # 原表如此
            年度指标值: 不少6次
          - 一级指标: 产出指标
            二级指标: 质量指标
            三级指标: 案件办结率
            实施周期指标值: ">=90%"  # 引号照原样保留
            年度指标值: ≥90%
          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 辖区社会稳定, 实施周期指标值: 无重大事件发生。, 年度指标值: 无重大事件发生。}
          - 一级指标: 满意度指标
            二级指标: 服务对象满意度
            三级指标: 群众满意度
            实施周期指标值: ≥９０％
            年度指标值: ≥９０％
"""

# exactly the four mechanical mistakes changed; comments, quoting and flow style as they were
FIXED = (
    MECHANICAL.replace("不少6次", "不少于6次")
    .replace('">=90%"', '"≥90%"')
    .replace("无重大事件发生。", "无重大事件发生")
    .replace("≥９０％", "≥90%")
)

FIXED_RULES = {"malformed-comparator", "nonstandard-notation", "value-style"}


def _write(tmp_path, text: str, name: str = "dept.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _rules(proc) -> list[str]:
    return [d["rule"] for d in json.loads(proc.stdout)["diagnostics"]]


# ---------------------------------------------------------------- the command line


def test_fix_changes_exactly_the_mechanical_mistakes_and_keeps_every_comment(tmp_path):
    path = _write(tmp_path, MECHANICAL)
    before = run_cli("check", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert FIXED_RULES <= set(_rules(before))
    proc = run_cli("check", "dept.yaml", "--fix", "--no-source", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert path.read_text(encoding="utf-8") == FIXED
    assert proc.stdout.decode().splitlines()[-1] == "1 个问题（0 错误，0 警告，1 提示），共检查 1 个文件；已自动修改 4 个问题"
    after = run_cli("check", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert _rules(after) == ["cost-indicator-missing"]  # nothing of the fixed rules is left
    assert json.loads(after.stdout)["summary"]["fixed"] == 0


def test_diff_shows_the_changes_and_writes_nothing(tmp_path):
    path = _write(tmp_path, MECHANICAL)
    proc = run_cli("check", "dept.yaml", "--diff", cwd=tmp_path)
    assert proc.returncode == 1
    assert path.read_bytes() == MECHANICAL.encode("utf-8")
    assert proc.stdout.decode() == (
        "--- a/dept.yaml\n"
        "+++ b/dept.yaml\n"
        "@@ -12,16 +12,16 @@\n"
        "           - 一级指标: 产出指标\n"
        "             二级指标: 数量指标\n"
        "             三级指标: 法律宣传次数\n"
        "-            实施周期指标值: 不少6次   # 原表如此\n"
        "-            年度指标值: 不少6次\n"
        "+            实施周期指标值: 不少于6次   # 原表如此\n"
        "+            年度指标值: 不少于6次\n"
        "           - 一级指标: 产出指标\n"
        "             二级指标: 质量指标\n"
        "             三级指标: 案件办结率\n"
        '-            实施周期指标值: ">=90%"  # 引号照原样保留\n'
        '+            实施周期指标值: "≥90%"  # 引号照原样保留\n'
        "             年度指标值: ≥90%\n"
        "-          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 辖区社会稳定, 实施周期指标值: 无重大事件发生。, 年度指标值: 无重大事件发生。}\n"
        "+          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 辖区社会稳定, 实施周期指标值: 无重大事件发生, 年度指标值: 无重大事件发生}\n"
        "           - 一级指标: 满意度指标\n"
        "             二级指标: 服务对象满意度\n"
        "             三级指标: 群众满意度\n"
        "-            实施周期指标值: ≥９０％\n"
        "-            年度指标值: ≥９０％\n"
        "+            实施周期指标值: ≥90%\n"
        "+            年度指标值: ≥90%\n"
    )
    assert proc.stderr.decode() == "goallint: 将修改 4 个问题（1 个文件），没有写入任何文件 / would fix 4 problems in 1 file; nothing was written\n"


def test_diff_of_a_file_with_nothing_to_fix_is_empty_and_exits_0(tmp_path):
    _write(tmp_path, FIXED)
    proc = run_cli("check", "dept.yaml", "--diff", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_text_output_marks_fixable_findings(tmp_path):
    _write(tmp_path, MECHANICAL)
    proc = run_cli("check", "dept.yaml", "--no-source", "--select", "malformed-comparator,nonstandard-notation,cost-indicator-missing", cwd=tmp_path)
    assert proc.stdout.decode().splitlines() == [
        "dept.yaml:7:15: GL207 [提示] 项目「执法监督工作经费」没有成本指标：指标体系 gz-2lvl 中「成本指标」是「产出指标」下的二级指标，建议补充成本控制要求，如 项目总成本、单位成本 [cost-indicator-missing]",
        "dept.yaml:15:22: GL303 [*] [错误] 「法律宣传次数」的实施周期指标值和年度指标值“不少6次”中的“不少”不是规范的比较写法：应为“不少于”，或写成符号 ≥ [malformed-comparator]",
        "dept.yaml:20:22: GL318 [*] [提示] 「案件办结率」的实施周期指标值“>=90%”写法不规范：应写成“≥90%”（比较符号用 ≥ ＞ ＝ ＜ ≤，数字和百分号用半角） [nonstandard-notation]",
        "dept.yaml:26:22: GL318 [*] [提示] 「群众满意度」的实施周期指标值和年度指标值“≥９０％”写法不规范：应写成“≥90%”（比较符号用 ≥ ＞ ＝ ＜ ≤，数字和百分号用半角） [nonstandard-notation]",
        "[*] 3 个问题可以用 --fix 自动修改",
        "4 个问题（1 错误，0 警告，3 提示），共检查 1 个文件",
    ]
    english = run_cli("check", "dept.yaml", "--no-source", "--lang", "en", "--select", "malformed-comparator", cwd=tmp_path)
    assert english.stdout.decode().splitlines()[-2:] == ["[*] 1 problem fixable with --fix", "1 problem (1 error, 0 warnings, 0 info) in 1 file."]


AMOUNTS = """\
部门名称: 测试部门
金额单位: 万元
合计: {总计: 528.00, 财政拨款: 528.00}   # 原表合计
资金使用单位:
  - 单位名称: 单位一
    小计: {总计: 400.95, 财政拨款: 400.95}
    项目:
      - 项目名称: 项目一
        金额: {总计: 300.95, 财政拨款: 300.95}
      - 项目名称: 项目二
        金额: {总计: 99.00, 财政拨款: 99.00}
  - 单位名称: 单位二
    小计:
      总计: 129.00
      财政拨款: 129.00
    项目:
      - 项目名称: 项目三
        金额: {总计: 129.00, 财政拨款: 129.00}
"""


def test_unsafe_fixes_run_only_with_their_flag_and_subtotals_come_before_the_total(tmp_path):
    path = _write(tmp_path, AMOUNTS)
    safe = run_cli("check", "dept.yaml", "--fix", "--no-source", "--select", "unit-subtotal,grand-total", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == AMOUNTS
    assert safe.returncode == 1
    listed = run_cli("check", "dept.yaml", "--no-source", "--select", "unit-subtotal,grand-total", cwd=tmp_path)
    assert listed.stdout.decode().splitlines()[-2] == "4 个问题可以用 --fix --unsafe-fixes 自动修改（可能改变含义，请先用 --diff 查看）"
    proc = run_cli("check", "dept.yaml", "--fix", "--unsafe-fixes", "--no-source", "--select", "unit-subtotal,grand-total", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode()
    assert path.read_text(encoding="utf-8") == AMOUNTS.replace("{总计: 400.95, 财政拨款: 400.95}", "{总计: 399.95, 财政拨款: 399.95}").replace(
        "合计: {总计: 528.00, 财政拨款: 528.00}", "合计: {总计: 528.95, 财政拨款: 528.95}"
    )
    assert proc.stdout.decode() == "没有发现问题，共检查 1 个文件；已自动修改 6 个问题\n"


def test_a_fix_that_would_bring_a_new_finding_is_not_applied(tmp_path):
    # copying the annual 90% over the period's ≥90% would make comparator-missing report the period value too
    text = TABLE.replace("金额: {总计: 8.00}", "金额: {总计: 8.00}\n        项目期限: 1").replace(
        "年度指标值: 考核合格率≥95%}", "实施周期指标值: ≥90%, 年度指标值: 90%}"
    )
    path = _write(tmp_path, text)
    proc = run_cli("check", "dept.yaml", "--fix", "--unsafe-fixes", "--no-source", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == text
    assert proc.stderr.decode() == (
        "goallint: dept.yaml：规则 period-annual-mismatch 的修改会带来新的问题，没有做 / "
        "dept.yaml: the fixes of period-annual-mismatch would bring new findings and were not applied\n"
    )
    assert "period-annual-mismatch" in proc.stdout.decode()


@pytest.mark.parametrize(
    "broken",
    [
        MECHANICAL + "  - [unclosed\n",  # a YAML syntax error
        MECHANICAL.replace("部门名称: 测试部门   # 部门全称", "部门名称: &name 测试部门\n表名: *name"),  # an alias
        MECHANICAL + "部门名称: 又一个\n",  # a duplicate key
    ],
    ids=["syntax", "alias", "duplicate-key"],
)
def test_files_that_were_not_read_cleanly_are_never_fixed(tmp_path, broken):
    path = _write(tmp_path, broken)
    proc = run_cli("check", "dept.yaml", "--fix", cwd=tmp_path)
    assert proc.returncode == 1
    assert path.read_bytes() == broken.encode("utf-8")


def test_files_over_the_input_limits_are_never_fixed():
    doc = load_bytes(MECHANICAL.encode("utf-8"), "dept.yaml", Limits(max_bytes=100))
    catalog = builtin_catalog()
    rules = ruleset(catalog)
    outcome = fix_document(doc, lint(doc, rules), Relint(rules), levels(unsafe=True))
    assert outcome.doc is doc and outcome.applied == 0


def test_byte_order_mark_and_crlf_line_ends_survive(tmp_path):
    original = b"\xef\xbb\xbf" + MECHANICAL.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "dept.yaml"
    path.write_bytes(original)
    proc = run_cli("check", "dept.yaml", "--fix", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode("utf-8")


def test_only_single_line_plain_or_quoted_scalars_are_rewritten(tmp_path):
    text = TABLE.replace(
        "          - {一级指标: 效益指标, 二级指标: 社会效益, 三级指标: 业务能力提升, 年度指标值: 考核合格率≥95%}\n",
        "          - 一级指标: 效益指标\n"
        "            二级指标: 社会效益\n"
        "            三级指标: 业务能力提升\n"
        "            实施周期指标值: |\n"
        "              业务能力明显提升。\n"
        "            年度指标值: 业务能力\n"
        "              明显提升。\n"
        "          - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 宣传次数, 年度指标值: {计算符号: 不少, 指标值: 6, 计量单位: 次}}\n",
    )
    path = _write(tmp_path, text)
    listed = run_cli("check", "dept.yaml", "--no-source", "--select", "value-style,malformed-comparator", cwd=tmp_path)
    lines = listed.stdout.decode().splitlines()
    assert [line.split(" [")[0] for line in lines[:-1]] == ["dept.yaml:14:22: GL317", "dept.yaml:18:57: GL303"]  # no [*]
    proc = run_cli("check", "dept.yaml", "--fix", "--select", "value-style,malformed-comparator", cwd=tmp_path)
    assert proc.returncode == 1
    assert path.read_text(encoding="utf-8") == text


def test_fix_cannot_rewrite_stdin_but_diff_shows_it():
    refused = run_cli("check", "-", "--fix", stdin=MECHANICAL.encode("utf-8"))
    assert (refused.returncode, refused.stderr.decode()) == (2, "goallint: --fix 不能改写标准输入；用 --diff 查看修改 / --fix cannot rewrite stdin: use --diff\n")
    shown = run_cli("check", "-", "--diff", "--stdin-filename", "dept.yaml", stdin=MECHANICAL.encode("utf-8"))
    assert shown.returncode == 1
    assert shown.stdout.decode().startswith("--- a/dept.yaml\n+++ b/dept.yaml\n@@ -12,16 +12,16 @@\n")


def test_a_file_changed_while_it_was_checked_is_not_overwritten(tmp_path):
    path = _write(tmp_path, MECHANICAL + "# 别人刚加的一行\n")
    error = write_fixed(path, MECHANICAL, FIXED, "dept.yaml")
    assert error == "没有修改 dept.yaml：检查期间文件被改动了 / not fixing dept.yaml: the file changed while it was checked"
    assert path.read_text(encoding="utf-8") == MECHANICAL + "# 别人刚加的一行\n"


# ---------------------------------------------------------------- how values are written


@pytest.mark.parametrize(
    ("value", "style", "written"),
    [
        ("不少于6次", None, "不少于6次"),
        ("95", None, '"95"'),  # plain 95 would read as a number
        ("a: b", None, '"a: b"'),  # plain, it would be a mapping
        ("a, b", None, '"a, b"'),  # plain, it would split a flow mapping
        ("it's", "'", "'it''s'"),
        ("≥90%", '"', '"≥90%"'),
        ('说"好"', '"', '"说\\"好\\""'),
    ],
)
def test_a_new_value_is_written_in_the_old_style_where_it_reads_back_the_same(value, style, written):
    assert render(value, style) == written
    assert load_text(f"k: {written}\n").data == {"k": value}


# ---------------------------------------------------------------- declared in the rule file


def test_explain_shows_what_a_fix_does_and_whether_it_is_safe():
    zh = run_cli("explain", "malformed-comparator").stdout.decode()
    assert (
        "## 自动修改\n安全修改，goallint check --fix 会做：把写错的比较词换成它本来的规范写法（不少6次 → 不少于6次，90%已上 → 90%以上），"
        "只改这一个值中的这个词；没有把握猜出本来写法的（如 =>）不改。\n"
    ) in zh
    en = run_cli("explain", "GL103", "--lang", "en").stdout.decode()
    assert "## Automatic fix\nUnsafe: applied only with --unsafe-fixes (goallint check --fix --unsafe-fixes). Sets the wrong 合计 column" in en


FIXER = '''
from goallint.api import Edit, fixer


@fixer(scope="{scope}")
def fix_name(problem, project, ctx):
    yield Edit(problem.path, "新名称")
'''

FIX_DECLARATION = "fix: {{safety: safe, function: {function}, what: {{zh: 改名, en: renames}}}}\n"


def _fix_pack(tmp_path, function="fix_name", scope="project", cases=""):
    from test_packs import CHECKS

    return make_pack(
        tmp_path / "p", "xx", "XX", checks=CHECKS + FIXER.format(scope=scope),
        rules=[("goal", "name-rule", "XX401", "check_name", "{name}", FIX_DECLARATION.format(function=function) + cases)],
    )


def test_a_fix_function_the_rule_file_names_must_exist_and_fit_the_rule(tmp_path):
    with pytest.raises(RuleFileError, match="的修改函数 fix_missing 不存在或没有用 @goallint.api.fixer 声明"):
        load_catalog([_fix_pack(tmp_path / "a", "fix_missing")], installed=False)
    with pytest.raises(RuleFileError, match="scope 是 project，但修改函数 fix_name 修改的是 table"):
        load_catalog([_fix_pack(tmp_path / "b", scope="table")], installed=False)


def test_test_pack_checks_fixed_cases_and_asks_for_one(tmp_path):
    case = (
        "cases:\n"
        "  - name: 改名\n"
        "    table: |\n" + "".join(f"      {line}\n" for line in TABLE.splitlines()) +
        "    expect: [{line: 6, column: 15}]\n"
        "    fixed: |\n" + "".join(f"      {line}\n" for line in TABLE.replace("很长很长的项目名称", "旧名称").splitlines())
    )
    pack = _fix_pack(tmp_path, cases=case)
    proc = run_cli("test-pack", str(pack))
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "-      - 项目名称: 旧名称\n+      - 项目名称: 新名称\n" in out
    assert "修改后仍报告 / still reported after the fix: 6:15 新名称" in out
    assert "缺少 MISSING name-rule: 没有必须不报告的用例 / no case the rule must NOT flag" in out
    bare = _fix_pack(tmp_path / "bare")
    assert "缺少 MISSING name-rule: 有修改（fix:）但没有测试修改结果的用例（fixed:）/ the rule has a fix but no case with fixed:" in run_cli("test-pack", str(bare)).stdout.decode()


def test_the_diff_keeps_line_ends_and_says_when_the_last_line_has_none():
    from goallint.fix import unified_diff

    assert unified_diff("k: a\r\nv: 不少6次", "k: a\r\nv: 不少于6次", "x.yaml") == (
        "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n k: a\r\n"
        "-v: 不少6次\n\\ No newline at end of file\n+v: 不少于6次\n\\ No newline at end of file\n"
    )
    assert unified_diff("v: a\u202eb\n", "v: c\n", "x.yaml").splitlines()[3] == "-v: a\\u202eb"  # shown safely


def test_a_data_only_pack_reuses_a_builtin_fix(tmp_path):
    pack = tmp_path / "rules-local"
    (pack / "targets").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: local\ntitle: {zh: 本地, en: local}\nprefix: LC\n", encoding="utf-8")
    (pack / "targets" / "comparator-words.yaml").write_text(
        "code: LC301\nslug: comparator-words\nseverity: warning\nscope: indicator\n"
        "check: goallint:targets.check_malformed_comparator\nbasis: 已核实\n"
        "summary: {zh: 比较词, en: comparator words}\n"
        "message:\n  suggest: {zh: \"{value}：应为 {meant}\", en: \"{value}: {meant}\"}\n"
        "  no-suggestion: {zh: \"{value}：写法不对\", en: \"{value}: wrong\"}\n"
        "fix: {safety: safe, function: \"goallint:targets.fix_malformed_comparator\", what: {zh: 改正比较词, en: corrects the word}}\n"
        "docs: {what: {zh: 说明, en: what}, why: {zh: 原因, en: why}, fail: \"-\", pass: \"-\", sources: [测试]}\n",
        encoding="utf-8",
    )
    (tmp_path / "goallint.yaml").write_text("packs: [./rules-local]\nselect: [LC]\n", encoding="utf-8")
    path = _write(tmp_path, TABLE.replace("年度指标值: 2次}", "年度指标值: 不少2次}"))
    proc = run_cli("check", "dept.yaml", "--fix", cwd=tmp_path)
    assert (proc.returncode, proc.stdout.decode()) == (0, "没有发现问题，共检查 1 个文件；已自动修改 1 个问题\n")
    assert path.read_text(encoding="utf-8") == TABLE.replace("年度指标值: 2次}", "年度指标值: 不少于2次}")
