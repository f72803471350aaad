"""The editing session: create, open and lock, save, copy, rename, delete, close, recovery."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from postmortem_tui.core import model, session, store
from postmortem_tui.core.session import EditSession


def _new(folder: Path, title: str = "Untitled incident", **kwargs: object) -> EditSession:
    return EditSession.create(model.Draft.new(title, date=dt.date(2024, 3, 2)), folder, **kwargs)  # type: ignore[arg-type]


def test_create_names_the_file_by_date_and_title_and_locks_it(tmp_path: Path) -> None:
    s = _new(tmp_path, "Disk full")
    assert s.path.name == "2024-03-02-disk-full.toml"
    with pytest.raises(store.DraftLocked):
        store.DraftLock(s.path).acquire()
    s.close(keep_untouched=True)
    store.DraftLock(s.path).acquire()


def test_closing_an_untouched_new_draft_leaves_no_file(tmp_path: Path) -> None:
    s = _new(tmp_path)
    assert s.path.exists()
    assert s.close() is False
    assert list(tmp_path.iterdir()) == []


def test_closing_a_new_draft_with_an_edit_keeps_it(tmp_path: Path) -> None:
    s = _new(tmp_path)
    s.draft.summary.text = "Typed"
    s.save()
    assert s.close() is True
    assert store.read_draft(s.path).draft.summary.text == "Typed"


def test_an_untouched_draft_that_changed_on_disk_is_kept(tmp_path: Path) -> None:
    s = _new(tmp_path)
    s.path.write_text(s.path.read_text().replace("Untitled incident", "Edited elsewhere"))
    s.close()
    assert "Edited elsewhere" in s.path.read_text()


def test_open_read_only_when_locked_elsewhere(example_path: Path) -> None:
    with store.DraftLock(example_path):
        s = EditSession.open(example_path)
        assert s.read_only and "pid" in (s.read_only_reason or "")
        with pytest.raises(store.DraftError, match="not saved"):
            s.save()
        with pytest.raises(store.DraftLocked):
            EditSession.open(example_path, read_only_ok=False)


def test_a_write_protected_file_opens_read_only(example_path: Path) -> None:
    os.chmod(example_path, 0o444)
    s = EditSession.open(example_path)
    assert s.read_only_reason == "is read-only on disk (no write permission)"
    assert s.lock is None


def test_save_refuses_a_file_changed_on_disk(example_path: Path) -> None:
    s = EditSession.open(example_path)
    example_path.write_text(example_path.read_text().replace("API Outage", "Other"))
    before = example_path.read_bytes()
    s.draft.summary.text = "Mine"
    with pytest.raises(store.DraftChangedOnDisk):
        s.save()
    assert example_path.read_bytes() == before


def test_save_as_copy_moves_the_session_and_leaves_the_old_file(example_path: Path) -> None:
    s = EditSession.open(example_path)
    example_path.write_text(example_path.read_text().replace("API Outage", "Other"))
    before = example_path.read_bytes()
    s.draft.summary.text = "Mine"
    copy = s.save_as_copy()
    assert copy != example_path and copy.parent == example_path.parent
    assert example_path.read_bytes() == before
    assert store.read_draft(copy).draft.summary.text == "Mine"
    with pytest.raises(store.DraftLocked):
        store.DraftLock(copy).acquire()
    store.DraftLock(example_path).acquire()  # the old one is free again


def test_reload_reads_what_is_on_disk(example_path: Path) -> None:
    s = EditSession.open(example_path)
    example_path.write_text(example_path.read_text().replace("API Outage", "Other"))
    assert s.reload().meta.title.startswith("Other")
    s.draft.summary.text = "After reload"
    s.save()


def test_the_file_follows_an_early_change_of_title_and_date(tmp_path: Path) -> None:
    s = _new(tmp_path)
    s.save()
    s.draft.meta.title = "Queue backlog"
    s.draft.meta.date = dt.date(2024, 2, 29)
    s.save()
    old = s.path
    assert s.follow_name() == old
    assert s.path.name == "2024-02-29-queue-backlog.toml"
    assert not old.exists()
    with pytest.raises(store.DraftLocked):
        store.DraftLock(s.path).acquire()
    assert s.follow_name() is None  # already named so
    s.draft.meta.title = "Queue backlog on db-2"
    s.save()
    assert s.follow_name() is None, "the title names the file once"
    s.draft.meta.date = dt.date(2024, 2, 28)
    s.save()
    s.follow_name()
    assert s.path.name == "2024-02-28-queue-backlog.toml", "the date is followed"


def test_the_file_never_takes_the_name_of_another(tmp_path: Path) -> None:
    other = tmp_path / "2024-03-02-queue-backlog.toml"
    other.write_text("not mine")
    s = _new(tmp_path)
    s.draft.meta.title = "Queue backlog"
    s.save()
    s.follow_name()
    assert s.path.name == "2024-03-02-queue-backlog-2.toml"
    assert other.read_text() == "not mine"


def test_the_file_keeps_its_name_after_the_window(tmp_path: Path) -> None:
    s = _new(tmp_path)
    s.draft.meta.title = "Queue backlog"
    s.save()
    later = dt.datetime.now(dt.UTC) + session.RENAME_WINDOW + dt.timedelta(seconds=1)
    assert s.follow_name(now=later) is None
    assert s.path.name == "2024-03-02-untitled-incident.toml"


def test_an_opened_draft_never_renames(example_path: Path) -> None:
    s = EditSession.open(example_path)
    s.draft.meta.title = "Something else"
    s.save()
    assert s.follow_name() is None


def test_delete_is_refused_while_open_elsewhere(example_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom postmortem_tui.core.store import DraftLock\n"
            f"DraftLock({str(example_path)!r}).acquire()\nprint('locked', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.DraftLocked, match=f"pid {holder.pid}"):
            session.delete_draft(example_path)
        assert example_path.exists()
    finally:
        holder.kill()
        holder.wait()
    session.delete_draft(example_path)  # the holder is gone: its lock never blocks
    assert not example_path.exists()


def test_recovery_record_round_trip_and_removal(example_path: Path) -> None:
    s = EditSession.open(example_path)
    assert s.recovery() is None
    s.write_recovery({"step": "action_items", "fields": {"action": "Add alert", "owner": "Sam"}})
    again = session.read_recovery(example_path)
    assert again is not None and again["fields"]["owner"] == "Sam"
    s.clear_recovery()
    assert s.recovery() is None


def test_a_damaged_recovery_record_is_not_trusted(example_path: Path) -> None:
    session.recovery_path_of(example_path).write_text("{not json")
    assert session.read_recovery(example_path) is None


def test_the_step_a_person_was_at_is_remembered(example_path: Path) -> None:
    s = EditSession.open(example_path)
    assert s.last_step() is None
    s.remember_step("timeline")
    assert EditSession.open(example_path).last_step() == "timeline"


def test_opening_tidies_what_killed_saves_left(example_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    leftover = example_path.with_name(f".{example_path.name}.{child.pid}.abc.tmp")
    leftover.write_text("torn")
    EditSession.open(example_path)
    assert not leftover.exists()


def test_a_lock_sidecar_of_another_user_never_blocks(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sidecar = store.DraftLock(example_path).lock_path
    sidecar.write_text("postmortem (pid 1)")  # left behind; nobody holds it
    os.chmod(sidecar, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    real_open = os.open

    def as_another_user(path: object, flags: int, *args: object) -> int:
        # Root ignores modes; act as the user who may not write that sidecar.
        if Path(str(path)) == sidecar and flags & os.O_RDWR:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", as_another_user)
    s = EditSession.open(example_path)
    assert not s.read_only


def test_a_full_disk_when_locking_is_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.toml"
    store.save_draft(model.Draft.new("T"), path)
    real_open = os.open

    def full(p: object, flags: int, *args: object) -> int:
        if str(p).endswith(".lock"):
            raise OSError(28, "No space left on device", str(p))
        return real_open(p, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", full)
    with pytest.raises(store.DraftError, match="cannot be locked for editing: the disk is full"):
        EditSession.open(path, read_only_ok=False)


def test_a_full_disk_writing_the_holder_still_locks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.toml"
    store.save_draft(model.Draft.new("T"), path)

    def full(*_args: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    lock = store.DraftLock(path)
    lock.acquire()
    assert lock.held
    lock.release()


def test_pending_save_written_on_another_thread(example_path: Path) -> None:
    import threading

    s = EditSession.open(example_path)
    s.draft.summary.text = "From a thread"
    pending = s.begin_save(edits=3)
    result: list[session.SavedDraft] = []
    worker = threading.Thread(target=lambda: result.append(pending.write()))
    worker.start()
    worker.join()
    s.finish_save(result[0])
    assert s.fingerprint == store.current_fingerprint(example_path)
    assert store.read_draft(example_path).draft.summary.text == "From a thread"
    time.sleep(0)
