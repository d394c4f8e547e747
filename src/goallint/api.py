"""The public API for check functions: what a rule returns.

A check function receives the item its rule applies to (a :class:`~goallint.model.Table`,
``Unit``, ``Project``, ``Indicator``, or for file rules the :class:`~goallint.document.Document`)
and a :class:`Context`, and yields :class:`Problem` objects.  A problem names a document
path, never a position: the engine maps paths to line and column.

    from goallint.api import Problem

    def check_something(project, ctx):
        if ...:
            yield Problem(project.name_path, name=project.name)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Text:
    """A message argument that differs by language."""

    zh: str
    en: str

    def __str__(self) -> str:  # pragma: no cover - the engine picks a language
        return self.zh


@dataclass
class Problem:
    path: tuple
    args: dict = field(default_factory=dict)
    part: str = "value"  # point at the "value" (default) or the "key" of the path
    severity: str | None = None  # None: the rule's severity
    span: Any = None  # an explicit Span, for problems about the text rather than the data

    def __init__(self, path: tuple, *, part: str = "value", severity: str | None = None, span: Any = None, **args: Any):
        self.path = tuple(path)
        self.part = part
        self.severity = severity
        self.span = span
        self.args = args


@dataclass
class Context:
    """What a check may read besides its item: the rule's options and the whole document."""

    options: dict
    document: Any
    table: Any = None
