"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

File locations are relative URIs, percent-encoded, anchored on ``%SRCROOT%`` (the folder goallint
ran in); a file outside it is an absolute ``file:`` URI.  Files that could not be checked are
tool execution notifications of the run's invocation, whose ``executionSuccessful`` is then false.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from goallint import __version__
from goallint.catalog import pick
from goallint.document import format_path
from goallint.engine import Finding

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(file: str) -> dict:
    """``{"uri": ..., "uriBaseId": "%SRCROOT%"}`` for a file under the current folder, else a file: URI."""
    path = Path(os.path.abspath(file))
    try:
        relative = path.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": path.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def render(findings: list[Finding], rules, lang: str = "zh", errors: list[str] = ()) -> str:
    """One run; the rules that are reported are described in the driver, results point at them."""
    used = {f.slug for f in findings}
    described = [r for r in rules if r.slug in used]
    index = {r.slug: i for i, r in enumerate(described)}
    driver = {
        "name": "goallint",
        "version": __version__,
        "rules": [
            {
                "id": r.code,
                "name": r.slug,
                "shortDescription": {"text": r.text("summary", lang)},
                "fullDescription": {"text": pick(r.docs["what"], lang)},
                "help": {"text": f"goallint explain {r.slug}"},
                "defaultConfiguration": {"level": _LEVEL[r.severity]},
            }
            for r in described
        ],
    }
    results = []
    for f in findings:
        result = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(f.file),
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_column,
                        },
                    },
                    **({"logicalLocations": [{"fullyQualifiedName": format_path(f.path)}]} if f.path else {}),
                }
            ],
        }
        if f.slug in index:
            result["ruleIndex"] = index[f.slug]
        results.append(result)
    payload = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": not errors,
                        "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in errors],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
