"""Write a table back as canonical YAML, and replace a file atomically.

The canonical form is what the importers write: keys in the
published column order (unknown keys after the known ones, in their own order),
block style everywhere except money rows and the items of 实施计划 / 测算依据, which
stay on one line as flow mappings (``金额: {总计: 8.00, 财政拨款: 8.00}``), two-space mappings with
sequence dashes indented two spaces, unicode written as is, no line folding.
An amount is a :class:`~decimal.Decimal` and is written with exactly its own
text, so ``Decimal("8.00")`` stays ``8.00``.

``ruamel.yaml`` is imported only inside :func:`dump_table`, so importing this
module costs nothing at start-up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from goallint.fileio import write_text_atomic

__all__ = ["dump_table", "write_text_atomic"]

MONEY_KEYS = ("合计", "小计", "金额", "实施周期金额")

TABLE_KEYS = ("表名", "部门名称", "部门编码", "预算年度", "金额单位", "合计", "资金使用单位")
UNIT_KEYS = ("单位名称", "单位编码", "小计", "项目")
PROJECT_KEYS = ("项目名称", "项目代码", "金额", "实施周期金额", "项目期限", "实施计划", "测算依据", "绩效目标", "绩效指标")
# The money columns of the published (Guangzhou) layout.
MONEY_COLUMNS = ("总计", "财政拨款", "财政专户拨款", "其他资金")
# The built-in fund sources (rules/vocab/fund-sources.yaml), in the order a money row is written;
# any other source follows them in its own order, 其他资金 comes last.
FUND_SOURCES = (
    "财政拨款", "财政专户拨款", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金",
    "本级资金", "上级资金", "上级补助收入", "上年结转", "自有资金", "单位资金", "事业收入", "经营收入",
    "附属单位上缴收入", "其他资金",
)
MONEY_ORDER = ("总计",) + FUND_SOURCES[:-1]
PLAN_KEYS = ("内容", "金额", "时间")
BASIS_KEYS = ("内容", "数量", "单位", "单价", "单价单位", "系数", "金额")
GOAL_KEYS = ("实施周期目标", "年度目标")
INDICATOR_KEYS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值类型",
    "指标方向",
    "权重",
    "实施周期指标值",
    "年度指标值",
    "指标解释",
    "绩效标准",
    "评分标准",
    "备注",
)
TARGET_KEYS = ("二级指标", "计算符号", "指标值", "计量单位")

# A width no line of a table comes near: long strings are never folded.
_NO_FOLDING = 1 << 30


def dump_table(table: dict) -> str:
    """The canonical YAML text of a table (a plain dict); ends with exactly one newline.

    Deterministic: the same data gives the same bytes.  Loading the text with
    ``YAML(typ='safe')`` and reading floats as ``Decimal`` of their text gives the
    data back.
    """
    if not isinstance(table, dict):
        raise TypeError(f"a table is a mapping, not {type(table).__name__}")

    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode

    from goallint.document import NumberText

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_FOLDING
    yaml.allow_unicode = True
    yaml.explicit_start = False
    yaml.explicit_end = False
    # Every node is built fresh below, but never let a shared object become &id001/*id001.
    yaml.representer.ignore_aliases = lambda data: True

    resolver = yaml.resolver

    def implicit_tag(text: str) -> str:
        return str(resolver.resolve(ScalarNode, text, (True, False)))

    def represent_decimal(representer, value: Decimal):
        if not value.is_finite():
            raise ValueError(f"an amount must be a finite number, not {value}")
        text = str(value)
        tag = implicit_tag(text)
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            # e.g. an exponent form the YAML resolver does not read as a number
            text = format(value, "f")
            tag = implicit_tag(text)
        return representer.represent_scalar(tag, text)

    def represent_number_text(representer, value: str):
        # a number goallint did not read as one (0x210, 1e3): written back exactly as it was written
        return representer.represent_scalar(implicit_tag(str(value)), str(value))

    yaml.representer.add_representer(Decimal, represent_decimal)
    yaml.representer.add_representer(NumberText, represent_number_text)

    out = io.StringIO()
    yaml.dump(_canonical(table, TABLE_KEYS, _TABLE_CHILDREN), out)
    text = out.getvalue()
    return text.rstrip("\n") + "\n"


# ---------------------------------------------------------------- canonical tree

# For each mapping kind: key -> how to build its value.
_TABLE_CHILDREN: dict = {}
_UNIT_CHILDREN: dict = {}
_PROJECT_CHILDREN: dict = {}
_INDICATOR_CHILDREN: dict = {}


def _canonical(value: Any, order: tuple = (), children: dict | None = None, flow: bool = False) -> Any:
    """Copy plain data into ruamel's round-trip containers, in canonical key order."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        children = children or {}
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        out = CommentedMap()
        for key in keys:
            build = children.get(key)
            out[key] = build(value[key]) if build is not None else _canonical(value[key], flow=flow)
        if flow:
            out.fa.set_flow_style()
        else:
            out.fa.set_block_style()
        return out
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(_canonical(item, flow=flow) for item in value)
        if flow:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return value


def _money(value: Any) -> Any:
    """A money row on one line: 总计, the built-in sources in their order, a province's own
    sources as written, 其他资金 last, then ``x-`` keys."""
    if isinstance(value, dict):
        known = [k for k in MONEY_ORDER if k in value]
        own = [k for k in value if k not in MONEY_ORDER and k != "其他资金" and not str(k).startswith("x-")]
        tail = ["其他资金"] if "其他资金" in value else []
        order = tuple(known + own + tail)
        return _canonical(value, order, flow=True)
    return _canonical(value, MONEY_ORDER, flow=True)


def _items(order: tuple, children: dict | None = None, flow: bool = False):
    """Build a sequence whose mapping items follow ``order`` (each on one line when ``flow``)."""

    def build(value: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            return _canonical(value)
        from ruamel.yaml.comments import CommentedSeq

        seq = CommentedSeq(_canonical(item, order, children, flow=flow) for item in value)
        seq.fa.set_block_style()
        return seq

    return build


def _keyed(order: tuple, children: dict | None = None):
    return lambda value: _canonical(value, order, children)


_TARGET = _keyed(TARGET_KEYS)
_INDICATOR_CHILDREN.update({"实施周期指标值": _TARGET, "年度指标值": _TARGET})
_PROJECT_CHILDREN.update(
    {
        "金额": _money,
        "实施周期金额": _money,
        "实施计划": _items(PLAN_KEYS, flow=True),
        "测算依据": _items(BASIS_KEYS, flow=True),
        "绩效目标": _keyed(GOAL_KEYS),
        "绩效指标": _items(INDICATOR_KEYS, _INDICATOR_CHILDREN),
    }
)
_UNIT_CHILDREN.update({"小计": _money, "项目": _items(PROJECT_KEYS, _PROJECT_CHILDREN)})
_TABLE_CHILDREN.update({"合计": _money, "资金使用单位": _items(UNIT_KEYS, _UNIT_CHILDREN)})
