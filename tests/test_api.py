"""The Python API (docs/api.md): what a script gets is what --format json says, and mypy sees its types."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest

import goallint
from conftest import EXAMPLE, ROOT, example_findings, run_cli

CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.yaml"


def test_the_one_liner_of_the_issue_prints_the_examples_findings():
    code = "import goallint; print(goallint.check_text(open('examples/liwan-zfw.yaml').read(), name='x.yaml'))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, env={"PYTHONIOENCODING": "utf-8", "PATH": ""})
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    concise = run_cli("check", "-", "--stdin-filename", "x.yaml", "--format", "concise", stdin=EXAMPLE.read_bytes()).stdout.decode()
    assert lines == concise.splitlines()
    assert lines[0] == f"x.yaml:9:15: GL202 [警告] {example_findings()[0]['message']} [benefit-indicator-missing]"
    assert lines[-1] == "68 个问题（3 错误，18 警告，47 提示），共检查 1 个文件"


def test_check_text_gives_the_fields_and_values_of_json_output():
    report = goallint.check_text(EXAMPLE.read_text(encoding="utf-8"), name="dept.yaml")
    payload = json.loads(run_cli("check", "-", "--stdin-filename", "dept.yaml", "--format", "json", stdin=EXAMPLE.read_bytes()).stdout)
    assert report.as_dict() == payload
    assert [asdict(d) for d in report] == payload["diagnostics"]
    assert len(report) == 68 and report.complete and report.failed() and report.failed("info")
    first = report.diagnostics[0]
    assert (first.file, first.line, first.column, first.code, first.rule, first.severity, first.path) == (
        "dept.yaml", 9, 15, "GL202", "benefit-indicator-missing", "warning", "资金使用单位[0].项目[0].项目名称"
    )
    assert report.summary == goallint.Summary(files=1, problems=68, errors=3, warnings=18, info=47, suppressed=0, baselined=0, baseline_stale=0, fixed=0, complete=True)


def test_check_text_selects_rules_speaks_english_and_uses_a_config_only_when_given(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    report = goallint.check_text(text, name="d.yaml", select=["malformed-comparator"], lang="en")
    assert [str(d) for d in report] == [
        "d.yaml:102:22: GL303 [error] 实施周期指标值 (and the same 年度指标值) '不少6次' of '法律宣传': '不少' is not a valid comparator: "
        "write '不少于' or the symbol ≥ [malformed-comparator]"
    ]
    config = tmp_path / "goallint.yaml"
    config.write_text("select: [GL303]\nrules:\n  malformed-comparator: {severity: warning}\n", encoding="utf-8")
    configured = goallint.check_text(text, name="d.yaml", config=config)
    assert [(d.rule, d.severity) for d in configured] == [("malformed-comparator", "warning")]
    assert not configured.failed() and configured.failed("warning")


def test_check_paths_is_the_command_lines_check(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "a.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "b.yaml").write_bytes(CLEAN.read_bytes())
    (tmp_path / "tables" / "goallint.yaml").write_text("ignore: [GL2, GL3, GL4]\n", encoding="utf-8")
    report = goallint.check_paths(tmp_path / "tables")
    payload = json.loads(run_cli("check", str(tmp_path / "tables"), "--format", "json", cwd=tmp_path).stdout)
    assert report.as_dict() == payload
    assert {d.rule for d in report} == set() and report.summary.files == 2
    everything = goallint.check_paths([tmp_path / "tables"], isolated=True)
    assert len(everything) == 68


def test_check_paths_reports_unreadable_files_in_errors_not_as_exceptions(tmp_path):
    report = goallint.check_paths([str(tmp_path / "missing.yaml")])
    assert not report.complete and report.errors == [f"找不到文件或目录：{tmp_path / 'missing.yaml'} / no such file or directory: {tmp_path / 'missing.yaml'}"]


def test_a_bad_configuration_or_argument_raises():
    with pytest.raises(goallint.RuleFileError, match="没有这条规则：no-such-rule"):
        goallint.check_text("部门名称: 甲\n", select=["no-such-rule"])
    with pytest.raises(ValueError, match="lang must be 'zh' or 'en'"):
        goallint.check_text("部门名称: 甲\n", lang="fr")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="text must be str, not bytes"):
        goallint.check_text(b"x")  # type: ignore[arg-type]


def test_load_table_reads_as_check_does(tmp_path):
    from decimal import Decimal

    table = goallint.load_table(EXAMPLE)
    assert table["部门名称"] == "中国共产党广州市荔湾区委员会政法委员会"
    assert table["合计"] == {"总计": Decimal("528.95"), "财政拨款": Decimal("528.95")}
    (tmp_path / "bad.yaml").write_text("部门名称: [甲\n", encoding="utf-8")
    with pytest.raises(goallint.TableError) as info:
        goallint.load_table(tmp_path / "bad.yaml")
    assert str(info.value).startswith(f"{tmp_path / 'bad.yaml'}:2:1: GL001 ")
    assert str(info.value).endswith("[yaml-syntax]")
    with pytest.raises(FileNotFoundError):
        goallint.load_table(tmp_path / "missing.yaml")


def test_rules_are_the_command_lines_list():
    payload = json.loads(run_cli("rules", "--format", "json", "--lang", "en").stdout)
    assert [asdict(r) for r in goallint.rules(lang="en")] == payload
    assert asdict(goallint.rules()[0]) == {
        "code": "GL001", "rule": "yaml-syntax", "severity": "error", "scope": "file", "basis": "已核实", "pack": "goallint",
        "family": "file", "status": "stable", "summary": "文件不是合法的 YAML",
    }


def test_importing_goallint_loads_no_checking_machinery():
    code = "import sys, goallint; print(sorted(m for m in ('goallint.engine', 'goallint.runner', 'ruamel.yaml', 'jsonschema', 'openpyxl') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout == "[]\n", proc.stderr


def test_the_bureau_script_of_the_docs_writes_its_summary(tmp_path):
    """docs/api.md's worked example, run as written, on a folder of tables."""
    import re

    docs = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    script = re.search(r"## 例子.*?```python\n(.*?)```", docs, re.S).group(1)
    (tmp_path / "summary.py").write_text(script, encoding="utf-8")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "liwan.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "street.yaml").write_bytes(CLEAN.read_bytes())
    (tmp_path / "tables" / "broken.yaml").write_text("部门名称: [甲\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "summary.py"], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == [
        "共检查 3 个文件：4 个错误，18 个警告，47 个提示",
        "   15  comparator-missing",
        "   10  cost-indicator-missing",
        "    6  quantity-name-is-rate",
        "    6  satisfaction-indicator-missing",
        "    5  vague-target",
    ]
    assert (tmp_path / "汇总.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "部门名称,文件,错误,警告,提示",
        "中国共产党广州市荔湾区委员会政法委员会,tables/liwan.yaml,3,18,47",
        "（不是可读的表格）,tables/broken.yaml,1,0,0",
        "广州市荔湾区某街道办事处,tables/street.yaml,0,0,0",
    ]


SCRIPT = '''
from pathlib import Path

import goallint


def errors_per_file(folder: Path) -> dict[str, list[int]]:
    report: goallint.Report = goallint.check_paths([folder], lang="en")
    lines: dict[str, list[int]] = {}
    for d in report:
        if d.severity == "error":
            lines.setdefault(d.file, []).append(d.line)
    return lines


rules: list[goallint.RuleInfo] = goallint.rules()
summary: goallint.Summary = goallint.check_text("部门名称: 甲\\n", name="a.yaml").summary
total: int = summary.errors + summary.warnings
table = goallint.load_table("dept.yaml")
'''

MISUSE = '''
import goallint

report = goallint.check_text("x", name="a.yaml")
line: str = report.diagnostics[0].line
goallint.check_paths(["x"], lang="de")
'''


def _mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(script)],
        capture_output=True, text=True, cwd=tmp_path,
    )


def test_mypy_accepts_a_script_using_the_api_and_sees_its_types(tmp_path):
    """py.typed makes the annotations count: a correct script passes --strict, a wrong one is caught."""
    good = _mypy(tmp_path, SCRIPT)
    assert (good.returncode, good.stdout) == (0, "")
    bad = _mypy(tmp_path, MISUSE)
    assert [line.split(": ", 2)[1:] for line in bad.stdout.splitlines()] == [
        ["error", 'Incompatible types in assignment (expression has type "int", variable has type "str")  [assignment]'],
        ["error", 'Argument "lang" to "check_paths" has incompatible type "Literal[\'de\']"; expected "Literal[\'zh\', \'en\'] | None"  [arg-type]'],
    ]
    assert (Path(goallint.__file__).parent / "py.typed").exists()
