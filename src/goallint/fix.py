"""Automatic fixes: ``goallint check --fix``, ``--unsafe-fixes`` and ``--diff``.

A rule that can repair what it finds says so in its rule file::

    fix:
      safety: safe                      # safe: --fix applies it; unsafe: only with --unsafe-fixes
      function: fix_malformed_comparator
      what: {zh: 把写错的比较词改成规范写法, en: …}

The fix function (declared with :func:`goallint.api.fixer`) receives the problem, the item and
the context its rule's check received, and yields :class:`goallint.api.Edit` objects: "the
scalar at this path becomes this value".  The engine asks it once per finding
(:func:`attach`), so text output can mark fixable findings ``[*]``; this module applies them.

How a file is changed (the same path for ``--fix``, ``--diff`` and the rule cases' ``fixed:``):

* only a file read without any load problem is fixed: no syntax or encoding error, no
  duplicate key, nothing over the input limits, no alias or tag;
* an edit replaces exactly the characters of one scalar, as the C composer located it (its
  start and end marks), and only a scalar on one line, plain or quoted (never a block
  scalar, never part of a longer value), that still holds the value the finding was about.
  The new value is written in the old one's style (plain when it still reads as the same
  text, else quoted; ruamel.yaml renders double-quoted scalars).  Every other character —
  comments, key order, quoting, flow style, indentation, line ends, a byte-order mark — is
  left as it was.  (A ruamel.yaml round-trip *dump* would re-indent sequences and respace flow
  mappings written in another style, so the file is never re-emitted whole.);
* the new text is parsed again and must hold exactly the old data with the edited values
  replaced, or nothing is changed; then it is checked again, and fixes repeat while the new
  findings offer more (at most :data:`MAX_ROUNDS` rounds);
* a fix never makes a file worse: when the result has a finding (a rule at a document path)
  that the file did not have before, the fixes are
  retried rule by rule and a rule whose fixes bring a new finding is left out for that file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterable

from goallint.baseline import _MISSING, value_at

MAX_ROUNDS = 10
SAFE, UNSAFE = "safe", "unsafe"
_STYLES = (None, "", "'", '"')  # plain (the C composer says ""), single-quoted, double-quoted: the styles a fix rewrites


@dataclass(frozen=True)
class Change:
    """One scalar to rewrite: at ``path``, ``old`` (the value the finding was about) becomes ``new``."""

    path: tuple
    old: Any
    new: Any


@dataclass(frozen=True)
class Fix:
    """A finding's fix: its rule's safety and the scalars it rewrites."""

    safety: str
    changes: tuple


def levels(unsafe: bool) -> frozenset:
    """The fix safeties a run applies: safe ones, and unsafe ones too with ``--unsafe-fixes``."""
    return frozenset({SAFE, UNSAFE}) if unsafe else frozenset({SAFE})


def applicable(finding, allowed: Iterable[str]) -> bool:
    fix = getattr(finding, "fix", None)
    return fix is not None and fix.safety in allowed


# --------------------------------------------------------------------------- asking the rule


def attach(finding, rule, problem, item, ctx, doc):
    """``finding`` with the fix its rule's fix function offers for ``problem`` (unchanged when none).

    A problem the engine merged from a pair (实施周期 and 年度 values failing together) is
    fixed as both halves.  A fix function that raises offers no fix: the finding stands."""
    from goallint.api import Edit, Problem
    from goallint.engine import PAIR_FIELD

    problems = [problem]
    if problem.args.get("field") is PAIR_FIELD and problem.path and problem.path[-1] == "实施周期指标值":
        twin = problem.path[:-1] + ("年度指标值",)
        problems.append(Problem(twin, variant=problem.variant, part=problem.part, **{**problem.args, "field": "年度指标值"}))
    changes: dict = {}
    try:
        for p in problems:
            for edit in rule.fixer(p, item, ctx) or ():
                if not isinstance(edit, Edit):
                    return finding
                change = _change(doc, tuple(edit.path), edit.value)
                if change is None:
                    return finding  # a fix that cannot be applied in full is not offered
                if changes.setdefault(change.path, change) != change:
                    return finding  # two different values for one scalar
    except Exception:
        return finding
    if not changes:
        return finding
    return replace(finding, fix=Fix(rule.fix["safety"], tuple(changes.values())))


def _change(doc, path: tuple, new: Any) -> Change | None:
    """The change of the scalar at ``path`` to ``new``, when that scalar can be rewritten."""
    old = value_at(doc.data, path)
    if old is _MISSING or isinstance(old, (bool, dict, list)) or old is None:
        return None
    if not isinstance(new, (str, int, Decimal)) or isinstance(new, bool):
        return None
    if isinstance(old, str) and not isinstance(new, str):
        new = format(new, "f") if isinstance(new, Decimal) else str(new)  # a quoted number stays text
    if type(old) is type(new) and old == new and str(old) == str(new):
        return None
    found = doc.scalar_at(path)
    if found is None or found[2] not in _STYLES:
        return None
    written = doc.text[found[0] : found[1]]
    if "\n" in written or "\r" in written:
        return None  # a scalar over several lines is left to the person
    if isinstance(new, str) and ("\n" in new or "\r" in new or not new.strip()):
        return None
    return Change(path, old, new)


# --------------------------------------------------------------------------- rewriting text


def _reads_as(text: str, expected: Any) -> bool:
    """True when ``text`` (a scalar as written) reads back, in block and in flow context, as ``expected``."""
    from goallint.document import load_text

    for source in (f"k: {text}\n", f"{{k: {text}}}\n"):
        doc = load_text(source)
        if not doc.readable or doc.problems or not isinstance(doc.data, dict) or list(doc.data) != ["k"]:
            return False
        if not _same(doc.data["k"], expected):
            return False
    return True


def _double_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, as ruamel.yaml writes one."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1 << 30
    out = io.StringIO()
    yaml.dump([DoubleQuotedScalarString(text)], out)
    return out.getvalue().strip()[2:]  # "- \"…\"" → "\"…\""


def render(value: Any, style: str | None) -> str:
    """A new scalar's text, in the old scalar's style where that reads back as the same value."""
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)  # numbers are plain
    if not style and _reads_as(value, value):
        return value
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def splice(doc, changes: Iterable[Change]) -> str:
    """``doc.text`` with each change's scalar rewritten and every other character kept."""
    pieces, at = [], 0
    text = doc.text
    for change in sorted(changes, key=lambda c: doc.locs[c.path][1].start_mark.index):
        node = doc.locs[change.path][1]
        start, end = node.start_mark.index, node.end_mark.index
        pieces += [text[at:start], render(change.new, node.style)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _same(a: Any, b: Any) -> bool:
    """Equal data, with text and numbers kept apart and key order compared."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, str) != isinstance(b, str) or isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b and (not isinstance(a, Decimal) or str(a) == str(b))


def _expected(data: Any, changes: Iterable[Change]) -> Any:
    """``data`` with the changed values replaced (a copy; the document's data is not touched)."""
    import copy

    out = copy.deepcopy(data)
    for change in changes:
        node = out
        for part in change.path[:-1]:
            node = node[part]
        node[change.path[-1]] = change.new
    return out


# --------------------------------------------------------------------------- the fix loop


@dataclass
class Outcome:
    """What fixing one file came to."""

    doc: Any  # the final document (the original when nothing changed)
    result: Any  # its findings (goallint.engine.Result)
    applied: int = 0  # findings whose fix was applied
    notes: list = field(default_factory=list)  # one line each, for stderr

    @property
    def text(self) -> str:
        return self.doc.text


def fixable(doc) -> bool:
    """Only a file read without any load problem is fixed."""
    return doc.readable and not doc.problems and doc.data is not None


def _keys(result) -> set:
    """What "a new finding" means: a rule and a document path (a fix never moves a value)."""
    return {(f.slug, f.path) for f in result.findings}


def _rounds(doc, result, relint, allowed: frozenset, slugs: set | None) -> Outcome:
    outcome = Outcome(doc, result)
    for _ in range(MAX_ROUNDS):
        chosen, taken = [], {}
        for finding in outcome.result.findings:
            if not applicable(finding, allowed) or (slugs is not None and finding.slug not in slugs):
                continue
            changes = finding.fix.changes
            if any(c.path in taken and taken[c.path] != c for c in changes):
                continue  # another finding's fix rewrites the same scalar: next round
            if any(not _same(value_at(outcome.doc.data, c.path), c.old) for c in changes):
                continue
            for c in changes:
                taken[c.path] = c
            chosen.append(finding)
        if not chosen:
            break
        current = outcome.doc
        text = splice(current, taken.values())
        new_doc = relint.load(text, current.file)
        if not fixable(new_doc) or not _same(new_doc.data, _expected(current.data, taken.values())):
            outcome.notes.append(
                f"没有修改 {current.file}：修改后的文件读出来与预期不同（goallint 的缺陷，请报告）/ "
                f"not fixing {current.file}: the fixed text does not read back as intended (a goallint bug)"
            )
            break
        outcome = Outcome(new_doc, relint.lint(new_doc), outcome.applied + len(chosen), outcome.notes)
    return outcome


@dataclass
class Relint:
    """How the fix loop reads and checks a text: the run's rules, language and suppression setting."""

    rules: Any
    lang: str = "zh"
    inline_suppression: bool = True

    def load(self, text: str, file: str):
        from goallint.document import load_text

        return load_text(text, file)

    def lint(self, doc):
        from goallint.engine import lint

        return lint(doc, self.rules, self.lang, inline_suppression=self.inline_suppression)


def fix_document(doc, result, relint: Relint, allowed: frozenset, slugs: set | None = None) -> Outcome:
    """Apply the ``allowed`` fixes (of the rules ``slugs``, default all) to ``doc``, whose findings
    are ``result``, until none is left.

    Never worse: if the end result has a finding the file did not have, the rules are tried
    one at a time and only those whose fixes bring nothing new are kept."""
    wanted = [f for f in result.findings if applicable(f, allowed) and (slugs is None or f.slug in slugs)]
    if not fixable(doc) or not wanted:
        return Outcome(doc, result)
    before = _keys(result)
    outcome = _rounds(doc, result, relint, allowed, slugs)
    if outcome.applied == 0 or _keys(outcome.result) <= before:
        return outcome
    kept: set = set()
    order = list(dict.fromkeys(f.slug for f in wanted))
    for slug in order:
        trial = _rounds(doc, result, relint, allowed, kept | {slug})
        if _keys(trial.result) <= before:
            kept.add(slug)
    final = _rounds(doc, result, relint, allowed, kept) if kept else Outcome(doc, result)
    left_out = [s for s in order if s not in kept]
    final.notes.append(
        f"{doc.file}：规则 {'、'.join(left_out)} 的修改会带来新的问题，没有做 / "
        f"{doc.file}: the fixes of {', '.join(left_out)} would bring new findings and were not applied"
    )
    return final


def unified_diff(before: str, after: str, name: str, context: int = 3) -> str:
    """A unified diff of one file (``a/name`` → ``b/name``) that ``git apply -p1`` takes: line ends as
    written, ``\\ No newline at end of file`` where due; what the lines hold is shown safely (control
    and bidirectional characters as escapes, as everywhere goallint prints a file's text).

    A fix rewrites scalars within their lines, so the two texts have the same lines but for the
    changed ones: hunks are cut line by line (difflib's matcher is slow on the many alike lines of a
    large table); texts of different lengths go through difflib."""
    old, new = _with_ends(before), _with_ends(after)
    if len(old) != len(new):
        lines = list(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=context))
    else:
        lines = [f"--- a/{name}\n", f"+++ b/{name}\n"] if old != new else []
        changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
        while changed:
            first = last = changed.pop(0)
            while changed and changed[0] - last <= 2 * context:
                last = changed.pop(0)
            start, stop = max(0, first - context), min(len(old), last + context + 1)
            size = stop - start
            lines.append(f"@@ -{start + 1},{size} +{start + 1},{size} @@\n")
            i = start
            while i < stop:
                if old[i] == new[i]:
                    lines.append(" " + old[i])
                    i += 1
                    continue
                run = i
                while run < stop and old[run] != new[run]:
                    run += 1
                lines += ["-" + line for line in old[i:run]] + ["+" + line for line in new[i:run]]
                i = run
    from goallint.report.text import visible

    out = []
    for line in lines:
        body = line.rstrip("\r\n")
        out.append(visible(body) + (line[len(body):] or "\n\\ No newline at end of file\n"))
    return "".join(out)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _with_ends(text: str) -> list[str]:
    """The lines of ``text`` with their own line ends (LF, CRLF or CR)."""
    return _LINE.findall(text)


def write_fixed(path, before: str, after: str, display: str) -> str | None:
    """Write ``after`` over ``path`` atomically, keeping a byte-order mark, when the file still
    holds ``before`` (what was checked); else, or when writing fails, the one-line error."""
    import codecs

    from goallint.fileio import read_bytes_limited, write_bytes_atomic
    from goallint.limits import DEFAULT_LIMITS

    try:
        raw = read_bytes_limited(path, DEFAULT_LIMITS.max_bytes)
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        if raw[len(bom):].decode("utf-8", errors="replace") != before:
            return f"没有修改 {display}：检查期间文件被改动了 / not fixing {display}: the file changed while it was checked"
        write_bytes_atomic(path, bom + after.encode("utf-8"), overwrite=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return f"写不了文件 {display}：{reason}，没有修改 / cannot write {display}: {reason}; not fixed"
    return None
