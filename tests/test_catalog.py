"""The rule catalogue: rule files are data, validated, and loaded the same way for everyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from goallint.catalog import RuleFileError, builtin_rules, find_rule, load_rules, select_rules
from goallint.document import load_text
from goallint.engine import lint

MINIMAL_RULE = """\
code: XX901
slug: project-name-too-long
severity: {severity}
scope: project
check: {check}
basis: {basis}
summary: {{zh: 项目名称不超过 5 个字, en: Project names are short}}
message: {{zh: "项目名称「{{name}}」太长", en: "project name '{{name}}' is too long"}}
docs:
  what: {{zh: 说明, en: what}}
  why: {{zh: 原因, en: why}}
  fail: "项目名称: 很长很长的项目名称"
  pass: "项目名称: 短名"
  sources: [测试]
"""

USER_CHECK = '''\
from goallint.api import Problem

def check_name_length(project, ctx):
    if len(project.name) > 5:
        yield Problem(project.name_path, name=project.name)
'''


def test_builtin_rules_have_unique_codes_and_resolvable_checks():
    rules = builtin_rules()
    assert len({r.code for r in rules}) == len({r.slug for r in rules}) == len(rules)
    for rule in rules:
        if rule.scope == "import":
            assert rule.check is None  # reported by the importers
        else:
            assert callable(rule.function()), rule.slug


def test_the_mission_rules_are_present_with_their_codes():
    codes = {r.slug: r.code for r in builtin_rules()}
    assert codes == {
        "yaml-syntax": "GL001",
        "duplicate-key": "GL002",
        "schema": "GL003",
        "file-encoding": "GL004",
        "input-limit": "GL005",
        "unsupported-yaml": "GL006",
        "amount-components": "GL101",
        "unit-subtotal": "GL102",
        "grand-total": "GL103",
        "empty-project": "GL104",
        "output-indicator-required": "GL201",
        "benefit-indicator-missing": "GL202",
        "duplicate-indicator-name": "GL203",
        "target-unit-required": "GL301",
        "period-annual-mismatch": "GL302",
        "malformed-comparator": "GL303",
        "target-value-required": "GL304",
        "unit-name-mismatch": "GL305",
        "satisfaction-not-quantified": "GL306",
        "count-not-integer": "GL307",
        "goal-text-required": "GL401",
        "import-ambiguous": "GL901",
        "import-error": "GL902",
    }


def _write_rule(folder: Path, **fields) -> Path:
    values = {"severity": "warning", "check": "user_rules_demo:check_name_length", "basis": "已核实"} | fields
    path = folder / "rule.yaml"
    path.write_text(MINIMAL_RULE.format(**values), encoding="utf-8")
    return path


def test_a_users_rule_loads_and_runs_through_the_same_mechanism(tmp_path, monkeypatch):
    (tmp_path / "user_rules_demo.py").write_text(USER_CHECK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    _write_rule(tmp_path)
    rules = load_rules([tmp_path])
    doc = load_text("资金使用单位:\n  - 项目:\n      - 项目名称: 很长很长的项目名称\n")
    found = lint(doc, rules).findings
    assert [(f.slug, f.code, f.severity, f.span.line, f.span.column, f.message) for f in found] == [
        ("project-name-too-long", "XX901", "warning", 3, 15, "项目名称「很长很长的项目名称」太长")
    ]


def test_an_unverified_rule_cannot_be_an_error(tmp_path):
    _write_rule(tmp_path, severity="error", basis="未核实")
    with pytest.raises(RuleFileError, match="severity"):
        load_rules([tmp_path])


def test_a_broken_rule_file_is_a_one_line_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("code: [GL1\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path])
    assert "bad.yaml:2:1" in str(info.value) and "\n" not in str(info.value)


def test_a_missing_check_function_is_reported_when_the_rule_runs(tmp_path):
    _write_rule(tmp_path, check="goallint.checks.amounts:no_such_function")
    (rule,) = load_rules([tmp_path])
    with pytest.raises(RuleFileError, match="no_such_function"):
        rule.function()


def test_duplicate_slugs_across_folders_are_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _write_rule(a)
    _write_rule(b)
    with pytest.raises(RuleFileError, match="重复"):
        load_rules([a, b])


def test_select_and_ignore_by_slug_code_and_prefix():
    rules = builtin_rules()
    slugs = lambda rs: [r.slug for r in rs]  # noqa: E731
    assert slugs(select_rules(rules, ["GL1"], None)) == ["amount-components", "unit-subtotal", "grand-total", "empty-project"]
    assert slugs(select_rules(rules, ["GL10"], ["grand-total", "GL104"])) == ["amount-components", "unit-subtotal"]
    assert slugs(select_rules(rules, ["target-unit-required", "GL201"], None)) == ["output-indicator-required", "target-unit-required"]
    assert "schema" not in slugs(select_rules(rules, None, ["GL003"]))
    with pytest.raises(RuleFileError, match="no-such-rule"):
        select_rules(rules, ["no-such-rule"], None)


def test_find_rule_by_slug_or_code():
    rules = builtin_rules()
    assert find_rule(rules, "grand-total").code == "GL103"
    assert find_rule(rules, "gl103").slug == "grand-total"
    assert find_rule(rules, "nothing") is None
