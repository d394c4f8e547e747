"""Indicator-set checks (GL2xx): which kinds of indicator a project has, and whether the
一级/二级 labels are the frame's."""

from __future__ import annotations

import unicodedata
from typing import Any

from goallint.api import Problem, check
from goallint.frames import INFO, MISPLACED, UNKNOWN
from goallint.model import Project, Table


def _present(project: Project) -> str:
    return "、".join(dict.fromkeys(str(i.data.get("一级指标")) for i in project.indicators)) or "无"


def _unknown_level(project: Project) -> bool:
    """A 一级 label the frame cannot read: level-name-unknown names it; nobody claims the level is missing."""
    return any(i.level1 is None for i in project.indicators)


@check(scope="project", args=("name", "present"))
def check_output_indicator_required(project: Project, ctx):
    if _unknown_level(project):
        return
    if not any(i.level1 == "产出指标" for i in project.indicators):
        yield Problem(project.name_path, name=project.name, present=_present(project))


@check(scope="project", args=("name", "present"))
def check_benefit_indicator_missing(project: Project, ctx):
    if not project.indicators or _unknown_level(project):
        return  # a project without indicators is reported by output-indicator-required
    if not any(i.level1 == "效益指标" for i in project.indicators):
        yield Problem(project.name_path, name=project.name, present=_present(project))


def _name_key(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    return "".join(unicodedata.normalize("NFKC", name).split())


@check(scope="project", args=("project", "name", "first", "number"))
def check_duplicate_indicator_name(project: Project, ctx):
    first: dict[str, int] = {}
    for indicator in project.indicators:
        key = _name_key(indicator.data.get("三级指标"))
        if not key:
            continue
        number = indicator.path[-1] + 1  # 1-based position in the project's 绩效指标 list
        if key in first:
            yield Problem(
                indicator.path + ("三级指标",),
                project=project.name,
                name=indicator.name.strip(),
                first=first[key],
                number=number,
            )
        else:
            first[key] = number


def _labels(table: Table, wanted):
    """Each distinct (level, label, status) once, at its first indicator, with how often it occurs."""
    seen: dict[tuple, list] = {}
    for indicator in table.indicators:
        for level, key, match in ((1, "一级指标", indicator.level1_match), (2, "二级指标", indicator.level2_match)):
            if level == 2 and indicator.level1_match.canonical is None:
                continue  # the 一级 label comes first: its finding says what to fix
            if match.status in wanted and isinstance(indicator.data.get(key), str):
                entry = seen.setdefault((level, indicator.data[key].strip(), match.status), [indicator, key, match, 0])
                entry[3] += 1
    for (level, label, status), (indicator, key, match, count) in seen.items():
        yield level, label, status, indicator, key, match, count


@check(
    scope="table",
    args=("label", "frame", "nearest", "allowed", "parent", "level1", "count"),
    variants=("level1", "level1-far", "level1-misplaced", "level2", "level2-far", "level2-misplaced"),
)
def check_level_name_unknown(table: Table, ctx):
    frame = ctx.frame
    for level, label, status, indicator, key, match, count in _labels(table, (UNKNOWN, MISPLACED)):
        parent = indicator.level1_match.canonical
        allowed = "、".join(frame.level1_names if level == 1 else frame.children.get(parent, ()))
        nearest = frame.nearest(level, label) if status == UNKNOWN else None
        variant = f"level{level}" + ("-misplaced" if status == MISPLACED else "" if nearest else "-far")
        yield Problem(
            indicator.path + (key,),
            variant=variant,
            label=label,
            frame=frame.name,
            nearest=nearest,
            allowed=allowed,
            parent=match.parent,
            level1=parent,
            count=count,
        )


@check(scope="table", args=("label", "frame", "canonical", "count"), variants=("level1", "level2"))
def check_level_name_alias(table: Table, ctx):
    for level, label, _, indicator, key, match, count in _labels(table, (INFO,)):
        yield Problem(indicator.path + (key,), variant=f"level{level}", label=label, frame=ctx.frame.name, canonical=match.canonical, count=count)
