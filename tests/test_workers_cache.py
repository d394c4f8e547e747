"""Workers and the result cache change how fast goallint is, never what it says.

The same folder is checked with one process and with two, without the cache, with a cold
and a warm one, in text and in JSON: stdout, stderr and the exit status are the same byte
for byte.  A changed file is the only one checked again; a changed option or pack makes
exactly the runs that used it check again; a corrupt or foreign cache costs a re-check,
never a wrong finding; a worker that dies is its file's error.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest

from goallint import cache, workers
from goallint.runner import Options, check_paths

from conftest import EXAMPLE, ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
GZ = ROOT / "examples" / "packs" / "gz-city" / "goallint_gz_city"


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHECKS = '''
import os

from goallint.api import Problem, check


@check(scope="project", args=("name",))
def check_quantity_indicator_present(project, ctx):
    if project.name == "出错":
        raise ValueError("故意出错")
    if project.name == "崩溃":
        os._exit(3)  # the worker dies: no exception, no result
    outputs = [i for i in project.indicators if i.level1 == "产出指标"]
    if outputs and not any(i.level2 == "数量指标" for i in outputs):
        yield Problem(project.name_path, name=project.name)
'''

BROKEN = "部门名称: 甲\n  资金使用单位: [\n"
RENAMED = "部门名称: 乙  # goallint: disable-file=quantity-required\n金额单位: 万元\n资金使用单位: []\n"
ONE_PROJECT = "部门名称: 丙\n金额单位: 万元\n资金使用单位:\n  - 单位名称: 丙单位\n    项目:\n      - 项目名称: {name}\n        金额: {{总计: 1.00}}\n"


def _pack(folder: Path) -> Path:
    pack = folder / "crash-pack"
    shutil.copytree(GZ, pack, ignore=shutil.ignore_patterns("__pycache__"))
    (pack / "checks.py").write_text(CHECKS, encoding="utf-8")
    rule = pack / "indicators" / "quantity-indicator-required.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("severity: info", "severity: info\nreplaces: [quantity-required]", 1), encoding="utf-8")
    return pack


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A folder of every kind of file: tables with many findings, fixtures, a broken file, a file
    that is no table, a suppression comment naming a renamed rule, a check that raises."""
    root = tmp_path_factory.mktemp("tree")
    tables = root / "tables"
    (tables / "corpus").mkdir(parents=True)
    _bench().write_corpus(tables / "corpus", 6, 30)
    shutil.copy(EXAMPLE, tables / "example.yaml")
    for path in sorted(FIXTURES.glob("*/*.yaml")):
        shutil.copy(path, tables / path.name)
    (tables / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tables / "mkdocs.yml").write_text("site_name: 文档\nnav: []\n", encoding="utf-8")
    (tables / "renamed.yaml").write_text(RENAMED, encoding="utf-8")
    (tables / "raises.yaml").write_text(ONE_PROJECT.format(name="出错"), encoding="utf-8")
    _pack(root)
    return root


def _variants(tree: Path, tmp_path: Path, monkeypatch, output: str):
    monkeypatch.setenv("GOALLINT_CACHE_DIR", str(tmp_path / "cache"))
    base = ("check", "tables", "--pack", "crash-pack", "--format", output)
    runs = {
        "one process, no cache": base + ("--jobs", "1", "--no-cache"),
        "two processes, no cache": base + ("--jobs", "2", "--no-cache"),
        "two processes, cold cache": base + ("--jobs", "2"),
        "two processes, warm cache": base + ("--jobs", "2"),
        "one process, warm cache": base + ("--jobs", "1"),
        "default workers, warm cache": base,
    }
    out = {}
    for name, args in runs.items():
        done = run_cli(*args, cwd=tree)
        out[name] = (done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))
    return out


@pytest.mark.parametrize("output", ["text", "json"])
def test_output_is_the_same_byte_for_byte_with_workers_and_the_cache(tree, tmp_path, monkeypatch, output):
    runs = _variants(tree, tmp_path, monkeypatch, output)
    status, stdout, stderr = runs["one process, no cache"]
    assert status == 2  # raises.yaml's check raised: the run is incomplete
    assert stderr.splitlines() == [
        "goallint: 警告 / warning: 规则名 quantity-required 已改为 quantity-indicator-required，请改用新名称 / rule quantity-required is now quantity-indicator-required",
        "goallint: 跳过 tables/mkdocs.yml：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped tables/mkdocs.yml: not a target table",
        "goallint: 内部错误：规则 quantity-indicator-required 检查 tables/raises.yaml 时出错（ValueError: 故意出错）/ internal error in rule quantity-indicator-required on tables/raises.yaml",
    ]
    tables = sorted(p.relative_to(tree).as_posix() for p in (tree / "tables").rglob("*.y*ml") if p.name != "mkdocs.yml")
    if output == "text":
        assert stdout.startswith(tables[0] + ":")
        assert "tables/broken.yaml:2:9: GL001 [错误] YAML 语法错误" in stdout and "tables/corpus/dept-005.yaml:" in stdout
        assert stdout.splitlines()[-1].startswith("检查未完成：有 1 处错误（见以 goallint: 开头的行）。")
    else:
        summary = json.loads(stdout)["summary"]
        assert summary["files"] == len(tables) and summary["complete"] is False and summary["problems"] > 1000
    for name, result in runs.items():
        assert result == runs["one process, no cache"], name


def test_the_fast_schema_path_changes_no_output(tree, monkeypatch):
    """The whole folder through jsonschema alone gives the same text and JSON as with jsonschema-rs."""
    from typer.testing import CliRunner

    from goallint import schema
    from goallint.cli import app

    monkeypatch.chdir(tree)

    def run():
        outputs = []
        for fmt in ("text", "json"):
            result = CliRunner().invoke(app, ["check", "tables", "--pack", "crash-pack", "--jobs", "1", "--no-cache", "--format", fmt])
            outputs.append((result.exit_code, result.stdout))
        return outputs

    fast = run()
    monkeypatch.setattr(schema, "_compile_fast", lambda s: None)
    schema._fast_validator.cache_clear()
    try:
        assert run() == fast
    finally:
        schema._fast_validator.cache_clear()
    assert "GL003" in fast[0][1]  # the folder has schema findings for jsonschema to word


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("GOALLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _bench().write_corpus(tmp_path / "a", 3, 2)
    _bench().write_corpus(tmp_path / "b", 2, 2, seed=7)
    return tmp_path


def _checked(monkeypatch) -> list[str]:
    """The files each run really checks (not taken from the cache), in order."""
    checked: list[str] = []
    real = workers._check

    def spy(candidate, *args):
        checked.append(candidate.display)
        return real(candidate, *args)

    monkeypatch.setattr(workers, "_check", spy)
    return checked


def _run(*paths: str, **options):
    run = check_paths(list(paths), Options(cache=True, jobs=1, **options))
    return [(f.file, f.span.line, f.span.column, f.slug, f.message) for f in run.findings], run


def test_a_changed_file_is_the_only_one_checked_again(folder, monkeypatch):
    checked = _checked(monkeypatch)
    first, _ = _run("a", "b")
    assert checked == ["a/dept-000.yaml", "a/dept-001.yaml", "a/dept-002.yaml", "b/dept-000.yaml", "b/dept-001.yaml"]
    checked.clear()
    assert _run("a", "b")[0] == first
    assert checked == []
    path = folder / "a" / "dept-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("金额单位: 万元", "金额单位: 千元"), encoding="utf-8")
    again, _ = _run("a", "b")
    assert checked == ["a/dept-001.yaml"]
    fresh = check_paths(["a", "b"], Options(jobs=1))
    assert again == [(f.file, f.span.line, f.span.column, f.slug, f.message) for f in fresh.findings]
    assert ("a/dept-001.yaml", 4, 7, "schema") in [f[:4] for f in again]


def test_a_changed_option_invalidates_exactly_the_files_it_governs(folder, monkeypatch):
    (folder / "a" / "goallint.yaml").write_text("rules:\n  grand-total:\n    options: {tolerance: 0.01}\n", encoding="utf-8")
    checked = _checked(monkeypatch)
    _run("a", "b")
    checked.clear()
    (folder / "a" / "goallint.yaml").write_text("rules:\n  grand-total:\n    options: {tolerance: 1}\n", encoding="utf-8")
    _run("a", "b")
    assert checked == ["a/dept-000.yaml", "a/dept-001.yaml", "a/dept-002.yaml"]  # b has its own (no) configuration
    checked.clear()
    (folder / "a" / "goallint.yaml").write_text("rules:\n  grand-total:\n    options: {tolerance: 0.01}\n", encoding="utf-8")
    _run("a", "b")
    assert checked == []  # the first option's results are still there
    _run("a", "b", lang="en")
    assert checked == ["a/dept-000.yaml", "a/dept-001.yaml", "a/dept-002.yaml", "b/dept-000.yaml", "b/dept-001.yaml"]
    checked.clear()
    _run("a", "b", inline_suppression=False)
    assert len(checked) == 5
    checked.clear()
    _run("a", "b", ignore=["GL105"])
    assert len(checked) == 5


def test_a_changed_pack_invalidates_its_runs_and_shows_the_new_message(folder):
    pack = _pack(folder)
    timeliness = "        绩效指标:\n          - {一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 完成及时率, 年度指标值: 100%}\n"
    (folder / "a" / "t.yaml").write_text(ONE_PROJECT.format(name="测试") + timeliness, encoding="utf-8")
    args = ("check", "a/t.yaml", "--pack", str(pack), "--format", "json")

    def run():
        done = run_cli(*args, cwd=folder)
        return [(d["rule"], d["severity"]) for d in json.loads(done.stdout)["diagnostics"] if d["rule"] == "quantity-indicator-required"]

    assert run() == [("quantity-indicator-required", "info")]
    assert run() == [("quantity-indicator-required", "info")]
    assert len(_bucket_files(folder)) == 1
    rule = pack / "indicators" / "quantity-indicator-required.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("severity: info", "severity: warning", 1), encoding="utf-8")
    assert run() == [("quantity-indicator-required", "warning")]
    assert len(_bucket_files(folder)) == 2
    (pack / "checks.py").write_text(CHECKS + "\n# a change to the code alone\n", encoding="utf-8")
    assert run() == [("quantity-indicator-required", "warning")]
    assert len(_bucket_files(folder)) == 3  # checked again, into a bucket of its own


def _bucket_files(folder: Path) -> list[Path]:
    """The buckets: a folder each (results-v2/<bucket>/), an entry file per checked file in it."""
    return sorted(p for p in (folder / "cache" / "results-v2").glob("*") if p.is_dir())


def _entries(folder: Path) -> list[Path]:
    return sorted((folder / "cache" / "results-v2").glob("*/*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "\x80\x03}q\x00.",  # pickle bytes: never unpickled, not JSON
        lambda text: text.replace('"tool":"goallint"', '"tool":"ruff"'),
        lambda text: text.replace('"format":2', '"format":99'),
        lambda text: json.dumps({**json.loads(text), "bucket": "another"}),
        lambda text: json.dumps({**json.loads(text), "file": "a/another.yaml"}),
        lambda text: text.replace('"severity"', '"x"').replace('"error"', '"fatal"').replace('"warning"', '"fatal"').replace('"info"', '"fatal"'),
        lambda text: re.sub(r'\["资金使用单位"', '[1.5,"资金使用单位"', text),
        lambda text: re.sub(r'"digest":"[0-9a-f]+"', '"digest":"0"', text),
        lambda text: re.sub(r'"outcome":\{', '"outcome":{"files":"1","x":{', text, count=1),
    ],
    ids=["truncated", "pickle", "another tool", "another format", "another bucket", "another file", "no such severity", "a path with a float", "another digest", "wrong types"],
)
def test_a_corrupt_or_foreign_cache_is_ignored(folder, monkeypatch, damage):
    checked = _checked(monkeypatch)
    first, _ = _run("a")
    (bucket,) = _bucket_files(folder)
    entries = _entries(folder)
    assert len(entries) == 3 and all(e.parent == bucket for e in entries)
    for entry in entries:
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    checked.clear()
    assert _run("a")[0] == first
    assert checked == ["a/dept-000.yaml", "a/dept-001.yaml", "a/dept-002.yaml"]  # re-checked, not trusted


def test_an_entry_cannot_hide_findings_of_other_bytes(folder, monkeypatch):
    """An entry is used only for the very bytes it was made from."""
    first, _ = _run("a")
    for path in _entries(folder):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["outcome"]["findings"] = []
        entry["digest"] = cache.digest(b"other bytes")
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert _run("a")[0] == first


def test_the_cache_stays_out_of_the_checked_folder_and_ignores_itself(folder):
    before = sorted(p.relative_to(folder) for p in (folder / "a").rglob("*"))
    run_cli("check", "a", cwd=folder)
    assert sorted(p.relative_to(folder) for p in (folder / "a").rglob("*")) == before
    assert (folder / "cache" / ".gitignore").read_text(encoding="utf-8") == "# goallint's cache: never commit it\n*\n"
    assert (folder / "cache" / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert len(_bucket_files(folder)) == 1


def test_clean_removes_only_what_goallint_wrote(folder):
    run_cli("check", "a", cwd=folder)
    mine = folder / "cache" / "notes.txt"
    mine.write_text("not goallint's", encoding="utf-8")
    done = run_cli("clean", cwd=folder)
    assert done.returncode == 0
    assert done.stdout.decode().startswith(f"已删除缓存 {folder / 'cache'}（")
    assert sorted(p.name for p in (folder / "cache").iterdir()) == ["notes.txt"]
    mine.unlink()
    run_cli("clean", cwd=folder)
    assert not (folder / "cache").exists()
    assert run_cli("clean", cwd=folder).stdout.decode() == f"没有缓存 {folder / 'cache'} / no cache at {folder / 'cache'}\n"


def test_no_cache_neither_reads_nor_writes_results(folder):
    done = run_cli("check", "a", "--no-cache", cwd=folder)
    assert done.returncode == 1
    assert not (folder / "cache" / "results-v2").exists()
    run_cli("check", "a", cwd=folder)
    for path in _entries(folder):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["outcome"]["findings"] = []  # entries that would hide every finding, for the very same bytes
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert run_cli("check", "a", cwd=folder).returncode == 0  # the cache is trusted by default …
    assert run_cli("check", "a", "--no-cache", cwd=folder).stdout == done.stdout  # … and not read with --no-cache


def test_a_worker_that_dies_is_that_files_error(folder, monkeypatch):
    pack = _pack(folder)
    for name in ("一", "崩溃", "二", "三"):
        (folder / "a" / f"{name}.yaml").write_text(ONE_PROJECT.format(name=name), encoding="utf-8")
    done = run_cli("check", "a", "--pack", str(pack), "--jobs", "2", "--no-cache", "--format", "json", cwd=folder)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").splitlines() == [
        "goallint: 内部错误：检查 a/崩溃.yaml 时工作进程意外退出 / internal error: the worker process checking a/崩溃.yaml ended unexpectedly"
    ]
    report = json.loads(done.stdout)
    (folder / "a" / "崩溃.yaml").unlink()
    alone = json.loads(run_cli("check", "a", "--pack", str(pack), "--jobs", "1", "--no-cache", "--format", "json", cwd=folder).stdout)
    assert report["diagnostics"] == alone["diagnostics"]  # every other file's findings, in order
    assert report["summary"]["files"] == alone["summary"]["files"] == 6
    assert report["errors"] == [done.stderr.decode("utf-8").splitlines()[0].removeprefix("goallint: ")]


def test_workers_default_to_the_processors_and_start_only_when_worth_it(folder, monkeypatch):
    assert workers.cpu_count() >= 1
    started = []
    real = workers._in_pool
    monkeypatch.setattr(workers, "_in_pool", lambda *a: started.append(a) or real(*a))
    check_paths(["a"], Options(jobs=None))  # three small files: not worth a pool
    assert started == []
    monkeypatch.setattr(workers, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    pooled = check_paths(["a"], Options(jobs=None))
    assert len(started) == 1 and started[0][-1] == 2
    alone = check_paths(["a"], Options(jobs=1))
    assert pooled.findings == alone.findings and pooled.files == alone.files == 3





def test_spawned_workers_give_what_one_process_gives(folder, monkeypatch):
    """macOS and Windows spawn their workers, which prepare the rule sessions themselves."""
    (folder / "a" / "goallint.yaml").write_text("rules:\n  amount-components:\n    severity: warning\n", encoding="utf-8")
    monkeypatch.setattr(workers, "_start_method", lambda: "spawn")
    spawned = check_paths(["a", "b"], Options(jobs=2))
    alone = check_paths(["a", "b"], Options(jobs=1))
    assert spawned.findings == alone.findings and spawned.files == alone.files == 5
    # each folder's configuration governs its files in the workers too
    assert {(f.file[0], f.severity) for f in spawned.findings if f.slug == "amount-components"} == {("a", "warning"), ("b", "error")}


def test_a_check_reads_only_the_entries_of_the_files_it_checks(folder, monkeypatch):
    """An entry per file: checking one file reads its entry, not what the configuration cached for others."""
    checked = _checked(monkeypatch)
    first, _ = _run("a", "b")
    read: list[str] = []
    real = cache.Path.read_bytes

    def spy(path):
        if "results-v2" in path.parts:
            read.append(json.loads(real(path))["file"])
        return real(path)

    monkeypatch.setattr(cache.Path, "read_bytes", spy)
    checked.clear()
    alone, _ = _run("b/dept-001.yaml")
    assert (checked, read) == ([], ["b/dept-001.yaml"])
    assert alone == [f for f in first if f[0] == "b/dept-001.yaml"]


def test_entries_unused_for_thirty_days_are_pruned_once_a_day(folder, monkeypatch):
    import os
    import time

    _run("a", "b")
    (bucket,) = _bucket_files(folder)
    entries = {json.loads(p.read_text(encoding="utf-8"))["file"]: p for p in _entries(folder)}
    month = time.time() - 31 * 86400
    for name in ("a/dept-000.yaml", "b/dept-000.yaml"):
        os.utime(entries[name], (month, month))
    _run("a/dept-000.yaml")  # used: marked as used again
    assert entries["a/dept-000.yaml"].stat().st_mtime > month + 86400
    (folder / "a" / "new.yaml").write_text(ONE_PROJECT.format(name="新"), encoding="utf-8")
    _run("a/new.yaml")  # a write, but pruned less than a day ago: nothing removed
    assert entries["b/dept-000.yaml"].exists()
    stamp = folder / "cache" / "results-v2" / ".pruned"
    os.utime(stamp, (month, month))
    (folder / "a" / "new.yaml").write_text(ONE_PROJECT.format(name="更新"), encoding="utf-8")
    _run("a/new.yaml")
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["file"] for p in _entries(folder)) == [
        "a/dept-000.yaml", "a/dept-001.yaml", "a/dept-002.yaml", "a/new.yaml", "b/dept-001.yaml"
    ]
    for path in _entries(folder):  # a bucket left empty goes too
        os.utime(path, (month, month))
    os.utime(stamp, (month, month))
    (folder / "a" / "new.yaml").write_text(ONE_PROJECT.format(name="再更新"), encoding="utf-8")
    _run("a/new.yaml", lang="en")  # another bucket
    assert not bucket.exists() and len(_bucket_files(folder)) == 1


def test_clean_removes_an_earlier_versions_cache_too(folder):
    old = folder / "cache" / "results-v1"
    old.mkdir(parents=True)
    (old / "0123.json").write_text("{}", encoding="utf-8")
    run_cli("check", "a", cwd=folder)
    assert run_cli("clean", cwd=folder).returncode == 0
    assert not (folder / "cache").exists()
