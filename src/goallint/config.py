"""The configuration file: ``goallint.yaml`` or ``.goallint.yaml``.

Found with ``--config PATH``, or else in the current directory or the nearest parent
that has one.  It selects rules, adjusts their severities and options, chooses the
indicator frame, names the packs a repository needs (installed packs by name, data-only
packs by folder), and paths to skip.  Command-line flags win over it.  A configuration
that cannot be used is a one-line error (exit status 2), with the line it is about.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from goallint.catalog import SEVERITY_RANK, Catalog, Rule, RuleFileError

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
    packs: list = field(default_factory=list)  # goallint.packs.ConfigPack
    frame: str | None = None
    preview: bool = False
    inline_suppression: bool = True
    respect_gitignore: bool = True
    rules: dict = field(default_factory=dict)  # slug -> {"severity": ..., "options": {...}}
    baseline: Path | None = None  # baseline: a baseline file, relative to the configuration's folder
    document: object = field(default=None, repr=False)  # the parsed file, for positions in messages

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def _where(self, *path, part: str = "value") -> str:
        if self.document is None:
            return str(self.path)
        span = self.document.locate(path, part)
        return f"{self.path}:{span.line}:{span.column}"

    def apply(self, catalog: Catalog) -> tuple[list[Rule], dict[str, dict]]:
        """The catalogue's rules with the configured severities, and the configured options
        (validated against each option's schema).  Unknown rule and option names, values of
        the wrong type and unearned errors are refused with one line."""
        from goallint.schema import check_value

        rules = list(catalog.rules)
        index = {r.slug: i for i, r in enumerate(rules)}
        options: dict[str, dict] = {}
        for name, spec in self.rules.items():
            rule = catalog.find(name)
            if rule is None:
                import difflib

                close = difflib.get_close_matches(name, list(index), n=1)
                hint = f"：是不是 {close[0]}？" if close else "（运行 goallint rules 查看全部规则）"
                raise ConfigError(f"配置文件 {self._where('rules', name, part='key')} 中没有这条规则：{name}{hint}")
            severity = spec.get("severity")
            if severity and rule.basis == "未核实" and SEVERITY_RANK[severity] > SEVERITY_RANK["warning"]:
                raise ConfigError(f"配置文件 {self._where('rules', name, 'severity')}：规则 {rule.slug} 的依据未核实，最多只能是 warning")
            given = spec.get("options", {})
            unknown = set(given) - set(rule.options)
            if unknown:
                known = "、".join(rule.options) or "无"
                first = sorted(unknown)[0]
                raise ConfigError(
                    f"配置文件 {self._where('rules', name, 'options', first, part='key')}：规则 {rule.slug} 没有选项 {'、'.join(sorted(unknown))}（可用：{known}）"
                )
            for option, value in given.items():
                error = check_value(value, rule.options[option]["schema"], (f"选项 {option}", f"option {option}"))
                if error is not None:
                    raise ConfigError(
                        f"配置文件 {self._where('rules', name, 'options', option)}：规则 {rule.slug} 的{error.zh} / rule {rule.slug}: {error.en}"
                    )
            options[rule.slug] = dict(given)
            if severity:
                rules[index[rule.slug]] = dataclasses.replace(rule, severity=severity)
        return rules, options

    def excluded(self, path: Path) -> bool:
        """True when an ``exclude`` pattern (gitignore syntax, relative to the configuration's folder) matches."""
        if not self.exclude:
            return False
        try:
            relative = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(self.root)))
        except ValueError:
            return False
        return self._spec().match_file(relative.as_posix())

    def _spec(self):
        spec = self.__dict__.get("_exclude_spec")
        if spec is None:
            import pathspec

            spec = self.__dict__["_exclude_spec"] = pathspec.GitIgnoreSpec.from_lines(self.exclude)
        return spec


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
    from goallint.packs import ConfigPack
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
    packs = []
    for i, spec in enumerate(data.get("packs", [])):
        span = doc.locate(("packs", i))
        packs.append(ConfigPack(spec, root, f"{path}:{span.line}:{span.column}"))
    return Config(
        path=path,
        select=list(data.get("select", [])),
        ignore=list(data.get("ignore", [])),
        fail_on=data.get("fail-on"),
        lang=data.get("lang"),
        exclude=list(data.get("exclude", [])),
        packs=packs,
        frame=data.get("frame"),
        preview=bool(data.get("preview", False)),
        inline_suppression=data.get("inline-suppression", True),
        respect_gitignore=data.get("respect-gitignore", True),
        rules=dict(data.get("rules", {})),
        baseline=root / data["baseline"] if "baseline" in data else None,
        document=doc,
    )
