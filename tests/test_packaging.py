"""What ships: the pre-commit hook definition, and the data folders inside the wheel."""

from __future__ import annotations

import re
import zipfile

from ruamel.yaml import YAML

from conftest import ROOT


def test_pre_commit_hook_definitions():
    """Two hooks: the changed YAML files, and the whole repository (for changes to rules, packs or configuration)."""
    from identify.identify import tags_from_filename

    changed, everything = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (changed["id"], changed["entry"], changed["language"], changed["types"], changed.get("pass_filenames", True)) == (
        "goallint", "goallint check", "python", ["yaml"], True
    )
    assert (everything["id"], everything["entry"], everything["language"], everything["pass_filenames"], everything["always_run"]) == (
        "goallint-all", "goallint check .", "python", False, True
    )
    exclude = re.compile(changed["exclude"])
    picked = lambda name: "yaml" in tags_from_filename(name) and not exclude.search(name)  # noqa: E731  (as pre-commit does)
    assert [picked(n) for n in ("dept.yaml", "a/b.yml", "dept.yaml.bak", "notes.txt")] == [True, True, False, False]
    assert [picked(n) for n in (".pre-commit-config.yaml", "goallint.yaml", "sub/.goallint.yaml", ".github/workflows/ci.yml")] == [False] * 4
    assert picked("tables/goallint-2021.yaml")


def test_pre_commit_accepts_the_hook_definitions():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_the_wheel_carries_schemas_and_rules(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    (wheel,) = tmp_path.glob("goallint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    pack = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert len(pack) > 60 and "pack.yaml" in pack and "frames/gz-2lvl.yaml" in pack
    assert {f"goallint/_data/rules/{r}" for r in pack} <= names
    assert {"goallint/_data/schemas/table.schema.json", "goallint/_data/schemas/rule.schema.json"} <= names
