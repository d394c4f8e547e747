"""JSON output: one object with a ``diagnostics`` list, the run's ``errors`` and a ``summary``.

The document is always complete and valid: a file that could not be checked is a line in
``errors`` (and ``summary.complete`` is false), never a missing or truncated output.
"""

from __future__ import annotations

import json

from goallint import __version__
from goallint.engine import Finding, counts


def render(findings: list[Finding], files: int, suppressed: int = 0, errors: list[str] = (), extra=None) -> str:
    """``extra`` (goallint.report.text.Extra): the baseline and fix counts of the summary."""
    c = counts(findings)
    payload = {
        "tool": "goallint",
        "version": __version__,
        "diagnostics": [f.as_dict() for f in findings],
        "errors": list(errors),
        "summary": {
            "files": files,
            "problems": len(findings),
            "errors": c["error"],
            "warnings": c["warning"],
            "info": c["info"],
            "suppressed": suppressed,
            "baselined": getattr(extra, "baselined", 0),
            "baseline_stale": getattr(extra, "stale", 0),
            "fixed": getattr(extra, "fixed", 0),
            "complete": not errors,
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
