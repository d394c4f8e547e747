"""Input limits: size, nesting depth, node count, aliases, tags and numbers are checked before the work.

Every reproducer of issue 7's loading part is here, run the way a user runs goallint
(a separate process) under a 1 GB address-space limit instead of a timer: the alias
bomb, the 30000-deep file, numbers whose formatting or arithmetic grew with their exponent.
Each gives its exact finding, and a good file in the same run is still reported.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys

import pytest

from conftest import EXAMPLE, example_findings, findings_of, where
from goallint.document import load_bytes, load_path, load_stream, load_text
from goallint.limits import MAX_REPORTED, Limits

HEAD = "部门名称: 测试部门\n金额单位: 万元\n"
TABLE = HEAD + "资金使用单位:\n  - 单位名称: 乙\n    项目: []\n"

ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdef", "bcdefg")
)


def memory_limit():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def check_bounded(tmp_path, files: dict[str, str]) -> tuple[int, dict[str, list[dict]]]:
    """``goallint check`` on the files and a copy of the example, in a process limited to 1 GB of memory.

    Returns the exit status and each file's findings; the example's must be its reviewed findings.
    """
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "good.yaml").write_bytes(EXAMPLE.read_bytes())
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("GOALLINT_LANG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "goallint", "check", *files, "good.yaml", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        env=env,
        preexec_fn=memory_limit,
    )
    assert proc.stderr == b"", proc.stderr.decode(errors="replace")
    payload = json.loads(proc.stdout)
    assert payload["summary"]["files"] == len(files) + 1
    found: dict[str, list[dict]] = {name: [] for name in [*files, "good.yaml"]}
    for d in payload["diagnostics"]:
        found[d["file"]].append(d)
    assert [(d["rule"], d["line"], d["column"]) for d in found.pop("good.yaml")] == [(d["rule"], d["line"], d["column"]) for d in example_findings()]  # the other file is still checked
    return proc.returncode, found


def rule_line_column_message(found: list[dict]) -> list[tuple]:
    return [(d["rule"], d["line"], d["column"], d["message"]) for d in found]


# --------------------------------------------------------------------------- the reproducers, end to end


def test_the_alias_bomb_is_refused_without_expanding_it(tmp_path):
    assert len(ALIAS_BOMB.encode()) < 300
    status, found = check_bounded(tmp_path, {"bomb.yaml": ALIAS_BOMB})
    assert status == 1
    aliases = [(line, col) for line in range(2, 8) for col in range(8, 33, 3)]  # 9 aliases on each of lines 2–7
    assert [(d["rule"], d["line"], d["column"]) for d in found["bomb.yaml"]] == [
        ("unsupported-yaml", *p) for p in aliases[: MAX_REPORTED + 1]
    ]
    assert found["bomb.yaml"][0]["message"] == "别名 *a：goallint 不展开别名，这个文件没有检查；请把锚点 &a 处的内容直接写在这里"
    assert found["bomb.yaml"][-1]["message"] == f"另有 {len(aliases) - MAX_REPORTED} 处别名或标签没有列出"


DEEP = {
    "unclosed.yaml": ("[" * 30000, 1, 65),
    "closed.yaml": ("[" * 500 + "]" * 500, 1, 65),
    "compact.yaml": ("- " * 3000 + "x\n", 1, 129),
    "indented.yaml": ("".join(" " * i + "k:\n" for i in range(200)), 65, 65),
}


def test_deep_nesting_is_refused_before_composing(tmp_path):
    status, found = check_bounded(tmp_path, {name: text for name, (text, _, _) in DEEP.items()})
    assert status == 1
    for name, (_, line, column) in DEEP.items():
        assert rule_line_column_message(found[name]) == [
            ("input-limit", line, column, "输入超出上限：嵌套超过 64 层（一张表约 8 层）；这个文件没有检查")
        ], name


NOTATIONS = ["0x210", "0o17", "0b1", "1_000", "1e3", "528.", "+528.95", ".5", ".inf", "0.1e-999999999", "1e1000000"]


def test_amounts_in_any_notation_but_plain_decimal_are_schema_findings(tmp_path):
    files = {
        f"{i}.yaml": HEAD + f"合计: {{总计: {amount}}}\n资金使用单位:\n  - 单位名称: 乙\n    小计: {{总计: {amount}}}\n"
        f"    项目:\n      - 项目名称: 甲\n        金额: {{总计: {amount}, 财政拨款: 1}}\n"
        for i, amount in enumerate(NOTATIONS)
    }
    files["digits.yaml"] = HEAD + f"合计: {{总计: {'1' * 5000}}}\n资金使用单位: []\n"
    status, found = check_bounded(tmp_path, files)
    assert status == 1
    for i, amount in enumerate(NOTATIONS):
        # no amount rule (amount-components, unit-subtotal, grand-total) reads the text as a number
        assert [(d["rule"], d["line"], d["column"]) for d in found[f"{i}.yaml"]] == [
            ("schema", 3, 10),
            ("schema", 6, 14),
            ("empty-project", 8, 15),
            ("output-indicator-required", 8, 15),
            ("goal-text-required", 8, 15),
            ("schema", 9, 18),
        ], amount
        assert [d["message"] for d in found[f"{i}.yaml"] if d["rule"] == "schema"] == [
            f"「合计.总计」应写成普通的十进制数字，如 528.95，实际为“{amount}”",
            f"「资金使用单位[0].小计.总计」应写成普通的十进制数字，如 528.95，实际为“{amount}”",
            f"「资金使用单位[0].项目[0].金额.总计」应写成普通的十进制数字，如 528.95，实际为“{amount}”",
        ], amount
    assert rule_line_column_message(found["digits.yaml"]) == [
        ("schema", 3, 10, f"「合计.总计」的数字太长：最多 20 位数字，实际为“{'1' * 39}…”"),
        ("schema", 4, 1, "「资金使用单位」至少要有 1 项"),
    ]


def test_a_negative_amount_is_reported_once_by_the_amount_rules():
    text = TABLE.replace("    项目: []\n", "    项目:\n      - 项目名称: 甲\n        金额: {总计: -5.00, 财政拨款: -5.00}\n")
    rules = ("schema", "amount-components", "amount-unit-format", "empty-project")
    found = [(f.slug, f.span.line, f.span.column) for f in findings_of(text, *rules) if f.span.line == 7]
    assert found == [("empty-project", 7, 18), ("amount-unit-format", 7, 31)]
    zero = text.replace("-5.00", "0")
    assert [f.slug for f in findings_of(zero, "schema", "amount-unit-format")] == []


def test_tags_are_findings_and_the_rest_is_still_checked(tmp_path):
    table = TABLE.replace("单位名称: 乙", "单位名称: !!python/object:os.system 乙\n    单位编码: !!binary MTIz") + "x-备注: !custom 说明\n"
    status, found = check_bounded(tmp_path, {"dept.yaml": table})
    assert status == 1
    assert rule_line_column_message(found["dept.yaml"]) == [
        ("unsupported-yaml", 4, 11, "标签 !!python/object:os.system：表格不需要标签，请删除"),
        ("unsupported-yaml", 5, 11, "标签 !!binary：表格不需要标签，请删除"),
        ("unsupported-yaml", 7, 7, "标签 !custom：表格不需要标签，请删除"),
    ]


def test_limit_findings_cannot_be_suppressed():
    text = "# goallint: disable-file\n" + "x: " + "[" * 70 + "\n"
    assert where(findings_of(text)) == [("input-limit", 2, 67)]
    text = "# goallint: disable-file\na: &x 1\nb: *x\n"
    assert where(findings_of(text)) == [("unsupported-yaml", 3, 4)]


# --------------------------------------------------------------------------- the limits, with small values


def test_the_size_limit_reads_at_most_one_byte_more(tmp_path):
    class Endless(io.RawIOBase):
        asked = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            self.asked += len(buffer)
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    stream = Endless()
    doc = load_stream(io.BufferedReader(stream, buffer_size=64), "<stdin>", Limits(max_bytes=1000))
    assert [(p.slug, p.span.line, p.span.column, p.args) for p in doc.problems] == [("input-limit", 1, 1, {"limit": "bytes", "max": 1000})]
    assert stream.asked <= 1001 + 64
    doc = load_path("/dev/zero", limits=Limits(max_bytes=1000))
    assert [p.slug for p in doc.problems] == ["input-limit"] and not doc.readable


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_not(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_bytes(TABLE.encode())
    size = len(TABLE.encode())
    assert load_path(path, limits=Limits(max_bytes=size)).problems == []
    doc = load_path(path, limits=Limits(max_bytes=size - 1))
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == [("input-limit", 1, 1)]
    assert doc.data is None and not doc.readable


def test_size_limit_message():
    doc = load_bytes(b"x" * 2049, "big.yaml", Limits(max_bytes=2048))
    assert [f.message for f in findings_of_doc(doc)] == ["输入超出上限：文件大于 2 KB；这个文件没有检查"]
    assert [f.message for f in findings_of_doc(load_bytes(b"x" * 30 * 1024 * 1024, "big.yaml"))] == [
        "输入超出上限：文件大于 20 MB；这个文件没有检查"
    ]
    assert [f.message for f in findings_of_doc(load_bytes(b"x" * 11, "big.yaml", Limits(max_bytes=10)), "en")] == [
        "input over a limit: the file is larger than 10 bytes; this file was not checked"
    ]


def findings_of_doc(doc, lang="zh"):
    from goallint.engine import lint, ruleset
    from goallint.packs import builtin_catalog

    return lint(doc, ruleset(builtin_catalog()), lang).findings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[[[1]]]\n", [], id="3 levels: at the limit"),
        pytest.param("[[[[1]]]]\n", [("input-limit", 1, 4)], id="4 levels"),
        pytest.param("a:\n  b:\n    c: 1\n", [], id="3 block levels"),
        pytest.param("a:\n  b:\n    c:\n      - 1\n", [("input-limit", 4, 7)], id="4 block levels"),
        pytest.param("a:\n- b:\n  - 1\n", [("input-limit", 3, 3)], id="4 levels, sequences not indented"),
        pytest.param('"]]]]": [[[1]]]\n', [("input-limit", 1, 11)], id="brackets in a quoted key"),
    ],
)
def test_depth_limit(text, expected):
    doc = load_text(text, limits=Limits(max_depth=3))
    assert [(p.slug, p.span.line, p.span.column) for p in doc.problems] == expected
    assert doc.readable == (not expected)


def test_node_limit():
    limits = Limits(max_nodes=8)
    assert load_text("a: 1\nb: 2\nc: [3]\n", limits=limits).problems == []  # the mapping, 3 keys, 3 values, 1 item
    doc = load_text("a: 1\nb: 2\nc: [3, 4]\n", limits=limits)
    assert [(p.slug, p.span.line, p.span.column, p.args) for p in doc.problems] == [("input-limit", 3, 8, {"limit": "nodes", "max": 8})]
    assert [f.message for f in findings_of_doc(doc)] == ["输入超出上限：值超过 8 个；这个文件没有检查"]


def test_aliases_and_tags_past_the_cap_are_counted():
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * (MAX_REPORTED + 5)) + "]\n"
    doc = load_text(text)
    assert len(doc.problems) == MAX_REPORTED + 1
    assert doc.problems[-1].args == {"more": 5} and doc.problems[-1].span.column == 5 + 4 * MAX_REPORTED


def test_tags_do_not_stop_loading():
    doc = load_text("a: !!str 5\nb: !!binary MTIz\nc: !t {d: 1}\n")
    assert [(p.span.line, p.span.column, p.args) for p in doc.problems] == [(1, 4, {"tag": "!!str"}), (2, 4, {"tag": "!!binary"}), (3, 4, {"tag": "!t"})]
    assert doc.readable and doc.data == {"a": "5", "b": "MTIz", "c": {"d": 1}}


# --------------------------------------------------------------------------- every text, one pass


ALPHABET = ["[", "]", "{", "}", ",", ":", ": ", "- ", "-", "? ", " ", "  ", "\n", "\n  ", "\n    ", "a", "1",
            '"', "'", "#", "\r", "\u2028", "\t", "|", "\\", "x: ", "- - ", "\n- ", "}]", "[[", "{{", "&a ", "*a", "!t ",
            "发[", "a[", "1{", "it's ", "\n---\n", "&b "]


def test_a_text_is_built_exactly_when_its_events_stay_within_the_limits_without_aliases():
    """Random YAML-ish texts with small limits, checked while they are built: a text past a limit
    has an input-limit finding and is not built; one with an alias is not built; one that is built
    stays within the limits, as the parser's own events, walked here, say."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent

    rng = random.Random(7)
    seen = {"built": 0, "over": 0, "aliases": 0}
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40)))
        limits = Limits(max_depth=rng.randint(2, 10), max_nodes=rng.randint(3, 60))
        depth = nodes = aliases = 0
        over = False
        try:
            for event in YAML(typ="safe", pure=False).parse(text):
                if isinstance(event, CollectionEndEvent):
                    depth -= 1
                elif isinstance(event, NodeEvent):
                    nodes += 1
                    aliases += isinstance(event, AliasEvent)
                    depth += isinstance(event, CollectionStartEvent)
                    if nodes > limits.max_nodes or depth > limits.max_depth:
                        over = True
                        break
        except Exception:
            pass  # what came before a syntax error is checked too
        doc = load_text(text, limits=limits)
        slugs = [p.slug for p in doc.problems]
        assert over == ("input-limit" in slugs), (text, limits)
        if over or aliases:
            assert not doc.readable and doc.data is None, (text, limits)
        if doc.readable:
            seen["built"] += 1
        seen["over"] += over
        seen["aliases"] += bool(aliases) and not over
    assert min(seen.values()) > 30, seen  # each case came up often enough to mean something


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        pytest.param("a: &x 1\nb: &x 2\nc: *x\n", Limits(), [("unsupported-yaml", 3, 4, {"alias": "x"})], id="alias after a reused anchor"),
        pytest.param("a: 1\n---\nb: *c\n", Limits(), [("unsupported-yaml", 3, 4, {"alias": "c"})], id="alias in a second document"),
        pytest.param("a: &x 1\nb: &x 2\nc: [[[[1]]]]\n", Limits(max_depth=3), [("input-limit", 3, 6, {"limit": "depth", "max": 3})], id="limit after a reused anchor"),
        pytest.param("a: 1\na: 2\nb: *z\n", Limits(), [("unsupported-yaml", 3, 4, {"alias": "z"})], id="alias after a duplicate key"),
        pytest.param(
            "x: !t 1\na: 1\n---\n: [\n", Limits(),
            [("unsupported-yaml", 1, 4, {"tag": "!t"}), ("yaml-syntax", 4, 1, {"problem": "did not find expected key", "context": "while parsing a block mapping"})],
            id="syntax error after a second document",
        ),
    ],
)
def test_what_stops_building_is_what_the_whole_text_says(text, limits, expected):
    """Built and checked in one pass, a text is judged on all of it: an alias or a limit anywhere
    wins over a composer error met earlier (a second document, a reused anchor), a syntax error
    anywhere over both, and a duplicate key before an alias is not reported (nothing is built)."""
    doc = load_text(text, limits=limits)
    assert not doc.readable and doc.data is None
    assert [(p.slug, p.span.line, p.span.column, p.args) for p in doc.problems] == expected
