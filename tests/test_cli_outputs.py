"""Where check's output goes: several formats in one run, -o, --exit-zero, -q, and GitHub's job summary."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLE, ROOT, example_findings, run_cli
from formats import sarif_errors

from goallint import __version__

CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.yaml"


def test_text_and_sarif_from_one_run_are_what_each_format_gives_alone(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    both = run_cli("check", "dept.yaml", "--format", "text", "--format", "sarif:goallint.sarif", cwd=tmp_path)
    text = run_cli("check", "dept.yaml", cwd=tmp_path)
    sarif = run_cli("check", "dept.yaml", "--format", "sarif", cwd=tmp_path)
    assert (both.returncode, both.stderr) == (1, b"")
    assert both.stdout == text.stdout
    assert (tmp_path / "goallint.sarif").read_bytes() == sarif.stdout
    assert sarif_errors(json.loads(sarif.stdout)) == []


def test_output_file_is_utf8_whatever_the_console_encoding(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", "dept.yaml", "-o", "report.txt", cwd=tmp_path, env={"PYTHONIOENCODING": "gbk", "LC_ALL": "C"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, b"", b"")
    report = (tmp_path / "report.txt").read_bytes().decode("utf-8")
    assert report == run_cli("check", "dept.yaml", cwd=tmp_path).stdout.decode("utf-8")
    assert report.splitlines()[-1] == "68 个问题（3 错误，18 警告，47 提示），共检查 1 个文件"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left behind


def test_output_file_replaces_an_old_report_and_takes_formats_without_a_file(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "report.json").write_text("old", encoding="utf-8")
    proc = run_cli("check", "dept.yaml", "--format", "json", "--format", "text:report.txt", "-o", "report.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (1, b"")
    payload = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [(d["rule"], d["line"]) for d in payload["diagnostics"]] == [(d["rule"], d["line"]) for d in example_findings()]
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("dept.yaml:9:15: GL202 [警告]")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "text", "--format", "json"],
            "goallint: 输出格式 text 和 json 都写到标准输出：每种格式写到不同的地方（如 --format json:文件名）/ "
            "formats text and json both go to standard output: give each its own (such as --format json:FILE)\n",
        ),
        (
            ["--format", "sarif:r.out", "--format", "gitlab:r.out"],
            "goallint: 输出格式 sarif 和 gitlab 都写到r.out：每种格式写到不同的地方（如 --format gitlab:文件名）/ "
            "formats sarif and gitlab both go to r.out: give each its own (such as --format gitlab:FILE)\n",
        ),
        (
            ["--format", "xml"],
            "goallint: 没有这种输出格式：xml（可用：text、concise、json、sarif、github、gitlab、junit）/ "
            "no such output format: xml (choose from text, concise, json, sarif, github, gitlab, junit)\n",
        ),
        (["--format", "sarif:"], "goallint: --format sarif:：冒号后要写文件名 / --format sarif:: a file name must follow the colon\n"),
        (["-o", "dept.yaml"], "goallint: dept.yaml 是要检查的文件，不能写入报告 / dept.yaml is a checked file: not writing a report over it\n"),
        (["-o", "sub"], "goallint: sub 是目录：-o 要给出文件名 / sub is a folder: -o needs a file name\n"),
        (["--format", "json:no/such/r.json"], "goallint: 输出目录 no/such 不存在 / the output folder no/such does not exist\n"),
    ],
)
def test_unusable_outputs_are_refused_before_checking(tmp_path, args, message):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "sub").mkdir()
    proc = run_cli("check", "dept.yaml", *args, cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (2, b"", message)
    assert (tmp_path / "dept.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dept.yaml", "sub"]


def test_a_table_found_in_a_folder_is_never_overwritten_by_a_report(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    proc = run_cli("check", "tables", "-o", "tables/dept.yaml", cwd=tmp_path)
    assert (proc.returncode, proc.stderr.decode()) == (
        2,
        "goallint: tables/dept.yaml 是要检查的文件，不能写入报告 / tables/dept.yaml is a checked file: not writing a report over it\n",
    )
    assert (tmp_path / "tables" / "dept.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_exit_zero_keeps_the_report_and_still_fails_an_incomplete_check(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    found = run_cli("check", "dept.yaml", "--exit-zero", cwd=tmp_path)
    assert found.returncode == 0
    assert found.stdout == run_cli("check", "dept.yaml", cwd=tmp_path).stdout
    incomplete = run_cli("check", "dept.yaml", "missing.yaml", "--exit-zero", cwd=tmp_path)
    assert incomplete.returncode == 2
    assert incomplete.stderr.decode() == "goallint: 找不到文件或目录：missing.yaml / no such file or directory: missing.yaml\n"


def test_quiet_prints_the_problems_only(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "clean.yaml").write_bytes(CLEAN.read_bytes())
    (tmp_path / "tables" / "mkdocs.yml").write_text("site_name: 预算\n", encoding="utf-8")
    loud = run_cli("check", "tables", "--format", "concise", cwd=tmp_path)
    quiet = run_cli("check", "tables", "--format", "concise", "-q", cwd=tmp_path)
    assert loud.stderr.decode() == "goallint: 跳过 tables/mkdocs.yml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped tables/mkdocs.yml: not a target table\n"
    assert (quiet.returncode, quiet.stderr) == (1, b"")
    assert quiet.stdout.decode().splitlines() == loud.stdout.decode().splitlines()[:-2]  # no fix hint, no summary
    assert loud.stdout.decode().splitlines()[-2:] == ["[*] 2 个问题可以用 --fix 自动修改", "68 个问题（3 错误，18 警告，47 提示），共检查 2 个文件"]
    text = run_cli("check", "tables/clean.yaml", "-q", cwd=tmp_path)
    assert (text.returncode, text.stdout, text.stderr) == (0, b"", b"")
    source = run_cli("check", "tables/dept.yaml", "-q", cwd=tmp_path).stdout.decode()
    assert source == run_cli("check", "tables/dept.yaml", cwd=tmp_path).stdout.decode().rsplit("\n\n", 1)[0] + "\n"  # ends with the last source block


def _summary(tmp_path, *args: str, **env: str) -> tuple:
    path = tmp_path / "step-summary.md"
    path.write_text("earlier step\n", encoding="utf-8")
    proc = run_cli("check", *args, "--format", "github", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(path), **env})
    return proc, path.read_text(encoding="utf-8")


def test_github_job_summary_counts_per_rule_and_department(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "clean.yaml").write_bytes(CLEAN.read_bytes())
    nameless = EXAMPLE.read_text(encoding="utf-8").replace("部门名称: 中国共产党广州市荔湾区委员会政法委员会\n", "")
    (tmp_path / "tables" / "nameless.yaml").write_text(nameless, encoding="utf-8")
    proc, summary = _summary(tmp_path, "tables", "--select", "GL301,GL303,GL305,GL302,GL003", GITHUB_ACTIONS="true")
    assert proc.returncode == 1
    home = f"https://github.com/goallint/goallint/blob/v{__version__}/docs/rules.md"
    assert summary == (
        "earlier step\n"
        "## goallint：9 个问题（7 错误，2 警告，0 提示），共检查 3 个文件\n"
        "\n"
        "9 problems (7 errors, 2 warnings, 0 info) in 3 files.\n"
        "\n"
        "### 按规则 / By rule\n"
        "\n"
        "| 编码 Code | 规则 Rule | 错误 Errors | 警告 Warnings | 提示 Info | 文件 Files |\n"
        "|---|---|---:|---:|---:|---:|\n"
        f"| GL301 | [`target-unit-required`]({home}#target-unit-required) | 2 | 0 | 0 | 2 |\n"
        f"| GL303 | [`malformed-comparator`]({home}#malformed-comparator) | 2 | 0 | 0 | 2 |\n"
        f"| GL305 | [`unit-name-mismatch`]({home}#unit-name-mismatch) | 2 | 0 | 0 | 2 |\n"
        f"| GL003 | [`schema`]({home}#schema) | 1 | 0 | 0 | 1 |\n"
        f"| GL302 | [`period-annual-mismatch`]({home}#period-annual-mismatch) | 0 | 2 | 0 | 2 |\n"
        "\n"
        "### 按部门 / By department\n"
        "\n"
        "没有写部门名称的表以文件名列出。Tables without 部门名称 are listed by file.\n"
        "\n"
        "| 部门 Department | 文件 Files | 错误 Errors | 警告 Warnings | 提示 Info |\n"
        "|---|---:|---:|---:|---:|\n"
        "| tables/nameless.yaml | 1 | 4 | 1 | 0 |\n"
        "| 中国共产党广州市荔湾区委员会政法委员会 | 1 | 3 | 1 | 0 |\n"
    )


def test_the_job_summary_says_when_github_leaves_annotations_out(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    proc, summary = _summary(tmp_path, "dept.yaml", "--lang", "en", GITHUB_ACTIONS="true")
    assert len(proc.stdout.decode().splitlines()) == len(example_findings())  # every annotation is still printed
    assert summary.splitlines()[1:7] == [
        "## goallint：68 个问题（3 错误，18 警告，47 提示），共检查 1 个文件",
        "",
        "68 problems (3 errors, 18 warnings, 47 info) in 1 file.",
        "",
        "> GitHub 每个步骤每种注释（错误、警告、提示）最多显示 10 个。本次有 18 个警告、47 个提示，多出的没有标在文件上：全部问题见下表和日志，或上传 SARIF 到代码扫描。",
        "> GitHub shows at most 10 annotations of each type (error, warning, notice) per step. This run has 18 warnings, 47 notices: "
        "the rest are not marked on the files; see the tables below, the log, or upload SARIF to code scanning.",
    ]


def test_the_job_summary_is_written_only_in_github_actions(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    assert _summary(tmp_path, "dept.yaml")[1] == "earlier step\n"
    assert _summary(tmp_path, "dept.yaml", GITHUB_ACTIONS="false")[1] == "earlier step\n"


def test_the_job_summary_escapes_what_the_tables_say(tmp_path):
    hostile = EXAMPLE.read_text(encoding="utf-8").replace(
        "部门名称: 中国共产党广州市荔湾区委员会政法委员会", '部门名称: "<img src=x onerror=alert(1)> | [点我](https://evil.example) **粗**\\n## 假标题"'
    )
    (tmp_path / "dept.yaml").write_text(hostile, encoding="utf-8")
    _, summary = _summary(tmp_path, "dept.yaml", "--select", "GL301", GITHUB_ACTIONS="true")
    assert summary.splitlines()[-1] == (
        "| &lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[点我\\]\\(https://evil.example\\) \\*\\*粗\\*\\*\\\\x0a\\#\\# 假标题 | 1 | 1 | 0 | 0 |"
    )


def test_an_unwritable_job_summary_is_a_warning_not_a_failure(tmp_path):
    (tmp_path / "dept.yaml").write_bytes(CLEAN.read_bytes())
    proc = run_cli("check", "dept.yaml", cwd=tmp_path, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert proc.returncode == 0
    assert proc.stderr.decode() == f"goallint: 警告 / warning: 写不了作业摘要 {tmp_path}：Is a directory / cannot write the job summary\n"
