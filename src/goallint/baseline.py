"""Baselines: accept the findings a repository has today, report only new ones.

    goallint check tables/ --write-baseline goallint-baseline.json   # record today's findings
    goallint check tables/ --baseline goallint-baseline.json         # report only findings not in it
    goallint check tables/ --baseline goallint-baseline.json --prune-baseline   # drop what was fixed

An entry names a finding without line numbers, so editing a file elsewhere does not bring an
old finding back, and changing what it is about does:

* ``file``: the file, relative to the baseline's folder, with ``/``;
* ``rule``: the rule's slug (a renamed rule's old slug still matches);
* ``path``: the finding's document path with every list index replaced by the name of the
  element (its 单位名称, 项目名称 or 三级指标, written 「…」, with ``#2`` for the second element
  of the same name): inserting lines, reordering units, projects or indicators and reformatting
  leave it alone.  An element without a name keeps its index (``[3]``);
* ``value``: a hash of what the finding is about, the value at that path: a scalar's text
  (``8.00`` and ``"8.00"`` are the same), a mapping's keys, a list's length, or ``missing``
  when the path does not exist (a finding about a missing key).  A finding about several
  values (``Problem.subjects``: one finding for all of a table's trailing full stops) is known
  by all of them: the first of their paths with ``+N``, and a hash over every path and value.

The file is JSON, one entry per line, sorted, so that a review sees exactly the entries that
went away.  ``count`` appears when one entry stands for several findings.  Findings about a
file that was not fully read (``UNSUPPRESSIBLE``: syntax, encoding, input limits, aliases and
tags, broken suppression comments) are never recorded: they are always reported.

A baseline is read like any input goallint did not write: at most :data:`MAX_BYTES`, JSON
only, checked against ``schemas/baseline.schema.json``; a baseline that cannot be used is a
one-line error (exit status 2).  Entries count as "no longer found" only for files that were
checked in this run and rules that ran on them, so checking a few changed files (pre-commit)
or a few rules never marks the rest stale, and ``--prune-baseline`` keeps them.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from goallint.catalog import RuleFileError

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
NAME_KEYS = ("单位名称", "项目名称", "三级指标")

_MISSING = object()


class BaselineError(RuleFileError):
    """A baseline file that cannot be read or used (one-line message, exit status 2)."""


class Key(NamedTuple):
    file: str
    rule: str
    path: str
    value: str


# --------------------------------------------------------------------------- keys


def value_at(data: Any, path: Iterable) -> Any:
    """The value at a document path, or :data:`_MISSING`."""
    node = data
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return _MISSING
    return node


def exists(data: Any, path: Iterable) -> bool:
    return value_at(data, path) is not _MISSING


def _name(element: Any) -> str | None:
    if isinstance(element, dict):
        for key in NAME_KEYS:
            value = element.get(key)
            if isinstance(value, str) and value.strip():
                return value
    return None


def _escape(name: str) -> str:
    return name.replace("\\", "\\\\").replace("」", "\\」")


def stable_path(data: Any, path: Iterable) -> str:
    """``('资金使用单位', 0, '项目', 2, '年度指标值')`` → ``资金使用单位「政法委」.项目「维稳经费」.年度指标值``:
    list indices replaced by the element's name where it has one."""
    out: list[str] = []
    node = data
    for part in path:
        if isinstance(part, int):
            segment = f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                name = _name(node[part])
                if name is not None:
                    n = 1 + sum(1 for other in node[:part] if _name(other) == name)
                    segment = f"「{_escape(name)}」" + (f"#{n}" if n > 1 else "")
                node = node[part]
            else:
                node = _MISSING
            out.append(segment)
        else:
            out.append(("." if out else "") + str(part))
            node = node.get(part, _MISSING) if isinstance(node, dict) else _MISSING
    return "".join(out)


def value_text(value: Any) -> str:
    """What the hash of a finding's value is taken of."""
    if value is _MISSING:
        return "missing"
    if isinstance(value, dict):
        return "keys:" + json.dumps(sorted(str(k) for k in value), ensure_ascii=False)
    if isinstance(value, list):
        return f"items:{len(value)}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return "text:" + format(value, "f")
    return "text:" + str(value)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def value_hash(data: Any, path: Iterable) -> str:
    return _digest(value_text(value_at(data, path)))


def identify(finding, data: Any) -> tuple[str, str]:
    """(path, value) of a finding's entry.  A finding about several values (``subjects``: one finding
    for all of a table's trailing full stops) is known by all of them, whatever their order: the
    first of their stable paths with ``+N`` for the others, and one hash over every path and value.
    A finding that carries its identity already (worked out where its document was, in a worker or
    before it was cached: ``Finding.identity``) is known by that."""
    if getattr(finding, "identity", ()):
        return finding.identity
    if finding.subjects:
        parts = sorted((stable_path(data, p), value_text(value_at(data, p))) for p in finding.subjects)
        shown = parts[0][0] + (f" +{len(parts) - 1}" if len(parts) > 1 else "")
        return shown, _digest("\n".join(f"{p}\t{v}" for p, v in parts))
    return stable_path(data, finding.path), value_hash(data, finding.path)


def file_key(display: str, folder: Path) -> str:
    """A checked file as the baseline names it: relative to the baseline's folder, with ``/``."""
    if display.startswith("<") and display.endswith(">"):
        return display  # <stdin>
    absolute = os.path.abspath(display)
    try:
        relative = os.path.relpath(absolute, folder)
    except ValueError:  # another drive (Windows)
        relative = absolute
    return Path(relative).as_posix()


def recordable(finding) -> bool:
    from goallint.suppress import UNSUPPRESSIBLE

    return finding.slug not in UNSUPPRESSIBLE


# --------------------------------------------------------------------------- the file


def render(entries: Counter) -> str:
    """The baseline file: JSON, one entry per line, sorted."""
    lines = []
    for key in sorted(k for k, n in entries.items() if n > 0):
        entry = {"file": key.file, "rule": key.rule, "path": key.path, "value": key.value}
        if entries[key] > 1:
            entry["count"] = entries[key]
        lines.append("    " + json.dumps(entry, ensure_ascii=False))
    body = "[\n" + ",\n".join(lines) + "\n  ]" if lines else "[]"
    return "{\n" + f'  "goallint-baseline": {FORMAT},\n' + f'  "findings": {body}\n' + "}\n"


def read(path: Path) -> Counter:
    """The entries of a baseline file; :class:`BaselineError` (one line) when it cannot be used."""
    from goallint.fileio import FileTooLargeError, NotRegularFileError, read_bytes_limited
    from goallint.schema import validate

    try:
        raw = read_bytes_limited(path, MAX_BYTES)
    except FileNotFoundError:
        raise BaselineError(
            f"基线文件 {path} 不存在：先用 --write-baseline {path} 生成 / the baseline {path} does not exist: create it with --write-baseline"
        ) from None
    except FileTooLargeError:
        raise BaselineError(f"基线文件 {path} 超过 {MAX_BYTES // (1024 * 1024)} MB / the baseline {path} is too large") from None
    except (IsADirectoryError, NotRegularFileError):
        raise BaselineError(f"基线文件 {path} 不是普通文件 / the baseline {path} is not a regular file") from None
    except OSError as exc:
        raise BaselineError(f"读不了基线文件 {path}：{exc.strerror or exc} / cannot read the baseline {path}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BaselineError(f"基线文件 {path} 不是 UTF-8 编码 / the baseline {path} is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"基线文件 {path}:{exc.lineno}:{exc.colno} 不是有效的 JSON：{exc.msg} / the baseline {path} is not valid JSON") from None
    except (RecursionError, ValueError):
        raise BaselineError(f"基线文件 {path} 不是有效的 JSON / the baseline {path} is not valid JSON") from None
    errors = validate(data, "baseline")
    if errors:
        from goallint.document import format_path

        where = format_path(errors[0].path)
        raise BaselineError(
            f"基线文件 {path} 格式不对：{where or '顶层'} 不符合 schemas/baseline.schema.json（不是 goallint --write-baseline 写的？）/ "
            f"the baseline {path} is malformed at {where or 'the top level'} (see schemas/baseline.schema.json)"
        )
    entries: Counter = Counter()
    for entry in data["findings"]:
        entries[Key(entry["file"], entry["rule"], entry["path"], entry["value"])] += entry.get("count", 1)
    return entries


# --------------------------------------------------------------------------- a run's baselines


@dataclass
class Baseline:
    """One baseline file as used by a run: what it holds, what matched, what was checked."""

    path: Path  # as the user gave it (for messages and writing)
    entries: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    checked: dict = field(default_factory=dict)  # file key -> slugs of the rules that ran on it
    resolve: Any = field(default=None, repr=False)  # slug -> the catalogue's rule (renamed rules), from split

    @property
    def folder(self) -> Path:
        return Path(os.path.abspath(self.path)).parent

    @classmethod
    def load(cls, path: Path) -> "Baseline":
        return cls(path, read(path))

    def split(self, display: str, findings: list, data: Any, slugs: Iterable[str], resolve=None) -> tuple[list, int]:
        """(the findings not in the baseline, how many were in it) for one checked file.

        ``slugs`` are the rules that ran on the file; ``resolve`` maps a slug the baseline
        names to the catalogue's rule, so a renamed rule's entries still match."""
        name = file_key(display, self.folder)
        self.checked.setdefault(name, set()).update(slugs)
        self.resolve = resolve or self.resolve
        slots: dict = {}
        for entry in self._by_file().get(name, ()):
            slots.setdefault(entry._replace(rule=self._current(entry.rule, resolve)), []).append(entry)
        kept, baselined = [], 0
        for finding in findings:
            key = Key(name, finding.slug, *identify(finding, data))
            for entry in slots.get(key, ()) if recordable(finding) else ():
                if self.matched[entry] < self.entries[entry]:
                    self.matched[entry] += 1
                    baselined += 1
                    break
            else:
                kept.append(finding)
        return kept, baselined

    def _by_file(self) -> dict:
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {}
            for entry in self.entries:
                index.setdefault(entry.file, []).append(entry)
        return index

    @staticmethod
    def _current(slug: str, resolve) -> str:
        rule = resolve(slug) if resolve else None
        return rule.slug if rule is not None else slug

    def stale(self) -> list[tuple[Key, int]]:
        """Entries (and how many of each) that no longer occur in the files and rules this run checked."""
        resolve = self.resolve
        out = []
        for key, n in sorted(self.entries.items()):
            ran = self.checked.get(key.file)
            left = n - self.matched[key]
            if ran is not None and self._current(key.rule, resolve) in ran and left > 0:
                out.append((key, left))
        return out

    def pruned(self) -> Counter:
        """The entries without those that no longer occur."""
        out = Counter(self.entries)
        for key, left in self.stale():
            out[key] -= left
        return +out


@dataclass
class Recorder:
    """The baseline ``--write-baseline`` writes: every recordable finding of the run."""

    path: Path
    entries: Counter = field(default_factory=Counter)

    @property
    def folder(self) -> Path:
        return Path(os.path.abspath(self.path)).parent

    def record(self, display: str, findings: list, data: Any) -> tuple[list, int]:
        """(the findings that cannot be recorded, how many were recorded)."""
        name = file_key(display, self.folder)
        kept, recorded = [], 0
        for finding in findings:
            if recordable(finding):
                self.entries[Key(name, finding.slug, *identify(finding, data))] += 1
                recorded += 1
            else:
                kept.append(finding)
        return kept, recorded

    def text(self) -> str:
        return render(self.entries)


def describe(key: Key) -> str:
    """One line for an entry: ``tables/a.yaml value-style 资金使用单位「…」….年度指标值``."""
    return f"{key.file} {key.rule} {key.path}"
