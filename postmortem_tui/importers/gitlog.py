"""``git log`` in the tab-separated form documented in docs/import.md.

    git log --first-parent --format='%H%x09%cI%x09%aI%x09%an%x09%D%x09%s' main

Columns: commit hash, committer date, author date, author name, ref names, subject. Each commit
is a ``note`` at its committer date (when it was merged, not when it was deployed).
"""

from __future__ import annotations

import re

from .base import (
    Clock,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
)

FORMAT = "git-log"
SOURCE = "git"
FORMAT_STRING = "%H%x09%cI%x09%aI%x09%an%x09%D%x09%s"
EXPECTED = f"git log --format='{FORMAT_STRING}' lines (hash, dates, author, refs, subject)"
_HASH = re.compile(r"^[0-9a-f]{7,64}$")


def looks_like(text: str) -> bool:
    """Whether the first non-empty line is a commit in the documented form."""
    for line in text.splitlines():
        if line.strip():
            fields = line.split("\t")
            return len(fields) >= 6 and bool(_HASH.match(fields[0].strip()))
    return False


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from ``git log`` output files; see the module docstring."""
    result = ImportResult(FORMAT)
    for source in sources:
        text = source.text()
        if not looks_like(text):
            raise SourceError(source.name, f"expected {EXPECTED}", "line 1")
        clock = Clock(options.tz)
        for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
            if not line.strip():
                continue
            fields = line.split("\t")
            where = f"{source.name}: line {number}"
            if len(fields) < 6 or not _HASH.match(fields[0].strip()):
                result.skipped.append(
                    Skipped(where, f"expected 6 tab-separated columns ({EXPECTED})")
                )
                continue
            commit, committed, _authored, author, refs = (f.strip() for f in fields[:5])
            subject = "\t".join(fields[5:]).strip()  # a tab inside a subject stays in it
            try:
                at = clock.instant(committed, "committer date")
            except RecordError as error:
                result.skipped.append(Skipped(commit, str(error)))
                continue
            tags = [r.removeprefix("tag: ") for r in refs.split(", ") if r.startswith("tag: ")]
            text_of = f"Merged: {subject}" + (f" ({', '.join(tags)})" if tags else "")
            result.events.append(
                ImportedEvent(
                    at=at,
                    text=text_of,
                    actor=author or None,
                    source=SOURCE,
                    source_id=commit,
                )
            )
        if warning := clock.warning(source.name):
            result.warnings.append(warning)
    return result
