"""Text output like ruff's: ``path:line:col: CODE [级别] message [slug]``, the source line, a caret."""

from __future__ import annotations

import os
import unicodedata
from typing import Iterable, TextIO

from goallint.engine import Finding, counts

SEVERITY_LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def use_color(stream: TextIO, mode: str = "auto") -> bool:
    if mode in ("always", "never"):
        return mode == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _caret(line_text: str, column: int, end_column: int) -> tuple[str, str]:
    line_text = line_text.replace("\t", " ")
    start = column - 1
    end = max(end_column - 1, start + 1)
    pad = " " * display_width(line_text[:start])
    marks = "^" * max(1, display_width(line_text[start:end]))
    return line_text, pad + marks


def render(findings: Iterable[Finding], sources: dict[str, list[str]], files: int, lang: str = "zh", color: bool = False, show_source: bool = True) -> str:
    findings = list(findings)
    labels = SEVERITY_LABEL[lang]
    out: list[str] = []
    for f in findings:
        sev = labels[f.severity]
        if color:
            head = f"{_BOLD}{f.file}:{f.span.line}:{f.span.column}:{_RESET} {_COLOR[f.severity]}{_BOLD}{f.code}{_RESET} [{_COLOR[f.severity]}{sev}{_RESET}] {f.message} {_DIM}[{f.slug}]{_RESET}"
        else:
            head = f"{f.file}:{f.span.line}:{f.span.column}: {f.code} [{sev}] {f.message} [{f.slug}]"
        out.append(head)
        lines = sources.get(f.file) or []
        if show_source and 0 < f.span.line <= len(lines):
            end_col = f.span.end_column if f.span.end_line == f.span.line else len(lines[f.span.line - 1]) + 1
            text, caret = _caret(lines[f.span.line - 1], f.span.column, end_col)
            gutter = " " * len(str(f.span.line))
            if color:
                caret = f"{_COLOR[f.severity]}{caret}{_RESET}"
            out.append(f"{gutter} |")
            out.append(f"{f.span.line} | {text}")
            out.append(f"{gutter} | {caret}")
            out.append("")
    out.append(summary(findings, files, lang))
    return "\n".join(out) + "\n"


def summary(findings: list[Finding], files: int, lang: str = "zh") -> str:
    c = counts(findings)
    n = len(findings)
    if lang == "en":
        noun = "file" if files == 1 else "files"
        if not n:
            return f"No problems found in {files} {noun}."
        return f"{n} problem{'s' if n != 1 else ''} ({c['error']} errors, {c['warning']} warnings, {c['info']} info) in {files} {noun}."
    if not n:
        return f"没有发现问题，共检查 {files} 个文件"
    return f"{n} 个问题（{c['error']} 错误，{c['warning']} 警告，{c['info']} 提示），共检查 {files} 个文件"


def statistics(findings: list[Finding], files: int, lang: str = "zh") -> str:
    """Counts per rule, most frequent first: for reviewers who check many departments at once."""
    from collections import Counter

    labels = SEVERITY_LABEL[lang]
    per_rule = Counter((f.code, f.slug, f.severity) for f in findings)
    per_file = {}
    for f in findings:
        per_file.setdefault((f.code, f.slug, f.severity), set()).add(f.file)
    rows = sorted(per_rule.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(slug) for (_, slug, _) in per_rule), default=0)
    count_width = max((len(str(n)) for n in per_rule.values()), default=1)
    out = []
    for (code, slug, severity), n in rows:
        files_hit = len(per_file[(code, slug, severity)])
        where = f"{files_hit} 个文件" if lang == "zh" else f"{files_hit} file{'s' if files_hit != 1 else ''}"
        sev = labels[severity]
        sev_width = max(display_width(v) for v in labels.values())
        out.append(f"{str(n).rjust(count_width)}  {code}  {slug.ljust(width)}  {sev}{' ' * (sev_width - display_width(sev))}  {where}")
    out.append(summary(findings, files, lang))
    return "\n".join(out) + "\n"
