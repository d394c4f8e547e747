"""Goal-text checks (GL4xx): each project states its 绩效目标."""

from __future__ import annotations

from goallint.api import Problem, check
from goallint.model import Project


def _length(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


@check(scope="project", args=("name", "min_length", "which", "text", "count"), variants=("missing", "empty", "no-annual", "short"), options=("min_length",))
def check_goal_text_required(project: Project, ctx):
    minimum = ctx.options["min_length"]
    data = project.data
    args = {"name": project.name, "min_length": minimum}
    if "绩效目标" not in data:
        yield Problem(project.name_path, variant="missing", **args)
        return
    goal = data["绩效目标"]
    path = project.path + ("绩效目标",)
    if goal is None:
        yield Problem(path, variant="empty", part="key", which="绩效目标", **args)
        return
    if isinstance(goal, str):
        yield from _check_text(goal, path, "绩效目标", minimum, args)
        return
    if not isinstance(goal, dict):
        return  # a list or a number: the schema reports it
    if "年度目标" not in goal:
        yield Problem(path, variant="no-annual", part="key", **args)
    for key in ("实施周期目标", "年度目标"):
        if key not in goal:
            continue
        text = goal[key]
        if text is None:
            yield Problem(path + (key,), variant="empty", part="key", which=key, **args)
        elif isinstance(text, str):
            yield from _check_text(text, path + (key,), key, minimum, args)


def _check_text(text: str, path: tuple, which: str, minimum: int, args: dict):
    count = _length(text)
    if count == 0:
        yield Problem(path, variant="empty", which=which, **args)
    elif count < minimum:
        yield Problem(path, variant="short", which=which, text=text.strip(), count=count, **args)
