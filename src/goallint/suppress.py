"""Suppression comments: a reviewed exception stays in the file, next to what it excuses.

    年度指标值: ≥90        # goallint: disable=target-unit-required -- 本项目按分值考核
    # goallint: disable-next-line=satisfaction-not-quantified -- 已与财政局确认
    # goallint: disable-file=benefit-indicator-missing -- 内部运转项目

``disable`` applies to findings on its own line, ``disable-next-line`` to the next line,
``disable-file`` to the whole file.  Rules are named by slug, code or a renamed rule's old
slug, comma-separated; a reason may follow ``--``.  A directive must name its rules: a
blanket ``# goallint: disable`` suppresses nothing and is reported.

Directives are read from **real YAML comments** only: a ``#`` that begins a comment (at the
start of a line or after a space) and lies outside every scalar the parser found, so text
inside a quoted or block value (``表名: "x # goallint: disable-file"``) is never a directive.
Every directive that is malformed, names an unknown rule, or suppresses nothing is reported
by the ``unused-suppression`` rule (scope ``suppressions``), like ruff's RUF100.
Syntax and encoding problems, input limits, aliases and tags (the file was not fully
checked) and ``unused-suppression`` itself cannot be suppressed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from goallint.document import Span

if TYPE_CHECKING:
    from goallint.document import Document
    from goallint.engine import Finding

UNSUPPRESSIBLE = frozenset({"yaml-syntax", "file-encoding", "input-limit", "unsupported-yaml", "unused-suppression"})
KINDS = ("disable", "disable-next-line", "disable-file")

_COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#")
_DIRECTIVE = re.compile(r"#\s*goallint\s*:\s*", re.I)
_BODY = re.compile(r"(?P<kind>[a-z-]+)\s*(?:=\s*(?P<names>.*?))?\s*(?:(?<!\S)--(?:\s+(?P<reason>.*?))?)?\s*$", re.I)
_NAME = re.compile(r"[^\s,，、]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Name:
    text: str
    span: Span
    rule: object = None  # the catalogue Rule it names, or None when unknown
    used: bool = False


@dataclass
class Directive:
    """One ``# goallint: …`` comment."""

    kind: str | None  # disable | disable-next-line | disable-file; None when malformed
    line: int  # the line the directive applies to (the next one for disable-next-line)
    span: Span  # the whole comment
    text: str  # the comment as written
    names: list[Name] = field(default_factory=list)
    reason: str | None = None

    @property
    def blanket(self) -> bool:
        return self.kind is not None and not self.names


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]


def _scalar_spans(doc: "Document") -> tuple[list[int], list[int]]:
    """Start and end character offsets of every scalar (keys and values) the parser found."""
    spans = doc.scalar_spans()
    return [s for s, _ in spans], [e for _, e in spans]


def find_directives(doc: "Document", resolve: Callable | None = None) -> list[Directive]:
    """Every ``# goallint:`` directive in the document's comments, with its rule names resolved."""
    text = doc.text
    if "goallint" not in text.lower() or not doc.readable or not doc.locs:
        return []
    starts, ends = _scalar_spans(doc)
    line_starts = _line_starts(text)
    out: list[Directive] = []
    for number, begin in enumerate(line_starts, start=1):
        end = line_starts[number] if number < len(line_starts) else len(text)
        line = _LINE_BREAK.sub("", text[begin:end])
        if "goallint" not in line.lower():
            continue
        for m in _COMMENT_START.finditer(line):
            index = begin + m.start()
            i = bisect.bisect_right(starts, index) - 1
            if i >= 0 and starts[i] <= index < ends[i]:
                continue  # a # inside a scalar: part of the value
            comment = line[m.start():]
            directive = _parse(comment, number, m.start() + 1, len(line) + 1, resolve)
            if directive is not None:
                out.append(directive)
            break  # the rest of the line is this comment
    return out


def _parse(comment: str, number: int, column: int, end_column: int, resolve) -> Directive | None:
    head = _DIRECTIVE.match(comment)
    if head is None:
        return None
    span = Span(number, column, number, end_column)
    body = _BODY.match(comment, head.end())
    kind = body.group("kind").lower() if body else None
    if body is None or kind not in KINDS:
        return Directive(None, number, span, comment.strip())
    directive = Directive(kind, number + 1 if kind == "disable-next-line" else number, span, comment.strip(), reason=body.group("reason"))
    names = body.group("names")
    if names:
        offset = column + body.start("names")
        for n in _NAME.finditer(names):
            rule = resolve(n.group()) if resolve else None
            directive.names.append(Name(n.group(), Span(number, offset + n.start(), number, offset + n.end()), rule))
    return directive


def _covers(name: Name, finding: "Finding") -> bool:
    rule = name.rule
    if rule is not None:
        return rule.slug == finding.slug
    return name.text == finding.slug or name.text.upper() == finding.code


def apply(findings: list["Finding"], directives: list[Directive]) -> tuple[list["Finding"], list["Finding"]]:
    """Split findings into (kept, suppressed) and mark the names that suppressed something."""
    if not directives:
        return findings, []
    kept, suppressed = [], []
    for finding in findings:
        hit = False
        if finding.slug not in UNSUPPRESSIBLE:
            for d in directives:
                if d.kind is None or (d.kind != "disable-file" and not finding.span.line <= d.line <= finding.span.end_line):
                    continue  # a finding over two values (a pair) answers to a comment on either line
                for name in d.names:
                    if _covers(name, finding):
                        name.used = hit = True
        (suppressed if hit else kept).append(finding)
    return kept, suppressed
