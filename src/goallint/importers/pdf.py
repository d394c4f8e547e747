"""Read a published 项目支出绩效目标表 PDF: extract its text with pdfplumber, then read the text.

pdfplumber is an optional extra (``pip install 'goallint[pdf]'``) and is imported only
here.  Text is rebuilt line by line from the characters' positions so that a project
line, set in from the left edge where unit names start, keeps a four-space indent —
the one layout cue that tells a project from a 资金使用单位 in the text
(see :mod:`goallint.importers.pdftext`).  Pages are joined with a form feed, as
pdftotext does; line numbers in the problems count lines of that text.
"""

from __future__ import annotations

import os
from collections import Counter

from . import ImportFailure, ImportResult
from .pdftext import read_pdf_text

__all__ = ["extract_pdf_text", "read_pdf"]

# A line starting this far (in points) right of the left edge of the text is indented.
_INDENT_MIN = 6.0
_INDENT = "    "


def _pdfplumber():
    try:
        import pdfplumber
    except ImportError:
        raise ImportFailure(
            "需要 PDF 支持：请运行 pip install 'goallint[pdf]'",
            "PDF support is not installed: run pip install 'goallint[pdf]'",
        ) from None
    return pdfplumber


def extract_pdf_text(path: str | os.PathLike) -> str:
    """The text of a PDF, one line per text line, indented lines marked with four spaces.

    Raises :class:`ImportFailure` when pdfplumber is missing or the file cannot be read
    as a PDF.
    """
    pdfplumber = _pdfplumber()
    name = os.fspath(path)
    try:
        with pdfplumber.open(name) as pdf:
            pages = [page.extract_text_lines() for page in pdf.pages]
    except ImportFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of errors
        raise ImportFailure(
            f"无法读取 PDF 文件 {name}（{type(exc).__name__}）",
            f"cannot read the PDF file {name} ({type(exc).__name__}: {exc})",
        ) from None

    # The left edge of the text: the most common start of a line (ties: the leftmost).
    starts = Counter(round(line["x0"]) for lines in pages for line in lines if line["text"].strip())
    if not starts:
        raise ImportFailure(
            f"PDF 文件 {name} 中没有可提取的文字（可能是扫描件）",
            f"the PDF file {name} has no text to extract (a scanned image?)",
        )
    top = max(starts.values())
    left = min(x for x, n in starts.items() if n == top)

    out: list[str] = []
    for number, lines in enumerate(pages):
        page_lines = []
        for line in lines:
            text = line["text"].rstrip()
            if not text.strip():
                continue
            indent = _INDENT if line["x0"] - left > _INDENT_MIN else ""
            page_lines.append(indent + text.strip())
        if number:
            # a page break, as pdftotext marks it: a form feed before the page's first line
            if page_lines:
                page_lines[0] = "\f" + page_lines[0]
            else:
                page_lines = ["\f"]
        out.extend(page_lines)
    return "\n".join(out) + "\n"


def read_pdf(path: str | os.PathLike) -> ImportResult:
    """Read a published 项目支出绩效目标表 PDF into a table and its import problems.

    Line numbers in the problems are lines of :func:`extract_pdf_text`'s text.  Raises
    :class:`ImportFailure` when pdfplumber is missing, the file is not a readable PDF,
    or its text is not such a table.
    """
    return read_pdf_text(extract_pdf_text(path))
