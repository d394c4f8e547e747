"""Mangled tables never crash a rule: every mutation gives findings, never an exception."""

from __future__ import annotations

import random

from goallint.document import load_bytes
from goallint.engine import lint, ruleset
from goallint.packs import builtin_catalog

from conftest import EXAMPLE

REPLACEMENTS = ["", " ", "\n", ": ", "- ", "[", "{", "'", '"', "#", "\t", "8.00", "null", "[]", "{}", "-1", "。", "≥", "\x00", "\udcff"]


def mutations(text: str, seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(chars))
            kind = rng.random()
            if kind < 0.4:
                del chars[i : i + rng.randint(1, 8)]
            elif kind < 0.8:
                chars[i] = rng.choice(REPLACEMENTS)
            else:
                lines = "".join(chars).split("\n")
                a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
                chars = list("\n".join(lines))
        yield "".join(chars)


def test_no_rule_crashes_on_mangled_tables():
    rules = ruleset(builtin_catalog())
    text = EXAMPLE.read_text(encoding="utf-8")
    crashes = []
    for mangled in mutations(text, seed=20261128, count=300):
        doc = load_bytes(mangled.encode("utf-8", errors="surrogateescape"), "m.yaml")
        result = lint(doc, rules)
        crashes += result.crashes
        for finding in result.findings:
            assert finding.span.line >= 1 and finding.span.column >= 1 and finding.message
    assert crashes == []


def test_no_rule_crashes_on_wrong_types_everywhere():
    """Every scalar replaced in turn by a list, a mapping, null, a number and a bool."""
    rules = ruleset(builtin_catalog())
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    crashes = []
    for index, line in enumerate(lines[:60]):
        if ": " not in line:
            continue
        head = line.split(": ", 1)[0]
        for replacement in ("[1, 2]", "{a: 1}", "null", "3", "true", "''"):
            mangled = "\n".join(lines[:index] + [f"{head}: {replacement}"] + lines[index + 1 :]) + "\n"
            crashes += lint(load_bytes(mangled.encode(), "m.yaml"), rules).crashes
    assert crashes == []
