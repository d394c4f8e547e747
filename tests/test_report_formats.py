"""Machine formats, each validated against its published schema or grammar (tests/formats.py says which):
SARIF 2.1.0, GitLab Code Quality, JUnit XML, GitHub workflow-command annotations; and concise text."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import EXAMPLE, ROOT, example_findings, run_cli
from formats import DATA, JUNIT_XSD_SHA256, github_errors, gitlab_errors, junit_errors, sarif_errors

from goallint import __version__
from goallint.explain import render_rule
from goallint.report.sarif import FINGERPRINT, HOME

CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.yaml"


def test_the_copied_test_data_has_its_recorded_checksums():
    """tests/data holds byte copies of public files (the SARIF schema, the published tables); SHA256SUMS pins them."""
    import hashlib

    data = ROOT / "tests" / "data"
    for line in (data / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((data / name).read_bytes()).hexdigest() == digest, name


def test_the_junit_schema_is_the_published_one():
    assert hashlib.sha256((DATA / "junit-10.xsd").read_bytes()).hexdigest() == JUNIT_XSD_SHA256


def test_the_validators_reject_what_they_should():
    """Each validator fails on a broken document: a format test cannot pass for want of a check."""
    assert sarif_errors({"version": "2.1.0", "runs": [{"tool": {}}]}) == ["'driver' is a required property"]
    assert gitlab_errors([{"description": "x", "check_name": "c", "fingerprint": "f", "severity": "error", "location": {"path": "a.yaml", "lines": {"begin": 0}}}]) == [
        "'error' is not one of ['info', 'minor', 'major', 'critical', 'blocker']",
        "0 is less than the minimum of 1",
    ]
    assert junit_errors('<testsuite name="goallint" tests="1" failures="0" errors="0"><testcase classname="goallint"/></testsuite>') == [
        "missing required attribute 'name'"
    ]
    assert github_errors("::error file=a.yaml,line=1::ok\n::error file=a:b.yaml::x\n::warning line=x::y\nplain\n") == [
        "::error file=a:b.yaml::x",
        "::warning line=x::y",
        "plain",
    ]


def _sarif(*args: str, cwd: Path = ROOT) -> dict:
    proc = run_cli("check", *args, "--format", "sarif", cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    document = json.loads(proc.stdout)
    assert sarif_errors(document) == []
    return document


def test_sarif_output_is_valid_and_carries_every_finding(catalog):
    (run,) = _sarif("examples/liwan-zfw.yaml")["runs"]
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
    assert run["invocations"] == [{"exitCode": 1, "executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_rules_carry_their_documentation_and_a_link_to_it(catalog):
    for lang, page in (("zh", "rules.md"), ("en", "rules.en.md")):
        (run,) = _sarif("examples/liwan-zfw.yaml", "--lang", lang)["runs"]
        anchors = set(re.findall(r'<a id="([^"]+)"></a>', (ROOT / "docs" / page).read_text(encoding="utf-8")))
        for described in run["tool"]["driver"]["rules"]:
            rule = catalog.find(described["name"])
            assert described["help"] == {"text": render_rule(rule, lang), "markdown": render_rule(rule, lang)}
            assert described["helpUri"] == f"{HOME}/blob/v{__version__}/docs/{page}#{rule.slug}"
            assert rule.slug in anchors
    assert run["tool"]["driver"]["informationUri"] == HOME


def test_the_documentation_links_point_at_the_projects_home():
    import tomllib

    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Homepage"] == HOME


def test_sarif_exit_status_follows_exit_zero():
    (run,) = _sarif("examples/liwan-zfw.yaml", "--exit-zero")["runs"]
    assert run["invocations"][0]["exitCode"] == 0


def _fingerprints(folder: Path) -> tuple[list, list]:
    """(line, rule, fingerprint) of every SARIF result and of every GitLab issue, from one run."""
    proc = run_cli("check", "dept.yaml", "--format", "sarif:out.sarif", "--format", "gitlab:out.json", cwd=folder)
    assert proc.returncode == 1 and proc.stdout == b"", proc.stderr.decode()
    (run,) = json.loads((folder / "out.sarif").read_text(encoding="utf-8"))["runs"]
    sarif = [
        (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"], r["partialFingerprints"][FINGERPRINT]) for r in run["results"]
    ]
    issues = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert gitlab_errors(issues) == []
    gitlab = [(i["location"]["lines"]["begin"], i["check_name"].split()[0], i["fingerprint"]) for i in issues]
    return sarif, gitlab


def test_fingerprints_are_distinct_shared_and_survive_moved_lines(tmp_path):
    """Inserting lines and comments above the findings keeps every fingerprint; the lines move."""
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    sarif, gitlab = _fingerprints(tmp_path)
    assert sarif == gitlab
    assert len({f for _, _, f in sarif}) == len(sarif) == len(example_findings())
    text = EXAMPLE.read_text(encoding="utf-8")
    moved = "# 2025 年修订\n# 审核意见见附件\n\n" + text.replace("资金使用单位:\n", "资金使用单位:   # 各单位\n", 1)
    (tmp_path / "dept.yaml").write_text(moved, encoding="utf-8")
    after, _ = _fingerprints(tmp_path)
    assert [(line - 3, rule, f) for line, rule, f in after] == sarif


def _by_place(folder: Path) -> dict:
    """(rule, document path) -> fingerprint, from SARIF."""
    (run,) = _sarif("dept.yaml", cwd=folder)["runs"]
    return {(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): r["partialFingerprints"][FINGERPRINT] for r in run["results"]}


def test_a_finding_in_another_place_has_another_fingerprint(tmp_path):
    """The fingerprint names the place (file, rule, document path): fixing 不少6次 and writing 不少3个 in
    another indicator retires one fingerprint and brings a new one; every other finding keeps its own."""
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    before = _by_place(tmp_path)
    text = EXAMPLE.read_text(encoding="utf-8").replace("不少6次", "不少于6次").replace("指标值: 3个", "指标值: 不少3个")
    (tmp_path / "dept.yaml").write_text(text, encoding="utf-8")
    after = _by_place(tmp_path)
    old = ("GL303", "资金使用单位[0].项目[4].绩效指标[0].实施周期指标值")
    new = ("GL303", "资金使用单位[0].项目[4].绩效指标[1].实施周期指标值")
    assert old in before and old not in after and new in after and new not in before
    kept = before.keys() & after.keys()
    assert {before[k] for k in kept} == {after[k] for k in kept} and all(before[k] == after[k] for k in kept)
    assert not set(after.values()) & {before[k] for k in before.keys() - after.keys()}
    assert (tmp_path / "dept.yaml").read_text(encoding="utf-8") == text


def test_gitlab_code_quality_report_is_valid_and_exact():
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "gitlab")
    assert proc.returncode == 1
    issues = json.loads(proc.stdout)
    assert gitlab_errors(issues) == []
    first = example_findings()[0]
    assert {k: v for k, v in issues[0].items() if k != "fingerprint"} == {
        "description": first["message"],
        "check_name": "GL202 benefit-indicator-missing",
        "severity": "minor",
        "location": {"path": "examples/liwan-zfw.yaml", "lines": {"begin": 9, "end": 9}},
    }
    severity = {"error": "major", "warning": "minor", "info": "info"}
    assert [(i["location"]["lines"]["begin"], i["severity"], i["description"]) for i in issues] == [
        (d["line"], severity[d["severity"]], d["message"]) for d in example_findings()
    ]


def _junit(folder: Path, *args: str) -> ET.Element:
    proc = run_cli("check", *args, "--format", "junit", cwd=folder)
    text = proc.stdout.decode()
    assert junit_errors(text) == []
    return ET.fromstring(text)


def _cases(root: ET.Element) -> list[tuple]:
    """(name, failure type, failure message, lines of the failure, lines of system-out) per test case."""
    out = []
    for case in root.iter("testcase"):
        failure, stdout = case.find("failure"), case.find("system-out")
        out.append(
            (
                case.get("name"),
                failure.get("type") if failure is not None else None,
                failure.get("message") if failure is not None else None,
                failure.text.split("\n") if failure is not None else [],
                stdout.text.split("\n") if stdout is not None else [],
            )
        )
    return out


def _line(d: dict, file: str, catalog) -> str:
    """A finding of the reviewed snapshot as the text and JUnit formats write it."""
    label = {"error": "错误", "warning": "警告", "info": "提示"}[d["severity"]]
    return f"{file}:{d['line']}:{d['column']}: {catalog.find(d['rule']).code} [{label}] {d['message']} [{d['rule']}]"


def test_junit_has_one_test_case_per_file_failing_at_fail_on(tmp_path, catalog):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "a-bad.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "b-clean.yaml").write_bytes(CLEAN.read_bytes())
    root = _junit(tmp_path, "tables")
    suite = root.find("testsuite")
    assert (root.get("tests"), root.get("failures"), suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "2", "1", "0")
    errors = [_line(d, "tables/a-bad.yaml", catalog) for d in example_findings() if d["severity"] == "error"]
    others = [_line(d, "tables/a-bad.yaml", catalog) for d in example_findings() if d["severity"] != "error"]
    assert _cases(root) == [
        ("tables/a-bad.yaml", "error", "3 个问题（错误及以上）", errors, others),
        ("tables/b-clean.yaml", None, None, [], []),
    ]
    stricter = _cases(_junit(tmp_path, "tables", "--fail-on", "warning", "--lang", "en"))
    assert [(name, kind, message, len(failed), len(passed)) for name, kind, message, failed, passed in stricter] == [
        ("tables/a-bad.yaml", "warning", "21 problems at or above warning", 21, 47),
        ("tables/b-clean.yaml", None, None, 0, 0),
    ]


def test_junit_of_an_incomplete_run_fails_and_stays_valid_xml(tmp_path):
    """A file that could not be checked is a failing test case; control characters from a checked file
    (which XML 1.0 cannot hold at all) are written as visible escapes."""
    (tmp_path / "dept.yaml").write_text(
        '部门名称: 甲\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 乙\n    项目:\n      - 项目名称: "坏\\0名\\e字"\n        金额: {总计: 2, 财政拨款: 1}\n',
        encoding="utf-8",
    )
    root = _junit(tmp_path, "dept.yaml", "missing.yaml", "--select", "amount-components")
    cases = _cases(root)
    assert [c[:3] for c in cases] == [("dept.yaml", "error", "1 个问题（错误及以上）"), ("goallint", "incomplete", "检查未完成")]
    assert cases[0][3] == ["dept.yaml:7:18: GL101 [错误] 项目「坏\\x00名\\x1b字」的金额：总计 2 ≠ 资金来源合计 1（财政拨款 1；差 1） [amount-components]"]
    assert cases[1][3] == ["找不到文件或目录：missing.yaml / no such file or directory: missing.yaml"]


def test_github_annotations_follow_the_workflow_command_grammar():
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "github", "--lang", "en")
    out = proc.stdout.decode()
    assert github_errors(out) == []
    lines = out.splitlines()
    assert len(lines) == len(example_findings())
    assert next(line for line in lines if "title=GL301 " in line) == (
        "::error file=examples/liwan-zfw.yaml,line=26,col=22,endLine=27,endColumn=23,title=GL301 target-unit-required::"
        "实施周期指标值 (and the same 年度指标值) '≥90' of '来穗人员对我区管理服务评价' is a number without a unit: state the unit, such as %25, 次, 个, 人 or 万元"
    )
    assert lines[0].startswith("::warning file=examples/liwan-zfw.yaml,line=9,col=15,")


def test_github_annotations_of_hostile_names_follow_the_grammar(tmp_path):
    name = "a,b:c%d.yaml"
    (tmp_path / name).write_text('部门名称: 甲\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 乙\n    项目:\n      - 项目名称: "x\\ny::error::z"\n        金额: {总计: 2, 财政拨款: 1}\n', encoding="utf-8")
    out = run_cli("check", name, "--select", "amount-components", "--format", "github", cwd=tmp_path).stdout.decode()
    assert github_errors(out) == []
    assert out.startswith("::error file=a%2Cb%3Ac%25d.yaml,line=7,col=18,endLine=7,endColumn=19,title=GL101 amount-components::项目「x\\x0ay::error::z」")


def test_concise_is_one_line_per_finding_and_the_summary():
    text = run_cli("check", "examples/liwan-zfw.yaml").stdout.decode().splitlines()
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "concise")
    assert proc.returncode == 1
    heads = [line for line in text if line.startswith("examples/")]
    assert text[-2].startswith("[*] ")  # the fix hint, as in text output
    assert proc.stdout.decode().splitlines() == heads + text[-2:]
    assert len(heads) == len(example_findings())


EXAMPLE_TEXT_HEAD = f"{EXAMPLE}:9:15: GL202 [警告] 项目「来穗人员服务管理工作经费」没有效益指标"


def test_text_output_made_in_pieces_is_the_text_output(monkeypatch):
    """report.text.chunks yields the text a few findings at a time: cut into pieces of two it is,
    byte for byte, what one piece is, with and without the summary line and the source lines."""
    from goallint.report import text
    from goallint.runner import Options, check_paths

    run = check_paths([str(EXAMPLE)], Options(jobs=1, cache=False))
    cases = [(cut, summary_line, show_source) for cut in (len(run.findings), 5, 4, 1, 0) for summary_line in (True, False) for show_source in (True, False)]
    whole = {case: list(text.chunks(run.findings[: case[0]], run.sources, 1, "zh", show_source=case[2], summary_line=case[1])) for case in cases}
    assert all(len(pieces) <= 1 for pieces in whole.values())  # 68 findings: one piece
    monkeypatch.setattr(text, "_BATCH", 2)
    for (cut, summary_line, show_source), one in whole.items():
        pieces = list(text.chunks(run.findings[:cut], run.sources, 1, "zh", show_source=show_source, summary_line=summary_line))
        assert "".join(pieces) == "".join(one)
        assert len(pieces) == (-(-cut // 2) if cut else int(summary_line))
        if not summary_line and cut:
            assert not pieces[-1].endswith("\n\n") and pieces[-1].endswith("\n")  # no blank line after the last finding
    assert "".join(whole[(len(run.findings), True, True)]).startswith(EXAMPLE_TEXT_HEAD)
