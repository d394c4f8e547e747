#!/usr/bin/env python3
"""Benchmark goallint: whole-process timings and parser timings, medians, ratios against peers in the same run.

    python scripts/bench.py [--runs 15]

Measures, on the bundled example and on a large synthetic table made from it:
- ``goallint check`` as a whole process, against ``yamllint`` (a peer YAML linter, if installed)
  and against ``python -c pass`` (the interpreter's own start-up, the floor);
- parsing in-process: ruamel's C composer (what goallint uses) against ruamel's round-trip loader.
Prints medians; nothing is asserted (speed is measured here, not in tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(cmd: list[str]):
    env = dict(os.environ, NO_COLOR="1")
    return lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def big_table(copies: int) -> str:
    """The example's units repeated: a table of 10 × copies projects."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    start = lines.index("资金使用单位:")
    head, units = lines[: start + 1], lines[start + 1 :]
    return "\n".join(head + units * copies) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--copies", type=int, default=100, help="size of the synthetic table (× 10 projects)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="goallint-bench-"))
    big = tmp / "big.yaml"
    big.write_text(big_table(args.copies), encoding="utf-8")
    goallint = [sys.executable, "-m", "goallint", "check"]
    yamllint = shutil.which("yamllint")

    print(f"python {sys.version.split()[0]}, {args.runs} runs each, medians")
    print(f"files: example {EXAMPLE.stat().st_size} bytes; synthetic {big.stat().st_size} bytes ({10 * args.copies} projects)\n")

    floor = median_seconds(process([sys.executable, "-c", "pass"]), args.runs)
    rows = [("python -c pass (start-up floor)", floor)]
    for name, path in (("example", EXAMPLE), ("synthetic", big)):
        rows.append((f"goallint check {name}", median_seconds(process(goallint + [str(path)]), args.runs)))
        if yamllint:
            rows.append((f"yamllint {name}", median_seconds(process([yamllint, "-d", "relaxed", str(path)]), args.runs)))
    print("whole process")
    for label, seconds in rows:
        print(f"  {label:40s} {seconds * 1000:8.1f} ms")
    if yamllint:
        by = dict(rows)
        for name in ("example", "synthetic"):
            ratio = by[f"goallint check {name}"] / by[f"yamllint {name}"]
            print(f"  ratio goallint/yamllint on {name}: {ratio:.2f}")
    else:
        print("  (yamllint not installed: pip install yamllint to compare)")

    from ruamel.yaml import YAML

    text = big.read_text(encoding="utf-8")
    c_compose = lambda: YAML(typ="safe", pure=False).compose(text)  # noqa: E731
    rt_load = lambda: YAML(typ="rt").load(text)  # noqa: E731
    runs = max(3, args.runs // 3)
    c = median_seconds(c_compose, runs)
    rt = median_seconds(rt_load, runs)
    print("\nparsing the synthetic table in-process")
    print(f"  ruamel C composer (goallint)             {c * 1000:8.1f} ms")
    print(f"  ruamel round-trip loader                 {rt * 1000:8.1f} ms")
    print(f"  ratio round-trip / C composer: {rt / c:.1f}×")

    from goallint.catalog import builtin_rules
    from goallint.document import load_text
    from goallint.engine import lint

    rules = builtin_rules()
    full = median_seconds(lambda: lint(load_text(text, "big.yaml"), rules), runs)
    print(f"  goallint load + all rules                {full * 1000:8.1f} ms")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
