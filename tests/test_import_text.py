"""The PDF-text reader: the real 荔湾区委政法委 table and small variants written as PDF text comes out.

Every test states the exact table (or fragment) and the exact problems (slug, line).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from goallint.importers import ImportFailure, ImportResult
from goallint.importers.pdftext import looks_like_pdf_text, read_pdf_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures" / "import"
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"
SOURCE_NAME = "liwan-zfw-project-targets.txt"

HEAD = {
    "表名": "项目支出绩效目标表（含转移支付项目）",
    "部门名称": "中国共产党广州市荔湾区委员会政法委员会",
    "金额单位": "万元",
}
ZFW = "中国共产党广州市荔湾区委员会政法委员会"
CENTRE = "广州市荔湾区社会治安综合治理指挥中心"


def source_text() -> str:
    """The published text, a byte copy kept in tests/data (checksum in tests/data/SHA256SUMS)."""
    return (HERE / "data" / SOURCE_NAME).read_bytes().decode("utf-8")


def fixture_text(name: str) -> str:
    """The fixture exactly as stored: no newline translation, a BOM kept as U+FEFF."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def where(result: ImportResult) -> list[tuple[str, int]]:
    return [(p.slug, p.line) for p in result.problems]


def money(*pairs: tuple[str, str]) -> dict:
    return {column: Decimal(text) for column, text in pairs}


def two(total: str, column: str = "财政拨款") -> dict:
    return money(("总计", total), (column, total))


def indicator(l1: str, l2: str, name: str, period: str, annual: str) -> dict:
    return {"一级指标": l1, "二级指标": l2, "三级指标": name, "实施周期指标值": period, "年度指标值": annual}


AMB = "import-ambiguous"
ERR = "import-error"
GAP = "numbering-gap"

# The two projects of the 政法委 unit used by most fixtures.
LAIHUI = {
    "项目名称": "来穗人员服务管理工作经费",
    "金额": two("8.00"),
    "绩效目标": "加强指导、督查工作，全面开展“人屋”登记核查、重点地区整治以及安全隐患整治和群租屋整治工作。",
    "绩效指标": [
        indicator("产出指标", "数量指标", "出租屋登记率", "95%", "95%"),
        indicator("满意度指标", "服务对象满意度", "来穗人员对我区管理服务评价", "≥90", "≥90"),
    ],
}
GOUZHI = {
    "项目名称": "购置经费",
    "金额": two("7.00"),
    "绩效目标": "通过实施本项目，完成办公设备采购工作任务，有效提高行政机关工作人员办公效率。",
    "绩效指标": [indicator("产出指标", "时效指标", "采购计划完成率", "100%", "100%")],
}
WANGGE = {
    "项目名称": "综合网格服务管理信息费",
    "金额": two("1.20"),
    "绩效目标": "保障综合网格日常工作运转。",
    "绩效指标": [indicator("效益指标", "经济效益", "信息支付考核", "100%", "100%")],
}


# ---------------------------------------------------------------- the real table


def test_real_source_reproduces_the_example_byte_for_byte():
    from goallint.dump import dump_table

    result = read_pdf_text(source_text())
    assert dump_table(result.table) == EXAMPLE.read_bytes().decode("utf-8")


REAL_PROBLEMS = [
    (AMB, 8, "第 8 行“合计 528.95 528.95”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (
        AMB,
        10,
        "第 10–11 行：单位名称分在两行（“中国共产党广州市荔湾区委员会”“政法委员会”），"
        "连接为“中国共产党广州市荔湾区委员会政法委员会”",
    ),
    (AMB, 13, "第 13 行“399.95 399.95”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 15, "第 15 行“来穗人员服务管理工作经费 8.00 8.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 30, "第 30 行“维稳专项工作经费 47.00 47.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 48, "第 48 行“政法系统专项工作经费 101.45 101.45”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 62, "第 62 行“综治专项工作经费 55.00 55.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 78, "第 78 行“执法监督工作经费 23.50 23.50”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 94, "第 94 行“购置经费 7.00 7.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 106, "第 106 行“综治中心工作经费 158.00 158.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (
        AMB,
        124,
        "第 124–125 行：单位名称分在两行（“广州市荔湾区社会治安综合治理”“指挥中心”），"
        "连接为“广州市荔湾区社会治安综合治理指挥中心”",
    ),
    (AMB, 127, "第 127 行“129.00 129.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 129, "第 129 行“综合网格服务管理信息费 1.20 1.20”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 144, "第 144 行“网格化服务管理工作经费 31.80 31.80”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
    (AMB, 158, "第 158 行“编外人员聘用经费 96.00 96.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
]


def test_real_source_problems_exactly():
    result = read_pdf_text(source_text())
    assert [(p.slug, p.line, p.zh) for p in result.problems] == REAL_PROBLEMS
    assert all(p.column == 1 and p.sheet is None for p in result.problems)
    assert result.problems[0].en == (
        'line 8: "合计 528.95 528.95" has only two amounts; read as 总计, 财政拨款 (the two are equal and match the totals)'
    )
    assert result.problems[1].en == (
        'lines 10-11: the unit name is split over 2 lines ("中国共产党广州市荔湾区委员会", "政法委员会"); '
        'joined as "中国共产党广州市荔湾区委员会政法委员会"'
    )


def test_real_source_structure_and_exact_values():
    table = read_pdf_text(source_text()).table
    assert list(table) == ["表名", "部门名称", "金额单位", "合计", "资金使用单位"]
    assert {k: table[k] for k in HEAD} == HEAD
    assert table["合计"] == two("528.95")
    assert [u["单位名称"] for u in table["资金使用单位"]] == [ZFW, CENTRE]
    assert [u["小计"] for u in table["资金使用单位"]] == [two("399.95"), two("129.00")]
    names = [[(p["项目名称"], p["金额"]["总计"]) for p in u["项目"]] for u in table["资金使用单位"]]
    assert names == [
        [
            ("来穗人员服务管理工作经费", Decimal("8.00")),
            ("维稳专项工作经费", Decimal("47.00")),
            ("政法系统专项工作经费", Decimal("101.45")),
            ("综治专项工作经费", Decimal("55.00")),
            ("执法监督工作经费", Decimal("23.50")),
            ("购置经费", Decimal("7.00")),
            ("综治中心工作经费", Decimal("158.00")),
        ],
        [
            ("综合网格服务管理信息费", Decimal("1.20")),
            ("网格化服务管理工作经费", Decimal("31.80")),
            ("编外人员聘用经费", Decimal("96.00")),
        ],
    ]
    # amounts are Decimal from the text, never float: 8.00 keeps its two places
    amount = table["资金使用单位"][0]["项目"][0]["金额"]["总计"]
    assert type(amount) is Decimal and str(amount) == "8.00"

    first, second = table["资金使用单位"][0]["项目"][:2]
    assert list(first) == ["项目名称", "金额", "绩效目标", "绩效指标"]
    assert first["绩效指标"] == [
        indicator("产出指标", "数量指标", "出租屋登记率", "95%", "95%"),
        indicator(
            "产出指标",
            "质量指标",
            "来穗人员服务管理质量",
            "在流动人员服务工作中无重大维稳事件。",
            "在流动人员服务工作中无重大维稳事件",
        ),
        indicator("满意度指标", "服务对象满意度", "来穗人员对我区管理服务评价", "≥90", "≥90"),
    ]
    # L45-46: the closing quote and the terminator wrapped onto their own line
    assert second["绩效指标"][3] == indicator(
        "效益指标", "社会效益", "辖区政治安全和社会大局持续稳定", "实现“五个不发生”。", "实现“五个不发生”"
    )
    # digits inside values never start an item (1+6+N)
    centre = table["资金使用单位"][0]["项目"][6]
    assert [i["三级指标"] for i in centre["绩效指标"]] == [
        "建设1+6+N基层社会治理体系覆盖率",
        "1+6+N基层社会治理体系建设实体化运作率",
        "推进我区社会治理体系和治理能力现代化",
    ]
    # the period and annual values differ in the source (L166-167) and stay so
    staff = table["资金使用单位"][1]["项目"][2]
    assert staff["绩效指标"][0]["实施周期指标值"] == "年度考核等次为合格及合格以上等次达到100%。"
    assert staff["绩效指标"][0]["年度指标值"] == "考核等次为合格及合格以上等次达到100%"
    assert staff["绩效指标"][2]["三级指标"] == "带动就业人数（人次）"
    assert sum(len(p["绩效指标"]) for u in table["资金使用单位"] for p in u["项目"]) == 34


def test_real_source_is_read_the_same_every_time():
    text = source_text()
    first, second = read_pdf_text(text), read_pdf_text(text)
    assert first.table == second.table
    assert first.problems == second.problems


def test_looks_like_pdf_text():
    assert looks_like_pdf_text(source_text())
    assert looks_like_pdf_text(fixture_text("crlf-bom.txt"))
    assert looks_like_pdf_text("项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n")
    assert not looks_like_pdf_text(EXAMPLE.read_bytes().decode("utf-8"))  # the YAML table
    assert not looks_like_pdf_text(fixture_text("not-a-table.txt"))
    assert not looks_like_pdf_text("")
    assert not looks_like_pdf_text((FIXTURES / "garbage.bin").read_bytes().decode("latin-1"))


# ---------------------------------------------------------------- unit names


def test_unit_name_on_one_line_alone_and_with_its_amounts():
    result = read_pdf_text(fixture_text("unit-one-line.txt"))
    assert result.table == {
        **HEAD,
        "合计": two("16.20"),
        "资金使用单位": [
            {"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]},
            {"单位名称": CENTRE, "小计": two("1.20"), "项目": [WANGGE]},
        ],
    }
    # only the column decisions: a one-line name is not a decision
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (AMB, 24), (AMB, 30), (AMB, 32)]
    assert result.problems[4].zh == (
        "第 30 行“广州市荔湾区社会治安综合治理指挥中心 1.20 1.20”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"
    )


def test_unit_name_on_two_lines_is_joined_and_reported():
    result = read_pdf_text(fixture_text("unit-two-lines.txt"))
    assert result.table == {
        **HEAD,
        "合计": two("16.20"),
        "资金使用单位": [
            {"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]},
            {"单位名称": CENTRE, "小计": two("1.20"), "项目": [WANGGE]},
        ],
    }
    assert where(result) == [
        (AMB, 8),
        (AMB, 10),
        (AMB, 13),
        (AMB, 15),
        (AMB, 25),
        (AMB, 31),
        (AMB, 33),
        (AMB, 35),
    ]
    joined = [p for p in result.problems if "单位名称" in p.zh]
    assert [(p.line, p.zh) for p in joined] == [
        (10, "第 10–11 行：单位名称分在两行（“中国共产党广州市荔湾区委员会”“政法委员会”），连接为“" + ZFW + "”"),
        (31, "第 31–32 行：单位名称分在两行（“广州市荔湾区社会治安综合治理”“指挥中心”），连接为“" + CENTRE + "”"),
    ]


# ---------------------------------------------------------------- page breaks


def test_page_break_inside_an_indicator_and_inside_the_goal():
    text = fixture_text("page-break.txt")
    assert "\f" in text and "- 1 -" in text
    result = read_pdf_text(text)
    assert result.table == {
        **HEAD,
        "合计": two("15.00"),
        "资金使用单位": [{"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]}],
    }
    # the repeated page head and the page numbers are skipped silently; line numbers still count them
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (AMB, 32)]


# ---------------------------------------------------------------- amount columns


def test_four_amounts_fill_every_column_without_a_decision():
    result = read_pdf_text(fixture_text("four-amounts.txt"))
    four = money(("总计", "10.00"), ("财政拨款", "6.00"), ("财政专户拨款", "1.00"), ("其他资金", "3.00"))
    assert result.table == {
        **HEAD,
        "合计": four,
        "资金使用单位": [
            {
                "单位名称": CENTRE,
                "小计": four,
                "项目": [{**WANGGE, "金额": four}],
            }
        ],
    }
    assert where(result) == []


def test_total_with_three_amounts_and_a_project_settled_by_the_sums():
    result = read_pdf_text(fixture_text("total-three.txt"))
    three = money(("总计", "15.00"), ("财政拨款", "8.00"), ("其他资金", "7.00"))
    assert result.table == {
        **HEAD,
        "合计": three,
        "资金使用单位": [
            {"单位名称": ZFW, "小计": three, "项目": [LAIHUI, {**GOUZHI, "金额": two("7.00", "其他资金")}]}
        ],
    }
    assert [(p.slug, p.line, p.zh) for p in result.problems] == [
        (AMB, 8, "第 8 行“合计 15.00 8.00 7.00”只有三个金额，按 总计、财政拨款、其他资金 读取（与金额合计一致，按常见读法）"),
        (AMB, 12, "第 12 行“15.00 8.00 7.00”只有三个金额，按 总计、财政拨款、其他资金 读取（与金额合计一致，按常见读法）"),
        (AMB, 14, "第 14 行“来穗人员服务管理工作经费 8.00 8.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
        (AMB, 24, "第 24 行“购置经费 7.00 7.00”只有两个金额，按 总计、其他资金 读取（按金额合计确定）"),
    ]


def test_total_with_three_amounts_settles_a_units_subtotal():
    result = read_pdf_text(fixture_text("total-three-units.txt"))
    table = result.table
    assert table["合计"] == money(("总计", "16.20"), ("财政拨款", "15.00"), ("其他资金", "1.20"))
    assert [u["小计"] for u in table["资金使用单位"]] == [two("15.00"), two("1.20", "其他资金")]
    assert [[p["金额"] for p in u["项目"]] for u in table["资金使用单位"]] == [
        [two("8.00"), two("7.00")],
        [two("1.20", "其他资金")],
    ]
    assert [(p.slug, p.line, p.zh) for p in result.problems][-2:] == [
        (AMB, 28, "第 28 行“1.20 1.20”只有两个金额，按 总计、其他资金 读取（按金额合计确定）"),
        (AMB, 30, "第 30 行“综合网格服务管理信息费 1.20 1.20”只有两个金额，按 总计、其他资金 读取（按金额合计确定）"),
    ]
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (AMB, 20), (AMB, 28), (AMB, 30)]


def test_full_width_digits_in_amounts():
    result = read_pdf_text(fixture_text("fullwidth.txt"))
    assert result.table == {
        **HEAD,
        "合计": two("8.00"),
        "资金使用单位": [
            {
                "单位名称": ZFW,
                "小计": two("8.00"),
                "项目": [
                    {
                        "项目名称": "政法系统专项工作经费",
                        "金额": two("8.00"),
                        "绩效目标": "进一步加强理想信念教育和纪律作风建设。",
                        # texts keep their own characters
                        "绩效指标": [indicator("产出指标", "数量指标", "政法系统培训次数", "１次", "１次")],
                    }
                ],
            }
        ],
    }
    assert str(result.table["合计"]["总计"]) == "8.00"
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14)]
    assert result.problems[0].zh == "第 8 行“合计 ８．００ ８．００”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"


# ---------------------------------------------------------------- what cannot be read


def test_missing_annual_value_is_kept_empty_and_reported():
    result = read_pdf_text(fixture_text("missing-annual.txt"))
    project = result.table["资金使用单位"][0]["项目"][0]
    assert project["绩效指标"] == [
        indicator("产出指标", "质量指标", "手续完备率", "100%", ""),
        indicator("产出指标", "时效指标", "采购计划完成率", "100%", "100%"),
    ]
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (ERR, 18)]
    error = result.problems[-1]
    assert (error.zh, error.en) == ("第 18 行第 1 项指标缺少年度指标值", "line 18: indicator 1 has no 年度指标值")
    assert error.severity == "error"


def test_a_break_in_the_indicator_numbering_is_a_numbering_gap_and_the_items_are_kept():
    # 来穗: 1、…3、… (a number skipped); 购置: 2、…2、… (the first is not 1、, then a repeat)
    result = read_pdf_text(fixture_text("numbering-gap.txt"))
    gaps = [(p.slug, p.line, p.column, p.severity, p.zh) for p in result.problems if p.slug == GAP]
    assert gaps == [  # the column is the item's number: 值:95%。3、 has 3、 at column 7
        (GAP, 21, 7, "info", "第 21 行：指标编号不连续，第 2 项编号为“3、”，按顺序应为“2、”（“3、3-满意度指标；31-服务对象满意度；来穗人…”）："
         "请对照原表核对是否漏了一项指标或编号有误；各项指标已按原文导入"),
        (GAP, 28, 1, "info", "第 28 行：指标编号不连续，第 1 项编号为“2、”，按顺序应为“1、”（“2、1-产出指标；12-质量指标；手续完备率；实…”）："
         "请对照原表核对是否漏了一项指标或编号有误；各项指标已按原文导入"),
        (GAP, 29, 8, "info", "第 29 行：指标编号不连续，第 2 项编号为“2、”，按顺序应为“3、”（“2、1-产出指标；13-时效指标；采购计划完成率…”）："
         "请对照原表核对是否漏了一项指标或编号有误；各项指标已按原文导入"),
    ]
    assert result.problems[3].en == (
        'line 21: indicator numbering has a gap: item 2 is numbered "3、" where "2、" comes next '
        '("3、3-满意度指标；31-服务对象满意度；来穗人…"): check the original table for a missing or misnumbered indicator; '
        "the indicators were imported as published"
    )
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (GAP, 21), (AMB, 24), (GAP, 28), (GAP, 29)]
    laihui, gouzhi = result.table["资金使用单位"][0]["项目"]
    assert [i["三级指标"] for i in laihui["绩效指标"]] == ["出租屋登记率", "来穗人员对我区管理服务评价"]
    assert [i["三级指标"] for i in gouzhi["绩效指标"]] == ["手续完备率", "采购计划完成率"]


def test_the_real_table_numbers_every_project_from_one_without_a_gap():
    assert [p for p in read_pdf_text(source_text()).problems if p.slug == GAP] == []


def test_unreadable_parts_are_errors_and_the_rest_is_returned():
    result = read_pdf_text(fixture_text("errors.txt"))
    assert result.table == {
        **HEAD,
        "合计": two("12.00"),
        "资金使用单位": [
            {
                "单位名称": ZFW,
                "小计": two("12.00"),
                "项目": [
                    {
                        "项目名称": "维稳专项工作经费",
                        "金额": money(("总计", "5.00"), ("财政拨款", "4.00")),
                        "绩效目标": "通过快速处置群体性事件，防止事件升级恶化。",
                        "绩效指标": [
                            indicator(
                                "产出指标", "质量指标", "重大活动秩序良好", "全年重大活动平稳有序。", "全年重大活动平稳有序"
                            )
                        ],
                    },
                    {
                        "项目名称": "购置经费",
                        "绩效目标": "通过实施本项目，完成办公设备采购工作任务。",
                        "绩效指标": [indicator("产出指标", "时效指标", "采购计划完成率", "100%", "100%")],
                    },
                ],
            }
        ],
    }
    assert [(p.slug, p.line, p.zh) for p in result.problems] == [
        (AMB, 8, "第 8 行“合计 12.00 12.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
        (AMB, 12, "第 12 行“12.00 12.00”只有两个金额，按 总计、财政拨款 读取（金额合计对不上，按常见读法）"),
        (AMB, 14, "第 14 行“维稳专项工作经费 5.00 4.00”只有两个金额，按 总计、财政拨款 读取（金额合计对不上，按常见读法）"),
        (
            ERR,
            18,
            "第 18 行的绩效指标无法解析：“1、1-产出指标；数量指标；重大矛盾化解率；实施周期指标值:90%以上；年度指标值:90%以上。”",
        ),
        (ERR, 21, "第 21 行的项目“购置经费”没有金额"),
        (ERR, 26, "第 26 行：表格最后一项指标之后的文字“注：本表金额单位为万元”无法读取"),
    ]


def test_level_codes_that_disagree_keep_the_published_text():
    result = read_pdf_text(fixture_text("codes.txt"))
    assert result.table["资金使用单位"][0]["项目"][0]["绩效指标"] == [
        indicator("产出指标", "21-经济效益", "设备采购节约率", "5%", "5%"),
        indicator("效益指标", "22-经济效益", "设备管理", "严格国有资产管理", "严格国有资产管理"),
        indicator("4-成本指标", "41-经济成本", "采购成本", "≤7万元", "≤7万元"),
        # 31 with its name ending in 指标 agrees (compared without the trailing 指标)
        indicator("满意度指标", "满意度指标", "科室满意度", "≥90%", "≥90%"),
    ]
    assert [(p.slug, p.line, p.zh) for p in result.problems][3:] == [
        (AMB, 17, "第 17 行第 1 项指标：二级指标“21-经济效益”不属于一级指标 1，按原文保留"),
        (AMB, 17, "第 17 行第 2 项指标：二级指标编码与名称不符“22-经济效益”，按原文保留"),
        (AMB, 17, "第 17 行第 3 项指标：一级指标编码 4 未知，按原文“4-成本指标”保留"),
        (AMB, 17, "第 17 行第 3 项指标：二级指标编码 41 未知，按原文“41-经济成本”保留"),
    ]
    assert where(result)[:3] == [(AMB, 8), (AMB, 12), (AMB, 14)]


# ---------------------------------------------------------------- line ends and encodings


def test_crlf_line_ends_and_a_bom():
    raw = (FIXTURES / "crlf-bom.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n\n" not in raw
    result = read_pdf_text(raw.decode("utf-8"))
    assert result.table == {
        **HEAD,
        "合计": two("15.00"),
        "资金使用单位": [{"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]}],
    }
    assert where(result) == [(AMB, 8), (AMB, 12), (AMB, 14), (AMB, 24)]


def test_cr_line_ends_read_like_crlf():
    crlf = fixture_text("crlf-bom.txt")
    cr = read_pdf_text(crlf.replace("\r\n", "\r"))
    assert cr.table == read_pdf_text(crlf).table
    assert cr.problems == read_pdf_text(crlf).problems


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(lambda: fixture_text("not-a-table.txt"), id="not-a-table"),
        pytest.param(lambda: fixture_text("empty.txt"), id="empty"),
        pytest.param(lambda: (FIXTURES / "garbage.bin").read_bytes().decode("latin-1"), id="binary-as-latin-1"),
    ],
)
def test_not_a_table_fails_with_a_one_line_message(text):
    with pytest.raises(ImportFailure) as info:
        read_pdf_text(text())
    assert info.value.zh == "不是项目支出绩效目标表的文本：找不到“部门名称：”行和表头"
    assert info.value.en == "not the text of a 项目支出绩效目标表: no 部门名称 line and no header row"
    assert "\n" not in info.value.zh and "\n" not in info.value.en


def test_mangled_tables_never_raise_anything_but_import_failure():
    """Cut, repeated and scrambled lines: a result or ImportFailure, never another exception."""
    lines = source_text().split("\n")
    rnd = random.Random(7)
    junk = ["。", "；", "1、1-", "\f", " 3.00", "：", "\t9", "年度指标值:", "。2、9-", "合计", "８．"]
    for _ in range(150):
        mangled = list(lines)
        for _ in range(rnd.randrange(1, 6)):
            i = rnd.randrange(len(mangled)) if mangled else 0
            op = rnd.randrange(5)
            if op == 0 and mangled:
                del mangled[i : i + rnd.randrange(1, 10)]
            elif op == 1 and mangled:
                mangled.insert(i, rnd.choice(mangled))
            elif op == 2 and mangled:
                j = rnd.randrange(len(mangled[i]) + 1)
                mangled[i] = mangled[i][:j] + rnd.choice(junk) + mangled[i][j:]
            elif op == 3:
                amounts = " ".join(rnd.choice(["1.00", "2.00", "0.50", "9"]) for _ in range(rnd.randrange(1, 6)))
                mangled.insert(i, "    项目 " + amounts)
            elif mangled:
                mangled[i] = "".join(rnd.sample(mangled[i], len(mangled[i])))
        try:
            result = read_pdf_text("\n".join(mangled))
        except ImportFailure:
            continue
        assert isinstance(result, ImportResult)
        assert all(p.slug in (AMB, ERR, GAP) and p.line >= 1 for p in result.problems)


def test_unit_name_whose_second_line_carries_the_amounts():
    result = read_pdf_text(fixture_text("unit-name-with-amounts.txt"))
    assert result.table == {
        **HEAD,
        "合计": two("16.20"),
        "资金使用单位": [
            {"单位名称": ZFW, "小计": two("15.00"), "项目": [LAIHUI, GOUZHI]},
            {"单位名称": CENTRE, "小计": two("1.20"), "项目": [WANGGE]},
        ],
    }
    assert where(result) == [
        (AMB, 8),
        (AMB, 10),
        (AMB, 11),
        (AMB, 13),
        (AMB, 23),
        (AMB, 29),
        (AMB, 30),
        (AMB, 32),
    ]
    assert result.problems[5].zh == (
        "第 29–30 行：单位名称分在两行（“广州市荔湾区社会治安综合治理”“指挥中心”），连接为“" + CENTRE + "”"
    )


def test_stated_year_and_yuan_amounts_with_thousands_separators():
    text = (
        "2024年项目支出绩效目标表（含转移支付项目）\n"
        "部门名称：某某局 单位：元\n"
        "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n"
        "合计 80,000.00 80,000.00\n"
        "某某局本级\n"
        "80,000.00 80,000.00\n"
        "    培训经费 80,000.00 80,000.00\n"
        "开展业务培训。\n"
        "1、1-产出指标；11-数量指标；培训次数；实施周期指标值:≥2次；年度指标值:≥2次。\n"
    )
    result = read_pdf_text(text)
    assert result.table == {
        "表名": "2024年项目支出绩效目标表（含转移支付项目）",
        "部门名称": "某某局",
        "预算年度": 2024,
        "金额单位": "元",
        "合计": two("80000.00"),
        "资金使用单位": [
            {
                "单位名称": "某某局本级",
                "小计": two("80000.00"),
                "项目": [
                    {
                        "项目名称": "培训经费",
                        "金额": two("80000.00"),
                        "绩效目标": "开展业务培训。",
                        "绩效指标": [indicator("产出指标", "数量指标", "培训次数", "≥2次", "≥2次")],
                    }
                ],
            }
        ],
    }
    assert list(result.table)[:4] == ["表名", "部门名称", "预算年度", "金额单位"]
    assert where(result) == [(AMB, 4), (AMB, 6), (AMB, 7)]


def test_indicators_without_a_first_item_and_an_item_without_its_terminator():
    text = (
        "部门名称：某某局 单位：万元\n"
        "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标\n"
        "合计 2.00 2.00\n"
        "某某局本级\n"
        "2.00 2.00\n"
        "    甲项目 1.00 1.00\n"
        "目标甲。\n"
        "一、产出指标；数量指标；培训次数；实施周期指标值:2次；年度指标值:2次。\n"
        "    乙项目 1.00 1.00\n"
        "目标乙\n"
        "1、1-产出指标；11-数量指标；培训次数；实施周期指标值:2次；年度指标值:2次\n"
    )
    result = read_pdf_text(text)
    assert result.table["资金使用单位"][0]["项目"] == [
        {"项目名称": "甲项目", "金额": two("1.00"), "绩效目标": "目标甲。", "绩效指标": []},
        {
            "项目名称": "乙项目",
            "金额": two("1.00"),
            "绩效目标": "目标乙",  # a goal may end without 。
            "绩效指标": [indicator("产出指标", "数量指标", "培训次数", "2次", "2次")],
        },
    ]
    assert [(p.slug, p.line, p.zh) for p in result.problems][3:] == [
        (
            ERR,
            8,
            "第 8 行的绩效指标无法解析（没有以“1、1-”开头的第 1 项）："
            "“一、产出指标；数量指标；培训次数；实施周期指标值:2次；年度指标值:2次。”",
        ),
        (AMB, 9, "第 9 行“乙项目 1.00 1.00”只有两个金额，按 总计、财政拨款 读取（两数相等，与金额合计一致）"),
        (AMB, 11, "第 11 行第 1 项指标没有以“。”结束，年度指标值取到文字末尾"),
    ]
