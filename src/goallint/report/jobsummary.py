"""The Markdown job summary for GitHub Actions (``$GITHUB_STEP_SUMMARY``).

Annotations are the place for single findings, but GitHub shows at most 10 annotations of each
type (error, warning, notice) per step: on a repository of hundreds of tables most findings never
appear there.  The summary on the run's page gives the whole picture: the totals, the counts per
rule and per department (the table's 部门名称, or its file when it has none), and says when
annotations were left out.  Everything taken from the checked files is escaped, so a name cannot
add links, images, HTML or table cells.
"""

from __future__ import annotations

import html
import re

from goallint.engine import counts
from goallint.report.sarif import help_uri
from goallint.report.text import summary, visible

ANNOTATION_LIMIT = 10  # per type and step: GitHub drops the rest
_TYPE = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "notice")}
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def cell(text: str) -> str:
    """Text from a checked file as one Markdown table cell: no markup, no HTML, one line."""
    return _MARKDOWN.sub(r"\\\1", html.escape(visible(str(text)), quote=False))


def render(findings, files: int, departments: dict, rules=(), suppressed: int = 0, errors=()) -> str:
    """``departments`` maps each checked file to its 部门名称 (or None)."""
    c = counts(findings)
    out = [
        f"## goallint：{summary(findings, files, 'zh', suppressed, len(errors))}",
        "",
        summary(findings, files, "en", suppressed, len(errors)),
        "",
    ]
    over = [(severity, n) for severity, n in c.items() if n > ANNOTATION_LIMIT]
    if over:
        zh = "、".join(f"{n} 个{_TYPE[s][0]}" for s, n in over)
        en = ", ".join(f"{n} {_TYPE[s][1]}s" for s, n in over)
        out += [
            f"> GitHub 每个步骤每种注释（错误、警告、提示）最多显示 {ANNOTATION_LIMIT} 个。本次有 {zh}，"
            "多出的没有标在文件上：全部问题见下表和日志，或上传 SARIF 到代码扫描。",
            f"> GitHub shows at most {ANNOTATION_LIMIT} annotations of each type (error, warning, notice) per step. "
            f"This run has {en}: the rest are not marked on the files; see the tables below, the log, or upload SARIF to code scanning.",
            "",
        ]
    if errors:
        out += ["**检查未完成 / checking was incomplete:**", ""]
        out += [f"- {cell(e)}" for e in errors]
        out.append("")
    if findings:
        out += _by_rule(findings, {r.slug: r for r in rules}) + [""] + _by_department(findings, departments)
    return "\n".join(out) + "\n"


def _by_rule(findings, rules: dict) -> list[str]:
    rows: dict[tuple, dict] = {}
    for f in findings:
        row = rows.setdefault((f.code, f.slug), {"files": set(), "error": 0, "warning": 0, "info": 0})
        row["files"].add(f.file)
        row[f.severity] += 1
    out = ["### 按规则 / By rule", "", "| 编码 Code | 规则 Rule | 错误 Errors | 警告 Warnings | 提示 Info | 文件 Files |", "|---|---|---:|---:|---:|---:|"]
    order = sorted(rows.items(), key=lambda item: (-item[1]["error"], -item[1]["warning"], -item[1]["info"], item[0][0]))
    for (code, slug), row in order:
        uri = help_uri(rules[slug]) if slug in rules else None
        name = f"[`{slug}`]({uri})" if uri else f"`{slug}`"
        out.append(f"| {code} | {name} | {row['error']} | {row['warning']} | {row['info']} | {len(row['files'])} |")
    return out


def _by_department(findings, departments: dict) -> list[str]:
    rows: dict[str, dict] = {}
    for f in findings:
        name = departments.get(f.file) or f.file
        row = rows.setdefault(name, {"files": set(), "error": 0, "warning": 0, "info": 0})
        row["files"].add(f.file)
        row[f.severity] += 1
    out = ["### 按部门 / By department", "", "没有写部门名称的表以文件名列出。Tables without 部门名称 are listed by file.", "", "| 部门 Department | 文件 Files | 错误 Errors | 警告 Warnings | 提示 Info |", "|---|---:|---:|---:|---:|"]
    order = sorted(rows.items(), key=lambda item: (-item[1]["error"], -item[1]["warning"], -item[1]["info"], item[0]))
    for name, row in order:
        out.append(f"| {cell(name)} | {len(row['files'])} | {row['error']} | {row['warning']} | {row['info']} |")
    return out
