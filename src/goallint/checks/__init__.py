"""Check functions of the built-in rule pack: the mechanism behind the rules in ``rules/``.

One module per rule family, named like the family folder of the rule files:
:mod:`~goallint.checks.file`, :mod:`~goallint.checks.amounts`,
:mod:`~goallint.checks.indicators`, :mod:`~goallint.checks.targets`,
:mod:`~goallint.checks.goal`.  Each function is declared with
:func:`goallint.api.check` (its scope, message arguments, variants and options), takes
the item its rule's ``scope`` names and a :class:`goallint.api.Context`, and yields
:class:`goallint.api.Problem`.
"""
