"""Real tables of other provinces, written in the format as published (tests/fixtures/published/; its
README lists, per table, each problem a reviewer noticed and the rule that finds it, or why none can).

Each table's complete findings with every built-in rule — rule, severity, line, column and message — are a
reviewed snapshot, tests/snapshots/published/<table>.json, next to the findings that the table's own
suppression comments excuse because the excerpt cut off what they are about (a project whose 效益 or
满意度 rows were cut off is not a project without them). Every finding in a snapshot was read by hand as a
finance-bureau reviewer reads it; a finding a reviewer would reject is a bug in a rule, not a snapshot entry.
Rewrite the snapshots with GOALLINT_UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from goallint.document import load_text
from goallint.engine import lint, ruleset
from goallint.packs import builtin_catalog

from conftest import ROOT, snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "published"
TABLES = sorted(p.name for p in FIXTURES.glob("*.yaml"))
# The indicator frame a table is read with (the default, gz-2lvl, unless named here).
FRAMES = {"28-yueyanglou-price-cert-2023.yaml": "mof-2021"}
# Byte copies of the published texts (tests/data/published/, listed with their sha256 in tests/data/SHA256SUMS).
SOURCES = ROOT / "tests" / "data" / "published"
_SOURCE = re.compile(r"tests/data/published/(?P<file>[^，,）)\s]+\.txt)[，,]?\s*\n?#?\s*sha256 (?P<sha>[0-9a-f]{64})")
_KEYS = ("rule", "severity", "line", "column", "end_line", "end_column", "message")


def _row(finding) -> dict:
    d = finding.as_dict()
    return {k: d[k] for k in _KEYS}


def reviewed(name: str) -> dict:
    """What goallint reports on one published table: its findings, and those its suppression comments excuse."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    catalog = builtin_catalog()
    run = ruleset(catalog, None, None, FRAMES.get(name))
    kept = lint(load_text(text, name), run)
    everything = lint(load_text(text, name), run, inline_suppression=False)
    assert not kept.crashes and not everything.crashes
    shown = [_row(f) for f in kept.findings]
    excused = [_row(f) for f in everything.findings if _row(f) not in shown]
    assert len(excused) == kept.suppressed
    return {"frame": run.frame.name, "findings": shown, "excused by the excerpt's suppression comments": excused}


@pytest.mark.parametrize("name", TABLES)
def test_published_table_findings_are_the_reviewed_snapshot(name):
    got = reviewed(name)
    assert not any(f["rule"] == "unused-suppression" for f in got["findings"]), got["findings"]
    snapshot(f"published/{name[:-5]}.json", json.dumps(got, ensure_ascii=False, indent=1) + "\n")


def test_there_are_at_least_ten_published_tables_and_every_one_has_a_snapshot():
    assert len(TABLES) >= 10
    snapshots = sorted(p.stem for p in (ROOT / "tests" / "snapshots" / "published").glob("*.json"))
    assert snapshots == [n[:-5] for n in TABLES]


@pytest.mark.parametrize("name", TABLES)
def test_each_table_names_its_source_text_and_its_hash(name):
    head = (FIXTURES / name).read_text(encoding="utf-8").split("\n表名", 1)[0]
    m = _SOURCE.search(head)
    assert m, f"{name}: the comment must name tests/data/published/<file>.txt and its sha256"
    source = SOURCES / m.group("file")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == m.group("sha"), f"{source} is not the text {name} was written from"
