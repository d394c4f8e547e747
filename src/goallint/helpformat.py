"""``--help`` that shows every option's Chinese and English help in full, at 80 columns.

Click wraps help text by counting characters and typer's rich panels cut a column short with "…";
Chinese takes two columns a character and has no spaces to break at.  This formatter puts each
option on its own line and its help below it, indented, wrapped by display width: a line may
break between any two Chinese characters, never inside an English word or a ``--flag``, never
before a closing mark (，。）) nor after an opening one (（「).  Nothing is cut.
"""

from __future__ import annotations

import re
import unicodedata

import typer
import typer.core

WIDTH = 80
HELP_INDENT = 6

_OPENING = frozenset("（「『《【“‘")
_CLOSING = frozenset("，。、；：！？）」』》】”’")


def width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """``(token, space before it)`` pairs.  A token is a run of narrow characters (an English word,
    ``--flag``, ``FORMAT[:FILE]``) or one wide character, with the opening marks before it and the
    closing marks after it, so no line starts with ，or ends with （."""
    out: list[tuple[str, bool]] = []
    i, n, spaced = 0, len(text), False
    while i < n:
        if text[i].isspace():
            spaced, i = True, i + 1
            continue
        start = i
        while i < n and text[i] in _OPENING:
            i += 1
        if i < n and not text[i].isspace():
            if width(text[i]) == 2:
                i += 1
            else:
                while i < n and not text[i].isspace() and width(text[i]) == 1:
                    i += 1
        while i < n and text[i] in _CLOSING:
            i += 1
        out.append((text[start:i], spaced))
        spaced = False
    return out


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` display columns (a longer single token stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token, spaced in _tokens(paragraph):
            piece = (" " if spaced and line else "") + token
            if line and width(line) + width(piece) > columns:
                lines.append(line)
                line = token
            else:
                line += piece
        lines.append(line)
    return lines


class HelpFormatter(typer.Context.formatter_class):  # type: ignore[misc,name-defined]
    """Click's formatter with definition lists stacked (term, then its help below) and wrapped by width."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment, WIDTH, WIDTH)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width - self.current_indent):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        indent = " " * self.current_indent
        below = " " * (self.current_indent + HELP_INDENT)
        for term, help_text in rows:
            self.write(f"{indent}{term}\n")
            for line in wrap(help_text, self.width - len(below)) if help_text else []:
                self.write(f"{below}{line}\n")


class HelpContext(typer.Context):
    formatter_class = HelpFormatter


HELP_OPTION = "显示帮助并退出 / show this help and exit"


class _Bilingual:
    """What commands and groups share: the formatter, the whole first paragraph of a command's
    help in the command list (click shortens it to 45 characters), bilingual help for --help."""

    context_class = HelpContext

    def get_short_help_str(self, limit: int = 45) -> str:
        text = (self.short_help or self.help or "").strip()  # type: ignore[attr-defined]
        return text.split("\n\n")[0].replace("\n", " ")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class Command(_Bilingual, typer.core.TyperCommand):
    pass


class Group(_Bilingual, typer.core.TyperGroup):
    pass


class Typer(typer.Typer):
    """A typer application whose commands show their help with :class:`HelpFormatter`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cls=Group, rich_markup_mode=None, **kwargs)

    def command(self, *args, cls=None, **kwargs):  # type: ignore[override]
        return super().command(*args, cls=cls or Command, **kwargs)
