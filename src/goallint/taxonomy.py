"""The indicator levels of the Guangzhou 项目支出绩效目标表 and their codes (RULES.md §1): the one table.

Level 1 (一级指标): 1 产出指标, 2 效益指标 (also published as 效果指标), 3 满意度指标;
成本指标 is a level-1 name without a code.  An old template's 项目完成指标 is read as
产出指标 (:data:`LEVEL1_ALIASES`) but has no code of its own.

Level 2 (二级指标): 11 数量指标, 12 质量指标, 13 时效指标 (under 1); 21 经济效益,
22 社会效益 (under 2); 31 服务对象满意度 (under 3; any level-2 name with 满意度 in it).
A level-2 code belongs to the level-1 code it starts with.

Names are compared by their stem: NFKC, outer spaces and one trailing 指标 removed,
so 产出指标 = 产出 and 31-满意度指标 agrees.  A published level may carry its code in
front (``1-产出指标``): :func:`split_code`.

Imported at start-up (through :mod:`goallint.model`): standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "LEVEL1",
    "LEVEL1_CODES",
    "LEVEL1_ALIASES",
    "LEVEL2_CODES",
    "stem",
    "split_code",
    "normal_code",
    "level_code",
    "code_name",
    "check_code",
    "canonical_level1",
]

# Level-1 stems and the canonical name each stands for.
LEVEL1 = {"产出": "产出指标", "效益": "效益指标", "效果": "效益指标", "满意度": "满意度指标", "成本": "成本指标"}
LEVEL1_CODES = {"1": "产出指标", "2": "效益指标", "3": "满意度指标"}
# An old template's 项目完成指标 is its 产出; 投入 is kept as its own level.
LEVEL1_ALIASES = {"项目完成": "产出指标", "完成": "产出指标"}
LEVEL2_CODES = {
    "11": "数量指标",
    "12": "质量指标",
    "13": "时效指标",
    "21": "经济效益",
    "22": "社会效益",
    "31": "服务对象满意度",
}

_LEVEL1_CODE_OF = {name: code for code, name in LEVEL1_CODES.items()}
_LEVEL2_STEMS = {"数量": "11", "质量": "12", "时效": "13", "经济效益": "21", "社会效益": "22"}
_SATISFACTION = ("满意度", "31")  # any level-2 stem containing 满意度 is 31

# ``1-产出指标``, ``1．产出指标``, ``11、数量指标``, ``1.1-数量``: the code and what follows it.
_CODE_PREFIX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-－—.、．]\s*")


def stem(name: str) -> str:
    """A level name as compared: NFKC, outer spaces and one trailing 指标 removed (产出指标 → 产出)."""
    name = unicodedata.normalize("NFKC", name).strip()
    return name[: -len("指标")] if name.endswith("指标") else name


def split_code(name: str) -> tuple[str | None, str]:
    """``'1-产出指标'`` → ``('1', '产出指标')``; ``'产出指标'`` → ``(None, '产出指标')``.

    The code is returned as written (compare it through :func:`normal_code`).
    """
    m = _CODE_PREFIX.match(name)
    if m:
        return m.group(1), name[m.end():].strip()
    return None, name.strip()


def normal_code(code: str) -> str:
    """A written code as compared: NFKC digits, no spaces, no dot (``１`` → ``1``, ``1.1`` → ``11``)."""
    return unicodedata.normalize("NFKC", code).strip().replace(".", "")


def level_code(level: int, name: Any) -> str | None:
    """The code of a level-1 or level-2 name, or None (a name without a code, or not a name).

    ``level_code(1, '产出指标') == '1'``, ``level_code(1, '效果') == '2'``,
    ``level_code(2, '服务对象满意度') == '31'``, ``level_code(2, '成本指标') is None``.
    """
    if not isinstance(name, str):
        return None
    s = stem(name)
    if level == 1:
        return _LEVEL1_CODE_OF.get(LEVEL1.get(s, ""))
    if s in _LEVEL2_STEMS:
        return _LEVEL2_STEMS[s]
    return _SATISFACTION[1] if _SATISFACTION[0] in s else None


def code_name(level: int, code: str) -> str | None:
    """The canonical name of a code (``1`` → 产出指标, ``21`` → 经济效益), or None when unknown."""
    return (LEVEL1_CODES if level == 1 else LEVEL2_CODES).get(normal_code(code))


def check_code(level: int, code: str, name: str, parent: str | None = None) -> str | None:
    """Whether a published ``code-name`` level holds together; None when it does, else why not.

    ``"unknown-code"``: the code is not in the table; ``"wrong-parent"``: a level-2 code
    that does not belong to ``parent`` (the item's level-1 code as written);
    ``"code-name"``: the name is another code's; ``"unknown-name"``: the name has no code.
    """
    code = normal_code(code)
    if code_name(level, code) is None:
        return "unknown-code"
    if level == 2 and parent is not None and code[0] != normal_code(parent):
        return "wrong-parent"
    expected = level_code(level, name)
    if expected == code:
        return None
    return "unknown-name" if expected is None else "code-name"


def canonical_level1(name: Any) -> str | None:
    """The canonical 一级指标 for a published name: 效果指标 → 效益指标, 1-产出指标 → 产出指标."""
    if not isinstance(name, str):
        return None
    code, bare = split_code(name)
    s = stem(bare)
    if s in LEVEL1:
        return LEVEL1[s]
    if s in LEVEL1_ALIASES:
        return LEVEL1_ALIASES[s]
    if code is not None and not bare:
        return LEVEL1_CODES.get(normal_code(code))
    return None
