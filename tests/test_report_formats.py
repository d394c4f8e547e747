"""Machine formats: SARIF 2.1.0 (validated offline against the OASIS schema) and GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft7Validator

from conftest import ROOT, example_findings, run_cli

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def test_the_copied_test_data_has_its_recorded_checksums():
    """tests/data holds byte copies of public files (the SARIF schema, the published tables); SHA256SUMS pins them."""
    import hashlib

    data = ROOT / "tests" / "data"
    for line in (data / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((data / name).read_bytes()).hexdigest() == digest, name


def test_sarif_output_is_valid_and_carries_every_finding(catalog):
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "sarif")
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    errors = sorted(Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).iter_errors(sarif), key=str)
    assert [e.message for e in errors] == []
    (run,) = sarif["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    used = {d["rule"] for d in example_findings()}
    assert [(r["id"], r["name"], r["defaultConfiguration"]["level"]) for r in rules] == [
        (r.code, r.slug, {"info": "note"}.get(r.severity, r.severity)) for r in catalog.rules if r.slug in used
    ]
    got = [
        (
            rules[r["ruleIndex"]]["name"],
            r["level"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        )
        for r in run["results"]
    ]
    assert got == [(d["rule"], d["severity"] if d["severity"] != "info" else "note", d["line"], d["column"], d["path"]) for d in example_findings()]
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/liwan-zfw.yaml" for r in run["results"])


def test_github_annotations():
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "github", "--lang", "en")
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == len(example_findings())
    assert next(line for line in lines if "title=GL301 " in line) == (
        "::error file=examples/liwan-zfw.yaml,line=26,col=22,endLine=27,endColumn=23,title=GL301 target-unit-required::"
        "实施周期指标值 (and the same 年度指标值) '≥90' of '来穗人员对我区管理服务评价' is a number without a unit: state the unit, such as %25, 次, 个, 人 or 万元"
    )
    assert lines[0].startswith("::warning file=examples/liwan-zfw.yaml,line=9,col=15,")
