"""Indicator-set checks (GL2xx): which kinds of indicator a project has, and whether the
一级/二级 labels are the frame's."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from goallint.api import Problem, Text, check
from goallint.frames import INFO, MISPLACED, UNKNOWN, normal_code, stem
from goallint.model import Indicator, Project, Table
from goallint.values import DATE, EMPTY


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


# ================================================================ issue 10: the indicator set and the indicator names
# satisfaction-indicator-missing, cost-indicator-missing, level2-parent-mismatch, code-name-mismatch,
# timeliness-name-not-temporal, quantity-name-is-rate, indicator-name-not-measurable,
# economic-benefit-not-economic, weight-sum-mismatch.  Word lists are vocabularies
# (rules/vocab/indicator-*.yaml) so that a province's pack can extend them.

_TRAILING = "。.；;，, \t\u3000"


def _nfkc(text: Any) -> str:
    return unicodedata.normalize("NFKC", text).strip() if isinstance(text, str) else ""


def _bare_name(name: str) -> str:
    """An indicator name as its ending is read: NFKC, no trailing punctuation, no trailing （unit）."""
    text = _nfkc(name).rstrip(_TRAILING)
    m = re.search(r"\([^()]{1,12}\)$", text)
    return text[: m.start()].rstrip(_TRAILING) if m else text


def _found(words, text: str) -> str | None:
    """The word of a vocabulary that occurs first in ``text`` (the longest one there), or None."""
    hits = [(text.find(w), -len(w), w) for w in words if w and w in text]
    return min(hits)[2] if hits else None


def _ending(words, text: str) -> str | None:
    hits = [w for w in words if w and text.endswith(w)]
    return max(hits, key=len) if hits else None  # endings nest (服务, 法律服务): the longest is unique


# ---------------------------------------------------------------- satisfaction-indicator-missing


def _goal_texts(project: Project) -> list[str]:
    goal = project.data.get("绩效目标")
    if isinstance(goal, str):
        return [goal]
    if isinstance(goal, dict):
        return [v for v in goal.values() if isinstance(v, str)]
    return []


def _clause(text: str, word: str) -> str:
    """The clause of a goal text that holds ``word``, as written (split at 。；，！？ and their ASCII forms)."""
    for part in re.split(r"[。；;，,！!？?\n]", text):
        if word in part:
            return part.strip()
    return word


def _measures_satisfaction(indicator: Indicator) -> bool:
    return indicator.level1 == "满意度指标" or "满意" in _nfkc(indicator.name)


@check(
    scope="project",
    args=("project", "clause", "word", "field"),
    variants=("goal-says", "beneficiaries", "unclear"),
    options=("not_beneficiaries",),
)
def check_satisfaction_indicator_missing(project: Project, ctx):
    if not project.indicators or _unknown_level(project):
        return  # no indicators: output-indicator-required; an unknown 一级 label: level-name-unknown
    if "满意度指标" not in ctx.frame.level1_names:
        return  # a frame without satisfaction indicators asks for none
    if any(_measures_satisfaction(i) for i in project.indicators):
        return
    label = project.label
    for goal in _goal_texts(project):
        if "满意" in goal:
            yield Problem(project.name_path, variant="goal-says", project=label, clause=_clause(goal, "满意"))
            return
    goals = [_nfkc(g) for g in _goal_texts(project)]
    beneficiaries = ctx.vocab("indicator-beneficiary-words")
    fields = [("项目名称", _nfkc(project.name))] + [("绩效目标", g) for g in goals]
    fields += [("三级指标", _nfkc(i.name)) for i in project.indicators]
    for field_name, text in fields:
        for phrase in ctx.options["not_beneficiaries"]:
            text = text.replace(_nfkc(phrase), "")  # 公众号 is an account, not the public
        word = _found(beneficiaries, text)
        if word:
            yield Problem(project.name_path, variant="beneficiaries", project=label, word=word, field=field_name)
            return
    if _found(ctx.vocab("indicator-internal-project-words"), _nfkc(project.name)):
        return  # the project runs the department itself (staff, office, purchases): none is expected
    yield Problem(project.name_path, variant="unclear", severity="info", project=label)


# ---------------------------------------------------------------- cost-indicator-missing


@check(scope="project", args=("project", "frame", "cost", "parent", "children"), variants=("level1", "level2"), options=("cost_name",))
def check_cost_indicator_missing(project: Project, ctx):
    if not project.indicators or _unknown_level(project):
        return
    frame = ctx.frame
    cost = stem(ctx.options["cost_name"])
    level1 = next((n for n in frame.level1_names if stem(n) == cost), None)
    parent = next((p for p, kids in frame.children.items() for k in kids if stem(k) == cost), None)
    if level1 is None and parent is None:
        return  # the frame has no cost indicator: nothing to ask for
    for indicator in project.indicators:
        written = {stem(indicator.level1_match.written), stem(indicator.level2_match.written)}
        canonical = {indicator.level1, indicator.level2}
        if cost in written or any(c is not None and stem(c) == cost for c in canonical):
            return
    label = project.label
    if level1 is not None:
        yield Problem(project.name_path, variant="level1", project=label, frame=frame.name, cost=level1, children="、".join(frame.children.get(level1, ())))
    else:
        cost_name = next(k for k in frame.children[parent] if stem(k) == cost)
        yield Problem(project.name_path, variant="level2", severity="info", project=label, frame=frame.name, cost=cost_name, parent=parent)


# ---------------------------------------------------------------- level2-parent-mismatch and code-name-mismatch


def _code_key(code: str) -> str:
    """A written code as compared with the frame's: NFKC, no dot, no leading zero (``01`` = ``1``)."""
    return normal_code(code).lstrip("0") or "0"


def _name_of_code(frame, level: int, code: str | None) -> str | None:
    if code is None:
        return None
    return frame.name_of(level, code) or frame.name_of(level, _code_key(code))


def _placed_by_alias(frame, indicator: Indicator) -> bool:
    """True when a frame alias accepts this 二级 label under this 一级 on purpose (the old template's
    满意度 二级 under 效益 counts as 满意度指标)."""
    match, level1 = indicator.level2_match, indicator.level1_match.canonical
    written = stem(match.written)
    return any(
        a.level == 2 and a.under == level1 and a.means == match.canonical
        and ((a.label and stem(a.label) == written) or (a.contains and a.contains in written))
        for a in frame.aliases
    )


def _with_code(frame, level: int, name: str, coded: bool) -> str:
    code = frame.code_of(level, name) if coded else None
    return f"{code}-{name}" if code else name


@check(scope="table", args=("level1", "level2", "parent", "allowed", "frame", "count"))
def check_level2_parent_mismatch(table: Table, ctx):
    frame = ctx.frame
    seen: dict[tuple, list] = {}
    for indicator in table.indicators:
        m1, m2 = indicator.level1_match, indicator.level2_match
        if m1.canonical is None or m2.canonical is None or m2.status in (UNKNOWN, MISPLACED):
            continue  # level-name-unknown names the label first
        # What the 一级 may stand for (its name, its code) and where the 二级 belongs (by name, by code):
        # they must share one reading.  A code that contradicts its own name is code-name-mismatch's.
        level1_readings = {m1.canonical, _name_of_code(frame, 1, m1.code)} - {None}
        coded2 = _name_of_code(frame, 2, m2.code)
        parents = {m2.parent, frame.level2(coded2).parent if coded2 else None} - {None}
        if not parents or level1_readings & parents or _placed_by_alias(frame, indicator):
            continue
        key = (indicator.data["一级指标"].strip(), indicator.data["二级指标"].strip())
        entry = seen.setdefault(key, [indicator, m1, m2, m2.parent or min(parents), 0])
        entry[4] += 1
    for (l1, l2), (indicator, m1, m2, parent, count) in seen.items():
        yield Problem(
            indicator.path + ("二级指标",),
            level1=l1,
            level2=l2,
            parent=_with_code(frame, 1, parent, m1.code is not None or m2.code is not None),
            allowed="、".join(frame.children.get(m1.canonical, ())) or "无",
            frame=frame.name,
            count=count,
        )


@check(
    scope="table",
    args=("label", "code", "named", "name", "expected", "frame", "count"),
    variants=("level1", "level2", "level1-unknown-code", "level2-unknown-code"),
    options=("inferred_codes",),
)
def check_code_name_mismatch(table: Table, ctx):
    frame = ctx.frame
    inferred = {_code_key(str(c)) for c in ctx.options["inferred_codes"]}
    seen: dict[tuple, list] = {}
    for indicator in table.indicators:
        for level, key, match in ((1, "一级指标", indicator.level1_match), (2, "二级指标", indicator.level2_match)):
            if match.code is None or not match.written or match.canonical is None:
                continue  # no code, a code alone, or a name the frame does not know (level-name-unknown)
            expected = frame.code_of(level, match.canonical)
            if expected is None:
                continue  # the frame gives this level no code (成本指标 in mof-2021)
            written = _code_key(match.code)
            if written == _code_key(expected):
                continue
            named = _name_of_code(frame, level, match.code)
            if named is None and len(written) != len(_code_key(expected)):
                continue  # a one-digit number before a 二级 name is the row's ordinal, not a code
            entry = seen.setdefault((level, indicator.data[key].strip()), [indicator, key, match, expected, named, 0])
            entry[5] += 1
    for (level, label), (indicator, key, match, expected, named, count) in seen.items():
        lowered = {_code_key(match.code), _code_key(expected)} & inferred
        yield Problem(
            indicator.path + (key,),
            variant=f"level{level}" if named else f"level{level}-unknown-code",
            severity="warning" if lowered or named is None else None,
            label=label,
            code=match.code,
            named=named,
            name=match.canonical,
            expected=expected,
            frame=frame.name,
            count=count,
        )


# ---------------------------------------------------------------- timeliness-name-not-temporal

_DATE_LIKE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}|\d{1,2}\s*月")


def _measures_time(target, temporal, time_units) -> bool:
    value = target.value
    if value.kind == DATE:
        return True
    if value.unit and _nfkc(value.unit) in time_units:
        return True
    text = _nfkc(value.raw)
    return bool(_DATE_LIKE.search(text) or _found(temporal, text))


@check(scope="indicator", args=("name", "suggestion"), variants=("completion-rate", "other"))
def check_timeliness_name_not_temporal(indicator: Indicator, ctx):
    if indicator.level2 != "时效指标":
        return
    name = _bare_name(indicator.name)
    if not name:
        return
    temporal = ctx.vocab("indicator-temporal-words")
    if _found(temporal, name):
        return
    if any(_measures_time(t, temporal, ctx.vocab("indicator-time-units")) for t in indicator.targets):
        return  # the value is a date or a duration: the indicator does measure time
    if name.endswith("完成率"):
        yield Problem(indicator.path + ("三级指标",), variant="completion-rate", name=indicator.name.strip(), suggestion=name[:-3] + "按时完成率")
    else:
        yield Problem(indicator.path + ("三级指标",), variant="other", name=indicator.name.strip(), suggestion=None)


# ---------------------------------------------------------------- quantity-name-is-rate


@check(scope="indicator", args=("name", "ending"), options=("endings",))
def check_quantity_name_is_rate(indicator: Indicator, ctx):
    if indicator.level2 != "数量指标":
        return
    ending = _ending(ctx.options["endings"], _bare_name(indicator.name))
    if ending:
        yield Problem(indicator.path + ("三级指标",), name=indicator.name.strip(), ending=ending)


# ---------------------------------------------------------------- indicator-name-not-measurable


@check(scope="indicator", args=("name", "ending"))
def check_indicator_name_not_measurable(indicator: Indicator, ctx):
    text = _nfkc(indicator.name).rstrip(_TRAILING)
    if not text or re.search(r"\([^()]{1,12}\)$", text):
        return  # blank, or a unit (or an explanation) in brackets at the end
    ending = _ending(ctx.vocab("indicator-topic-endings"), text)
    if ending:
        yield Problem(indicator.path + ("三级指标",), name=indicator.name.strip(), ending=ending)


# ---------------------------------------------------------------- economic-benefit-not-economic


@check(scope="indicator", args=("indicator", "value"), variants=("no-measure", "denies"), options=("denials",))
def check_economic_benefit_not_economic(indicator: Indicator, ctx):
    if indicator.level2 != "经济效益":
        return
    written = [t for t in indicator.targets if t.value.kind != EMPTY]
    if not written:
        return  # no value: target-value-required reports it; a name alone does not tell
    denials = {_nfkc(d).rstrip(_TRAILING) for d in ctx.options["denials"]}
    label = indicator.label
    for target in written:
        if _nfkc(target.value.raw).rstrip(_TRAILING) in denials:
            yield Problem(target.path, variant="denies", indicator=label, value=target.value.raw)
            return
    words = ctx.vocab("indicator-economic-words")
    texts = [_nfkc(indicator.name)] + [_nfkc(t.value.raw) for t in written]
    if any(_found(words, t) for t in texts):
        return
    values = list(dict.fromkeys(t.value.raw for t in written))
    shown = Text("、".join(f"“{v}”" for v in values), ", ".join(f"'{v}'" for v in values))
    path = indicator.path + ("三级指标",)
    yield Problem(path, variant="no-measure", part="key" if indicator.data.get("三级指标") is None else "value", indicator=label, value=shown)


# ---------------------------------------------------------------- weight-sum-mismatch


def _fmt_number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@check(
    scope="project",
    args=("project", "sum", "total", "rest", "reserved", "missing"),
    variants=("sum", "sum-reserved", "sum-with-budget-row", "partial-one", "partial-many"),
    options=("total", "reserved_for_budget_execution", "budget_execution_name"),
)
def check_weight_sum_mismatch(project: Project, ctx):
    given, missing, first_missing = [], [], None
    for number, indicator in enumerate(project.indicators, 1):
        weight = indicator.data.get("权重")
        if weight is None or (isinstance(weight, str) and not weight.strip()):
            missing.append(number)
            first_missing = first_missing or indicator.path + ("三级指标",)
        elif isinstance(weight, (int, Decimal)) and not isinstance(weight, bool):
            given.append(Decimal(weight))
        else:
            return  # a weight that is not a number: the schema reports it
    if not given:
        return  # no weights at all: the table's template has none
    total = Decimal(str(ctx.options["total"]))
    reserved = Decimal(str(ctx.options["reserved_for_budget_execution"]))
    budget_word = ctx.options["budget_execution_name"]
    budget_row = bool(budget_word) and any(budget_word in _nfkc(i.name) for i in project.indicators)
    weights = sum(given, Decimal(0))
    args = dict(project=project.label, sum=_fmt_number(weights), total=_fmt_number(total), rest=_fmt_number(total - reserved), reserved=_fmt_number(reserved))
    if missing:
        text = [str(n) for n in missing]
        numbers = Text("、".join(text), " and ".join([", ".join(text[:-1]), text[-1]] if len(text) > 1 else text))
        yield Problem(first_missing, variant="partial-one" if len(missing) == 1 else "partial-many", missing=numbers, **args)
        return
    if weights == total or (weights == total - reserved and reserved and not budget_row):
        return
    variant = "sum-with-budget-row" if budget_row else ("sum-reserved" if reserved else "sum")
    yield Problem(project.name_path, variant=variant, missing=None, **args)
