"""Run rules over a loaded document and turn their problems into findings with positions.

The engine knows nothing about any particular rule: it walks the scopes a rule
declares (file, table, unit, project, indicator), calls the rule's check
function with each item, and maps the document paths it returns to line and
column with :meth:`Document.locate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goallint.api import Context, Problem
from goallint.catalog import SEVERITY_RANK, Rule, render
from goallint.document import Document, Span, format_path
from goallint.model import Table


@dataclass(frozen=True)
class Finding:
    file: str
    span: Span
    code: str
    slug: str
    severity: str
    message: str
    path: str

    @property
    def sort_key(self):
        return (self.file, self.span.line, self.span.column, self.code)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "rule": self.slug,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
        }


@dataclass
class RuleCrash:
    """A check function raised: reported on stderr, exit status 2; the other findings still stand."""

    file: str
    slug: str
    error: str


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    crashes: list[RuleCrash] = field(default_factory=list)


def _items(scope: str, doc: Document, table: Table | None):
    if scope == "file":
        return [doc]
    if table is None:
        return []
    if scope == "table":
        return [table]
    if scope == "unit":
        return table.units
    if scope == "project":
        return list(table.projects())
    if scope == "indicator":
        return list(table.indicators())
    raise ValueError(scope)


def lint(doc: Document, rules: list[Rule], lang: str = "zh", options: dict[str, dict] | None = None) -> Result:
    """All findings of ``rules`` on ``doc``, sorted by position."""
    result = Result()
    table = Table(doc.data) if isinstance(doc.data, dict) else None
    for rule in rules:
        if rule.scope == "import":
            continue  # reported by the importers, not checked on a table
        opts = dict(rule.defaults)
        opts.update((options or {}).get(rule.slug, {}))
        ctx = Context(options=opts, document=doc, table=table)
        function = rule.function()
        for item in _items(rule.scope, doc, table):
            try:
                problems = list(function(item, ctx) or ())
            except Exception as exc:  # a broken check must not hide the other findings
                result.crashes.append(RuleCrash(doc.file, rule.slug, f"{type(exc).__name__}: {exc}"))
                break
            for problem in problems:
                result.findings.append(_finding(doc, rule, problem, lang))
    from goallint.suppress import suppress

    result.findings = sorted(suppress(result.findings, doc.text), key=lambda f: f.sort_key)
    return result


def _finding(doc: Document, rule: Rule, problem: Problem, lang: str) -> Finding:
    span = problem.span or doc.locate(problem.path, problem.part)
    severity = problem.severity or rule.severity
    if SEVERITY_RANK[severity] > SEVERITY_RANK[rule.severity]:
        severity = rule.severity  # a check may lower its rule's severity, never raise it
    return Finding(
        file=doc.file,
        span=span,
        code=rule.code,
        slug=rule.slug,
        severity=severity,
        message=render(rule.message, lang, problem.args),
        path=format_path(problem.path),
    )


def fails(findings: list[Finding], fail_on: str) -> bool:
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)


def counts(findings: list[Finding]) -> dict[str, Any]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out
