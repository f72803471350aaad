"""SQLite files in the user's cache folder: what the draft index (``team/index.py``) and the
kept reviews (``review/cache.py``) share. Such a file is only ever a cache: it may be deleted
whole, and another program may hold it for a while."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


def busy(error: sqlite3.Error) -> bool:
    """Another program holds the file: wait for it or skip, never treat as damage."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def discard(file: Path) -> None:
    """Delete a cache file and its journal."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):  # gone already, or not ours to delete
            os.unlink(f"{file}{suffix}")


def connect(file: Path, timeout: float) -> sqlite3.Connection:
    """Open (creating it and its folder when needed) a cache file in write-ahead-log mode,
    statements committing one by one unless a transaction is begun; raises sqlite3.Error when
    it is damaged (the connection is then closed)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(file, timeout=timeout, isolation_level=None)
    try:
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # WAL: readers never wait for a writer. Where the file system cannot (a network
            # share), SQLite stays in its default mode, which is safe too.
            with contextlib.suppress(sqlite3.OperationalError):
                connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        connection.close()
        raise
    return connection
