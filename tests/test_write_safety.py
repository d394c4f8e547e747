"""Writes that never clobber, reads that never block (issue 7): fileio and the import/export CLI.

The command-line reproducers run in their own process under the memory limit of
test_import_limits; each asserts the exact one-line refusal, the exit status, and
that nothing was written, replaced or left behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
import threading

import pytest

from conftest import EXAMPLE, SOURCE, example_findings
from goallint import fileio
from goallint.fileio import (
    DanglingSymlinkError,
    FileTooLargeError,
    MissingFolderError,
    NotRegularFileError,
    check_target,
    read_bytes_limited,
    write_bytes_atomic,
)
from test_import_limits import _bounded, one_line_error, run_bounded

EXISTS = "goallint: new.yaml 已存在：加 --force 覆盖 / new.yaml exists: use --force to overwrite"


def names(folder) -> list[str]:
    return sorted(os.listdir(folder))


# ---------------------------------------------------------------- no clobbering, in a race


def test_eight_parallel_imports_to_one_new_path_one_wins(tmp_path):
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("GOALLINT_LANG", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "goallint", "import", str(SOURCE), "-o", "new.yaml"],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_bounded,
        )
        for _ in range(8)
    ]
    results = [(p.wait(), *p.communicate()) for p in procs]
    assert sorted(status for status, _, _ in results) == [0] + [2] * 7
    refusals = [err.decode() for status, _, err in results if status == 2]
    assert refusals == [EXISTS + "\n"] * 7
    assert (tmp_path / "new.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert names(tmp_path) == ["new.yaml"]


def test_the_last_step_is_atomic_when_eight_writers_pass_the_check_together(tmp_path, monkeypatch):
    """All eight pass check_target (the file does not exist yet) and meet at os.link: one wins."""
    target = tmp_path / "new.yaml"
    barrier = threading.Barrier(8)
    real_link = os.link

    def link_together(src, dst):
        barrier.wait()
        real_link(src, dst)

    monkeypatch.setattr(os, "link", link_together)
    outcomes: dict[int, str] = {}

    def write(i: int) -> None:
        try:
            write_bytes_atomic(target, f"writer {i}\n".encode(), overwrite=False)
            outcomes[i] = "written"
        except FileExistsError:
            outcomes[i] = "refused"

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for i, outcome in outcomes.items() if outcome == "written"]
    assert len(winners) == 1 and sorted(outcomes.values()) == ["refused"] * 7 + ["written"]
    assert target.read_text() == f"writer {winners[0]}\n"
    assert names(tmp_path) == ["new.yaml"]


def test_without_hard_links_a_new_file_is_created_exclusively(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "new.yaml"
    write_bytes_atomic(target, b"first\n", overwrite=False)
    with pytest.raises(FileExistsError):
        write_bytes_atomic(target, b"second\n", overwrite=False)
    assert target.read_bytes() == b"first\n"
    assert names(tmp_path) == ["new.yaml"]


# ---------------------------------------------------------------- temporary files


def test_an_interrupt_leaves_the_target_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "dept.yaml"
    target.write_bytes(b"keep\n")

    def interrupted(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_bytes_atomic(target, b"new\n")
    with monkeypatch.context() as m:
        m.setattr(os, "link", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_bytes_atomic(tmp_path / "other.yaml", b"new\n", overwrite=False)
    assert target.read_bytes() == b"keep\n"
    assert names(tmp_path) == ["dept.yaml"]


def test_a_temporary_file_is_hidden_and_says_whose_it_is(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_bytes_atomic(tmp_path / "dept.yaml", b"x\n")
    assert re.fullmatch(r"\.dept\.yaml\.goallint-[0-9a-f]{12}\.tmp", seen[0]), seen
    # a long Chinese name (240 bytes) still leaves room for the temporary name's suffix
    long_name = "很" * 80 + ".yaml"
    write_bytes_atomic(tmp_path / long_name, b"y\n")
    assert (tmp_path / long_name).read_bytes() == b"y\n"
    assert seen[1].startswith("." + "很" * 33 + fileio.TEMP_MARK)


# ---------------------------------------------------------------- what may be written


def test_check_target_names_each_refusal(tmp_path):
    (tmp_path / "file.yaml").write_text("x")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling.yaml").symlink_to("nowhere.yaml")
    (tmp_path / "to-fifo").symlink_to("fifo")
    check_target(tmp_path / "new.yaml", overwrite=False)
    check_target(tmp_path / "file.yaml", overwrite=True)
    check_target(tmp_path / "dangling.yaml", overwrite=True)
    for path, overwrite, error in [
        ("file.yaml", False, FileExistsError),
        ("dangling.yaml", False, DanglingSymlinkError),
        ("folder", True, IsADirectoryError),
        ("fifo", True, NotRegularFileError),
        ("to-fifo", True, NotRegularFileError),
        ("no/such/folder.yaml", True, MissingFolderError),
    ]:
        with pytest.raises(error):
            check_target(tmp_path / path, overwrite)


def test_reads_refuse_what_is_not_a_regular_file_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "fifo")  # no writer: a blocking open would wait forever
    with pytest.raises(NotRegularFileError):
        read_bytes_limited(tmp_path / "fifo", 100)
    with pytest.raises(NotRegularFileError):
        read_bytes_limited("/dev/zero", 100)
    with pytest.raises(IsADirectoryError):
        read_bytes_limited(tmp_path, 100)
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(FileTooLargeError):
        read_bytes_limited(tmp_path / "big", 100)
    assert read_bytes_limited(tmp_path / "big", 101) == b"x" * 101


# ---------------------------------------------------------------- the command line


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "x.txt").write_bytes(SOURCE.read_bytes())
    return tmp_path


def test_a_dangling_symlink_is_written_through_only_with_force(folder):
    (folder / "new.yaml").symlink_to("elsewhere.yaml")
    assert one_line_error(run_bounded("import", "x.txt", "-o", "new.yaml", cwd=folder)) == (
        "goallint: new.yaml 是指向不存在文件的符号链接：加 --force 才写到它指向的位置 / "
        "new.yaml is a symbolic link to nothing: use --force to write where it points"
    )
    assert names(folder) == ["new.yaml", "x.txt"]
    assert run_bounded("import", "x.txt", "-o", "new.yaml", "--force", cwd=folder).returncode == 0
    assert os.readlink(folder / "new.yaml") == "elsewhere.yaml"
    assert (folder / "elsewhere.yaml").read_bytes() == EXAMPLE.read_bytes()


def device_node(path) -> None:
    """A character device at ``path``: a node like /dev/null where we may make one, else a link to /dev/null."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except (PermissionError, AttributeError, OSError):
        os.symlink("/dev/null", path)  # without the privilege: the same device, reached through a link


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_force_never_replaces_a_device_or_a_fifo(folder, kind):
    node = folder / "out"
    device_node(node) if kind == "device" else os.mkfifo(node)
    before = os.lstat(node)
    for command in (["import", "x.txt"], ["export", str(EXAMPLE)]):
        assert one_line_error(run_bounded(*command, "-o", "out", "--force", cwd=folder)) == (
            "goallint: out 不是普通文件（设备、管道或套接字），不写入，加 --force 也不写 / "
            "out is not a regular file (a device, pipe or socket): not writing to it, not even with --force"
        )
    after = os.lstat(node)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)


def test_force_never_overwrites_the_source_itself(folder):
    os.link(folder / "x.txt", folder / "same.txt")
    for output in ("x.txt", str(folder / "x.txt"), "same.txt"):  # by name, by absolute path, by a hard link
        assert one_line_error(run_bounded("import", "x.txt", "-o", output, "--force", cwd=folder)) == (
            f"goallint: {output} 就是输入文件，不能覆盖 / {output} is the input file: not overwriting it"
        )
    assert (folder / "x.txt").read_bytes() == SOURCE.read_bytes()
    (folder / "t.yaml").write_bytes(EXAMPLE.read_bytes())
    assert one_line_error(run_bounded("export", "t.yaml", "-o", "t.yaml", "--force", cwd=folder)) == (
        "goallint: t.yaml 就是输入文件，不能覆盖 / t.yaml is the input file: not overwriting it"
    )
    assert (folder / "t.yaml").read_bytes() == EXAMPLE.read_bytes()
    assert names(folder) == ["same.txt", "t.yaml", "x.txt"]


def test_a_missing_output_folder_or_a_folder_as_output_is_one_line(folder):
    (folder / "out").mkdir()
    assert one_line_error(run_bounded("import", "x.txt", "-o", "no/dept.yaml", cwd=folder)) == (
        "goallint: 输出目录 no 不存在 / the output folder no does not exist"
    )
    assert one_line_error(run_bounded("export", str(EXAMPLE), "-o", "no/dept.xlsx", cwd=folder)) == (
        "goallint: 输出目录 no 不存在 / the output folder no does not exist"
    )
    assert one_line_error(run_bounded("import", "x.txt", "-o", "out", "--force", cwd=folder)) == (
        "goallint: out 是目录：-o 要给出文件名 / out is a folder: -o needs a file name"
    )
    assert names(folder) == ["out", "x.txt"] and names(folder / "out") == []


def test_sources_that_are_not_regular_files_or_too_large_are_refused_unread(folder):
    assert one_line_error(run_bounded("import", "/dev/zero", cwd=folder)) == (
        "goallint: /dev/zero 不是普通文件（设备、管道或套接字），不能导入；从管道读取请用 - / "
        "/dev/zero is not a regular file (a device, pipe or socket); to read from a pipe use -"
    )
    assert one_line_error(run_bounded("import", ".", cwd=folder)) == (
        "goallint: . 是目录，不是要导入的文件 / . is a folder, not a file to import"
    )
    assert one_line_error(run_bounded("import", "-", cwd=folder, stdin=bytes(64 << 20) + b"x")) == (
        "goallint: 标准输入 大于导入上限 64 MiB，未导入 / stdin is larger than the import limit of 64 MiB; not imported"
    )


def test_export_escapes_control_characters_visibly_and_says_so(folder):
    import openpyxl
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.startswith("表名: 项目支出绩效目标表（含转移支付项目）\n")
    (folder / "t.yaml").write_text('表名: "项目\\x01支出\\x1b[2J"\n' + text.split("\n", 1)[1], encoding="utf-8")
    proc = run_bounded("export", "t.yaml", "-o", "t.xlsx", cwd=folder)
    assert proc.returncode == 0
    n = len(example_findings())
    assert proc.stdout.decode() == f"已写入 t.xlsx（{n} 个检查结果）/ wrote t.xlsx ({n} findings)\n"
    assert proc.stderr.decode() == (
        "t.yaml:1:5: 注意：表名 含有 Excel 单元格不能保存的字符 U+0001, U+001B，已写成 \\x01 \\x1b / "
        "note: 表名 holds characters an Excel cell cannot store (U+0001, U+001B), written as \\x01 \\x1b\n"
    )
    assert openpyxl.load_workbook(folder / "t.xlsx")["绩效目标表"]["A1"].value == "项目\\x01支出\\x1b[2J"
