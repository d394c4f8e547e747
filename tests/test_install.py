"""What a new user gets from the README's first command alone: a fresh virtual environment and
``pip install .`` (from a local wheelhouse, tests/wheelhouse.py, so without a network)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from conftest import EXAMPLE, ROOT

import goallint


@pytest.fixture(scope="module")
def fresh_install(tmp_path_factory, wheelhouse):
    from wheelhouse import offline_pip_env

    venv = tmp_path_factory.mktemp("fresh") / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    proc = subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "."], cwd=ROOT, env=offline_pip_env(wheelhouse), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return bin_dir


def test_after_the_first_command_alone_export_to_excel_works(fresh_install, tmp_path):
    proc = subprocess.run([str(fresh_install / "goallint"), "export", str(EXAMPLE), "-o", "x.xlsx"], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "已写入 x.xlsx（68 个检查结果）/ wrote x.xlsx (68 findings)\n"
    assert "xl/workbook.xml" in zipfile.ZipFile(tmp_path / "x.xlsx").namelist()


def test_the_installed_version_is_the_packages(fresh_install):
    proc = subprocess.run([str(fresh_install / "goallint"), "--version"], capture_output=True, text=True)
    assert proc.stdout == f"goallint {goallint.__version__}\n"


def test_excel_support_is_loaded_only_when_a_workbook_is_read_or_written(tmp_path):
    """openpyxl is a dependency, but checking a table does not import it (start-up stays light)."""
    code = (
        "import sys\nfrom goallint.cli import main\n"
        f"sys.argv = ['goallint', 'check', {str(EXAMPLE)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('openpyxl' in sys.modules, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8")
    assert proc.stderr == "False\n"
