"""Another program writes the draft while a save is in progress: that write is never lost.

Each round loads a draft, then saves an edit while a thread replaces the file (as an editor or
a script would: a new file renamed over it) at a random moment within the save. Afterwards the
outside write must still be in the file, or the save must have said the file changed on disk
(and then the file is the outside one). A save that succeeds over the outside write, silently,
is a loss.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import threading
import time
from pathlib import Path

import pytest

from postmortem_tui.core import model, store

ROUNDS = 100


def _big_draft() -> model.Draft:
    """A draft whose save takes long enough (a few ms) for a write to land inside it."""
    draft = model.Draft.new("Race", date=dt.date(2024, 1, 15))
    start = dt.datetime(2024, 1, 15, 9, 0, tzinfo=dt.UTC)
    draft.timeline = [
        model.TimelineEvent(at=start + dt.timedelta(minutes=i), event=f"event {i} " * 4)
        for i in range(200)
    ]
    return draft


def _race(path: Path, rounds: int, seed: int) -> tuple[int, int]:
    """(outside writes lost, conflicts reported) over ``rounds`` rounds."""
    rng = random.Random(seed)
    base = _big_draft()
    store.save_draft(base, path)
    begin = time.perf_counter()
    store.save_draft(
        store.read_draft(path).draft, path, expected=store.read_draft(path).fingerprint
    )
    save_time = time.perf_counter() - begin
    lost = conflicts = 0
    for n in range(rounds):
        loaded = store.read_draft(path)
        outside = path.with_name(f"outside-{n}.toml")
        outside.write_bytes(
            loaded.path.read_bytes().replace(b'title = "', f'title = "outside {n} '.encode(), 1)
        )
        delay = rng.uniform(0, save_time * 1.2)
        wrote = threading.Event()

        def write_outside(
            delay: float = delay, outside: Path = outside, wrote: threading.Event = wrote
        ) -> None:
            time.sleep(delay)
            os.replace(outside, path)
            wrote.set()

        writer = threading.Thread(target=write_outside)
        loaded.draft.meta.title = f"ours {n}"
        writer.start()
        saved_ok = True
        try:
            store.save_draft(loaded.draft, path, expected=loaded.fingerprint)
        except store.DraftChangedOnDisk:
            saved_ok = False
            conflicts += 1
        writer.join()
        assert wrote.is_set()
        title = store.read_draft(path).draft.meta.title
        outside_kept = title.startswith(f"outside {n}")
        if saved_ok and not outside_kept:
            lost += 1
        if not saved_ok:
            assert outside_kept, "a conflict leaves the other program's file in place"
    return lost, conflicts


def test_an_outside_write_during_a_save_is_never_lost(tmp_path: Path) -> None:
    path = tmp_path / "race.toml"
    lost, conflicts = _race(path, ROUNDS, seed=1)
    assert lost == 0, f"{lost} of {ROUNDS} outside writes were overwritten without notice"
    assert conflicts > 0, "no outside write landed inside a save: the test did not race"


@pytest.mark.benchmark
def test_race_figures(tmp_path: Path) -> None:
    """The figure for docs/performance.md: outside writes lost out of N, with and without the
    exchange (``-s`` prints it)."""
    rounds = 300
    lost, conflicts = _race(tmp_path / "a.toml", rounds, seed=2)
    saved = store._exchange
    try:
        store._exchange = lambda a, b: False  # type: ignore[assignment]
        lost_plain, conflicts_plain = _race(tmp_path / "b.toml", rounds, seed=2)
    finally:
        store._exchange = saved  # type: ignore[assignment]
    print(
        f"\nexchange: {lost} of {rounds} outside writes lost ({conflicts} reported as conflicts); "
        f"check-then-rename: {lost_plain} of {rounds} lost ({conflicts_plain} reported)"
    )
    assert lost == 0
