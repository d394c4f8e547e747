"""Bad input never produces a traceback: each gives a clear finding at the right place, or exit 2."""

from __future__ import annotations

import json

import pytest

from conftest import findings_of, run_cli, where

GOOD_HEAD = "部门名称: 测试部门\n金额单位: 万元\n"


def check_json(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    proc = run_cli("check", name, "--format", "json", cwd=tmp_path)
    assert b"Traceback" not in proc.stderr and proc.stderr == b"", proc.stderr.decode()
    payload = json.loads(proc.stdout)
    return proc.returncode, [(d["rule"], d["line"], d["column"]) for d in payload["diagnostics"]], payload


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param((GOOD_HEAD + "资金使用单位:\n  - 单位名称: 乙\n   项目: []\n").encode(), [("yaml-syntax", 5, 4)], id="yaml syntax error"),
        pytest.param((GOOD_HEAD + "部门名称: 又一个\n资金使用单位: []\n").encode(), [("duplicate-key", 3, 1), ("schema", 4, 1)], id="duplicate key"),
        pytest.param("金额单位: 万元\n资金使用单位:\n  - 单位名称: 乙\n    项目: []\n".encode(), [("schema", 1, 1)], id="missing 部门名称"),
        pytest.param(b"", [("schema", 1, 1)], id="empty file"),
        pytest.param("# 还没填\n".encode(), [("schema", 1, 1)], id="comments only"),
        pytest.param("- 部门名称: 甲\n".encode(), [("schema", 1, 1)], id="a list, not a table"),
        pytest.param("就是一句话\n".encode(), [("schema", 1, 1)], id="a plain string"),
        pytest.param(GOOD_HEAD.encode() + "资金使用单位:\n  - 单位名称: ".encode() + "单位".encode("gbk") + b"\n", [("file-encoding", 4, 11)], id="GBK bytes"),
        pytest.param("部门名称: 甲\n".encode("utf-16"), [("file-encoding", 1, 1)], id="UTF-16"),
        pytest.param(b"\x00\x01\x02\xff\xfe binary", [("file-encoding", 1, 4)], id="binary garbage"),
        pytest.param((GOOD_HEAD + "资金使用单位:\n  - 单位名称: 乙\n    项目: []\n\x07\n").encode(), [("yaml-syntax", 6, 1)], id="control character"),
        pytest.param('部门名称: "甲\u2028乙\u2029丙\x85丁"\n金额单位: 千元\n资金使用单位: []\n'.encode(), [("schema", 2, 7), ("schema", 3, 1)], id="U+2028 U+2029 U+0085 are no line breaks"),
        pytest.param("部门名称: 甲\r金额单位: 千元\r资金使用单位: []\r".encode(), [("schema", 2, 7), ("schema", 3, 1)], id="CR line endings"),
        pytest.param("部门名称: 甲\r\n金额单位: 千元\r\n资金使用单位: []\r\n".encode(), [("schema", 2, 7), ("schema", 3, 1)], id="CRLF line endings"),
        pytest.param("部门名称: !!binary 5LmZ\n金额单位: 万元\n资金使用单位: []\n".encode(), [("unsupported-yaml", 1, 7), ("schema", 3, 1)], id="a tag"),
        pytest.param("部门名称: &a 甲\n金额单位: 万元\n单位名称: *a\n".encode(), [("unsupported-yaml", 3, 7)], id="an alias"),
        pytest.param(b"x: " + b"[" * 100, [("input-limit", 1, 67)], id="nested too deep"),
    ],
)
def test_broken_files_give_one_clear_finding(tmp_path, content, expected):
    status, found, payload = check_json(tmp_path, "dept.yaml", content)
    assert found == expected
    assert status == 1
    assert all(d["message"] for d in payload["diagnostics"])


def test_a_syntax_error_message_is_in_chinese_and_english(tmp_path):
    (tmp_path / "t.yaml").write_text(GOOD_HEAD + "资金使用单位:\n  - 单位名称: 乙\n   项目: []\n", encoding="utf-8")
    zh = run_cli("check", "t.yaml", "--no-source", cwd=tmp_path).stdout.decode()
    en = run_cli("check", "t.yaml", "--no-source", "--lang", "en", cwd=tmp_path).stdout.decode()
    assert zh.startswith("t.yaml:5:4: GL001 [错误] YAML 语法错误：")
    assert en.startswith("t.yaml:5:4: GL001 [error] YAML syntax error: ")


def test_a_wrong_type_does_not_stop_the_other_rules():
    text = GOOD_HEAD + """\
预算年度: 二〇二一
资金使用单位:
  - 单位名称: 乙
    项目:
      - 项目名称: 甲项目
        金额: {总计: 10.00, 财政拨款: 8.00}
        绩效指标: 都完成了
      - 项目名称: 乙项目
        金额: 五万元
        绩效指标:
          - 一级指标: 满意度指标
            二级指标: 服务对象满意度
            三级指标: 满意度
            年度指标值: ≥90
"""
    assert where(findings_of(text)) == [
        ("schema", 3, 7),
        ("output-indicator-required", 7, 15),
        ("goal-text-required", 7, 15),
        ("amount-components", 8, 18),
        ("schema", 9, 15),
        ("output-indicator-required", 10, 15),
        ("benefit-indicator-missing", 10, 15),
        ("cost-indicator-missing", 10, 15),
        ("goal-text-required", 10, 15),
        ("schema", 11, 13),
        ("target-unit-required", 16, 20),
    ]


def test_schema_messages_name_the_key_and_what_was_expected():
    text = GOOD_HEAD + "资金使用单位:\n  - 单位名称: 乙\n    项目:\n      - 项目名称: 甲\n        金额: {总计: 8.00}\n        项目期限: 0\n"
    (finding,) = findings_of(text, "schema")
    assert finding.message == "「资金使用单位[0].项目[0].项目期限」的写法不对：应为正整数（年）或文字（如 3年、2021-2023、长期），实际为“0”"
    (finding,) = findings_of(text, "schema", lang="en")
    assert finding.message == "'资金使用单位[0].项目[0].项目期限' is not valid: expected a positive whole number of years, or text such as 3年, 2021-2023 or 长期, got '0'"


def test_the_source_line_shown_is_the_one_editors_number(tmp_path):
    (tmp_path / "t.yaml").write_text('部门名称: "甲\u2028乙"\n金额单位: 千元\n资金使用单位: []\n', encoding="utf-8")
    out = run_cli("check", "t.yaml", "--select", "schema", cwd=tmp_path).stdout.decode()
    assert out.startswith("t.yaml:2:7: GL003 [错误] 「金额单位」应为「元」或「万元」，实际为“千元” [schema]\n  |\n2 | 金额单位: 千元\n  |           ^^^^\n")


def test_a_suppression_comment_is_on_the_line_editors_number():
    text = '部门名称: "甲\u2028乙\x85丙"\n金额单位: 千元  # goallint: disable=schema\n资金使用单位:\n  - 单位名称: 乙\n    项目: []\n'
    assert findings_of(text, "schema") == []


def test_check_never_writes_to_the_checked_file(tmp_path):
    path = tmp_path / "t.yaml"
    content = "部门名称: [\n".encode()
    path.write_bytes(content)
    run_cli("check", "t.yaml", cwd=tmp_path)
    assert path.read_bytes() == content
