"""Content checks: empty and inconsistent target values (GL304–GL307), duplicate names (GL203),
projects without money or indicators (GL104), and the goal text (GL401)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from goallint.api import Problem, Text
from goallint.checks.targets import VALUE_KEYS
from goallint.model import Indicator, Project, canonical_level1
from goallint.values import EMPTY, QUALITATIVE, QUANTITATIVE, RANGE, parse_value


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _value_path(indicator: Indicator, key: str, raw: Any, inner: str = "指标值") -> tuple:
    """Where a finding about a value points: the value, or inside a {计算符号, 指标值, 计量单位} mapping."""
    path = indicator.path + (key,)
    if isinstance(raw, dict) and inner in raw:
        path += (inner,)
    return path


# ---------------------------------------------------------------- target-value-required


def _blank(raw: Any) -> bool:
    """None, blank text, a lone 。, or text with no letter or digit at all (``-``, ``/``, ``——``)."""
    if raw is None:
        return True
    if not isinstance(raw, str):
        return False
    return not any(unicodedata.category(c)[0] in "LN" for c in raw)


def check_target_value_required(indicator: Indicator, ctx):
    for key in VALUE_KEYS:
        if key not in indicator.data:
            continue  # a missing 年度指标值 is the schema's; 实施周期指标值 is optional
        raw = indicator.data[key]
        inner = raw.get("指标值") if isinstance(raw, dict) and "指标值" in raw else raw
        if isinstance(raw, dict) and "指标值" not in raw:
            continue  # the schema reports a mapping without 指标值
        if not (_blank(inner) or (isinstance(inner, str) and parse_value(inner).kind == EMPTY)):
            continue
        path = _value_path(indicator, key, raw)
        shown = inner.strip() if isinstance(inner, str) else ""
        written = Text(f"（只写了“{shown}”）", f" (only '{shown}')") if shown else Text("", "")
        yield Problem(path, part="key" if inner is None else "value", name=indicator.name, field=key, written=written)


# ---------------------------------------------------------------- unit-name-mismatch

# Units a 三级指标 name may carry in brackets (NFKC spelling).  A bracket whose content is not
# made of these (（含线上）, （一期）, （2023年）, （省级）) is not a unit and is not checked.
NAME_UNITS = frozenset(
    """
    % ‰ 个百分点 百分点 分 倍 级 星
    个 次 人 人次 项 件 场 户 台 辆 套 篇 份 家 期 所 座 株 棵 头 只 批 本 册 部 条 宗 单 例
    间 张 块 组 名 位 支 架 艘 处 节 门 村 校 床 栋 幢 笔 起 课时 学时 件次 户次 人天 人日
    车次 架次 班次 场次 批次 期次 元 万元 亿元 千元 百万元
    天 日 工作日 小时 分钟 秒 周 月 年 季度 个月 个工作日 个小时 个季度
    米 千米 公里 平方米 平方公里 立方米 亩 公顷 吨 千克 公斤 克 升 千瓦 千瓦时 兆瓦
    m m² m³ km km² kg t h kW kWh MW GB TB
    """.split()
)
# Spellings of the same unit.  人 ≠ 人次 and % ≠ 个百分点 stay apart on purpose.
UNIT_SAME = {
    "百分比": "%", "百分率": "%", "百分点": "个百分点", "名": "人", "位": "人",
    "日": "天", "h": "小时", "min": "分钟",
    "千米": "公里", "km": "公里", "m": "米", "m²": "平方米", "m2": "平方米", "m³": "立方米", "m3": "立方米",
    "km²": "平方公里", "km2": "平方公里", "公斤": "千克", "kg": "千克", "t": "吨",
}
_NAME_UNIT = re.compile(r"\(([^()]{1,12})\)[\s。.]*$")
_SEGMENT_SPLIT = re.compile(r"[/、,]")


def _same_unit(unit: str) -> str:
    unit = _nfkc(unit).strip()
    if len(unit) > 1 and unit.startswith("个") and unit != "个百分点":
        unit = unit[1:]  # 个月 = 月, 个工作日 = 工作日
    return UNIT_SAME.get(unit, unit)


def name_unit(name: str) -> tuple[str, list[str]] | None:
    """The unit a name ends with in brackets: ``带动就业人数（人次）`` → ``('人次', ['人次'])``.

    Alternatives separated by / or 、 (``（台/件/辆/套）``) each count; every one must be a known
    unit of 1–4 characters, otherwise the bracket is an explanation, not a unit (None).
    """
    m = _NAME_UNIT.search(_nfkc(name).strip())
    if not m:
        return None
    content = m.group(1).strip()
    segments = [s.strip() for s in _SEGMENT_SPLIT.split(content)]
    if not segments or any(not 1 <= len(s) <= 4 for s in segments):
        return None
    if not all(s in NAME_UNITS or s in UNIT_SAME for s in segments):
        return None
    return content, segments


def check_unit_name_mismatch(indicator: Indicator, ctx):
    found = name_unit(indicator.name)
    if found is None:
        return
    content, segments = found
    allowed = {_same_unit(content)} | {_same_unit(s) for s in segments}
    for key in VALUE_KEYS:
        raw = indicator.data.get(key)
        value = parse_value(raw)
        if value.kind not in (QUANTITATIVE, RANGE) or not value.unit:
            continue  # no unit at all: target-unit-required
        if _same_unit(value.unit) in allowed:
            continue
        path = _value_path(indicator, key, raw, "计量单位" if isinstance(raw, dict) and "计量单位" in raw else "指标值")
        yield Problem(path, name=indicator.name, name_unit=content, field=key, value=value.raw, unit=value.unit)


# ---------------------------------------------------------------- satisfaction-not-quantified

_QUANTIFIED_WORDS = re.compile(r"百分之|[一二三四五六七八九十]成")


def check_satisfaction_not_quantified(indicator: Indicator, ctx):
    if canonical_level1(indicator.data.get("一级指标")) != "满意度指标":
        return
    for key in VALUE_KEYS:
        raw = indicator.data.get(key)
        value = parse_value(raw)
        if value.kind != QUALITATIVE:
            continue  # quantitative (≥90%, ≥90), ranges, dates and empty values are other rules' business
        text = _nfkc(value.raw)
        if any(c.isdigit() for c in text) or _QUANTIFIED_WORDS.search(text):
            continue  # a sentence that states a figure (满意度达到90%以上) is quantified
        yield Problem(_value_path(indicator, key, raw), name=indicator.name, field=key, value=value.raw)


# ---------------------------------------------------------------- count-not-integer

COUNT_UNITS = frozenset("次 个 人 人次 项 件 场 户 台 辆 套 篇 份 家 期".split())
_AVERAGE = re.compile(r"均|每")


def check_count_not_integer(indicator: Indicator, ctx):
    if _AVERAGE.search(_nfkc(indicator.name)):
        return  # 人均培训次数 2.5次 is an average, not a count
    for key in VALUE_KEYS:
        raw = indicator.data.get(key)
        value = parse_value(raw)
        if value.kind not in (QUANTITATIVE, RANGE) or value.unit not in COUNT_UNITS:
            continue
        for number in (value.number, value.upper):
            if number is not None and number != number.to_integral_value():
                yield Problem(
                    _value_path(indicator, key, raw),
                    name=indicator.name, field=key, value=value.raw, unit=value.unit, number=_plain(number),
                )
                break


def _plain(number: Decimal) -> str:
    return format(number, "f")


# ---------------------------------------------------------------- duplicate-indicator-name


def _name_key(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    return "".join(_nfkc(name).split())


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


# ---------------------------------------------------------------- empty-project


def check_empty_project(project: Project, ctx):
    row = project.amount
    total = row.total if row is not None else None
    if total is not None and total <= 0:
        if total == 0:
            problem = Text(f"的金额总计为 {_plain(total)}", f"has a 总计 of {_plain(total)}")
            advice = Text(
                "没有安排资金的项目不应列入项目支出绩效目标表，请填写金额或删除该项目",
                "a project without money does not belong in the table: state its amount or remove it",
            )
        else:
            problem = Text(f"的金额总计为负数 {_plain(total)}", f"has a negative 总计 of {_plain(total)}")
            advice = Text("项目金额不能为负，请核对预算系统中的金额", "an amount cannot be negative: check it in the budgeting system")
        yield Problem(row.path + ("总计",), name=project.name, problem=problem, advice=advice)
    items = project.data.get("绩效指标")
    if not project.indicators and (items is None or isinstance(items, list)):
        yield Problem(
            project.name_path,
            name=project.name,
            problem=Text("没有填写任何绩效指标", "has no 绩效指标 at all"),
            advice=Text(
                "项目应按产出、效益、满意度填写绩效指标和指标值，未按规定填报绩效目标的项目不予安排预算",
                "fill in its indicators and target values (output, benefit, satisfaction); projects without targets get no budget",
            ),
        )


# ---------------------------------------------------------------- goal-text-required


def _length(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _min_length(ctx) -> int:
    try:
        return max(0, int(ctx.options.get("min_length", 10)))
    except (TypeError, ValueError):
        return 10


def check_goal_text_required(project: Project, ctx):
    minimum = _min_length(ctx)
    data = project.data
    args = {"name": project.name, "min_length": minimum}
    if "绩效目标" not in data:
        yield Problem(project.name_path, problem=Text("没有绩效目标", "has no 绩效目标 (goal)"), **args)
        return
    goal = data["绩效目标"]
    path = project.path + ("绩效目标",)
    if goal is None:
        yield Problem(path, part="key", problem=Text("的绩效目标是空的", "has an empty 绩效目标 (goal)"), **args)
        return
    if isinstance(goal, str):
        yield from _check_goal_text(goal, path, Text("绩效目标", "绩效目标 (goal)"), minimum, args)
        return
    if not isinstance(goal, dict):
        return  # a list or a number: the schema reports it
    if "年度目标" not in goal:
        yield Problem(path, part="key", problem=Text("的绩效目标缺少年度目标", "has no 年度目标 in its 绩效目标"), **args)
    for key in ("实施周期目标", "年度目标"):
        if key not in goal:
            continue
        text = goal[key]
        if text is None:
            yield Problem(path + (key,), part="key", problem=Text(f"的{key}是空的", f"has an empty {key}"), **args)
        elif isinstance(text, str):
            yield from _check_goal_text(text, path + (key,), Text(key, key), minimum, args)


def _check_goal_text(text: str, path: tuple, label: Text, minimum: int, args: dict):
    count = _length(text)
    if count == 0:
        yield Problem(path, problem=Text(f"的{label.zh}是空的", f"has an empty {label.en}"), **args)
    elif count < minimum:
        shown = text.strip()
        yield Problem(
            path,
            problem=Text(
                f"的{label.zh}“{shown}”只有 {count} 个字（至少 {minimum} 个）",
                f"has a {label.en} of only {count} characters, '{shown}' (at least {minimum})",
            ),
            **args,
        )
