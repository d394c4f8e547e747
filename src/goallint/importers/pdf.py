"""Read a published 项目支出绩效目标表 PDF: extract its text with pdfplumber, then read the text.

pdfplumber is an optional extra (goallint's ``pdf`` extra) and is imported only
where the PDF is parsed.  Text is rebuilt line by line from the characters' positions so
that a project line, set in from the left edge where unit names start, keeps a
four-space indent — the one layout cue that tells a project from a 资金使用单位 in the
text (see :mod:`goallint.importers.pdftext`).  Pages are joined with a form feed, as
pdftotext does; line numbers in the problems count lines of that text.

**Budget.**  A PDF is a program for its parser: a few kilobytes can inflate to
gigabytes (a stream with two ``/FlateDecode`` filters) or draw one form a million
times.  So on POSIX systems the PDF is parsed in a child process with an
address-space limit (:attr:`Limits.pdf_memory_bytes`) and a CPU-time limit
(:attr:`Limits.pdf_cpu_seconds`): it reads the PDF's bytes on stdin and writes the
text lines as JSON; a child that runs out is a one-line "over budget" failure.  A PDF
with more than :attr:`Limits.pdf_pages` pages (the page tree's declared count, or the
pages found) is refused before any page is read.  Where there is no ``resource``
module (Windows), the PDF is parsed in this process with the page budget only.
The PDF is never copied to a temporary file, and every message names the user's file.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter

from . import ImportFailure, ImportResult
from .limits import DEFAULT_LIMITS, Limits, mib
from .pdftext import read_pdf_text

__all__ = ["extract_pdf_text", "extract_pdf_text_bytes", "page_lines", "read_pdf", "read_pdf_bytes"]

# A line starting this far (in points) right of the left edge of the text is indented.
_INDENT_MIN = 6.0
_INDENT = "    "

# What the child process runs: the parent's import path, then the worker (the file's
# own folder is not on the path: -P, and the path is replaced before any import).
_WORKER = "from goallint.importers.pdf import _worker; _worker()"


def _missing() -> ImportFailure:
    from goallint.importers import PDF_REQUIREMENT, missing_library

    return missing_library(" PDF 支持（pdfplumber）", "PDF support (pdfplumber)", PDF_REQUIREMENT)


def _pdfplumber():
    try:
        import pdfplumber
    except ImportError:
        raise _missing() from None
    return pdfplumber


def _installed() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("pdfplumber") is not None
    except (ImportError, ValueError):
        return False


class TooManyPages(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def page_lines(data: bytes, max_pages: int) -> list[list[tuple[float, str]]]:
    """``(x0, text)`` of each text line, page by page, parsed in this process.

    Raises :class:`TooManyPages` before reading any page when the document has more
    than ``max_pages`` pages; pdfplumber's and pdfminer's errors pass through.
    """
    pdfplumber = _pdfplumber()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        declared = _declared_pages(pdf)
        if declared is not None and declared > max_pages:
            raise TooManyPages(declared)
        pages = pdf.pages
        if len(pages) > max_pages:
            raise TooManyPages(len(pages))
        out = []
        for page in pages:
            out.append([(float(line["x0"]), line["text"]) for line in page.extract_text_lines()])
            page.close()  # drop the page's characters before the next one
    return out


def _declared_pages(pdf) -> int | None:
    """The page count the page tree declares (``/Count``), None when it has none."""
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
    except Exception:  # noqa: BLE001 - a broken tree is pdfplumber's to report
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


# ---------------------------------------------------------------- the child process


def _worker() -> None:
    """The child: lower its own limits, parse the PDF on stdin, write JSON to stdout."""
    import resource

    memory, cpu, pages = (int(x) for x in sys.argv[2:5])
    _lower(resource, resource.RLIMIT_CORE, 0)
    _lower(resource, resource.RLIMIT_AS, memory)
    _lower(resource, resource.RLIMIT_CPU, cpu, grace=5)
    data = sys.stdin.buffer.read()
    try:
        reply: dict = {"pages": page_lines(data, pages)}
    except TooManyPages as exc:
        reply = {"too_many_pages": exc.count}
    except ImportFailure as exc:
        reply = {"failure": [exc.zh, exc.en]}
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as one line
        reply = {"budget": True} if _caused_by(exc, MemoryError) else {"error": _error_name(exc)}
    sys.stdout.write(json.dumps(reply))
    sys.stdout.flush()


def _lower(resource, kind: int, value: int, grace: int = 0) -> None:
    """Lower a limit of this process to ``value`` (never raise it)."""
    soft, hard = resource.getrlimit(kind)
    infinity = resource.RLIM_INFINITY
    new_soft = value if soft == infinity else min(soft, value)
    new_hard = hard if hard != infinity else new_soft + grace
    resource.setrlimit(kind, (min(new_soft, new_hard), new_hard))


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen = set()
    stack = [exc]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, kind):
            return True
        stack += [item.__cause__, item.__context__, *(a for a in item.args if isinstance(a, BaseException))]
    return False


def _error_name(exc: BaseException) -> str:
    """pdfplumber wraps pdfminer's errors: name the one underneath (``PDFSyntaxError``)."""
    inner = next((a for a in exc.args if isinstance(a, BaseException)), None)
    return type(inner if type(exc).__name__ == "PdfminerException" and inner is not None else exc).__name__


def _sandboxed() -> bool:
    if os.name != "posix" or not sys.executable:
        return False
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def _over_budget(name: str, limits: Limits) -> ImportFailure:
    return ImportFailure(
        f"PDF 文件 {name} 超出处理预算（内存 {mib(limits.pdf_memory_bytes)} MiB、CPU {limits.pdf_cpu_seconds} 秒），未导入",
        f"the PDF file {name} exceeds the processing budget ({mib(limits.pdf_memory_bytes)} MiB of memory, "
        f"{limits.pdf_cpu_seconds} s of CPU time); not imported",
    )


def _in_child(data: bytes, name: str, limits: Limits) -> dict:
    flags = ["-P"] if sys.version_info >= (3, 11) else []  # never import from the current folder
    args = [
        sys.executable, *flags, "-c", _WORKER, "",
        str(limits.pdf_memory_bytes), str(limits.pdf_cpu_seconds), str(limits.pdf_pages),
    ]
    # the child imports the same goallint as this process: it gets this process's import path
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        proc = subprocess.run(args, input=data, capture_output=True, env=env, timeout=2 * limits.pdf_cpu_seconds + 30)
    except subprocess.TimeoutExpired:
        raise _over_budget(name, limits) from None
    try:
        reply = json.loads(proc.stdout)
    except ValueError:
        reply = None
    if not isinstance(reply, dict):
        if proc.returncode < 0:  # killed: SIGXCPU at the CPU limit, SIGKILL from the kernel
            raise _over_budget(name, limits)
        raise ImportFailure(
            f"无法读取 PDF 文件 {name}（解析进程异常退出，状态 {proc.returncode}）",
            f"cannot read the PDF file {name} (the parsing process failed with status {proc.returncode})",
        )
    return reply


def _in_process(data: bytes, limits: Limits) -> dict:
    try:
        return {"pages": page_lines(data, limits.pdf_pages)}
    except TooManyPages as exc:
        return {"too_many_pages": exc.count}
    except ImportFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of errors
        return {"budget": True} if _caused_by(exc, MemoryError) else {"error": _error_name(exc)}


# ---------------------------------------------------------------- entry points


def extract_pdf_text_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of a PDF given as bytes, one line per text line, indented lines marked with four spaces.

    Raises :class:`ImportFailure` (naming ``name``) when pdfplumber is missing, the bytes
    are not a readable PDF, or the PDF is over the page or processing budget.
    """
    if not _installed():
        raise _missing()
    if len(data) > limits.input_bytes:
        from . import too_large

        raise ImportFailure(*too_large(name, limits))
    reply = _in_child(data, name, limits) if _sandboxed() else _in_process(data, limits)
    if "failure" in reply:
        raise ImportFailure(*reply["failure"])
    if "too_many_pages" in reply:
        count = reply["too_many_pages"]
        raise ImportFailure(
            f"PDF 文件 {name} 有 {count:,} 页，超过导入上限 {limits.pdf_pages:,} 页：请先把绩效目标表所在的页另存为一个 PDF",
            f"the PDF file {name} has {count:,} pages, above the import limit of {limits.pdf_pages:,}: "
            "save the pages with the target table as a PDF of their own first",
        )
    if reply.get("budget"):
        raise _over_budget(name, limits)
    if "error" in reply:
        raise ImportFailure(
            f"无法读取 PDF 文件 {name}（{reply['error']}）",
            f"cannot read the PDF file {name} ({reply['error']})",
        )
    return _text(reply["pages"], name)


def _text(pages: list, name: str) -> str:
    # The left edge of the text: the most common start of a line (ties: the leftmost).
    starts = Counter(round(x0) for lines in pages for x0, text in lines if text.strip())
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
        for x0, raw in lines:
            text = raw.rstrip()
            if not text.strip():
                continue
            indent = _INDENT if x0 - left > _INDENT_MIN else ""
            page_lines.append(indent + text.strip())
        if number:
            # a page break, as pdftotext marks it: a form feed before the page's first line
            if page_lines:
                page_lines[0] = "\f" + page_lines[0]
            else:
                page_lines = ["\f"]
        out.extend(page_lines)
    return "\n".join(out) + "\n"


def _read(path, limits: Limits) -> bytes:
    from goallint.fileio import FileTooLargeError, read_bytes_limited

    from . import too_large

    name = os.fspath(path)
    try:
        return read_bytes_limited(name, limits.input_bytes)
    except FileTooLargeError:
        raise ImportFailure(*too_large(name, limits)) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ImportFailure(f"无法读取 PDF 文件 {name}：{reason}", f"cannot read the PDF file {name}: {reason}") from None


def extract_pdf_text(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> str:
    """:func:`extract_pdf_text_bytes` of a file."""
    if not _installed():
        raise _missing()
    return extract_pdf_text_bytes(_read(path, limits), os.fspath(path), limits)


def read_pdf_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a published 项目支出绩效目标表 PDF given as bytes into a table and its import problems.

    Line numbers in the problems are lines of :func:`extract_pdf_text_bytes`'s text.
    Raises :class:`ImportFailure` (naming ``name``) when pdfplumber is missing, the bytes
    are not a readable PDF, the PDF is over budget, or its text is not such a table.
    """
    return read_pdf_text(extract_pdf_text_bytes(data, name, limits))


def read_pdf(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """:func:`read_pdf_bytes` of a file."""
    return read_pdf_text(extract_pdf_text(path, limits))
