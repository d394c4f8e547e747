"""Reporters: a run's findings as text for people and as the formats programs and CI systems read.

:func:`render` is the one entry: ``text`` (with the source line and a caret), ``concise`` (one line
per finding), ``json``, ``sarif`` (code scanning), ``github`` (workflow-command annotations),
``gitlab`` (Code Quality) and ``junit`` (test reports).  Each module imports only what it needs,
when it is used.
"""

from __future__ import annotations

FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")


def render(
    fmt: str,
    run,
    *,
    lang: str = "zh",
    fail_on: str = "error",
    exit_code: int | None = None,
    color: bool = False,
    show_source: bool = True,
    quiet: bool = False,
    statistics: bool = False,
    extra=None,
) -> str:
    """``run`` is a :class:`goallint.runner.Run`; ``quiet`` leaves out the summary line of text output;
    ``extra`` (:class:`goallint.report.text.Extra`) carries the baseline and fix counts and marks."""
    findings, errors = run.findings, run.errors
    if fmt in ("text", "concise"):
        from goallint.report import text

        if statistics:
            return text.statistics(findings, run.files, lang, run.suppressed, len(errors), extra)
        return "".join(chunks(fmt, run, lang=lang, color=color, show_source=show_source, quiet=quiet, extra=extra))
    if fmt == "json":
        from goallint.report import json

        return json.render(findings, run.files, run.suppressed, errors, extra)
    if fmt == "sarif":
        from goallint.report import sarif

        return sarif.render(findings, run.rules, lang, errors, exit_code)
    if fmt == "github":
        from goallint.report import github

        return github.render(findings)
    if fmt == "gitlab":
        from goallint.report import gitlab

        return gitlab.render(findings)
    if fmt == "junit":
        from goallint.report import junit

        return junit.render(findings, run.checked, lang, fail_on, errors)
    raise ValueError(f"unknown format {fmt!r}")


def chunks(fmt: str, run, **options):
    """What :func:`render` returns, in pieces to write as they come (text and concise output are
    made a few hundred findings at a time; the other formats are one document, made whole)."""
    if fmt in ("text", "concise") and not options.get("statistics"):
        from goallint.report import text

        return text.chunks(
            run.findings, run.sources, run.files, options.get("lang", "zh"), color=options.get("color", False),
            show_source=options.get("show_source", True) and fmt == "text", suppressed=run.suppressed,
            errors=len(run.errors), summary_line=not options.get("quiet", False), extra=options.get("extra"),
        )
    return iter((render(fmt, run, **options),))
