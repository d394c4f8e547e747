"""``goallint explain``: a rule's documentation, in the same order for every rule."""

from __future__ import annotations

from goallint.catalog import Rule, pick

_HEAD = {
    "zh": {"what": "检查什么", "why": "为什么", "fail": "错误示例", "pass": "正确示例", "fix": "如何修改", "autofix": "自动修改", "options": "选项", "sources": "依据", "severity": "严重程度", "scope": "适用于", "basis": "依据核实", "pack": "规则包", "status": "状态", "replaces": "旧名称", "default": "默认"},
    "en": {"what": "What it checks", "why": "Why", "fail": "Example (fails)", "pass": "Example (passes)", "fix": "How to fix", "autofix": "Automatic fix", "options": "Options", "sources": "Sources", "severity": "Severity", "scope": "Applies to", "basis": "Basis", "pack": "Pack", "status": "Status", "replaces": "Replaces", "default": "default"},
}
_STATUS = {"zh": {"preview": "预览（只在明确选择或 --preview 时运行）", "deprecated": "已弃用（只在明确选择时运行）"}, "en": {"preview": "preview (runs when selected by name or with --preview)", "deprecated": "deprecated (runs only when selected by name)"}}
_TYPE = {
    "zh": {"number": "数字", "integer": "整数", "boolean": "true 或 false", "string": "文本", "array": "列表", "object": "映射"},
    "en": {"number": "a number", "integer": "a whole number", "boolean": "true or false", "string": "text", "array": "a list", "object": "a mapping"},
}
_SCOPE = {
    "zh": {"file": "文件", "table": "整张表", "unit": "资金使用单位", "project": "项目", "indicator": "绩效指标", "suppressions": "例外注释", "import": "导入"},
    "en": {"file": "file", "table": "table", "unit": "unit", "project": "project", "indicator": "indicator", "suppressions": "suppression comments", "import": "import"},
}
_SAFETY = {
    "zh": {"safe": "安全修改，goallint check --fix 会做：", "unsafe": "不安全修改，要加 --unsafe-fixes（goallint check --fix --unsafe-fixes）才做："},
    "en": {"safe": "Safe: goallint check --fix applies it. ", "unsafe": "Unsafe: applied only with --unsafe-fixes (goallint check --fix --unsafe-fixes). "},
}
_BASIS_EN = {"已核实": "verified", "未核实": "unverified (warning at most)"}


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.rstrip("\n").splitlines())


def render_rule(rule: Rule, lang: str = "zh") -> str:
    from goallint.report.text import SEVERITY_LABEL

    h = _HEAD[lang]
    docs = rule.docs
    basis = rule.basis if lang == "zh" else _BASIS_EN[rule.basis]
    head = f"{h['severity']}: {SEVERITY_LABEL[lang][rule.severity]}    {h['scope']}: {_SCOPE[lang][rule.scope]}    {h['basis']}: {basis}"
    if rule.pack != "goallint":
        head += f"    {h['pack']}: {rule.pack}"
    out = [f"{rule.code} {rule.slug}: {rule.text('summary', lang)}", "", head]
    if rule.status != "stable":
        out.append(f"{h['status']}: {_STATUS[lang][rule.status]}")
    if rule.replaces:
        out.append(f"{h['replaces']}: {', '.join(rule.replaces)}")
    out += [
        "",
        f"## {h['what']}",
        pick(docs["what"], lang),
        "",
        f"## {h['why']}",
        pick(docs["why"], lang),
        "",
        f"## {h['fail']}",
        _indent(docs["fail"]),
        "",
        f"## {h['pass']}",
        _indent(docs["pass"]),
        "",
    ]
    if "fix" in docs:
        out += [f"## {h['fix']}", pick(docs["fix"], lang), ""]
    if rule.fix is not None:
        out += [f"## {h['autofix']}", f"{_SAFETY[lang][rule.fix['safety']]}{pick(rule.fix['what'], lang)}", ""]
    if rule.options:
        out.append(f"## {h['options']}")
        for name, spec in rule.options.items():
            kind, default, text = _describe_type(spec["schema"], lang), _show(spec["default"]), pick(spec["description"], lang)
            out.append(f"- {name}（{kind}，默认 {default}）：{text}" if lang == "zh" else f"- {name} ({kind}, default {default}): {text}")
        out.append("")
    out.append(f"## {h['sources']}")
    out += [f"- {s}" for s in docs["sources"]]
    return "\n".join(out) + "\n"


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _describe_type(schema: dict, lang: str) -> str:
    """``{type: number, minimum: 0}`` → ``数字，≥ 0``: what an option accepts, in words."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    parts = ["或".join(_TYPE[lang].get(k, k) for k in kinds) if lang == "zh" else " or ".join(_TYPE[lang].get(k, k) for k in kinds)]
    if "enum" in schema:
        parts = [" | ".join(_show(v) for v in schema["enum"])]
    if "minimum" in schema:
        parts.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        parts.append(f"≤ {schema['maximum']}")
    return ("，" if lang == "zh" else ", ").join(p for p in parts if p)


def render_catalog(rules: list[Rule], lang: str = "zh") -> str:
    """Every rule's documentation as one Markdown page (docs/rules.md is this output)."""
    from goallint.report.text import SEVERITY_LABEL

    title = "规则 / Rules" if lang == "zh" else "Rules"
    intro = (
        "本页由 `goallint rules --format markdown` 生成，内容与 `goallint explain 规则名` 相同；规则的声明在 `rules/` 中。"
        if lang == "zh"
        else "Generated by `goallint rules --format markdown --lang en`; the same text as `goallint explain RULE`."
    )
    head = ("编码", "规则名", "级别", "检查什么") if lang == "zh" else ("Code", "Rule", "Severity", "What it checks")
    out = [f"# {title}", "", intro, "", f"| {' | '.join(head)} |", "|---|---|---|---|"]
    out += [f"| {r.code} | [`{r.slug}`](#{r.slug}) | {SEVERITY_LABEL[lang][r.severity]} | {r.text('summary', lang)} |" for r in rules]
    for rule in rules:
        body = render_rule(rule, lang).rstrip("\n").splitlines()
        out += ["", f'<a id="{rule.slug}"></a>', "", f"## {body[0]}", ""]
        out += [("###" + line[2:]) if line.startswith("## ") else line for line in body[2:]]
    return "\n".join(out) + "\n"
