"""The editing session both front doors use: everything that touches a draft's file.

A session is one draft open for editing: its file, what the file was when last read or written
(the fingerprint), and the edit lock. Creating, opening, saving (with the on-disk check), saving
as a copy, renaming, deleting and closing all go through it, so the wizard and the plain prompts
follow the same rules. It also keeps, beside the draft, the recovery record of text typed into
a form that was not confirmed yet, and remembers the step a person was at.

Nothing here asks questions or prints: a conflict is an exception (``DraftChangedOnDisk``) and
the door decides what to offer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import attrs

from . import codec, paths, store
from .errors import DraftError
from .lock import DraftLock, DraftLocked
from .model import Draft

RENAME_WINDOW = dt.timedelta(minutes=15)
"""How long after a draft was started its file follows the name its title and date give
(later, a person or a script may know the file by its name already)."""

RECOVERY_SUFFIX = ".recover"


def recovery_path_of(path: Path) -> Path:
    """The recovery record beside the draft at ``path`` (``.NAME.toml.recover``)."""
    return path.with_name(f".{path.name}{RECOVERY_SUFFIX}")


@attrs.frozen
class PendingSave:
    """A snapshot of the draft taken on the editing thread, to be written on another."""

    data: dict[str, Any]
    path: Path
    expected: store.Fingerprint | None
    stamp: dt.datetime
    edits: int
    """The edit count the snapshot holds (for the door's "unsaved" bookkeeping)."""
    touch: bool = True
    """Set ``meta.updated`` (formatting a file is not an edit)."""

    def write(self) -> SavedDraft:
        """Check and write the snapshot (any thread). Raises DraftChangedOnDisk or DraftError."""
        try:
            snapshot, _ = codec.structure(self.data)
        except codec.FormatError as error:  # a door let something invalid through
            raise DraftError(self.path, f"expected {error.expected}", key=error.path) from None
        try:
            fingerprint = store.save_draft(
                snapshot, self.path, expected=self.expected, now=self.stamp, touch=self.touch
            )
        except OSError as error:  # the folder vanished, say
            raise DraftError(self.path, f"could not be saved: {error.strerror or error}") from None
        return SavedDraft(self, fingerprint, snapshot.meta.created, snapshot.meta.updated)


@attrs.frozen
class SavedDraft:
    """What a finished save wrote."""

    pending: PendingSave
    fingerprint: store.Fingerprint
    created: dt.datetime | None
    updated: dt.datetime | None


@attrs.define(eq=False)
class EditSession:
    """One draft open for editing (or read-only, when it is open elsewhere)."""

    draft: Draft
    path: Path
    fingerprint: store.Fingerprint | None
    lock: DraftLock | None = None
    read_only_reason: str | None = None
    """Why nothing is saved: the draft is open elsewhere, or the file is read-only."""
    created_here: bool = False
    """This session created the file; closing it untouched removes it again."""
    rename_until: dt.datetime | None = None
    """Until when the file follows the name of its title and date (None: it keeps its name)."""
    edited: bool = False
    """Some edit of this session reached the file."""

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def create(cls, draft: Draft, folder: Path, *, now: dt.datetime | None = None) -> EditSession:
        """Write a new draft file in ``folder`` (named by its date and title) and lock it."""
        store.remove_abandoned_temporary_files(folder)
        try:
            loaded = store.create_draft_file(draft, folder)
        except OSError as error:  # the folder cannot be made or written
            reason = error.strerror or str(error)
            raise DraftError(folder, f"no draft can be created here: {reason}") from None
        lock = DraftLock(loaded.path)
        try:
            lock.acquire()  # a file just claimed with O_EXCL: nobody else can hold it
        except DraftError:
            with contextlib.suppress(OSError):
                loaded.path.unlink()
            raise
        start = now or dt.datetime.now(dt.UTC)
        return cls(
            loaded.draft,
            loaded.path,
            loaded.fingerprint,
            lock,
            created_here=True,
            rename_until=start + RENAME_WINDOW,
        )

    @classmethod
    def open(
        cls, path: Path, loaded: store.LoadedDraft | None = None, *, read_only_ok: bool = True
    ) -> EditSession:
        """Lock the draft at ``path`` and read it (``loaded``: as the caller read it already).

        Open elsewhere: read-only when ``read_only_ok``, else DraftLocked. A file without write
        permission opens read-only too. Raises DraftError when the file cannot be read.
        """
        path = Path(path)
        store.remove_abandoned_temporary_files(path.parent)
        taken = DraftLock(path)
        lock: DraftLock | None = taken
        reason = None
        try:
            taken.acquire()
        except DraftLocked as error:
            if not read_only_ok:
                raise
            lock, reason = None, error.message
        try:
            if loaded is None or loaded.path != path:
                loaded = store.read_draft(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if reason is None and _write_protected(path):
            if lock is not None:
                lock.release()
            lock, reason = None, "is read-only on disk (no write permission)"
        return cls(loaded.draft, loaded.path, loaded.fingerprint, lock, reason)

    @property
    def read_only(self) -> bool:
        """Whether nothing of this session is saved."""
        return self.read_only_reason is not None

    # --- saving ------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise DraftError(self.path, f"not saved: this draft {self.read_only_reason}")

    def begin_save(
        self, *, edits: int = 0, now: dt.datetime | None = None, touch: bool = True
    ) -> PendingSave:
        """A snapshot of the draft to write (on another thread, with ``PendingSave.write``)."""
        self._check_writable()
        stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        data = codec.unstructure(self.draft)  # new dicts and lists, immutable leaves
        data["format"] = self.draft.format
        return PendingSave(data, self.path, self.fingerprint, stamp, edits, touch)

    def finish_save(self, saved: SavedDraft) -> None:
        """Record a finished save (on the editing thread)."""
        if saved.pending.path != self.path:
            return  # the session moved on (a copy, a reload) while it was written
        self.fingerprint = saved.fingerprint
        self.draft.meta.created = saved.created
        self.draft.meta.updated = saved.updated
        self.edited = True

    def save(self, *, now: dt.datetime | None = None, touch: bool = True) -> store.Fingerprint:
        """Save now, in this thread; never over a file that changed on disk
        (DraftChangedOnDisk), and DraftError for anything else that stops it."""
        saved = self.begin_save(now=now, touch=touch).write()
        self.finish_save(saved)
        return saved.fingerprint

    def save_as_copy(self) -> Path:
        """Write the draft to a new file beside this one and edit that from now on; the old
        file is left as it is. Returns the new path."""
        copy = EditSession.create(self.draft, self.path.parent)
        self._release()
        self.path, self.fingerprint, self.lock = copy.path, copy.fingerprint, copy.lock
        self.read_only_reason = None
        self.created_here, self.rename_until, self.edited = False, None, True
        return self.path

    def reload(self) -> Draft:
        """Read the file again and edit what is on disk from now on (edits since the last save
        are dropped). Raises DraftError when the file cannot be read."""
        loaded = store.read_draft(self.path)
        self.draft, self.fingerprint = loaded.draft, loaded.fingerprint
        return self.draft

    # --- naming ------------------------------------------------------------------------

    def follow_name(
        self, *, placeholder: str = "Untitled incident", now: dt.datetime | None = None
    ) -> Path | None:
        """While the draft is new, rename its file after its date and title: the title once
        (when the draft was started under ``placeholder``), the date whenever it changes. The
        old path when it moved, else None.

        Safe by construction: the file must still be what was last written; the new name is
        locked first and claimed with a hard link, which fails rather than replace a file of
        that name (then ``-2``, ``-3``... are tried); only then does the old name go.
        """
        if self.rename_until is None or self.read_only or self.lock is None:
            return None
        if (now or dt.datetime.now(dt.UTC)) > self.rename_until:
            self.rename_until = None
            return None
        wanted = _followed_name(self.path.name, self.draft, store.slugify(placeholder))
        if wanted is None:
            return None
        moved = self._rename(wanted)
        if moved is None:
            return None
        old, self.path, self.lock = self.path, moved[0], moved[1]
        return old

    def _rename(self, wanted: str) -> tuple[Path, DraftLock] | None:
        old = self.path
        now = store.current_fingerprint(old)
        expected = self.fingerprint
        if (
            now is None
            or expected is None
            or (now.size, now.sha256)
            != (
                expected.size,
                expected.sha256,
            )
        ):
            return None
        stem = wanted.removesuffix(store.SUFFIX)
        for n in range(1, 100):
            target = old.with_name(
                f"{stem}{store.SUFFIX}" if n == 1 else f"{stem}-{n}{store.SUFFIX}"
            )
            if target == old:
                return None
            lock = DraftLock(target)
            try:
                lock.acquire()
            except DraftError:
                continue  # open elsewhere under that name
            try:
                os.link(old, target)
            except FileExistsError:
                lock.release()
                continue
            except OSError:  # no hard links here (some network and FAT file systems)
                lock.release()
                return None
            try:
                os.unlink(old)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                lock.release()
                return None
            record = recovery_path_of(old)
            with contextlib.suppress(OSError):
                if record.exists():
                    os.replace(record, recovery_path_of(target))
            if self.lock is not None:
                self.lock.release()
            return target, lock
        return None

    # --- closing -----------------------------------------------------------------------

    @property
    def untouched(self) -> bool:
        """Created here and nothing typed reached the file since."""
        return self.created_here and not self.edited

    def close(self, *, keep_untouched: bool = False) -> bool:
        """Stop editing: the lock goes; a draft created here that nothing was typed into is
        removed again (unless ``keep_untouched``). True when the file was kept."""
        kept = True
        if self.untouched and not keep_untouched and self.lock is not None:
            now = store.current_fingerprint(self.path)
            if (
                now is not None
                and self.fingerprint is not None
                and now.sha256 == self.fingerprint.sha256
            ):
                with contextlib.suppress(OSError):
                    self.path.unlink()
                    kept = False
        self._release()
        return kept

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def delete(self) -> None:
        """Delete the draft's file and its recovery record (the session must hold the lock)."""
        self._check_writable()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        with contextlib.suppress(FileNotFoundError):
            recovery_path_of(self.path).unlink()
        self._release()

    # --- recovery of unconfirmed text --------------------------------------------------

    def write_recovery(self, record: dict[str, Any]) -> None:
        """Keep ``record`` (the fields of a form not yet confirmed) beside the draft, so that
        a crash or ``kill -9`` does not lose them; replaced atomically."""
        if self.read_only:
            return
        data = json.dumps({"draft": self.path.name, **record}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # best effort: the draft itself is still saved
            store.write_atomic(recovery_path_of(self.path), data.encode("utf-8"), durable=False)

    def recovery(self) -> dict[str, Any] | None:
        """The recovery record left beside the draft, or None."""
        return read_recovery(self.path)

    def clear_recovery(self) -> None:
        """The form was confirmed or dropped: its recovery record goes."""
        with contextlib.suppress(FileNotFoundError, OSError):
            recovery_path_of(self.path).unlink()

    # --- where the person was ----------------------------------------------------------

    def remember_step(self, key: str) -> None:
        """Note that the person is at step ``key`` (a resume opens there)."""
        remember_step(self.path, key)

    def last_step(self) -> str | None:
        """The step the person was at when this draft was last edited, if known."""
        return last_step(self.path)


_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def _named_after(rest: str, slug: str) -> bool:
    """``rest`` is ``slug`` or ``slug-N`` (a name taken by another file got a number)."""
    return rest == slug or (rest.startswith(f"{slug}-") and rest[len(slug) + 1 :].isdigit())


def _followed_name(current: str, draft: Draft, placeholder_slug: str) -> str | None:
    """The name a new draft's file should take now, or None when it keeps its own."""
    match = _DATED.match(current.removesuffix(store.SUFFIX))
    if match is None:
        return None  # not a name this tool gave: leave it alone
    day, rest = match.groups()
    title_slug = store.slugify(draft.meta.title)
    if _named_after(rest, placeholder_slug) and title_slug != placeholder_slug:
        slug = title_slug  # the title names the file once
    elif _named_after(rest, title_slug):
        slug = title_slug
    else:
        slug = rest
    new_day = draft.meta.date.isoformat() if draft.meta.date else day
    if new_day == day and _named_after(rest, slug):
        return None
    return f"{new_day}-{slug}{store.SUFFIX}"


def _write_protected(path: Path) -> bool:
    """No write bit at all (``chmod 444``): read-only even for root, who ignores modes."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def read_recovery(path: Path) -> dict[str, Any] | None:
    """The recovery record beside the draft at ``path``; None when there is none or it is
    unreadable (a damaged record is never trusted)."""
    try:
        data = json.loads(recovery_path_of(path).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def delete_draft(path: Path) -> None:
    """Delete the draft at ``path``; refused (DraftLocked, naming where) while it is open
    elsewhere."""
    session = EditSession.open(path, read_only_ok=False)
    session.delete()


# --- the step a person was at, kept in the user's state folder --------------------------------

_POSITIONS = "positions.json"
_MAX_POSITIONS = 200


def _positions_file() -> Path:
    return paths.state_dir() / _POSITIONS


def _read_positions() -> dict[str, str]:
    try:
        data = json.loads(_positions_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remember_step(path: Path, key: str) -> None:
    """Remember that the draft at ``path`` was last edited at step ``key``."""
    where = str(Path(path).resolve())
    positions = _read_positions()
    if positions.get(where) == key:
        return
    positions.pop(where, None)
    positions[where] = key
    while len(positions) > _MAX_POSITIONS:  # oldest first: dicts keep insertion order
        positions.pop(next(iter(positions)))
    with contextlib.suppress(OSError):
        file = _positions_file()
        file.parent.mkdir(parents=True, exist_ok=True)
        store.write_atomic(file, json.dumps(positions, indent=0).encode("utf-8"), durable=False)


def last_step(path: Path) -> str | None:
    """The step the draft at ``path`` was last edited at, if remembered."""
    return _read_positions().get(str(Path(path).resolve()))
