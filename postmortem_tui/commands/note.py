"""``postmortem note [DRAFT] TEXT``: one line adds an event while the incident goes on."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import TextIO, cast

from ..core import codec, model, tomlwrite
from ..core.display import PrintableStream
from ..core.session import EditSession
from ..core.store import DraftError, DraftLocked, most_recent_draft
from ..core.times import TimeError, place_time, zone
from ..importers.base import ImportedEvent
from ..importers.merge import merge


class NoteFailed(Exception):
    """A note that cannot be added: one message; nothing was written."""


def note_time(text: str | None, draft: model.Draft, now: dt.datetime) -> dt.datetime:
    """``--at`` as the draft reads it: a clock time goes on the date nearest the last event
    (nearest now, in a timeline with no events yet)."""
    tz = draft.meta.timezone
    if text is None:
        return now.astimezone(zone(tz)).replace(microsecond=0)
    last = draft.timeline[-1].at if draft.timeline else now
    try:
        return place_time(text, tz=tz, previous=last).value
    except TimeError as error:
        raise NoteFailed(f"--at: expected {error}") from None


def run_note(
    folder: Path,
    draft_path: Path | None,
    text: str,
    *,
    kind: str = "note",
    at: str | None = None,
    now: dt.datetime | None = None,
    out: TextIO | None = None,
) -> int:
    """Add ``text`` as an event to the draft (the most recent one, or a new one); returns 0."""
    out = cast(TextIO, PrintableStream(out or sys.stdout))
    now = now or dt.datetime.now(dt.UTC)
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        raise NoteFailed("TEXT: expected the words of the event")
    if kind not in model.EVENT_KINDS:
        raise NoteFailed(f"--kind: expected one of {', '.join(model.EVENT_KINDS)}, got {kind!r}")
    path = draft_path or most_recent_draft(folder)
    if path is None:
        local = now.astimezone()
        draft = model.Draft.new(f"Incident {local:%Y-%m-%d %H:%M}", date=local.date())
        stored = _add(draft, text, kind, at, now)
        try:
            session = EditSession.create(draft, folder)
        except DraftError as error:
            raise NoteFailed(str(error)) from None
        session.close(keep_untouched=True)
        _print(stored, session.path, out, new=True)
        return 0
    # Through the editing session: under the edit lock, never over a file changed on disk.
    try:
        session = EditSession.open(path, read_only_ok=False)
    except DraftLocked as error:
        raise NoteFailed(f"{error}; the note was not added (add it there)") from None
    except DraftError as error:
        raise NoteFailed(str(error)) from None
    try:
        if session.read_only:
            raise NoteFailed(f"{path}: {session.read_only_reason}; the note was not added")
        stored = _add(session.draft, text, kind, at, now)
        session.save()
    except DraftError as error:
        raise NoteFailed(str(error)) from None
    finally:
        session.close(keep_untouched=True)
    _print(stored, path, out, new=False)
    return 0


def _add(
    draft: model.Draft, text: str, kind: str, at: str | None, now: dt.datetime
) -> model.TimelineEvent:
    when = note_time(at, draft, now)
    event = ImportedEvent(when, text, kind, source="note", source_id=uuid.uuid4().hex[:12])
    report = merge(draft, [event])
    return report.added[0]


def _print(event: model.TimelineEvent, path: Path, out: TextIO, *, new: bool) -> None:
    print(tomlwrite.dumps({"timeline": [codec.unstructure(event)]}).rstrip(), file=out)
    print(f"{'started' if new else 'added to'} {path}", file=out)
