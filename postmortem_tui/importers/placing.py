"""A clock time without a date, placed as the draft format's rule says.

"A clock time is read on the date that puts it nearest to the previous event in the list, later
on a tie" (draft format, "Placing a time typed without a date").
"""

from __future__ import annotations

import datetime as dt

from ..core.times import localize


def place_clock(clock: dt.time, previous: dt.datetime | None, tz: str, day: dt.date) -> dt.datetime:
    """``clock`` in ``tz`` on the date nearest ``previous`` (on ``day`` when there is none)."""
    if previous is None:
        return localize(day, clock, tz)
    base = previous.astimezone(localize(day, clock, tz).tzinfo).date()
    best: dt.datetime | None = None
    for offset in (-1, 0, 1):
        candidate = localize(base + dt.timedelta(days=offset), clock, tz)
        if best is None:
            best = candidate
            continue
        # In UTC: two times in one ZoneInfo subtract as wall clocks (wrong across DST).
        here = previous.astimezone(dt.UTC)
        distance = abs(candidate.astimezone(dt.UTC) - here)
        best_distance = abs(best.astimezone(dt.UTC) - here)
        if distance < best_distance or (distance == best_distance and candidate > best):
            best = candidate
    assert best is not None
    return best
