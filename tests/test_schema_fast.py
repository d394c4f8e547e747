"""The fast schema path (jsonschema-rs, yes/no) and jsonschema agree, so findings do not depend on it.

goallint trusts the fast validator only when it says "valid"; anything else goes to jsonschema,
which words the errors.  These tests hold the two to the same answer on every fixture goallint
ships or tests with (tables, rule files and their cases' tables, packs, frames, vocabularies,
configurations) and on a corpus of mutants made from them: every place of every kind in those
files given a value of every other kind (a decimal where a whole number belongs, a number that
is only text, a key removed, an unknown key added …).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from goallint import schema as schema_module
from goallint.document import NumberText, load_path, load_text
from goallint.schema import _fast_adhoc, _fast_valid, _fast_validator, _validator, check_value, validate

from conftest import EXAMPLE, ROOT

RULES = ROOT / "rules"
GZ = ROOT / "examples" / "packs" / "gz-city" / "goallint_gz_city"
FAMILIES = ("file", "amounts", "indicators", "targets", "goal", "import")

CONFIGS = [
    "select: [GL1, target-unit-required]\nignore: [GL105]\nlang: en\nfail-on: warning\n",
    "frame: mof-2021\nexclude: ['drafts/']\npreview: true\ninline-suppression: false\nrespect-gitignore: false\n",
    "rules:\n  grand-total:\n    severity: warning\n    options: {tolerance: 0.01}\npacks: [./packs/local]\n",
]


def _data(path: Path):
    return load_path(path).data


def _fixtures() -> list[tuple[str, str, object]]:
    """(name, schema, data) for every file goallint ships or tests with."""
    out = []
    tables = [EXAMPLE, *sorted((ROOT / "tests" / "fixtures").glob("*/*.yaml"))]
    out += [(p.name, "table", _data(p)) for p in tables]
    for folder in (RULES, GZ):
        out.append((f"{folder.name}/pack.yaml", "pack", _data(folder / "pack.yaml")))
        for family in FAMILIES:
            for path in sorted((folder / family).glob("*.yaml")):
                data = _data(path)
                out.append((path.name, "rule", {k: v for k, v in data.items() if k != "cases"}))
                for i, case in enumerate(data.get("cases", [])):
                    out.append((f"{path.name} case {i}", "case", case))
                    out.append((f"{path.name} case {i} table", "table", load_text(case["table"]).data))
        out += [(p.name, "frame", _data(p)) for p in sorted((folder / "frames").glob("*.yaml"))]
        out += [(p.name, "vocabulary", _data(p)) for p in sorted((folder / "vocab").glob("*.yaml"))]
    out += [(f"config {i}", "config", load_text(text).data) for i, text in enumerate(CONFIGS)]
    return out


FIXTURES = _fixtures()

# A value of every kind the loader produces, and the ones that tell validators apart.
VALUES = [
    None, True, False, 0, 1, 7, -1, 2021, 10**25,
    Decimal("2021.0"), Decimal("8.00"), Decimal("-0.5"), Decimal("1990.5"), Decimal("123456789012345678.90"),
    NumberText("1e3"), NumberText("0x10"), NumberText("123456789012345678901234"),
    "", "文本", "2021", "a\n", "GL1\n", "grand-total\n", "\ud800",
    [], ["文本"], [None], {}, {"键": "值"}, {"x-备注": "说明"},
]


def _sites(data, path=()):
    """Every (path, value) of a document, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _sites(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _sites(value, path + (i,))


def _shape(path: tuple) -> tuple:
    return tuple(0 if isinstance(p, int) else p for p in path)


def _replace(data, path: tuple, value):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(data)]


def _without(data, path: tuple):
    head, rest = path[0], path[1:]
    if not rest:
        return {k: v for k, v in data.items() if k != head}
    if isinstance(data, dict):
        return {k: (_without(v, rest) if k == head else v) for k, v in data.items()}
    return [(_without(v, rest) if i == head else v) for i, v in enumerate(data)]


def _mutants():
    """Each place of each kind (the first of its shape, smallest files first, at most SITES per schema)
    given every value; keys removed and added."""
    seen = set()
    sites: dict = {}
    for name, schema, data in sorted(FIXTURES, key=lambda f: len(repr(f[2]))):
        for path, value in _sites(data):
            shape = (schema, _shape(path))
            if shape in seen or sites.get(schema, 0) >= SITES:
                continue
            seen.add(shape)
            sites[schema] = sites.get(schema, 0) + 1
            for i, new in enumerate(VALUES):
                yield f"{name} {path} = {new!r}", schema, _replace(data, path, new)
            if path and isinstance(path[-1], str):
                yield f"{name} without {path}", schema, _without(data, path)
            if isinstance(value, dict):
                yield f"{name} {path} + unknown key", schema, _replace(data, path, {**value, "未知的键": 1})
                yield f"{name} {path} + x- key", schema, _replace(data, path, {**value, "x-备注": Decimal("1.0")})


SITES = 160  # a table has about 140 kinds of place; rule files and vocabularies have more, alike
MUTANTS = list(_mutants())


def _agree(schema: str, data) -> tuple[bool, bool]:
    return _fast_valid(_fast_validator(schema), data), _validator(schema).is_valid(data)


def test_the_fast_validator_is_installed_and_used():
    # without it every table would silently take the slow path
    assert type(_fast_validator("table")).__module__.startswith("jsonschema_rs")
    assert _fast_valid(_fast_validator("table"), _data(EXAMPLE))


@pytest.mark.parametrize(("name", "schema", "data"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_both_validators_agree_on_every_fixture(name, schema, data):
    fast, slow = _agree(schema, data)
    assert fast == slow


def test_the_mutation_corpus_is_broad():
    schemas = {schema for _, schema, _ in MUTANTS}
    assert schemas == {"table", "rule", "case", "pack", "frame", "vocabulary", "config"}
    assert len(MUTANTS) > 15000
    verdicts = {_agree(schema, data)[1] for _, schema, data in MUTANTS[::50]}
    assert verdicts == {True, False}  # both valid and invalid mutants


def test_both_validators_agree_on_every_mutant():
    disagree = []
    for name, schema, data in MUTANTS:
        fast, slow = _agree(schema, data)
        if fast != slow:
            disagree.append(f"{schema}: {name}: fast={fast} jsonschema={slow}")
    assert disagree == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2021, True),
        (Decimal("2021.0"), False),  # jsonschema-rs alone would call this an integer
        (NumberText("2021e0"), False),  # jsonschema-rs cannot read it: jsonschema decides
        ("2021", False),
        (None, True),
    ],
)
def test_a_decimal_or_a_number_text_is_not_a_budget_year(value, expected):
    data = _data(ROOT / "tests" / "fixtures" / "check" / "render.yaml") | {"预算年度": value}
    assert _agree("table", data) == (expected, expected)
    assert (validate(data) == []) is expected


def test_a_pattern_ending_in_dollar_means_what_python_means():
    # Python's $ matches before a final newline, so jsonschema accepts "gz-city\n" as a pack name
    pack = _data(RULES / "pack.yaml") | {"name": "gz-city\n"}
    assert _agree("pack", pack) == (True, True)
    assert _agree("pack", pack | {"name": "gz-city\n\n"}) == (False, False)


def test_messages_are_the_same_with_and_without_the_fast_path():
    changed = []
    for name, schema, data in MUTANTS[::7]:
        if validate(data, schema) != validate(data, schema, fast=False):
            changed.append(name)
    assert changed == []


def test_option_values_take_the_fast_path_too():
    schema = {"type": "number", "minimum": 0}
    assert _fast_valid(_fast_adhoc(schema), Decimal("0.01"))
    assert check_value(Decimal("0.01"), schema) is None
    error = check_value(Decimal("-1"), schema, ("选项 tolerance", "option tolerance"))
    assert (error.zh, error.en) == ("「选项 tolerance」应不小于 0，实际为 -1", "'option tolerance' should be at least 0, got -1")
    assert check_value(Decimal("-1"), schema, ("选项 tolerance", "option tolerance"), fast=False) == error


def test_without_jsonschema_rs_jsonschema_alone_gives_the_same_findings(monkeypatch):
    data = _data(ROOT / "tests" / "fixtures" / "published" / "10-xiangtan-sanitation-2023.yaml")
    with_fast = validate(data)
    assert with_fast  # this table has schema findings
    monkeypatch.setattr(schema_module, "_compile_fast", lambda schema: None)
    _fast_validator.cache_clear()
    try:
        assert validate(data) == with_fast
        assert validate(_data(EXAMPLE)) == []
    finally:
        _fast_validator.cache_clear()
