"""Suppression comments: a reviewed exception stays in the file, next to what it excuses.

    年度指标值: ≥90        # goallint: disable=target-unit-required
    # goallint: disable-file=benefit-indicator-missing

``disable`` applies to findings on its own line, ``disable-file`` to the whole file.
Rules are named by slug or code, comma-separated; with no ``=…`` every rule is meant.
File-level problems (syntax, encoding, input limits, aliases and tags) cannot be
suppressed: the comments themselves could not be read reliably, or the file was not
fully checked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from goallint.document import split_lines

if TYPE_CHECKING:
    from goallint.engine import Finding

_COMMENT = re.compile(r"(?:^|\s)#\s*goallint:\s*(?P<kind>disable-file|disable)\b(?:\s*=\s*(?P<rules>[\w\s,-]+))?", re.I)
_UNSUPPRESSIBLE = ("yaml-syntax", "file-encoding", "input-limit", "unsupported-yaml")
ALL = "*"


def directives(text: str) -> tuple[dict[int, set[str]], set[str]]:
    """``({line: {rule, …}}, {rule, …})`` for line and file directives; ``*`` means every rule."""
    lines: dict[int, set[str]] = {}
    whole: set[str] = set()
    if "goallint:" not in text:
        return lines, whole
    for number, line in enumerate(split_lines(text), start=1):
        if "goallint:" not in line:
            continue
        m = _COMMENT.search(line)
        if not m:
            continue
        names = {n.strip() for n in (m.group("rules") or "").split(",") if n.strip()} or {ALL}
        (whole if m.group("kind").lower() == "disable-file" else lines.setdefault(number, set())).update(names)
    return lines, whole


def _named(finding: "Finding", names: set[str]) -> bool:
    return ALL in names or finding.slug in names or finding.code in {n.upper() for n in names}


def suppress(findings: list["Finding"], text: str) -> list["Finding"]:
    """The findings that no suppression comment in ``text`` excuses."""
    lines, whole = directives(text)
    if not lines and not whole:
        return findings
    return [
        f
        for f in findings
        if f.slug in _UNSUPPRESSIBLE or not (_named(f, whole) or _named(f, lines.get(f.span.line, set())))
    ]
