"""Indicator frames: which 一级/二级指标 names (and codes) a table may use, and their aliases.

A frame is data (``frames/*.yaml`` in a rule pack, described by ``schemas/frame.schema.json``).
The built-in pack ships two (RULES.md §1):

* ``gz-2lvl``: the Guangzhou two-level frame, 1 产出 → 11 数量, 12 质量, 13 时效, 14 成本;
  2 效益 → 21 经济效益, 22 社会效益, 23 生态效益, 24 可持续影响; 3 满意度 → 31 服务对象满意度;
* ``mof-2021``: 成本指标 as a 一级指标 with 经济/社会/生态环境成本指标 under it.

Names are compared by their *stem*: NFKC, outer spaces and one trailing 指标 removed, so
产出指标 = 产出 and 社会效益 = 社会效益指标 (:func:`stem`).  A published label may carry its
code in front (``1-产出指标``, ``11、数量指标``): :func:`split_code`.

An alias maps a published label to a canonical name and says whether it is simply accepted
(效果指标 = 效益指标) or worth an info finding (产出值, 项目完成指标).  A level-2 alias may be
limited to one parent (``under``) and may place the indicator under another 一级指标: the old
template's 满意度 二级 written under 效益.  A ``contains`` alias matches any label holding the
text (every level-2 label with 满意度 in it means 服务对象满意度).

Standard library only: frames are built from already-parsed data.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

CANONICAL, ACCEPTED, INFO, UNKNOWN, MISPLACED = "canonical", "accepted", "info", "unknown", "misplaced"

# ``1-产出指标``, ``1．产出指标``, ``11、数量指标``, ``1.1-数量``: the code and what follows it.
_CODE_PREFIX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-－—.、．]\s*")


@lru_cache(maxsize=4096)
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


@dataclass(frozen=True)
class Match:
    """How a frame reads one published 一级 or 二级 label."""

    written: str  # the label without its code, as written
    code: str | None  # the code written in front of it, as written
    canonical: str | None  # the canonical name it stands for; None when unknown
    status: str  # canonical | accepted | info | unknown | misplaced
    parent: str | None = None  # level 2: the 一级指标 it belongs to in the frame
    level1: str | None = None  # level 2: the 一级指标 the indicator counts under (an alias may move it)

    @property
    def known(self) -> bool:
        return self.canonical is not None


@dataclass(frozen=True)
class Alias:
    level: int
    means: str
    status: str  # accepted | info
    label: str | None = None  # compared by stem
    contains: str | None = None  # any label whose stem holds this text
    under: str | None = None  # level 2 only: the written 一级指标 this alias applies under
    counts_as: str | None = None  # level 2 only: the 一级指标 the indicator then counts under


class Frame:
    """One indicator frame: the allowed names and codes of two levels, and the aliases."""

    def __init__(self, name: str, title: dict, levels: list[dict], aliases: list[dict], source: Any = None):
        self.name = name
        self.title = title
        self.source = source
        self.level1_names: tuple[str, ...] = tuple(item["name"] for item in levels)
        self._l1_by_stem = {stem(item["name"]): item["name"] for item in levels}
        self._l1_code = {item["name"]: str(item["code"]) for item in levels if item.get("code") is not None}
        self._l2_by_stem: dict[str, str] = {}
        self._l2_parent: dict[str, str] = {}
        self._l2_code: dict[str, str] = {}
        self.children: dict[str, tuple[str, ...]] = {}
        for item in levels:
            names = []
            for child in item.get("children", []):
                self._l2_by_stem[stem(child["name"])] = child["name"]
                self._l2_parent[child["name"]] = item["name"]
                if child.get("code") is not None:
                    self._l2_code[child["name"]] = str(child["code"])
                names.append(child["name"])
            self.children[item["name"]] = tuple(names)
        self._l1_of_code = {code: name for name, code in self._l1_code.items()}
        self._l2_of_code = {code: name for name, code in self._l2_code.items()}
        self.aliases = tuple(
            Alias(
                level=a["level"],
                means=a["means"],
                status=a.get("status", ACCEPTED),
                label=a.get("label"),
                contains=a.get("contains"),
                under=a.get("under"),
                counts_as=a.get("counts-as"),
            )
            for a in aliases
        )
        self._alias_by_stem = {(a.level, stem(a.label)): a for a in self.aliases if a.label and not a.under}
        self._alias_under = {(stem(a.label), a.under): a for a in self.aliases if a.label and a.under}
        self._contains = tuple(a for a in self.aliases if a.contains)

    def __repr__(self) -> str:
        return f"Frame({self.name!r})"

    # ------------------------------------------------------------ reading labels

    def level1(self, label: Any) -> Match:
        """The 一级指标 a published label stands for."""
        if not isinstance(label, str):
            return Match("", None, None, UNKNOWN)
        return self._level1(label)

    @lru_cache(maxsize=1024)
    def _level1(self, label: str) -> Match:
        code, bare = split_code(label)
        s = stem(bare)
        if s in self._l1_by_stem:
            return Match(bare, code, self._l1_by_stem[s], CANONICAL)
        alias = self._alias_by_stem.get((1, s))
        if alias is not None:
            return Match(bare, code, alias.means, alias.status)
        if not bare and code is not None:
            name = self._l1_of_code.get(normal_code(code))
            return Match(bare, code, name, CANONICAL if name else UNKNOWN)
        if s in self._l2_by_stem:  # a 二级 name written as a 一级 one
            l2 = self._l2_by_stem[s]
            return Match(bare, code, None, MISPLACED, parent=self._l2_parent[l2])
        return Match(bare, code, None, UNKNOWN)

    def level2(self, label: Any, level1: str | None = None) -> Match:
        """The 二级指标 a published label stands for, under the (canonical) 一级指标 ``level1``."""
        if not isinstance(label, str):
            return Match("", None, None, UNKNOWN)
        return self._level2(label, level1)

    @lru_cache(maxsize=1024)
    def _level2(self, label: str, level1: str | None) -> Match:
        code, bare = split_code(label)
        s = stem(bare)
        if level1 is not None:
            alias = self._alias_under.get((s, level1))
            if alias is None:
                alias = next((a for a in self._contains if a.under == level1 and a.contains in s), None)
            if alias is not None:
                parent = self._l2_parent.get(alias.means)
                return Match(bare, code, alias.means, alias.status, parent, alias.counts_as or parent)
        if s in self._l2_by_stem:
            name = self._l2_by_stem[s]
            parent = self._l2_parent[name]
            return Match(bare, code, name, CANONICAL, parent, parent)
        alias = self._alias_by_stem.get((2, s))
        if alias is None:
            alias = next((a for a in self._contains if a.under is None and a.contains in s), None)
        if alias is not None:
            parent = self._l2_parent.get(alias.means)
            return Match(bare, code, alias.means, alias.status, parent, alias.counts_as or parent)
        if not bare and code is not None:
            name = self._l2_of_code.get(normal_code(code))
            if name:
                parent = self._l2_parent[name]
                return Match(bare, code, name, CANONICAL, parent, parent)
            return Match(bare, code, None, UNKNOWN)
        if s in self._l1_by_stem:  # a 一级 name written as a 二级 one
            return Match(bare, code, None, MISPLACED, parent=self._l1_by_stem[s])
        return Match(bare, code, None, UNKNOWN)

    def nearest(self, level: int, label: str) -> str | None:
        """The canonical name closest to an unknown label (for "did you mean")."""
        s = stem(split_code(label)[1])
        if level == 1:
            choices = {stem(n): n for n in self.level1_names}
        else:
            choices = {stem(n): n for n in self._l2_parent}
        choices.update({stem(a.label): a.means for a in self.aliases if a.level == level and a.label})
        close = difflib.get_close_matches(s, list(choices), n=1, cutoff=0.5)
        return choices[close[0]] if close else None

    # ------------------------------------------------------------ codes

    def code_of(self, level: int, name: Any) -> str | None:
        """The code of a bare level-1 or level-2 name (canonical or alias), or None (also for a
        label that already carries a code: ``14-可持续影响`` is not a name)."""
        if not isinstance(name, str) or split_code(name)[0] is not None:
            return None
        match = self.level1(name) if level == 1 else self.level2(name)
        if match.canonical is None:
            return None
        return (self._l1_code if level == 1 else self._l2_code).get(match.canonical)

    def name_of(self, level: int, code: str) -> str | None:
        """The canonical name of a code (``1`` → 产出指标, ``21`` → 经济效益), or None when unknown."""
        return (self._l1_of_code if level == 1 else self._l2_of_code).get(normal_code(code))

    def parent_code(self, code: str) -> str | None:
        """The level-1 code a level-2 code belongs to."""
        name = self.name_of(2, code)
        return self._l1_code.get(self._l2_parent[name]) if name else None

    def check_code(self, level: int, code: str, name: str, parent: str | None = None) -> str | None:
        """Whether a published ``code-name`` level holds together; None when it does, else why not.

        ``"unknown-code"``: the code is not in the frame; ``"wrong-parent"``: a level-2 code
        that does not belong to ``parent`` (the item's level-1 code as written);
        ``"code-name"``: the name is another code's; ``"unknown-name"``: the name has no code.
        """
        if self.name_of(level, code) is None:
            return "unknown-code"
        if level == 2 and parent is not None and self.parent_code(code) != normal_code(parent):
            return "wrong-parent"
        expected = self.code_of(level, name)
        if expected == normal_code(code):
            return None
        return "unknown-name" if expected is None else "code-name"


def frame_from_data(data: dict, source: Any = None) -> Frame:
    """A frame from a validated ``frames/*.yaml`` mapping."""
    return Frame(data["name"], data["title"], data["levels"], data.get("aliases", []), source)
