"""Write a table as an Excel workbook (.xlsx) that :func:`goallint.importers.excel.read_workbook` reads back.

Sheets:

``绩效目标表``
    The published layout: title (表名), a row with ``部门名称：…``, ``部门编码：…``,
    ``预算年度：…`` and ``单位：万元`` (each only when the table has it), the header
    ``项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标``,
    the 合计 row, then each 资金使用单位 row (name and 小计) followed by its projects
    (name indented).  The 绩效指标 cell is the published run-on string, rebuilt with
    the codes of the canonical taxonomy (:func:`goallint.importers.runon.render`):
    ``N、<c1>-<一级>；<c2>-<二级>；<三级>；实施周期指标值:<v1>；年度指标值:<v2>。``;
    a level name with no known code is written without one, and so is a level-2
    code that does not belong to the level-1 code before it.  A structured value
    is printed as the published table does (``≥90%``).  Fund sources beyond the four
    money columns (上年结转, 上级资金, a province's own) get columns between 其他资金
    and 绩效目标, written only when some row uses them.  What the published layout
    has no place for goes to extra columns after 绩效指标, written only when the
    table uses them: 单位编码, 项目代码, 项目期限, 实施计划 / 测算依据 (their text
    form), and 实施周期<column> for every column 实施周期金额 uses (实施周期总计,
    实施周期财政拨款, 实施周期上年结转 …).  A goal given as {实施周期目标, 年度目标}
    is written as two lines ``实施周期目标：…`` / ``年度目标：…``.

``绩效指标``
    The 预算管理一体化 layout, one row per indicator: 单位名称, (单位编码), 项目名称,
    (项目代码), 一级指标, 二级指标, 三级指标名称, 指标值类型, 计算符号, 实施周期指标值,
    年度指标值, 计量单位, 权重, 指标方向, 指标解释, 绩效标准, 评分标准, 备注.  One
    计算符号 / 计量单位 pair serves both values; when some indicator's two values
    differ in comparator or unit, the columns 实施周期计算符号 / 实施周期计量单位 are
    added and the plain pair serves 年度指标值 only.  A value's own 二级指标 label goes
    to 实施周期二级指标 / 年度二级指标 (added when used).  The reader takes from this
    sheet only what the published one lacks (details, structured values).

``实施计划`` / ``测算依据`` (only when some project gives them as a list)
    One row per item: 单位名称, 项目名称 and the item's keys (内容, 金额, 时间; 内容,
    数量, 单位, 单价, 单价单位, 系数, 金额).

``检查结果`` (only when ``findings`` is given)
    One row per finding; a finding whose ``path`` falls inside a project (or a
    unit, or 合计) also becomes a cell comment on that row of ``绩效目标表``.

Round trip: ``read_workbook`` of the written file gives the table back — the same
dict, the same ``Decimal`` texts, the same strings.  Normalisations: a 计算符号
given as a code or ASCII sign comes back canonical (``1``/``>=`` → ``≥``); a value
``{计算符号: 定性, 指标值: X}`` comes back as the plain ``X``; a value mapping with
neither 计算符号 nor 计量单位 (nor 二级指标) comes back as its plain 指标值; 部门编码 comes
back as text; a blank (``None``) cell comes back absent, since an empty cell cannot
tell the two apart.  Amounts are numeric cells whose number format shows the amount's own
decimals (``8.00`` → ``0.00``); an amount a binary float cannot hold exactly is
written as text.

Characters an .xlsx cell cannot hold — the control characters other than tab and
line breaks, lone surrogates, U+FFFE and U+FFFF — are written as visible escapes
(``\\x01``, ``\\ud800``) instead of failing the export; :func:`unwritable` lists the
values that hold them, so that the caller can say so.

The file is written atomically (:func:`goallint.fileio.write_bytes_atomic`): the
workbook goes to a temporary file in the same directory, which then replaces the
target (``overwrite=True``) or is linked to the new name (``overwrite=False``: never
clobbering a file that exists); on any failure the target is untouched and no partial
file remains.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

from goallint.dump import BASIS_KEYS, FUND_SOURCES, MONEY_COLUMNS, PLAN_KEYS
from goallint.fileio import write_bytes_atomic
from goallint.importers.excel import BASIS_SHEET, PERIOD_PREFIX, PLAN_SHEET, canonical_comparator, require_openpyxl
from goallint.importers.runon import render as format_indicators

__all__ = ["excel_safe", "export_workbook", "format_indicators", "unwritable"]

PUBLISHED_SHEET = "绩效目标表"
SYSTEM_SHEET = "绩效指标"
FINDINGS_SHEET = "检查结果"
NAME_HEADER = "项目名称（资金使用单位）"

_PUBLISHED_WIDTHS = {NAME_HEADER: 36, "绩效目标": 48, "绩效指标": 90, "项目期限": 10}
_SYSTEM_WIDTHS = {
    "单位名称": 30, "项目名称": 28, "一级指标": 12, "二级指标": 16, "三级指标名称": 30,
    "指标值类型": 10, "计算符号": 9, "实施周期指标值": 26, "年度指标值": 26, "计量单位": 9,
    "实施周期计算符号": 9, "实施周期计量单位": 9, "权重": 8, "指标方向": 9,
    "指标解释": 30, "绩效标准": 16, "评分标准": 30, "备注": 16,
}
_FINDING_COLUMNS = (
    ("文件", "file", 24), ("行", "line", 6), ("列", "column", 6), ("严重性", "severity", 9),
    ("规则", "rule", 28), ("代码", "code", 8), ("信息", "message", 70), ("路径", "path", 50),
)


# What an .xlsx cell cannot hold (openpyxl refuses the control characters, XML the rest).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def excel_safe(text: str) -> str:
    """``text`` with each character an .xlsx cell cannot hold written as a visible escape (``\\x01``)."""
    return _UNWRITABLE.sub(_escape, text)


def unwritable(table: Any, path: tuple = ()) -> list[tuple[tuple, list[str]]]:
    """``(document path, characters)`` for each string value that :func:`excel_safe` has to change."""
    found: list[tuple[tuple, list[str]]] = []
    if isinstance(table, dict):
        for key, value in table.items():
            found += unwritable(value, (*path, key))
    elif isinstance(table, list):
        for i, value in enumerate(table):
            found += unwritable(value, (*path, i))
    elif isinstance(table, str):
        characters = sorted(set(_UNWRITABLE.findall(table)))
        if characters:
            found.append((path, characters))
    return found


def export_workbook(table: dict, path, findings: list[dict] | None = None, *, overwrite: bool = True) -> None:
    """Write ``table`` to ``path`` as an .xlsx workbook (see the module docstring).

    Without ``overwrite`` an existing ``path`` is never replaced (:class:`FileExistsError`).
    """
    if not isinstance(table, dict):
        raise TypeError(f"a table is a mapping, not {type(table).__name__}")
    openpyxl = require_openpyxl()
    workbook = openpyxl.Workbook()
    published = workbook.active
    published.title = PUBLISHED_SHEET
    anchors = _write_published(published, table)
    _write_system(workbook.create_sheet(SYSTEM_SHEET), table)
    for key, fields in ((PLAN_SHEET, PLAN_KEYS), (BASIS_SHEET, BASIS_KEYS)):
        if any(isinstance(p.get(key), list) for u in _units(table) for p in _projects(u)):
            _write_items(workbook.create_sheet(key), table, key, fields)
    if findings is not None:
        _write_findings(workbook.create_sheet(FINDINGS_SHEET), findings)
        _annotate(published, anchors, findings)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes_atomic(path, buffer.getvalue(), overwrite=overwrite)


# ---------------------------------------------------------------- cells


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "header_fill": PatternFill("solid", fgColor="DDEBF7"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "top": Alignment(vertical="top"),
        "indent": Alignment(indent=2, vertical="top", wrap_text=True),
        "right": Alignment(horizontal="right"),
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _put(cell, value: Any) -> None:
    """Write a value: text stays text (even ``=…``), numbers stay numbers, Decimals keep their decimals."""
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = str(value).lower()
        return
    if isinstance(value, Decimal):
        _put_decimal(cell, value)
        return
    if isinstance(value, int):
        cell.value = value
        cell.number_format = "0"
        return
    if isinstance(value, float):
        cell.value = value
        return
    cell.value = excel_safe(value if isinstance(value, str) else str(value))
    if cell.data_type == "f":  # a string that starts with "=" is text here, not a formula
        cell.data_type = "s"


def _put_decimal(cell, value: Decimal) -> None:
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int):
        _put(cell, str(value))
        return
    places = max(0, -exponent)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        # a binary float cannot hold it (too many digits): text keeps it exact
        _put(cell, format(value, "f"))
        return
    cell.value = value
    cell.number_format = "0." + "0" * places if places else "0"


# ---------------------------------------------------------------- 绩效目标表


def _goal_text(goal: Any) -> str:
    if isinstance(goal, dict):
        return "\n".join(f"{key}：{_text(goal[key])}" for key in ("实施周期目标", "年度目标") if key in goal)
    return _text(goal)


def _units(table: dict) -> list[dict]:
    units = table.get("资金使用单位")
    return [u for u in units if isinstance(u, dict)] if isinstance(units, list) else []


def _projects(unit: dict) -> list[dict]:
    projects = unit.get("项目")
    return [p for p in projects if isinstance(p, dict)] if isinstance(projects, list) else []


def _money(row: Any) -> dict:
    return row if isinstance(row, dict) else {}


def _sources(rows: list[dict]) -> list[str]:
    """The money columns the rows use: 总计, the built-in sources in their order, then a province's own."""
    used = [k for row in rows for k in row if not str(k).startswith("x-")]
    known = [c for c in ("总计", *FUND_SOURCES) if c in used]
    return known + [c for c in dict.fromkeys(used) if c not in known]


def _published_columns(table: dict) -> tuple[list[str], list[str], list[str]]:
    """(all columns, money columns, 实施周期 money columns) of the published sheet."""
    units = _units(table)
    projects = [p for u in units for p in _projects(u)]
    rows = [_money(table.get("合计"))] + [_money(u.get("小计")) for u in units] + [_money(p.get("金额")) for p in projects]
    money = list(MONEY_COLUMNS) + [c for c in _sources(rows) if c not in MONEY_COLUMNS]
    columns = [NAME_HEADER, *money, "绩效目标", "绩效指标"]
    if any("单位编码" in u for u in units):
        columns.append("单位编码")
    for key in ("项目代码", "项目期限"):
        if any(key in p for p in projects):
            columns.append(key)
    for key in ("实施计划", "测算依据"):  # the text form; items go to their own sheets
        if any(isinstance(p.get(key), str) for p in projects):
            columns.append(key)
    period = [PERIOD_PREFIX + c for c in _sources([_money(p.get("实施周期金额")) for p in projects])]
    return columns + period, money, period


def _write_published(ws, table: dict) -> dict:
    """Write the published layout; return where each unit / project / 合计 row is, for comments."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    columns, money, period_columns = _published_columns(table)
    col = {name: i for i, name in enumerate(columns, start=1)}
    last = len(columns)
    header_row = 3

    if "表名" in table:
        cell = ws.cell(1, 1)
        _put(cell, table["表名"])
        cell.font = s["title"]
        cell.alignment = s["center"]
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
        ws.row_dimensions[1].height = 28
    info = [
        (1, "部门名称"),
        (col["其他资金"], "部门编码"),
        (col["绩效目标"], "预算年度"),
    ]
    for column, key in info:
        if table.get(key) is not None:
            _put(ws.cell(2, column), f"{key}：{_text(table[key])}")
    if table.get("金额单位") is not None:
        cell = ws.cell(2, col["绩效指标"])
        _put(cell, f"单位：{_text(table['金额单位'])}")
        cell.alignment = s["right"]

    for name, i in col.items():
        cell = ws.cell(header_row, i, name)
        cell.font = s["bold"]
        cell.fill = s["header_fill"]
        cell.alignment = s["center"]
        cell.border = s["border"]
        ws.column_dimensions[get_column_letter(i)].width = _PUBLISHED_WIDTHS.get(name, 13)
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate

    anchors: dict = {"columns": col}
    row = header_row
    if "合计" in table:
        row += 1
        _put(ws.cell(row, 1), "合计")
        ws.cell(row, 1).font = s["bold"]
        _money_cells(ws, row, col, _money(table["合计"]), money)
        anchors[("合计",)] = row
    for i, unit in enumerate(_units(table)):
        row += 1
        name = ws.cell(row, 1)
        _put(name, unit.get("单位名称"))
        name.font = s["bold"]
        name.alignment = s["wrap"]
        _money_cells(ws, row, col, _money(unit.get("小计")), money)
        if "单位编码" in unit:
            _put(ws.cell(row, col["单位编码"]), unit["单位编码"])
        anchors[(i,)] = row
        for j, project in enumerate(_projects(unit)):
            row += 1
            name = ws.cell(row, 1)
            _put(name, project.get("项目名称"))
            name.alignment = s["indent"]
            _money_cells(ws, row, col, _money(project.get("金额")), money)
            period = {PERIOD_PREFIX + k: v for k, v in _money(project.get("实施周期金额")).items()}
            _money_cells(ws, row, col, period, period_columns)
            for key in ("项目代码", "项目期限", "实施计划", "测算依据"):
                if key in project and key in col and not isinstance(project[key], list):
                    _put(ws.cell(row, col[key]), project[key])
                    ws.cell(row, col[key]).alignment = s["top"]
            goal = _goal_text(project.get("绩效目标")) if "绩效目标" in project else ""
            indicators = format_indicators(project.get("绩效指标"))
            for key, text in (("绩效目标", goal), ("绩效指标", indicators)):
                cell = ws.cell(row, col[key])
                if text:
                    _put(cell, text)
                cell.alignment = s["wrap"]
            ws.row_dimensions[row].height = _height(
                (goal, _PUBLISHED_WIDTHS["绩效目标"]), (indicators, _PUBLISHED_WIDTHS["绩效指标"])
            )
            anchors[(i, j)] = row
    return anchors


def _money_cells(ws, row: int, col: dict, money: dict, columns) -> None:
    from openpyxl.styles import Alignment

    for key in columns:
        if key in money and key in col:
            cell = ws.cell(row, col[key])
            _put(cell, money[key])
            cell.alignment = Alignment(vertical="top")


def _height(*texts: tuple[str, int]) -> float:
    """A row height that shows wrapped text (about 2 width units per CJK character)."""
    lines = 1
    for text, width in texts:
        per_line = max(1, int(width / 2.1))
        count = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")) if text else 1
        lines = max(lines, count)
    return min(409.0, 15.0 * lines + 3)


# ---------------------------------------------------------------- 绩效指标 (system layout)


def _parts(value: Any) -> tuple:
    """(comparator, unit) of a target value; plain values have neither."""
    if isinstance(value, dict):
        sign = value.get("计算符号")
        canonical = canonical_comparator(sign) if sign is not None else None
        return (canonical or (None if sign is None else str(sign)), value.get("计量单位") or None)
    return (None, None)


def _system_columns(table: dict) -> tuple[list[str], bool]:
    units = _units(table)
    projects = [p for u in units for p in _projects(u)]
    items = [x for p in projects for x in (p.get("绩效指标") or []) if isinstance(x, dict)]
    separate = any(
        "实施周期指标值" in x and "年度指标值" in x and _parts(x["实施周期指标值"]) != _parts(x["年度指标值"])
        for x in items
    )
    columns = ["单位名称"]
    if any("单位编码" in u for u in units):
        columns.append("单位编码")
    columns.append("项目名称")
    if any("项目代码" in p for p in projects):
        columns.append("项目代码")
    columns += ["一级指标", "二级指标", "三级指标名称", "指标值类型", "计算符号", "实施周期指标值", "年度指标值", "计量单位"]
    if separate:
        columns += ["实施周期计算符号", "实施周期计量单位"]
    for key, label in (("实施周期指标值", "实施周期二级指标"), ("年度指标值", "年度二级指标")):
        if any(isinstance(x.get(key), dict) and x[key].get("二级指标") is not None for x in items):
            columns.append(label)
    columns += ["权重", "指标方向", "指标解释", "绩效标准", "评分标准", "备注"]
    return columns, separate


def _header_row(ws, columns: list[str], width) -> dict:
    """Write a sheet's header on row 1 (bold, shaded, frozen); return each column's number."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    col = {name: i for i, name in enumerate(columns, start=1)}
    for name, i in col.items():
        cell = ws.cell(1, i, name)
        cell.font = s["bold"]
        cell.fill = s["header_fill"]
        cell.alignment = s["center"]
        cell.border = s["border"]
        ws.column_dimensions[get_column_letter(i)].width = width(name)
    ws.freeze_panes = "A2"
    return col


def _write_system(ws, table: dict) -> None:
    s = _styles()
    columns, separate = _system_columns(table)
    col = _header_row(ws, columns, lambda name: _SYSTEM_WIDTHS.get(name, 14))
    row = 1
    for unit in _units(table):
        for project in _projects(unit):
            items = project.get("绩效指标")
            for item in items if isinstance(items, list) else []:
                if not isinstance(item, dict):
                    continue
                row += 1
                _put(ws.cell(row, col["单位名称"]), unit.get("单位名称"))
                _put(ws.cell(row, col["项目名称"]), project.get("项目名称"))
                if "单位编码" in col:
                    _put(ws.cell(row, col["单位编码"]), unit.get("单位编码"))
                if "项目代码" in col:
                    _put(ws.cell(row, col["项目代码"]), project.get("项目代码"))
                for key in ("一级指标", "二级指标", "指标值类型", "权重", "指标方向", "指标解释", "绩效标准", "评分标准", "备注"):
                    if key in item:
                        _put(ws.cell(row, col[key]), item[key])
                if "三级指标" in item:
                    _put(ws.cell(row, col["三级指标名称"]), item["三级指标"])
                shared_done = False
                for key in ("年度指标值", "实施周期指标值"):
                    if key not in item:
                        continue
                    value = item[key]
                    own = separate and key == "实施周期指标值"
                    sign_col = col["实施周期计算符号" if own else "计算符号"]
                    unit_col = col["实施周期计量单位" if own else "计量单位"]
                    if isinstance(value, dict):
                        _put(ws.cell(row, col[key]), value.get("指标值"))
                        label = key.replace("指标值", "二级指标")
                        if label in col:
                            _put(ws.cell(row, col[label]), value.get("二级指标"))
                    else:
                        _put(ws.cell(row, col[key]), value)
                    if own or not shared_done:
                        sign, unit_name = _parts(value)
                        _put(ws.cell(row, sign_col), sign)
                        _put(ws.cell(row, unit_col), unit_name)
                        shared_done = shared_done or not own
                for key in ("三级指标名称", "实施周期指标值", "年度指标值", "指标解释", "评分标准"):
                    ws.cell(row, col[key]).alignment = s["wrap"]


# ---------------------------------------------------------------- 实施计划 / 测算依据


def _write_items(ws, table: dict, key: str, fields: tuple) -> None:
    """One row per item of every project's 实施计划 (or 测算依据) list: 单位名称, 项目名称, the item's keys."""
    s = _styles()
    rows = [(u, p, item) for u in _units(table) for p in _projects(u) if isinstance(p.get(key), list)
            for item in p[key] if isinstance(item, dict)]
    used = [f for f in fields if any(f in item for _, _, item in rows)]
    columns = ["单位名称", "项目名称", *(["内容"] if "内容" not in used else []), *used]
    col = _header_row(ws, columns, lambda name: {"单位名称": 30, "项目名称": 28, "内容": 40}.get(name, 12))
    for r, (unit, project, item) in enumerate(rows, start=2):
        _put(ws.cell(r, col["单位名称"]), unit.get("单位名称"))
        _put(ws.cell(r, col["项目名称"]), project.get("项目名称"))
        for name in used:
            _put(ws.cell(r, col[name]), item.get(name))
        if "内容" in col:
            ws.cell(r, col["内容"]).alignment = s["wrap"]


# ---------------------------------------------------------------- 检查结果 and comments


def _write_findings(ws, findings: list[dict]) -> None:
    from openpyxl.utils import get_column_letter

    s = _styles()
    for i, (title, _, width) in enumerate(_FINDING_COLUMNS, start=1):
        cell = ws.cell(1, i, title)
        cell.font = s["bold"]
        cell.fill = s["header_fill"]
        cell.alignment = s["center"]
        cell.border = s["border"]
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    for r, finding in enumerate(findings, start=2):
        for i, (_, key, _) in enumerate(_FINDING_COLUMNS, start=1):
            value = finding.get(key)
            if key == "path":
                value = _path_text(value)
            _put(ws.cell(r, i), value)
        ws.cell(r, 7).alignment = s["wrap"]
    if findings:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(_FINDING_COLUMNS))}{len(findings) + 1}"


def _path_text(path: Any) -> str:
    if isinstance(path, (list, tuple)):
        out = ""
        for part in path:
            out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
        return out
    return "" if path is None else str(path)


_PATH = re.compile(r"^资金使用单位\[(\d+)\](?:\.项目\[(\d+)\])?(?:\.([^.\[]+))?")


def _anchor(path: str, anchors: dict) -> tuple[int, int] | None:
    """The (row, column) of 绩效目标表 a finding path belongs to, or None."""
    col = anchors["columns"]
    if path == "合计" or path.startswith(("合计.", "合计[")):
        row = anchors.get(("合计",))
        return (row, col["总计"]) if row else None
    m = _PATH.match(path)
    if not m:
        return None
    unit, project, field = int(m.group(1)), m.group(2), m.group(3)
    if project is None:
        row = anchors.get((unit,))
        return (row, col["总计"] if field == "小计" else 1) if row else None
    row = anchors.get((unit, int(project)))
    if row is None:
        return None
    column = {"绩效指标": col["绩效指标"], "绩效目标": col["绩效目标"], "金额": col["总计"]}.get(field, 1)
    return row, column


def _annotate(ws, anchors: dict, findings: list[dict]) -> None:
    from openpyxl.comments import Comment

    notes: dict = {}
    for finding in findings:
        where = _anchor(_path_text(finding.get("path")), anchors)
        if where is None:
            continue
        rule = finding.get("rule") or finding.get("code") or ""
        line = f"[{finding.get('severity', '')}] {rule}: {finding.get('message', '')}"
        path = _path_text(finding.get("path"))
        tail = re.sub(r"^资金使用单位\[\d+\]\.项目\[\d+\]\.?", "", path)
        notes.setdefault(where, []).append(line + (f"（{tail}）" if tail else ""))
    for (row, column), lines in notes.items():
        comment = Comment(excel_safe("\n".join(lines)), "goallint")
        comment.width = 420
        comment.height = min(600, 20 + 18 * sum(1 + len(x) // 30 for x in lines))
        ws.cell(row, column).comment = comment
