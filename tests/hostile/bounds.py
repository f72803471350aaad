"""A hard bound on a run: a test that would hang fails instead (never a wall-clock assertion)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator


class RanTooLong(AssertionError):
    """The run did not end within its hard bound."""


@contextlib.contextmanager
def hard_bound(seconds: int = 20) -> Iterator[None]:
    """Fail with RanTooLong if the body takes more than ``seconds`` (SIGALRM, main thread)."""

    def expired(signum: int, frame: object) -> None:
        raise RanTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
