"""--help shows every option's Chinese and English help in full, in lines of at most 80 columns."""

from __future__ import annotations

import pytest
import typer

from conftest import run_cli

from goallint.cli import app
from goallint.helpformat import width, wrap

ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = sorted(ROOT_COMMAND.commands)


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_every_help_text_is_shown_in_full_within_80_columns(name):
    args = [name, "--help"] if name else ["--help"]
    proc = run_cli(*args, env={"COLUMNS": "200"})
    assert proc.returncode == 0 and proc.stderr == b""
    out = proc.stdout.decode()
    assert [line for line in out.splitlines() if width(line) > 80] == []
    command = ROOT_COMMAND.commands[name] if name else ROOT_COMMAND
    texts = [p.help for p in command.params if getattr(p, "help", None)] + [command.help]
    if not name:
        texts += [c.help for c in ROOT_COMMAND.commands.values()]
    missing = [text for text in texts if _squeezed(text) not in _squeezed(out)]
    assert missing == []
    assert "…" not in out and "..." not in out.replace("PATH...", "").replace("[ARGS]...", "")


def test_check_help_shows_the_format_option_as_written():
    out = run_cli("check", "--help").stdout.decode()
    block = out.split("  -f, --format FORMAT[:FILE]\n", 1)[1].split("\n  -o, --output-file FILE\n", 1)[0]
    assert block.splitlines() == [
        "        输出格式：text（默认）、concise（每个问题一行）、json、sarif（代码扫",
        "        描）、github（GitHub Actions 注释）、gitlab（GitLab 代码质量报告）、",
        "        junit（Jenkins 等的测试报告）。可重复；写成 格式:文件 时写入该文件，如",
        "        --format text --format sarif:goallint.sarif / output format (text,",
        "        concise, json, sarif, github, gitlab, junit); repeatable; FORMAT:FILE",
        "        writes that file",
    ]


def test_wrapping_breaks_between_chinese_characters_never_inside_words_or_before_closing_marks():
    assert wrap("检查绩效目标表（默认 error）/ exit 1 at or above this level", 20) == [
        "检查绩效目标表（默认",
        "error）/ exit 1 at",
        "or above this level",
    ]
    assert wrap("一二三四五六七八九，十", 18) == ["一二三四五六七八", "九，十"]  # 九， stays together
    assert wrap("a-very-long-option-name-that-does-not-fit", 10) == ["a-very-long-option-name-that-does-not-fit"]
