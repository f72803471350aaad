"""What the team commands share: the drafts of the paths given, dates from the command line,
and the result a command hands back to ``cli.py`` to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import index
from .index import IndexedDraft, scan

EXIT_OK = 0
EXIT_FOUND = 1
"""``--fail-on-overdue`` found an overdue item."""
EXIT_UNREADABLE = 2


class TeamError(Exception):
    """Bad input to a team command: one message, exit 2, nothing changed."""


class Outcome:
    """What a command prints and its exit status; ``cli.py`` does the printing."""

    __slots__ = ("problems", "status", "text")

    def __init__(self, text: str, problems: Sequence[str] = (), status: int = EXIT_OK) -> None:
        self.text = text
        """For standard output, with its final newline."""
        self.problems = list(problems)
        """One line each for standard error: drafts that could not be read."""
        self.status = status


def kept(
    given: Sequence[Path], request: str, run: Callable[[], Outcome], also: Sequence[Path] = ()
) -> Outcome:
    """``run()``, or what it gave before when nothing it reads has changed since (``request``
    names the command and its arguments, ``also`` the files it reads besides the drafts of
    ``given``; see ``index.output_key``)."""
    key = index.output_key(given, request, also)
    if key is not None:
        found = index.kept_output(key)
        if found is not None:
            return Outcome(*found)
    # The run reads the files the key was made of. One edited since cannot match the key
    # again: its times moved past the clock tick the key already ruled out.
    try:
        outcome = run()
    finally:
        index.forget_listed()
    if key is not None:
        index.keep_output(key, outcome.text, outcome.problems, outcome.status)
    return outcome


def gather(
    given: Sequence[Path], *, text: bool = False, words: bool = False, body: bool = True
) -> tuple[list[IndexedDraft], list[IndexedDraft]]:
    """The readable drafts of ``given`` (folders and files) and those that cannot be read;
    ``text``, ``words`` and ``body`` as for ``index.scan``."""
    entries = scan(given, text=text, words=words, body=body)
    readable = [e for e in entries if e.record is not None]
    broken = [e for e in entries if e.record is None]
    broken.sort(key=lambda e: str(e.path))
    return readable, broken


def problems_of(broken: Iterable[IndexedDraft]) -> list[str]:
    """``FILE:LINE: why`` (as every command names a bad draft) for each that could not be read."""
    found = []
    for entry in broken:
        error = entry.error or ""
        line, sep, rest = error.partition(": ")
        if sep and line.startswith("line ") and line[5:].isdigit():
            found.append(f"{entry.path}:{line[5:]}: {rest}")
        else:
            found.append(f"{entry.path}: {error}")
    return found


def status_for(broken: Sequence[IndexedDraft], strict: bool, status: int = EXIT_OK) -> int:
    """Exit 2 when a draft could not be read and the run is strict; else ``status``."""
    return EXIT_UNREADABLE if strict and broken else status


def parse_date(value: str, option: str) -> dt.date:
    """A date given on the command line, ``2024-01-15``; raises TeamError naming the option."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise TeamError(f"{option}: expected a date like 2024-01-15, got {value!r}") from None


def one_line(text: str | None, limit: int) -> str:
    """``text`` on one line (line breaks and tabs as spaces), cut to ``limit`` with an ellipsis."""
    if not text:
        return ""
    # Printable text has no whitespace but the space: with no run of spaces and none at either
    # end it is already on one line (most cells of a table of thousands of rows).
    if (
        len(text) <= limit
        and text.isprintable()
        and "  " not in text
        and text[0] != " "
        and text[-1] != " "
    ):
        return text
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def table(rows: Sequence[Sequence[str]], right: Iterable[int] = ()) -> str:
    """Rows as aligned columns (two spaces apart; ``right`` columns aligned right); the first
    row is the heading."""
    if not rows:
        return ""
    return columns_table(rows[0], list(zip(*rows[1:], strict=True)) or [()] * len(rows[0]), right)


def columns_table(
    heading: Sequence[str], columns: Sequence[Sequence[str]], right: Iterable[int] = ()
) -> str:
    """``table`` of a heading and the columns under it, given column by column."""
    widths = [
        max(len(title), max(map(len, column), default=0))
        for title, column in zip(heading, columns, strict=True)
    ]
    right = set(right)
    # One format for every row: a table of thousands of rows is one call per row.
    line = "  ".join(
        ("{:>%d}" if i in right else "{:<%d}") % w if w else "{}" for i, w in enumerate(widths)
    )
    lines = [line.format(*heading).rstrip()]
    lines += [line.format(*row).rstrip() for row in zip(*columns, strict=True)]
    return "\n".join(lines) + "\n"


def fold(values: Iterable[str]) -> set[str]:
    """Case-folded values, for matching names typed in any letter case."""
    return {v.strip().casefold() for v in values}
