"""Positions kept compactly: the node tree is dropped after loading, every key and value still has its place."""

from __future__ import annotations

import gc

from ruamel.yaml.nodes import Node, ScalarNode

from goallint.document import Span, load_path, load_text

from conftest import EXAMPLE

WIDE = "部门名称: 甲\n" + "".join(f"键{i}: 值{i}\n" for i in range(40)) + "键7: 重复\n" + "列表: [a, {b: 1}, [c]]\n"


def test_a_wide_mapping_is_located_key_by_key():
    doc = load_text(WIDE)
    assert doc.locate(("键0",)) == Span(2, 5, 2, 7)
    assert doc.locate(("键39",), "key") == Span(41, 1, 41, 4)
    assert doc.locate(("键39",)) == Span(41, 6, 41, 9)
    assert doc.locate(("列表", 1, "b")) == Span(43, 13, 43, 14)
    assert doc.locate(("列表", 2, 0)) == Span(43, 18, 43, 19)
    # missing paths point at the nearest existing ancestor's key, or the item itself
    assert doc.locate(("键3", "更深")) == Span(5, 1, 5, 3)
    assert doc.locate(("列表", 9)) == Span(43, 1, 43, 3)
    assert doc.locate(("列表", 0, "x")) == Span(43, 6, 43, 7)
    assert doc.locate(("没有",)) == Span(1, 1, 1, 2)
    assert [(p.slug, p.span, p.args) for p in doc.problems] == [("duplicate-key", Span(42, 1, 42, 3), {"key": "键7", "first_line": 9})]
    assert doc.data["键7"] == "值7"


def test_the_node_view_matches_locate_for_every_path():
    doc = load_path(EXAMPLE)
    locs = doc.locs
    assert len(locs) == 294
    for path, (key, value) in locs.items():
        span = doc.locate(path)
        assert span == doc.span_of(value.start_mark.index, value.end_mark.index)
        if key is not None:
            assert doc.locate(path, "key") == doc.span_of(key.start_mark.index, key.end_mark.index)
    scalars = sorted({(n.start_mark.index, n.end_mark.index) for pair in locs.values() for n in pair if isinstance(n, ScalarNode)})
    assert doc.scalar_spans() == scalars


def test_no_yaml_node_outlives_loading():
    doc = load_path(EXAMPLE)
    gc.collect()
    assert doc.data["部门名称"] == "中国共产党广州市荔湾区委员会政法委员会"
    assert not any(isinstance(o, Node) for o in gc.get_objects())


def test_a_complex_key_is_not_a_scalar_span():
    doc = load_text("? [a, b]\n: 1\nc: 2\n")
    assert list(doc.data) == ["<SequenceNode@1>", "c"]
    assert doc.locate(("<SequenceNode@1>",), "key") == Span(1, 3, 1, 9)
    assert doc.scalar_spans() == [(11, 12), (13, 14), (16, 17)]  # 1, c, 2: not [a, b] nor what is inside it


def test_the_same_text_is_read_the_same_way_in_every_file():
    first = load_text("a: 8.00\nb: 0x10\nc: true\nd: null\ne: 2021-01-01\n").data
    second = load_text("a: 8.00\nb: 0x10\nc: true\nd: null\ne: 2021-01-01\nf: '8.00'\n").data
    assert first == {k: v for k, v in second.items() if k != "f"} and second["f"] == "8.00" and type(second["f"]) is str
    assert [type(v).__name__ for v in second.values()] == ["Decimal", "NumberText", "bool", "NoneType", "str", "str"]
    # an explicit tag is not the text's own reading (and is reported as unsupported)
    tagged = load_text("a: !!str 8.00\nb: 8.00\n")
    assert tagged.data == {"a": "8.00", "b": first["a"]} and type(tagged.data["a"]) is str


STYLES = "a: 'x'\nb: \"y\"\nc: |\n  block\nd: >\n  folded\ne: 12\nf: 1.50\nh: null\ni: true\nk: 0x1F\nl: [1, 'a', \"b\", c]\nm: {x: 1, 'y': \"2\"}\no:\n"


def test_scalar_at_says_what_the_node_view_says_for_every_path_and_style():
    for doc in (load_path(EXAMPLE), load_text(STYLES), load_text(WIDE)):
        for path, (_, value) in doc.locs.items():
            for asked in (path, path + ("没有",), path + (0,)):
                loc = doc.locs.get(asked)
                node = loc[1] if loc else None
                expected = (node.start_mark.index, node.end_mark.index, node.style) if isinstance(node, ScalarNode) else None
                assert doc.scalar_at(asked) == expected, asked
    doc = load_text(STYLES)
    assert [doc.scalar_at((k,))[2] for k in "abcdefhik"] == ["'", '"', "|", ">", "", "", "", "", ""]
    assert doc.scalar_at(("l",)) is None and doc.scalar_at(("m", "y")) == (STYLES.index('"2"'), STYLES.index('"2"') + 3, '"')
    assert doc.scalar_at((["unhashable"],)) is None


def test_a_path_is_located_the_same_whichever_is_asked_first():
    """Document.locate keeps each prefix it worked out: asking a parent first, a child first, a
    missing path first or again gives what a fresh document gives."""
    paths = [path for path, _ in load_path(EXAMPLE).locs.items()]
    paths += [p + ("没有",) for p in paths] + [p + (99,) for p in paths]
    fresh = {p: (load_path(EXAMPLE).locate(p), load_path(EXAMPLE).locate(p, "key")) for p in paths[::7]}
    for order in (paths, list(reversed(paths))):
        doc = load_path(EXAMPLE)
        for p in order:
            doc.locate(p)
        for p, (value, key) in fresh.items():
            assert (doc.locate(p), doc.locate(p, "key")) == (value, key), p
