"""The pre-commit hooks, run for real: ``pre-commit try-repo`` with this checkout on a throwaway budget
repository, and ``pre-commit autoupdate`` following the release tags.

No network: try-repo clones this checkout from its local path, and pre-commit's ``pip install .`` of the
hook environment takes goallint's dependencies from a local wheelhouse (tests/wheelhouse.py) with no
package index.  pre-commit needs nothing else from outside.  try-repo builds its hook environment in a
fresh temporary store every time, so one try-repo run checks all three cases: the environment is built once.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_cli
from ruamel.yaml import YAML

import goallint

CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.yaml"
NOT_A_TABLE = "site_name: 预算文档\nnav:\n  - index.md\n"


def _env(tmp_path: Path, base: dict | None = None) -> dict:
    env = dict(os.environ if base is None else base)
    for name in ("GOALLINT_LANG", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        env.pop(name, None)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_GLOBAL=os.devnull,  # nothing from the user's git configuration (signing, hooks, branch names)
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="goallint tests",
        GIT_AUTHOR_EMAIL="tests@goallint.invalid",
        GIT_COMMITTER_NAME="goallint tests",
        GIT_COMMITTER_EMAIL="tests@goallint.invalid",
        NO_COLOR="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


def _git(cwd: Path, env: dict, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _hooks(output: str) -> dict[str, tuple[str, list[str]]]:
    """pre-commit's verbose output as {hook id: (Passed/Failed, the hook's output lines)}."""
    found: dict[str, tuple[str, list[str]]] = {}
    blocks = re.split(r"^(?=\S.*?\.{3,}(?:Passed|Failed|Skipped)$)", output, flags=re.M)
    for block in blocks[1:]:
        lines = block.split("\n")
        status = re.search(r"(Passed|Failed|Skipped)$", lines[0]).group(1)
        hook = re.match(r"- hook id: (.+)", lines[1]).group(1)
        body = [line for line in lines[2:] if not line.startswith("- ")]
        while body and body[0] == "":
            body.pop(0)
        while body and body[-1] == "":
            body.pop()
        found[hook] = (status, body)
    return found


def test_try_repo_blocks_a_bad_table_passes_a_clean_one_and_leaves_other_yaml_alone(tmp_path, wheelhouse):
    from wheelhouse import offline_pip_env

    env = _env(tmp_path, offline_pip_env(wheelhouse))
    repo = tmp_path / "budget"
    (repo / "tables").mkdir(parents=True)
    _git(repo, env, "init", "-q")
    bad = CLEAN.read_text(encoding="utf-8").replace("群众对出租屋管理服务满意度\n            实施周期指标值: ≥90%\n            年度指标值: ≥90%", "群众对出租屋管理服务满意度\n            实施周期指标值: ≥90\n            年度指标值: ≥90")
    (repo / "tables" / "bad.yaml").write_text(bad, encoding="utf-8")
    _git(repo, env, "add", ".")
    _git(repo, env, "commit", "-q", "-m", "a table with an old problem")
    (repo / "tables" / "clean.yaml").write_bytes(CLEAN.read_bytes())
    (repo / "mkdocs.yml").write_text(NOT_A_TABLE, encoding="utf-8")
    _git(repo, env, "add", ".")  # the change being committed: a clean table and a file that is not a table

    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--verbose", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8",
    )
    hooks = _hooks(proc.stdout)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert sorted(hooks) == ["goallint", "goallint-all"], proc.stdout + proc.stderr

    # goallint: the changed YAML files; the clean table passes, mkdocs.yml is left alone
    skipped = "goallint: 跳过 mkdocs.yml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped mkdocs.yml: not a target table"
    assert hooks["goallint"] == ("Passed", ["没有发现问题，共检查 1 个文件", skipped])

    # goallint-all: the whole repository, where the bad table blocks the commit
    status, lines = hooks["goallint-all"]
    assert status == "Failed"
    assert lines[0] == (
        "tables/bad.yaml:36:22: GL301 [错误] 「群众对出租屋管理服务满意度」的实施周期指标值和年度指标值“≥90”是数值，"
        "但没有计量单位：请写明单位，如 %、次、个、人、万元 [target-unit-required]"
    )
    assert lines[-2:] == ["1 个问题（1 错误，0 警告，0 提示），共检查 2 个文件", skipped]
    direct = run_cli("check", ".", cwd=repo)
    assert lines == (direct.stdout.decode() + direct.stderr.decode()).rstrip("\n").split("\n")

    # nothing was changed: the staged files are as they were, mkdocs.yml untouched
    assert (repo / "mkdocs.yml").read_text(encoding="utf-8") == NOT_A_TABLE
    assert _git(repo, env, "status", "--porcelain").splitlines() == ["A  mkdocs.yml", "A  tables/clean.yaml"]


def test_autoupdate_moves_rev_to_the_newest_release_tag(tmp_path):
    """Tags vX.Y.Z (CHANGELOG.md) are what ``pre-commit autoupdate`` follows."""
    env = _env(tmp_path)
    upstream = tmp_path / "goallint"
    _git(tmp_path, env, "clone", "-q", str(ROOT), str(upstream))
    _git(upstream, env, "tag", "-f", f"v{goallint.__version__}")
    repo = tmp_path / "budget"
    repo.mkdir()
    _git(repo, env, "init", "-q")
    config = repo / ".pre-commit-config.yaml"
    config.write_text(f"repos:\n  - repo: {upstream}\n    rev: v0.0.1\n    hooks:\n      - id: goallint\n      - id: goallint-all\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "autoupdate", "--color", "never"], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"updating v0.0.1 -> v{goallint.__version__}" in proc.stdout
    (entry,) = YAML(typ="safe").load(config.read_text(encoding="utf-8"))["repos"]
    assert entry["rev"] == f"v{goallint.__version__}"
