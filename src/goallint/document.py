"""Read a table file: bytes → text → YAML node tree → plain data with a position for every value.

This is the first stage of goallint's one path from bytes to findings.  It never
raises on bad input: a wrong encoding, a YAML syntax error, a duplicate key, a file
over a limit, an alias or a tag become :class:`LoadProblem` entries on the returned
:class:`Document`, and the file-level rules (``yaml-syntax``, ``duplicate-key``,
``file-encoding``, ``input-limit``, ``unsupported-yaml``) report them like any other finding.

Parsing uses ruamel.yaml's C parser (``typ='safe'``, ``pure=False``); its events carry
marks, so every key and value keeps its line and column.
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

No node tree is composed: the data is built straight from the C parser's events
(:class:`_EventBuilder`), since a node and its two marks weigh several times the value they
hold (a 10,000-project table peaked at 165 MB composed, against 40 MB of data).  What
:meth:`Document.locate` needs is kept compactly: for every mapping and list of the data, one
array of the character offsets of its keys and values (``Document._offsets``, found by the
container's identity), and line starts are computed only when a position is asked for.  The resolver's answer and the Python value of a
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

from goallint.limits import DEFAULT_LIMITS, MAX_DIGITS, MAX_REPORTED, Limits

PathKey = Union[str, int]
DocPath = tuple  # tuple[PathKey, ...]


@dataclass(frozen=True, slots=True)
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
    _prefixes: dict = field(default_factory=dict, repr=False, compare=False)  # path -> _walk's answer: findings share ancestors

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
        if self._root is None:
            return Span(1, 1, 1, 2)
        path = tuple(path)
        try:
            _, key, value, missing = self._walk(path)
        except TypeError:  # an unhashable step: no memo
            key, value, missing = self._find(path)
        start, end = key if (part == "key" or missing) and key is not None else value
        return self.span_of(start, end)

    def scalar_at(self, path: DocPath) -> tuple[int, int, str] | None:
        """(start, end, style) of the scalar value at ``path``, its style as the C parser says it:
        ``""`` plain, ``'`` or ``"`` quoted, ``|`` or ``>`` a block; None when the file has no such
        path or it holds a mapping or a list.  What :attr:`locs` would say, without making nodes."""
        if self._root is None:
            return None
        try:
            value, _, (start, end), missing = self._walk(tuple(path))
        except TypeError:  # an unhashable step names nothing in the file
            return None
        if missing or isinstance(value, (dict, list)):
            return None
        style = ""
        if isinstance(value, str) and not isinstance(value, NumberText):
            first = _without_properties(self.text[start:end])[:1]
            style = first if first in ("'", '"', "|", ">") else ""
        return start, end, style

    def _walk(self, path: tuple):
        """(node, key offsets or None, value offsets, missing) of the longest prefix of ``path`` the
        file has, as :meth:`_find` works it out, each prefix worked out once per document."""
        found = self._prefixes.get(path)
        if found is not None:
            return found
        if not path:
            found = (self.data, None, self._root, False)
        else:
            node, key, value, missing = self._walk(path[:-1])
            step = path[-1]
            offsets = None if missing or not isinstance(node, (dict, list)) else self._offsets.get(id(node))
            i = None if offsets is None else self._index(node, step) if isinstance(node, dict) else step
            if i is None or (isinstance(node, list) and (not isinstance(step, int) or not 0 <= step < len(node))):
                found = (node, key, value, True)
            elif isinstance(node, dict):
                at = 4 * i
                found = (node[step], (offsets[at], offsets[at + 1]), (offsets[at + 2], offsets[at + 3]), False)
            else:
                at = 2 * i
                found = (node[step], None, (offsets[at], offsets[at + 1]), False)
        self._prefixes[path] = found
        return found

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
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    collecting = gc.isenabled()
    if collecting:
        gc.disable()  # building makes no cycles; the collector would only rescan what it made
    try:
        if not _EventBuilder(doc).build(text, limits):  # checked as it is built, in one pass
            doc.readable = False
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


class _Over(Exception):
    """A text went past a limit: its ``input-limit`` problem is recorded and nothing is built."""


def _checked(events, doc: Document, limits: Limits, seen: dict):
    """ruamel's events (made without recursion, nothing composed), checked for what must not be built.

    Records an ``input-limit`` problem for the first level past ``max_depth`` or node past
    ``max_nodes`` and raises :class:`_Over`; records an ``unsupported-yaml`` problem for every
    alias and tag (the first :data:`~goallint.limits.MAX_REPORTED`, then their count) and counts
    the aliases in ``seen["aliases"]`` (a text with aliases is not built).  Syntax errors
    propagate, as from composing.
    """
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    depth = nodes = unsupported = 0
    more = None  # the one problem that counts the aliases and tags past MAX_REPORTED
    for event in events:
        if isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, NodeEvent):
            nodes += 1
            index = event.start_mark.index
            if nodes > limits.max_nodes:
                doc.problems.append(LoadProblem("input-limit", doc.span_of(index), {"limit": "nodes", "max": limits.max_nodes}))
                raise _Over
            alias = isinstance(event, AliasEvent)
            if alias or event.tag is not None:
                unsupported += 1
                seen["aliases"] += alias
                if unsupported <= MAX_REPORTED:
                    args = {"alias": _clip(event.anchor)} if alias else {"tag": _clip(_tag_as_written(event.tag))}
                    doc.problems.append(LoadProblem("unsupported-yaml", doc.span_of(index), args))
                else:
                    if more is None:
                        more = LoadProblem("unsupported-yaml", doc.span_of(index), {})
                        doc.problems.append(more)
                    more.args["more"] = unsupported - MAX_REPORTED
            if not alias and isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    doc.problems.append(LoadProblem("input-limit", doc.span_of(index), {"limit": "depth", "max": limits.max_depth}))
                    raise _Over
        yield event


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


class _EventBuilder:
    """Plain data straight from the C parser's events, without composing a node tree.

    It builds what building from ruamel's composed node tree built (checked against it:
    data, offsets, duplicate keys, and the composer's errors for a second document and a
    reused anchor), but holds only the data and the event at hand: a node tree with its
    marks peaks at several times the data (a 10,000-project table: 165 MB against 40 MB).
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list = []  # duplicate keys: the document's only once the whole text composed

    def build(self, text: str, limits: Limits) -> bool:
        """Build the document's data from ``text``; False when it was not built.

        Every event is checked as it comes (:func:`_checked`): past a limit, or once an alias is
        found, building stops and the rest of the text is only checked, so a text with aliases
        gets a problem for each of them and is not built; a composer error (a second document, a
        reused anchor) is raised only for a text found within the limits and without aliases."""
        try:
            return self._build(text, limits)
        except _Over:
            self._discard()
            return False
        except BaseException:  # a syntax or composer error: the caller reports it
            self._discard()
            raise

    def _discard(self) -> None:
        """Forget what was built of a text that is not built after all."""
        self.doc._offsets.clear()
        self.doc._complex_keys.clear()

    def _build(self, text: str, limits: Limits) -> bool:
        from ruamel.yaml import YAML
        from ruamel.yaml.composer import ComposerError
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )
        from ruamel.yaml.nodes import ScalarNode

        doc = self.doc
        offsets_of = doc._offsets
        resolve = _resolver_class()().resolve
        anchors: dict = {}
        # a frame: [container, offsets, start mark, is a mapping, pending key or _NO_KEY, its (start, end),
        #           it is a scalar, it is a duplicate (its value is read, not kept)]
        stack: list = []
        root = root_mark = None
        documents = 0
        skip = 0  # > 0: inside a duplicate key's value, this many collections deep
        events = YAML(typ="safe", pure=False).parse(text)
        seen = {"aliases": 0}
        stream = _checked(events, doc, limits, seen)
        deferred = None  # a composer error, raised once the whole text is checked
        try:
            for event in stream:
                kind = type(event)
                starts = kind is MappingStartEvent or kind is SequenceStartEvent
                ends = kind is MappingEndEvent or kind is SequenceEndEvent
                if starts or kind is ScalarEvent:
                    if event.anchor is not None:  # composing registers every anchor, kept or not
                        if event.anchor in anchors:
                            deferred = ComposerError("found duplicate anchor; first occurrence", anchors[event.anchor], "second occurrence", event.start_mark)
                            break
                        anchors[event.anchor] = event.start_mark
                    if root_mark is None:
                        root_mark = event.start_mark
                if skip:
                    skip += 1 if starts else -1 if ends else 0
                    continue
                if kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        deferred = ComposerError("expected a single document in the stream", root_mark, "but found another document", event.start_mark)
                        break
                    continue
                if kind is AliasEvent:  # the first alias: the text is not built
                    break
                if not (starts or ends or kind is ScalarEvent):
                    continue
                frame = stack[-1] if stack else None
                is_key = frame is not None and frame[3] and frame[4] is _NO_KEY
                if frame is not None and not is_key and frame[7] and (starts or kind is ScalarEvent):
                    frame[4], frame[7] = _NO_KEY, False  # a duplicate key's value: the first one is what goallint reads
                    skip = 1 if starts else 0
                    continue
                if kind is ScalarEvent:
                    start, end = event.start_mark.index, event.end_mark.index
                    if is_key:
                        self._key(frame, event.value, start, end, True)
                        continue
                    text_ = event.value
                    if event.style:  # quoted or block scalars are strings whatever they look like
                        value = text_
                    else:
                        tag = event.tag
                        ctag = resolve(ScalarNode, text_, event.implicit) if tag is None or tag == "!" else None
                        shared = _PLAIN.get(text_) if ctag is not None else None
                        if shared is not None and shared[0] is ctag:
                            value = shared[1]
                        else:
                            value = scalar_value(str(ctag) if ctag is not None else tag, text_)
                            if ctag is not None and ctag is _TAGS.get(text_):
                                _PLAIN[text_] = (ctag, value)
                    root = self._value(frame, value, start, end, root)
                elif starts:
                    stack.append([{} if kind is MappingStartEvent else [], array("q"), event.start_mark, kind is MappingStartEvent, _NO_KEY, None, True, False])
                else:
                    container, offsets, start_mark, mapping = stack.pop()[:4]
                    start, end = start_mark.index, event.end_mark.index
                    frame = stack[-1] if stack else None
                    if frame is not None and frame[3] and frame[4] is _NO_KEY:  # a mapping or a list as a key
                        self._key(frame, f"<{'MappingNode' if mapping else 'SequenceNode'}@{doc.position(start)[0]}>", start, end, False)
                        continue
                    offsets_of[id(container)] = offsets
                    root = self._value(frame, container, start, end, root)
            for _ in stream:  # after a stop, the rest of the text is only checked (an exhausted stream yields nothing)
                pass
        finally:
            events.close()
        if seen["aliases"]:
            self._discard()
            return False
        if deferred is not None:
            raise deferred
        doc.problems.extend(self.problems)
        if root is None:
            doc.empty = True
            return True
        doc.data, doc._root = root[0], (root[1], root[2])
        return True

    def _key(self, frame: list, key: str, start: int, end: int, scalar: bool) -> None:
        if scalar and len(key) <= _SHARED_LENGTH and len(_KEYS) < _SHARED_MAX:
            key = _KEYS.setdefault(key, key)
        container, offsets = frame[0], frame[1]
        if key in container:
            first = offsets[4 * list(container).index(key)]
            self.problems.append(
                LoadProblem("duplicate-key", self.doc.span_of(start, end), {"key": key, "first_line": self.doc.position(first)[0]})
            )
            frame[7] = True  # the value that follows is read, not kept
        frame[4], frame[5], frame[6] = key, (start, end), scalar

    def _value(self, frame, value, start: int, end: int, root):
        """Keep a value in its container (or as the root); the root (value, start, end)."""
        if frame is None:
            return (value, start, end)
        container, offsets = frame[0], frame[1]
        if frame[3]:
            key, (ks, ke), scalar = frame[4], frame[5], frame[6]
            frame[4] = _NO_KEY
            if not scalar:
                self.doc._complex_keys.add((id(container), len(container)))
            container[key] = value
            offsets.extend((ks, ke, start, end))
        else:
            container.append(value)
            offsets.extend((start, end))
        return root


_NO_KEY = object()
