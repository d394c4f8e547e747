"""The rule catalogue: rules declared as data, one YAML file per rule.

Built-in rules live in ``rules/`` and load through exactly the same function a
budget office's own rule folder will: :func:`load_rules` reads each file,
validates it against ``schemas/rule.schema.json``, and resolves the check
function named by ``check: module:function`` when the rule first runs.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from goallint.resources import data_dir

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


class RuleFileError(Exception):
    """A rule file that cannot be used (one-line message, exit status 2)."""


@dataclass
class Rule:
    code: str
    slug: str
    severity: str
    scope: str
    check: str | None
    basis: str
    summary: dict
    message: dict
    docs: dict
    options: dict = field(default_factory=dict)
    cases: list = field(default_factory=list)
    source: Path | None = None
    _function: Callable | None = field(default=None, repr=False)

    @property
    def defaults(self) -> dict:
        return {name: spec["default"] for name, spec in self.options.items()}

    def function(self) -> Callable:
        if self.check is None:
            raise RuleFileError(f"规则 {self.slug} 由导入器报告，没有检查函数")
        if self._function is None:
            module_name, _, attr = self.check.partition(":")
            try:
                module = importlib.import_module(module_name)
                self._function = getattr(module, attr)
            except (ImportError, AttributeError) as exc:
                raise RuleFileError(f"规则 {self.slug}（{self.source}）的检查函数 {self.check} 无法载入：{exc}") from None
        return self._function

    def text(self, field_name: str, lang: str) -> str:
        value = getattr(self, field_name)
        return value.get(lang) or value["zh"]

    def matches(self, selector: str) -> bool:
        """``--select``/``--ignore`` accept a slug, a full code, or a code prefix (GL1, GL10)."""
        selector = selector.strip()
        return selector == self.slug or (selector.upper() == self.code[: len(selector)] and len(selector) >= 2)


def _load_file(path: Path) -> Rule:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=False).load(path.read_bytes())
    except (OSError, YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or getattr(exc, "strerror", None) or str(exc).strip().splitlines()[0]
        raise RuleFileError(f"规则文件 {path}{where} 读不了：{what}") from None
    from goallint.schema import validate

    # A rule's test cases are validated where they are used (tests/test_rule_cases.py);
    # validating them on every start would cost more than the rest of the file.
    header = {k: v for k, v in data.items() if k != "cases"} if isinstance(data, dict) else data
    errors = validate(header, "rule")
    if errors:
        raise RuleFileError(f"规则文件 {path} 不符合规则格式：{errors[0].zh}")
    return Rule(
        code=data["code"],
        slug=data["slug"],
        severity=data["severity"],
        scope=data["scope"],
        check=data.get("check"),
        basis=data["basis"],
        summary=data["summary"],
        message=data["message"],
        docs=data["docs"],
        options=data.get("options", {}),
        cases=data.get("cases", []),
        source=path,
    )


def load_rules(folders: Iterable[Path]) -> list[Rule]:
    """All rules in the given folders, sorted by code.  Codes and slugs must be unique."""
    rules: list[Rule] = []
    by_slug: dict[str, Rule] = {}
    by_code: dict[str, Rule] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise RuleFileError(f"规则目录 {folder} 不存在")
        if any(folder.glob("*.py")) and str(folder) not in sys.path:
            sys.path.insert(0, str(folder))  # a rule's check: may name a module kept beside it
        for path in sorted(folder.glob("*.y*ml")):
            rule = _load_file(path)
            for index, key in ((by_slug, rule.slug), (by_code, rule.code)):
                if key in index:
                    raise RuleFileError(f"规则 {key} 重复：{index[key].source} 与 {path}")
                index[key] = rule
            rules.append(rule)
    rules.sort(key=lambda r: r.code)
    return rules


def builtin_rules() -> list[Rule]:
    return load_rules([data_dir("rules")])


def find_rule(rules: list[Rule], name: str) -> Rule | None:
    name = name.strip()
    for rule in rules:
        if name == rule.slug or name.upper() == rule.code:
            return rule
    return None


def select_rules(rules: list[Rule], select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
    """Rules left after ``--select`` (keep only these) and ``--ignore`` (drop these)."""
    for selector in (select or []) + (ignore or []):
        if not any(rule.matches(selector) for rule in rules):
            raise RuleFileError(f"没有这条规则：{selector}（运行 goallint rules 查看全部规则）")
    chosen = [r for r in rules if not select or any(r.matches(s) for s in select)]
    return [r for r in chosen if not any(r.matches(s) for s in (ignore or []))]


def render(template: dict, lang: str, args: dict[str, Any]) -> str:
    """Fill a message template; arguments that differ by language are ``Text`` objects."""
    from goallint.api import Text

    values = {}
    for key, value in args.items():
        if isinstance(value, Text):
            value = value.en if lang == "en" else value.zh
        values[key] = value
    text = template.get(lang) or template["zh"]
    try:
        return text.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        return f"{text} [{type(exc).__name__}: {exc}]"
