"""The one worker pool: work on many items on every core, when there is enough to do.

Workers are forked, so they inherit the workspace and everything loaded so far; the
task is handed over through a module global rather than pickled, so closures work.
``validate``, ``status``, ``review`` and ``render`` all go through :func:`imap`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

_TASK: Callable[[Any], Any] | None = None
MAX_WORKERS = 4


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def workers() -> int:
    """How many workers a pool gets: the cores, at most MAX_WORKERS."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def imap(
    task: Callable[[Any], Any],
    items: Sequence[Any],
    *,
    parallel: bool = True,
    chunksize: int = 1,
    max_tasks_per_child: int | None = None,
) -> Iterator[Any]:
    """``task(item)`` for each item, in order, as each is done: in forked workers when
    ``parallel`` and there are cores to spare (POSIX), else here. A worker is replaced
    after ``max_tasks_per_child`` items (typst keeps memory per document)."""
    cores = workers()
    if not parallel or cores < 2 or len(items) < 2 or os.name != "posix":
        for item in items:
            yield task(item)
        return
    import multiprocessing

    global _TASK
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(
            cores, maxtasksperchild=max_tasks_per_child
        ) as pool:
            yield from pool.imap(_run, items, chunksize=chunksize)
    finally:
        _TASK = None


def map_files(task: Callable[[Path], Any], paths: list[Path], min_bytes: int) -> list[Any]:
    """``[task(p) for p in paths]``, on up to four cores when there are at least four
    files and they add up to at least ``min_bytes`` (starting workers costs more than
    small files take)."""
    size = 0
    for p in paths:
        try:
            size += p.stat().st_size
        except OSError:
            pass
    enough = len(paths) >= 4 and size >= min_bytes
    chunk = max(1, len(paths) // (workers() * 8))
    return list(imap(task, paths, parallel=enough, chunksize=chunk))


def imap_threads(
    task: Callable[[Any], Any], items: Sequence[Any], workers: int = 8
) -> Iterator[Any]:
    """``task(item)`` for each item in threads, each result as soon as it is done (in
    the order they finish): for work that waits (git over the network), not for work
    that computes."""
    if len(items) < 2:
        for item in items:
            yield task(item)
        return
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor(max_workers=min(workers, len(items))) as pool:
        futures = [pool.submit(task, item) for item in items]
        for future in as_completed(futures):
            yield future.result()
