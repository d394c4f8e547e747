"""Check functions: the mechanism behind the rules declared in ``rules/``.

Each function takes the item its rule's ``scope`` names and a
:class:`goallint.api.Context`, and yields :class:`goallint.api.Problem`.
"""
