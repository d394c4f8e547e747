"""The release convention (CHANGELOG.md): version X.Y.Z in one commit, tagged vX.Y.Z, reported by --version."""

from __future__ import annotations

import re
import subprocess

from conftest import ROOT, run_cli

import goallint

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


def test_version_is_one_number_everywhere_and_fits_the_tag_convention():
    version = goallint.__version__
    assert re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", version)
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] == version
    headings = re.findall(r"^## (\S+)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == version
    proc = run_cli("--version")
    assert (proc.returncode, proc.stdout.decode()) == (0, f"goallint {version}\n")


def test_a_release_tag_on_this_commit_names_this_version():
    """Where the checkout's HEAD carries a vX.Y.Z tag, it is the version the package reports."""
    tags = subprocess.run(["git", "tag", "--points-at", "HEAD", "--list", "v*"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert all(tag == f"v{goallint.__version__}" for tag in tags), tags
