"""Indicator-set checks (GL2xx): which kinds of indicator a project has."""

from __future__ import annotations

from goallint.api import Problem
from goallint.model import Project


def check_output_indicator_required(project: Project, ctx):
    levels = [i.level1 for i in project.indicators]
    if "产出指标" not in levels:
        present = "、".join(dict.fromkeys(str(i.data.get("一级指标")) for i in project.indicators)) or "无"
        yield Problem(project.name_path, name=project.name, present=present)


def check_benefit_indicator_missing(project: Project, ctx):
    if not project.indicators:
        return  # a project without indicators is reported by output-indicator-required
    levels = [i.level1 for i in project.indicators]
    if "效益指标" not in levels:
        present = "、".join(dict.fromkeys(str(i.data.get("一级指标")) for i in project.indicators))
        yield Problem(project.name_path, name=project.name, present=present)
