"""File-level checks: what the loader and the schema found (GL0xx)."""

from __future__ import annotations

from goallint.api import Problem, Text
from goallint.document import Document


def _load_problems(doc: Document, slug: str):
    for p in doc.problems:
        if p.slug == slug:
            yield p


def check_yaml_syntax(doc: Document, ctx):
    for p in _load_problems(doc, "yaml-syntax"):
        detail = _yaml_problem_zh(p.args["problem"])
        yield Problem((), span=p.span, problem=Text(detail, p.args["problem"]), context=p.args["context"])


def check_duplicate_key(doc: Document, ctx):
    for p in _load_problems(doc, "duplicate-key"):
        yield Problem((), span=p.span, key=p.args["key"], first_line=p.args["first_line"])


def check_file_encoding(doc: Document, ctx):
    for p in _load_problems(doc, "file-encoding"):
        if p.args.get("encoding") == "UTF-16":
            yield Problem((), span=p.span, detail=Text("文件是 UTF-16 编码", "the file is UTF-16 encoded"))
        else:
            yield Problem(
                (),
                span=p.span,
                detail=Text(f"第一个无法按 UTF-8 读取的字节是 {p.args['byte']}", f"the first byte that is not UTF-8 is {p.args['byte']}"),
            )


def check_input_limit(doc: Document, ctx):
    for p in _load_problems(doc, "input-limit"):
        limit, most = p.args["limit"], p.args["max"]
        if limit == "bytes":
            size_zh, size_en = _size(most)
            detail = Text(f"文件大于 {size_zh}", f"the file is larger than {size_en}")
        elif limit == "depth":
            detail = Text(f"嵌套超过 {most} 层（一张表约 8 层）", f"nested more than {most} levels deep (a table has about 8)")
        else:
            detail = Text(f"值超过 {most:,} 个", f"more than {most:,} values")
        yield Problem((), span=p.span, detail=detail)


def _size(n: int) -> tuple[str, str]:
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}", f"{n // size} {unit}"
    return f"{n} 字节", f"{n} bytes"


def check_unsupported_yaml(doc: Document, ctx):
    for p in _load_problems(doc, "unsupported-yaml"):
        if "alias" in p.args:
            name = p.args["alias"]
            detail = Text(
                f"别名 *{name}：goallint 不展开别名，这个文件没有检查；请把锚点 &{name} 处的内容直接写在这里",
                f"alias *{name}: goallint does not expand aliases, so this file was not checked; write out the content of the anchor &{name} here",
            )
        elif "tag" in p.args:
            detail = Text(f"标签 {p.args['tag']}：表格不需要标签，请删除", f"tag {p.args['tag']}: tables need no tags; delete it")
        else:
            detail = Text(f"另有 {p.args['more']} 处别名或标签没有列出", f"{p.args['more']} more aliases or tags not listed")
        yield Problem((), span=p.span, detail=detail)


def check_schema(doc: Document, ctx):
    if not doc.readable:
        return  # the file-level problem already says why
    if doc.empty or not isinstance(doc.data, dict):
        if doc.empty:
            detail = Text("文件为空：应为一张绩效目标表（以「部门名称」等键开头的映射）", "the file is empty: a target table (a mapping with keys such as 部门名称) was expected")
        else:
            detail = Text("文件内容不是一张表：顶层应为以「部门名称」等键开头的映射", "the file is not a table: the top level should be a mapping with keys such as 部门名称")
        yield Problem((), detail=detail)
        return
    from goallint.schema import validate

    for error in validate(doc.data):
        yield Problem(error.path, part=error.part, detail=Text(error.zh, error.en))


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
