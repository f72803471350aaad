"""The folder index: never trusted past a change, rebuilt when damaged, shared by two programs."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui.core import paths
from postmortem_tui.team import index

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "team"
HOUR_NS = 3600 * 10**9


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample team folder, its files last modified an hour ago (as in a git checkout)."""
    target = tmp_path / "team"
    shutil.copytree(SAMPLE, target)
    for path in target.iterdir():
        _age(path)
    return target


def _age(path: Path, by_ns: int = HOUR_NS) -> None:
    stamp = time.time_ns() - by_ns
    os.utime(path, ns=(stamp, stamp))


def _titles(entries: list[index.IndexedDraft]) -> dict[str, str | None]:
    return {e.path.name: (e.record["title"] if e.record else e.error) for e in entries}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the drafts read from disk (not taken from the index)."""
    seen: list[str] = []
    real = index._describe_file

    def spy(path: Path, size_limit: int) -> Any:
        seen.append(path.name)
        return real(path, size_limit)

    monkeypatch.setattr(index, "_describe_file", spy)
    return seen


def test_second_run_reads_nothing_and_gives_the_same_answer(folder: Path, reads: list[str]) -> None:
    first = index.scan([folder], text=True, words=True)
    assert sorted(reads) == sorted(p.name for p in folder.iterdir())
    reads.clear()
    second = index.scan([folder], text=True, words=True)
    assert reads == []
    key = lambda e: str(e.path)  # noqa: E731
    assert [(e.path, e.record, e.error, e.text, e.words) for e in sorted(first, key=key)] == [
        (e.path, e.record, e.error, e.text, e.words) for e in sorted(second, key=key)
    ]
    assert paths.index_file().is_file()


def test_the_record_from_plain_data_is_the_record_from_the_model(folder: Path) -> None:
    from postmortem_tui.core import store

    for path in sorted(folder.glob("2024-*.toml")):
        data = store.tomllib.loads(path.read_text())
        record, _, words = index.describe_data(data)
        model_record, _, model_words = index.describe(store.read_draft(path).draft)
        assert (record, words) == (model_record, model_words), path.name


def test_an_edit_is_seen_even_with_the_same_size_and_time(folder: Path, reads: list[str]) -> None:
    draft = folder / "2024-03-01-dns.toml"
    index.scan([folder])
    before = draft.stat()
    text = draft.read_text().replace("DNS resolution failure", "DNS resolution problem")
    assert len(text) == before.st_size
    draft.write_text(text)
    os.utime(draft, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    reads.clear()
    entries = index.scan([folder])
    assert reads == ["2024-03-01-dns.toml"]
    assert _titles(entries)["2024-03-01-dns.toml"] == "DNS resolution problem"


def test_a_file_written_as_it_was_read_is_read_again(folder: Path, reads: list[str]) -> None:
    draft = folder / "2024-03-01-dns.toml"
    draft.write_text(draft.read_text())
    # Modified as it is read (here: a minute ahead, as a clock set ahead would make it, so
    # that a slow machine cannot put the read past the granularity).
    _age(draft, -60 * 10**9)
    index.scan([folder])
    reads.clear()
    index.scan([folder])
    assert reads == ["2024-03-01-dns.toml"]


def test_deleted_and_new_files(folder: Path, reads: list[str]) -> None:
    index.scan([folder])
    (folder / "2024-03-01-dns.toml").unlink()
    shutil.copy(folder / "2024-01-10-checkout-db.toml", folder / "copy.toml")
    _age(folder / "copy.toml")
    reads.clear()
    entries = index.scan([folder])
    assert reads == ["copy.toml"]
    assert "2024-03-01-dns.toml" not in _titles(entries)
    with sqlite3.connect(paths.index_file()) as connection:
        stored = {Path(row[0]).name for row in connection.execute("SELECT path FROM drafts")}
    assert "2024-03-01-dns.toml" not in stored and "copy.toml" in stored


def test_a_broken_draft_is_remembered_and_then_fixed(folder: Path, reads: list[str]) -> None:
    broken = folder / "broken.toml"
    first = _titles(index.scan([folder]))["broken.toml"]
    assert first is not None and first.startswith("line 3: meta.title: not valid TOML")
    reads.clear()
    assert _titles(index.scan([folder]))["broken.toml"] == first
    assert reads == []
    broken.write_text('format = 1\n[meta]\ntitle = "Whole now"\n')
    _age(broken, HOUR_NS // 2)
    assert _titles(index.scan([folder]))["broken.toml"] == "Whole now"


@pytest.mark.parametrize(
    "damage",
    [b"this is not a database at all" * 100, b"", "truncated", "bad-record", "other-schema"],
    ids=["garbage", "empty", "truncated", "bad-record", "other-schema"],
)
def test_a_damaged_index_is_rebuilt_never_trusted(
    folder: Path, reads: list[str], damage: bytes | str
) -> None:
    good = _titles(index.scan([folder]))
    file = paths.index_file()
    if damage == "truncated":
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 3])
        for suffix in ("-wal", "-shm"):
            Path(f"{file}{suffix}").unlink(missing_ok=True)
    elif damage == "bad-record":
        with sqlite3.connect(file) as connection:
            connection.execute("UPDATE drafts SET record = '{\"title\": ' WHERE path LIKE '%dns%'")
            connection.execute("UPDATE drafts SET record = '[1, 2]' WHERE path LIKE '%db.toml'")
    elif damage == "other-schema":
        with sqlite3.connect(file) as connection:
            connection.execute("DROP TABLE drafts")
            connection.execute("CREATE TABLE drafts (path TEXT, nonsense BLOB)")
    else:
        assert isinstance(damage, bytes)
        index.discard(file)
        file.write_bytes(damage)
    reads.clear()
    assert _titles(index.scan([folder])) == good
    assert reads  # read again from the drafts
    reads.clear()
    assert _titles(index.scan([folder])) == good  # and the index works again
    if damage != "bad-record":
        assert reads == []


def test_deleting_the_index_changes_no_result(folder: Path) -> None:
    first = _titles(index.scan([folder]))
    index.discard(paths.index_file())
    assert _titles(index.scan([folder])) == first


def test_an_index_that_cannot_be_written_still_gives_the_answer(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("POSTMORTEM_CACHE", str(blocker))
    assert _titles(index.scan([folder]))["2024-03-01-dns.toml"] == "DNS resolution failure"


def test_a_busy_index_does_not_block_or_change_the_answer(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _titles(index.scan([folder]))
    index.discard(paths.index_file())
    index.scan([])  # create an empty index
    monkeypatch.setattr(index, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(paths.index_file(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing
    try:
        assert _titles(index.scan([folder])) == expected
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _titles(index.scan([folder])) == expected


def test_entries_written_in_batches_are_all_kept(
    folder: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "_BATCH", 2)
    first = _titles(index.scan([folder]))
    assert len(reads) == len(first) > 4
    reads.clear()
    assert _titles(index.scan([folder])) == first
    assert reads == []


def test_a_busy_index_is_waited_for_once_not_once_per_batch(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _titles(index.scan([folder]))
    index.discard(paths.index_file())
    index.scan([])
    monkeypatch.setattr(index, "BUSY_TIMEOUT_S", 0.1)
    monkeypatch.setattr(index, "_BATCH", 1)
    tries: list[int] = []
    real = index._store

    def store(connection: sqlite3.Connection, rows: list[Any], gone: list[str]) -> None:
        tries.append(len(rows))
        real(connection, rows, gone)

    monkeypatch.setattr(index, "_store", store)
    holder = sqlite3.connect(paths.index_file(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert _titles(index.scan([folder])) == expected
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tries == [1]  # the first batch waited, found the index held and the rest waited


SCAN_SCRIPT = """
import json, sys
from pathlib import Path
from postmortem_tui.team import index
sys.stdin.readline()  # start together
for _ in range(int(sys.argv[2])):
    entries = index.scan([Path(sys.argv[1])], text=True)
print(json.dumps(sorted((e.path.name, e.title, e.error) for e in entries)))
"""


def test_two_programs_at_once(folder: Path) -> None:
    for n in range(40):  # enough drafts that the two runs overlap
        shutil.copy(folder / "2024-01-10-checkout-db.toml", folder / f"copy-{n:02}.toml")
    env = {**os.environ, "POSTMORTEM_CACHE": str(paths.cache_dir())}
    root = Path(__file__).resolve().parents[2]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SCAN_SCRIPT, str(folder), "3"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=root,
        )
        for _ in range(2)
    ]
    for run in runs:
        assert run.stdin is not None
        run.stdin.write("go\n")
        run.stdin.flush()
    results = [run.communicate(timeout=120) for run in runs]
    for run, (_, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert err == ""
    first, second = (json.loads(out) for out, _ in results)
    assert first == second
    assert len(first) == 45
    assert [name for name, _, error in first if error] == ["broken.toml"]
    with sqlite3.connect(paths.index_file()) as connection:
        (count,) = connection.execute("SELECT count(*) FROM drafts").fetchone()
    assert count == 45


def test_the_index_keeps_the_stores_nesting_limit() -> None:
    from postmortem_tui.core import store

    assert index._NESTING_LIMIT == store.NESTING_LIMIT


def test_a_draft_the_store_refuses_is_refused_through_the_index(tmp_path: Path) -> None:
    from postmortem_tui.core import store

    deep = tmp_path / "deep.toml"
    deep.write_text('format = 1\n[meta]\ntitle = "T"\nx = ' + "[" * 150 + "]" * 150 + "\n")
    big = tmp_path / "big.toml"
    big.write_text('format = 1\n[meta]\ntitle = "T"\n[summary]\ntext = "' + "x" * 5000 + '"\n')
    config = paths.config_file()
    config.write_text("[drafts]\nsize_limit = 4096\n")
    entries = {e.path.name: e for e in index.scan([deep, big])}
    for path in (deep, big):
        with pytest.raises(store.DraftError) as refused:
            store.read_draft(path)
        assert entries[path.name].record is None
        assert entries[path.name].error == refused.value.detail
    config.write_text("[drafts]\nsize_limit = 65536\n")  # a new limit: the index starts again
    entries = {e.path.name: e for e in index.scan([deep, big])}
    assert entries["big.toml"].record is not None


def test_without_the_body_a_record_has_only_the_meta_keys(folder: Path, reads: list[str]) -> None:
    full = {e.path.name: e.record for e in index.scan([folder])}
    reads.clear()
    light = {e.path.name: e.record for e in index.scan([folder], body=False)}
    assert reads == []
    for name, record in light.items():
        if record is None:
            assert full[name] is None
            continue
        assert set(record) == set(full[name] or {}) - {"actions", "metrics"}
        assert record["title"] == (full[name] or {})["title"]
    again = {e.path.name: e.record for e in index.scan([folder])}
    assert again == full


@pytest.mark.parametrize(
    "body",
    [
        'services = "checkout-api"\n',
        "tags = [1, 2]\n",
        "incident_id = 4821\n",
        'status = "done"\n',
        'title = "  "\n',
        '[[action_items]]\naction = "A"\nstatus = "finished"\n',
        '[[action_items]]\naction = "A"\ndue = 2024-01-15T10:00:00Z\n',
        '[[timeline]]\nat = 2024-01-15T10:00:00\nevent = "no offset"\n',
        '[[timeline]]\nat = 2024-01-15T10:00:00Z\nevent = "x"\nkind = "detect"\n',
        "[impact]\nstart = 2024-01-15\n",
    ],
)
def test_values_the_index_uses_are_checked_as_the_store_checks_them(
    tmp_path: Path, body: str
) -> None:
    from postmortem_tui.core import store

    path = tmp_path / "bad.toml"
    head = "format = 1\n[meta]\n" + ("" if body.startswith("title") else 'title = "T"\n')
    path.write_text(head + body)
    with pytest.raises(store.DraftError) as refused:
        store.read_draft(path)
    (entry,) = index.scan([path])
    assert entry.record is None
    assert entry.error == refused.value.detail


_SCAN_TWICE = """
import json, sys
from pathlib import Path
from postmortem_tui.core import parallel
from postmortem_tui.team import index

def answer(cache):
    entries = index.scan([Path(sys.argv[1])], text=True, words=True, index=Path(cache))
    return [(e.path.name, e.record, e.error, e.text, e.words) for e in entries]

shared = answer(sys.argv[2])
parallel.PARALLEL_FROM = 10**9
alone = answer(sys.argv[3])
again = answer(sys.argv[2])  # from the index the shared run wrote
print(json.dumps([shared == alone, alone == again, len(shared), sum(bool(e[2]) for e in shared)]))
"""


def test_a_first_run_shared_among_processes_gives_what_one_process_gives(tmp_path: Path) -> None:
    from postmortem_tui.core import parallel

    big = tmp_path / "big"
    big.mkdir()
    drafts = sorted(SAMPLE.glob("*.toml"))
    for n in range(parallel.PARALLEL_FROM + 8):
        source = drafts[n % len(drafts)]
        (big / f"{n:03}-{source.name}").write_bytes(source.read_bytes())
    (big / "999-broken.toml").write_text("title = [broken\n")
    for path in big.iterdir():
        _age(path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SCAN_TWICE,
            str(big),
            str(tmp_path / "a.db"),
            str(tmp_path / "b.db"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    same, cached_same, count, broken = json.loads(done.stdout)
    assert (same, cached_same, count) == (True, True, parallel.PARALLEL_FROM + 9)
    assert broken >= 1


_FIRST_RUN_MODULES = """
import contextlib, io, json, sys
from postmortem_tui import cli
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = cli.main(["list", sys.argv[1]])
print(json.dumps([status, out.getvalue(), sorted(sys.modules)]))
"""


def test_a_first_run_on_well_formed_drafts_needs_neither_attrs_nor_the_model(
    tmp_path: Path,
) -> None:
    """Plain TOML data the index vouches for is read without the model: only a doubtful draft
    pays for importing it (and a broken one gets its message from it)."""
    team = tmp_path / "team"
    team.mkdir()
    worked = Path(__file__).resolve().parents[1] / "fixtures" / "api-outage.toml"
    for n in range(3):
        (team / f"incident-{n}.toml").write_bytes(worked.read_bytes())
    env = dict(os.environ) | {
        "POSTMORTEM_CACHE": str(tmp_path / "cache"),
        "POSTMORTEM_CONFIG": str(tmp_path / "no-config.toml"),
    }

    def run() -> tuple[int, str, list[str]]:
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_RUN_MODULES, str(team)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        status, out, modules = json.loads(done.stdout)
        return status, out, [m for m in modules if m.split(".")[0] == "attr" or "model" in m]

    status, out, heavy = run()
    assert (status, heavy) == (0, [])
    assert out.count("API Outage") == 3
    (team / "incident-9.toml").write_text('[meta]\ntitle = "Late"\ndate = "not a date"\n')
    status, out, heavy = run()
    assert status == 0 and "postmortem_tui.core.model" in heavy
    assert "incident-9.toml" in out
