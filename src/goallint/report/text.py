"""Text output like ruff's: ``path:line:col: CODE [级别] message [slug]``, the source line, a caret.

Everything shown comes from files other people wrote, so every piece of it goes through
:func:`visible`: control and bidirectional-formatting characters become visible escapes
(``\\x1b``, ``\\u202e``), so a value cannot retitle the terminal, clear the screen, reorder
what is shown, start a new line, or start a CI workflow command (``::error …``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, TextIO

from goallint.engine import Finding, counts

SEVERITY_LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
_COLOR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
# bidirectional and invisible formatting characters (Trojan Source, CVE-2021-42574), and line separators
_FORMAT = "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2060\u2066\u2067\u2068\u2069\ufeff"
# … and the control characters (Unicode category Cc is exactly U+0000–U+001F and U+007F–U+009F):
# one scan in C finds what must be escaped
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_FORMAT}]")


def visible(text: str) -> str:
    """``text`` with control and formatting characters written as escapes; a leading ``::`` defused."""
    if _UNSAFE.search(text) is None and not text.startswith("::"):
        return text
    shown = _UNSAFE.sub(_escape, text)
    return "\\:" + shown[1:] if shown.startswith("::") else shown


def _escape(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def use_color(stream: TextIO, mode: str = "auto") -> bool:
    if mode in ("always", "never"):
        return mode == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(map(_EXTRA_WIDTH.__getitem__, text))


class _Widths(dict):
    """Character → the column it takes beyond one (1 for East Asian wide and full-width), worked out once."""

    def __missing__(self, ch: str) -> int:
        extra = 1 if ch >= "\u1100" and unicodedata.east_asian_width(ch) in ("W", "F") else 0
        if ch <= "\uffff":  # at most 65,536 entries, whatever the files hold
            self[ch] = extra
        return extra


_EXTRA_WIDTH = _Widths()


def _caret(line_text: str, column: int, end_column: int) -> tuple[str, str]:
    line_text = line_text.replace("\t", " ")
    start = column - 1
    end = max(end_column - 1, start + 1)
    if "::" not in line_text and _UNSAFE.search(line_text) is None:  # nothing to make visible: the common case
        before, marked, shown = line_text[:start], line_text[start:end], line_text
    else:
        before, marked, after = visible(line_text[:start]), visible(line_text[start:end]), visible(line_text[end:])
        shown = before + marked + after
    pad = _PADS.get(before)
    if pad is None:  # the text before a value repeats (``      年度指标值: ``): its width is worked out once
        pad = " " * display_width(before)
        if len(_PADS) < 4096:
            _PADS[before] = pad
    return shown, pad + "^" * max(1, display_width(marked))


_PADS: dict = {}


def render(findings: Iterable[Finding], sources: dict, files: int, lang: str = "zh", **options) -> str:
    """``sources`` maps a file to ``{line number: text}`` for the lines findings point at.
    ``extra`` holds the baseline and fix counts and the fix safeties that mark a finding ``[*]``;
    ``summary_line`` False leaves out the last line (``--quiet``); the other options are
    :func:`chunks`'s."""
    return "".join(chunks(findings, sources, files, lang, **options))


_BATCH = 500  # findings per piece :func:`chunks` yields


def chunks(
    findings: Iterable[Finding],
    sources: dict,
    files: int,
    lang: str = "zh",
    color: bool = False,
    show_source: bool = True,
    suppressed: int = 0,
    errors: int = 0,
    extra: "Extra | None" = None,
    summary_line: bool = True,
) -> Iterator[str]:
    """What :func:`render` returns, in pieces of a few hundred findings: written as they are made,
    the output of a whole repository is never held at once (twice, with its encoding)."""
    findings = findings if isinstance(findings, list) else list(findings)
    extra = extra or Extra()
    labels = SEVERITY_LABEL[lang]
    fixes = extra.fixes
    shown_file, lines = None, {}
    batch: list[str] = []
    for f in findings:
        if f.file != shown_file:  # findings come sorted by file: its name and lines looked up once
            shown_file, file, lines = f.file, visible(f.file), sources.get(f.file) or {}
        sev = labels[f.severity]
        message = visible(f.message)
        span = f.span
        mark = " [*]" if fixes is not None and f.fix is not None and f.fix.safety in fixes else ""
        if color:
            head = f"{_BOLD}{file}:{span.line}:{span.column}:{_RESET} {_COLOR[f.severity]}{_BOLD}{f.code}{_RESET}{mark} [{_COLOR[f.severity]}{sev}{_RESET}] {message} {_DIM}[{f.slug}]{_RESET}"
        else:
            head = f"{file}:{span.line}:{span.column}: {f.code}{mark} [{sev}] {message} [{f.slug}]"
        source = lines.get(span.line)
        if show_source and source is not None:
            end_col = span.end_column if span.end_line == span.line else len(source) + 1
            text, caret = _caret(source, span.column, end_col)
            gutter = " " * len(str(span.line))
            if color:
                caret = f"{_COLOR[f.severity]}{caret}{_RESET}"
            batch.append(f"{head}\n{gutter} |\n{span.line} | {text}\n{gutter} | {caret}\n\n")
        else:
            batch.append(head + "\n")
        if len(batch) > _BATCH:  # the last one is kept back: without a summary it loses its blank line
            yield "".join(batch[:-1])
            del batch[:-1]
    if summary_line:
        hint = extra.hint(findings, lang)
        if hint:
            batch.append(hint + "\n")
        batch.append(summary(findings, files, lang, suppressed, errors, extra) + "\n")
    elif batch and batch[-1].endswith("\n\n"):
        batch[-1] = batch[-1][:-1]  # no blank line after the last source block
    if batch:
        yield "".join(batch)


@dataclass(frozen=True)
class Extra:
    """What the summary says besides the findings: baseline and fix counts; which fixes apply."""

    baselined: int = 0  # findings a baseline holds (or --write-baseline recorded)
    stale: int = 0  # baseline entries that no longer occur
    pruned: bool = False  # … and were dropped from the baseline (--prune-baseline)
    fixed: int = 0  # findings fixed by --fix
    fixes: frozenset | None = None  # the fix safeties of this run (safe; unsafe with --unsafe-fixes); None: no [*]
    fixing: bool = False  # --fix ran: what is left was not fixable, so no hint

    def fixable(self, finding) -> bool:
        fix = getattr(finding, "fix", None)
        return self.fixes is not None and fix is not None and fix.safety in self.fixes

    def hint(self, findings: list, lang: str) -> str:
        """``[*] 3 个问题可以用 --fix 自动修改（另有 1 个加 --unsafe-fixes 也可以修改）``, or nothing."""
        if self.fixes is None or self.fixing:
            return ""
        n = sum(1 for f in findings if self.fixable(f))
        hidden = sum(1 for f in findings if getattr(f, "fix", None) is not None) - n
        command = "--fix --unsafe-fixes" if "unsafe" in self.fixes else "--fix"
        if lang == "en":
            if n:
                return f"[*] {_plural(n, 'problem')} fixable with {command}" + (f" ({hidden} more with --unsafe-fixes)" if hidden else "")
            return f"{_plural(hidden, 'problem')} fixable with --fix --unsafe-fixes (the fix may change the meaning: look at --diff first)" if hidden else ""
        if n:
            return f"[*] {n} 个问题可以用 {command} 自动修改" + (f"（另有 {hidden} 个加 --unsafe-fixes 也可以修改）" if hidden else "")
        return f"{hidden} 个问题可以用 --fix --unsafe-fixes 自动修改（可能改变含义，请先用 --diff 查看）" if hidden else ""


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def summary(findings: list[Finding], files: int, lang: str = "zh", suppressed: int = 0, errors: int = 0, extra: Extra | None = None) -> str:
    """The last line.  After any error it says that checking was incomplete, never "no problems"."""
    c = counts(findings)
    n = len(findings)
    extra = extra or Extra()
    if lang == "en":
        checked = _plural(files, "file")
        line = (
            f"{_plural(n, 'problem')} ({_plural(c['error'], 'error')}, {_plural(c['warning'], 'warning')}, {c['info']} info) in {checked}"
            if n
            else f"No problems found in {checked}"
        )
        if suppressed:
            line += f"; {_plural(suppressed, 'more problem')} suppressed by comments"
        if extra.baselined:
            line += f"; {extra.baselined} more in the baseline"
        if extra.stale:
            line += f"; {_plural(extra.stale, 'baseline entry', 'baseline entries')} no longer found" + (" and dropped" if extra.pruned else " (--prune-baseline drops them)")
        if extra.fixed:
            line += f"; {_plural(extra.fixed, 'problem')} fixed"
        if errors:
            line = f"Checking was INCOMPLETE: {_plural(errors, 'error')} (see the goallint: lines). " + line
        return line + "."
    line = f"{n} 个问题（{c['error']} 错误，{c['warning']} 警告，{c['info']} 提示），共检查 {files} 个文件" if n else f"没有发现问题，共检查 {files} 个文件"
    if suppressed:
        line += f"；另有 {suppressed} 个问题被例外注释取消"
    if extra.baselined:
        line += f"；另有 {extra.baselined} 个问题记在基线中"
    if extra.stale:
        line += f"；基线中有 {extra.stale} 个问题已不再出现" + ("，已删去" if extra.pruned else "（加 --prune-baseline 删去）")
    if extra.fixed:
        line += f"；已自动修改 {extra.fixed} 个问题"
    if errors:
        line = f"检查未完成：有 {errors} 处错误（见以 goallint: 开头的行）。" + line
    return line


def statistics(findings: list[Finding], files: int, lang: str = "zh", suppressed: int = 0, errors: int = 0, extra: Extra | None = None) -> str:
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
    out.append(summary(findings, files, lang, suppressed, errors, extra))
    return "\n".join(out) + "\n"
