"""``postmortem check --format github``: the review as GitHub Actions workflow commands.

Each unmet checklist item, ordering problem and blameless finding becomes one line such as
``::warning file=F,line=L,title=T::message``, with the line of its key in the draft, so that it
shows on the pull request's diff. Unmet checklist items are errors under ``--strict`` (warnings
otherwise), as are files that cannot be read; findings and problems are warnings. The exit status
is the one ``check`` gives.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ..core import toml_errors
from ..core.config import Config, ConfigError, load_config
from .report import (
    EXIT_COMPLETE,
    EXIT_INCOMPLETE,
    EXIT_UNREADABLE,
    ChecklistItem,
    DraftReview,
    Finding,
    Problem,
    review_draft,
)

CHECKLIST_KEYS: dict[str, tuple[str, ...]] = {
    "timeline": ("timeline",),
    "root_cause": ("root_cause.text", "root_cause"),
    "factors": ("factors",),
    "action_owners": ("action_items",),
    "lessons": ("lessons",),
    "meeting": ("review.meeting_held", "review.meeting", "review"),
    "shared": ("review.shared_with", "review"),
    "follow_up": ("review.follow_up", "review"),
}
"""Where each checklist item's answer lives in a draft, most precise first."""


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    level: str, file: str, message: str, *, line: int | None = None, title: str | None = None
) -> str:
    """One workflow command: ``::error file=F,line=L,title=T::message``, escaped."""
    props = [f"file={_property(file)}"]
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_property(title)}")
    return f"::{level} {','.join(props)}::{_data(message)}"


def _first_line(text: str, keys: Sequence[str]) -> int | None:
    for key in keys:
        line = toml_errors.line_of(text, key)
        if line:
            return line
    return None


def _action_key(text: str, item: ChecklistItem) -> int | None:
    # "2 action items without an owner: #2, #5": the first item named.
    match = re.search(r"#(\d+)", item.detail)
    if match:
        line = toml_errors.line_of(text, f"action_items[{int(match.group(1)) - 1}].action")
        if line:
            return line
    return _first_line(text, CHECKLIST_KEYS["action_owners"])


def _finding_line(text: str, finding: Finding) -> int | None:
    """The line of the flagged words: inside the key's value when it runs over lines."""
    field = re.sub(r"\[\d+\]$", "", finding.field)
    key = f"{finding.where}.{field}"
    line = toml_errors.line_of(text, key)
    if line is None:
        return None
    lines = text.splitlines()
    if finding.match:
        for number in range(line - 1, min(len(lines), line + 200)):
            if number > line - 1 and re.match(r"\s*(\[|[\w\"-]+\s*=)", lines[number]):
                break  # the next key or table: the words are not on a later line
            if finding.match in lines[number]:
                return number + 1
    return line


def _problem_line(text: str, problem: Problem) -> int | None:
    if problem.index is not None:
        return toml_errors.line_of(text, f"timeline[{problem.index}].at")
    if problem.section == "impact":
        return _first_line(text, ("impact.end", "impact.start", "impact"))
    return _first_line(text, (problem.section,))


def draft_annotations(review: DraftReview, file: str, text: str, *, strict: bool) -> list[str]:
    """The workflow commands for one draft's review; ``text`` is the draft's TOML."""
    out = []
    level = "error" if strict else "warning"
    for item in review.checklist:
        if item.ok:
            continue
        if item.id == "action_owners":
            line = _action_key(text, item)
        else:
            line = _first_line(text, CHECKLIST_KEYS.get(item.id, ()))
        out.append(command(level, file, item.detail, line=line, title=f"Checklist: {item.label}"))
    for problem in review.problems:
        out.append(
            command(
                "warning",
                file,
                problem.message,
                line=_problem_line(text, problem),
                title=f"Timeline: {problem.rule}",
            )
        )
    for finding in review.findings:
        out.append(
            command(
                "warning",
                file,
                f"“{finding.excerpt}”: {finding.suggestion}",
                line=_finding_line(text, finding),
                title=f"Blameless: {finding.rule}",
            )
        )
    return out


def _annotated(
    name: str, config: Config, fingerprint: bytes, strict: bool
) -> tuple[tuple[str, bool, list[str]], tuple[str, str] | None]:
    """One draft's verdict (``complete``, ``incomplete``, ``could not be read``), whether it
    fails the check, and its workflow commands; with the review to keep."""
    from ..core.store import DraftError, decode_draft, read_file_bytes
    from . import cache

    try:
        data = read_file_bytes(Path(name), config.drafts.size_limit)
        loaded = decode_draft(name, data)
    except DraftError as error:
        where = f"{error.key}: " if error.key else ""
        message = f"{where}{error.message}"
        line = command("error", name, message, line=error.line, title="Draft cannot be read")
        return ("could not be read", True, [line]), None
    review = review_draft(loaded.draft, config)
    entry = (cache.key(fingerprint, data), cache.encode(loaded.warnings, review))
    return _verdict(name, data, review, strict), entry


def _found(
    name: str, data: bytes, warnings: Sequence[str], review: DraftReview, strict: bool
) -> tuple[str, bool, list[str]]:
    """The verdict of a draft whose review was kept, with the lines of the bytes it was found
    by (the file may have changed since)."""
    return _verdict(name, data, review, strict)


def _verdict(
    name: str, data: bytes, review: DraftReview, strict: bool
) -> tuple[str, bool, list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""  # the annotations go on the file, without lines
    failed = not review.complete or (strict and bool(review.findings))
    verdict = "complete" if review.complete else "incomplete"
    return verdict, failed, draft_annotations(review, name, text, strict=strict)


def run_github_check(drafts: Sequence[str], *, strict: bool, out: IO[str] | None = None) -> int:
    """``postmortem check --format github``: one workflow command per thing to fix, then a
    tally; returns the exit status ``check`` gives."""
    out = out if out is not None else sys.stdout
    try:
        config = load_config()
    except ConfigError as error:
        out.write(command("error", str(error.path), error.message, title="Configuration") + "\n")
        return EXIT_UNREADABLE
    status = EXIT_COMPLETE
    tally = {"complete": 0, "incomplete": 0, "could not be read": 0}
    from . import cache

    for verdict, failed, lines in cache.map_reviews(_annotated, _found, drafts, config, strict):
        if verdict == "could not be read":
            status = EXIT_UNREADABLE
        elif failed and status == EXIT_COMPLETE:
            status = EXIT_INCOMPLETE
        tally[verdict] += 1
        for line in lines:
            out.write(line + "\n")
    counts = ", ".join(f"{n} {what}" for what, n in tally.items() if n)
    out.write(f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''}: {counts}\n")
    return status
