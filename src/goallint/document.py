"""Read a table file: bytes → text → YAML node tree → plain data with a position for every value.

This is the first stage of goallint's one path from bytes to findings.  It never
raises on bad input: a wrong encoding, a YAML syntax error, a duplicate key or an
empty file become :class:`LoadProblem` entries on the returned :class:`Document`,
and the file-level rules (``yaml-syntax``, ``duplicate-key``, ``file-encoding``)
report them like any other finding.

Parsing uses ruamel.yaml's C parser (``typ='safe'``, ``pure=False``) and composes the
node tree only; nodes carry marks, so every key and value keeps its line and column.
Scalars become Python values here, with one rule that matters: a number with a
fraction (``8.00``) becomes ``Decimal("8.00")`` from the scalar's own text, never a float.
Dates stay strings.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Union

PathKey = Union[str, int]
DocPath = tuple  # tuple[PathKey, ...]


@dataclass(frozen=True)
class Span:
    """A 1-based, end-exclusive range of characters in the file."""

    line: int
    column: int
    end_line: int
    end_column: int




@dataclass(frozen=True)
class LoadProblem:
    slug: str  # yaml-syntax | duplicate-key | file-encoding
    span: Span
    args: dict


@dataclass
class Document:
    file: str
    text: str = ""
    data: Any = None
    locs: dict = field(default_factory=dict)  # DocPath -> (key node or None, value node); spans made on demand
    problems: list = field(default_factory=list)  # LoadProblem
    empty: bool = False  # the file holds no YAML document at all
    readable: bool = True  # False when the bytes could not be decoded or parsed

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def locate(self, path: DocPath, part: str = "value") -> Span:
        """Map a document path to its position.

        ``part`` is ``"value"`` (the default) or ``"key"``.  A path that does not
        exist in the file (a missing key) points at its nearest existing
        ancestor's key, so "缺少 总计" lands on ``金额``.  Collections point at
        their key, not at their whole multi-line body.
        """
        path = tuple(path)
        missing = False
        while path and path not in self.locs:
            path = path[:-1]
            missing = True
        loc = self.locs.get(path)
        if loc is None:
            return Span(1, 1, 1, 2)
        key_node, value_node = loc
        if (part == "key" or missing) and key_node is not None:
            return _span(key_node)
        return _span(value_node)


def format_path(path: DocPath) -> str:
    """``('资金使用单位', 0, '项目', 2, '年度指标值')`` → ``资金使用单位[0].项目[2].年度指标值``."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)


# --------------------------------------------------------------------------- reading

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def load_path(path: str | os.PathLike, display: str | None = None) -> Document:
    """Read and parse a file.  OSError (unreadable file) is left to the caller."""
    data = Path(path).read_bytes()
    return load_bytes(data, display if display is not None else str(path))


def load_bytes(raw: bytes, file: str = "<stdin>") -> Document:
    doc = Document(file=file)
    if raw.startswith(_UTF16_BOMS):
        doc.readable = False
        doc.problems.append(LoadProblem("file-encoding", Span(1, 1, 1, 2), {"encoding": "UTF-16"}))
        return doc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        doc.readable = False
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        doc.text = raw.decode("utf-8", errors="replace")
        doc.problems.append(
            LoadProblem(
                "file-encoding",
                Span(line, col, line, col + 1),
                {"byte": f"0x{raw[exc.start]:02X}", "encoding": "UTF-8"},
            )
        )
        return doc
    return load_text(text, file, doc)


def load_text(text: str, file: str = "<string>", doc: Document | None = None) -> Document:
    doc = doc or Document(file=file)
    doc.text = text
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _resolver_class()
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        doc.readable = False
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = (exc.problem or exc.context or "").strip()
        context = (exc.context or "").strip() if exc.problem else ""
        doc.problems.append(
            LoadProblem("yaml-syntax", Span(line, col, line, col + 1), {"problem": problem, "context": context})
        )
        return doc
    except (YAMLError, ValueError) as exc:  # reader errors (control characters) and the like
        doc.readable = False
        line, col = _position_of_error(exc, text)
        if getattr(exc, "character", None) is not None and getattr(exc, "reason", None):
            problem = f"{exc.reason}: 0x{exc.character:02X}" if isinstance(exc.character, int) else str(exc.reason)
        else:
            problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        doc.problems.append(LoadProblem("yaml-syntax", Span(line, col, line, col + 1), {"problem": problem, "context": ""}))
        return doc
    if root is None:
        doc.empty = True
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(root, (), None)
    return doc


_RESOLVER = None


def _resolver_class():
    """ruamel's resolver, with the YAML-version lookup done once per document, not once per scalar.

    ``VersionedResolver.versioned_resolver`` finds the YAML version through two failed
    attribute lookups on every scalar; with the C parser that was half of the compose time.
    The version cannot change within a document, so the first answer is kept.
    """
    global _RESOLVER
    if _RESOLVER is None:
        from ruamel.yaml.resolver import VersionedResolver

        class OnceResolver(VersionedResolver):
            _resolvers = None

            @property
            def versioned_resolver(self):
                if self._resolvers is None:
                    self._resolvers = VersionedResolver.versioned_resolver.fget(self)
                return self._resolvers

        _RESOLVER = OnceResolver
    return _RESOLVER


def _position_of_error(exc: Exception, text: str) -> tuple[int, int]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
    if mark is not None and getattr(mark, "line", None) is not None:
        return mark.line + 1, mark.column + 1
    position = getattr(exc, "position", None)  # ReaderError: a byte offset into the UTF-8 text
    if isinstance(position, int) and position >= 0:
        before = text.encode("utf-8")[:position].decode("utf-8", errors="replace")
        return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    return 1, 1


def _span(node) -> Span:
    s, e = node.start_mark, node.end_mark
    if e.line != s.line or e.column <= s.column:
        # multi-line or empty node: mark its first character only
        return Span(s.line + 1, s.column + 1, s.line + 1, s.column + 2)
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def scalar_value(tag: str, text: str) -> Any:
    """Turn a resolved scalar into a Python value.  Numbers are exact; dates stay strings."""
    if tag == _INT:
        try:
            t = text.replace("_", "")
            if t.startswith(("0o", "0x", "0b")):
                return int(t, 0)
            return int(t)
        except ValueError:
            return text
    if tag == _FLOAT:
        try:
            d = Decimal(text.replace("_", ""))
        except InvalidOperation:
            return text  # .inf / .nan are no amounts; the schema reports them
        return d if d.is_finite() else text
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _NULL:
        return None
    return text


class _Builder:
    """Node tree → plain data, recording the nodes of every path and the duplicate keys."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.active: set[int] = set()  # ids of collections being built (alias cycles)

    def build(self, node, path: tuple, key_node):
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self.doc.locs[path] = (key_node, node)
        if isinstance(node, MappingNode):
            if id(node) in self.active:
                return {}
            self.active.add(id(node))
            out: dict = {}
            seen: dict = {}
            for knode, vnode in node.value:
                key = self._key(knode)
                if key in seen:
                    self.doc.problems.append(
                        LoadProblem("duplicate-key", _span(knode), {"key": key, "first_line": seen[key].start_mark.line + 1})
                    )
                    continue  # the first occurrence is the one goallint reads
                seen[key] = knode
                out[key] = self.build(vnode, path + (key,), knode)
            self.active.discard(id(node))
            return out
        if isinstance(node, SequenceNode):
            if id(node) in self.active:
                return []
            self.active.add(id(node))
            items = [self.build(item, path + (i,), None) for i, item in enumerate(node.value)]
            self.active.discard(id(node))
            return items
        if node.style:  # quoted or block scalars are strings whatever they look like
            return node.value
        return scalar_value(node.tag, node.value)

    @staticmethod
    def _key(knode) -> Any:
        from ruamel.yaml.nodes import ScalarNode

        if isinstance(knode, ScalarNode):
            # keys are compared as text: 2021 and "2021" are the same heading
            return knode.value
        return f"<{type(knode).__name__}@{knode.start_mark.line + 1}>"
