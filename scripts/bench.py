#!/usr/bin/env python3
"""Benchmark goallint against its peers: whole processes, interleaved, medians and ratios.

    python scripts/bench.py                 # everything (about 25 minutes on two cores)
    python scripts/bench.py --only one-file --rounds 21
    python scripts/bench.py --markdown results.md

It builds the corpora it needs in ``goallint-bench`` in the temporary folder (or
``GOALLINT_BENCH_DIR``; outside the repository, whose .gitignore goallint respects) from the tables goallint ships
and tests with, deterministically (a seeded random generator varies names, amounts and the
numbers in target values):

* ``corpus``: 200 tables of 30 projects each (6,000 projects, about 6 MB); one table in twenty
  has a project that does not fit the schema (a published table's empty rows), the rest fit it;
* ``small``: 10,000 tables of one project each, in 100 folders;
* ``large.yaml``: one table of 10,000 projects, within goallint's 500,000-value input limit;
* the bundled example, for a one-file check.

and a virtual environment ``peers`` there with check-jsonschema and yamllint (installed
there with pip, never as goallint's dependencies).  Then it runs, as separate processes,
round after round, each command once per round in turn (so a busy moment of a shared
machine falls on all of them alike):

* ``goallint check`` without cache (``--no-cache``), with one process and with the default
  workers; with a warm cache (after one run); ``--help``;
* check-jsonschema with goallint's table schema (the schema alone, no rules);
* yamllint (``-d relaxed``: syntax and layout, no schema);
* the parse floor: a Python process that composes every file with ruamel's C composer
  (what goallint's loader starts from) and does nothing else;
* goallint's loader alone (``goallint.document.load_path`` of every file) and
  ``python -c 'import typer, ruamel.yaml, jsonschema_rs'``: what goallint's own work stands on
  (time, and the peak memory of loading the large table);
* ``python -c pass``: the interpreter's own start.

It prints medians, the ratios the performance goals are stated in (docs/performance.md),
the peak memory of checking the large table, the machine (``lscpu``, ``nproc``, Python)
and its load average before and after.  Nothing is asserted: speed is measured here,
never in the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# outside the repository: goallint skips what .gitignore ignores, and the corpora are large
BENCH = Path(os.environ.get("GOALLINT_BENCH_DIR") or Path(tempfile.gettempdir()) / "goallint-bench")
EXAMPLE = ROOT / "examples" / "liwan-zfw.yaml"
SCHEMA = ROOT / "schemas" / "table.schema.json"
SOURCES = [EXAMPLE, *sorted((ROOT / "tests" / "fixtures" / "published").glob("*.yaml")), ROOT / "tests" / "fixtures" / "check" / "render.yaml"]
CORPUS_VERSION = 3  # bump when the generator changes: the corpora are rebuilt
PEERS = ("check-jsonschema", "yamllint")

# --------------------------------------------------------------------------- corpora


def _projects(valid: bool = True) -> list[dict]:
    """The projects of the source tables (the example's ten, one per format fixture, the render
    table's) that fit the table schema (``valid``), or the ones that do not."""
    sys.path.insert(0, str(ROOT / "src"))
    from goallint.document import load_path
    from goallint.schema import validate

    out = []
    for path in SOURCES:
        data = load_path(path).data
        for unit in data.get("资金使用单位", []):
            for project in unit.get("项目", []):
                alone = {"部门名称": "甲", "金额单位": "万元", "资金使用单位": [{"单位名称": "乙", "项目": [project]}]}
                if isinstance(project, dict) and (not validate(alone)) == valid:
                    out.append(project)
    return out


_DIGITS = re.compile(r"\d+")


def _vary_text(text: str, rng: random.Random) -> str:
    """Half of the numbers in a text replaced by others of as many digits."""

    def number(m: re.Match) -> str:
        if rng.random() < 0.5:
            return m.group()
        n = len(m.group())
        return str(rng.randrange(10 ** (n - 1) if n > 1 else 0, 10**n))

    return _DIGITS.sub(number, text)


def _vary(value, rng: random.Random, key: str = ""):
    if isinstance(value, dict):
        return {k: _vary(v, rng, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_vary(v, rng, key) for v in value]
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool) and key not in ("项目期限", "预算年度")):
        return (Decimal(value) * Decimal(rng.randrange(50, 200)) / 100).quantize(Decimal("0.01"))
    if isinstance(value, str) and key in ("实施周期指标值", "年度指标值", "指标值"):
        return _vary_text(value, rng)
    return value


def _total(row) -> Decimal:
    if not isinstance(row, dict):
        return Decimal(0)
    if isinstance(row.get("总计"), Decimal):
        return row["总计"]
    return sum((v for v in row.values() if isinstance(v, Decimal)), Decimal(0))


def make_table(rng: random.Random, number: int, projects: int, pool: list[dict], per_unit: int = 10, slim: bool = False) -> dict:
    """A table of ``projects`` projects drawn from ``pool`` and varied, in units of ``per_unit``."""
    units = []
    for u in range(0, projects, per_unit):
        chosen = []
        for k in range(u, min(projects, u + per_unit)):
            project = _vary(rng.choice(pool), rng)
            project["项目名称"] = f"{project.get('项目名称') or '项目'}（{number}-{k + 1}）"
            if slim:  # within the input limit at 10,000 projects: the keys every table has, three indicators
                project = {key: project[key] for key in ("项目名称", "金额", "绩效目标", "绩效指标") if key in project}
                project["绩效指标"] = [
                    {k: v for k, v in ind.items() if k in ("一级指标", "二级指标", "三级指标", "年度指标值")}
                    for ind in project.get("绩效指标", [])[:3]
                ]
            chosen.append(project)
        subtotal = sum((_total(p.get("金额")) for p in chosen), Decimal(0))
        units.append({"单位名称": f"第{number}部门下属单位{u // per_unit + 1}", "小计": {"总计": subtotal, "财政拨款": subtotal}, "项目": chosen})
    total = sum((u["小计"]["总计"] for u in units), Decimal(0))
    return {
        "表名": "项目支出绩效目标表",
        "部门名称": f"第{number}部门",
        "预算年度": 2021 + number % 5,
        "金额单位": "万元",
        "合计": {"总计": total, "财政拨款": total},
        "资金使用单位": units,
    }


def build_corpora(force: bool = False) -> dict[str, Path]:
    """The corpora in BENCH (built once; again when the generator changes or with ``force``)."""
    from goallint.dump import dump_table

    BENCH.mkdir(parents=True, exist_ok=True)
    stamp = BENCH / "corpora.json"
    paths = {"corpus": BENCH / "corpus", "small": BENCH / "small", "large": BENCH / "large.yaml", "example": EXAMPLE}
    if not force and stamp.exists() and json.loads(stamp.read_text()).get("version") == CORPUS_VERSION:
        return paths
    print(f"building the corpora in {BENCH} …", file=sys.stderr)
    for key in ("corpus", "small"):
        shutil.rmtree(paths[key], ignore_errors=True)
        paths[key].mkdir(parents=True)
    pool, invalid = _projects(), _projects(valid=False)
    rng = random.Random(2024)
    for i in range(200):
        table = make_table(rng, i, 30, pool)
        if i % 20 == 0:  # almost every table fits the schema; one in twenty has a project that does not
            table["资金使用单位"][0]["项目"][0] = _vary(invalid[0], rng)
        (paths["corpus"] / f"dept-{i:03d}.yaml").write_text(dump_table(table), encoding="utf-8")
    for i in range(10_000):
        folder = paths["small"] / f"d{i // 100:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"t{i:05d}.yaml").write_text(dump_table(make_table(rng, i, 1, pool)), encoding="utf-8")
    paths["large"].write_text(dump_table(make_table(rng, 0, 10_000, pool, per_unit=100, slim=True)), encoding="utf-8")
    stamp.write_text(json.dumps({"version": CORPUS_VERSION}))
    return paths


def write_corpus(folder: Path, tables: int, projects: int, seed: int = 2024) -> list[Path]:
    """``tables`` generated tables of ``projects`` projects in ``folder`` (the tests use a few)."""
    from goallint.dump import dump_table

    pool = _projects()
    rng = random.Random(seed)
    out = []
    for i in range(tables):
        path = folder / f"dept-{i:03d}.yaml"
        path.write_text(dump_table(make_table(rng, i, projects, pool)), encoding="utf-8")
        out.append(path)
    return out


# --------------------------------------------------------------------------- running


def peers_venv() -> Path:
    """peers/: a virtual environment with check-jsonschema and yamllint (made once)."""
    venv = BENCH / "peers"
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    if not all((bin_dir / name).exists() for name in PEERS):
        print(f"installing check-jsonschema and yamllint into {venv} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", *PEERS], check=True)
    return bin_dir


def goallint_command() -> list[str]:
    script = Path(sys.executable).parent / ("goallint.exe" if os.name == "nt" else "goallint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "goallint"]


FLOOR = """\
import sys
from pathlib import Path
from ruamel.yaml import YAML
for arg in sys.argv[1:]:
    path = Path(arg)
    for file in sorted(path.rglob("*.yaml")) if path.is_dir() else [path]:
        YAML(typ="safe", pure=False).compose(file.read_text(encoding="utf-8"))
"""


LOADER = """\
import sys
from pathlib import Path
from goallint.document import load_path
for arg in sys.argv[1:]:
    path = Path(arg)
    for file in sorted(path.rglob("*.yaml")) if path.is_dir() else [path]:
        load_path(file)
"""
# what any one-file check with the required stack imports before it does anything
IMPORTS = "import typer, ruamel.yaml, jsonschema_rs"


def run_once(command: list[str], env: dict) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB, the process and its children) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if hasattr(os, "wait4"):
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0
        peak = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    else:  # pragma: no cover - Windows
        process.wait()
        peak = 0
    return time.perf_counter() - start, peak


def interleaved(commands: dict[str, list[str]], rounds: int, env: dict, before: dict | None = None) -> dict[str, list[float]]:
    """Every command once per round, the order turning each round; ``before[name]`` runs untimed first."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for name in names:  # one untimed round: bytecode written, files in the page cache
        subprocess.run(before[name] if before and name in before else commands[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:
            if before and name in before:
                subprocess.run(before[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            times[name].append(run_once(commands[name], env)[0])
    return times


def machine() -> list[str]:
    lines = [f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()} {platform.release()}"]
    try:
        cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in cpu.splitlines() if ln.startswith("Model name")), "?")
        lines.append(f"CPU: {model}; nproc {os.cpu_count() if not hasattr(os, 'sched_getaffinity') else len(os.sched_getaffinity(0))}")
    except OSError:
        lines.append(f"CPU: {platform.processor()}; {os.cpu_count()} processors")
    return lines


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "?"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("corpus", "one-file", "small", "large"), action="append", help="run only these parts")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per part (default: 7 corpus, 21 one-file, 3 small, 3 large)")
    parser.add_argument("--rebuild", action="store_true", help="build the corpora again")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown to this file")
    args = parser.parse_args()
    parts = args.only or ["one-file", "corpus", "small", "large"]

    paths = build_corpora(args.rebuild)
    peers = peers_venv()
    goallint = goallint_command()
    cache_dir = BENCH / "cache"
    env = dict(os.environ, NO_COLOR="1", GOALLINT_CACHE_DIR=str(cache_dir))
    env.pop("GOALLINT_LANG", None)
    # as installed: bytecode cached (pip compiles the peers' at install; an editable goallint on first import)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor_script = BENCH / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")
    loader_script = BENCH / "loader.py"
    loader_script.write_text(LOADER, encoding="utf-8")
    py = sys.executable
    check_jsonschema = [str(peers / "check-jsonschema"), "--schemafile", str(SCHEMA)]
    yamllint = [str(peers / "yamllint"), "-d", "relaxed"]

    out = ["# goallint benchmark", "", *machine(), f"load average before: {load()}", ""]

    def report(title: str, times: dict[str, list[float]], ratios: list[tuple[str, str, str]]) -> None:
        out.extend([f"## {title}", "", "| command | median | runs |", "|---|---:|---:|"])
        for name, values in times.items():
            out.append(f"| {name} | {ms(statistics.median(values))} | {len(values)} |")
        out.append("")
        for label, a, b in ratios:
            out.append(f"- {label}: **{statistics.median(times[a]) / statistics.median(times[b]):.2f}×**")
        out.append("")
        print("\n".join(out[-(len(times) + len(ratios) + 6):]), flush=True)

    def files_of(folder: Path) -> list[str]:
        return [str(p) for p in sorted(folder.rglob("*.yaml"))]

    if "one-file" in parts:
        example = str(paths["example"])
        times = interleaved(
            {
                "python -c pass": [py, "-c", "pass"],
                f"python -c '{IMPORTS}'": [py, "-c", IMPORTS],
                "goallint check example --no-cache": [*goallint, "check", "--no-cache", example],
                "goallint check example (cache warm)": [*goallint, "check", example],
                "yamllint example": [*yamllint, example],
                "check-jsonschema example": [*check_jsonschema, example],
                "goallint --help": [*goallint, "--help"],
            },
            args.rounds or 21,
            env,
        )
        report(
            "One file (the bundled example, 12 KB)",
            times,
            [
                ("goallint check --no-cache / yamllint", "goallint check example --no-cache", "yamllint example"),
                ("goallint check (cache warm) / yamllint", "goallint check example (cache warm)", "yamllint example"),
                ("importing typer, ruamel.yaml and jsonschema_rs / yamllint", f"python -c '{IMPORTS}'", "yamllint example"),
            ],
        )
        out.append(f"- `goallint --help`: {ms(statistics.median(times['goallint --help']))}")
        out.append("")

    for part, folder, rounds in (("corpus", paths["corpus"], 7), ("small", paths["small"], 3)):
        if part not in parts:
            continue
        target = str(folder)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml"))
        count = sum(1 for _ in folder.rglob("*.yaml"))
        warm = [*goallint, "check", target]
        times = interleaved(
            {
                "parse floor (ruamel C composer, one process)": [py, str(floor_script), target],
                "goallint's loader alone (one process)": [py, str(loader_script), target],
                "check-jsonschema (schema only)": [*check_jsonschema, *files_of(folder)],
                "yamllint -d relaxed": [*yamllint, target],
                "goallint --no-cache --jobs 1": [*goallint, "check", "--no-cache", "--jobs", "1", target],
                "goallint --no-cache": [*goallint, "check", "--no-cache", target],
                "goallint, cold cache": warm,
                "goallint, warm cache": warm,
                "goallint --jobs 1, warm cache": [*goallint, "check", "--jobs", "1", target],
            },
            args.rounds or rounds,
            env,
            before={"goallint, cold cache": [*goallint, "clean"], "goallint, warm cache": warm, "goallint --jobs 1, warm cache": warm},
        )
        report(
            f"{'Corpus' if part == 'corpus' else 'Many small files'}: {count:,} tables, {size / 1e6:.1f} MB",
            times,
            [
                ("goallint --no-cache / check-jsonschema", "goallint --no-cache", "check-jsonschema (schema only)"),
                ("goallint --no-cache / parse floor", "goallint --no-cache", "parse floor (ruamel C composer, one process)"),
                ("goallint --no-cache --jobs 1 / parse floor", "goallint --no-cache --jobs 1", "parse floor (ruamel C composer, one process)"),
                ("goallint's loader alone / parse floor", "goallint's loader alone (one process)", "parse floor (ruamel C composer, one process)"),
                ("goallint, cold cache / check-jsonschema", "goallint, cold cache", "check-jsonschema (schema only)"),
                ("goallint, warm cache / --no-cache", "goallint, warm cache", "goallint --no-cache"),
                ("goallint, warm cache / cold cache", "goallint, warm cache", "goallint, cold cache"),
            ],
        )

    if "large" in parts:
        large = str(paths["large"])
        size = paths["large"].stat().st_size
        times = interleaved(
            {
                "parse floor": [py, str(floor_script), large],
                "check-jsonschema": [*check_jsonschema, large],
                "goallint --no-cache --jobs 1": [*goallint, "check", "--no-cache", "--jobs", "1", large],
            },
            args.rounds or 3,
            env,
        )
        report(f"One large table: 10,000 projects, {size / 1e6:.1f} MB", times, [("goallint / parse floor", "goallint --no-cache --jobs 1", "parse floor")])
        peaks = [run_once([*goallint, "check", "--no-cache", "--jobs", "1", large], env)[1] for _ in range(3)]
        peak = statistics.median(peaks) * 1024
        out.append(f"- peak memory of `goallint check --no-cache --jobs 1 large.yaml`: {peak / 2**20:.0f} MiB = **{peak / size:.1f}×** the file's size")
        for label, command in (("loading it alone (goallint's loader)", [py, str(loader_script), large]), (f"`python -c '{IMPORTS}'`", [py, "-c", IMPORTS])):
            peak = statistics.median([run_once(command, env)[1] for _ in range(3)]) * 1024
            out.append(f"- peak memory of {label}: {peak / 2**20:.0f} MiB = {peak / size:.1f}× the file's size")
        out.append("")

    out.append(f"load average after: {load()}")
    text = "\n".join(out) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
