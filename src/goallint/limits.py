"""What goallint will read, and a cheap proof that a text stays within it.

goallint reads files it did not write.  Before any expensive work the loader
checks a file against these limits; a file over a limit is an ``input-limit``
finding for that file, never a crash, a hang or an exhausted memory:

- ``max_bytes``: the file's size.  Reading stops at ``max_bytes + 1`` bytes, so a
  device or an endless stream is never read to its end.
- ``max_depth``: how deeply collections nest.  ruamel's C composer recurses once per
  level (``[`` × 30000 is a segmentation fault); a table nests about 8 levels.
- ``max_nodes``: how many values (scalars and collections) the file holds.  Every node
  costs several hundred bytes once composed: 5 MB of ``[1,1,1,…]`` needs 2 GB.

Numbers are bounded too, by a constant rather than a parameter: only plain decimal
notation with at most :data:`MAX_DIGITS` digits is read as a number (anything else
is text and a ``schema`` finding), so no exponent ever reaches a formatter or an
arithmetic operation.

Depth, node count, aliases and tags are found on ruamel's event stream, which the
C parser produces without recursion, while the data is built from the same events
(``goallint.document._checked``): past a limit, or at an alias, building stops and the rest
of the text is only checked.  :func:`provably_within` first looks at the text: when it proves
the limits cannot be exceeded and that the text holds no alias or tag, the events are not
checked at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000
MAX_DIGITS = 20
MAX_REPORTED = 20  # alias and tag findings listed per file; the rest are counted


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES


DEFAULT_LIMITS = Limits()

# an opening bracket right after a letter, digit or ideograph (``晋政办发[2018]96号``) is text: a flow
# collection starts only at the start, after white space or after an indicator (``: [``, ``{"a":[``,
# ``[[``, ``, {``); inside a flow collection a plain scalar ends before a bracket, so ``a[`` there is
# a syntax error before any nesting
_BRACKETS = re.compile(r"(?<!\w)[\[{]|[\]}]")


@lru_cache(maxsize=None)
def _leading_run(length: int, start: str) -> re.Pattern:
    """``start`` (a line's start) followed by ``length`` indentation or indicator characters."""
    return re.compile(r"%s[\ufeff \t?:-]{%d}" % (start, length))


def provably_within(text: str, limits: Limits = DEFAULT_LIMITS) -> bool:
    """True only if ``text`` cannot exceed the depth or node limits and has no alias or tag.

    False means "not proven", not "over the limit": the loader then checks every event.
    The bounds are sound, never tight:

    - aliases need a ``*``, tags a ``!`` (an anchor ``&`` alone is harmless: nothing refers to it);
    - nodes: every node but the root is a sequence entry, a mapping key or a mapping value,
      and each is brought in by an indicator of its own: ``-`` (one entry), or ``[``, ``{``,
      ``,``, ``?``, ``:`` (at most two: a key and its value, or a pair's mapping and its key).
      ``len(text)`` bounds the indicators, or else they are counted;
    - flow nesting (``[``/``{``): the number of opening brackets or, when there are many, a
      running count of those that can open a collection (not right after a letter, digit or
      ideograph: ``发[2018]`` is text).  A closing bracket lowers it only where it cannot be text: before the
      first quote character of the file (after it, a quoted scalar may hold brackets over
      several lines) and with no ``#`` earlier on its line (a comment may hold brackets).
      Anywhere else a bracket that is not a real one stands where no flow collection is open;
    - block nesting: the block collections enclosing a node start at non-decreasing
      columns, at most two at the same column (a sequence directly under a mapping key), and
      a block collection starts after a line's indentation and compact indicators (``- ``,
      ``? ``, ``: ``).  So ``2 × (longest such run + 1)`` bounds them.
    """
    if "*" in text or "!" in text:
        return False
    if 2 * len(text) + 1 > limits.max_nodes:
        indicators = sum(text.count(c) for c in "[{,?:")
        if 1 + text.count("-") + 2 * indicators > limits.max_nodes:
            return False
    top = text.count("[") + text.count("{")
    if top > limits.max_depth // 2:
        top = _flow_depth(text, limits.max_depth)
    run = (limits.max_depth - top) // 2  # a leading run this long could let block nesting reach the limit
    if run <= 0:
        return False
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return _leading_run(run, r"(?:\A|[\n\r\x85\u2028\u2029])").search(text) is None
    return _leading_run(run, r"\A").match(text) is None and _leading_run(run, r"\n").search(text) is None


def _flow_depth(text: str, most: int) -> int:
    """A bound on the nesting of flow collections (``most`` once it reaches ``most``)."""
    quote = min((i for i in (text.find('"'), text.find("'")) if i >= 0), default=len(text))
    flow = top = 0
    for m in _BRACKETS.finditer(text):
        i = m.start()
        if text[i] in "[{":
            flow += 1
            if flow > top:
                top = flow
                if top >= most:
                    return most
        elif flow and i < quote and text.find("#", text.rfind("\n", 0, i) + 1, i) < 0:
            flow -= 1
    return top
