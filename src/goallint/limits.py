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
of the text is only checked.  The check costs next to nothing beside building; a scan of the
text that proved ordinary tables within the limits, to skip it, cost more than it saved (about
a millisecond per table of the bench corpus) and was removed.
"""

from __future__ import annotations

from dataclasses import dataclass

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
