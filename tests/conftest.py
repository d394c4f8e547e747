from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from goallint.document import load_text
from goallint.engine import lint, ruleset
from goallint.packs import builtin_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"
SOURCE = Path(__file__).resolve().parent / "data" / "liwan-zfw-project-targets.txt"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("GOALLINT_UPDATE_SNAPSHOTS") == "1"


def snapshot(name: str, text: str) -> None:
    """Compare output with its reviewed snapshot; GOALLINT_UPDATE_SNAPSHOTS=1 rewrites it (review the diff)."""
    path = SNAPSHOTS / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}: create it with GOALLINT_UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}; review and rerun with GOALLINT_UPDATE_SNAPSHOTS=1"


def example_findings() -> list[dict]:
    """The example's findings as reviewed: tests/snapshots/liwan-zfw.json (rule, severity, position, path, message)."""
    return json.loads((SNAPSHOTS / "liwan-zfw.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory):
    """goallint's result cache, for every command the tests run, in a folder of their own (never the user's)."""
    os.environ["GOALLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("goallint-cache"))
    yield
    os.environ.pop("GOALLINT_CACHE_DIR", None)


@pytest.fixture(scope="session")
def catalog():
    return builtin_catalog()


def findings_of(text: str, *slugs: str, options: dict | None = None, lang: str = "zh", frame: str | None = None):
    """Lint YAML text with only the named built-in rules (all when none are named)."""
    catalog = builtin_catalog()
    chosen = [catalog.find(s) for s in slugs] if slugs else catalog.rules
    return lint(load_text(text, "t.yaml"), ruleset(catalog, chosen, options, frame), lang).findings


def where(findings) -> list[tuple[str, int, int]]:
    return [(f.slug, f.span.line, f.span.column) for f in findings]


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run goallint as a user would, in a separate process (outside GitHub Actions unless ``env`` says so)."""
    base = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    for name in ("GOALLINT_LANG", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        base.pop(name, None)
    env = {**base, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "goallint", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env=env,
    )


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> Path:
    """Wheels of everything ``pip install .`` needs but goallint itself, repacked from this environment
    (tests/wheelhouse.py): fresh environments are built from it without a network."""
    import wheelhouse as builder

    return builder.build(ROOT, tmp_path_factory.mktemp("wheelhouse"))
