"""The rule catalogue: the rules of every loaded pack, their frames and vocabularies.

Rules are declared as data in rule packs (:mod:`goallint.packs` loads them).  This
module holds what the rest of goallint reads: :class:`Rule`, the :class:`Catalog`
of all loaded rules, the one place that matches a name (slug, code, code prefix or a
replaced slug) to rules, the one place that picks a language, and message rendering.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
FAMILIES = ("file", "amounts", "indicators", "targets", "goal", "import")
SCOPES = ("file", "table", "unit", "project", "indicator", "suppressions", "import")


class RuleFileError(Exception):
    """A rule, pack or configuration that cannot be used (one-line message, exit status 2)."""


class MessageError(Exception):
    """A check passed arguments its rule's message cannot be filled with (a bug in the check)."""


def pick(texts: dict, lang: str) -> str:
    """The text in ``lang``, falling back to Chinese: the one place that chooses a language."""
    return texts.get(lang) or texts["zh"]


RESERVED_ARGS = frozenset({"variant", "part", "severity", "span", "subjects"})  # Problem's own keywords


def placeholders(template: str) -> set[str]:
    """The ``{name}`` fields of a message template; raises ValueError on a malformed template."""
    names = set()
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"占位符 {{{name}}} 只能是参数名 / placeholder {{{name}}} must be a bare name")
        if name in RESERVED_ARGS:
            raise ValueError(f"占位符 {{{name}}} 是保留字 / placeholder {{{name}}} is reserved")
        names.add(name)
    return names


@dataclass
class Rule:
    code: str
    slug: str
    severity: str
    scope: str
    check: str | None
    basis: str
    summary: dict
    messages: dict  # variant (None for a rule with one message) -> {"zh": …, "en": …}
    docs: dict
    family: str
    pack: str
    options: dict = field(default_factory=dict)  # name -> {"schema", "default", "description"}
    cases: list = field(default_factory=list)
    status: str = "stable"
    replaces: tuple = ()
    tested_in: str | None = None
    source: Path | None = None
    fix: dict | None = None  # the rule file's fix: {safety: safe|unsafe, function, what: {zh, en}}
    function: Callable | None = field(default=None, repr=False)
    spec: Any = field(default=None, repr=False)  # goallint.api.CheckSpec of the function
    fixer: Callable | None = field(default=None, repr=False)  # the fix function, resolved like the check

    @property
    def defaults(self) -> dict:
        return {name: spec["default"] for name, spec in self.options.items()}

    def text(self, field_name: str, lang: str) -> str:
        return pick(getattr(self, field_name), lang)

    @property
    def message(self) -> dict:
        """The rule's message, or its first variant (for listings)."""
        return next(iter(self.messages.values()))

    def matches(self, selector: str) -> str | None:
        """How ``selector`` names this rule: ``"exact"`` (slug, code or a replaced slug),
        ``"prefix"`` (a code prefix of two characters or more, such as GL1), or None."""
        selector = selector.strip()
        if selector == self.slug or selector.upper() == self.code or selector in self.replaces:
            return "exact"
        if len(selector) >= 2 and self.code.startswith(selector.upper()):
            return "prefix"
        return None

    def render(self, variant: str | None, lang: str, args: dict[str, Any]) -> str:
        """The message for a problem; language-dependent arguments (``Text``) are picked too."""
        from goallint.api import Text

        try:
            template = pick(self.messages[variant], lang)
        except KeyError:
            raise MessageError(f"规则 {self.slug} 没有消息变体 {variant!r} / rule {self.slug} has no message variant {variant!r}") from None
        values = {k: (pick({"zh": v.zh, "en": v.en}, lang) if isinstance(v, Text) else v) for k, v in args.items()}
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            raise MessageError(f"规则 {self.slug} 的消息缺少参数 {exc} / rule {self.slug}: message argument {exc} missing") from None


@dataclass
class Catalog:
    """Every rule of the loaded packs (sorted by code), their frames and vocabularies."""

    packs: list = field(default_factory=list)  # goallint.packs.Pack, in load order
    rules: list[Rule] = field(default_factory=list)
    frames: dict = field(default_factory=dict)  # name -> goallint.frames.Frame
    vocabularies: dict = field(default_factory=dict)  # name -> frozenset | dict
    default_frame: str | None = None
    warnings: list[str] = field(default_factory=list)  # one line each, shown on stderr

    def find(self, name: str) -> Rule | None:
        """The rule a slug, code or replaced slug names (case-insensitive codes)."""
        for rule in self.rules:
            if rule.matches(name) == "exact":
                self._note_rename(rule, name)
                return rule
        return None

    def _note_rename(self, rule: Rule, name: str) -> None:
        if name.strip() in rule.replaces:
            line = f"规则名 {name.strip()} 已改为 {rule.slug}，请改用新名称 / rule {name.strip()} is now {rule.slug}"
            if line not in self.warnings:
                self.warnings.append(line)

    def select(self, select: list[str] | None, ignore: list[str] | None, preview: bool = False) -> list[Rule]:
        """Rules left after ``select`` (keep only these) and ``ignore`` (drop these).

        Preview rules run with ``preview`` or when selected by exact name; deprecated rules
        only when selected by exact name.  An unknown selector is an error.
        """
        for selector in (select or []) + (ignore or []):
            matched = [r for r in self.rules if r.matches(selector)]
            if not matched:
                raise RuleFileError(f"没有这条规则：{selector}（运行 goallint rules 查看全部规则）/ no such rule: {selector}")
            for rule in matched:
                if rule.matches(selector) == "exact":
                    self._note_rename(rule, selector)

        def chosen(rule: Rule) -> bool:
            how = {rule.matches(s) for s in select} if select else {"default"}
            if not how - {None}:
                return False
            if "exact" in how:
                return True
            if rule.status == "deprecated":
                return False
            return rule.status != "preview" or preview

        kept = [r for r in self.rules if chosen(r)]
        return [r for r in kept if not any(r.matches(s) for s in (ignore or []))]

    def frame(self, name: str | None = None):
        """A frame by name (the default frame when None); unknown names are an error."""
        name = name or self.default_frame
        if name not in self.frames:
            known = "、".join(sorted(self.frames)) or "无"
            raise RuleFileError(f"没有这个指标体系：{name}（可用：{known}）/ no such frame: {name}")
        return self.frames[name]
