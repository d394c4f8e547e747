"""Check the files a run found: from the result cache, in this process, or in a pool of worker processes.

:func:`check_files` gives one partial :class:`~goallint.runner.Run` per file, in the order the
files were found, whichever way each was checked, so the report is the same byte for byte
with one process or many, with the cache or without.  Each file is checked by
``runner._check_one`` on a fresh ``Run``: an exception while checking it is that file's
error.  A worker process that dies (a crash in C code, the kernel's out-of-memory killer)
takes no other file with it: the files it may have held are checked again one at a time
in a fresh worker, and the one that kills its worker again is reported as that file's error.

Workers are forked on Linux (they inherit the prepared rule sessions); elsewhere they are
spawned and prepare the sessions themselves from the same options.  A pool is started only
when it can pay for itself: with ``--jobs N`` for two files or more, by default for two
files or more that add up to :data:`PARALLEL_BYTES`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

PARALLEL_BYTES = 256 * 1024  # below this, starting workers costs more than it saves (scripts/bench.py)
_CRASHED = "内部错误：检查 {file} 时工作进程意外退出 / internal error: the worker process checking {file} ended unexpectedly"


def cpu_count() -> int:
    """The processors this process may use."""
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counted is not None:
        return counted() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass
class Job:
    candidate: Any  # goallint.discover.Candidate
    session: Any  # goallint.session.Session
    key: str | None  # the configuration the session was prepared from (runner._Sessions.by_config)


def check_files(jobs: list[Job], sessions, lang: str, options, keep_sources: bool, *, workers: int | None, use_cache: bool) -> Iterator:
    """One partial Run per job, in order.  ``workers`` None: as many as there are processors (explicit
    numbers always use a pool for two files or more)."""
    from goallint.limits import DEFAULT_LIMITS

    results: list = [None] * len(jobs)
    warnings_of: list = [()] * len(jobs)  # what checking each file added to its catalogue's warnings
    buckets: dict = {}
    digests: dict = {}
    keep = keep_sources or use_cache
    if use_cache:
        from goallint import cache

        root = cache.cache_root()
        if not cache.prepare(root):
            use_cache = False
    if use_cache:
        for i, job in enumerate(jobs):
            bucket = _bucket(buckets, job.session, lang, options, root)
            try:
                with Path(job.candidate.path).open("rb") as stream:
                    raw = stream.read(DEFAULT_LIMITS.max_bytes + 1)
            except OSError:
                continue  # checked below, which says why it cannot be read
            digests[i] = cache.digest(raw)
            found = bucket.get(job.candidate.display, digests[i])
            if found is not None:
                results[i], warnings_of[i] = found
    todo = [i for i, part in enumerate(results) if part is None]
    explicit = workers is not None
    workers = cpu_count() if workers is None else max(1, workers)
    if workers > 1 and len(todo) >= 2 and (explicit or _size(jobs, todo) >= PARALLEL_BYTES):
        checked = _in_pool(jobs, todo, sessions, lang, options, keep, use_cache, min(workers, len(todo)))
    else:
        checked = ((i, *_check(jobs[i].candidate, jobs[i].session, lang, options, keep, use_cache)) for i in todo)
    for i, part, warnings, digest in checked:
        results[i], warnings_of[i] = part, warnings
        if use_cache and digest is not None and digest == digests.get(i, digest):
            _bucket(buckets, jobs[i].session, lang, options, root).put(jobs[i].candidate.display, digest, part, warnings)
    for bucket in buckets.values():
        bucket.write()
    for job, warnings in zip(jobs, warnings_of):  # in file order, as one process would have met them
        _merge_warnings(job.session, warnings)
    for part in results:
        if not keep_sources:
            part.sources = {}
        yield part


def _bucket(buckets: dict, session, lang: str, options, root: Path):
    from goallint import cache

    if id(session) not in buckets:
        from goallint.runner import _baseline_used

        buckets[id(session)] = cache.Bucket(root, cache.bucket(session, lang, _inline(session, options), _baseline_used(session, options)))
    return buckets[id(session)]


def _inline(session, options) -> bool:
    return options.inline_suppression if options.inline_suppression is not None else session.config.inline_suppression


def _size(jobs: list[Job], todo: list[int]) -> int:
    total = 0
    for i in todo:
        try:
            total += os.stat(jobs[i].candidate.path).st_size
        except OSError:
            pass
        if total >= PARALLEL_BYTES:
            break
    return total


def _merge_warnings(session, warnings: list[str]) -> None:
    for line in warnings:
        if line not in session.catalog.warnings:
            session.catalog.warnings.append(line)


def _check(candidate, session, lang: str, options, keep_sources: bool, digest: bool = True):
    """(partial Run, the warnings checking it gave, the digest of the bytes checked or None)."""
    from goallint.limits import DEFAULT_LIMITS
    from goallint.runner import Run, _check_one

    raw = None
    try:
        with Path(candidate.path).open("rb") as stream:
            raw = stream.read(DEFAULT_LIMITS.max_bytes + 1)
    except OSError:
        pass  # _check_one reads it again and says why it cannot
    catalog = session.catalog
    saved, catalog.warnings = catalog.warnings, []  # the warnings of this file alone, for the cache
    part = Run()
    try:
        _check_one(part, candidate, session, lang, options, None, keep_sources, raw=raw)
    finally:
        produced, catalog.warnings = catalog.warnings, saved
    if raw is None or not digest:
        return part, produced, None
    from goallint import cache

    return part, produced, cache.digest(raw)


# --------------------------------------------------------------------------- the pool

_STATE: dict = {}  # in a worker: the sessions, language and options of the run


def _start_method() -> str:
    import multiprocessing

    return "fork" if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _init(options, lang: str, keep: bool, digest: bool, sessions=None) -> None:
    import gc

    if sessions is None:  # spawned: prepare the sessions again, from the same options
        from goallint.runner import _Sessions

        sessions = _Sessions(options)
    _STATE.update(sessions=sessions, options=options, lang=lang, keep=keep, digest=digest)
    gc.freeze()  # what the worker inherited or prepared is never garbage: the collector skips it


def _work(batch: list) -> list:
    state = _STATE
    sessions = state["sessions"]
    out = []
    for i, candidate, key in batch:
        session = sessions._prepare(Path(key) if key is not None else None)
        out.append((i, *_check(candidate, session, state["lang"], state["options"], state["keep"], state["digest"])))
    return out


def _in_pool(jobs: list[Job], todo: list[int], sessions, lang: str, options, keep: bool, digest: bool, workers: int):
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    import multiprocessing

    method = _start_method()
    context = multiprocessing.get_context(method)
    initargs = (options, lang, keep, digest, sessions if method == "fork" else None)

    def pool(n: int):
        return ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=_init, initargs=initargs)

    size = max(1, min(16, len(todo) // (workers * 4)))
    batches = [[(i, jobs[i].candidate, jobs[i].key) for i in todo[at : at + size]] for at in range(0, len(todo), size)]
    done: set = set()
    executor = pool(workers)
    try:
        pending = {executor.submit(_work, batch) for batch in batches}
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                for item in results:
                    done.add(item[0])
                    yield item
            if broken:
                break
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    left = [i for i in todo if i not in done]
    if not left:
        return
    # a worker died: check what it may have held one file at a time, so only the file that kills
    # a worker again is lost, as that file's error
    from goallint.runner import Run

    single = None
    try:
        for i in left:
            if single is None:
                single = pool(1)
            try:
                (item,) = single.submit(_work, [(i, jobs[i].candidate, jobs[i].key)]).result()
            except BrokenProcessPool:
                single.shutdown(wait=True)
                single = None
                part = Run()
                part.errors.append(_CRASHED.format(file=jobs[i].candidate.display))
                item = (i, part, [], None)
            yield item
    finally:
        if single is not None:
            single.shutdown(wait=True)
