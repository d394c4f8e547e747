"""The example table is a faithful conversion of the real published table, and dump.py writes it canonically.

``examples/liwan-zfw.yaml`` is checked against the source text
(``tests/data/liwan-zfw-project-targets.txt``, a byte copy of the shared original)
without any importer code: every amount on its own source line, every name,
every goal text and every indicator string rebuilt from the YAML and found in the
source.  The real errors of the source (``不少6次``, ``≥90`` without a unit, …)
must stay in the example; tests here pin them with exact values.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor

from goallint.dump import dump_table, write_text_atomic

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCE_NAME = "liwan-zfw-project-targets.txt"
SOURCE = HERE / "data" / SOURCE_NAME
EXAMPLE = REPO / "examples" / "liwan-zfw.yaml"
SOURCE_SHA256 = "f43baa6e6f58dfc1757c5444c4ef0ad18ca7f479f6b5144e0d8b2984cdc15d92"

DEPARTMENT = "中国共产党广州市荔湾区委员会政法委员会"
UNITS = [
    (DEPARTMENT, "399.95", "399.95"),
    ("广州市荔湾区社会治安综合治理指挥中心", "129.00", "129.00"),
]
PROJECTS = [
    # (unit index, 项目名称, 总计, 财政拨款, number of indicators)
    (0, "来穗人员服务管理工作经费", "8.00", "8.00", 3),
    (0, "维稳专项工作经费", "47.00", "47.00", 4),
    (0, "政法系统专项工作经费", "101.45", "101.45", 3),
    (0, "综治专项工作经费", "55.00", "55.00", 4),
    (0, "执法监督工作经费", "23.50", "23.50", 4),
    (0, "购置经费", "7.00", "7.00", 4),
    (0, "综治中心工作经费", "158.00", "158.00", 3),
    (1, "综合网格服务管理信息费", "1.20", "1.20", 3),
    (1, "网格化服务管理工作经费", "31.80", "31.80", 3),
    (1, "编外人员聘用经费", "96.00", "96.00", 3),
]

# The codes the source prints before the level names (the example keeps names only).
LEVEL1_CODE = {"产出指标": "1", "效益指标": "2", "满意度指标": "3"}
LEVEL2_CODE = {
    "数量指标": "11",
    "质量指标": "12",
    "时效指标": "13",
    "经济效益": "21",
    "社会效益": "22",
    "服务对象满意度": "31",
}

AMOUNT = r"(\d+\.\d{2})"
TOTAL_LINE = re.compile(rf"^合计 {AMOUNT} {AMOUNT}$")
SUBTOTAL_LINE = re.compile(rf"^{AMOUNT} {AMOUNT}$")
PROJECT_LINE = re.compile(rf"^    (\S+) {AMOUNT} {AMOUNT}$")


# ---------------------------------------------------------------- helpers


class _DecimalSafeConstructor(SafeConstructor):
    """The safe constructor, but a float becomes Decimal of its own text (8.00 stays 8.00)."""


_DecimalSafeConstructor.add_constructor(
    "tag:yaml.org,2002:float",
    lambda self, node: Decimal(self.construct_scalar(node)),
)


def safe_load(text: str):
    yaml = YAML(typ="safe")
    yaml.Constructor = _DecimalSafeConstructor
    return yaml.load(text)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def joined(lines) -> str:
    """Lines joined with no separator, blank lines dropped (how the PDF text wraps cells)."""
    return "".join(line for line in lines if line.strip())


@pytest.fixture(scope="module")
def source_lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def example() -> dict:
    return safe_load(EXAMPLE.read_text(encoding="utf-8"))


def projects_of(example):
    for unit in example["资金使用单位"]:
        for project in unit["项目"]:
            yield unit, project


def indicator_item(n: int, ind: dict) -> str:
    """The source's run-on form of one indicator, terminator included."""
    return (
        f"{n}、{LEVEL1_CODE[ind['一级指标']]}-{ind['一级指标']}；"
        f"{LEVEL2_CODE[ind['二级指标']]}-{ind['二级指标']}；{ind['三级指标']}；"
        f"实施周期指标值:{ind['实施周期指标值']}；年度指标值:{ind['年度指标值']}。"
    )


# ---------------------------------------------------------------- the source copy


def test_source_copy_has_the_pinned_bytes():
    assert sha256(SOURCE) == SOURCE_SHA256


# ---------------------------------------------------------------- header and amounts


def test_header_fields(example, source_lines):
    assert list(example) == ["表名", "部门名称", "金额单位", "合计", "资金使用单位"]
    assert example["表名"] == "项目支出绩效目标表（含转移支付项目）"
    assert source_lines[1] == example["表名"]
    assert example["部门名称"] == DEPARTMENT
    assert example["金额单位"] == "万元"
    assert f"部门名称：{example['部门名称']} 单位：{example['金额单位']}" in source_lines
    # the source states neither a budget year nor a project term
    assert "预算年度" not in example
    assert all("项目期限" not in p for _, p in projects_of(example))


def test_every_amount_is_on_its_own_source_line_in_order(example, source_lines):
    # what the source says, in order: 合计, each unit's subtotal, each project's line
    from_source = []
    for line in source_lines:
        if m := TOTAL_LINE.match(line):
            from_source.append(("合计", m.group(1), m.group(2)))
        elif m := SUBTOTAL_LINE.match(line):
            from_source.append(("小计", m.group(1), m.group(2)))
        elif m := PROJECT_LINE.match(line):
            from_source.append(("金额", m.group(1), m.group(2), m.group(3)))

    def row(money):
        assert list(money) == ["总计", "财政拨款"]  # the other two columns are empty in the source
        assert all(isinstance(v, Decimal) for v in money.values())
        return str(money["总计"]), str(money["财政拨款"])

    from_example = [("合计", *row(example["合计"]))]
    for unit in example["资金使用单位"]:
        from_example.append(("小计", *row(unit["小计"])))
        for project in unit["项目"]:
            from_example.append(("金额", project["项目名称"], *row(project["金额"])))

    assert from_example == from_source
    assert from_example[0] == ("合计", "528.95", "528.95")
    assert "    来穗人员服务管理工作经费 8.00 8.00" in source_lines
    assert "129.00 129.00" in source_lines


def test_units_names_and_subtotals(example, source_lines):
    units = example["资金使用单位"]
    assert [(u["单位名称"], str(u["小计"]["总计"]), str(u["小计"]["财政拨款"])) for u in units] == UNITS
    for unit in units:
        assert list(unit) == ["单位名称", "小计", "项目"]
        # the name wraps over the two non-blank lines just before its subtotal line
        at = source_lines.index(f"{unit['小计']['总计']} {unit['小计']['财政拨款']}")
        before = [line for line in source_lines[:at] if line.strip()][-2:]
        assert "".join(before) == unit["单位名称"]
    assert source_lines[9:11] == ["中国共产党广州市荔湾区委员会", "政法委员会"]
    assert source_lines[123:125] == ["广州市荔湾区社会治安综合治理", "指挥中心"]


def test_project_names_order_and_counts(example):
    got = []
    for u, unit in enumerate(example["资金使用单位"]):
        for project in unit["项目"]:
            assert list(project) == ["项目名称", "金额", "绩效目标", "绩效指标"]
            got.append(
                (
                    u,
                    project["项目名称"],
                    str(project["金额"]["总计"]),
                    str(project["金额"]["财政拨款"]),
                    len(project["绩效指标"]),
                )
            )
    assert got == PROJECTS
    assert [len(unit["项目"]) for unit in example["资金使用单位"]] == [7, 3]
    assert len(got) == 10
    assert sum(n for *_, n in got) == 34


# ---------------------------------------------------------------- goal and indicator texts


def test_every_goal_text_is_in_the_joined_source(example, source_lines):
    text = joined(source_lines)
    for _, project in projects_of(example):
        goal = project["绩效目标"]
        assert isinstance(goal, str) and goal.endswith("。")
        assert goal in text, project["项目名称"]
    first = example["资金使用单位"][0]["项目"][0]["绩效目标"]
    assert first == (
        "加强指导、督查工作，全面开展“人屋”登记核查、重点地区整治以及安全隐患整治和群租屋整治工作，"
        "提高出租屋和来穗人员纳管率，有效防控出租屋治安和消防隐患。"
    )


def test_every_indicator_string_is_in_the_joined_source(example, source_lines):
    text = joined(source_lines)
    for _, project in projects_of(example):
        for ind in project["绩效指标"]:
            assert list(ind) == ["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"]
            v1, v2 = ind["实施周期指标值"], ind["年度指标值"]
            assert isinstance(v1, str) and isinstance(v2, str)
            # the item's own terminator 。 was removed from 年度指标值, and only that one
            assert not v2.endswith("。"), ind
            probe = f"{ind['三级指标']}；实施周期指标值:{v1}；年度指标值:{v2}"
            assert probe in text, probe
            # the terminator follows, then the next item or the end of the project's text
            assert re.search(re.escape(probe) + r"。(?=\d+、\d-|[^\d。]|$)", text), probe


def test_each_project_block_is_converted_completely(example, source_lines):
    """Goal + rebuilt indicator items = the project's source text, with nothing left over
    but the next unit's name."""
    project_at = {m.group(1): i for i, line in enumerate(source_lines) if (m := PROJECT_LINE.match(line))}
    amount_lines = sorted(
        i for i, line in enumerate(source_lines) if PROJECT_LINE.match(line) or SUBTOTAL_LINE.match(line)
    )
    units = example["资金使用单位"]
    for u, unit in enumerate(units):
        for p, project in enumerate(unit["项目"]):
            start = project_at[project["项目名称"]]
            following = [i for i in amount_lines if i > start]
            end = following[0] if following else len(source_lines)
            block = joined(source_lines[start + 1 : end])
            items = "".join(indicator_item(n, ind) for n, ind in enumerate(project["绩效指标"], 1))
            expected = project["绩效目标"] + items
            last_of_unit = p == len(unit["项目"]) - 1
            if last_of_unit and u + 1 < len(units):
                expected += units[u + 1]["单位名称"]
            assert block == expected, project["项目名称"]


def test_level_names_are_kept_as_published_without_codes(example):
    level1 = {ind["一级指标"] for _, p in projects_of(example) for ind in p["绩效指标"]}
    level2 = {ind["二级指标"] for _, p in projects_of(example) for ind in p["绩效指标"]}
    assert level1 == {"产出指标", "效益指标", "满意度指标"}
    assert level2 == {"数量指标", "质量指标", "时效指标", "经济效益", "社会效益", "服务对象满意度"}


def _indicator(example, project_name, name):
    for _, project in projects_of(example):
        if project["项目名称"] == project_name:
            for ind in project["绩效指标"]:
                if ind["三级指标"] == name:
                    return ind
    raise AssertionError(f"{project_name} / {name} not found")


@pytest.mark.parametrize(
    "project, name, level2, period, annual",
    [
        # a value's own 。 is kept in 实施周期指标值; in 年度指标值 it merged with the terminator
        ("来穗人员服务管理工作经费", "来穗人员服务管理质量", "质量指标",
         "在流动人员服务工作中无重大维稳事件。", "在流动人员服务工作中无重大维稳事件"),
        # no unit, no 满意度 wording
        ("来穗人员服务管理工作经费", "来穗人员对我区管理服务评价", "服务对象满意度", "≥90", "≥90"),
        ("维稳专项工作经费", "重大矛盾化解率", "数量指标", "90%以上", "90%以上"),
        ("维稳专项工作经费", "辖区政治安全和社会大局持续稳定", "社会效益", "实现“五个不发生”。", "实现“五个不发生”"),
        # 不少6次: 于 is missing in the source
        ("执法监督工作经费", "法律宣传", "数量指标", "不少6次", "不少6次"),
        ("购置经费", "科室对政府采购满意度", "服务对象满意度", "满意", "满意"),
        ("综治中心工作经费", "1+6+N基层社会治理体系建设实体化运作率", "质量指标", "100%", "100%"),
        ("综合网格服务管理信息费", "信息支付考核", "经济效益", "100%", "100%"),
        # the only pair that differs: 年度 prefix in 实施周期 only
        ("编外人员聘用经费", "绩效考核等次", "数量指标",
         "年度考核等次为合格及合格以上等次达到100%。", "考核等次为合格及合格以上等次达到100%"),
        # name says 人次, value says 人
        ("编外人员聘用经费", "带动就业人数（人次）", "社会效益", "10人", "10人"),
    ],
    ids=[
        "period-value-own-stop",
        "satisfaction-no-unit",
        "word-comparator",
        "quote-then-stop",
        "malformed-comparator",
        "satisfaction-word",
        "digits-in-name",
        "economic-benefit",
        "period-annual-mismatch",
        "unit-name-mismatch",
    ],
)
def test_real_errors_of_the_source_are_kept(example, project, name, level2, period, annual):
    ind = _indicator(example, project, name)
    assert ind["二级指标"] == level2
    assert ind["实施周期指标值"] == period
    assert ind["年度指标值"] == annual


# ---------------------------------------------------------------- dump.py


def test_example_round_trips_byte_for_byte():
    raw = EXAMPLE.read_bytes()
    data = safe_load(raw.decode("utf-8"))
    assert dump_table(data).encode("utf-8") == raw


def test_example_file_shape():
    raw = EXAMPLE.read_bytes()
    text = raw.decode("utf-8")
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    assert not text.startswith("---")
    assert "\\u" not in text and "#" not in text and "\r" not in text
    assert text.splitlines()[:11] == [
        "表名: 项目支出绩效目标表（含转移支付项目）",
        "部门名称: 中国共产党广州市荔湾区委员会政法委员会",
        "金额单位: 万元",
        "合计: {总计: 528.95, 财政拨款: 528.95}",
        "资金使用单位:",
        "  - 单位名称: 中国共产党广州市荔湾区委员会政法委员会",
        "    小计: {总计: 399.95, 财政拨款: 399.95}",
        "    项目:",
        "      - 项目名称: 来穗人员服务管理工作经费",
        "        金额: {总计: 8.00, 财政拨款: 8.00}",
        "        绩效目标: 加强指导、督查工作，全面开展“人屋”登记核查、重点地区整治以及安全隐患整治和群租屋整治工作，"
        "提高出租屋和来穗人员纳管率，有效防控出租屋治安和消防隐患。",
    ]


def test_dump_is_byte_identical_across_runs(example):
    first = dump_table(example)
    assert dump_table(example) == first
    assert dump_table(safe_load(first)) == first


def test_decimal_keeps_its_own_text():
    table = {
        "合计": {"总计": Decimal("8.00"), "财政拨款": Decimal("129.00")},
        "资金使用单位": [
            {
                "小计": {"总计": Decimal("0.50"), "财政拨款": Decimal("100"), "其他资金": Decimal("-1.250")},
            }
        ],
    }
    text = dump_table(table)
    assert text == (
        "合计: {总计: 8.00, 财政拨款: 129.00}\n"
        "资金使用单位:\n"
        "  - 小计: {总计: 0.50, 财政拨款: 100, 其他资金: -1.250}\n"
    )
    back = safe_load(text)
    assert str(back["合计"]["总计"]) == "8.00"
    assert str(back["合计"]["财政拨款"]) == "129.00"
    assert back["资金使用单位"][0]["小计"] == {"总计": Decimal("0.50"), "财政拨款": 100, "其他资金": Decimal("-1.250")}


def test_decimal_that_is_not_finite_is_refused():
    with pytest.raises(ValueError):
        dump_table({"合计": {"总计": Decimal("NaN")}})


def test_keys_in_canonical_order_from_a_scrambled_dict():
    indicator = {
        "备注": "无",
        "x-来源": "L23",
        "年度指标值": {"计量单位": "%", "指标值": Decimal("95"), "计算符号": "≥"},
        "三级指标": "出租屋登记率",
        "实施周期指标值": "95%",
        "一级指标": "产出指标",
        "二级指标": "数量指标",
    }
    project = {
        "绩效指标": [indicator],
        "x-备注": "自定义",
        "绩效目标": {"年度目标": "年度", "实施周期目标": "周期"},
        "金额": {"财政拨款": Decimal("8.00"), "总计": Decimal("8.00")},
        "项目名称": "来穗人员服务管理工作经费",
        "项目代码": "44010321",
    }
    table = {
        "x-z": 1,
        "资金使用单位": [{"项目": [project], "小计": {"其他资金": Decimal("1.00"), "总计": Decimal("9.00")}, "单位名称": "甲"}],
        "合计": {"财政专户拨款": Decimal("0.00"), "总计": Decimal("9.00"), "财政拨款": Decimal("8.00")},
        "金额单位": "万元",
        "x-a": "last",
        "预算年度": 2021,
        "部门名称": "乙",
        "表名": "项目支出绩效目标表",
    }
    assert dump_table(table) == (
        "表名: 项目支出绩效目标表\n"
        "部门名称: 乙\n"
        "预算年度: 2021\n"
        "金额单位: 万元\n"
        "合计: {总计: 9.00, 财政拨款: 8.00, 财政专户拨款: 0.00}\n"
        "资金使用单位:\n"
        "  - 单位名称: 甲\n"
        "    小计: {总计: 9.00, 其他资金: 1.00}\n"
        "    项目:\n"
        "      - 项目名称: 来穗人员服务管理工作经费\n"
        "        项目代码: '44010321'\n"
        "        金额: {总计: 8.00, 财政拨款: 8.00}\n"
        "        绩效目标:\n"
        "          实施周期目标: 周期\n"
        "          年度目标: 年度\n"
        "        绩效指标:\n"
        "          - 一级指标: 产出指标\n"
        "            二级指标: 数量指标\n"
        "            三级指标: 出租屋登记率\n"
        "            实施周期指标值: 95%\n"
        "            年度指标值:\n"
        "              计算符号: ≥\n"
        "              指标值: 95\n"
        "              计量单位: '%'\n"
        "            备注: 无\n"
        "            x-来源: L23\n"
        "        x-备注: 自定义\n"
        "x-z: 1\n"
        "x-a: last\n"
    )
    # the input is not modified
    assert list(table) == ["x-z", "资金使用单位", "合计", "金额单位", "x-a", "预算年度", "部门名称", "表名"]


def test_strings_that_look_like_other_types_stay_strings():
    table = {"表名": "100", "部门名称": "true", "部门编码": "2021-01-01", "金额单位": "8.00", "x-空": "", "x-null": "null"}
    text = dump_table(table)
    assert safe_load(text) == table
    assert text == (
        "表名: '100'\n"
        "部门名称: 'true'\n"
        "部门编码: '2021-01-01'\n"
        "金额单位: '8.00'\n"
        "x-空: ''\n"
        "x-null: 'null'\n"
    )


def test_long_strings_are_not_folded_and_unicode_is_not_escaped():
    goal = "很长的绩效目标，" * 200 + "“引号”＋全角。"
    text = dump_table({"表名": goal})
    assert text == f"表名: {goal}\n"


def test_same_object_twice_gives_no_anchor():
    money = {"总计": Decimal("8.00"), "财政拨款": Decimal("8.00")}
    text = dump_table({"资金使用单位": [{"项目": [{"金额": money, "实施周期金额": money}]}]})
    assert text == (
        "资金使用单位:\n"
        "  - 项目:\n"
        "      - 金额: {总计: 8.00, 财政拨款: 8.00}\n"
        "        实施周期金额: {总计: 8.00, 财政拨款: 8.00}\n"
    )


def test_dump_table_refuses_a_non_mapping():
    with pytest.raises(TypeError):
        dump_table(["not", "a", "table"])


def test_dump_module_does_not_import_ruamel_at_start_up():
    import subprocess
    import sys

    # only what goallint.dump itself adds counts (the package __init__ is not this module's business)
    code = (
        "import sys, goallint; before = set(sys.modules); import goallint.dump; "
        "print(sorted(m for m in set(sys.modules) - before if m.startswith('ruamel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- write_text_atomic


def test_write_text_atomic_writes_utf8_and_leaves_no_temp(tmp_path):
    target = tmp_path / "t.yaml"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    write_text_atomic(target, "表名: 新\n")
    assert target.read_bytes() == "表名: 新\n".encode("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]


def test_write_text_atomic_creates_a_new_file(tmp_path):
    target = tmp_path / "new.yaml"
    write_text_atomic(str(target), "a: 1\r\nb: 2\n")
    assert target.read_bytes() == b"a: 1\r\nb: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml"]


def test_write_text_atomic_leaves_the_original_when_replace_fails(tmp_path, monkeypatch):
    target = tmp_path / "t.yaml"
    target.write_bytes("原文\n".encode("utf-8"))

    def failing_replace(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk on fire"):
        write_text_atomic(target, "新内容\n")
    assert target.read_bytes() == "原文\n".encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]


def test_write_text_atomic_leaves_the_original_when_fsync_fails(tmp_path, monkeypatch):
    target = tmp_path / "t.yaml"
    target.write_bytes(b"keep\n")

    def failing_fsync(fd):
        raise OSError("fsync failed")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="fsync failed"):
        write_text_atomic(target, "x\n")
    assert target.read_bytes() == b"keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]


def test_write_text_atomic_refuses_bytes(tmp_path):
    target = tmp_path / "t.yaml"
    target.write_bytes(b"keep\n")
    with pytest.raises(TypeError):
        write_text_atomic(target, b"x\n")
    assert target.read_bytes() == b"keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.yaml"]
