"""File I/O for what goallint imports and writes.

Writes replace a file whole or not at all, and never clobber what the user did not
ask to replace: a new file is published with a hard link (atomic: it fails if the
name exists, whoever created it a moment ago), an existing one only with
``overwrite=True``, and never a device, pipe, socket or folder.
Reads take only regular files, up to a size limit, and never block on a FIFO.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = [
    "TEMP_MARK",
    "DanglingSymlinkError",
    "FileTooLargeError",
    "MissingFolderError",
    "NotRegularFileError",
    "check_target",
    "read_bytes_limited",
    "read_stream_limited",
    "write_bytes_atomic",
    "write_text_atomic",
]

# Temporary files are named ".<target name>.goallint-<random>.tmp": hidden, and recognisable
# as goallint's if a killed writer leaves one behind.
TEMP_MARK = ".goallint-"

_BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFileError(OSError):
    """The path is a device, a FIFO or a socket, not a regular file."""


class DanglingSymlinkError(FileExistsError):
    """The path is a symbolic link to nothing: writing would create a file wherever it points."""


class MissingFolderError(FileNotFoundError):
    """The folder the file should go in does not exist."""


class FileTooLargeError(OSError):
    """A file or stream is larger than the limit it is read with."""


# ---------------------------------------------------------------- reading


def read_bytes_limited(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened non-blocking and checked with ``fstat`` before anything is
    read, so a FIFO without a writer does not block and ``/dev/zero`` is not read:
    raises :class:`IsADirectoryError`, :class:`NotRegularFileError`,
    :class:`FileTooLargeError`, or the ``OSError`` of opening or reading.
    """
    name = os.fspath(path)
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _BINARY)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(errno.EINVAL, "not a regular file", name)
        if info.st_size > limit:
            raise FileTooLargeError(errno.EFBIG, os.strerror(errno.EFBIG), name)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise FileTooLargeError(errno.EFBIG, os.strerror(errno.EFBIG), name)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_stream_limited(stream, limit: int, name: str = "<stdin>") -> bytes:
    """At most ``limit`` bytes from a binary stream (stdin); :class:`FileTooLargeError` beyond."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FileTooLargeError(errno.EFBIG, os.strerror(errno.EFBIG), name)
    return data


# ---------------------------------------------------------------- writing


def check_target(path: str | os.PathLike, overwrite: bool) -> None:
    """Raise if goallint must not write ``path``; the rules of :func:`write_bytes_atomic`.

    * a folder: :class:`IsADirectoryError`; a device, FIFO or socket (also through a
      symlink): :class:`NotRegularFileError` — with or without ``overwrite``;
    * the folder it would go in is missing: :class:`MissingFolderError`;
    * without ``overwrite``: an existing file :class:`FileExistsError`, a symlink to
      nothing :class:`DanglingSymlinkError`.

    This is the early, readable check; the write itself stays atomic (a name that
    appears after the check is still never clobbered without ``overwrite``).
    """
    name = os.fspath(path)
    try:
        os.lstat(name)
    except FileNotFoundError:
        _check_folder(name)
        return
    try:
        info = os.stat(name)
    except FileNotFoundError:
        if not overwrite:
            raise DanglingSymlinkError(errno.EEXIST, "a symbolic link to nothing", name) from None
        _check_folder(os.path.realpath(name))
        return
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(errno.EINVAL, "not a regular file", name)
    if not overwrite:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), name)


def _check_folder(name: str) -> None:
    if not os.path.isdir(os.path.dirname(os.path.abspath(name))):
        raise MissingFolderError(errno.ENOENT, "the folder does not exist", os.path.dirname(name) or os.curdir)


def write_text_atomic(path: str | os.PathLike, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`write_bytes_atomic`)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes_atomic(path: str | os.PathLike, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The data goes to a hidden temporary file in the same folder
    (``.<name>.goallint-<random>.tmp``), is flushed and fsynced, and then

    * with ``overwrite``: ``os.replace``-d over the target, which keeps its permission bits;
    * without: hard-linked to the target name, which fails with :class:`FileExistsError`
      if the name exists — even if another process created it a moment ago.  Where the
      file system has no hard links, the target is created with ``O_CREAT | O_EXCL``
      and written in place (still never clobbering; removed again if writing fails).

    :func:`check_target` is applied first: never a folder, device, FIFO or socket.
    A symlink to a file is followed (the link stays).  On any failure, including
    KeyboardInterrupt, the target is untouched and the temporary file is removed.
    """
    check_target(path, overwrite)
    target = os.path.realpath(os.fspath(path))
    directory, name = os.path.split(target)
    mode = None
    if overwrite:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            pass
    tmp = None
    try:
        tmp = _write_temporary(directory, name, data)
        if overwrite:
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, target)
            tmp = None
        else:
            _link_new(tmp, target, data)
    finally:
        if tmp is not None:
            _remove(tmp)  # after a failure, or the second name of a linked file
    _fsync_directory(directory)


def _temporary_stem(name: str, limit: int = 100) -> str:
    """``name`` cut to at most ``limit`` bytes on a character boundary (file names are at most 255 bytes)."""
    out, size = [], 0
    for ch in name:
        size += len(os.fsencode(ch))
        if size > limit:
            break
        out.append(ch)
    return "".join(out)


def _write_temporary(directory: str, name: str, data: bytes) -> str:
    stem = _temporary_stem(name)
    for _ in range(100):
        tmp = os.path.join(directory, f".{stem}{TEMP_MARK}{os.urandom(6).hex()}.tmp")
        try:
            # 0o666 minus the umask, as for any new file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
        except FileExistsError:
            continue
        break
    else:  # pragma: no cover - a hundred random names taken
        raise FileExistsError(errno.EEXIST, "no free temporary name", directory)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# errno values of a file system (or platform) without hard links
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EINVAL, getattr(errno, "EOPNOTSUPP", -1), getattr(errno, "ENOTSUP", -1)}


def _link_new(tmp: str, target: str, data: bytes) -> None:
    """Give the finished temporary file the target name, failing if the name exists."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise
    except (AttributeError, NotImplementedError):
        pass
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove(target)  # created by us just now: nobody else's file
        raise


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_directory(directory: str) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
