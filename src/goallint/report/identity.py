"""What identifies a finding across runs: its file, its rule and its document path, never its line.

GitLab's Code Quality widget and GitHub's code scanning compare the findings of two runs by a
fingerprint.  goallint's fingerprint is made from the file (relative to the folder goallint runs
in, with ``/``), the rule's code and the finding's document path
(``资金使用单位[0].项目[2].年度指标值``), plus the number of earlier findings with the same three:
inserting lines, adding comments or reformatting the file keeps it; moving the value to another
project or indicator, or checking another file, changes it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from goallint.document import format_path


def relative_file(file: str) -> str:
    """``file`` relative to the current folder with ``/`` separators, as CI systems name files;
    unchanged when it lies outside the current folder (or is ``<stdin>``)."""
    if file.startswith("<"):
        return file
    try:
        return Path(os.path.abspath(file)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return Path(file).as_posix()


def fingerprints(findings) -> list[str]:
    """One stable, distinct SHA-256 hex digest per finding, in the order given."""
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        key = (relative_file(f.file), f.code, format_path(f.path))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(hashlib.sha256("\0".join((*key, str(n))).encode("utf-8")).hexdigest())
    return out
