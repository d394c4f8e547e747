"""How much an import may cost: the budgets checked before a reader does the work.

goallint imports files it did not write (a department's submission, a workbook from
anywhere), so every reader is bounded.  The numbers are far above any real
项目支出绩效目标表 (a department's table is a few hundred kilobytes, a few thousand
cells, a few dozen pages) and far below what would exhaust a reviewer's machine.
Library callers pass their own :class:`Limits`; ``docs/security.md`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "Limits", "mib"]

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    # any source: the bytes read from the file or stdin
    input_bytes: int = 64 * MiB

    # .xlsx, checked on the zip archive and its XML before openpyxl opens it
    xlsx_members: int = 10_000             # files in the archive
    xlsx_unpacked_bytes: int = 128 * MiB   # declared uncompressed size of all files
    xlsx_ratio: int = 100                  # uncompressed : compressed, for a file above 1 MiB
    xlsx_cells: int = 500_000              # cells openpyxl would create (<c>, merged and linked ranges); also <row>s
    xlsx_parts_elements: int = 1_000_000   # XML elements outside the cell data (styles, charts, comments…)
    xlsx_rows: int = 100_000               # rows read; a cell below is reported, not read
    xlsx_columns: int = 256                # columns read (A … IV); a cell further right is reported

    # PDF: pages, and the memory and CPU time of the child process that parses it
    pdf_pages: int = 500
    pdf_memory_bytes: int = 1024 * MiB
    pdf_cpu_seconds: int = 120


DEFAULT_LIMITS = Limits()


def mib(size: int) -> str:
    """A byte count in MiB for messages: ``128``, ``1.5``, ``0.000954``."""
    value = size / MiB
    if value >= 10:
        return f"{value:.0f}"
    return f"{float(f'{value:.3g}'):f}".rstrip("0").rstrip(".")
