"""Validate a table against ``schemas/table.schema.json`` and say what is wrong in plain words.

jsonschema's own messages (``'x' is not of type 'number'``) mean nothing to the
finance staff who fix the tables.  Each failure is turned into a sentence that
names the key and what was expected, in Chinese and English, with the document
path of the offending key or value.

Two validators share the work.  Almost every table is valid, so each value is first
given to a compiled validator (jsonschema-rs) that only answers yes or no; only a value
it does not pass goes to jsonschema, whose located errors :func:`_explain` words.  The
fast answer is trusted only when it is "valid", and is made to mean what jsonschema
means (:func:`_fast_schema`): a decimal such as ``2021.0`` is not an integer, ``$`` in a
pattern also matches before a final newline, and a value it cannot read (a
:class:`~goallint.document.NumberText`, a lone surrogate) makes it step aside.  So the
findings are the same with or without it (tests/test_schema_fast.py), and a clean run
never imports jsonschema.  Without jsonschema-rs (an interpreter it has no wheel for)
jsonschema alone does both jobs.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from goallint.document import NumberText, format_path, is_plain_number
from goallint.limits import MAX_DIGITS
from goallint.resources import data_dir


@dataclass(frozen=True)
class SchemaError:
    path: tuple
    part: str  # "value" or "key"
    zh: str
    en: str


_TYPE_ZH = {
    "object": "映射（键: 值）",
    "array": "列表（每项以 - 开头）",
    "string": "文本",
    "number": "数字",
    "integer": "整数",
    "boolean": "是/否",
    "null": "空值",
}
_TYPE_EN = {
    "object": "a mapping (key: value)",
    "array": "a list (items starting with -)",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true/false",
    "null": "empty",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """A schema shipped in ``schemas/`` (``table``, ``rule``, ``config``, ``pack``, ``frame``,
    ``vocabulary``), or ``case``: one test case of a rule file (``$defs/case`` of the rule schema)."""
    if name == "case":
        rule = load_schema("rule")
        return {"$ref": "#/$defs/case", "$defs": rule["$defs"]}
    return json.loads((data_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the fast yes/no path

_INTEGER = "x-goallint-integer"  # added by _fast_schema where jsonschema would refuse a Decimal


class _NotDecimal:
    """A jsonschema-rs keyword: an exact decimal (``2021.0``) is a number, never an integer.

    jsonschema-rs compares numbers by value, so ``Decimal("2021.0")`` would pass ``"type":
    "integer"``; jsonschema (and goallint's messages) say it is not a whole number."""

    def __init__(self, parent_schema, value, schema_path):
        pass

    def validate(self, instance):
        if isinstance(instance, Decimal):
            raise ValueError("a decimal is not an integer")


def _fast_schema(schema: Any) -> Any:
    """A copy of ``schema`` that jsonschema-rs reads the way jsonschema does."""
    if isinstance(schema, list):
        return [_fast_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in ("properties", "$defs", "definitions", "dependentSchemas"):
            out[key] = {name: _fast_schema(sub) for name, sub in value.items()} if isinstance(value, dict) else value
        elif key == "patternProperties" and isinstance(value, dict):
            out[key] = {_python_dollar(name): _fast_schema(sub) for name, sub in value.items()}
        elif key == "pattern" and isinstance(value, str):
            out[key] = _python_dollar(value)
        elif key in ("enum", "const", "default", "examples", "required", "x-expected", "title", "description"):
            out[key] = value
        else:
            out[key] = _fast_schema(value)
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if "integer" in types and "number" not in types:
        out[_INTEGER] = True
    return out


def _python_dollar(pattern: str) -> str:
    """Python's ``$`` also matches before a final newline; Rust's only at the end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\n?$"
    return pattern


def _compile_fast(schema: dict):
    """A jsonschema-rs validator for ``schema``, or None (not installed, or a schema it cannot read)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    try:
        return jsonschema_rs.validator_for(_fast_schema(schema), validate_formats=False, keywords={_INTEGER: _NotDecimal})
    except Exception:
        return None


@lru_cache(maxsize=None)
def _fast_validator(name: str):
    return _compile_fast(load_schema(name))


_ADHOC: dict = {}  # repr(schema) -> fast validator (rule option schemas)


def _fast_adhoc(schema: dict):
    key = repr(schema)
    if key not in _ADHOC:
        _ADHOC[key] = _compile_fast(schema)
    return _ADHOC[key]


def _fast_valid(validator, value: Any) -> bool:
    """True only when the fast validator is there and passes ``value``."""
    if validator is None:
        return False
    try:
        return validator.is_valid(value)
    except Exception:  # a value it cannot read (NumberText, a lone surrogate): jsonschema decides
        return False


# ------------------------------------------------------------------ jsonschema: every located error


@lru_cache(maxsize=None)
def _validator(name: str):
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    # a NumberText (0x210, 1e3) is neither a number nor text: every type check fails on it,
    # and _explain says how the number should be written
    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "string", lambda _checker, value: isinstance(value, str) and not isinstance(value, NumberText)
    )
    return extend(Draft202012Validator, type_checker=checker)(load_schema(name))


def check_value(value: Any, schema: dict, label: tuple[str, str] = ("值", "the value"), *, fast: bool = True) -> SchemaError | None:
    """The first reason ``value`` does not fit a small ad-hoc schema (a rule option's), or None.

    ``label`` names the value in messages (Chinese, English), e.g. ``("选项 tolerance", "option tolerance")``.
    ``fast`` False asks jsonschema alone (the tests compare the two paths).
    """
    if fast and _fast_valid(_fast_adhoc(schema), value):
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    error = best_match(Draft202012Validator(schema).iter_errors(value))
    if error is None:
        return None
    return _explain(error, label)[0]


def validate(data: Any, schema: str = "table", *, fast: bool = True) -> list[SchemaError]:
    """Every failure of ``data`` against a shipped schema, in document order, as readable messages.

    ``fast`` False skips the yes/no validator and asks jsonschema alone (the tests compare the two)."""
    if fast and _fast_valid(_fast_validator(schema), data):
        return []
    out: list[SchemaError] = []
    seen = set()
    for error in _validator(schema).iter_errors(data):
        for item in _explain(error):
            key = (item.path, item.zh)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _kind(value: Any) -> str:
    if isinstance(value, NumberText):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "string"


_TOP = ("文件顶层", "the top level")


def _where(path: tuple, root: str = _TOP[0]) -> str:
    return format_path(path) if path else root


def _where_en(path: tuple, root: str = _TOP[1]) -> str:
    return format_path(path) if path else root


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _explain(error, root: tuple[str, str] = _TOP) -> list[SchemaError]:
    path = tuple(error.absolute_path)
    where, where_en = _where(path, root[0]), _where_en(path, root[1])
    v = error.validator
    inst = error.instance

    if isinstance(inst, NumberText) and _expects_number(error):
        return [_number_text_error(path, inst)]

    if v in ("anyOf", "oneOf"):
        # descend into the branch that matches the value's type, if one does
        deeper = [
            e
            for e in error.context
            if (e.validator != "type" or isinstance(e.instance, NumberText)) and len(e.relative_schema_path) > 1
        ]
        if deeper and (isinstance(inst, (dict, list)) or "x-expected" not in error.schema):
            from jsonschema.exceptions import best_match

            return _explain(best_match(deeper), root)
        expected = error.schema.get("x-expected", {})
        shown = _show(inst)
        zh = f"「{where}」的写法不对：应为{expected.get('zh', '另一种写法')}"
        en = f"'{where_en}' is not valid: expected {expected.get('en', 'another form')}"
        if shown:
            zh += f"，实际为“{shown}”"
            en += f", got '{shown}'"
        return [SchemaError(path, "value", zh, en)]

    if v == "required":
        missing = [k for k in error.validator_value if isinstance(inst, dict) and k not in inst]
        out = []
        for key in missing:
            title = error.schema.get("properties", {}).get(key, {}).get("title", key)
            if path:
                zh, en = f"「{where}」缺少必填项「{title}」", f"'{where_en}' is missing the required key '{key}'"
            else:
                zh, en = f"缺少必填项「{title}」", f"missing the required key '{key}'"
            out.append(SchemaError(path + (key,), "key", zh, en))
        return out

    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        out = []
        for key in inst:
            if key in allowed or str(key).startswith("x-"):
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
            zh = f"未知的键「{key}」"
            en = f"unknown key '{key}'"
            if close:
                zh += f"：是不是「{close[0]}」？"
                en += f": did you mean '{close[0]}'?"
            else:
                zh += f"（{'此处' if not path else '「' + where + '」中'}可用的键：{'、'.join(allowed)}）"
                en += f" (allowed here: {', '.join(allowed)})"
            out.append(SchemaError(path + (key,), "key", zh, en))
        return out

    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        actual = _kind(inst)
        zh_exp = "或".join(_TYPE_ZH[t] for t in expected)
        en_exp = " or ".join(_TYPE_EN[t] for t in expected)
        shown = _show(inst)
        zh = f"「{where}」应为{zh_exp}，实际为{_TYPE_ZH[actual]}"
        en = f"'{where_en}' should be {en_exp}, got {_TYPE_EN[actual]}"
        if shown and actual != "null":
            zh += f"“{shown}”"
            en += f" '{shown}'"
        if "number" in expected and actual == "string" and _looks_numeric(inst):
            zh += "：数字不要加引号，也不要写千分位逗号"
            en += ": write numbers without quotes or thousands separators"
        return [SchemaError(path, "value", zh, en)]

    if v == "enum":
        options = " ".join(str(o) for o in error.validator_value)
        expected = error.schema.get("x-expected")
        zh = f"「{where}」应为 {options} 之一，实际为“{_show(inst)}”"
        en = f"'{where_en}' should be one of {options}, got '{_show(inst)}'"
        if expected:
            zh = f"「{where}」应为{expected['zh']}，实际为“{_show(inst)}”"
            en = f"'{where_en}' should be {expected['en']}, got '{_show(inst)}'"
        return [SchemaError(path, "value", zh, en)]

    if v == "minItems":
        return [SchemaError(path, "key", f"「{where}」至少要有 {error.validator_value} 项", f"'{where_en}' needs at least {error.validator_value} item(s)")]

    if v == "minProperties":
        return [SchemaError(path, "key", f"「{where}」不能为空", f"'{where_en}' must not be empty")]

    if v in ("minimum", "maximum"):
        op = "不小于" if v == "minimum" else "不大于"
        op_en = "at least" if v == "minimum" else "at most"
        return [SchemaError(path, "value", f"「{where}」应{op} {error.validator_value}，实际为 {_show(inst)}", f"'{where_en}' should be {op_en} {error.validator_value}, got {_show(inst)}")]

    return [SchemaError(path, "value", f"「{where}」不符合表格格式：{error.message}", f"'{where_en}' does not fit the table format: {error.message}")]


def _expects_number(error) -> bool:
    """The failed keyword (or one branch of a failed anyOf/oneOf) asks for a number."""
    errors = error.context if error.validator in ("anyOf", "oneOf") else [error]
    for e in errors:
        if e.validator == "type":
            expected = e.validator_value if isinstance(e.validator_value, list) else [e.validator_value]
            if "number" in expected or "integer" in expected:
                return True
    return False


def _number_text_error(path: tuple, text: NumberText) -> SchemaError:
    where, where_en, shown = _where(path), _where_en(path), _show(text)
    if is_plain_number(text):
        return SchemaError(
            path,
            "value",
            f"「{where}」的数字太长：最多 {MAX_DIGITS} 位数字，实际为“{shown}”",
            f"'{where_en}' has too many digits: at most {MAX_DIGITS}, got '{shown}'",
        )
    return SchemaError(
        path,
        "value",
        f"「{where}」应写成普通的十进制数字，如 528.95，实际为“{shown}”",
        f"'{where_en}' should be a plain decimal number such as 528.95, got '{shown}'",
    )


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.replace(",", "").replace("，", "").strip())
        return True
    except Exception:
        return False
