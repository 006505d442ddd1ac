"""Work on many files on every core, when there is enough to do.

Workers are forked, so they inherit the workspace and everything loaded so far; the
task is handed over through a module global rather than pickled, so closures work.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

_TASK: Callable[[Path], Any] | None = None


def _run(path: Path) -> Any:
    assert _TASK is not None
    return _TASK(path)


def map_files(task: Callable[[Path], Any], paths: list[Path], min_bytes: int) -> list[Any]:
    """``[task(p) for p in paths]``, on up to four cores when the files add up to at
    least ``min_bytes`` (starting workers costs more than small files take)."""
    size = 0
    for p in paths:
        try:
            size += p.stat().st_size
        except OSError:
            pass
    cores = min(os.cpu_count() or 1, 4)
    if cores < 2 or len(paths) < 4 or size < min_bytes or os.name != "posix":
        return [task(p) for p in paths]
    import multiprocessing

    global _TASK
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            return pool.map(_run, paths, chunksize=max(1, len(paths) // (cores * 8)))
    finally:
        _TASK = None
