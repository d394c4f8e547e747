"""The command line, run as a user runs it: findings on the real example, output formats, exit codes."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE, ROOT, example_findings, run_cli, snapshot

RENDER = ROOT / "tests" / "fixtures" / "check" / "render.yaml"


def test_example_findings_are_the_reviewed_snapshot(tmp_path):
    """The one place the example's findings are stated: tests/snapshots/liwan-zfw.json, reviewed by hand
    against RULES.md §2.6 (docs/example.md walks through them)."""
    proc = run_cli("check", str(EXAMPLE), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    payload = json.loads(proc.stdout)
    assert {d["file"] for d in payload["diagnostics"]} == {str(EXAMPLE)}
    got = [{k: d[k] for k in ("rule", "severity", "line", "column", "end_line", "end_column", "path", "message")} for d in payload["diagnostics"]]
    snapshot("liwan-zfw.json", json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    by_severity = {s: sum(1 for d in got if d["severity"] == s) for s in ("error", "warning", "info")}
    assert payload["summary"] == {
        "files": 1, "problems": len(got), "errors": by_severity["error"], "warnings": by_severity["warning"], "info": by_severity["info"],
        "suppressed": 0, "baselined": 0, "baseline_stale": 0, "fixed": 0, "complete": True,
    }
    assert payload["errors"] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_output_snapshot(lang):
    proc = run_cli("check", "tests/fixtures/check/render.yaml", "--lang", lang)
    assert proc.returncode == 1 and proc.stderr == b""
    snapshot(f"render.{lang}.txt", proc.stdout.decode())


def test_fail_on_and_select_ignore_change_the_exit_status(catalog):
    errors = sorted({d["rule"] for d in example_findings() if d["severity"] == "error"})
    assert run_cli("check", "examples/liwan-zfw.yaml", "--ignore", ",".join(errors)).returncode == 0
    assert run_cli("check", "examples/liwan-zfw.yaml", "--ignore", ",".join(errors), "--fail-on", "warning").returncode == 1
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--select", "GL1,GL2", "--format", "json")
    assert proc.returncode == 0
    expected = [(d["rule"], d["line"]) for d in example_findings() if catalog.find(d["rule"]).code.startswith(("GL1", "GL2"))]
    assert [(d["rule"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]] == expected


def test_directories_are_searched_for_yaml(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "dept.yml").write_text("部门名称: 甲\n金额单位: 万元\n资金使用单位: []\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "notes.txt").write_text("不是表", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text(": : :", encoding="utf-8")
    proc = run_cli("check", ".", "--format", "json", cwd=tmp_path)
    payload = json.loads(proc.stdout)
    assert sorted({d["file"] for d in payload["diagnostics"]}) == ["a/dept.yml", "b.yaml"]
    assert payload["summary"]["files"] == 2


def test_stdin(tmp_path):
    proc = run_cli("check", "-", "--stdin-filename", "dept.yaml", "--format", "json", stdin=EXAMPLE.read_bytes())
    assert [(d["file"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]] == [("dept.yaml", d["line"]) for d in example_findings()]


def test_clean_file_exits_zero_with_a_summary(tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("部门名称: 甲\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 乙\n    项目: []\n", encoding="utf-8")
    proc = run_cli("check", str(clean))
    assert (proc.returncode, proc.stdout.decode()) == (0, "没有发现问题，共检查 1 个文件\n")


def test_rules_lists_every_rule_of_the_catalogue(catalog):
    proc = run_cli("rules")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["GL001", "yaml-syntax", "错误"]
    assert [line.split()[:2] for line in lines] == [[r.code, r.slug] for r in catalog.rules]


def test_explain_by_slug_and_code_in_both_languages():
    zh = run_cli("explain", "grand-total")
    assert zh.returncode == 0
    assert zh.stdout.decode().startswith("GL103 grand-total: 合计 = 各资金使用单位小计之和（逐栏）\n")
    assert "## 错误示例\n    合计: {总计: 528.00, 财政拨款: 528.00}" in zh.stdout.decode()
    en = run_cli("explain", "GL103", "--lang", "en")
    assert en.stdout.decode().startswith("GL103 grand-total: 合计 equals the sum of the units, column by column\n")
    assert "## Why\n" in en.stdout.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no/such/file.yaml"], "goallint: 找不到文件或目录：no/such/file.yaml"),
        (["check", "examples/liwan-zfw.yaml", "--select", "no-such-rule"], "goallint: 没有这条规则：no-such-rule"),
        (["explain", "no-such-rule"], "goallint: 没有这条规则：no-such-rule"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message):
    proc = run_cli(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_bad_option_values_exit_2_without_traceback():
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--format", "xml")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


def test_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("goallint ")


def test_a_missing_file_is_one_line_exit_2_and_the_others_are_still_checked(tmp_path):
    (tmp_path / "good.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", "good.yaml", "gone.yaml", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2
    payload = json.loads(proc.stdout)
    assert payload["summary"]["files"] == 1 and [d["line"] for d in payload["diagnostics"]] == [d["line"] for d in example_findings()]
    assert proc.stderr.decode() == "goallint: 找不到文件或目录：gone.yaml / no such file or directory: gone.yaml\n"


def test_an_unreadable_file_is_reported_and_the_others_are_still_checked(tmp_path, monkeypatch, capsys):
    from pathlib import Path

    from goallint import cli

    (tmp_path / "good.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "locked.yaml").write_bytes(EXAMPLE.read_bytes())
    real = Path.open

    def open_(self, *args, **kwargs):
        if self.name == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["goallint", "check", "good.yaml", "locked.yaml", "--format", "json"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert json.loads(out)["summary"]["files"] == 1
    assert err == "goallint: 读不了文件 locked.yaml：Permission denied / cannot read locked.yaml\n"


@pytest.mark.parametrize(("lang", "doc"), [("zh", "rules.md"), ("en", "rules.en.md")])
def test_the_rules_page_is_generated_from_the_rule_files(lang, doc):
    proc = run_cli("rules", "--format", "markdown", "--lang", lang)
    assert proc.returncode == 0
    assert proc.stdout.decode() == (ROOT / "docs" / doc).read_text(encoding="utf-8"), f"regenerate docs/{doc}: goallint rules --format markdown --lang {lang} > docs/{doc}"


def test_every_rule_explains_in_both_languages(catalog):
    from goallint.explain import render_rule

    for rule in catalog.rules:
        for lang in ("zh", "en"):
            text = render_rule(rule, lang)
            assert text.startswith(f"{rule.code} {rule.slug}: ") and "\n## " in text


def test_statistics_count_findings_per_rule_across_files(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(RENDER.read_bytes())
    (tmp_path / "c.yaml").write_bytes(RENDER.read_bytes().replace("不少6次".encode(), "不少于6次".encode()))
    proc = run_cli("check", ".", "--statistics", "--select", "GL101,GL301,GL303", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == (
        "3  GL101  amount-components     错误  3 个文件\n"
        "3  GL301  target-unit-required  错误  3 个文件\n"
        "2  GL303  malformed-comparator  错误  2 个文件\n"
        "8 个问题（8 错误，0 警告，0 提示），共检查 3 个文件\n"
    )


def test_the_readme_shows_the_real_output_of_its_first_command():
    """The quick start's sample is the example's real first finding and real summary (issue 8)."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("```text\n", 1)[1].split("```", 1)[0].rstrip("\n").split("\n…\n")
    out = run_cli("check", "examples/liwan-zfw.yaml").stdout.decode().rstrip("\n")
    head, summary = sample
    assert out.startswith(head + "\n") and out.endswith("\n" + summary)
    n, errors, warnings, info = re.match(r"(\d+) 个问题（(\d+) 错误，(\d+) 警告，(\d+) 提示）", summary).groups()
    assert f"列出表中的 {n} 个问题（{errors} 个错误、{warnings} 个警告、{info} 个提示）" in readme
    assert len(example_findings()) == int(n)


def test_docs_example_walks_through_every_finding_of_the_example():
    """docs/example.md has a row for each finding of the reviewed snapshot (and its total)."""
    doc = (ROOT / "docs" / "example.md").read_text(encoding="utf-8")
    findings = example_findings()
    missing = [(d["line"], d["rule"]) for d in findings if f"| {d['line']} | `{d['rule']}` |" not in doc]
    assert missing == []
    assert f"全部结果共 **{len(findings)} 个问题" in doc
