"""The indicator levels and codes as the importers and the exporter use them: the built-in
pack's default frame (``rules/frames/gz-2lvl.yaml``, see :mod:`goallint.frames`).

Level 1 (一级指标): 1 产出指标, 2 效益指标 (also published as 效果指标), 3 满意度指标.
Level 2 (二级指标): 11 数量指标, 12 质量指标, 13 时效指标, 14 成本指标 (under 1); 21 经济效益,
22 社会效益, 23 生态效益, 24 可持续影响 (under 2); 31 服务对象满意度 (under 3; any level-2
name with 满意度 in it).  A level-2 code belongs to the level-1 code it starts with.

The checks read the frame the run chose (``Indicator.level1``); reading a published table
has no configuration, so the importers use the built-in default.
"""

from __future__ import annotations

from typing import Any

from goallint.frames import normal_code, split_code, stem

__all__ = ["stem", "split_code", "normal_code", "level_code", "code_name", "check_code", "canonical_level1", "default_frame"]


def default_frame():
    """The built-in pack's default frame."""
    from goallint.packs import builtin_catalog

    return builtin_catalog().frame()


def level_code(level: int, name: Any) -> str | None:
    """The code of a level-1 or level-2 name, or None (a name without a code, or not a name).

    ``level_code(1, '产出指标') == '1'``, ``level_code(1, '效果') == '2'``,
    ``level_code(2, '服务对象满意度') == '31'``.
    """
    return default_frame().code_of(level, name)


def code_name(level: int, code: str) -> str | None:
    """The canonical name of a code (``1`` → 产出指标, ``21`` → 经济效益), or None when unknown."""
    return default_frame().name_of(level, code)


def check_code(level: int, code: str, name: str, parent: str | None = None) -> str | None:
    """Whether a published ``code-name`` level holds together (see :meth:`Frame.check_code`)."""
    return default_frame().check_code(level, code, name, parent)


def canonical_level1(name: Any) -> str | None:
    """The canonical 一级指标 for a published name: 效果指标 → 效益指标, 1-产出指标 → 产出指标."""
    return default_frame().level1(name).canonical
