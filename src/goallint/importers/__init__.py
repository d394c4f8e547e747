"""Importers: turn published tables (PDF text, PDF, Excel) into the goallint table format.

Every reader returns an :class:`ImportResult`: the table as plain data (the same
model ``goallint check`` loads: dicts with Chinese keys, amounts as Decimal) and
the list of decisions and failures it met, each with the source line.  Nothing
is guessed silently: every reading the source does not settle is an
``import-ambiguous`` problem; what cannot be read at all is ``import-error``; indicator
numbers that do not run 1..n are ``numbering-gap``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImportProblem:
    slug: str          # "import-ambiguous" (warning), "import-error" (error) or "numbering-gap" (info)
    line: int          # 1-based line in the source (row number for a sheet)
    column: int        # 1-based column (1 when unknown)
    zh: str            # message, Chinese
    en: str            # message, English
    sheet: str | None = None   # worksheet name for Excel sources

    @property
    def severity(self) -> str:
        return {"import-error": "error", "numbering-gap": "info"}.get(self.slug, "warning")


@dataclass
class ImportResult:
    table: dict
    problems: list[ImportProblem] = field(default_factory=list)


class ImportFailure(Exception):
    """The source is not a table this reader understands at all (one-line message, exit status 2)."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh = zh
        self.en = en


# The libraries the importers load when they are used: the requirements of pyproject.toml
PDF_REQUIREMENT = "pdfplumber>=0.11"  # the pdf extra
EXCEL_REQUIREMENT = "openpyxl>=3.1"  # a dependency: missing only from an install made without dependencies


def pip_install_command(requirement: str) -> str:
    """The command that installs ``requirement`` into the Python running goallint.

    It names the library, not a goallint extra, so it works the same for a released goallint
    and for one installed from a checkout (``pip install 'goallint[pdf]'`` needs the package
    index to know goallint; ``pip install '.[pdf]'`` needs the checkout)."""
    import os
    import shlex
    import subprocess
    import sys

    argv = [sys.executable or "python", "-m", "pip", "install", requirement]
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def missing_library(zh_what: str, en_what: str, requirement: str) -> ImportFailure:
    command = pip_install_command(requirement)
    return ImportFailure(f"需要{zh_what}：请运行 {command}", f"{en_what} is not installed: run {command}")


def too_large(name: str, limits, en_name: str | None = None) -> tuple[str, str]:
    """The (zh, en) message for a source above ``limits.input_bytes``."""
    from goallint.importers.limits import mib

    zh_name, en_name = name or "输入", en_name or name or "the input"
    size = mib(limits.input_bytes)
    return (
        f"{zh_name} 大于导入上限 {size} MiB，未导入",
        f"{en_name} is larger than the import limit of {size} MiB; not imported",
    )


def read_source(data: bytes, name: str = "", limits=None) -> ImportResult:
    """Read a published table, choosing the reader by content (not only by file extension).

    An .xlsx workbook (a zip with ``xl/workbook.xml``), a PDF (``%PDF-``), or the text
    extracted from a published PDF (UTF-8, or GB18030 with a warning).  Anything else,
    and anything above ``limits`` (:data:`goallint.importers.limits.DEFAULT_LIMITS`),
    raises :class:`ImportFailure`; ``name`` is what the messages call the source.
    """
    from goallint.importers import excel, pdftext
    from goallint.importers.limits import DEFAULT_LIMITS

    limits = limits or DEFAULT_LIMITS
    if len(data) > limits.input_bytes:
        raise ImportFailure(*too_large(name, limits))
    if not data.strip():
        raise ImportFailure(f"{name or '输入'} 是空的：没有可导入的内容", f"{name or 'the input'} is empty: nothing to import")
    if excel.looks_like_xlsx(data, limits):
        return excel.read_workbook_bytes(data, name, limits)
    if data.startswith(b"%PDF-"):
        from goallint.importers import pdf

        return pdf.read_pdf_bytes(data, name, limits)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure(
            f"{name} 不是能读取的 Excel 文件：只支持 .xlsx（旧的 .xls 请先另存为 .xlsx）",
            f"{name} is not a readable Excel file: only .xlsx is supported (save an old .xls as .xlsx first)",
        )
    problems: list[ImportProblem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFailure(
                f"{name} 不是文本、PDF 或 Excel 文件，无法导入", f"{name} is not text, PDF or Excel: cannot import"
            ) from None
        problems.append(ImportProblem("import-ambiguous", 1, 1, "文件不是 UTF-8 编码，按 GB18030（GBK）读取", "the file is not UTF-8; read as GB18030 (GBK)"))
    if "\x00" in text or not pdftext.looks_like_pdf_text(text):
        raise ImportFailure(
            f"{name} 不像项目支出绩效目标表：支持公开表 PDF、从 PDF 提取的文本和 Excel（.xlsx），见 docs/import.md",
            f"{name} does not look like a target table: supported are the published PDF, text extracted from it, and Excel (.xlsx); see docs/import.md",
        )
    result = pdftext.read_pdf_text(text)
    result.problems[:0] = problems
    return result
