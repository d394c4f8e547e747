"""A one-file check imports only what it needs: never jsonschema for a valid table, nor Rich, nor a process pool.

(How fast it starts is measured by scripts/bench.py, never here.)
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = ("jsonschema", "rich", "importlib.metadata", "multiprocessing", "concurrent.futures", "platformdirs")

PROBE = """\
import sys
from goallint.cli import main
sys.argv = ["goallint", "check", "--no-cache", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
print(" ".join(sorted(m for m in sys.modules if m in heavy)), file=sys.stderr)
"""


def _imported(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT, capture_output=True)
    return done.stderr.decode("utf-8").splitlines()[-1].split()


def test_a_clean_one_file_check_imports_nothing_heavy():
    _imported("examples/liwan-zfw.yaml")  # the first start fills the catalogue cache
    assert _imported("examples/liwan-zfw.yaml") == []


def test_jsonschema_is_imported_only_to_explain_a_table_that_fails():
    assert _imported("tests/fixtures/published/10-xiangtan-sanitation-2023.yaml") == ["jsonschema"]
