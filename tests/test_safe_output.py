"""Output that cannot be hijacked, and a run that is always reported completely (issue 7, items 1 and 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft7Validator

from conftest import EXAMPLE, run_cli

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

HOSTILE = """\
部门名称: 测试部门
金额单位: 万元
资金使用单位:
  - 单位名称: 测试单位
    项目:
      - 项目名称: "\\e]0;owned\\a\\e[2J\\r没有发现问题，共检查 1 个文件\\n::error file=x.yaml::fake\\n::stop-commands::tok\\u202e"
        金额: {总计: 10.00, 财政拨款: 8.00}
"""


def test_control_characters_in_values_are_shown_as_escapes(tmp_path):
    (tmp_path / "dept.yaml").write_text(HOSTILE, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--select", "amount-components", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    first = out.splitlines()[0]
    assert first == (
        "dept.yaml:7:18: GL101 [错误] 项目「\\x1b]0;owned\\x07\\x1b[2J\\x0d没有发现问题，共检查 1 个文件\\x0a::error file=x.yaml::fake"
        "\\x0a::stop-commands::tok\\u202e」的金额：总计 10.00 ≠ 资金来源合计 8.00（财政拨款 8.00；差 2.00） [amount-components]"
    )


def test_github_annotations_cannot_carry_a_second_command(tmp_path):
    (tmp_path / "dept.yaml").write_text(HOSTILE, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--select", "amount-components", "--format", "github", cwd=tmp_path)
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=dept.yaml,line=7,col=18,")
    assert "\x1b" not in lines[0]


def test_a_file_name_cannot_start_a_workflow_command(tmp_path):
    name = "::warning file=a::x.yaml"
    (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    out = run_cli("check", name, cwd=tmp_path).stdout.decode()
    assert not any(line.startswith("::") for line in out.splitlines())
    assert out.startswith("\\::warning file=a::x.yaml:9:15: GL202")


def test_a_gbk_console_or_pipe_does_not_crash_and_pipes_get_utf8(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="gbk", NO_COLOR="1")
    for fmt in ("text", "json", "sarif", "github"):
        proc = subprocess.run([sys.executable, "-m", "goallint", "check", str(EXAMPLE), "--format", fmt], capture_output=True, env=env, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
        text = proc.stdout.decode("utf-8")  # a pipe gets UTF-8 whatever the console's encoding
        assert "来穗人员" in text
        if fmt in ("json", "sarif"):
            json.loads(text)


def test_lines_are_counted_by_newlines_only(tmp_path):
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    assert lines[10].startswith("        绩效目标: 加强指导、督查工作")
    lines[10] = '        绩效目标: "加强指导\u2028督查\u2029工作\x85有效防控"'
    text = "\n".join(lines)
    (tmp_path / "dept.yaml").write_text(text, encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--select", "GL301", "--format", "json", cwd=tmp_path)
    assert [(d["line"], d["column"], d["end_line"]) for d in json.loads(proc.stdout)["diagnostics"]] == [(26, 22, 27)]  # one finding for the pair


def test_sarif_uris_are_relative_percent_encoded_and_anchored(tmp_path):
    folder = tmp_path / "表格 2024"
    folder.mkdir()
    (folder / "部门 #1.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", "表格 2024", "--format", "sarif", cwd=tmp_path)
    sarif = json.loads(proc.stdout)
    assert [e.message for e in Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).iter_errors(sarif)] == []
    (run,) = sarif["runs"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "%E8%A1%A8%E6%A0%BC%202024/%E9%83%A8%E9%97%A8%20%231.yaml", "uriBaseId": "%SRCROOT%"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["invocations"] == [{"exitCode": 1, "executionSuccessful": True, "toolExecutionNotifications": []}]


# ---------------------------------------------------------------- per-file isolation

CRASHING_PACK = {
    "pack.yaml": "name: crash\ntitle: {zh: 崩溃, en: crash}\nprefix: CR\nchecks: checks.py\n",
    "checks.py": (
        "from goallint.api import Problem, check\n\n"
        "@check(scope='project', args=('name',))\n"
        "def check_crash(project, ctx):\n"
        "    if project.name == '出错的项目':\n"
        "        raise ZeroDivisionError('division by zero')\n"
        "    return ()\n"
    ),
    "goal/crash.yaml": (
        "code: CR401\nslug: crash\nseverity: warning\nscope: project\ncheck: check_crash\nbasis: 已核实\n"
        "summary: {zh: 会出错的规则, en: a crashing rule}\nmessage: {zh: '{name}', en: '{name}'}\n"
        "docs: {what: {zh: 说明, en: what}, why: {zh: 原因, en: why}, fail: '-', pass: '-', sources: [测试]}\n"
    ),
}


def _crashing_setup(tmp_path: Path) -> None:
    for name, text in CRASHING_PACK.items():
        (tmp_path / "crash" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "crash" / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.yaml").write_bytes(EXAMPLE.read_bytes().replace("来穗人员服务管理工作经费".encode(), "出错的项目".encode()))
    (tmp_path / "b.yaml").write_bytes(EXAMPLE.read_bytes())


def test_a_crash_in_one_file_is_that_files_error_and_every_format_stays_complete(tmp_path):
    _crashing_setup(tmp_path)
    for fmt in ("text", "json", "sarif"):
        proc = run_cli("check", "a.yaml", "b.yaml", "--pack", "crash", "--select", "GL301,CR", "--format", fmt, cwd=tmp_path)
        assert proc.returncode == 2
        err = proc.stderr.decode()
        assert err == "goallint: 内部错误：规则 crash 检查 a.yaml 时出错（ZeroDivisionError: division by zero）/ internal error in rule crash on a.yaml\n"
        out = proc.stdout.decode()
        if fmt == "text":
            assert out.splitlines()[-1] == "检查未完成：有 1 处错误（见以 goallint: 开头的行）。2 个问题（2 错误，0 警告，0 提示），共检查 2 个文件"
        elif fmt == "json":
            payload = json.loads(out)
            assert payload["summary"]["complete"] is False and payload["errors"] == [err[len("goallint: "):].rstrip("\n")]
            assert {d["file"] for d in payload["diagnostics"]} == {"a.yaml", "b.yaml"}
        else:
            (run,) = json.loads(out)["runs"]
            assert run["invocations"][0]["executionSuccessful"] is False
            assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"].startswith("内部错误：规则 crash 检查 a.yaml")


def test_a_clean_run_after_a_crash_never_says_no_problems(tmp_path):
    _crashing_setup(tmp_path)
    proc = run_cli("check", "a.yaml", "--pack", "crash", "--select", "crash", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.decode() == "检查未完成：有 1 处错误（见以 goallint: 开头的行）。没有发现问题，共检查 1 个文件\n"
    en = run_cli("check", "a.yaml", "--pack", "crash", "--select", "crash", "--lang", "en", cwd=tmp_path)
    assert en.stdout.decode() == "Checking was INCOMPLETE: 1 error (see the goallint: lines). No problems found in 1 file.\n"
