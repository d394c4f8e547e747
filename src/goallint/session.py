"""From a configuration and the command line to what runs: packs → catalogue → chosen rules.

Every command that checks tables (``check``, ``export``, ``test-pack``) and the tests
prepare a run through :func:`prepare`, so selection, severities, typed options, the frame
and renamed rules behave the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from goallint.catalog import Catalog
from goallint.config import Config, load_config
from goallint.engine import RuleSet, ruleset


@dataclass
class Session:
    config: Config
    catalog: Catalog
    rules: RuleSet
    warnings: list[str] = field(default_factory=list)


def prepare(
    config: Path | None = None,
    *,
    packs: Iterable[Path] = (),
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    preview: bool = False,
    frame: str | None = None,
    start: Path | None = None,
    settings: Config | None = None,
) -> Session:
    """Load the configuration (given, found from ``start``, or none), the packs (built-in,
    installed, ``packs`` and ``GOALLINT_PACKS``, the configuration's), and choose the rules.

    ``select`` replaces the configuration's; ``ignore`` extends it.
    """
    from goallint.packs import explicit_pack_dirs, load_catalog

    if settings is None:
        settings = load_config(config, start)
    catalog = load_catalog(explicit_pack_dirs(packs), settings.packs)
    rules, options = settings.apply(catalog)
    view = Catalog(catalog.packs, rules, catalog.frames, catalog.vocabularies, catalog.default_frame, catalog.warnings)
    chosen = view.select(select or settings.select, settings.ignore + list(ignore or []), preview or settings.preview)
    run = ruleset(view, chosen, options, frame or settings.frame)
    return Session(settings, view, run, view.warnings)
