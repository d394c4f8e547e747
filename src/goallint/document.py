"""Read a table file: bytes → text → YAML node tree → plain data with a position for every value.

This is the first stage of goallint's one path from bytes to findings.  It never
raises on bad input: a wrong encoding, a YAML syntax error, a duplicate key, a file
over a limit, an alias or a tag become :class:`LoadProblem` entries on the returned
:class:`Document`, and the file-level rules (``yaml-syntax``, ``duplicate-key``,
``file-encoding``, ``input-limit``, ``unsupported-yaml``) report them like any other finding.

Parsing uses ruamel.yaml's C parser (``typ='safe'``, ``pure=False``) and composes the
node tree only; nodes carry marks, so every key and value keeps its line and column.
Scalars become Python values here, with one rule that matters: a number is read
from the scalar's own text, never through a float, and only when it is written in
plain decimal notation (``528``, ``8.00``, ``-3.5``): ``8.00`` becomes ``Decimal("8.00")``.
Any other form YAML reads as a number (``0x210``, ``1_000``, ``1e3``, ``+5``, ``.5``,
``.inf``), and a number with more than :data:`~goallint.limits.MAX_DIGITS` digits, stays
its text as a :class:`NumberText`, which the schema reports; so no exponent ever
reaches a formatter or an arithmetic operation.  Dates stay strings.

Limits come before the work (:mod:`goallint.limits`): the size before decoding, and
depth, node count, aliases and tags on the event stream before composing, unless a
cheap look at the text proves them absent.  An alias is never expanded: a file
using one is reported (``unsupported-yaml``) and not composed.

Lines are counted as editors count them: ``\n``, ``\r\n`` and ``\r`` end a line;
U+2028, U+2029 and U+0085, which YAML also treats as line breaks, do not.  Every
position is mapped from ruamel's character index through :meth:`Document.position`.

The node tree is dropped once the data is built: a node and its two marks weigh several
times the value they hold.  What :meth:`Document.locate` needs stays, compactly: for every
mapping and list of the data, one array of the character offsets of its keys and values
(``Document._offsets``, found by the container's identity), and line starts are computed
only when a position is asked for.  The resolver's answer and the Python value of a
plain scalar are computed once per distinct text and shared (:data:`_PLAIN`), as are
keys, so a table that repeats 产出指标 ten thousand times holds it once.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
from array import array
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Union

from goallint.limits import DEFAULT_LIMITS, MAX_DIGITS, MAX_REPORTED, Limits, provably_within

PathKey = Union[str, int]
DocPath = tuple  # tuple[PathKey, ...]


@dataclass(frozen=True)
class Span:
    """A 1-based, end-exclusive range of characters in the file."""

    line: int
    column: int
    end_line: int
    end_column: int


class NumberText(str):
    """A scalar YAML reads as a number but goallint does not: not plain decimal notation, or too many digits.

    It keeps the text as written (``0x210``, ``1e3``) so messages can quote it.  Rules
    see text, never a number; the schema reports it where a number belongs.
    """

    __slots__ = ()


@dataclass(frozen=True)
class LoadProblem:
    slug: str  # yaml-syntax | duplicate-key | file-encoding | input-limit | unsupported-yaml
    span: Span
    args: dict


@dataclass
class Document:
    file: str
    text: str = ""
    data: Any = None
    problems: list = field(default_factory=list)  # LoadProblem
    empty: bool = False  # the file holds no YAML document at all
    readable: bool = True  # False when the bytes could not be decoded or parsed, or were not composed
    _starts: Any = field(default=None, repr=False, compare=False)  # index of each line's first character
    # where the data came from, kept compactly (see the module docstring): the root value's
    # (start, end); per container id, its children's offsets (a mapping: key start, key end,
    # value start, value end per key kept; a list: value start, value end per item)
    _root: tuple | None = field(default=None, repr=False, compare=False)
    _offsets: dict = field(default_factory=dict, repr=False, compare=False)
    _complex_keys: set = field(default_factory=set, repr=False, compare=False)  # (container id, i): a key that is no scalar
    _key_index: dict = field(default_factory=dict, repr=False, compare=False)  # container id -> {key: i}, for large mappings

    @property
    def lines(self) -> list[str]:
        """The text's lines, split at ``\n``, ``\r\n`` and ``\r`` only, as editors do."""
        return split_lines(self.text)

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``index`` (ruamel's ``mark.index``)."""
        if self._starts is None:
            self._starts = array("q", line_starts(self.text))
        line = bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1

    def span_of(self, start: int, end: int | None = None) -> Span:
        """The span from character ``start`` to ``end``; one character when it is empty or spans lines."""
        line, col = self.position(start)
        if end is not None and end > start:
            end_line, end_col = self.position(end)
            if end_line == line:
                return Span(line, col, line, end_col)
        return Span(line, col, line, col + 1)

    def locate(self, path: DocPath, part: str = "value") -> Span:
        """Map a document path to its position.

        ``part`` is ``"value"`` (the default) or ``"key"``.  A path that does not
        exist in the file (a missing key) points at its nearest existing
        ancestor's key, so "缺少 总计" lands on ``金额``.  Collections point at
        their key, not at their whole multi-line body.
        """
        found = self._find(tuple(path))
        if found is None:
            return Span(1, 1, 1, 2)
        key, value, missing = found
        start, end = key if (part == "key" or missing) and key is not None else value
        return self.span_of(start, end)

    def _find(self, path: tuple, nodes: bool = False):
        """(key offsets or None, value offsets, missing) of the longest prefix of ``path`` the file
        has; with ``nodes``, also that prefix's key and value."""
        if self._root is None:
            return None
        node, key, value, name = self.data, None, self._root, None
        for step in path:
            offsets = self._offsets.get(id(node)) if isinstance(node, (dict, list)) else None
            i = None if offsets is None else self._index(node, step) if isinstance(node, dict) else step
            if i is None or (isinstance(node, list) and (not isinstance(step, int) or not 0 <= step < len(node))):
                return (key, value, True, name, node) if nodes else (key, value, True)
            if isinstance(node, dict):
                at = 4 * i
                key, value = (offsets[at], offsets[at + 1]), (offsets[at + 2], offsets[at + 3])
                name = next(k for j, k in enumerate(node) if j == i) if nodes else None
            else:
                at = 2 * i
                key, value, name = None, (offsets[at], offsets[at + 1]), None
            node = node[name if nodes and name is not None else step]
        return (key, value, False, name, node) if nodes else (key, value, False)

    def _index(self, mapping: dict, key) -> int | None:
        """The position of ``key`` among a mapping's keys (their order is the file's)."""
        try:
            if key not in mapping:
                return None
        except TypeError:  # an unhashable step is no key
            return None
        if len(mapping) <= 16:
            for i, k in enumerate(mapping):
                if k == key:
                    return i
        index = self._key_index.get(id(mapping))
        if index is None:
            index = self._key_index[id(mapping)] = {k: i for i, k in enumerate(mapping)}
        return index[key]

    def scalar_spans(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of every scalar key and value the parser composed, sorted."""
        out = set()
        if self._root is not None and not isinstance(self.data, (dict, list)):
            out.add(self._root)
        stack = [self.data] if isinstance(self.data, (dict, list)) else []
        while stack:
            node = stack.pop()
            offsets = self._offsets.get(id(node))
            if offsets is None:
                continue
            children = node.values() if isinstance(node, dict) else node
            width = 4 if isinstance(node, dict) else 2
            for i, child in enumerate(children):
                at = width * i
                if width == 4 and (id(node), i) not in self._complex_keys:
                    out.add((offsets[at], offsets[at + 1]))
                if isinstance(child, (dict, list)):
                    stack.append(child)
                else:
                    out.add((offsets[at + width - 2], offsets[at + width - 1]))
        return sorted(out)

    @property
    def locs(self) -> "NodeView":
        """Every path of the file → (key node or None, value node), made on demand.

        A compatibility view for code written against the node tree: ``locs.get(path)`` makes
        the two nodes of one path (their kind, tag, style, text and marks) from what the
        document keeps; iterating it makes all of them.  :meth:`locate` and
        :meth:`scalar_spans` are cheaper.
        """
        return NodeView(self)


class NodeView(Mapping):
    """:attr:`Document.locs`: path → (key node or None, value node), each made when asked for."""

    def __init__(self, doc: Document):
        self.doc = doc

    def __bool__(self) -> bool:
        return self.doc._root is not None

    def __getitem__(self, path):
        found = self.doc._find(tuple(path), True)
        if found is None or found[2]:
            raise KeyError(path)
        key, value, _, key_text, node = found
        return (None if key is None else self._node(key_text, key, is_key=True)), self._node(node, value)

    def __iter__(self):
        doc = self.doc
        if doc._root is None:
            return
        stack = [((), doc.data)]
        while stack:
            path, value = stack.pop()
            yield path
            if isinstance(value, dict) and id(value) in doc._offsets:
                stack.extend((path + (k,), v) for k, v in reversed(value.items()))
            elif isinstance(value, list) and id(value) in doc._offsets:
                stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(value))))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _node(self, value, offsets: tuple, is_key: bool = False):
        from ruamel.yaml.error import StreamMark
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
        from ruamel.yaml.tag import Tag

        doc = self.doc
        if is_key and isinstance(value, str) and value.startswith(("<MappingNode@", "<SequenceNode@")) and not doc.text.startswith(value, offsets[0]):
            value = {} if value.startswith("<M") else []  # a key that is itself a mapping or a list
        kind = MappingNode if isinstance(value, dict) else SequenceNode if isinstance(value, list) else ScalarNode
        node = kind.__new__(kind)
        node.start_mark, node.end_mark = (StreamMark(doc.file, i, *(n - 1 for n in doc.position(i))) for i in offsets)
        node.comment = node.anchor = None
        if kind is not ScalarNode:
            node.value, node.ctag = [], Tag(suffix="tag:yaml.org,2002:" + ("map" if kind is MappingNode else "seq"))
            return node
        source = _without_properties(doc.text[offsets[0]:offsets[1]])
        explicit = _explicit_tag(doc.text[offsets[0]:offsets[1]])
        if isinstance(value, str) and not isinstance(value, NumberText) or is_key:
            node.style = source[:1] if source[:1] in ("'", '"', "|", ">") else ""  # "": plain, as the C parser says
            node.value, tag = value, explicit or "tag:yaml.org,2002:str"
        else:  # read as a number, true/false or null: the text as written
            node.style, node.value = "", source
            tag = explicit or str(_resolver_class()().resolve(ScalarNode, source, (True, False)))
        node.ctag = Tag(suffix=tag)
        return node


def _without_properties(source: str) -> str:
    """A node's text without the anchor (``&a``) and tag (``!!int``) written before it."""
    while source[:1] in ("&", "!"):
        parts = source.split(None, 1)
        source = parts[1] if len(parts) > 1 else ""
    return source


def _explicit_tag(source: str) -> str | None:
    for token in source.split()[:2]:
        if token.startswith("!!"):
            return _YAML_TAG + token[2:]
        if token.startswith("!<") and token.endswith(">"):
            return token[2:-1]
        if token.startswith("!"):
            return token
        if not token.startswith("&"):
            return None
    return None


_BREAK = re.compile(r"\r\n?|\n")


def line_starts(text: str) -> list[int]:
    """The index of the first character of every line (lines end at ``\n``, ``\r\n``, ``\r``)."""
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def split_lines(text: str) -> list[str]:
    """Like ``str.splitlines()``, but only ``\n``, ``\r\n`` and ``\r`` end a line."""
    lines = _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the break after the last line does not start another
    return lines


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


def load_path(path: str | os.PathLike, display: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse a file, reading at most ``limits.max_bytes + 1`` bytes.  OSError is left to the caller."""
    with Path(path).open("rb") as stream:
        return load_stream(stream, display if display is not None else str(path), limits)


def load_stream(stream: BinaryIO, file: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse a binary stream (standard input), reading at most ``limits.max_bytes + 1`` bytes."""
    return load_bytes(stream.read(limits.max_bytes + 1), file, limits)


def load_bytes(raw: bytes, file: str = "<stdin>", limits: Limits = DEFAULT_LIMITS) -> Document:
    doc = Document(file=file)
    if len(raw) > limits.max_bytes:
        doc.readable = False
        doc.problems.append(LoadProblem("input-limit", Span(1, 1, 1, 2), {"limit": "bytes", "max": limits.max_bytes}))
        return doc
    if raw.startswith(_UTF16_BOMS):
        doc.readable = False
        doc.problems.append(LoadProblem("file-encoding", Span(1, 1, 1, 2), {"encoding": "UTF-16"}))
        return doc
    body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.readable = False
        doc.text = body.decode("utf-8", errors="replace")
        doc.problems.append(
            LoadProblem(
                "file-encoding",
                doc.span_of(len(body[: exc.start].decode("utf-8"))),
                {"byte": f"0x{body[exc.start]:02X}", "encoding": "UTF-8"},
            )
        )
        return doc
    return load_text(text, file, doc, limits)


def load_text(text: str, file: str = "<string>", doc: Document | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    doc = doc or Document(file=file)
    if text.startswith("\ufeff"):
        text = text[1:]  # ruamel skips a byte-order mark without counting it
    doc.text = text
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    collecting = gc.isenabled()
    if collecting:
        gc.disable()  # composing and building make no cycles; the collector would only rescan what they made
    try:
        if not provably_within(text, limits) and not _event_pass(text, doc, limits):
            doc.readable = False
            return doc
        yaml = YAML(typ="safe", pure=False)
        yaml.Resolver = _resolver_class()
        root = yaml.compose(text)
        if root is None:
            doc.empty = True
            return doc
        doc.data = _Builder(doc).build(root)
        return doc
    except MarkedYAMLError as exc:
        doc.readable = False
        mark = exc.problem_mark or exc.context_mark
        span = doc.span_of(mark.index) if mark is not None else Span(1, 1, 1, 2)
        problem = (exc.problem or exc.context or "").strip()
        context = (exc.context or "").strip() if exc.problem else ""
        doc.problems.append(LoadProblem("yaml-syntax", span, {"problem": problem, "context": context}))
        return doc
    except (YAMLError, ValueError) as exc:  # reader errors (control characters) and the like
        doc.readable = False
        span = doc.span_of(_index_of_error(exc, text))
        if getattr(exc, "character", None) is not None and getattr(exc, "reason", None):
            problem = f"{exc.reason}: 0x{exc.character:02X}" if isinstance(exc.character, int) else str(exc.reason)
        else:
            problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        doc.problems.append(LoadProblem("yaml-syntax", span, {"problem": problem, "context": ""}))
        return doc
    finally:
        if collecting:
            gc.enable()


def _event_pass(text: str, doc: Document, limits: Limits) -> bool:
    """Walk ruamel's event stream (no recursion, nothing composed) for what must not reach the composer.

    Records an ``input-limit`` problem for the first level past ``max_depth`` or node past
    ``max_nodes``, and an ``unsupported-yaml`` problem for every alias and tag (the first
    :data:`~goallint.limits.MAX_REPORTED`, then their count).  True when the text may be composed:
    within the limits and without aliases.  Syntax errors propagate, as from composing.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    depth = nodes = aliases = unsupported = 0
    more = None  # the one problem that counts the aliases and tags past MAX_REPORTED
    events = YAML(typ="safe", pure=False).parse(text)
    try:
        for event in events:
            if isinstance(event, CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, NodeEvent):
                continue
            nodes += 1
            index = event.start_mark.index
            if nodes > limits.max_nodes:
                doc.problems.append(LoadProblem("input-limit", doc.span_of(index), {"limit": "nodes", "max": limits.max_nodes}))
                return False
            alias = isinstance(event, AliasEvent)
            if alias or event.tag is not None:
                unsupported += 1
                aliases += alias
                if unsupported <= MAX_REPORTED:
                    args = {"alias": _clip(event.anchor)} if alias else {"tag": _clip(_tag_as_written(event.tag))}
                    doc.problems.append(LoadProblem("unsupported-yaml", doc.span_of(index), args))
                else:
                    if more is None:
                        more = LoadProblem("unsupported-yaml", doc.span_of(index), {})
                        doc.problems.append(more)
                    more.args["more"] = unsupported - MAX_REPORTED
                if alias:
                    continue
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    doc.problems.append(LoadProblem("input-limit", doc.span_of(index), {"limit": "depth", "max": limits.max_depth}))
                    return False
    finally:
        events.close()
    return aliases == 0


def _tag_as_written(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_RESOLVER = None
_SHARED_LENGTH = 64  # texts up to this long are resolved, converted and kept once
_SHARED_MAX = 50_000  # distinct texts kept across the files of a run before starting afresh
_TAGS: dict = {}  # plain scalar text -> its resolved Tag
_PLAIN: dict = {}  # plain scalar text -> (Tag, Python value)
_KEYS: dict = {}  # key text -> the one str object for it


def _resolver_class():
    """ruamel's resolver, with the YAML-version lookup done once per document, not once per scalar.

    ``VersionedResolver.versioned_resolver`` finds the YAML version through two failed
    attribute lookups on every scalar; with the C parser that was half of the compose time.
    The version cannot change within a document, so the first answer is kept.
    """
    global _RESOLVER
    if _RESOLVER is None:
        from ruamel.yaml.resolver import VersionedResolver

        from ruamel.yaml.nodes import ScalarNode

        class OnceResolver(VersionedResolver):
            _resolvers = None

            @property
            def versioned_resolver(self):
                if self._resolvers is None:
                    self._resolvers = VersionedResolver.versioned_resolver.fget(self)
                return self._resolvers

            def resolve(self, kind, value, implicit):
                # a plain scalar's tag depends on its text alone (YAML 1.2, no path resolvers):
                # resolve each distinct short text once; the same Tag object lets the builder
                # reuse the value made from it
                if kind is ScalarNode and implicit[0] and len(value) <= _SHARED_LENGTH:
                    tag = _TAGS.get(value)
                    if tag is None:
                        tag = VersionedResolver.resolve(self, kind, value, implicit)
                        if len(_TAGS) >= _SHARED_MAX:
                            _TAGS.clear()
                            _PLAIN.clear()
                        _TAGS[value] = tag
                    return tag
                return VersionedResolver.resolve(self, kind, value, implicit)

        _RESOLVER = OnceResolver
    return _RESOLVER


def _index_of_error(exc: Exception, text: str) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
    if mark is not None and getattr(mark, "index", None) is not None:
        return mark.index
    position = getattr(exc, "position", None)  # ReaderError: a byte offset into the UTF-8 text
    if isinstance(position, int) and position >= 0:
        return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    return 0


_YAML_TAG = "tag:yaml.org,2002:"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def scalar_value(tag: str, text: str) -> Any:
    """Turn a resolved scalar into a Python value.  Numbers are exact; dates stay strings."""
    if tag == _INT or tag == _FLOAT:
        return number_value(text)
    if tag == _BOOL:
        return text.lower() == "true"
    if tag == _NULL:
        return None
    return text


def number_value(text: str) -> int | Decimal | NumberText:
    """``528`` → 528, ``8.00`` → ``Decimal("8.00")``; any other notation, or too many digits, stays text."""
    if _PLAIN_NUMBER.fullmatch(text) and len(text) - text.startswith("-") - ("." in text) <= MAX_DIGITS:
        return Decimal(text) if "." in text else int(text)
    return NumberText(text)


def is_plain_number(text: str) -> bool:
    """Plain decimal notation: ``-?[0-9]+(.[0-9]+)?`` (however many digits)."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


class _Builder:
    """Node tree → plain data, recording the offsets of every key and value and the duplicate keys.

    The tree has no shared nodes: a text with aliases is never composed.
    """

    def __init__(self, doc: Document):
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.doc = doc
        self.offsets = doc._offsets
        self.mapping, self.sequence, self.scalar = MappingNode, SequenceNode, ScalarNode

    def build(self, root):
        self.doc._root = (root.start_mark.index, root.end_mark.index)
        return self._value(root)

    def _value(self, node):
        kind = node.__class__
        if kind is self.mapping:
            return self._mapping(node)
        if kind is self.sequence:
            out = []
            offsets = array("q")
            for item in node.value:
                out.append(self._value(item))
                offsets.extend((item.start_mark.index, item.end_mark.index))
            self.offsets[id(out)] = offsets
            return out
        if node.style:  # quoted or block scalars are strings whatever they look like
            return node.value
        text = node.value
        shared = _PLAIN.get(text)
        if shared is not None and shared[0] is node.ctag:
            return shared[1]
        value = scalar_value(node.tag, text)
        if node.ctag is _TAGS.get(text):  # resolved from its text alone: the same text, the same value
            _PLAIN[text] = (node.ctag, value)
        return value

    def _mapping(self, node) -> dict:
        out: dict = {}
        offsets = array("q")
        scalar = self.scalar
        for knode, vnode in node.value:
            if knode.__class__ is scalar:
                # keys are compared as text: 2021 and "2021" are the same heading
                key = knode.value
                key = _KEYS.setdefault(key, key) if len(key) <= _SHARED_LENGTH and len(_KEYS) < _SHARED_MAX else key
            else:
                key = f"<{type(knode).__name__}@{self.doc.position(knode.start_mark.index)[0]}>"
            if key in out:
                first = offsets[4 * list(out).index(key)]
                self.doc.problems.append(
                    LoadProblem(
                        "duplicate-key",
                        self.doc.span_of(knode.start_mark.index, knode.end_mark.index),
                        {"key": key, "first_line": self.doc.position(first)[0]},
                    )
                )
                continue  # the first occurrence is the one goallint reads
            if knode.__class__ is not scalar:
                self.doc._complex_keys.add((id(out), len(out)))
            out[key] = self._value(vnode)
            offsets.extend((knode.start_mark.index, knode.end_mark.index, vnode.start_mark.index, vnode.end_mark.index))
        self.offsets[id(out)] = offsets
        return out
