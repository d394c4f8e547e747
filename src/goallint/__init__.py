"""goallint: 项目支出绩效目标表的检查工具 (a linter for project expenditure performance target tables)."""

__version__ = "0.1.0"
