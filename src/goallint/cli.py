"""The ``goallint`` command line.

Exit status: 0 nothing at or above ``--fail-on`` was found; 1 something was;
2 a usage, configuration or internal error (a one-line message, never a traceback).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from goallint import __version__
from goallint.helpformat import Typer

app = Typer(
    name="goallint",
    help="goallint：项目支出绩效目标表检查工具 / a linter for project expenditure performance target tables.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class UsageError(Exception):
    """A one-line message for the user; exit status 2."""


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Format(str, Enum):
    """Formats of ``import``'s findings (``check`` takes any of goallint.report.FORMATS)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class ListFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool):
    if value:
        typer.echo(f"goallint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本 / show the version"),
):
    """goallint：项目支出绩效目标表检查工具。"""


def _split(values: Optional[List[str]]) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


PACK_OPTION = typer.Option(
    None,
    "--pack",
    metavar="FOLDER",
    help="也加载这个规则包目录（可重复；其中的 Python 代码会运行，只用于你信任的规则包；也可用环境变量 GOALLINT_PACKS）/ also load this rule pack folder (repeatable; its Python runs: trusted packs only)",
    show_default=False,
)
CONFIG_OPTION = typer.Option(None, "--config", metavar="FILE", help="配置文件 / configuration file", show_default=False)


@app.command()
def check(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="要检查的 YAML 文件或目录（目录下查找 *.yaml / *.yml）；- 表示标准输入 / files or folders to check; - reads stdin", show_default=False),
    output_format: Optional[List[str]] = typer.Option(
        None, "--format", "-f", metavar="FORMAT[:FILE]", show_default=False,
        help="输出格式：text（默认）、concise（每个问题一行）、json、sarif（代码扫描）、github（GitHub Actions 注释）、"
        "gitlab（GitLab 代码质量报告）、junit（Jenkins 等的测试报告）。可重复；写成 格式:文件 时写入该文件，"
        "如 --format text --format sarif:goallint.sarif / output format (text, concise, json, sarif, github, gitlab, junit); "
        "repeatable; FORMAT:FILE writes that file",
    ),
    output_file: Optional[Path] = typer.Option(
        None, "--output-file", "-o", metavar="FILE", show_default=False,
        help="没有写文件名的输出格式写入此文件（UTF-8），而不是标准输出；已有的同名报告会被替换，但绝不覆盖被检查的文件 / "
        "write the output format without a FILE here (UTF-8) instead of stdout; replaces an old report, never a checked file",
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="发现问题时退出码也为 0（检查没有完成时仍为 2）/ exit 0 even when problems are found (still 2 when checking was incomplete)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只输出问题：不输出汇总行和跳过文件的说明 / print the problems only: no summary line, no notes on skipped files"),
    lang: Optional[Lang] = typer.Option(None, "--lang", envvar="GOALLINT_LANG", help="消息语言（默认 zh）/ message language", show_default=False),
    select: Optional[List[str]] = typer.Option(None, "--select", metavar="RULES", help="只运行这些规则（名称、编码或编码前缀，可用逗号分隔）；替换配置文件中的 select / run only these rules (names, codes or code prefixes); replaces select in the configuration", show_default=False),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", metavar="RULES", help="不运行这些规则；追加到配置文件中的 ignore / do not run these rules; added to ignore in the configuration", show_default=False),
    fail_on: Optional[Level] = typer.Option(None, "--fail-on", help="达到此级别的问题使退出码为 1（默认 error）/ exit 1 at or above this level (default error)", show_default=False),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="配置文件（默认在当前目录及上级目录查找 goallint.yaml）/ configuration file (default: goallint.yaml here or above)", show_default=False),
    color: ColorMode = typer.Option(ColorMode.auto, "--color", help="彩色输出（默认 auto）/ colored output (default auto)", show_default=False),
    no_source: bool = typer.Option(False, "--no-source", help="不显示出错的源代码行 / do not show the source lines"),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", metavar="NAME", help="从标准输入读取时显示的文件名 / file name to show for stdin", show_default=False),
    statistics: bool = typer.Option(False, "--statistics", help="文本输出只显示每条规则的问题数 / text output shows counts per rule only"),
    pack: Optional[List[Path]] = PACK_OPTION,
    preview: bool = typer.Option(False, "--preview", help="也运行预览中的规则 / also run preview rules"),
    isolated: bool = typer.Option(False, "--isolated", "--no-config", help="不用任何配置文件 / use no configuration file"),
    no_inline_suppression: bool = typer.Option(False, "--no-inline-suppression", help="不理会文件中的例外注释（审核关口用）/ ignore suppression comments"),
    force_exclude: bool = typer.Option(True, "--force-exclude/--no-force-exclude", help="配置中的 exclude 也适用于命令行上给出的文件（默认是）/ apply exclude to named files too (default)", show_default=False),
    respect_gitignore: Optional[bool] = typer.Option(None, "--respect-gitignore/--no-respect-gitignore", help="检查目录时跳过 .gitignore 忽略的文件（默认是）/ skip files .gitignore ignores (default)", show_default=False),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE", help="基线文件：只报告其中没有的问题（也可在配置中写 baseline:）/ report only findings not in this baseline", show_default=False),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="FILE", help="把现有的全部问题写入这个基线文件（.json）/ record every finding in this baseline file (.json)", show_default=False),
    prune_baseline: bool = typer.Option(False, "--prune-baseline", help="从基线中删去已不再出现的问题 / drop baseline entries that no longer occur"),
    fix: bool = typer.Option(False, "--fix", help="自动修改能安全修改的问题（直接改写文件）/ apply safe fixes to the files"),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="也做可能改变含义的修改（与 --fix 或 --diff 一起用）/ also apply unsafe fixes (with --fix or --diff)"),
    diff: bool = typer.Option(False, "--diff", help="只显示 --fix 会做的修改（统一差异格式），不写文件 / show what --fix would change as a diff; write nothing"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="同时检查的进程数（默认为处理器数；1 表示只用一个进程）/ worker processes (default: one per processor; 1: none)", show_default=False),
    no_cache: bool = typer.Option(False, "--no-cache", help="不读也不写结果缓存（见 docs/performance.md）/ neither read nor write the result cache"),
):
    """检查绩效目标表 / check target tables."""
    from goallint.engine import fails
    from goallint.fix import levels
    from goallint.runner import Options, check_paths

    _check_adoption_flags(paths, baseline, write_baseline, prune_baseline, fix, diff)
    outputs = _outputs(output_format, output_file, paths)
    options = Options(
        config=config,
        isolated=isolated,
        packs=tuple(pack or ()),
        select=_split(select) or None,
        ignore=_split(ignore),
        preview=preview,
        lang=lang.value if lang else None,
        inline_suppression=False if no_inline_suppression else None,
        respect_gitignore=respect_gitignore,
        force_named=not force_exclude,
        baseline=baseline,
        write_baseline=write_baseline,
        fix=levels(unsafe_fixes) if fix or diff else None,
        diff=diff,
        jobs=jobs,
        cache=not no_cache,
    )
    # the runner goallint.public.run wraps, without making a Diagnostic of every finding
    run = check_paths(
        paths,
        options,
        stdin=sys.stdin.buffer,
        stdin_name=stdin_filename or "<stdin>",
        keep_sources=not no_source and any(fmt == "text" for fmt, _ in outputs),
    )
    settings = run.settings
    lang = lang or Lang(settings.lang or "zh")
    fail_on = fail_on or Level(settings.fail_on or "error")
    if diff:
        _finish_diff(run)
    extra = _baseline_outcome(run, prune_baseline, write_baseline, levels(unsafe_fixes), fix)
    status = 2 if run.errors else 1 if fails(run.findings, fail_on.value) and not exit_zero else 0
    _refuse_checked(outputs, run.checked)
    from goallint.report import chunks

    for fmt, target in outputs:
        stream_color = target is None and _use_color(color)
        pieces = chunks(
            fmt, run, lang=lang.value, fail_on=fail_on.value, exit_code=status, color=stream_color,
            show_source=not no_source, quiet=quiet, statistics=statistics, extra=extra,
        )
        _write_output(pieces, target)
    _job_summary(run)
    _warn(run.warnings)
    if not quiet:
        for note in run.notes:
            _echo_err(f"goallint: {note}")
    for error in run.errors:
        _echo_err(f"goallint: {error}")
    raise typer.Exit(status)


def _outputs(formats: Optional[List[str]], output_file: Optional[Path], paths: List[str]) -> list[tuple[str, Optional[Path]]]:
    """``--format NAME[:FILE]`` (repeatable) and ``-o FILE`` as (format, file or None for stdout).

    A format without a file goes to ``-o`` (or stdout); at most one output per destination.  Files
    are refused before anything is checked when they are a checked file, a folder or a device.
    """
    from goallint.report import FORMATS

    outputs: list[tuple[str, Optional[Path]]] = []
    for value in formats or ["text"]:
        name, colon, file = value.partition(":")  # sarif:C:\\x.sarif keeps its drive letter
        name = name.strip().lower()
        if name not in FORMATS:
            raise UsageError(f"没有这种输出格式：{name}（可用：{'、'.join(FORMATS)}）/ no such output format: {name} (choose from {', '.join(FORMATS)})")
        if colon and not file:
            raise UsageError(f"--format {value}：冒号后要写文件名 / --format {value}: a file name must follow the colon")
        outputs.append((name, Path(file) if file else output_file))
    seen: dict = {}
    for name, target in outputs:
        key = "-" if target is None else str(target.resolve())
        if key in seen:
            zh, en = ("标准输出", "standard output") if target is None else (str(target), str(target))
            raise UsageError(
                f"输出格式 {seen[key]} 和 {name} 都写到{zh}：每种格式写到不同的地方（如 --format {name}:文件名）/ "
                f"formats {seen[key]} and {name} both go to {en}: give each its own (such as --format {name}:FILE)"
            )
        seen[key] = name
    for _, target in outputs:
        if target is not None:
            _refuse_checked([(None, target)], [p for p in paths if p != "-"])
            try:
                from goallint.fileio import check_target

                check_target(target, overwrite=True)
            except OSError as exc:
                raise _output_error(target, exc) from None
    return outputs


def _refuse_checked(outputs, checked) -> None:
    """An output file is never a file being checked."""
    for _, target in outputs:
        if target is not None and any(_same_file(target, Path(file)) for file in checked):
            raise UsageError(f"{target} 是要检查的文件，不能写入报告 / {target} is a checked file: not writing a report over it")


def _use_color(mode: ColorMode) -> bool:
    from goallint.report.text import use_color

    return use_color(sys.stdout, mode.value)


def _write_output(pieces, target: Optional[Path]) -> None:
    """To stdout as the pieces come, or to a file, written whole or not at all (UTF-8)."""
    if target is None:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    from goallint.fileio import write_text_atomic

    try:
        write_text_atomic(target, "".join(pieces), overwrite=True)
    except OSError as exc:
        raise _output_error(target, exc) from None


def _job_summary(run) -> None:
    """In GitHub Actions, append the Markdown summary to $GITHUB_STEP_SUMMARY (the runner's file for it)."""
    import os

    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if os.environ.get("GITHUB_ACTIONS") != "true" or not target:
        return
    from goallint.report import jobsummary

    text = jobsummary.render(run.findings, run.files, run.departments, run.rules, run.suppressed, run.errors)
    try:
        with open(target, "a", encoding="utf-8") as stream:  # appended, as every step's summary is
            stream.write(text)
    except OSError as exc:
        _echo_err(f"goallint: 警告 / warning: 写不了作业摘要 {target}：{exc.strerror or exc} / cannot write the job summary")


def _check_adoption_flags(paths, baseline, write_baseline, prune_baseline: bool, fix: bool, diff: bool) -> None:
    """Refuse combinations of the baseline and fix flags that cannot mean anything (exit status 2)."""
    if write_baseline is not None:
        if baseline is not None or prune_baseline:
            raise UsageError("--write-baseline 不能与 --baseline、--prune-baseline 同用 / --write-baseline goes without --baseline and --prune-baseline")
        if write_baseline.suffix.lower() != ".json":
            raise UsageError(f"基线文件应以 .json 结尾：{write_baseline} / a baseline file ends in .json: {write_baseline}")
    if fix and list(paths) == ["-"] and not diff:
        raise UsageError("--fix 不能改写标准输入；用 --diff 查看修改 / --fix cannot rewrite stdin: use --diff")


def _finish_diff(run) -> None:
    """``--diff``: the diffs on stdout, what they would fix on stderr; exit 1 when anything would change."""
    for text in run.diffs:
        sys.stdout.write(text)
    from goallint.report.text import _plural

    n, files = run.fixed, len(run.diffs)
    _echo_err(f"goallint: 将修改 {n} 个问题（{files} 个文件），没有写入任何文件 / would fix {_plural(n, 'problem')} in {_plural(files, 'file')}; nothing was written")
    for line in [*run.notes, *run.errors]:
        _echo_err(f"goallint: {line}")
    raise typer.Exit(2 if run.errors else 1 if run.diffs else 0)


def _baseline_outcome(run, prune: bool, write_baseline, fixes, fixing: bool):
    """Write the baseline (--write-baseline) or report and prune what no longer occurs; the summary's counts."""
    from goallint.baseline import describe
    from goallint.report.text import Extra

    if write_baseline is not None:
        if not run.errors:
            _write_file(write_baseline, run.recorder.text())
            _echo_err(f"goallint: 已把 {run.baselined} 个问题写入基线 {write_baseline} / wrote {run.baselined} findings to the baseline {write_baseline}")
        else:
            run.errors.append(f"检查未完成，没有写基线 {write_baseline} / checking was incomplete: the baseline {write_baseline} was not written")
        return Extra(baselined=run.baselined, fixed=run.fixed, fixes=fixes, fixing=fixing)
    if prune and not run.baselines:
        raise UsageError("--prune-baseline 需要基线：用 --baseline 文件，或在配置中写 baseline: / --prune-baseline needs a baseline")
    stale = 0
    for baseline in run.baselines.values():
        entries = baseline.stale()
        stale += sum(n for _, n in entries)
        if prune and entries and not run.errors:
            from goallint.baseline import render

            _write_file(baseline.path, render(baseline.pruned()))
            run.notes.append(f"已从基线 {baseline.path} 删去 {sum(n for _, n in entries)} 个不再出现的问题 / dropped {sum(n for _, n in entries)} entries from the baseline {baseline.path}")
        elif not prune:
            run.notes += [f"基线 {baseline.path} 中的问题已不再出现 / no longer found: {describe(key)}" for key, _ in entries]
    return Extra(baselined=run.baselined, stale=stale, pruned=prune and not run.errors, fixed=run.fixed, fixes=fixes, fixing=fixing)


def _write_file(path: Path, text: str) -> None:
    from goallint.fileio import write_text_atomic

    try:
        write_text_atomic(path, text, overwrite=True)
    except OSError as exc:
        raise _output_error(path, exc) from None


def _echo_err(line: str) -> None:
    """One line on stderr; what came from the checked files is shown with visible escapes."""
    from goallint.report.text import visible

    typer.echo(visible(line), err=True)


def _prepare(config: Optional[Path], packs: Optional[List[Path]], **choices):
    """The configuration (given, found, or defaults), the packs and the chosen rules."""
    from goallint.session import prepare

    return prepare(config, packs=packs or (), **choices)


def _warn(lines: list[str]) -> None:
    for line in lines:
        _echo_err(f"goallint: 警告 / warning: {line}")


@app.command("clean")
def clean_cache():
    """删除结果缓存 / remove the result cache."""
    from goallint import cache

    root = cache.cache_root()
    removed = cache.clean(root)
    typer.echo(f"已删除缓存 {root}（{len(removed)} 项）/ removed the cache at {root} ({len(removed)} entries)" if removed else f"没有缓存 {root} / no cache at {root}")


@app.command("rules")
def list_rules(
    lang: Lang = typer.Option(Lang.zh, "--lang", envvar="GOALLINT_LANG", help="语言 / language"),
    output_format: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="输出格式 / output format"),
    config: Optional[Path] = CONFIG_OPTION,
    pack: Optional[List[Path]] = PACK_OPTION,
    frames: bool = typer.Option(False, "--frames", help="列出指标体系，而不是规则 / list the indicator frames instead"),
):
    """列出全部规则 / list every rule."""
    catalog = _prepare(config, pack).catalog
    if frames:
        for name, frame in sorted(catalog.frames.items()):
            mark = "*" if name == catalog.default_frame else " "
            typer.echo(f"{mark} {name}  {frame.title.get(lang.value) or frame.title['zh']}")
        return
    rules = catalog.rules
    if output_format is ListFormat.json:
        import json
        from dataclasses import asdict

        from goallint.public import rule_infos

        typer.echo(json.dumps([asdict(r) for r in rule_infos(rules, lang.value)], ensure_ascii=False, indent=2))
        return
    if output_format is ListFormat.markdown:
        from goallint.explain import render_catalog

        typer.echo(render_catalog(rules, lang.value), nl=False)
        return
    from goallint.report.text import SEVERITY_LABEL, display_width

    labels = SEVERITY_LABEL[lang.value]
    width = max(len(r.slug) for r in rules)
    sev_width = max(display_width(v) for v in labels.values())
    for r in rules:
        sev = labels[r.severity]
        status = "" if r.status == "stable" else f" [{r.status}]"
        typer.echo(f"{r.code}  {r.slug.ljust(width)}  {sev}{' ' * (sev_width - display_width(sev))}  {r.text('summary', lang.value)}{status}")


@app.command()
def explain(
    rule: str = typer.Argument(..., help="规则名称或编码，如 grand-total 或 GL103 / a rule's slug or code", show_default=False),
    lang: Lang = typer.Option(Lang.zh, "--lang", envvar="GOALLINT_LANG", help="语言 / language"),
    config: Optional[Path] = CONFIG_OPTION,
    pack: Optional[List[Path]] = PACK_OPTION,
):
    """显示一条规则的说明 / show a rule's documentation."""
    from goallint.explain import render_rule

    catalog = _prepare(config, pack).catalog
    found = catalog.find(rule)
    if found is None:
        raise UsageError(f"没有这条规则：{rule}（运行 goallint rules 查看全部规则）/ no such rule: {rule}")
    typer.echo(render_rule(found, lang.value), nl=False)
    _warn(catalog.warnings)


@app.command("test-pack")
def test_pack(
    folder: Path = typer.Argument(..., help="规则包目录（有 pack.yaml 的目录）/ the rule pack folder", show_default=False),
    lang: Lang = typer.Option(Lang.zh, "--lang", envvar="GOALLINT_LANG", help="语言 / language"),
):
    """运行规则包自带的测试用例 / run a rule pack's own test cases."""
    from goallint.packs import load_catalog, load_pack
    from goallint.packtest import coverage_problems, run_pack_cases

    pack = load_pack(folder, origin="command line", allow_code=True)
    catalog = load_catalog([pack.folder], installed=False)
    results = run_pack_cases(catalog, pack.name)
    failed = [r for r in results if not r.passed]
    for r in failed:
        typer.echo(f"失败 FAIL {r.rule.slug}（{r.rule.source}）用例 case「{r.name}」")
        for line in r.problems:
            typer.echo(f"  - {line}")
    gaps = coverage_problems(catalog, pack.name)
    for line in gaps:
        typer.echo(f"缺少 MISSING {line}")
    rules = sum(1 for r in catalog.rules if r.pack == pack.name)
    if lang is Lang.en:
        typer.echo(f"pack {pack.name}: {rules} rules, {len(results)} cases, {len(failed)} failed, {len(gaps)} coverage gaps")
    else:
        typer.echo(f"规则包 {pack.name}：{rules} 条规则，{len(results)} 个用例，{len(failed)} 个失败，{len(gaps)} 处缺少用例")
    raise typer.Exit(1 if failed or gaps or not results else 0)


def _import_findings(problems, source: str, lang: str):
    """Import problems as findings, so they print like ``check``'s."""
    from goallint.document import Span
    from goallint.engine import Finding
    from goallint.packs import builtin_catalog

    catalog = builtin_catalog()
    findings = []
    for p in problems:
        rule = catalog.find(p.slug)
        file = f"{source}[{p.sheet}]" if p.sheet else source
        findings.append(
            Finding(file, Span(p.line, p.column, p.line, p.column + 1), rule.code, rule.slug, rule.severity, p.en if lang == "en" else p.zh, ())
        )
    findings.sort(key=lambda f: (f.file, f.span.line, f.span.column))
    return findings


def _refuse_overwrite(path: Path, force: bool, source: Optional[Path] = None) -> None:
    """Refuse an output path before any work is done (see :func:`goallint.fileio.check_target`).

    Never the input file itself, not even with ``--force``; never a folder, device, pipe
    or socket.  The write is still atomic and no-clobber on its own: this check only
    makes the usual refusals come first.
    """
    from goallint.fileio import check_target

    if source is not None and _same_file(path, source):
        raise UsageError(f"{path} 就是输入文件，不能覆盖 / {path} is the input file: not overwriting it")
    try:
        check_target(path, force)
    except OSError as exc:
        raise _output_error(path, exc) from None


def _same_file(a: Path, b: Path) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _output_error(path: Path, exc: OSError) -> UsageError:
    """The one-line message for an output file goallint will not or cannot write."""
    from goallint import fileio

    if isinstance(exc, fileio.DanglingSymlinkError):
        return UsageError(
            f"{path} 是指向不存在文件的符号链接：加 --force 才写到它指向的位置 / "
            f"{path} is a symbolic link to nothing: use --force to write where it points"
        )
    if isinstance(exc, FileExistsError):
        return UsageError(f"{path} 已存在：加 --force 覆盖 / {path} exists: use --force to overwrite")
    if isinstance(exc, IsADirectoryError):
        return UsageError(f"{path} 是目录：-o 要给出文件名 / {path} is a folder: -o needs a file name")
    if isinstance(exc, fileio.NotRegularFileError):
        return UsageError(
            f"{path} 不是普通文件（设备、管道或套接字），不写入，加 --force 也不写 / "
            f"{path} is not a regular file (a device, pipe or socket): not writing to it, not even with --force"
        )
    if isinstance(exc, fileio.MissingFolderError):
        return UsageError(f"输出目录 {exc.filename} 不存在 / the output folder {exc.filename} does not exist")
    reason = exc.strerror or str(exc)
    return UsageError(f"写不了文件 {path}：{reason} / cannot write {path}: {reason}")


def _read_input(source: str) -> bytes:
    """The bytes to import: a regular file or stdin, at most the import limit."""
    from goallint.fileio import FileTooLargeError, NotRegularFileError, read_bytes_limited, read_stream_limited
    from goallint.importers import too_large
    from goallint.importers.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.input_bytes
    try:
        if source == "-":
            return read_stream_limited(sys.stdin.buffer, limit)
        return read_bytes_limited(source, limit)
    except FileTooLargeError:
        zh, en = too_large("标准输入", DEFAULT_LIMITS, "stdin") if source == "-" else too_large(source, DEFAULT_LIMITS)
        raise UsageError(f"{zh} / {en}") from None
    except IsADirectoryError:
        raise UsageError(f"{source} 是目录，不是要导入的文件 / {source} is a folder, not a file to import") from None
    except NotRegularFileError:
        raise UsageError(
            f"{source} 不是普通文件（设备、管道或套接字），不能导入；从管道读取请用 - / "
            f"{source} is not a regular file (a device, pipe or socket); to read from a pipe use -"
        ) from None
    except OSError as exc:
        raise UsageError(f"读不了文件 {source}：{exc.strerror or exc} / cannot read {source}") from None


def _failure_line(exc, lang: Lang) -> str:
    """An ImportFailure as one line: Chinese / English, or English only with --lang en."""
    return exc.en if lang is Lang.en else f"{exc.zh} / {exc.en}"


@app.command("import")
def import_table(
    source: str = typer.Argument(..., help="公开表：PDF、从 PDF 提取的文本或 Excel（.xlsx）；- 表示标准输入", show_default=False),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写入此 YAML 文件（不写则输出到标准输出）/ write the YAML here"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的输出文件 / overwrite an existing output file"),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="导入问题的输出格式 / format of the import findings"),
    lang: Lang = typer.Option(Lang.zh, "--lang", envvar="GOALLINT_LANG", help="消息语言 / message language"),
    fail_on: Level = typer.Option(Level.error, "--fail-on", help="达到此级别的导入问题使退出码为 1 / exit 1 at or above this level"),
):
    """把公开表导入为 YAML / import a published table (PDF, its text, Excel) as YAML."""
    from goallint.dump import dump_table, write_text_atomic
    from goallint.engine import fails
    from goallint.importers import ImportFailure, read_source

    if output is not None:
        _refuse_overwrite(output, force, None if source == "-" else Path(source))
    data = _read_input(source)
    try:
        result = read_source(data, "标准输入" if source == "-" else source)
    except ImportFailure as exc:
        raise UsageError(_failure_line(exc, lang)) from None
    text = dump_table(result.table)
    findings = _import_findings(result.problems, source, lang.value)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        report_stream = sys.stderr
    else:
        try:
            write_text_atomic(output, text, overwrite=force)  # never clobbers without --force, even in a race
        except OSError as exc:
            raise _output_error(output, exc) from None
        report_stream = sys.stdout
    if findings or output is not None:
        is_text = not data.startswith((b"%PDF-", b"PK"))
        lines = {source: dict(enumerate(data.decode("utf-8-sig", errors="replace").splitlines(), start=1))} if is_text else {}
        from goallint.packs import builtin_catalog

        from goallint.report import render
        from goallint.report.text import use_color
        from goallint.runner import Run

        imported = Run(findings=findings, files=1, sources=lines, rules=builtin_catalog().rules, checked=[source])
        report_stream.write(render(output_format.value, imported, lang=lang.value, color=use_color(report_stream, "auto")))
    raise typer.Exit(1 if fails(findings, fail_on.value) else 0)


@app.command("export")
def export_table(
    table: Path = typer.Argument(..., help="要导出的 YAML 表 / the YAML table", show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="写入此 Excel 文件（.xlsx）/ the workbook to write"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的输出文件 / overwrite an existing output file"),
    lang: Lang = typer.Option(Lang.zh, "--lang", envvar="GOALLINT_LANG", help="检查结果的语言 / language of the findings"),
    config: Optional[Path] = CONFIG_OPTION,
    pack: Optional[List[Path]] = PACK_OPTION,
):
    """把 YAML 表导出为 Excel，附检查结果 / export a table to Excel, with the findings of check."""
    from goallint.document import format_path, load_path
    from goallint.engine import lint
    from goallint.export import excel_safe, export_workbook, unwritable
    from goallint.importers import ImportFailure

    _refuse_overwrite(output, force, table)
    try:
        doc = load_path(table)
    except OSError as exc:
        raise UsageError(f"读不了文件 {table}：{exc.strerror or exc} / cannot read {table}")
    if not isinstance(doc.data, dict):
        raise UsageError(f"{table} 不是可读的表格，先运行 goallint check {table} / {table} is not a readable table: run goallint check first")
    from goallint.report.text import SEVERITY_LABEL

    session = _prepare(config, pack)
    findings = lint(doc, session.rules, lang.value).findings
    rows = [f.as_dict() | {"severity": SEVERITY_LABEL[lang.value][f.severity]} for f in findings]
    try:
        export_workbook(doc.data, output, rows, overwrite=force)
    except ImportFailure as exc:
        raise UsageError(_failure_line(exc, lang)) from None
    except OSError as exc:
        raise _output_error(output, exc) from None
    typer.echo(f"已写入 {output}（{len(findings)} 个检查结果）/ wrote {output} ({len(findings)} findings)")
    for path, characters in unwritable(doc.data):
        # say where a cell shows an escape instead of the text
        span, where = doc.locate(path), format_path(path)
        codes = ", ".join(f"U+{ord(c):04X}" for c in characters)
        shown = " ".join(excel_safe(c) for c in characters)
        typer.echo(
            f"{doc.file}:{span.line}:{span.column}: 注意：{where} 含有 Excel 单元格不能保存的字符 {codes}，已写成 {shown} / "
            f"note: {where} holds characters an Excel cell cannot store ({codes}), written as {shown}",
            err=True,
        )


def _streams() -> None:
    """Output never crashes on the console's encoding: pipes and files get UTF-8; a console that
    cannot show a character gets an escape for it (GBK consoles on Chinese Windows)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="backslashreplace")
            else:
                reconfigure(encoding="utf-8", errors="backslashreplace")
        except (ValueError, OSError):
            pass


def main() -> None:
    """Entry point: every error ends in one line on stderr and exit status 2, never a traceback."""
    from goallint.catalog import RuleFileError

    _streams()
    try:
        app()  # exits through SystemExit with the command's status; usage errors exit 2
    except SystemExit:
        raise
    except (UsageError, RuleFileError) as exc:
        _echo_err(f"goallint: {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # anything unforeseen: one line, not a traceback
        _echo_err(f"goallint: 内部错误 / internal error: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
        sys.exit(2)
