"""Text output like ruff's: ``path:line:col: CODE [级别] message [slug]``, the source line, a caret.

Everything shown comes from files other people wrote, so every piece of it goes through
:func:`visible`: control and bidirectional-formatting characters become visible escapes
(``\\x1b``, ``\\u202e``), so a value cannot retitle the terminal, clear the screen, reorder
what is shown, start a new line, or start a CI workflow command (``::error …``).
"""

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
# bidirectional and invisible formatting characters (Trojan Source, CVE-2021-42574), and line separators
_FORMAT = frozenset("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2060\u2066\u2067\u2068\u2069\ufeff")


def visible(text: str) -> str:
    """``text`` with control and formatting characters written as escapes; a leading ``::`` defused."""
    if text.isprintable() and not _FORMAT.intersection(text) and not text.startswith("::"):
        return text
    out = []
    for ch in text:
        if ch in _FORMAT or (unicodedata.category(ch) == "Cc"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    shown = "".join(out)
    return "\\:" + shown[1:] if shown.startswith("::") else shown


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
    before, marked, after = visible(line_text[:start]), visible(line_text[start:end]), visible(line_text[end:])
    pad = " " * display_width(before)
    marks = "^" * max(1, display_width(marked))
    return before + marked + after, pad + marks


def render(
    findings: Iterable[Finding],
    sources: dict,
    files: int,
    lang: str = "zh",
    color: bool = False,
    show_source: bool = True,
    suppressed: int = 0,
    errors: int = 0,
    summary_line: bool = True,
) -> str:
    """``sources`` maps a file to ``{line number: text}`` for the lines findings point at;
    ``summary_line`` False leaves out the last line (``--quiet``)."""
    findings = list(findings)
    labels = SEVERITY_LABEL[lang]
    out: list[str] = []
    for f in findings:
        sev = labels[f.severity]
        file, message = visible(f.file), visible(f.message)
        if color:
            head = f"{_BOLD}{file}:{f.span.line}:{f.span.column}:{_RESET} {_COLOR[f.severity]}{_BOLD}{f.code}{_RESET} [{_COLOR[f.severity]}{sev}{_RESET}] {message} {_DIM}[{f.slug}]{_RESET}"
        else:
            head = f"{file}:{f.span.line}:{f.span.column}: {f.code} [{sev}] {message} [{f.slug}]"
        out.append(head)
        source = (sources.get(f.file) or {}).get(f.span.line)
        if show_source and source is not None:
            end_col = f.span.end_column if f.span.end_line == f.span.line else len(source) + 1
            text, caret = _caret(source, f.span.column, end_col)
            gutter = " " * len(str(f.span.line))
            if color:
                caret = f"{_COLOR[f.severity]}{caret}{_RESET}"
            out.append(f"{gutter} |")
            out.append(f"{f.span.line} | {text}")
            out.append(f"{gutter} | {caret}")
            out.append("")
    if summary_line:
        out.append(summary(findings, files, lang, suppressed, errors))
    elif out and out[-1] == "":
        out.pop()
    return "".join(line + "\n" for line in out)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summary(findings: list[Finding], files: int, lang: str = "zh", suppressed: int = 0, errors: int = 0) -> str:
    """The last line.  After any error it says that checking was incomplete, never "no problems"."""
    c = counts(findings)
    n = len(findings)
    if lang == "en":
        checked = _plural(files, "file")
        line = (
            f"{_plural(n, 'problem')} ({_plural(c['error'], 'error')}, {_plural(c['warning'], 'warning')}, {c['info']} info) in {checked}"
            if n
            else f"No problems found in {checked}"
        )
        if suppressed:
            line += f"; {_plural(suppressed, 'more problem')} suppressed by comments"
        if errors:
            line = f"Checking was INCOMPLETE: {_plural(errors, 'error')} (see the goallint: lines). " + line
        return line + "."
    line = f"{n} 个问题（{c['error']} 错误，{c['warning']} 警告，{c['info']} 提示），共检查 {files} 个文件" if n else f"没有发现问题，共检查 {files} 个文件"
    if suppressed:
        line += f"；另有 {suppressed} 个问题被例外注释取消"
    if errors:
        line = f"检查未完成：有 {errors} 处错误（见以 goallint: 开头的行）。" + line
    return line


def statistics(findings: list[Finding], files: int, lang: str = "zh", suppressed: int = 0, errors: int = 0) -> str:
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
    sev_width = max(display_width(v) for v in labels.values())
    out = []
    for (code, slug, severity), n in rows:
        files_hit = len(per_file[(code, slug, severity)])
        where = f"{files_hit} 个文件" if lang == "zh" else _plural(files_hit, "file")
        sev = labels[severity]
        out.append(f"{str(n).rjust(count_width)}  {code}  {slug.ljust(width)}  {sev}{' ' * (sev_width - display_width(sev))}  {where}")
    out.append(summary(findings, files, lang, suppressed, errors))
    return "\n".join(out) + "\n"
