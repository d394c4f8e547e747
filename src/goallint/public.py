"""goallint's Python API: check tables from a script, exactly as ``goallint check`` does.

    import goallint

    report = goallint.check_paths(["tables/"])        # or goallint.check_text(text, name="dept.yaml")
    for d in report:                                   # goallint.Diagnostic: the fields of --format json
        print(d.file, d.line, d.column, d.rule, d.severity, d.message)
    print(report.summary.errors, report.complete)

Everything here is re-exported by the ``goallint`` package (``docs/api.md``).  The command line's
``check`` runs through :func:`run` too, so a script and the command line never disagree: the same
discovery, the nearest ``goallint.yaml`` per file, the same rules, the same findings.

This module imports only the standard library when it is loaded; the checking machinery is
imported on the first call, so ``import goallint`` stays light.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator, Literal, Sequence, Union

if TYPE_CHECKING:
    from goallint.runner import Options, Run

__all__ = [
    "Diagnostic",
    "Report",
    "RuleInfo",
    "Severity",
    "Summary",
    "TableError",
    "check_paths",
    "check_text",
    "load_table",
    "rules",
]

Severity = Literal["error", "warning", "info"]
PathLike = Union[str, "os.PathLike[str]"]


class TableError(ValueError):
    """A file :func:`load_table` cannot turn into a table (its message is one line, Chinese / English)."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding; the same fields, with the same values, as an item of ``--format json``'s ``diagnostics``.

    Lines and columns start at 1; ``end_column`` is not part of the range.  ``path`` is the
    document path of the value the finding is about (``资金使用单位[0].项目[2].年度指标值``).
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    severity: Severity
    message: str
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.code} [{self.severity}] {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Summary:
    """The counts of ``--format json``'s ``summary``."""

    files: int
    problems: int
    errors: int
    warnings: int
    info: int
    suppressed: int
    baselined: int  # findings left out because the baseline holds them
    baseline_stale: int  # baseline entries that no longer occur
    fixed: int  # findings fixed (with --fix)
    complete: bool


@dataclass(frozen=True)
class Report:
    """What a check found: the diagnostics (sorted by file and position), the files that could not
    be checked (one line each: the run is then incomplete), the counts, and every file checked
    (``checked``, named as in the diagnostics, clean files too).

    Iterating a report iterates its diagnostics; ``print(report)`` shows one line per finding and
    the summary line, as ``goallint check --format concise`` does.
    """

    diagnostics: list[Diagnostic]
    errors: list[str]
    summary: Summary
    checked: list[str] = field(default_factory=list)
    lang: str = "zh"
    run: Any = field(default=None, repr=False, compare=False)  # goallint.runner.Run: for goallint's own reporters

    @property
    def complete(self) -> bool:
        """False when some file could not be checked (``errors`` says which and why)."""
        return self.summary.complete

    def failed(self, fail_on: Severity = "error") -> bool:
        """True when a finding is at or above ``fail_on``: what makes ``goallint check`` exit 1."""
        rank = {"info": 0, "warning": 1, "error": 2}
        return any(rank[d.severity] >= rank[fail_on] for d in self.diagnostics)

    def as_dict(self) -> dict[str, Any]:
        """The document ``goallint check --format json`` prints."""
        from goallint import __version__

        return {
            "tool": "goallint",
            "version": __version__,
            "diagnostics": [asdict(d) for d in self.diagnostics],
            "errors": list(self.errors),
            "summary": asdict(self.summary),
        }

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)

    def __str__(self) -> str:
        from goallint.fix import levels
        from goallint.report import render
        from goallint.report.text import Extra

        if self.run is None:  # a report made by hand
            return "\n".join(map(str, self.diagnostics))
        # what `goallint check --format concise` prints, fixable findings marked [*]
        return render("concise", self.run, lang=self.lang, extra=Extra(fixes=levels(False))).rstrip("\n")


@dataclass(frozen=True)
class RuleInfo:
    """A rule, with the fields of ``goallint rules --format json``."""

    code: str
    rule: str
    severity: Severity
    scope: str
    basis: str
    pack: str
    family: str
    status: str
    summary: str


def run(
    paths: Iterable[str],
    options: Options | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdin_name: str = "<stdin>",
    keep_sources: bool = True,
) -> Report:
    """Check ``paths`` with the command line's options (:class:`goallint.runner.Options`): the one
    path every check takes (the command line calls the runner beneath it, and renders the same Run).  ``-`` reads the binary stream ``stdin``."""
    from goallint.runner import check_paths as check

    result = check(paths, options, stdin=stdin, stdin_name=stdin_name, keep_sources=keep_sources)
    lang = (options.lang if options else None) or result.settings.lang or "zh"
    return _report(result, lang)


def _report(result: Run, lang: str) -> Report:
    from goallint.engine import counts

    c = counts(result.findings)
    summary = Summary(
        files=result.files,
        problems=len(result.findings),
        errors=c["error"],
        warnings=c["warning"],
        info=c["info"],
        suppressed=result.suppressed,
        baselined=result.baselined,
        baseline_stale=sum(n for b in result.baselines.values() for _, n in b.stale()),
        fixed=result.fixed,
        complete=result.complete,
    )
    diagnostics = [Diagnostic(**f.as_dict()) for f in result.findings]
    return Report(diagnostics, list(result.errors), summary, list(result.checked), lang, result)


def _options(
    *,
    config: PathLike | None,
    isolated: bool,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    lang: str | None,
    packs: Sequence[PathLike],
    preview: bool,
    inline_suppression: bool | None,
    respect_gitignore: bool | None = None,
) -> Options:
    from pathlib import Path

    from goallint.runner import Options

    if lang not in (None, "zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return Options(
        config=Path(config) if config is not None else None,
        isolated=isolated,
        packs=tuple(Path(p) for p in packs),
        select=list(select) if select else None,
        ignore=list(ignore or []),
        preview=preview,
        lang=lang,
        inline_suppression=inline_suppression,
        respect_gitignore=respect_gitignore,
    )


def check_text(
    text: str,
    name: str = "<string>",
    config: PathLike | None = None,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    lang: Literal["zh", "en"] | None = None,
    packs: Sequence[PathLike] = (),
    preview: bool = False,
    inline_suppression: bool = True,
) -> Report:
    """Check one table given as text; ``name`` is the file name the diagnostics carry.

    No ``goallint.yaml`` is looked up: ``config`` names one to use (a path), else the defaults
    apply.  ``select``/``ignore`` take rule names, codes or code prefixes as ``--select`` does.
    Raises :class:`goallint.RuleFileError` for a configuration or pack that cannot be used.
    """
    import io

    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    options = _options(
        config=config, isolated=config is None, select=select, ignore=ignore, lang=lang, packs=packs,
        preview=preview, inline_suppression=inline_suppression,
    )
    return run(["-"], options, stdin=io.BytesIO(text.encode("utf-8")), stdin_name=name, keep_sources=False)


def check_paths(
    paths: PathLike | Iterable[PathLike],
    *,
    config: PathLike | None = None,
    isolated: bool = False,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    lang: Literal["zh", "en"] | None = None,
    packs: Sequence[PathLike] = (),
    preview: bool = False,
    inline_suppression: bool | None = None,
    respect_gitignore: bool | None = None,
) -> Report:
    """Check files and folders (folders: every ``*.yaml``/``*.yml`` under them) as ``goallint check`` does.

    Each file is governed by the nearest ``goallint.yaml`` above it, unless ``config`` names one
    for all files or ``isolated`` uses none.  A file that cannot be read is a line in
    ``report.errors`` (and ``report.complete`` is False), never an exception.  Raises
    :class:`goallint.RuleFileError` for a configuration or pack that cannot be used.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    options = _options(
        config=config, isolated=isolated, select=select, ignore=ignore, lang=lang, packs=packs,
        preview=preview, inline_suppression=inline_suppression, respect_gitignore=respect_gitignore,
    )
    return run([os.fspath(p) for p in paths], options, keep_sources=False)


def load_table(path: PathLike) -> dict[str, Any]:
    """A YAML table as data, read the way ``goallint check`` reads it: within the input limits,
    without aliases or tags, amounts as :class:`decimal.Decimal` from their written text.

    Raises :class:`OSError` when the file cannot be read and :class:`TableError` when it is not
    a table (not UTF-8, a YAML error, over a limit, not a mapping); the table is not validated:
    that is what :func:`check_paths` does.
    """
    from goallint.document import load_path

    doc = load_path(path)
    if doc.problems or not isinstance(doc.data, dict):
        raise TableError(_first_problem(doc))
    return doc.data


def _first_problem(doc) -> str:
    """The message the file rules give for an unreadable document (the first one)."""
    from goallint.engine import lint, ruleset
    from goallint.packs import builtin_catalog

    catalog = builtin_catalog()
    found = lint(doc, ruleset(catalog, [r for r in catalog.rules if r.scope == "file"])).findings
    if not found:  # pragma: no cover - the file rules report every unreadable document
        return f"{doc.file}: 不是绩效目标表 / not a target table"
    f = found[0]
    english = lint(doc, ruleset(catalog, [catalog.find(f.slug)]), "en").findings[0].message
    return f"{f.file}:{f.span.line}:{f.span.column}: {f.code} {f.message} / {english} [{f.slug}]"


def rules(*, config: PathLike | None = None, packs: Sequence[PathLike] = (), lang: Literal["zh", "en"] = "zh") -> list[RuleInfo]:
    """Every rule of the built-in pack, the installed packs, ``packs`` and the packs the
    configuration names (``config``: a ``goallint.yaml``; default: none), sorted by code."""
    from pathlib import Path

    from goallint.config import Config
    from goallint.session import prepare

    folders = [Path(p) for p in packs]
    if config is None:
        session = prepare(packs=folders, settings=Config())
    else:
        session = prepare(Path(config), packs=folders)
    return rule_infos(session.catalog.rules, lang)


def rule_infos(catalog_rules, lang: str = "zh") -> list[RuleInfo]:
    """The rules as :class:`RuleInfo` (``goallint rules --format json`` prints these)."""
    return [
        RuleInfo(r.code, r.slug, r.severity, r.scope, r.basis, r.pack, r.family, r.status, r.text("summary", lang))
        for r in catalog_rules
    ]
