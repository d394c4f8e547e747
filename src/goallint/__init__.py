"""goallint: 项目支出绩效目标表的检查工具 (a linter for project expenditure performance target tables).

The Python API (``docs/api.md``)::

    import goallint

    report = goallint.check_paths(["tables/"])
    for d in report:
        print(d.file, d.line, d.column, d.rule, d.message)

``check_text``, ``check_paths``, ``load_table`` and ``rules`` load the checking machinery on their
first call, so importing goallint costs almost nothing.  (``goallint.api`` is the other API: the one
check functions of rule packs are written against, ``docs/packs.md``.)
"""

__version__ = "0.2.0"

from goallint.catalog import RuleFileError  # noqa: E402  (after __version__, which the reporters read)
from goallint.public import (  # noqa: E402
    Diagnostic,
    Report,
    RuleInfo,
    Severity,
    Summary,
    TableError,
    check_paths,
    check_text,
    load_table,
    rules,
)

__all__ = [
    "Diagnostic",
    "Report",
    "RuleFileError",
    "RuleInfo",
    "Severity",
    "Summary",
    "TableError",
    "__version__",
    "check_paths",
    "check_text",
    "load_table",
    "rules",
]
