"""The public API for check functions: how a check declares itself and what it returns.

A check function receives the item its rule applies to (a :class:`~goallint.model.Table`,
``Unit``, ``Project``, ``Indicator``, or for file rules the :class:`~goallint.document.Document`)
and a :class:`Context`, and yields :class:`Problem` objects.  A problem names a document
path, never a position: the engine maps paths to line and column.

Every check declares, with :func:`check`, the item it takes, the message arguments it
passes, the message variants it chooses between and the options it reads.  The rule
file holds the wording and the option schemas; the pack loader compares the two when
the pack loads, so a placeholder that the check never fills, a variant that the rule
file lacks or an option without a declared type is a load error, never text a user sees.

    from goallint.api import Problem, check

    @check(scope="project", args=("name",), variants=("empty", "short"), options=("min_length",))
    def check_goal_text(project, ctx):
        if ...:
            yield Problem(project.name_path, variant="short", name=project.name)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

__all__ = ["Problem", "Text", "Context", "CheckSpec", "check", "Edit", "fixer"]


@dataclass(frozen=True)
class Text:
    """A message argument that differs by language (for text made by another stage, such as
    the schema explainer or the YAML parser; a check's own wording belongs in message variants)."""

    zh: str
    en: str

    def __str__(self) -> str:  # pragma: no cover - the engine picks a language
        return self.zh


class Problem:
    """What a check found: a document path, the message variant and the message arguments."""

    __slots__ = ("path", "args", "part", "severity", "span", "variant", "subjects")

    def __init__(
        self,
        path: Iterable,
        *,
        variant: str | None = None,
        part: str = "value",
        severity: str | None = None,
        span: Any = None,
        subjects: Iterable = (),
        **args: Any,
    ):
        self.path = tuple(path)
        self.variant = variant  # None: the rule's only message
        self.part = part  # point at the "value" (default) or the "key" of the path
        self.severity = severity  # None: the rule's severity (a check may lower it, never raise it)
        self.span = span  # an explicit Span, for problems about the text rather than the data
        # the document paths of every value a finding about several values is about (one finding for
        # all of a table's trailing full stops): a baseline knows it by them, not by where it points
        self.subjects = tuple(tuple(s) for s in subjects)
        self.args = args

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Problem({self.path!r}, variant={self.variant!r}, args={self.args!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in Problem.__slots__)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Context:
    """What a check may read besides its item: the rule's typed options, the document, the
    table model, the indicator frame and the pack vocabularies."""

    options: dict
    document: Any
    table: Any = None
    frame: Any = None
    vocabularies: Any = None

    def vocab(self, name: str):
        """A vocabulary of the loaded packs (``units``, ``count-units``, …), merged across packs."""
        return self.vocabularies.get(name)


@dataclass(frozen=True)
class CheckSpec:
    scope: str
    args: frozenset
    variants: frozenset
    options: frozenset


def check(
    *,
    scope: str,
    args: Iterable[str] = (),
    variants: Iterable[str] = (),
    options: Iterable[str] = (),
) -> Callable[[Callable], Callable]:
    """Declare a check function: the scope it takes, the message arguments it passes (every
    placeholder of every message variant must be one of them), the variants it uses (empty: the
    rule has one message) and the rule options it reads."""

    spec = CheckSpec(scope, frozenset(args), frozenset(variants), frozenset(options))
    reserved = spec.args & {"variant", "part", "severity", "span", "subjects"}
    if reserved:
        raise ValueError(f"message arguments may not be named {', '.join(sorted(reserved))}: Problem uses them")

    def mark(function: Callable) -> Callable:
        function.goallint_check = spec
        return function

    return mark


def spec_of(function: Callable) -> CheckSpec | None:
    return getattr(function, "goallint_check", None)


# --------------------------------------------------------------------------- fixes


@dataclass(frozen=True)
class Edit:
    """What a fix changes: the scalar at a document path becomes ``value`` (text or a number).

    A fix only ever replaces whole scalars that are themselves what its rule found wrong;
    goallint writes the new value in the style the old one was written in (plain or
    quoted) and leaves every other character of the file as it was (:mod:`goallint.fix`).
    """

    path: tuple
    value: Any


@dataclass(frozen=True)
class FixSpec:
    scope: str


def fixer(*, scope: str) -> Callable[[Callable], Callable]:
    """Declare a fix function: ``function(problem, item, ctx)`` yields the :class:`Edit` objects
    that make one :class:`Problem` of its rule go away (none when it cannot say).  ``item`` and
    ``ctx`` are what the rule's check received; the rule file names the function and says
    whether the fix is safe (``fix: {safety, function, what}``)."""

    spec = FixSpec(scope)

    def mark(function: Callable) -> Callable:
        function.goallint_fixer = spec
        return function

    return mark


def fixer_spec_of(function: Callable) -> FixSpec | None:
    return getattr(function, "goallint_fixer", None)
