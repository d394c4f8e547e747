"""SARIF 2.1.0 output, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

File locations are relative URIs, percent-encoded, anchored on ``%SRCROOT%`` (the folder goallint
ran in); a file outside it is an absolute ``file:`` URI.  Files that could not be checked are
tool execution notifications of the run's invocation, whose ``executionSuccessful`` is then false;
the invocation also carries goallint's exit status.

Every result has a partial fingerprint made from its file, rule and document path
(:mod:`goallint.report.identity`), so code scanning keeps an alert's identity when lines move.
A built-in rule's ``helpUri`` points at its section of ``docs/rules.md`` for this version, and
its ``help`` is the rule's documentation (``goallint explain``), as text and as Markdown.
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
from goallint.report.identity import fingerprints

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}

# The project's home (pyproject.toml [project.urls]); rule documentation is read at the release tag.
HOME = "https://github.com/goallint/goallint"
FINGERPRINT = "goallintDocumentPath/v1"


def help_uri(rule, lang: str = "zh") -> str | None:
    """The rule's section of docs/rules.md (docs/rules.en.md in English) at this version's tag;
    None for a rule of another pack, whose documentation goallint does not publish."""
    if rule.pack != "goallint":
        return None
    page = "rules.en.md" if lang == "en" else "rules.md"
    return f"{HOME}/blob/v{__version__}/docs/{page}#{rule.slug}"


def _describe(rule, lang: str) -> dict:
    from goallint.explain import render_rule

    documentation = render_rule(rule, lang)
    described = {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.text("summary", lang)},
        "fullDescription": {"text": pick(rule.docs["what"], lang)},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }
    uri = help_uri(rule, lang)
    if uri:
        described["helpUri"] = uri
    return described


def artifact_location(file: str) -> dict:
    """``{"uri": ..., "uriBaseId": "%SRCROOT%"}`` for a file under the current folder, else a file: URI."""
    path = Path(os.path.abspath(file))
    try:
        relative = path.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": path.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def render(findings: list[Finding], rules, lang: str = "zh", errors: list[str] = (), exit_code: int | None = None) -> str:
    """One run; the rules that are reported are described in the driver, results point at them."""
    used = {f.slug for f in findings}
    described = [r for r in rules if r.slug in used]
    index = {r.slug: i for i, r in enumerate(described)}
    driver = {
        "name": "goallint",
        "version": __version__,
        "informationUri": HOME,
        "rules": [_describe(r, lang) for r in described],
    }
    results = []
    for f, fingerprint in zip(findings, fingerprints(findings)):
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
            "partialFingerprints": {FINGERPRINT: fingerprint},
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
                        **({"exitCode": exit_code} if exit_code is not None else {}),
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
