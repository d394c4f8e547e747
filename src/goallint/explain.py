"""``goallint explain``: a rule's documentation, in the same order for every rule."""

from __future__ import annotations

from goallint.catalog import Rule

_HEAD = {
    "zh": {"what": "检查什么", "why": "为什么", "fail": "错误示例", "pass": "正确示例", "fix": "如何修改", "options": "选项", "sources": "依据", "severity": "严重程度", "scope": "适用于", "basis": "依据核实"},
    "en": {"what": "What it checks", "why": "Why", "fail": "Example (fails)", "pass": "Example (passes)", "fix": "How to fix", "options": "Options", "sources": "Sources", "severity": "Severity", "scope": "Applies to", "basis": "Basis"},
}
_SCOPE = {
    "zh": {"file": "文件", "table": "整张表", "unit": "资金使用单位", "project": "项目", "indicator": "绩效指标"},
    "en": {"file": "file", "table": "table", "unit": "unit", "project": "project", "indicator": "indicator"},
}
_BASIS_EN = {"已核实": "verified", "未核实": "unverified (warning at most)"}


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.rstrip("\n").splitlines())


def render_rule(rule: Rule, lang: str = "zh") -> str:
    from goallint.report.text import SEVERITY_LABEL

    h = _HEAD[lang]
    docs = rule.docs
    pick = lambda d: d.get(lang) or d["zh"]  # noqa: E731
    basis = rule.basis if lang == "zh" else _BASIS_EN[rule.basis]
    out = [
        f"{rule.code} {rule.slug}: {rule.text('summary', lang)}",
        "",
        f"{h['severity']}: {SEVERITY_LABEL[lang][rule.severity]}    {h['scope']}: {_SCOPE[lang][rule.scope]}    {h['basis']}: {basis}",
        "",
        f"## {h['what']}",
        pick(docs["what"]),
        "",
        f"## {h['why']}",
        pick(docs["why"]),
        "",
        f"## {h['fail']}",
        _indent(docs["fail"]),
        "",
        f"## {h['pass']}",
        _indent(docs["pass"]),
        "",
    ]
    if "fix" in docs:
        out += [f"## {h['fix']}", pick(docs["fix"]), ""]
    if rule.options:
        out.append(f"## {h['options']}")
        for name, spec in rule.options.items():
            out.append(f"- {name} = {spec['default']!r}: {pick(spec['description'])}")
        out.append("")
    out.append(f"## {h['sources']}")
    out += [f"- {s}" for s in docs["sources"]]
    return "\n".join(out) + "\n"
