from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from goallint.catalog import builtin_rules, find_rule
from goallint.document import load_text
from goallint.engine import lint

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"
SOURCE = Path(__file__).resolve().parent / "data" / "liwan-zfw-project-targets.txt"


@pytest.fixture(scope="session")
def rules():
    return builtin_rules()


def findings_of(text: str, *slugs: str, options: dict | None = None, lang: str = "zh"):
    """Lint YAML text with only the named rules (all when none are named)."""
    catalog = builtin_rules()
    chosen = [find_rule(catalog, s) for s in slugs] if slugs else catalog
    return lint(load_text(text, "t.yaml"), chosen, lang, options).findings


def where(findings) -> list[tuple[str, int, int]]:
    return [(f.slug, f.span.line, f.span.column) for f in findings]


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run goallint as a user would, in a separate process."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("GOALLINT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "goallint", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env=env,
    )
