"""Work on many files shared among the machine's processors, results in the order given.

``check`` on a team's folder reads and reviews each draft on its own: the work is the same
whether one process does it or several, so from ``PARALLEL_FROM`` files on it is shared among
forked worker processes (at most one per processor the program may use, and at most 8), and
the results come back in the order of the files, so that what is printed does not change.
Where forking is not available, where there is one processor, or where the program runs other
threads (the wizard: a thread may hold a lock the fork would copy locked), the work is done
here, one by one.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 32
"""From this many items, the work is shared among processes."""
MOST_WORKERS = 8

_job: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def _start(work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    global _job
    _job = (work, args)


def _run(item: Any) -> Any:
    assert _job is not None
    work, args = _job
    return work(item, *args)


def processors() -> int:
    """How many processors this program may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ordered_map(
    work: Callable[..., T], items: Sequence[Any], *args: Any, minimum: int = PARALLEL_FROM
) -> Generator[T, None, None]:
    """``work(item, *args)`` for each item, in the order of ``items``.

    ``work`` must be a module-level function, and the items and results picklable; ``args``
    are given to each worker once, when it starts (not pickled: the workers are forked).
    Fewer than ``minimum`` items are worked through in this process.
    """
    workers = min(processors(), MOST_WORKERS, len(items))
    if (
        len(items) < minimum
        or workers < 2
        or threading.active_count() > 1
        or "fork" not in mp.get_all_start_methods()
    ):
        for item in items:
            yield work(item, *args)
        return
    chunk = max(1, min(16, len(items) // (workers * 8)))
    with mp.get_context("fork").Pool(workers, _start, (work, args)) as pool:
        yield from pool.imap(_run, items, chunksize=chunk)
