"""gz-city: an example goallint rule pack (广州市示例规则包).

goallint reads ``pack.yaml`` and the rule folders next to this file; it finds the folder
through the ``goallint.packs`` entry point of this distribution.
"""
