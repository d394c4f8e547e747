"""Check functions of the built-in rule pack: the mechanism behind the rules in ``rules/``.

One module per rule family, named like the family folder of the rule files:
:mod:`~goallint.checks.file`, :mod:`~goallint.checks.amounts`,
:mod:`~goallint.checks.indicators`, :mod:`~goallint.checks.targets`,
:mod:`~goallint.checks.goal`.  Each function is declared with
:func:`goallint.api.check` (its scope, message arguments, variants and options), takes
the item its rule's ``scope`` names and a :class:`goallint.api.Context`, and yields
:class:`goallint.api.Problem`.
"""

_CACHES: dict = {}


def cache_for(vocab) -> dict:
    """A dict for results a check works out from one vocabulary and a text (a name's direction,
    a value's vague word), kept as long as that vocabulary object: the same text in thousands of
    tables is worked out once.  The entry holds the vocabulary, so its id cannot be reused."""
    entry = _CACHES.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        if len(_CACHES) > 64:
            _CACHES.clear()
        entry = _CACHES[id(vocab)] = (vocab, {})
    if len(entry[1]) > 50_000:
        entry[1].clear()
    return entry[1]


def memo(vocab, text, compute):
    """``compute(text, vocab)``, worked out once per distinct text for as long as the vocabulary lives."""
    known = cache_for(vocab)
    if text not in known:
        known[text] = compute(text, vocab)
    return known[text]
