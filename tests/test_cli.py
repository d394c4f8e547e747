"""The command line, run as a user runs it: findings on the real example, output formats, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, run_cli

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("GOALLINT_UPDATE_SNAPSHOTS") == "1"

# The real problems in the published 荔湾区委政法委 table that this release's rules cover, as
# RULES.md §2.6 lists them against the source text: L28 ≥90 twice; no 效益指标 in 来穗 and 政法系统;
# L86–87 不少6次; L103–104 满意 as a satisfaction target; L166–167 the only unequal 实施周期/年度 pair;
# L169–171 带动就业人数（人次） with 10人.
EXAMPLE_FINDINGS = [
    ("benefit-indicator-missing", "warning", 9, 15, "资金使用单位[0].项目[0].项目名称"),  # 来穗人员服务管理工作经费
    ("target-unit-required", "error", 26, 22, "资金使用单位[0].项目[0].绩效指标[2].实施周期指标值"),
    ("target-unit-required", "error", 27, 20, "资金使用单位[0].项目[0].绩效指标[2].年度指标值"),
    ("benefit-indicator-missing", "warning", 52, 15, "资金使用单位[0].项目[2].项目名称"),  # 政法系统专项工作经费
    ("malformed-comparator", "error", 102, 22, "资金使用单位[0].项目[4].绩效指标[0].实施周期指标值"),  # 不少6次
    ("malformed-comparator", "error", 103, 20, "资金使用单位[0].项目[4].绩效指标[0].年度指标值"),
    ("satisfaction-not-quantified", "warning", 141, 22, "资金使用单位[0].项目[5].绩效指标[3].实施周期指标值"),  # 满意
    ("satisfaction-not-quantified", "warning", 142, 20, "资金使用单位[0].项目[5].绩效指标[3].年度指标值"),
    ("period-annual-mismatch", "warning", 211, 20, "资金使用单位[1].项目[2].绩效指标[0].年度指标值"),
    ("unit-name-mismatch", "error", 220, 22, "资金使用单位[1].项目[2].绩效指标[2].实施周期指标值"),  # （人次） vs 10人
    ("unit-name-mismatch", "error", 221, 20, "资金使用单位[1].项目[2].绩效指标[2].年度指标值"),
]


def snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: create it with GOALLINT_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}; review and rerun with GOALLINT_UPDATE_SNAPSHOTS=1"


def test_example_findings_exactly(tmp_path):
    proc = run_cli("check", str(EXAMPLE), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    payload = json.loads(proc.stdout)
    got = [(d["rule"], d["severity"], d["line"], d["column"], d["path"]) for d in payload["diagnostics"]]
    assert got == EXAMPLE_FINDINGS
    first = payload["diagnostics"][1]
    assert set(first) >= {"file", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message", "path"}
    assert first["file"] == str(EXAMPLE) and first["code"] == "GL301" and (first["end_line"], first["end_column"]) == (26, 25)
    assert first["message"] == "「来穗人员对我区管理服务评价」的实施周期指标值“≥90”是数值，但没有计量单位：请写明单位，如 %、次、个、人、万元"
    assert payload["summary"] == {"files": 1, "problems": 11, "errors": 6, "warnings": 5, "info": 0}


def test_example_text_output_snapshot():
    proc = run_cli("check", "examples/liwan-zfw.yaml")
    assert proc.returncode == 1
    assert proc.stderr == b""
    snapshot("check-liwan-zfw.txt", proc.stdout.decode())


def test_example_text_output_in_english_snapshot():
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--lang", "en")
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert "examples/liwan-zfw.yaml:26:22: GL301 [error] 实施周期指标值 '≥90' of '来穗人员对我区管理服务评价' is a number without a unit" in out
    snapshot("check-liwan-zfw.en.txt", out)


def test_fail_on_and_select_ignore_change_the_exit_status():
    assert run_cli("check", "examples/liwan-zfw.yaml", "--ignore", "target-unit-required,malformed-comparator,unit-name-mismatch").returncode == 0
    assert run_cli("check", "examples/liwan-zfw.yaml", "--ignore", "GL301,GL303,GL305", "--fail-on", "warning").returncode == 1
    proc = run_cli("check", "examples/liwan-zfw.yaml", "--select", "GL1,GL2", "--format", "json")
    assert proc.returncode == 0
    assert [(d["rule"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]] == [("benefit-indicator-missing", 9), ("benefit-indicator-missing", 52)]


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
    assert [(d["file"], d["line"]) for d in json.loads(proc.stdout)["diagnostics"]] == [("dept.yaml", line) for _, _, line, _, _ in EXAMPLE_FINDINGS]


def test_clean_file_exits_zero_with_a_summary(tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text("部门名称: 甲\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 乙\n    项目: []\n", encoding="utf-8")
    proc = run_cli("check", str(clean))
    assert (proc.returncode, proc.stdout.decode()) == (0, "没有发现问题，共检查 1 个文件\n")


def test_rules_lists_every_rule():
    proc = run_cli("rules")
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert lines[0].split()[:3] == ["GL001", "yaml-syntax", "错误"]
    assert [line.split()[1] for line in lines] == [
        "yaml-syntax", "duplicate-key", "schema", "file-encoding", "input-limit", "unsupported-yaml", "amount-components", "unit-subtotal",
        "grand-total", "empty-project", "output-indicator-required", "benefit-indicator-missing",
        "duplicate-indicator-name", "target-unit-required", "period-annual-mismatch", "malformed-comparator",
        "target-value-required", "unit-name-mismatch", "satisfaction-not-quantified", "count-not-integer",
        "goal-text-required", "import-ambiguous", "import-error",
    ]


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
    assert payload["summary"]["files"] == 1 and [d["line"] for d in payload["diagnostics"]] == [line for _, _, line, _, _ in EXAMPLE_FINDINGS]
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


def test_every_rule_explains_in_both_languages(rules):
    from goallint.explain import render_rule

    for rule in rules:
        for lang in ("zh", "en"):
            text = render_rule(rule, lang)
            assert text.startswith(f"{rule.code} {rule.slug}: ") and "\n## " in text


def test_statistics_count_findings_per_rule_across_files(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", ".", "--statistics", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode() == (
        "4  GL202  benefit-indicator-missing    警告  2 个文件\n"
        "4  GL301  target-unit-required         错误  2 个文件\n"
        "4  GL303  malformed-comparator         错误  2 个文件\n"
        "4  GL305  unit-name-mismatch           错误  2 个文件\n"
        "4  GL306  satisfaction-not-quantified  警告  2 个文件\n"
        "2  GL302  period-annual-mismatch       警告  2 个文件\n"
        "22 个问题（12 错误，10 警告，0 提示），共检查 2 个文件\n"
    )
