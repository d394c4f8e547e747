#!/usr/bin/env python3
"""Benchmark baselines and fixes: whole-process timings, medians, ratios against plain ``check`` in the same run.

    python scripts/bench_adopt.py [--runs 9] [--copies 100] [--peer SRC]

On the bundled example and on a large synthetic table made from it (scripts/bench.py's), times
``goallint check`` plain, with ``--baseline`` (a baseline of every finding), ``--write-baseline``,
``--diff`` (every fix worked out, nothing written) and ``--fix`` (on a fresh copy each run).
``--peer SRC`` also times plain ``check`` from another source tree (``git archive main | tar -x -C /tmp/main``,
then ``--peer /tmp/main/src``): the cost of offering fixes on every run.  Nothing is asserted.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import EXAMPLE, big_table  # noqa: E402


def median(cmd: list[str], runs: int, env: dict, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--peer", help="another checkout's src/ to time plain check against")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="goallint-bench-adopt-"))
    env = dict(os.environ, NO_COLOR="1")
    goallint = [sys.executable, "-m", "goallint", "check"]
    try:
        for name, text in (("example", EXAMPLE.read_text(encoding="utf-8")), (f"big ({args.copies * 10} projects)", big_table(args.copies))):
            table, work, baseline = tmp / "t.yaml", tmp / "w.yaml", tmp / "b.json"
            table.write_text(text, encoding="utf-8")
            subprocess.run([*goallint, str(table), "--write-baseline", str(baseline)], capture_output=True, env=env)
            plain = median([*goallint, str(table)], args.runs, env)
            rows = [("check", plain)]
            if args.peer:
                rows.append(("check (peer)", median([*goallint, str(table)], args.runs, dict(env, PYTHONPATH=args.peer))))
            rows += [
                ("check --baseline", median([*goallint, str(table), "--baseline", str(baseline)], args.runs, env)),
                ("check --write-baseline", median([*goallint, str(table), "--write-baseline", str(tmp / "w.json")], args.runs, env)),
                ("check --diff", median([*goallint, str(table), "--diff"], args.runs, env)),
                ("check --fix", median([*goallint, str(work), "--fix"], args.runs, env, before=lambda: shutil.copy(table, work))),
            ]
            print(f"{name}:")
            for label, seconds in rows:
                print(f"  {label:<24} {seconds * 1000:8.1f} ms   × {seconds / plain:4.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
