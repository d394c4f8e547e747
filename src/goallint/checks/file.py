"""File-level checks (GL0xx): what the loader and the schema found."""

from __future__ import annotations

from goallint.api import Problem, Text, check
from goallint.document import Document


def _load_problems(doc: Document, slug: str):
    for p in doc.problems:
        if p.slug == slug:
            yield p


@check(scope="file", args=("problem", "context"))
def check_yaml_syntax(doc: Document, ctx):
    for p in _load_problems(doc, "yaml-syntax"):
        detail = _yaml_problem_zh(p.args["problem"])
        yield Problem((), span=p.span, problem=Text(detail, p.args["problem"]), context=p.args["context"])


@check(scope="file", args=("key", "first_line"))
def check_duplicate_key(doc: Document, ctx):
    for p in _load_problems(doc, "duplicate-key"):
        yield Problem((), span=p.span, key=p.args["key"], first_line=p.args["first_line"])


@check(scope="file", args=("byte",), variants=("utf16", "not-utf8"))
def check_file_encoding(doc: Document, ctx):
    for p in _load_problems(doc, "file-encoding"):
        if p.args.get("encoding") == "UTF-16":
            yield Problem((), span=p.span, variant="utf16")
        else:
            yield Problem((), span=p.span, variant="not-utf8", byte=p.args["byte"])


@check(scope="file", args=("size", "count", "max"), variants=("size", "size-bytes", "depth", "nodes"))
def check_input_limit(doc: Document, ctx):
    for p in _load_problems(doc, "input-limit"):
        limit, most = p.args["limit"], p.args["max"]
        if limit == "bytes":
            for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
                if most >= size and most % size == 0:
                    yield Problem((), span=p.span, variant="size", size=f"{most // size} {unit}")
                    break
            else:
                yield Problem((), span=p.span, variant="size-bytes", count=f"{most:,}")
        else:
            yield Problem((), span=p.span, variant="depth" if limit == "depth" else "nodes", max=f"{most:,}")


@check(scope="file", args=("name", "tag", "more"), variants=("alias", "tag", "more"))
def check_unsupported_yaml(doc: Document, ctx):
    for p in _load_problems(doc, "unsupported-yaml"):
        if "alias" in p.args:
            yield Problem((), span=p.span, variant="alias", name=p.args["alias"])
        elif "tag" in p.args:
            yield Problem((), span=p.span, variant="tag", tag=p.args["tag"])
        else:
            yield Problem((), span=p.span, variant="more", more=p.args["more"])


_NOT_A_TABLE = Text(
    "文件内容不是一张表：顶层应为以「部门名称」等键开头的映射",
    "the file is not a table: the top level should be a mapping with keys such as 部门名称",
)
_EMPTY = Text(
    "文件为空：应为一张绩效目标表（以「部门名称」等键开头的映射）",
    "the file is empty: a target table (a mapping with keys such as 部门名称) was expected",
)


@check(scope="file", args=("detail",))
def check_schema(doc: Document, ctx):
    if not doc.readable:
        return  # the file-level problem already says why
    if doc.empty or not isinstance(doc.data, dict):
        yield Problem((), detail=_EMPTY if doc.empty else _NOT_A_TABLE)
        return
    from goallint.schema import validate

    for error in validate(doc.data):
        yield Problem(error.path, part=error.part, detail=Text(error.zh, error.en))


@check(
    scope="suppressions",
    args=("name", "kind", "comment", "suggestion", "new"),
    variants=("unused", "unknown", "unknown-suggest", "renamed", "malformed", "blanket", "unsuppressible"),
)
def check_unused_suppression(directives, ctx):
    """Directives that do not do what their writer meant: reported where the comment is."""
    import difflib

    from goallint.suppress import UNSUPPRESSIBLE

    slugs = None
    for d in directives:
        if d.kind is None:
            yield Problem((), span=d.span, variant="malformed", comment=d.text)
            continue
        if d.blanket:
            yield Problem((), span=d.span, variant="blanket", comment=d.text, kind=d.kind)
            continue
        for name in d.names:
            rule = name.rule
            if rule is None:
                if slugs is None:
                    slugs = sorted(ctx.vocab("rule-names") or ())
                close = difflib.get_close_matches(name.text, slugs, n=1, cutoff=0.6)
                yield Problem((), span=name.span, variant="unknown-suggest" if close else "unknown", name=name.text, suggestion=close[0] if close else None)
            elif rule.slug in UNSUPPRESSIBLE:
                yield Problem((), span=name.span, variant="unsuppressible", name=name.text)
            elif name.text != rule.slug and name.text.upper() != rule.code:
                yield Problem((), span=name.span, variant="renamed", name=name.text, new=rule.slug)
            elif not name.used:
                yield Problem((), span=name.span, variant="unused", name=name.text, kind=d.kind)


# The YAML parser speaks English; these are its messages in the words of docs/format.md.
_YAML_ZH = {
    "did not find expected key": "这里缺少键，或缩进不对",
    "mapping values are not allowed here": "这里不能写「键: 值」：可能缩进不对，或值中的冒号后有空格（请给值加引号）",
    "found character that cannot start any token": "这个字符不能出现在这里（制表符不能用于缩进；以特殊符号开头的值请加引号）",
    "did not find expected '-' indicator": "列表项缺少「-」，或缩进不对",
    "found unexpected end of stream": "文件提前结束：引号或括号没有闭合",
    "did not find expected ',' or ']'": "列表的方括号没有闭合，或缺少逗号",
    "did not find expected ',' or '}'": "映射的花括号没有闭合，或缺少逗号",
    "but found another document": "一个文件只能有一张表（出现了第二个 --- 文档）",
    "could not find expected ':'": "缺少冒号「:」，或缩进不对",
    "found undefined alias": "引用了未定义的锚点",
    "did not find expected node content": "这里缺少内容",
    "found a tab character that violates indentation": "缩进中有制表符：请用空格缩进",
    "control characters are not allowed": "文件中有不允许的控制字符（可能是从别处复制来的不可见字符），请删除",
}


def _yaml_problem_zh(problem: str) -> str:
    for en, zh in _YAML_ZH.items():
        if en in problem:
            return zh
    return problem
