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
          - 一级指标: 产出指标
            二级指标: 数量指标
            三级指标: 培训次数
            实施周期指标值: ≥90{comment1}
            年度指标值: ≥90{comment2}
"""


def table(comment1: str = "", comment2: str = "") -> str:
    return SATISFACTION.replace("{comment1}", comment1).replace("{comment2}", comment2)


def rules_in(proc) -> list[tuple[str, str, int]]:
    return [(d["rule"], d["severity"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]]


# ---------------------------------------------------------------- suppression comments


def test_a_line_comment_suppresses_the_named_rule_on_its_line_only():
    found = findings_of(table("  # goallint: disable=target-unit-required"), "target-unit-required", "amount-components")
    assert where(found) == [("amount-components", 7, 18), ("target-unit-required", 13, 20)]


def test_a_line_comment_by_code_or_for_every_rule():
    assert where(findings_of(table("", "  # goallint: disable=GL301"), "target-unit-required")) == [("target-unit-required", 12, 22)]
    assert where(findings_of(table("  # goallint: disable", "  #goallint: disable"), "target-unit-required")) == []


def test_a_comment_naming_another_rule_suppresses_nothing():
    found = findings_of(table("  # goallint: disable=grand-total"), "target-unit-required")
    assert where(found) == [("target-unit-required", 12, 22), ("target-unit-required", 13, 20)]


def test_a_file_comment_suppresses_the_rule_everywhere():
    text = "# goallint: disable-file=target-unit-required, amount-components\n" + table()
    assert where(findings_of(text, "target-unit-required", "amount-components", "benefit-indicator-missing")) == [
        ("benefit-indicator-missing", 7, 15)
    ]


def test_syntax_errors_cannot_be_suppressed():
    text = "# goallint: disable-file\n部门名称: [\n"
    assert where(findings_of(text)) == [("yaml-syntax", 3, 1)]


def test_a_hash_inside_a_value_is_not_a_directive():
    text = table().replace("三级指标: 培训次数", "三级指标: 培训次数#goallint:disable")
    assert where(findings_of(text, "target-unit-required")) == [("target-unit-required", 12, 22), ("target-unit-required", 13, 20)]


# ---------------------------------------------------------------- configuration file


def test_config_selects_ignores_and_sets_severity_and_options(tmp_path):
    (tmp_path / "dept.yaml").write_text(table(), encoding="utf-8")
    (tmp_path / "goallint.yaml").write_text(
        "ignore: [benefit-indicator-missing, goal-text-required]\n"
        "rules:\n"
        "  target-unit-required: {severity: warning}\n"
        "  amount-components:\n"
        "    options: {tolerance: '2.5'}\n",
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


def test_a_users_rule_folder_is_loaded_like_the_builtin_rules(tmp_path):
    rules = tmp_path / "local-rules"
    rules.mkdir()
    (rules / "local_checks.py").write_text(
        "from goallint.api import Problem\n\n"
        "def check_goal_present(project, ctx):\n"
        "    if not project.data.get('绩效目标'):\n"
        "        yield Problem(project.name_path, name=project.name)\n",
        encoding="utf-8",
    )
    (rules / "goal-missing.yaml").write_text(
        "code: LX401\nslug: goal-missing\nseverity: warning\nscope: project\n"
        "check: local_checks:check_goal_present\nbasis: 已核实\n"
        "summary: {zh: 项目要写绩效目标, en: Projects state a goal}\n"
        "message: {zh: '项目「{name}」没有绩效目标', en: \"project '{name}' has no goal\"}\n"
        "docs: {what: {zh: 说明, en: what}, why: {zh: 原因, en: why}, fail: '-', pass: '-', sources: [本局规定]}\n",
        encoding="utf-8",
    )
    (tmp_path / "goallint.yaml").write_text("rule-dirs: [local-rules]\nselect: [LX]\n", encoding="utf-8")
    (tmp_path / "dept.yaml").write_text(table(), encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert rules_in(proc) == [("goal-missing", "warning", 6)]
    assert "LX401  goal-missing" in run_cli("rules", cwd=tmp_path).stdout.decode()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("select: [GL1\n", "goallint: 配置文件 goallint.yaml:2:1 YAML 语法错误"),
        ("fail-on: fatal\n", "goallint: 配置文件 goallint.yaml:1:10 「fail-on」应为 error warning info 之一，实际为“fatal”"),
        ("selekt: [GL1]\n", "goallint: 配置文件 goallint.yaml:1:1 未知的键「selekt」：是不是「select」？"),
        ("rules:\n  grand-totl: {severity: warning}\n", "goallint: 配置文件 goallint.yaml 中没有这条规则：grand-totl：是不是 grand-total？"),
        ("rules:\n  grand-total: {options: {tolerence: 1}}\n", "goallint: 配置文件 goallint.yaml：规则 grand-total 没有选项 tolerence（可用：tolerance）"),
        ("rule-dirs: [nowhere]\n", "goallint: 规则目录 nowhere 不存在"),
        ("select: [no-such-rule]\n", "goallint: 没有这条规则：no-such-rule"),
        ("select: &s [GL1]\nignore: *s\n", "goallint: 配置文件 goallint.yaml:2:9 使用了别名或标签"),
        ("select: " + "[" * 70 + "\n", "goallint: 配置文件 goallint.yaml:1:72 超出读取上限（大小、嵌套层数或值的个数）"),
    ],
    ids=["syntax", "bad value", "unknown key", "unknown rule", "unknown option", "missing rule dir", "unknown selector", "alias", "too deep"],
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
