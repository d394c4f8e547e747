"""Every recipe of docs/ci.md: its goallint command line, exactly as written there, run on a folder of
tables, and every file it produces validated (tests/formats.py)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import goallint
from conftest import EXAMPLE, ROOT, example_findings, run_cli
from formats import github_errors, gitlab_errors, junit_errors, sarif_errors

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.yaml"


def _block(section: str, language: str) -> str:
    """The first fenced block of ``language`` under the ``## section`` heading."""
    body = DOC.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(rf"```{language}\n(.*?)```", body, re.S).group(1)


def _commands(section: str) -> list[str]:
    if section == "GitHub Actions":
        steps = YAML(typ="safe").load(_block(section, "yaml"))["jobs"]["goallint"]["steps"]
        lines = [step["run"] for step in steps if "run" in step]
    elif section == "GitLab CI":
        lines = YAML(typ="safe").load(_block(section, "yaml"))["goallint"]["script"]
    else:
        lines = re.findall(r"^\s*sh '([^']*)'$", _block(section, "groovy"), re.M)
    return [line for line in lines if "goallint check" in line]


def _run(command: str, folder: Path, **env: str) -> subprocess.CompletedProcess:
    """The command line as written; the program goallint (or .venv/bin/goallint) is this checkout's."""
    argv = shlex.split(command)
    assert Path(argv[0]).name == "goallint", command
    return run_cli(*argv[1:], cwd=folder, env=env)


@pytest.fixture()
def repository(tmp_path) -> Path:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "liwan.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "tables" / "street.yaml").write_bytes(CLEAN.read_bytes())
    return tmp_path


def test_every_recipe_has_one_goallint_command():
    assert {section: len(_commands(section)) for section in ("GitHub Actions", "GitLab CI", "Jenkins")} == {
        "GitHub Actions": 1, "GitLab CI": 1, "Jenkins": 1,
    }


def test_github_actions_recipe(repository):
    (command,) = _commands("GitHub Actions")
    summary = repository / "step-summary.md"
    proc = _run(command, repository, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert proc.returncode == 1 and proc.stderr == b""
    annotations = proc.stdout.decode()
    assert github_errors(annotations) == []
    assert len(annotations.splitlines()) == len(example_findings())
    sarif = json.loads((repository / "goallint.sarif").read_text(encoding="utf-8"))
    assert sarif_errors(sarif) == []
    (run,) = sarif["runs"]
    assert len(run["results"]) == len(example_findings()) and run["invocations"][0]["exitCode"] == 1
    assert all(r["partialFingerprints"] and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tables/liwan.yaml" for r in run["results"])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## goallint：68 个问题（3 错误，18 警告，47 提示），共检查 2 个文件\n")
    assert "> GitHub 每个步骤每种注释（错误、警告、提示）最多显示 10 个。本次有 18 个警告、47 个提示" in text
    assert text.endswith("| 中国共产党广州市荔湾区委员会政法委员会 | 1 | 3 | 18 | 47 |\n")
    upload = YAML(typ="safe").load(_block("GitHub Actions", "yaml"))["jobs"]["goallint"]["steps"][-1]
    assert (upload["uses"].split("@")[0], upload["if"], upload["with"]["sarif_file"]) == ("github/codeql-action/upload-sarif", "always()", "goallint.sarif")


def test_gitlab_ci_recipe(repository):
    (command,) = _commands("GitLab CI")
    proc = _run(command, repository)
    assert proc.returncode == 1 and proc.stderr == b""
    assert proc.stdout.decode().splitlines()[-1] == "68 个问题（3 错误，18 警告，47 提示），共检查 2 个文件"
    job = YAML(typ="safe").load(_block("GitLab CI", "yaml"))["goallint"]
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"
    issues = json.loads((repository / reports["codequality"]).read_text(encoding="utf-8"))
    assert gitlab_errors(issues) == []
    assert len({i["fingerprint"] for i in issues}) == len(issues) == len(example_findings())
    junit = (repository / reports["junit"]).read_text(encoding="utf-8")
    assert junit_errors(junit) == []
    cases = [(c.get("name"), c.find("failure") is not None) for c in ET.fromstring(junit).iter("testcase")]
    assert cases == [("tables/liwan.yaml", True), ("tables/street.yaml", False)]


def test_jenkins_recipe(repository):
    (command,) = _commands("Jenkins")
    proc = _run(command, repository)
    assert proc.returncode == 0 and proc.stderr == b""  # --exit-zero: the junit step marks the build unstable
    junit = (repository / "goallint-junit.xml").read_text(encoding="utf-8")
    assert junit_errors(junit) == []
    root = ET.fromstring(junit)
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    assert re.search(r"junit 'goallint-junit\.xml'", _block("Jenkins", "groovy"))
    again = _run(command, repository)  # a Jenkins workspace keeps the last build's report: it is replaced
    assert again.returncode == 0 and (repository / "goallint-junit.xml").read_text(encoding="utf-8") == junit


def test_pre_commit_recipe_is_a_valid_configuration_of_this_repositorys_hooks(tmp_path):
    """The hooks themselves run for real in tests/test_precommit.py (try-repo needs no published copy)."""
    text = _block("pre-commit", "yaml")
    (repo,) = YAML(typ="safe").load(text)["repos"]
    assert repo["rev"] == f"v{goallint.__version__}"
    manifest = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in manifest]
    (tmp_path / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], cwd=tmp_path, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
