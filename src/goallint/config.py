"""The configuration file: ``goallint.yaml`` or ``.goallint.yaml``.

Found with ``--config PATH``, or else in the current directory or the nearest parent
that has one.  It selects rules, adjusts their severities and options, names folders
of a budget office's own rules, and paths to skip.  Command-line flags win over it.
A configuration that cannot be used is a one-line error (exit status 2), with the
line it is about.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from goallint.catalog import SEVERITY_RANK, Rule, RuleFileError

CONFIG_NAMES = ("goallint.yaml", ".goallint.yaml")


class ConfigError(RuleFileError):
    """A configuration file that cannot be used (one-line message, exit status 2)."""


@dataclass
class Config:
    path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None
    lang: str | None = None
    exclude: list[str] = field(default_factory=list)
    rule_dirs: list[Path] = field(default_factory=list)
    rules: dict = field(default_factory=dict)  # slug -> {"severity": ..., "options": {...}}

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def options(self) -> dict[str, dict]:
        return {slug: dict(spec.get("options", {})) for slug, spec in self.rules.items()}

    def apply(self, rules: list[Rule]) -> list[Rule]:
        """Rules with the configured severities; unknown rule names and unearned errors are refused."""
        by_slug = {r.slug: r for r in rules}
        for name, spec in self.rules.items():
            if name not in by_slug:
                import difflib

                close = difflib.get_close_matches(name, list(by_slug), n=1)
                hint = f"：是不是 {close[0]}？" if close else "（运行 goallint rules 查看全部规则）"
                raise ConfigError(f"配置文件 {self.path} 中没有这条规则：{name}{hint}")
            rule = by_slug[name]
            severity = spec.get("severity")
            if severity and rule.basis == "未核实" and SEVERITY_RANK[severity] > SEVERITY_RANK["warning"]:
                raise ConfigError(f"配置文件 {self.path}：规则 {name} 的依据未核实，最多只能是 warning")
            unknown = set(spec.get("options", {})) - set(rule.options)
            if unknown:
                known = "、".join(rule.options) or "无"
                raise ConfigError(f"配置文件 {self.path}：规则 {name} 没有选项 {'、'.join(sorted(unknown))}（可用：{known}）")
        return [
            dataclasses.replace(r, severity=self.rules[r.slug]["severity"]) if self.rules.get(r.slug, {}).get("severity") else r
            for r in rules
        ]

    def excluded(self, path: Path) -> bool:
        if not self.exclude:
            return False
        try:
            relative = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            return False
        return any(relative.match(pattern) or _under(relative, pattern) for pattern in self.exclude)


def _under(relative: Path, pattern: str) -> bool:
    """``archive/**`` and ``archive/`` exclude everything below archive/."""
    stem = pattern.rstrip("/").removesuffix("/**")
    return stem != pattern and any(parent.match(stem) for parent in relative.parents if str(parent) != ".")


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The given configuration file, or the one found from ``start`` upwards, or the defaults."""
    if path is None:
        found = find_config((start or Path.cwd()).resolve())
        if found is None:
            return Config()
        path = Path(os.path.relpath(found))  # shown to the user as they would type it
    from goallint.document import load_path
    from goallint.schema import validate

    try:
        doc = load_path(path)
    except OSError as exc:
        raise ConfigError(f"读不了配置文件 {path}：{exc.strerror or exc}") from None
    if doc.problems:
        problem = doc.problems[0]
        what = {
            "yaml-syntax": "YAML 语法错误",
            "duplicate-key": "重复的键",
            "file-encoding": "不是 UTF-8 编码",
            "input-limit": "超出读取上限（大小、嵌套层数或值的个数）",
            "unsupported-yaml": "使用了别名或标签",
        }.get(problem.slug, problem.slug)
        raise ConfigError(f"配置文件 {path}:{problem.span.line}:{problem.span.column} {what}")
    data = {} if doc.empty else doc.data
    errors = validate(data, "config")
    if errors:
        span = doc.locate(errors[0].path, errors[0].part)
        raise ConfigError(f"配置文件 {path}:{span.line}:{span.column} {errors[0].zh}")
    root = path.parent
    return Config(
        path=path,
        select=list(data.get("select", [])),
        ignore=list(data.get("ignore", [])),
        fail_on=data.get("fail-on"),
        lang=data.get("lang"),
        exclude=list(data.get("exclude", [])),
        rule_dirs=[(root / d) for d in data.get("rule-dirs", [])],
        rules=dict(data.get("rules", {})),
    )
