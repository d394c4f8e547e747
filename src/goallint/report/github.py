"""GitHub Actions workflow commands: findings appear as annotations on the pull request."""

from __future__ import annotations

from goallint.engine import Finding
from goallint.report.text import visible

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(text: str, property_value: bool = False) -> str:
    """The workflow-command escaping of GitHub's toolkit, after control characters are made visible."""
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        props = ",".join(
            [
                f"file={_escape(f.file, True)}",
                f"line={f.span.line}",
                f"col={f.span.column}",
                f"endLine={f.span.end_line}",
                f"endColumn={f.span.end_column}",
                f"title={_escape(f'{f.code} {f.slug}', True)}",
            ]
        )
        lines.append(f"::{_COMMAND[f.severity]} {props}::{_escape(f.message)}")
    return "".join(line + "\n" for line in lines)
