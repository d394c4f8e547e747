"""Every built-in rule's cases, kept beside its declaration in rules/<family>/*.yaml, run by the
same code as ``goallint test-pack`` (goallint.packtest).

A case gives a whole table and the exact findings the rule must report on it (line, column,
and where it matters severity and message); ``expect: []`` cases are the tables the rule must
NOT flag.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goallint.packs import builtin_catalog
from goallint.packtest import case_problems, coverage_problems

from conftest import ROOT

CATALOG = builtin_catalog()
CASES = [
    pytest.param(rule, case, id=f"{rule.slug}:{case['name']}")
    for rule in CATALOG.rules
    for case in rule.cases
]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_case(rule, case):
    assert case_problems(CATALOG, rule, case) == []


def test_every_rule_has_cases_it_must_and_must_not_flag():
    assert coverage_problems(CATALOG, "goallint") == []


@pytest.mark.parametrize("rule", [r for r in CATALOG.rules if r.tested_in], ids=lambda r: r.slug)
def test_a_rule_without_cases_names_the_test_that_covers_it(rule):
    # file-encoding is about bytes YAML text cannot hold; import-* come from the importers
    assert not rule.cases
    test_file = ROOT / rule.tested_in
    assert test_file.is_file(), rule.tested_in
    assert rule.slug in test_file.read_text(encoding="utf-8")


def test_the_builtin_pack_validates_as_every_other_pack_does():
    """goallint does not re-validate its own pack on every start; this test does, with the loader's checks."""
    from goallint.packs import build_catalog, load_pack
    from goallint.resources import data_dir

    pack = load_pack(data_dir("rules"), origin="test", allow_code=True, validate=True)
    rebuilt = build_catalog([pack])
    assert [r.slug for r in rebuilt.rules] == [r.slug for r in CATALOG.rules]
    assert [(r.slug, r.options) for r in rebuilt.rules] == [(r.slug, r.options) for r in CATALOG.rules]


def test_rule_files_with_their_cases_fit_the_rule_schema():
    from goallint.document import load_path
    from goallint.schema import validate

    for rule in CATALOG.rules:
        assert [e.zh for e in validate(load_path(rule.source).data, "rule")] == [], rule.source


def test_a_changed_expectation_is_reported_precisely():
    rule = CATALOG.find("target-unit-required")
    case = dict(rule.cases[0], expect=[dict(e) for e in rule.cases[0]["expect"]])
    case["expect"][0]["line"] += 1
    problems = case_problems(CATALOG, rule, case)
    assert len(problems) == 1 and problems[0].startswith("位置不同 / position: 应为 expected ")
