"""Check many files: discovery, the configuration that governs each file, per-file isolation.

The command line's ``check`` is a thin layer over :func:`check_paths`.  Each file is read,
parsed, linted and released on its own: whatever happens while checking one file becomes
a one-line error for that file, and every other file is still checked and reported.  The
nearest ``goallint.yaml`` above a file governs it (like ruff); ``config`` overrides that
for every file and ``isolated`` uses none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from goallint.config import Config, find_config, load_config
from goallint.session import Session, prepare

TABLE_KEYS = frozenset({"表名", "部门名称", "部门编码", "预算年度", "金额单位", "合计", "资金使用单位"})


@dataclass
class Options:
    """What the person running goallint chose (command-line flags); None: the configuration's."""

    config: Path | None = None
    isolated: bool = False
    packs: tuple = ()
    select: list[str] | None = None
    ignore: list[str] | None = None
    preview: bool = False
    lang: str | None = None
    inline_suppression: bool | None = None
    respect_gitignore: bool | None = None
    force_named: bool = False  # check named files even when the configuration excludes them
    baseline: Path | None = None  # --baseline: report only findings not in it (else the configuration's baseline:)
    write_baseline: Path | None = None  # --write-baseline: record every finding in a new baseline
    fix: frozenset | None = None  # fix safeties to apply (--fix, --unsafe-fixes); None: no fixing
    diff: bool = False  # --diff: work out the fixes, write nothing (Run.diffs)
    jobs: int | None = 1  # worker processes; None: one per processor (goallint.workers)
    cache: bool = False  # read and write the result cache (goallint.cache); the command line's default is True


@dataclass
class Run:
    findings: list = field(default_factory=list)
    files: int = 0
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)  # one line each: the run is incomplete
    notes: list[str] = field(default_factory=list)  # one line each: skipped files and the like
    warnings: list[str] = field(default_factory=list)
    sources: dict = field(default_factory=dict)  # file -> {line number: text}, only lines with findings
    rules: list = field(default_factory=list)  # every rule of the catalogues used (for SARIF's rule list)
    settings: Config = field(default_factory=Config)  # the run-wide configuration (lang, fail-on)
    baselined: int = 0  # findings left out because a baseline holds them (or recorded by --write-baseline)
    ran: dict = field(default_factory=dict)  # file as shown -> the rules that ran on it (baseline staleness)
    baselines: dict = field(default_factory=dict)  # baseline path -> goallint.baseline.Baseline, those used
    recorder: Any = None  # goallint.baseline.Recorder of --write-baseline
    fixed: int = 0  # findings whose fix was applied (with --diff: would be)
    diffs: list[str] = field(default_factory=list)  # --diff: one unified diff per changed file
    checked: list[str] = field(default_factory=list)  # every file checked, as shown (JUnit lists clean files too)
    departments: dict = field(default_factory=dict)  # file as shown -> its 部门名称 (job summary), when it has one

    @property
    def complete(self) -> bool:
        return not self.errors


def is_table_like(data) -> bool:
    """False for YAML that is plainly some other file (mkdocs.yml, docker-compose.yaml, a CI
    workflow, .pre-commit-hooks.yaml): a non-empty mapping without any table key, or a non-empty
    list whose mappings carry none (a table indented by mistake still counts).  Such files are
    skipped with a note.  An empty file or a lone scalar is treated as a broken table (the
    schema rule says what a table needs)."""
    if isinstance(data, dict) and data:
        return any(str(k) in TABLE_KEYS for k in data)
    if isinstance(data, list) and data:
        return any(isinstance(item, dict) and any(str(k) in TABLE_KEYS for k in item) for item in data[:5])
    return True


class _Sessions:
    """One prepared session per configuration file, found per folder and kept for the run."""

    def __init__(self, options: Options):
        self.options = options
        self.by_config: dict = {}
        self.by_folder: dict = {}

    def _prepare(self, path: Path | None) -> Session:
        key = str(path) if path else None
        if key not in self.by_config:
            o = self.options
            settings = Config() if path is None else load_config(path)
            self.by_config[key] = prepare(settings=settings, packs=o.packs, select=o.select, ignore=o.ignore, preview=o.preview)
        return self.by_config[key]

    def primary(self) -> Session:
        """The run-wide configuration: --config, else the one found from the current folder."""
        if self.options.isolated:
            return self._prepare(None)
        if self.options.config is not None:
            return self._prepare(self.options.config)
        return self._prepare(_shown(find_config(Path.cwd().resolve())))

    def for_file(self, path: Path) -> Session:
        if self.options.isolated:
            return self._prepare(None)
        if self.options.config is not None:
            return self._prepare(self.options.config)
        folder = path.parent.resolve()
        if folder not in self.by_folder:
            self.by_folder[folder] = _shown(find_config(folder))
        return self._prepare(self.by_folder[folder])


def _shown(path: Path | None) -> Path | None:
    """A configuration path as the user would type it (relative to the current folder when inside it)."""
    if path is None:
        return None
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def check_paths(
    paths: Iterable[str],
    options: Options | None = None,
    *,
    stdin=None,
    stdin_name: str = "<stdin>",
    keep_sources: bool = True,
) -> Run:
    """Check files and folders (``-`` reads the binary stream ``stdin``, at most the size limit)."""
    from goallint.discover import Candidate, discover

    options = options or Options()
    sessions = _Sessions(options)
    primary = sessions.primary()
    run = Run(settings=primary.config)
    lang = options.lang or primary.config.lang or "zh"
    paths = list(paths)
    _start_baselines(run, options)
    if paths == ["-"]:
        _check_one(run, Candidate(Path("-"), stdin_name, True), primary, lang, options, stdin, keep_sources)
        run.findings = _apply_baseline(run, stdin_name, run.findings, primary, options)
    else:
        respect = options.respect_gitignore if options.respect_gitignore is not None else primary.config.respect_gitignore
        found = discover(paths, respect_gitignore=respect)
        run.errors += found.errors
        run.notes += found.notes
        from goallint.workers import Job, check_files

        jobs = []
        for candidate in found.files:
            session = sessions.for_file(candidate.path)  # an unusable configuration ends the run: one line, exit 2
            if session.config.excluded(candidate.path) and not (candidate.named and options.force_named):
                continue
            jobs.append(Job(candidate, session, next(k for k, s in sessions.by_config.items() if s is session)))
        fixing = options.fix is not None  # fixes rewrite files: one process, no cache
        parts = check_files(
            jobs, sessions, lang, options, keep_sources,
            workers=1 if fixing else options.jobs, use_cache=options.cache and not fixing,
        )
        for job, part in zip(jobs, parts):
            run.files += part.files
            run.ran.update(part.ran)
            for display in part.checked:
                run.findings += _apply_baseline(run, display, [f for f in part.findings if f.file == display], job.session, options)
            run.findings += [f for f in part.findings if f.file not in part.checked]
            run.suppressed += part.suppressed
            run.errors += part.errors
            run.notes += part.notes
            run.sources.update(part.sources)
            run.checked += part.checked
            run.departments.update(part.departments)
            run.fixed += part.fixed
            run.diffs += part.diffs
        if paths and run.files == 0 and not run.errors:
            run.errors.append("没有检查任何文件：给出的路径中没有绩效目标表（或都被排除了）/ no file was checked: no target table among the paths given (or all were excluded)")
    rules: dict = {}
    for session in sessions.by_config.values():
        for line in session.warnings:
            if line not in run.warnings:
                run.warnings.append(line)
        for rule in session.catalog.rules:
            rules.setdefault(rule.slug, rule)
    run.rules = sorted(rules.values(), key=lambda r: (r.pack != "goallint", r.code))
    return run


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _check_one(run: Run, candidate, session: Session, lang: str, options: Options, stdin, keep_sources: bool, raw: bytes | None = None) -> None:
    """Check one file into ``run``; ``raw``: its bytes, already read (goallint.workers hashes them for the cache)."""
    from goallint.document import load_bytes, load_path, load_stream
    from goallint.engine import lint

    display = candidate.display
    try:
        if raw is not None:
            doc = load_bytes(raw, display)
        else:
            doc = load_stream(stdin, display) if str(candidate.path) == "-" and stdin is not None else load_path(candidate.path, display)
    except OSError as exc:
        run.errors.append(f"读不了文件 {display}：{exc.strerror or exc} / cannot read {display}")
        return
    except Exception as exc:  # anything else while reading: this file's error, not the run's end
        run.errors.append(f"内部错误：读取 {display} 时出错（{type(exc).__name__}: {_one_line(exc)}）/ internal error reading {display}")
        return
    if doc.readable and not doc.problems and not is_table_like(doc.data):
        run.notes.append(f"跳过 {display}：不是绩效目标表（没有「部门名称」「资金使用单位」等键）/ skipped {display}: not a target table")
        return
    inline = options.inline_suppression if options.inline_suppression is not None else session.config.inline_suppression
    try:
        result = lint(doc, session.rules, lang, inline_suppression=inline)
    except Exception as exc:
        run.errors.append(f"内部错误：检查 {display} 时出错（{type(exc).__name__}: {_one_line(exc)}）/ internal error checking {display}")
        return
    if options.fix is not None and (options.diff or str(candidate.path) != "-"):
        doc, result = _fix(run, candidate, doc, result, session, lang, inline, options)
    run.files += 1
    run.checked.append(display)
    if isinstance(doc.data, dict) and isinstance(doc.data.get("部门名称"), str):
        run.departments[display] = doc.data["部门名称"]
    findings = result.findings
    if _baseline_used(session, options):
        findings = _identified(findings, doc.data)
        run.ran[display] = [r.slug for r in session.rules.rules]
    run.findings.extend(findings)
    run.suppressed += result.suppressed
    run.errors.extend(
        f"内部错误：规则 {c.slug} 检查 {c.file} 时出错（{c.error}）/ internal error in rule {c.slug} on {c.file}" for c in result.crashes
    )
    if keep_sources and result.findings:
        lines = doc.lines
        wanted = {f.span.line for f in result.findings}
        run.sources[display] = {n: lines[n - 1] for n in wanted if 0 < n <= len(lines)}


def _start_baselines(run: Run, options: Options) -> None:
    """Read ``--baseline`` before any file is checked (an unusable one ends the run: one line, exit 2)."""
    from goallint.baseline import Baseline, Recorder

    if options.write_baseline is not None:
        run.recorder = Recorder(options.write_baseline)
    elif options.baseline is not None:
        run.baselines[str(options.baseline)] = Baseline.load(options.baseline)


def _baseline_used(session: Session, options: Options) -> bool:
    return options.write_baseline is not None or options.baseline is not None or session.config.baseline is not None


def _identified(findings: list, data) -> list:
    """Each recordable finding with its baseline identity, worked out while its document is at hand
    (a worker, or a result about to be cached, no longer has it)."""
    import dataclasses

    from goallint.baseline import identify, recordable

    return [dataclasses.replace(f, identity=identify(f, data)) if recordable(f) else f for f in findings]


def _apply_baseline(run: Run, display: str, findings: list, session: Session, options: Options) -> list:
    """The findings of one file left to report: without those the file's baseline holds, or, with
    ``--write-baseline``, only those a baseline never records.  Runs in the main process, in file
    order, after the file's findings came back from a worker or the cache."""
    if not _baseline_used(session, options) or display not in run.ran:
        return findings
    if run.recorder is not None:
        kept, n = run.recorder.record(display, findings, None)
    else:
        path = options.baseline or session.config.baseline
        baseline = run.baselines.get(str(path))
        if baseline is None:
            from goallint.baseline import Baseline

            baseline = run.baselines[str(path)] = Baseline.load(path)
        kept, n = baseline.split(display, findings, None, run.ran[display], session.catalog.find)
    run.baselined += n
    return kept


def _fix(run: Run, candidate, doc, result, session: Session, lang: str, inline: bool, options: Options):
    """Apply the fixes ``options.fix`` allows (``--diff``: only work them out); the new document and its findings."""
    from goallint.fix import Relint, fix_document, fixable, unified_diff, write_fixed

    if not fixable(doc):
        return doc, result
    outcome = fix_document(doc, result, Relint(session.rules, lang, inline), options.fix)
    run.notes += outcome.notes
    if outcome.doc is doc:
        return doc, result
    if options.diff:
        run.diffs.append(unified_diff(doc.text, outcome.text, candidate.display))
    else:
        error = write_fixed(candidate.path, doc.text, outcome.text, candidate.display)
        if error is not None:
            run.errors.append(error)
            return doc, result
    run.fixed += outcome.applied
    return outcome.doc, outcome.result
