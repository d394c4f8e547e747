"""Where goallint's data (``schemas/``, ``rules/``) lives: inside the wheel, or at the repository root."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """``schemas`` or ``rules``: the copy shipped in the wheel, else the source checkout's."""
    shipped = _PACKAGE / "_data" / name
    if shipped.is_dir():
        return shipped
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"goallint data folder '{name}' not found (looked in {shipped} and {checkout})")
