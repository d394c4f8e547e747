"""JSON output: one object with a ``diagnostics`` list and a ``summary``."""

from __future__ import annotations

import json

from goallint import __version__
from goallint.engine import Finding, counts


def render(findings: list[Finding], files: int) -> str:
    c = counts(findings)
    payload = {
        "tool": "goallint",
        "version": __version__,
        "diagnostics": [f.as_dict() for f in findings],
        "summary": {"files": files, "problems": len(findings), "errors": c["error"], "warnings": c["warning"], "info": c["info"]},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
