"""Which files a check looks at: named files, and YAML files under named folders.

* Folders are walked without following symbolic links; hidden folders and files ignored by
  ``.gitignore`` (any ``.gitignore`` from the repository root down) are skipped; a symbolic link
  to a file is checked only when it stays inside the folder being walked.
* A named file must be a regular file: FIFOs, devices and sockets are refused with one line
  (reading a FIFO would block forever); a named symbolic link must stay inside the current folder.
* A folder that cannot be listed is an error, never silence.
* ``goallint.yaml`` / ``.goallint.yaml`` are configuration, not tables.

Exclusion by configuration (``exclude:``, gitignore-style patterns through ``pathspec``) is
applied by the caller, per file, with the configuration that governs it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("goallint.yaml", ".goallint.yaml")


@dataclass(frozen=True)
class Candidate:
    path: Path  # as it will be opened
    display: str  # as it is shown
    named: bool  # given on the command line (not found in a folder)


@dataclass
class Discovery:
    files: list[Candidate] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each; exit status 2
    notes: list[str] = field(default_factory=list)  # one line each; informational


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def _regular(path: Path) -> tuple[str, str] | None:
    """None for a regular file, else why it is refused (Chinese, English)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return exc.strerror or str(exc), exc.strerror or str(exc)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "是目录", "is a folder"
    if stat.S_ISFIFO(mode):
        return "是命名管道（FIFO），不是普通文件", "is a FIFO, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备，不是普通文件", "is a device, not a regular file"
    return "不是普通文件", "is not a regular file"


def _refused(shown: str, why: tuple[str, str]) -> str:
    return f"{shown} {why[0]}，已拒绝 / {shown} {why[1]}: refused"


class _Ignore:
    """The ``.gitignore`` files that apply inside one walk: the repository's, from its root down."""

    def __init__(self, root: Path, enabled: bool):
        self.enabled = enabled
        self.specs: list[tuple[Path, object]] = []
        if not enabled:
            return
        top = root.resolve()
        chain = [top]
        for parent in top.parents:
            chain.append(parent)
            if (parent / ".git").exists():
                break
        else:
            chain = [top]  # not in a repository: only the walk's own .gitignore files count
        for folder in reversed(chain[1:]):
            self.add(folder)

    def add(self, folder: Path) -> None:
        if not self.enabled:
            return
        ignore = folder / ".gitignore"
        try:
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        import pathspec

        self.specs.append((folder.resolve(), pathspec.GitIgnoreSpec.from_lines(lines)))

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        target = path.resolve() if not path.is_symlink() else path.parent.resolve() / path.name
        for base, spec in self.specs:
            try:
                relative = target.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(relative + ("/" if is_dir else "")):
                return True
        return False


def discover(paths: list[str], *, respect_gitignore: bool = True) -> Discovery:
    """The files to check, in a stable order, with one-line errors and notes."""
    out = Discovery()
    seen: set[Path] = set()

    def add(candidate: Candidate) -> None:
        key = candidate.path.resolve()
        if key not in seen:
            seen.add(key)
            out.files.append(candidate)

    here = Path.cwd()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            out.errors.append(f"找不到文件或目录：{raw} / no such file or directory: {raw}")
            continue
        if path.is_dir() and not path.is_symlink():
            _walk(path, raw, out, add, respect_gitignore)
            continue
        if path.is_symlink() and not _inside(path, here):
            out.errors.append(f"{raw} 是指向当前目录之外的符号链接，已拒绝 / {raw} is a symbolic link out of the current folder: refused")
            continue
        why = _regular(path)
        if why is not None:
            if path.is_dir():  # a symbolic link to a folder named on the command line: walk it
                _walk(path, raw, out, add, respect_gitignore)
                continue
            out.errors.append(_refused(raw, why))
            continue
        add(Candidate(path, raw, True))
    return out


def _walk(root: Path, raw: str, out: Discovery, add, respect_gitignore: bool) -> None:
    ignore = _Ignore(root, respect_gitignore)
    found: list[Path] = []

    def failed(exc: OSError) -> None:
        where = exc.filename or raw
        out.errors.append(f"读不了目录 {where}：{exc.strerror or exc} / cannot read folder {where}")

    for folder, dirnames, filenames in os.walk(root, onerror=failed, followlinks=False):
        base = Path(folder)
        ignore.add(base)
        keep = []
        for name in sorted(dirnames):
            sub = base / name
            if name.startswith(".") or ignore.ignored(sub, is_dir=True):
                continue
            if sub.is_symlink():
                out.notes.append(f"跳过 {sub}：符号链接的目录不跟随 / skipped {sub}: symbolic links to folders are not followed")
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = base / name
            if not name.lower().endswith(YAML_SUFFIXES) or name in CONFIG_NAMES or name.startswith("."):
                continue
            if ignore.ignored(path):
                continue
            if path.is_symlink() and not _inside(path, root):
                out.notes.append(f"跳过 {path}：符号链接指向检查目录之外 / skipped {path}: the symbolic link leaves the checked folder")
                continue
            why = _regular(path)
            if why is not None:
                out.errors.append(_refused(str(path), why))
                continue
            found.append(path)
    for path in sorted(found):
        add(Candidate(path, str(path), False))
