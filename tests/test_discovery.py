"""Which files are checked, and which configuration governs each (issue 7, item 6)."""

from __future__ import annotations

import json
import os

import pytest

from conftest import EXAMPLE, run_cli

BROKEN = "部门名称: 测试部门\n金额单位: 万元\n合计: {总计: 1.00}\n资金使用单位: []\n"  # one schema finding


def files_of(proc) -> list[str]:
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return sorted({d["file"] for d in json.loads(proc.stdout)["diagnostics"]})


def test_the_nearest_configuration_applies_wherever_goallint_runs(tmp_path):
    repo = tmp_path / "repo"
    (repo / "tables").mkdir(parents=True)
    (repo / "goallint.yaml").write_text("select: [GL301]\n", encoding="utf-8")
    (repo / "tables" / "dept.yaml").write_bytes(EXAMPLE.read_bytes())
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "goallint.yaml").write_text("select: [GL202]\n", encoding="utf-8")  # a stray parent config
    proc = run_cli("check", "../repo/tables", "--format", "json", cwd=home)
    assert {d["rule"] for d in json.loads(proc.stdout)["diagnostics"]} == {"target-unit-required"}
    isolated = run_cli("check", "../repo/tables", "--isolated", "--format", "json", cwd=home)
    assert len({d["rule"] for d in json.loads(isolated.stdout)["diagnostics"]}) > 1
    explicit = run_cli("check", "../repo/tables", "--config", "../goallint.yaml", "--format", "json", cwd=home)
    assert {d["rule"] for d in json.loads(explicit.stdout)["diagnostics"]} == {"benefit-indicator-missing"}


def test_files_that_are_plainly_not_tables_are_skipped_with_a_note(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: 文档\nnav:\n  - index.md\n", encoding="utf-8")
    (tmp_path / "docker-compose.yaml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (tmp_path / ".pre-commit-hooks.yaml").write_text("- id: goallint\n  name: goallint\n", encoding="utf-8")
    (tmp_path / "dept.yaml").write_text(BROKEN, encoding="utf-8")
    proc = run_cli("check", "mkdocs.yml", "docker-compose.yaml", ".pre-commit-hooks.yaml", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert files_of(proc) == ["dept.yaml"] and json.loads(proc.stdout)["summary"]["files"] == 1
    assert proc.stderr.decode().splitlines() == [
        "goallint: 跳过 mkdocs.yml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped mkdocs.yml: not a target table",
        "goallint: 跳过 docker-compose.yaml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped docker-compose.yaml: not a target table",
        "goallint: 跳过 .pre-commit-hooks.yaml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped .pre-commit-hooks.yaml: not a target table",
    ]


def test_paths_given_but_nothing_checked_is_exit_2(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: 文档\n", encoding="utf-8")
    proc = run_cli("check", "mkdocs.yml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[-1].startswith("goallint: 没有检查任何文件")
    (tmp_path / "goallint.yaml").write_text("exclude: ['*']\n", encoding="utf-8")
    (tmp_path / "dept.yaml").write_text(BROKEN, encoding="utf-8")
    assert run_cli("check", ".", cwd=tmp_path).returncode == 2


@pytest.mark.parametrize(
    ("pattern", "checked"),
    [
        ("archive/**/old.yaml", ["archive/2020/new.yaml", "dept.yaml"]),
        ("archive/", ["dept.yaml"]),
        ("/**", []),
        ("**/new.yaml", ["archive/2020/old.yaml", "dept.yaml"]),
    ],
)
def test_exclude_uses_gitignore_patterns_for_named_files_too(tmp_path, pattern, checked):
    (tmp_path / "archive" / "2020").mkdir(parents=True)
    for name in ("archive/2020/old.yaml", "archive/2020/new.yaml", "dept.yaml"):
        (tmp_path / name).write_text(BROKEN, encoding="utf-8")
    (tmp_path / "goallint.yaml").write_text(f"exclude: ['{pattern}']\n", encoding="utf-8")
    named = ["archive/2020/old.yaml", "archive/2020/new.yaml", "dept.yaml"]  # as pre-commit passes them
    for args in (named, ["."]):
        proc = run_cli("check", *args, "--format", "json", cwd=tmp_path)
        if checked:
            assert files_of(proc) == [f if args == named else f for f in checked], args
        else:
            assert proc.returncode == 2
    forced = run_cli("check", "archive/2020/old.yaml", "--no-force-exclude", "--format", "json", cwd=tmp_path)
    assert files_of(forced) == ["archive/2020/old.yaml"]


def test_gitignored_files_are_skipped_when_walking_folders(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.tmp.yaml\n", encoding="utf-8")
    (tmp_path / "build").mkdir()
    for name in ("build/out.yaml", "x.tmp.yaml", "dept.yaml"):
        (tmp_path / name).write_text(BROKEN, encoding="utf-8")
    assert files_of(run_cli("check", ".", "--format", "json", cwd=tmp_path)) == ["dept.yaml"]
    assert files_of(run_cli("check", ".", "--no-respect-gitignore", "--format", "json", cwd=tmp_path)) == ["build/out.yaml", "dept.yaml", "x.tmp.yaml"]


def test_a_fifo_is_refused_in_one_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "dept.yaml").write_text(BROKEN, encoding="utf-8")
    proc = run_cli("check", "pipe.yaml", "dept.yaml", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and files_of_any(proc) == ["dept.yaml"]
    assert proc.stderr.decode() == "goallint: pipe.yaml 是命名管道（FIFO），不是普通文件，已拒绝 / pipe.yaml is a FIFO, not a regular file: refused\n"
    device = run_cli("check", "/dev/null", cwd=tmp_path)
    assert device.returncode == 2 and device.stderr.decode().startswith("goallint: /dev/null 是设备，不是普通文件")


def files_of_any(proc) -> list[str]:
    return sorted({d["file"] for d in json.loads(proc.stdout)["diagnostics"]})


def test_symlinks_do_not_lead_out_of_the_checked_tree(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("部门名称: 机密\n金额单位: 万元\n资金使用单位: [1]\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "dept.yaml").write_text(BROKEN, encoding="utf-8")
    (tree / "leak.yaml").symlink_to(secret)
    (tree / "inside.yaml").symlink_to(tree / "dept.yaml")
    proc = run_cli("check", ".", "--format", "json", cwd=tree)
    assert files_of(proc) == ["dept.yaml"]  # inside.yaml is the same file; leak.yaml leaves the tree
    assert "机密" not in proc.stdout.decode()
    assert proc.stderr.decode() == "goallint: 跳过 leak.yaml：符号链接指向检查目录之外 / skipped leak.yaml: the symbolic link leaves the checked folder\n"
    named = run_cli("check", "leak.yaml", cwd=tree)
    assert named.returncode == 2 and "机密" not in named.stdout.decode() + named.stderr.decode()


def test_an_unreadable_folder_is_reported_by_discovery(tmp_path, monkeypatch):
    from goallint import discover

    (tmp_path / "sub").mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "sub")))
        yield from real_walk(top, onerror=onerror, followlinks=followlinks)

    monkeypatch.setattr(discover.os, "walk", walk)
    found = discover.discover([str(tmp_path)])
    assert found.errors == [f"读不了目录 {tmp_path / 'sub'}：Permission denied / cannot read folder {tmp_path / 'sub'}"]
