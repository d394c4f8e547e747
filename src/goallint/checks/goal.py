"""Goal-text checks (GL4xx): each project states its 绩效目标, and the goal states outputs and
effects that its indicators refine."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from goallint.api import Problem, Text, check
from goallint.document import Span
from goallint.model import Indicator, Project


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


# ================================================================ issue 10: what a goal says
# goal-text-vague, goal-text-restates-content, indicator-not-in-goal.  The goal is read in
# clauses (split at ，；。 and the like); word lists come from the goal-* vocabularies.

_CLAUSE_BREAK = re.compile(r"[，,；;。！!？?：:\n\r]+")
_QUOTES = "“”‘’\"'「」『』《》〈〉()（）[]【】 \t　"
_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十百千万]+)"
_MONEY = re.compile(r"[0-9]+(?:\.[0-9]+)?\s*(?:亿元|万元|千元|元)")
_PARTS = ("实施周期目标", "年度目标")
_QUOTE_AT_MOST = 4


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _clauses(text: str) -> list[str]:
    """The goal's clauses: split at ，；。！？： and line breaks, quotes and spaces trimmed."""
    out = []
    for part in _CLAUSE_BREAK.split(text):
        part = part.strip(_QUOTES)
        if len(part) >= 2:
            out.append(part)
    return out


@lru_cache(maxsize=64)
def _longest_first(words: frozenset) -> tuple[str, ...]:
    """A vocabulary's words, longest first (so 不断提高 is found before 提高)."""
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=16)
def _quantity(units: frozenset, percent: bool = True) -> re.Pattern:
    """A number followed by one of ``units`` (or, with ``percent``, by % or ‰)."""
    alternatives = "|".join(re.escape(_nfkc(u)) for u in _longest_first(units))
    return re.compile(rf"{_NUMBER}\s*(?:{'%|‰|' if percent else ''}{alternatives})")


def _quoted(clauses: list[str], counted: str = "句") -> Text:
    """Clauses (or names, ``counted`` 条) quoted for a message: “a”“b”, at most four, then how many in all."""
    shown = clauses[:_QUOTE_AT_MOST]
    more = len(clauses) - len(shown)
    zh = "".join(f"“{c}”" for c in shown) + (f"等 {len(clauses)} {counted}" if more else "")
    en = ", ".join(f"'{c}'" for c in shown) + (f" and {more} more" if more else "")
    return Text(zh, en)


def _project_words(project: Project) -> Text:
    """项目「name」, or the project's position when its name is blank (never an empty 「」)."""
    name = project.data.get("项目名称")
    if name is not None and str(name).strip():
        return Text(f"项目「{str(name).strip()}」", f"project '{str(name).strip()}'")
    position = next((k for k, p in enumerate(project.unit.table.projects, start=1) if p is project), 0)
    return Text(f"第 {position} 个项目（项目名称为空）", f"project {position} (its name is blank)")


def _goal_parts(project: Project) -> list[tuple[str, tuple, str]]:
    """(which, path, text) for each goal text the project gives: 绩效目标, or its 实施周期目标 and 年度目标.

    Missing, empty and non-text goals are goal-text-required's and the schema's, not these rules'.
    """
    goal = project.data.get("绩效目标")
    path = project.path + ("绩效目标",)
    if isinstance(goal, str):
        return [("绩效目标", path, goal)] if goal.strip() else []
    if not isinstance(goal, dict):
        return []
    return [(key, path + (key,), goal[key]) for key in _PARTS if isinstance(goal.get(key), str) and goal[key].strip()]


def _each_goal(project: Project, ctx, found) -> list:
    """Run ``found(text)`` on each goal text; (path, span or None, which, result) for each where it is not None.

    When 实施周期目标 and 年度目标 are the same text and fail together, they are reported once,
    with a span that covers both and ``which`` saying so.
    """
    parts = _goal_parts(project)
    results = [(which, path, found(text)) for which, path, text in parts]
    failing = [r for r in results if r[2] is not None]
    texts = {_nfkc(text).strip() for _, _, text in parts}
    if len(failing) == 2 and len(texts) == 1:
        first, second = (ctx.document.locate(path) for _, path, _ in failing)
        span = Span(first.line, first.column, second.end_line, second.end_column)
        which = Text("实施周期目标和年度目标（两段相同）", "goal text (实施周期目标 and 年度目标 alike)")
        return [(failing[0][1], span, which, failing[0][2])]
    return [(path, None, which, result) for which, path, result in failing]


# ---------------------------------------------------------------- goal-text-vague


def _slogan_clause(clause: str, slogan_words: tuple[str, ...], abstract_words: tuple[str, ...]) -> bool:
    """A clause made of a slogan word and an abstract ending: 进一步加强……建设, 努力建设……队伍."""
    return any(w in clause for w in slogan_words) and clause.endswith(abstract_words)


def _concrete_clause(clause: str, output_words: tuple[str, ...], quantity: re.Pattern) -> bool:
    """A clause that names an output or a measure: a number with a unit, 完成, 覆盖, …率, 满意度."""
    return bool(quantity.search(clause)) or any(w in clause for w in output_words)


@check(scope="project", args=("project", "which", "slogans"), options=("min_share", "min_slogan_clauses"))
def check_goal_text_vague(project: Project, ctx):
    slogan_words = _longest_first(ctx.vocab("goal-slogan-words"))
    abstract_words = _longest_first(ctx.vocab("goal-abstract-words"))
    output_words = _longest_first(ctx.vocab("goal-output-words"))
    quantity = _quantity(ctx.vocab("units") | ctx.vocab("count-units"))
    share, least = ctx.options["min_share"], ctx.options["min_slogan_clauses"]

    def found(text: str):
        clauses = _clauses(_nfkc(text))
        if not clauses or any(_concrete_clause(c, output_words, quantity) for c in clauses):
            return None
        slogans = [c for c in clauses if _slogan_clause(c, slogan_words, abstract_words)]
        if len(slogans) < least or len(slogans) < share * len(clauses):
            return None
        return slogans

    for path, span, which, slogans in _each_goal(project, ctx, found):
        yield Problem(path, span=span, project=_project_words(project), which=which, slogans=_quoted(slogans))


# ---------------------------------------------------------------- goal-text-restates-content


@check(scope="project", args=("project", "which", "found"))
def check_goal_text_restates_content(project: Project, ctx):
    funding = _longest_first(ctx.vocab("goal-funding-words"))
    basis = _longest_first(ctx.vocab("goal-basis-words"))
    effects = _longest_first(ctx.vocab("goal-effect-words"))
    outputs = _longest_first(ctx.vocab("goal-output-words"))
    quantity = _quantity(ctx.vocab("count-units"), percent=False)  # a share (负担20%) is no output

    def states_effect(clause: str) -> bool:
        # an effect verb with something after it, anywhere (保证职能实现 names no effect);
        # a count (购置执法车辆3辆) where the clause is not the cost basis (按照…70个行政村, 每村4400元);
        # an output word (采购, 培训, …率) only where the clause is not about the money (用于购置设备)
        if any(w in clause and not clause.endswith(w) for w in effects):
            return True
        if _MONEY.search(clause) or any(w in clause for w in basis):
            return False
        if quantity.search(clause):
            return True
        return not any(w in clause for w in funding) and any(w in clause for w in outputs)

    def found(text: str):
        clauses = _clauses(_nfkc(text))
        if not any(_MONEY.search(c) or any(w in c for w in funding) for c in clauses):
            return None
        if any(states_effect(c) for c in clauses):
            return None
        return [c for c in clauses if _MONEY.search(c) or any(w in c for w in funding + basis)]

    for path, span, which, money in _each_goal(project, ctx, found):
        yield Problem(path, span=span, project=_project_words(project), which=which, found=_quoted(money))


# ---------------------------------------------------------------- indicator-not-in-goal

_NOT_WORD = re.compile(r"[^0-9A-Za-z+\u3400-\u9fff]+")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]\s*$")


def _bigrams(text: str) -> set[str]:
    out = set()
    for run in _NOT_WORD.split(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


@lru_cache(maxsize=8192)
def _subject(name: str, generic: tuple[str, ...]) -> tuple[str, ...]:
    """What the indicator is about: its name without a bracketed unit and without generic words."""
    text = _BRACKETED.sub("", _nfkc(name))
    for word in generic:
        text = text.replace(word, "|")
    return tuple(run for run in _NOT_WORD.split(text.replace("|", " ")) if len(run) >= 2)


@check(
    scope="project",
    args=("name", "project", "subject", "names", "count", "total"),
    variants=("indicator", "goal"),
    options=("skip_levels", "min_subject_length", "goal_min_count", "goal_min_share"),
)
def check_indicator_not_in_goal(project: Project, ctx):
    parts = _goal_parts(project)
    if not parts:
        return  # no goal to compare with: goal-text-required reports it
    reference = _bigrams(_nfkc(" ".join(text for _, _, text in parts) + " " + project.name))
    skip = set(ctx.options["skip_levels"])
    generic = _longest_first(ctx.vocab("goal-trace-generic-words"))
    inputs = _longest_first(ctx.vocab("goal-trace-input-words"))
    least = ctx.options["min_subject_length"]
    judged = []  # (indicator, subject or None)
    for indicator in project.indicators:
        name = indicator.name.strip()
        if not name or indicator.level1 in skip or indicator.level2 in skip or any(w in _nfkc(name) for w in inputs):
            continue
        subject = _subject(name, generic)
        if sum(len(run) for run in subject) < least:
            continue
        judged.append((indicator, None if any(_bigrams(run) & reference for run in subject) else subject))
    missing = [(indicator, subject) for indicator, subject in judged if subject is not None]
    if not missing:
        return
    if len(missing) >= ctx.options["goal_min_count"] and len(missing) >= ctx.options["goal_min_share"] * len(judged):
        # most indicators are missing from the goal: the goal is what is too general
        names = [indicator.name.strip() for indicator, _ in missing]
        yield Problem(
            project.path + ("绩效目标",),
            variant="goal",
            project=_project_words(project),
            names=_quoted(names, "条"),
            count=len(missing),
            total=len(judged),
        )
        return
    for indicator, subject in missing:
        yield Problem(
            indicator.path + ("三级指标",),
            variant="indicator",
            name=indicator.name.strip(),
            project=_project_words(project),
            subject=Text("".join(f"“{run}”" for run in subject), ", ".join(f"'{run}'" for run in subject)),
        )
