"""The configuration file and suppression comments."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE, findings_of, run_cli, where

SATISFACTION = """\
部门名称: 测试部门
金额单位: 万元
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: 测试项目
        金额: {总计: 10.00, 财政拨款: 8.00}
        绩效指标:
          - 一级指标: {level1}
            二级指标: 数量指标
            三级指标: 培训次数
            实施周期指标值: {target}{comment1}
            年度指标值: {target2}{comment2}
"""


def table(comment1: str = "", comment2: str = "", target: str = "≥90", level1: str = "产出指标", target2: str | None = None) -> str:
    """A small table whose two values differ by default (≥90, ≥80), so each is its own finding."""
    annual = target2 if target2 is not None else target.replace("90", "80")
    return (
        SATISFACTION.replace("{comment1}", comment1).replace("{comment2}", comment2)
        .replace("{target2}", annual).replace("{target}", target).replace("{level1}", level1)
    )


def rules_in(proc) -> list[tuple[str, str, int]]:
    return [(d["rule"], d["severity"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]]


# ---------------------------------------------------------------- suppression comments


def test_a_line_comment_suppresses_the_named_rule_on_its_line_only():
    found = findings_of(table("  # goallint: disable=target-unit-required"), "target-unit-required", "amount-components")
    assert where(found) == [("amount-components", 7, 18), ("target-unit-required", 13, 20)]


def test_a_line_comment_by_code_and_with_a_reason():
    found = findings_of(table("", "  # goallint: disable=GL301 -- 按分值考核，已与财政局确认"), "target-unit-required")
    assert where(found) == [("target-unit-required", 12, 22)]


def test_a_blanket_comment_suppresses_nothing_and_is_reported():
    found = findings_of(table("  # goallint: disable", "  #goallint: disable"), "target-unit-required", "unused-suppression")
    assert where(found) == [
        ("target-unit-required", 12, 22),
        ("unused-suppression", 12, 27),
        ("target-unit-required", 13, 20),
        ("unused-suppression", 13, 25),
    ]


def test_other_linters_spellings_are_reported_not_obeyed():
    found = findings_of(table("  # goallint: disable-line=target-unit-required"), "target-unit-required", "unused-suppression")
    assert where(found) == [("target-unit-required", 12, 22), ("unused-suppression", 12, 27), ("target-unit-required", 13, 20)]


def test_disable_next_line():
    text = table().replace("            年度指标值: ≥80", "            # goallint: disable-next-line=target-unit-required\n            年度指标值: ≥80")
    assert where(findings_of(text, "target-unit-required", "unused-suppression")) == [("target-unit-required", 12, 22)]


def test_a_comment_naming_another_rule_suppresses_nothing_and_is_reported():
    found = findings_of(table("  # goallint: disable=grand-total"), "target-unit-required", "unused-suppression")
    assert where(found) == [("target-unit-required", 12, 22), ("unused-suppression", 12, 47), ("target-unit-required", 13, 20)]


def test_a_file_comment_suppresses_the_rule_everywhere():
    text = "# goallint: disable-file=target-unit-required, amount-components\n" + table()
    assert where(findings_of(text, "target-unit-required", "amount-components", "benefit-indicator-missing", "unused-suppression")) == [
        ("benefit-indicator-missing", 7, 15)
    ]


def test_syntax_errors_cannot_be_suppressed():
    text = "# goallint: disable-file=yaml-syntax\n部门名称: [\n"
    assert where(findings_of(text)) == [("yaml-syntax", 3, 1)]


def test_a_directive_inside_a_value_is_not_a_comment():
    """The reproducer of issue 7: 表名: "x # goallint: disable-file" turned 4 errors into 0."""
    text = '表名: "x # goallint: disable-file=target-unit-required"\n' + table().replace("三级指标: 培训次数", "三级指标: 培训次数#goallint:disable=GL301")
    text = text.replace("绩效指标:", "绩效目标: |\n          # goallint: disable-file=target-unit-required\n        绩效指标:")
    assert where(findings_of(text, "target-unit-required", "unused-suppression")) == [("target-unit-required", 15, 22), ("target-unit-required", 16, 20)]


def test_no_inline_suppression_ignores_every_comment(tmp_path):
    (tmp_path / "dept.yaml").write_text(table("  # goallint: disable=target-unit-required"), encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--select", "GL301", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("target-unit-required", "error", 13)]
    assert json.loads(proc.stdout)["summary"]["suppressed"] == 1
    text = run_cli("check", "dept.yaml", "--select", "GL301", cwd=tmp_path).stdout.decode().splitlines()[-1]
    assert text == "1 个问题（1 错误，0 警告，0 提示），共检查 1 个文件；另有 1 个问题被例外注释取消"
    proc = run_cli("check", "dept.yaml", "--select", "GL301", "--no-inline-suppression", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("target-unit-required", "error", 12), ("target-unit-required", "error", 13)]
    (tmp_path / "goallint.yaml").write_text("inline-suppression: false\n", encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--select", "GL301", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("target-unit-required", "error", 12), ("target-unit-required", "error", 13)]


# ---------------------------------------------------------------- configuration file


def test_config_selects_ignores_and_sets_severity_and_options(tmp_path):
    (tmp_path / "dept.yaml").write_text(table(), encoding="utf-8")
    (tmp_path / "goallint.yaml").write_text(
        "ignore: [benefit-indicator-missing, goal-text-required, satisfaction-indicator-missing, cost-indicator-missing, period-annual-mismatch]\n"
        "rules:\n"
        "  target-unit-required: {severity: warning}\n"
        "  amount-components:\n"
        "    options: {tolerance: 2.5}\n",
        encoding="utf-8",
    )
    proc = run_cli("check", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("target-unit-required", "warning", 12), ("target-unit-required", "warning", 13)]
    assert proc.returncode == 0  # only warnings now
    (tmp_path / "goallint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert run_cli("check", "dept.yaml", "--select", "GL301", cwd=tmp_path).returncode == 1


def test_config_is_found_in_a_parent_folder_and_cli_flags_win(tmp_path):
    (tmp_path / ".goallint.yaml").write_text("select: [GL1]\nlang: en\n", encoding="utf-8")
    sub = tmp_path / "tables" / "2021"
    sub.mkdir(parents=True)
    (sub / "dept.yaml").write_text(table(), encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--format", "json", cwd=sub)
    assert rules_in(proc) == [("amount-components", "error", 7)]
    assert json.loads(proc.stdout)["diagnostics"][0]["message"].startswith("the 金额 of project '测试项目'")
    proc = run_cli("check", "dept.yaml", "--select", "GL301", "--lang", "zh", "--format", "json", cwd=sub)
    assert rules_in(proc) == [("target-unit-required", "error", 12), ("target-unit-required", "error", 13)]
    assert json.loads(proc.stdout)["diagnostics"][0]["message"].startswith("「培训次数」")


def test_config_exclude_skips_paths_when_searching_folders(tmp_path):
    (tmp_path / "goallint.yaml").write_text("exclude: ['archive/**']\n", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.yaml").write_text(": : :", encoding="utf-8")
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    assert {d["file"] for d in json.loads(proc.stdout)["diagnostics"]} == {"dept.yaml"}


def test_a_data_only_pack_named_in_the_config_adds_rules(tmp_path):
    pack = tmp_path / "local-pack"
    (pack / "targets").mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: local\ntitle: {zh: 本局规则, en: local rules}\nprefix: LX\n", encoding="utf-8")
    (pack / "targets" / "satisfaction-floor.yaml").write_text(
        "code: LX301\nslug: satisfaction-floor\nseverity: warning\nscope: indicator\n"
        "check: goallint:targets.check_target_minimum\nbasis: 已核实\n"
        "summary: {zh: 满意度不低于 95%, en: Satisfaction at least 95%}\n"
        "message: {zh: '「{name}」的{field}“{value}”低于 {minimum}{unit}', en: \"'{name}': {field} '{value}' is below {minimum}{unit}\"}\n"
        "options:\n"
        "  level1: {schema: {type: string}, default: 满意度指标, description: {zh: 一级指标, en: level 1}}\n"
        "  name_contains: {schema: {type: string}, default: '', description: {zh: 名称, en: name}}\n"
        "  minimum: {schema: {type: number}, default: 95, description: {zh: 下限, en: floor}}\n"
        "  unit: {schema: {type: string}, default: '%', description: {zh: 单位, en: unit}}\n"
        "docs: {what: {zh: 说明, en: what}, why: {zh: 原因, en: why}, fail: '-', pass: '-', sources: [本局规定]}\n",
        encoding="utf-8",
    )
    (tmp_path / "goallint.yaml").write_text("packs: [local-pack]\nselect: [LX]\n", encoding="utf-8")
    (tmp_path / "dept.yaml").write_text(table(target="≥90%", level1="满意度指标"), encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("satisfaction-floor", "warning", 12), ("satisfaction-floor", "warning", 13)]
    assert json.loads(proc.stdout)["diagnostics"][0]["message"] == "「培训次数」的实施周期指标值“≥90%”低于 95%"
    assert "LX301  satisfaction-floor" in run_cli("rules", cwd=tmp_path).stdout.decode()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select: [GL1\n", "goallint: 配置文件 goallint.yaml:2:1 YAML 语法错误"),
        ("fail-on: fatal\n", "goallint: 配置文件 goallint.yaml:1:10 「fail-on」应为 error warning info 之一，实际为“fatal”"),
        ("selekt: [GL1]\n", "goallint: 配置文件 goallint.yaml:1:1 未知的键「selekt」：是不是「select」？"),
        ("rules:\n  grand-totl: {severity: warning}\n", "goallint: 配置文件 goallint.yaml:2:3 中没有这条规则：grand-totl：是不是 grand-total？"),
        ("rules:\n  grand-total: {options: {tolerence: 1}}\n", "goallint: 配置文件 goallint.yaml:2:27：规则 grand-total 没有选项 tolerence（可用：tolerance）"),
        (
            "rules:\n  amount-components:\n    options: {tolerance: abc}\n",
            "goallint: 配置文件 goallint.yaml:3:26：规则 amount-components 的「选项 tolerance」应为数字，实际为文本“abc” / rule amount-components: 'option tolerance' should be a number, got text 'abc'",
        ),
        ("rules:\n  goal-text-required: {options: {min_length: lots}}\n", "goallint: 配置文件 goallint.yaml:2:46：规则 goal-text-required 的「选项 min_length」应为整数，实际为文本“lots”"),
        ("rules:\n  grand-total: {options: {tolerance: -1}}\n", "goallint: 配置文件 goallint.yaml:2:38：规则 grand-total 的「选项 tolerance」应不小于 0，实际为 -1"),
        ("packs: [nowhere/]\n", "goallint: 配置文件 goallint.yaml:1:9：规则包目录 nowhere/ 不存在"),
        ("packs: [gz-province]\n", "goallint: 配置文件 goallint.yaml:1:9：需要规则包 gz-province，但没有安装或指定它"),
        ("frame: gz-3lvl\n", "goallint: 没有这个指标体系：gz-3lvl（可用：gz-2lvl、mof-2021）"),
        ("rule-dirs: [local]\n", "goallint: 配置文件 goallint.yaml:1:1 未知的键「rule-dirs」"),
        ("select: [no-such-rule]\n", "goallint: 没有这条规则：no-such-rule"),
        ("select: &s [GL1]\nignore: *s\n", "goallint: 配置文件 goallint.yaml:2:9 使用了别名或标签"),
        ("select: " + "[" * 70 + "\n", "goallint: 配置文件 goallint.yaml:1:72 超出读取上限（大小、嵌套层数或值的个数）"),
    ],
    ids=[
        "syntax", "bad value", "unknown key", "unknown rule", "unknown option", "option of the wrong type",
        "another option of the wrong type", "option out of range", "missing pack folder", "pack not installed",
        "unknown frame", "old rule-dirs key", "unknown selector", "alias", "too deep",
    ],
)
def test_an_unusable_config_is_one_line_and_exit_2(tmp_path, config, message):
    (tmp_path / "goallint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", "dept.yaml", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err, err
    assert proc.stdout == b""


def test_an_explicit_config_that_does_not_exist(tmp_path):
    proc = run_cli("check", str(EXAMPLE), "--config", "none.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.decode().startswith("goallint: 读不了配置文件 none.yaml")
