"""Run a pack's own test cases: each rule's ``cases:``, tables with the exact findings expected.

``goallint test-pack DIR`` and goallint's own test suite (``tests/test_rule_cases.py``) run
cases through this module, so a province tests its rules exactly as goallint tests its own.
A case gives a whole table, optional ``options``, ``frame`` and ``also-run`` (other rules that
run too, such as the ones a suppression comment excuses), and ``expect``: the findings of
that rule alone, in order, each with line and column (and, where given, severity and
message).  ``expect: []`` is a table the rule must not flag.  A rule with a fix has cases with
``fixed:``, the whole table after its fixes, which must no longer have the rule's findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from goallint.catalog import Catalog, Rule


@dataclass(frozen=True)
class CaseResult:
    rule: Rule
    name: str
    problems: tuple[str, ...]  # empty when the case passed

    @property
    def passed(self) -> bool:
        return not self.problems


def case_problems(catalog: Catalog, rule: Rule, case: dict) -> list[str]:
    """What differs between a case's expected findings and the rule's real ones (empty: it passes)."""
    from goallint.document import load_text
    from goallint.engine import lint, ruleset
    from goallint.schema import check_value, validate

    errors = validate(case, "case")
    if errors:
        return [f"用例格式不对 / malformed case: {errors[0].zh}"]
    options = case.get("options", {})
    for name, value in options.items():
        if name not in rule.options:
            return [f"规则没有选项 {name} / the rule has no option {name}"]
        error = check_value(value, rule.options[name]["schema"], (f"选项 {name}", f"option {name}"))
        if error is not None:
            return [f"{error.zh} / {error.en}"]
    others = []
    for name in case.get("also-run", []):
        other = catalog.find(name)
        if other is None:
            return [f"also-run 中没有这条规则 / no such rule: {name}"]
        others.append(other)
    try:
        run = ruleset(catalog, [rule, *others], {rule.slug: options}, case.get("frame"))
    except Exception as exc:  # an unknown frame, say
        return [str(exc)]
    doc = load_text(case["table"], "case.yaml")
    result = lint(doc, run)
    if result.crashes:
        return [f"检查函数出错 / the check raised: {c.error}" for c in result.crashes]
    found = [f for f in result.findings if f.slug == rule.slug]
    out = _expectations(found, case["expect"])
    if "fixed" in case:
        out += _fixed_problems(rule, doc, result, run, case["fixed"])
    return out


def _fixed_problems(rule: Rule, doc, result, run, expected: str) -> list[str]:
    """A case's ``fixed:``: the whole text after the rule's fixes (safe and unsafe), which the rule
    no longer flags; the fix runs through the same code as ``goallint check --fix``."""
    from goallint.fix import Relint, fix_document, levels

    if rule.fixer is None:
        return ["规则没有修改（fix:），用例却有 fixed / the case has fixed: but the rule has no fix"]
    outcome = fix_document(doc, result, Relint(run), levels(unsafe=True), {rule.slug})
    out = [f"修改时 / while fixing: {note}" for note in outcome.notes]
    if outcome.text != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), outcome.text.splitlines(True), "fixed（应为 expected）", "实际 got", n=1))
        out.append(f"修改后的全文不同 / the fixed text differs:\n{diff}")
    left = [f for f in outcome.result.findings if f.slug == rule.slug]
    out += [f"修改后仍报告 / still reported after the fix: {f.span.line}:{f.span.column} {f.message}" for f in left]
    return out


def _expectations(found: list, expected: list) -> list[str]:
    out = []
    for i in range(max(len(found), len(expected))):
        f = found[i] if i < len(found) else None
        e = expected[i] if i < len(expected) else None
        if e is None:
            out.append(f"多报告了 / unexpected: {f.span.line}:{f.span.column} {f.message}")
            continue
        if f is None:
            out.append(f"没有报告 / missing: {e['line']}:{e['column']}")
            continue
        if (f.span.line, f.span.column) != (e["line"], e["column"]):
            out.append(f"位置不同 / position: 应为 expected {e['line']}:{e['column']}，实际 got {f.span.line}:{f.span.column} {f.message}")
        if "severity" in e and f.severity != e["severity"]:
            out.append(f"级别不同 / severity at {e['line']}:{e['column']}: 应为 expected {e['severity']}，实际 got {f.severity}")
        if "message" in e and f.message != e["message"]:
            out.append(f"消息不同 / message at {e['line']}:{e['column']}:\n    应为 expected: {e['message']}\n    实际 got:      {f.message}")
    return out


def run_pack_cases(catalog: Catalog, pack_name: str) -> list[CaseResult]:
    """Every case of every rule of one pack."""
    return [
        CaseResult(rule, case.get("name", "?"), tuple(case_problems(catalog, rule, case)))
        for rule in catalog.rules
        if rule.pack == pack_name
        for case in rule.cases
    ]


def coverage_problems(catalog: Catalog, pack_name: str) -> list[str]:
    """Rules that lack a case they must flag or one they must not (unless tested elsewhere)."""
    out = []
    for rule in catalog.rules:
        if rule.pack != pack_name or rule.tested_in:
            continue
        if not any(c.get("expect") for c in rule.cases):
            out.append(f"{rule.slug}: 没有必须报告的用例 / no case the rule must flag")
        if not any(not c.get("expect") for c in rule.cases):
            out.append(f"{rule.slug}: 没有必须不报告的用例 / no case the rule must NOT flag")
        if rule.fix is not None and not any("fixed" in c for c in rule.cases):
            out.append(f"{rule.slug}: 有修改（fix:）但没有测试修改结果的用例（fixed:）/ the rule has a fix but no case with fixed:")
    return out
