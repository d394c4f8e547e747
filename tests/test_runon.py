"""The run-on 绩效指标 string (goallint.importers.runon) and the level taxonomy (goallint.taxonomy).

The PDF-text and Excel readers are tested through their own files; here: the
contract the two readers and the exporter share (offsets, strict and lenient
reading, the renderer as the parser's inverse) and the one table of codes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from goallint import model, taxonomy, values
from goallint.importers import excel, runon

AMB = "import-ambiguous"
GAP = "numbering-gap"
ERR = "import-error"


def kinds(parsed: runon.Parsed) -> list[tuple[str, str, int]]:
    return [(p.slug, p.kind, p.offset) for p in parsed.problems]


# ---------------------------------------------------------------- taxonomy


@pytest.mark.parametrize(
    "level, code, name, parent, why",
    [
        (1, "1", "产出指标", None, None),
        (1, "2", "效果", None, None),
        (1, "１", "产出", None, None),  # full-width code
        (1, "4", "成本指标", None, "unknown-code"),
        (1, "1", "成本指标", None, "unknown-name"),
        (2, "22", "经济效益", "2", "code-name"),
        (2, "21", "经济效益", "1", "wrong-parent"),
        (2, "41", "经济成本", "4", "unknown-code"),  # an unknown code is said before its parent
        (2, "31", "满意度指标", "3", None),
        (2, "31", "群众满意度", "3", None),
        (2, "1.1", "数量指标", "1", None),
    ],
)
def test_check_code(level, code, name, parent, why):
    assert taxonomy.check_code(level, code, name, parent) == why


def test_the_taxonomy_is_the_builtin_default_frame_which_the_model_reads_too():
    from goallint.packs import builtin_catalog

    frame = builtin_catalog().frame()
    assert taxonomy.default_frame() is frame and frame.name == "gz-2lvl"
    assert taxonomy.split_code("11-数量指标") == ("11", "数量指标")
    assert [taxonomy.code_name(2, c) for c in ("11", "21", "31", "41")] == ["数量指标", "经济效益", "服务对象满意度", None]
    assert taxonomy.level_code(2, "14-可持续影响") is None  # a label with a code is not a name
    assert excel.level_code is taxonomy.level_code
    table = model.Table({"资金使用单位": [{"项目": [{"绩效指标": [{"一级指标": "1-产出指标", "二级指标": "数量值"}]}]}]}, frame)
    (indicator,) = table.indicators
    assert (indicator.level1, indicator.level2, indicator.level2_match.status) == ("产出指标", "数量指标", "info")


def test_the_importers_comparator_is_values_with_qualitative_signs_named():
    for sign in (1, "2", ">=", "＞＝", "不低于", 6, 9, "定性", "约", None, True):
        expected = values.canonical_comparator(sign) or ("定性" if sign in (6, 9, "定性") else None)
        assert excel.canonical_comparator(sign) == expected


# ---------------------------------------------------------------- reading


def test_offsets_of_items_and_problems_are_in_the_callers_text():
    goal = "目标。"
    text = goal + "1、1-产出指标；21-经济效益；节约率；实施周期指标值:5%；年度指标值:5%。3、1-产出指标；质量好。"
    parsed = runon.parse(text, strict=True, start=len(goal))
    second = text.index("3、")
    assert [item.offset for item in parsed.items] == [len(goal)]
    assert kinds(parsed) == [(AMB, "wrong-parent", len(goal)), (GAP, "gap", second), (ERR, "unreadable", second)]
    # a caller words a problem with its own position, or for a cell
    assert parsed.problems[0].at_line(17) == (
        "第 17 行第 1 项指标：二级指标“21-经济效益”不属于一级指标 1，按原文保留",
        'line 17: indicator 1: 2nd-level "21-经济效益" does not belong to 1st-level 1; kept as published',
    )
    assert parsed.problems[0].zh == "二级指标「21-经济效益」不属于一级指标 1，原样保留"


def test_strict_reading_wants_every_item_printed_in_full():
    mixed = "1、1-产出指标；成本指标；单位成本；年度指标值:≤5万元"
    lenient = runon.parse(mixed)
    assert lenient.indicators == [{"一级指标": "产出指标", "二级指标": "成本指标", "三级指标": "单位成本", "年度指标值": "≤5万元"}]
    assert lenient.problems == []
    strict = runon.parse(mixed, strict=True)
    assert strict.indicators == [] and kinds(strict) == [(ERR, "unreadable", 0)]
    empty = runon.parse("1、1-产出指标；11-数量指标；次数；实施周期指标值:；年度指标值:2次", strict=True)
    assert [(p.kind, dict(p.detail).get("key")) for p in empty.problems] == [
        ("unterminated", None), ("missing-value", "实施周期指标值"),
    ]
    assert runon.parse("一、产出指标；…", strict=True).problems[0].kind == "no-first-item"


def test_where_items_split():
    parsed = runon.parse(
        "1、1-产出指标；13-时效指标；完成时间；实施周期指标值:完成。2019-2020年；年度指标值:完成。"  # no split in a value
        " 2、产出指标；数量指标；次数；年度指标值:2次。"  # spaces after 。, an item without codes
        "3、1-产出指标；11-数量指标；人数；年度指标值:1+6+N。"
    )
    assert [x["三级指标"] for x in parsed.indicators] == ["完成时间", "次数", "人数"]
    assert parsed.indicators[0]["实施周期指标值"] == "完成。2019-2020年"
    assert parsed.problems == []


def test_a_break_in_the_numbering_is_reported_once():
    text = "".join(f"{n}、1-产出指标；11-数量指标；x{n}；年度指标值:1。" for n in (1, 2, 4, 5, 6))
    parsed = runon.parse(text)
    assert [(p.slug, p.kind, p.offset) for p in parsed.problems] == [(GAP, "gap", text.index("4、"))]
    assert parsed.problems[0].zh == (
        "指标编号不连续：第 3 条编号为“4、”，按顺序应为“3、”（“4、1-产出指标；11-数量指标；x4；年度指标…”）："
        "请对照原表核对是否漏了一条指标或编号有误；各条指标已按原文导入"
    )
    assert [x["三级指标"] for x in parsed.indicators] == ["x1", "x2", "x4", "x5", "x6"]


def test_text_after_the_last_item_ends_at_a_line_end():
    text = "1、1-产出指标；11-数量指标；次数；实施周期指标值:2次；年度指标值:2次。注：单位万元"
    cut = text.index("。")
    parsed = runon.parse(text, strict=True, line_ends={cut})
    assert parsed.indicators[0]["年度指标值"] == "2次"
    assert kinds(parsed) == [(ERR, "trailing-text", cut + 1)]


# ---------------------------------------------------------------- writing


def test_render_is_the_inverse_of_parse():
    items = [
        {"一级指标": "产出指标", "二级指标": "经济效益", "三级指标": "节约率", "实施周期指标值": "5%", "年度指标值": "5%"},
        {"一级指标": "成本指标", "二级指标": "经济成本指标", "三级指标": "成本", "年度指标值": "≤10万元"},
        {"一级指标": "满意度指标", "二级指标": "群众满意度", "三级指标": "满意率",
         "年度指标值": {"计算符号": 1, "指标值": Decimal("90.0"), "计量单位": "%"}},
        {"一级指标": "效益指标", "二级指标": "社会效益", "三级指标": "稳定", "实施周期指标值": "无重大事件。", "年度指标值": "无重大事件。"},
    ]
    text = runon.render(items)
    assert text.startswith("1、1-产出指标；经济效益；")  # 21 would not belong to 1: written without its code
    assert "3、3-满意度指标；31-群众满意度；满意率；年度指标值:≥90.0%。" in text
    parsed = runon.parse(text)
    assert parsed.problems == []
    assert parsed.indicators == [
        {k: runon.render_value(v) if k.endswith("指标值") else v for k, v in x.items()} for x in items
    ]
