"""Run rules over a loaded document and turn their problems into findings with positions.

The engine knows nothing about any particular rule: it walks the scopes a rule
declares (file, table, unit, project, indicator), calls the rule's check
function with each item, and maps the document paths it returns to line and
column with :meth:`Document.locate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goallint.api import Context, Problem, Text
from goallint.catalog import SEVERITY_RANK, Catalog, MessageError, Rule
from goallint.document import Document, Span, format_path
from goallint.model import Table


@dataclass(frozen=True, slots=True)  # slots: a run may hold hundreds of thousands
class Finding:
    file: str
    span: Span
    code: str
    slug: str
    severity: str
    message: str
    path: tuple  # the document path, formatted only by the reporters (format_path)
    fix: Any = field(default=None, compare=False, repr=False)  # goallint.fix.Fix, when the rule offers one
    subjects: tuple = field(default=(), compare=False, repr=False)  # Problem.subjects (goallint.baseline)
    identity: tuple = field(default=(), compare=False, repr=False)  # (stable path, value hash): goallint.baseline.identify

    @property
    def sort_key(self):
        return (self.file, self.span.line, self.span.column, self.code)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "code": self.code,
            "rule": self.slug,
            "severity": self.severity,
            "message": self.message,
            "path": format_path(self.path),
        }


@dataclass
class RuleCrash:
    """A check function raised: reported on stderr, exit status 2; the other findings still stand."""

    file: str
    slug: str
    error: str


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    crashes: list[RuleCrash] = field(default_factory=list)
    suppressed: int = 0  # findings excused by suppression comments (counted in the summary)


@dataclass(frozen=True)
class RuleSet:
    """What to run: the chosen rules (with their configured severities), every rule's complete
    typed options, the indicator frame and the vocabularies."""

    rules: tuple
    options: dict  # slug -> {option: value}, defaults filled in
    frame: Any
    vocabularies: dict
    resolve: Any = None  # name -> Rule (the catalogue's find): suppression comments name rules


def ruleset(catalog: Catalog, rules: list[Rule] | None = None, options: dict | None = None, frame: str | None = None) -> RuleSet:
    """A :class:`RuleSet` of ``rules`` (default: the whole catalogue) with options merged over
    each rule's defaults.  Options must already be validated (the configuration does that)."""
    chosen = tuple(catalog.rules if rules is None else rules)
    merged = {r.slug: {**r.defaults, **(options or {}).get(r.slug, {})} for r in chosen}
    vocabularies = {**catalog.vocabularies, "rule-names": frozenset(r.slug for r in catalog.rules)}
    return RuleSet(chosen, merged, catalog.frame(frame), vocabularies, catalog.find)


def _items(scope: str, doc: Document, table: Table | None, directives=None):
    if scope == "file":
        return [doc]
    if scope == "suppressions":
        return [directives] if directives is not None else []
    if table is None:
        return []
    if scope == "table":
        return [table]
    if scope == "unit":
        return table.units
    if scope == "project":
        return table.projects
    if scope == "indicator":
        return table.indicators
    raise ValueError(scope)


def lint(doc: Document, rules: RuleSet, lang: str = "zh", inline_suppression: bool = True) -> Result:
    """All findings of ``rules`` on ``doc``, sorted by position.

    Suppression comments (goallint.suppress) are applied after every rule ran, then the
    rules of scope ``suppressions`` report directives that are malformed, name unknown
    rules or suppress nothing; a renamed rule's old slug still matches.  ``inline_suppression``
    False ignores every comment (for gates that must see everything).
    """
    from goallint.suppress import apply, find_directives

    result = Result()
    table = Table(doc.data, rules.frame) if isinstance(doc.data, dict) else None
    ordinary = [r for r in rules.rules if r.scope not in ("import", "suppressions")]  # import rules come from the importers
    _run(doc, table, ordinary, rules, lang, result, None)
    directives = find_directives(doc, rules.resolve) if inline_suppression else []
    result.findings, suppressed = apply(result.findings, directives)
    result.suppressed = len(suppressed)
    if inline_suppression:
        _run(doc, table, [r for r in rules.rules if r.scope == "suppressions"], rules, lang, result, directives)
    result.findings.sort(key=lambda f: f.sort_key)
    return result


def _run(doc: Document, table: Table | None, chosen: list[Rule], rules: RuleSet, lang: str, result: Result, directives) -> None:
    for rule in chosen:
        ctx = Context(options=rules.options[rule.slug], document=doc, table=table, frame=rules.frame, vocabularies=rules.vocabularies)
        found = []
        pairs = "field" in rule.spec.args
        try:
            for item in _items(rule.scope, doc, table, directives):
                problems = list(rule.function(item, ctx) or ())
                if pairs and len(problems) > 1:
                    problems = _merge_pairs(doc, problems)
                for problem in problems:
                    finding = _finding(doc, rule, rule.spec, problem, lang)
                    if rule.fixer is not None:
                        from goallint.fix import attach

                        finding = attach(finding, rule, problem, item, ctx, doc)
                    found.append(finding)
        except Exception as exc:  # a broken check must not hide the other rules' findings
            result.crashes.append(RuleCrash(doc.file, rule.slug, f"{type(exc).__name__}: {exc}"))
            continue
        result.findings.extend(found)


_PERIOD, _ANNUAL = "实施周期指标值", "年度指标值"
_BOTH = Text("实施周期指标值和年度指标值", "实施周期指标值 (and the same 年度指标值)")
PAIR_FIELD = _BOTH  # the ``field`` of a problem merged from a pair (goallint.fix fixes both halves)


def _merge_pairs(doc: Document, problems: list[Problem]) -> list[Problem]:
    """One finding for a pair that fails together (issue 10): where a rule reports an indicator's
    实施周期 and 年度 values the same way and the two values are the same text (a trailing 。 aside),
    the two problems become one whose span covers both values and whose ``field`` names both."""
    from goallint.values import normalize_text

    def key(p: Problem, field: str):
        if p.span is not None or p.args.get("field") != field or field not in p.path:
            return None
        rest = {k: v for k, v in p.args.items() if k not in ("field", "value")}
        return (p.path[: p.path.index(field)], p.variant, p.severity, p.part, normalize_text(p.args.get("value")), repr(sorted(rest.items(), key=lambda kv: kv[0])))

    annual = {}
    for i, p in enumerate(problems):
        k = key(p, _ANNUAL)
        if k is not None:
            annual.setdefault(k, i)
    out, used = [], set()
    for i, p in enumerate(problems):
        if i in used:
            continue
        j = annual.get(key(p, _PERIOD)) if key(p, _PERIOD) is not None else None
        if j is not None and j not in used:
            q = problems[j]
            a, b = doc.locate(p.path, p.part), doc.locate(q.path, q.part)
            p = Problem(p.path, variant=p.variant, part=p.part, severity=p.severity, span=Span(a.line, a.column, b.end_line, b.end_column), **{**p.args, "field": _BOTH})
            used.add(j)
        out.append(p)
    return out


def _finding(doc: Document, rule: Rule, spec, problem: Problem, lang: str) -> Finding:
    if problem.variant not in rule.messages:
        raise MessageError(f"规则 {rule.slug} 没有消息变体 {problem.variant!r}")
    extra = problem.args.keys() - spec.args
    if extra:
        raise MessageError(f"检查函数传了未声明的参数 {', '.join(sorted(extra))}")
    span = problem.span or doc.locate(problem.path, problem.part)
    severity = problem.severity or rule.severity
    if SEVERITY_RANK[severity] > SEVERITY_RANK[rule.severity]:
        severity = rule.severity  # a check may lower its rule's severity, never raise it
    return Finding(
        file=doc.file,
        span=span,
        code=rule.code,
        slug=rule.slug,
        severity=severity,
        message=rule.render(problem.variant, lang, problem.args),
        path=problem.path,
        subjects=problem.subjects,
    )


def fails(findings: list[Finding], fail_on: str) -> bool:
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)


def counts(findings: list[Finding]) -> dict[str, Any]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out
