"""Every rule's cases, kept beside its declaration in rules/*.yaml, run through one test.

A case gives a whole table and the exact findings the rule must report on it
(line, column, and where it matters severity and message); ``expect: []`` cases
are the tables the rule must NOT flag.
"""

from __future__ import annotations

import pytest

from goallint.catalog import builtin_rules

from conftest import findings_of

CASES = [
    pytest.param(rule, case, id=f"{rule.slug}:{case['name']}")
    for rule in builtin_rules()
    for case in rule.cases
]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_case(rule, case):
    found = findings_of(case["table"], rule.slug, options={rule.slug: case.get("options", {})})
    assert [(f.span.line, f.span.column) for f in found] == [(e["line"], e["column"]) for e in case["expect"]]
    for f, e in zip(found, case["expect"]):
        assert f.slug == rule.slug
        if "severity" in e:
            assert f.severity == e["severity"]
        if "message" in e:
            assert f.message == e["message"]


@pytest.mark.parametrize("rule", [r for r in builtin_rules() if r.cases], ids=lambda r: r.slug)
def test_every_rule_has_failing_and_passing_cases(rule):
    assert any(c["expect"] for c in rule.cases), "no case the rule must flag"
    assert any(not c["expect"] for c in rule.cases), "no case the rule must NOT flag"


def test_rule_files_with_their_cases_fit_the_rule_schema():
    from ruamel.yaml import YAML

    from goallint.schema import validate

    for rule in builtin_rules():
        data = YAML(typ="safe").load(rule.source.read_bytes())
        assert [e.zh for e in validate(data, "rule")] == [], rule.source


def test_only_byte_level_and_import_rules_lack_cases():
    # file-encoding is about bytes that YAML text cannot hold (tests/test_bad_input.py covers it);
    # import-ambiguous / import-error come from the importers (tests/test_import_*.py cover them)
    assert [r.slug for r in builtin_rules() if not r.cases] == ["file-encoding", "import-ambiguous", "import-error"]
