"""The store: refusing bad files clearly, keeping unknown keys, atomic canonical saves, paths."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest

from postmortem_tui.core import model, paths, store, toml_errors

HEAD = 'format = 1\n\n[meta]\ntitle = "T"\n'
"""A minimal valid draft (4 lines); cases below append to it."""

NOW = dt.datetime(2024, 1, 16, 9, 0, tzinfo=dt.UTC)


def _write(tmp_path: Path, text: str | bytes, name: str = "draft.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _refused(path: Path) -> store.DraftError:
    """Read ``path`` expecting a refusal; check the file was left exactly as it was."""
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(store.DraftError) as caught:
        store.read_draft(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    message = str(caught.value)
    assert "\n" not in message, "one message, one line"
    assert message.startswith(str(path)), "the message names the file"
    return caught.value


# --- refusing bad files ---------------------------------------------------------------------

# (id, text, key path, words of what was expected, line or None)
MALFORMED = [
    ("missing-format", '[meta]\ntitle = "T"\n', "format", "this key is required", None),
    ("format-string", 'format = "1"\n[meta]\ntitle = "T"\n', "format", "format version", 1),
    ("format-zero", 'format = 0\n[meta]\ntitle = "T"\n', "format", "format version", 1),
    ("missing-meta", "format = 1\n", "meta.title", "title", None),
    ("missing-title", 'format = 1\n[meta]\nstatus = "draft"\n', "meta.title", "required", 2),
    ("blank-title", 'format = 1\n[meta]\ntitle = " "\n', "meta.title", "non-empty", 3),
    (
        "title-integer",
        "format = 1\n[meta]\ntitle = 7\n",
        "meta.title",
        "a string, got an integer",
        3,
    ),
    ("meta-list", 'format = 1\nmeta = ["T"]\n', "meta", "a table, got a list", 2),
    (
        "status",
        HEAD + 'status = "done"\n',
        "meta.status",
        'one of "draft", "in-review", "complete", got \'done\'',
        5,
    ),
    ("timezone", HEAD + 'timezone = "Mars/Olympus"\n', "meta.timezone", "IANA time zone", 5),
    ("timezone-empty", HEAD + 'timezone = ""\n', "meta.timezone", "IANA time zone", 5),
    ("date-datetime", HEAD + "date = 2024-01-15T10:00:00Z\n", "meta.date", "a date like", 5),
    ("date-string", HEAD + 'date = "2024-01-15"\n', "meta.date", "got a string", 5),
    ("tags-string", HEAD + 'tags = "db"\n', "meta.tags", "a list of strings, got a string", 5),
    ("tags-item", HEAD + 'tags = ["db", 3]\n', "meta.tags[1]", "a string, got an integer", 5),
    (
        "created-local",
        HEAD + "created = 2024-01-15T10:00:00\n",
        "meta.created",
        "without an offset",
        5,
    ),
    (
        "author-name",
        HEAD + '\n[[meta.authors]]\nname = "A"\n\n[[meta.authors]]\nname = 3\n',
        "meta.authors[1].name",
        "a string, got an integer",
        10,
    ),
    (
        "author-missing-name",
        HEAD + '\n[[meta.authors]]\nrole = "DBA"\n',
        "meta.authors[0].name",
        "required",
        6,
    ),
    (
        "authors-table",
        HEAD + '\n[meta.authors]\nname = "A"\n',
        "meta.authors",
        "a list of tables, written [[meta.authors]]",
        6,
    ),
    ("summary-list", 'format = 1\nsummary = ["x"]\n[meta]\ntitle = "T"\n', "summary", "table", 2),
    ("summary-int", HEAD + "\n[summary]\ntext = 3\n", "summary.text", "a string", 7),
    (
        "users-string",
        HEAD + '\n[impact]\nusers_affected = "lots"\n',
        "impact.users_affected",
        "an integer, got a string",
        7,
    ),
    (
        "users-float",
        HEAD + "\n[impact]\nusers_affected = 1.5\n",
        "impact.users_affected",
        "an integer, got a number",
        7,
    ),
    (
        "users-bool",
        HEAD + "\n[impact]\nusers_affected = true\n",
        "impact.users_affected",
        "got a boolean",
        7,
    ),
    (
        "users-negative",
        HEAD + "\n[impact]\nrequests_failed = 1\nusers_affected = -3\n",
        "impact.users_affected",
        ">= 0, got -3",
        8,
    ),
    (
        "revenue-negative",
        HEAD + "\n[impact]\nrevenue_loss = -0.5\n",
        "impact.revenue_loss",
        ">= 0",
        7,
    ),
    ("revenue-inf", HEAD + "\n[impact]\nrevenue_loss = inf\n", "impact.revenue_loss", "finite", 7),
    ("revenue-nan", HEAD + "\n[impact]\nrevenue_loss = nan\n", "impact.revenue_loss", "finite", 7),
    (
        "revenue-string",
        HEAD + '\n[impact]\nrevenue_loss = "$5"\n',
        "impact.revenue_loss",
        "an integer or a number",
        7,
    ),
    (
        "approximate-string",
        HEAD + '\n[impact]\napproximate = "yes"\n',
        "impact.approximate",
        "true or false, got a string",
        7,
    ),
    (
        "impact-start-date",
        HEAD + "\n[impact]\nstart = 2024-01-15\n",
        "impact.start",
        "with an offset",
        7,
    ),
    (
        "impact-end-local",
        HEAD + "\n[impact]\nend = 2024-01-15T14:57:00\n",
        "impact.end",
        "without an offset",
        7,
    ),
    (
        "timeline-at-local",
        HEAD
        + '\n[[timeline]]\nat = 2024-01-15T14:00:00Z\nevent = "a"\n'
        + '\n[[timeline]]\nat = 2024-01-15T14:10:00Z\nevent = "b"\n'
        + '\n[[timeline]]\nevent = "c"\nat = 2024-01-15T14:32:00\n',
        "timeline[2].at",
        "with an offset, like 2024-01-15T14:32:00Z, got one without an offset",
        16,
    ),
    (
        "timeline-at-time",
        HEAD + '\n[[timeline]]\nat = 14:32:00\nevent = "a"\n',
        "timeline[0].at",
        "got a time of day",
        7,
    ),
    (
        "timeline-at-missing",
        HEAD + '\n[[timeline]]\nevent = "a"\n',
        "timeline[0].at",
        "required",
        6,
    ),
    (
        "timeline-kind",
        HEAD + '\n[[timeline]]\nat = 2024-01-15T14:32:00Z\nevent = "a"\nkind = "fixed"\n',
        "timeline[0].kind",
        "got 'fixed'",
        9,
    ),
    (
        "timeline-event-blank",
        HEAD + '\n[[timeline]]\nat = 2024-01-15T14:32:00Z\nevent = ""\n',
        "timeline[0].event",
        "non-empty",
        8,
    ),
    (
        "timeline-table",
        HEAD + "\n[timeline]\nat = 2024-01-15T14:32:00Z\n",
        "timeline",
        "a list of tables, written [[timeline]], got a table",
        6,
    ),
    (
        "timeline-item-string",
        'format = 1\ntimeline = ["14:32 deploy"]\n[meta]\ntitle = "T"\n',
        "timeline[0]",
        "a table, got a string",
        2,
    ),
    (
        "code-caption",
        HEAD + '\n[[root_cause.code]]\ncaption = 1\ncode = "x"\n',
        "root_cause.code[0].caption",
        "a string",
        7,
    ),
    (
        "factor-details",
        HEAD + '\n[[factors]]\ntitle = "x"\ndetails = "one"\n',
        "factors[0].details",
        "a list of strings",
        8,
    ),
    (
        "action-priority",
        HEAD + '\n[[action_items]]\naction = "x"\npriority = "P9"\n',
        "action_items[0].priority",
        'one of "P0", "P1", "P2", "P3", got \'P9\'',
        8,
    ),
    (
        "action-status",
        HEAD + '\n[[action_items]]\naction = "x"\nstatus = "Done"\n',
        "action_items[0].status",
        "\"wont-do\", got 'Done'",
        8,
    ),
    (
        "action-type",
        HEAD + '\n[[action_items]]\naction = "x"\ntype = "fix"\n',
        "action_items[0].type",
        "\"process\", got 'fix'",
        8,
    ),
    (
        "action-missing",
        HEAD + '\n[[action_items]]\nowner = "x"\n',
        "action_items[0].action",
        "required",
        6,
    ),
    (
        "action-due-datetime",
        HEAD + '\n[[action_items]]\naction = "x"\ndue = 2024-01-20T00:00:00Z\n',
        "action_items[0].due",
        "a date like 2024-01-15, got a date and time",
        8,
    ),
    (
        "prevention-done",
        HEAD + '\n[[prevention]]\ntext = "x"\ndone = "yes"\n',
        "prevention[0].done",
        "true or false",
        8,
    ),
    (
        "related-date",
        HEAD + '\n[[related]]\ndate = "last week"\ntitle = "x"\n',
        "related[0].date",
        "a date like",
        7,
    ),
    (
        "review-meeting-local",
        HEAD + "\n[review]\nmeeting = 2024-01-15T15:30:00\n",
        "review.meeting",
        "without an offset",
        7,
    ),
    (
        "review-held",
        HEAD + '\n[review]\nmeeting_held = "no"\n',
        "review.meeting_held",
        "true or false",
        7,
    ),
    (
        "appendix-list",
        HEAD + "\n[[appendix]]\nmonitoring_graphs = 'x'\n",
        "appendix",
        "a table, got a list",
        6,
    ),
]


@pytest.mark.parametrize(
    ("text", "key_path", "expected", "line"),
    [case[1:] for case in MALFORMED],
    ids=[case[0] for case in MALFORMED],
)
def test_malformed_draft_is_refused_with_key_path(
    tmp_path: Path, text: str, key_path: str, expected: str, line: int | None
) -> None:
    path = _write(tmp_path, text)
    error = _refused(path)
    assert error.key == key_path
    assert str(error).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert f"{key_path}: expected " in str(error)
    assert expected in str(error)
    assert error.line == line


def test_not_toml_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + 'severity = "P1\nstatus = "draft"\n')
    error = _refused(path)
    assert error.line == 5
    assert str(error).startswith(f"{path}:5: meta.severity: not valid TOML: ")


TIMELINE = HEAD + '\n[[timeline]]\nat = 2024-01-15T14:00:00Z\nevent = "a"\n\n[[timeline]]\n'
"""A draft whose second timeline event (line 11 on) is being written."""


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            TIMELINE + "at = 14:32\n",
            11,
            "timeline[1].at: expected a date and time with an offset, like "
            "2024-01-15T14:32:00Z, got 14:32 (a time needs its date)",
        ),
        (
            TIMELINE + "at = 2024-01-15 14:32\n",
            11,
            "timeline[1].at: expected a date and time with an offset, like "
            "2024-01-15T14:32:00Z, got 2024-01-15 14:32 (TOML needs the seconds)",
        ),
        (
            HEAD + "date = 2024-13-01\n",
            5,
            "meta.date: expected a date like 2024-01-15, or a date and time with an offset, "
            "like 2024-01-15T14:32:00Z, got 2024-13-01",
        ),
        (
            TIMELINE + "at = 2024-01-15T14:32:00Z\nevent = \"won't work\n",
            12,
            'timeline[1].event: not valid TOML: the text has no closing "; expected "..." on '
            'one line, or """...""" for text over several lines',
        ),
        (
            'format = 1\n[meta]\ntitle = "T"\n[[meta.authors]]\nname = Jane Doe\n',
            5,
            'meta.authors[0].name: expected text in quotes: name = "Jane Doe"',
        ),
    ],
    ids=["time-without-date", "no-seconds", "no-such-date", "unclosed-quote", "no-quotes"],
)
def test_hand_editing_slips_name_the_key_and_what_was_expected(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path, text)
    assert str(_refused(path)) == f"{path}:{line}: {message}"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            HEAD + 'severity = P1"\n',
            5,
            'meta.severity: expected text in quotes on both sides: severity = "P1"',
        ),
        (
            HEAD + "\n[impact]\nusers_affected = 50,000\n",
            7,
            "impact.users_affected: expected a plain number like 50000 (or 50_000), got 50,000",
        ),
        (
            HEAD + "\n[impact]\nrevenue_loss = $15,000.50\n",
            7,
            "impact.revenue_loss: expected a plain number like 15000.50 (or 15_000.50), "
            "got $15,000.50 (the currency goes in impact.currency)",
        ),
        (
            HEAD + "tags = [database, deploy]\n",
            5,
            'meta.tags: expected a list of texts in quotes: tags = ["database", "deploy"]',
        ),
    ],
    ids=["one-quote", "thousands-separator", "currency-symbol", "list-without-quotes"],
)
def test_more_hand_editing_slips(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, text)
    assert str(_refused(path)) == f"{path}:{line}: {message}"


def test_toml_error_at_end_of_document_names_last_line(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + "[impact")
    assert _refused(path).line == 5


def test_duplicate_key_is_a_toml_error(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + 'title = "again"\n')
    error = _refused(path)
    assert error.line == 5 and "not valid TOML" in str(error)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEAD + 'title = "again"\n',
            ":5: meta.title: not valid TOML: this key is set twice; expected it once",
        ),
        (
            HEAD + "\n[meta]\ndate = 2024-01-15\n",
            ":6: not valid TOML: the table [meta] appears twice; expected it once (merge the two)",
        ),
        (
            HEAD + '\n[[timeline]]\nat = 2024-01-15T14:32:00Z\nevent = "a"\n\n[timeline]\n',
            ":10: not valid TOML: expected [[timeline]] for another entry of the list, "
            "got [timeline]",
        ),
    ],
    ids=["key-twice", "table-twice", "list-entry-as-table"],
)
def test_a_repeated_key_or_table_is_said_without_python(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    assert str(_refused(path)) == f"{path}{message}"


def test_deeply_nested_value_is_refused_not_crashed(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "not valid TOML" in str(_refused(path))


def test_not_utf8_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEAD + 'severity = "caf\xe9"\n').encode("latin-1"))
    error = _refused(path)
    assert "not UTF-8" in str(error)
    assert error.line == 5


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert "not UTF-8" in str(_refused(path))


def test_newer_format_names_both_versions(tmp_path: Path) -> None:
    path = _write(tmp_path, 'format = 2\n[meta]\ntitle = "T"\nhologram = true\n')
    message = str(_refused(path))
    assert "format 2" in message and "format 1" in message
    assert "newer" in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(store.DraftError, match="no such file"):
        store.read_draft(tmp_path / "nope.toml")
    with pytest.raises(store.DraftError, match="folder"):
        store.read_draft(tmp_path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeff" + HEAD)
    assert store.read_draft(path).draft.meta.title == "T"


def test_long_bad_value_is_cut_in_the_message(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + f'status = "{"x" * 5000}"\n')
    assert len(str(_refused(path))) < 300


def test_error_detail_leaves_out_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + 'status = "done"\n')
    error = _refused(path)
    assert error.detail.startswith("line 5: meta.status: expected one of")


@pytest.mark.parametrize(
    ("key_path", "line"),
    [
        ("format", 1),
        ("meta.title", 4),
        ("meta.authors[1].role", 11),
        ("meta.authors[1]", 10),
        ("impact.users_affected", 14),
        ("timeline[1].at", 21),
        ("timeline[1].kind", 20),  # absent key: the item's header
        ("root_cause.code[0].code", 26),
        ("review", 28),
        ("nothing.here", None),
        ("", None),
    ],
)
def test_line_of_a_key_path(key_path: str, line: int | None) -> None:
    text = textwrap.dedent(
        """\
        format = 1
        [meta]
        # a comment
        title = "T"
        [[meta.authors]]
        name = "A"

        [[meta.authors]]
        name = "B"
        role = "x"
        # the second author's role above
        [impact]
        start = 2024-01-15T14:32:00Z
        users_affected = -1
        [[timeline]]
        at = 2024-01-15T14:32:00Z
        event = "a"


        [[timeline]]
        at = 2024-01-15T14:33:00
        event = "b"
        [root_cause]
        text = "x"
        [[root_cause.code]]
        code = 5
        [[appendix.code]]
        [review]
        """
    )
    # Two lines are off by design above: the checks read the real positions.
    lines = text.splitlines()
    expected = {
        "meta.authors[1].role": lines.index('role = "x"') + 1,
        "meta.authors[1]": lines.index('name = "B"') - 1 + 1,
        "timeline[1].at": lines.index("at = 2024-01-15T14:33:00") + 1,
        "timeline[1].kind": lines.index("at = 2024-01-15T14:33:00"),
        "root_cause.code[0].code": lines.index("code = 5") + 1,
        "review": lines.index("[review]") + 1,
    }
    assert toml_errors.line_of(text, key_path) == expected.get(key_path, line)


# --- unknown keys ---------------------------------------------------------------------------

UNKNOWN = textwrap.dedent(
    """\
    format = 1
    bot_version = "2.1"

    [meta]
    title = "T"
    pager_id = 1234
    owner_team = { name = "db", slack = "#db" }

    [[timeline]]
    at = 2024-01-15T14:32:00Z
    event = "alarm"
    detector = "cloudwatch"
    labels = ["a", "b"]

    [[timeline.attachments]]
    url = "https://x"

    [postmortem_bot]
    channel = "#inc-42"
    escalations = [1, 2]

    [postmortem_bot.nested]
    when = 2024-01-15T14:32:00
    """
)


def test_unknown_keys_are_kept_and_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, UNKNOWN)
    loaded = store.read_draft(path)
    assert sorted(loaded.warnings) == sorted(
        [
            "bot_version: unknown key, kept as it is",
            "postmortem_bot: unknown key, kept as it is",
            "meta.pager_id: unknown key, kept as it is",
            "meta.owner_team: unknown key, kept as it is",
            "timeline[0].detector: unknown key, kept as it is",
            "timeline[0].labels: unknown key, kept as it is",
            "timeline[0].attachments: unknown key, kept as it is",
        ]
    )
    draft = loaded.draft
    assert draft.unknown["bot_version"] == "2.1"
    assert draft.meta.unknown["owner_team"] == {"name": "db", "slack": "#db"}
    assert draft.timeline[0].unknown["attachments"] == [{"url": "https://x"}]
    assert draft.unknown["postmortem_bot"]["nested"]["when"] == dt.datetime(2024, 1, 15, 14, 32)

    store.save_draft(draft, path, expected=loaded.fingerprint, now=NOW)
    again = store.read_draft(path)
    assert again.draft == draft
    assert again.warnings and len(again.warnings) == len(loaded.warnings)
    text = path.read_text()
    for line in ('bot_version = "2.1"', "pager_id = 1234", 'detector = "cloudwatch"'):
        assert line in text
    assert "[postmortem_bot]" in text and "[postmortem_bot.nested]" in text
    assert "[[timeline.attachments]]" in text
    assert "when = 2024-01-15T14:32:00\n" in text  # still a local datetime


def test_known_draft_has_no_warnings(example_path: Path) -> None:
    assert store.read_draft(example_path).warnings == []


# --- saving ---------------------------------------------------------------------------------


def _full_draft() -> model.Draft:
    at = dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC)
    return model.Draft(
        meta=model.Meta(
            title="T",
            date=dt.date(2024, 1, 15),
            severity="P2",
            timezone="Europe/Berlin",
            tags=["db"],
            authors=[model.Author("A", "On-call")],
        ),
        summary=model.Summary("line one\nline two"),
        impact=model.Impact(start=at, end=at, users_affected=3, extra=[model.ImpactLine("a", "b")]),
        timeline=[model.TimelineEvent(at, "e", "detected")],
        root_cause=model.RootCause("why", [model.CodeBlock("c", "py", "x = 1\n")]),
        factors=[model.Factor("f", "s", ["d"])],
        went_well=[model.Point("w")],
        went_wrong=[model.Point("g")],
        lucky=[model.Point("l")],
        action_items=[model.ActionItem("a", owner="o", priority="P0")],
        lessons=[model.Point("le")],
        related=[model.Related(dt.date(2023, 1, 1), "r")],
        prevention=[model.Prevention("p", True)],
        appendix=model.Appendix("graphs", code=[model.CodeBlock(code="y")]),
        review=model.Review(meeting_held=True, shared_with=["#eng"]),
        unknown={"zz_extra": {"k": 1}},
    )


def test_save_writes_canonical_order(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    store.save_draft(_full_draft(), path, now=NOW)
    headers = [line for line in path.read_text().splitlines() if line.startswith("[")]
    assert headers == [
        "[meta]",
        "[[meta.authors]]",
        "[summary]",
        "[impact]",
        "[[impact.extra]]",
        "[[timeline]]",
        "[root_cause]",
        "[[root_cause.code]]",
        "[[factors]]",
        "[[went_well]]",
        "[[went_wrong]]",
        "[[lucky]]",
        "[[action_items]]",
        "[[lessons]]",
        "[[related]]",
        "[[prevention]]",
        "[appendix]",
        "[[appendix.code]]",
        "[review]",
        "[zz_extra]",
    ]
    text = path.read_text()
    assert text.startswith("format = 1\n\n[meta]\n")
    meta = text.split("[meta]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split(" = ")[0] for line in meta] == [
        "title",
        "date",
        "status",
        "severity",
        "timezone",
        "tags",
        "created",
        "updated",
    ]
    assert 'text = """\nline one\nline two"""\n' in text
    assert 'code = """\nx = 1\n"""\n' in text


def test_second_save_writes_identical_bytes(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    draft = _full_draft()
    first = store.save_draft(draft, path, now=NOW)
    before = path.read_bytes()
    store.save_draft(draft, path, expected=first, now=NOW)
    assert path.read_bytes() == before


def test_load_then_save_changes_only_updated(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    store.save_draft(_full_draft(), path, now=NOW)
    before = path.read_text().splitlines()
    loaded = store.read_draft(path)
    later = NOW + dt.timedelta(days=3)
    store.save_draft(loaded.draft, path, expected=loaded.fingerprint, now=later)
    after = path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("updated = 2024-01-16T09:00:00Z", "updated = 2024-01-19T09:00:00Z")]


def test_created_is_set_for_a_new_file_only(tmp_path: Path, example_path: Path) -> None:
    new = tmp_path / "new.toml"
    draft = model.Draft.new("T")
    store.save_draft(draft, new, now=NOW)
    assert draft.meta.created == draft.meta.updated == NOW
    loaded = store.read_draft(example_path)  # the example has no created
    store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint, now=NOW)
    assert loaded.draft.meta.created is None
    assert loaded.draft.meta.updated == NOW


def test_touch_false_keeps_times(tmp_path: Path) -> None:
    draft = model.Draft.new("T")
    store.save_draft(draft, tmp_path / "d.toml", touch=False)
    assert draft.meta.updated is None and draft.meta.created is None


def _assert_untouched(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    leftovers = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
    assert leftovers == [], "no temporary file is left behind"


def test_crash_before_rename_leaves_old_file(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_path)
    before = example_path.read_bytes()

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies mid-save

    monkeypatch.setattr(os, "replace", crash)
    monkeypatch.setattr(store, "_exchange", crash)
    loaded.draft.meta.title = "Changed"
    with pytest.raises(KeyboardInterrupt):
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    _assert_untouched(example_path, before)


def test_crash_during_write_leaves_old_file(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_path)
    before = example_path.read_bytes()
    real_fdopen = os.fdopen

    class Torn:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Torn:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> None:
            self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Torn(real_fdopen(fd, mode)))
    with pytest.raises(store.DraftError, match="Input/output error"):
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    _assert_untouched(example_path, before)


def test_full_disk_gives_clear_error_and_leaves_old_file(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_path)
    before = example_path.read_bytes()

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(store.DraftError) as caught:
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert type(caught.value) is store.DraftError
    assert str(caught.value) == (
        f"{example_path}: could not be saved: the disk is full; the file on disk is unchanged"
    )
    _assert_untouched(example_path, before)


def test_unwritable_folder_gives_draft_error(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_path)
    before = example_path.read_bytes()

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    import tempfile

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(store.DraftError) as caught:
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert "could not be saved: Permission denied" in str(caught.value)
    _assert_untouched(example_path, before)


def test_unencodable_text_gives_draft_error(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    with pytest.raises(store.DraftError, match="UTF-8"):
        store.save_draft(model.Draft.new("bad \udc80 surrogate"), path)
    assert not path.exists()


def test_changed_on_disk_is_not_overwritten(example_path: Path) -> None:
    loaded = store.read_draft(example_path)
    edited = example_path.read_text().replace("Jane Doe", "Jane Roe") + "# edited elsewhere\n"
    example_path.write_text(edited)
    loaded.draft.meta.title = "Mine"
    with pytest.raises(store.DraftChangedOnDisk) as caught:
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert "changed on disk" in str(caught.value)
    assert example_path.read_text() == edited
    # the caller may decide to overwrite
    store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint, force=True)
    assert store.read_draft(example_path).draft.meta.title == "Mine"


def test_same_size_same_mtime_edit_is_still_noticed(example_path: Path) -> None:
    loaded = store.read_draft(example_path)
    stat = example_path.stat()
    edited = example_path.read_text().replace("Jane Doe", "Jane Roe")
    assert len(edited.encode()) == stat.st_size
    example_path.write_text(edited)
    os.utime(example_path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(store.DraftChangedOnDisk):
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert example_path.read_text() == edited


def test_touched_but_unchanged_file_is_saved(example_path: Path) -> None:
    loaded = store.read_draft(example_path)
    os.utime(example_path, (time.time() + 60, time.time() + 60))
    store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)


def test_existing_file_without_fingerprint_is_not_overwritten(example_path: Path) -> None:
    before = example_path.read_bytes()
    with pytest.raises(store.DraftChangedOnDisk):
        store.save_draft(model.Draft.new("T"), example_path)
    assert example_path.read_bytes() == before


def test_deleted_file_is_written_again(example_path: Path) -> None:
    loaded = store.read_draft(example_path)
    example_path.unlink()
    store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert store.read_draft(example_path).draft == loaded.draft


def test_save_returns_the_new_fingerprint(example_path: Path) -> None:
    loaded = store.read_draft(example_path)
    fingerprint = store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert fingerprint == store.current_fingerprint(example_path)
    loaded.draft.meta.title = "Again"
    store.save_draft(loaded.draft, example_path, expected=fingerprint)


def test_save_keeps_file_mode_and_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    store.save_draft(model.Draft.new("T"), real)
    real.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    loaded = store.read_draft(link)
    loaded.draft.meta.title = "Through the link"
    store.save_draft(loaded.draft, link, expected=loaded.fingerprint)
    assert link.is_symlink()
    assert store.read_draft(real).draft.meta.title == "Through the link"
    assert real.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        store._umask.cache_clear()
        path = tmp_path / "new.toml"
        store.write_atomic(path, b"x")
    finally:
        os.umask(old)
        store._umask.cache_clear()
    assert path.stat().st_mode & 0o777 == 0o644


# --- where drafts live ----------------------------------------------------------------------


def test_drafts_dir_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTMORTEM_DIR", str(tmp_path / "env"))
    assert paths.drafts_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert paths.drafts_dir() == tmp_path / "env"
    monkeypatch.delenv("POSTMORTEM_DIR")
    import platformdirs

    calls = []

    def fake_user_data_dir(app: str, appauthor: object = None) -> str:
        calls.append((app, appauthor))
        return str(tmp_path / "platform")

    monkeypatch.setattr(platformdirs, "user_data_dir", fake_user_data_dir)
    assert paths.drafts_dir() == tmp_path / "platform" / "drafts"
    assert calls == [("postmortem-tui", False)]
    monkeypatch.setenv("POSTMORTEM_DIR", "~/pm")
    assert paths.drafts_dir() == Path.home() / "pm"


def test_new_file_name_and_no_clobbering(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    draft = model.Draft.new("API Outage: DB pool (eu-west-1)!", date=dt.date(2024, 1, 15))
    first = store.create_draft_file(draft, folder)
    second = store.create_draft_file(
        model.Draft.new(draft.meta.title, date=draft.meta.date), folder
    )
    third = store.create_draft_file(model.Draft.new(draft.meta.title, date=draft.meta.date), folder)
    assert first.path.name == "2024-01-15-api-outage-db-pool-eu-west-1.toml"
    assert second.path.name == "2024-01-15-api-outage-db-pool-eu-west-1-2.toml"
    assert third.path.name == "2024-01-15-api-outage-db-pool-eu-west-1-3.toml"
    assert store.read_draft(first.path).draft.meta.created is not None
    assert first.fingerprint == store.current_fingerprint(first.path)


def test_new_file_without_date_uses_today(tmp_path: Path) -> None:
    loaded = store.create_draft_file(model.Draft.new("Ünïcode — only"), tmp_path)
    assert loaded.path.name == f"{dt.date.today().isoformat()}-unicode-only.toml"
    loaded = store.create_draft_file(model.Draft.new("日本語"), tmp_path)
    assert loaded.path.name.endswith("-postmortem.toml")


def test_failed_create_leaves_no_empty_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(store.DraftError, match="disk is full"):
        store.create_draft_file(model.Draft.new("T", date=dt.date(2024, 1, 1)), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_slugify_is_bounded() -> None:
    slug = store.slugify("word " * 40)
    assert len(slug) <= 60 and not slug.endswith("-")


def test_list_drafts_newest_first_with_unreadable(tmp_path: Path) -> None:
    old = store.create_draft_file(model.Draft.new("Old", date=dt.date(2024, 1, 1)), tmp_path)
    new = store.create_draft_file(
        model.Draft.new("New", date=dt.date(2023, 1, 1), severity="P1"), tmp_path
    )
    bad = _write(tmp_path, "format = 1\n[meta]\ntitle = 3\n", "bad.toml")
    (tmp_path / "notes.txt").write_text("not a draft")
    (tmp_path / ".hidden.toml").write_text("x")
    for age, path in ((300, old.path), (200, bad), (100, new.path)):
        os.utime(path, (time.time() - age, time.time() - age))
    found = store.list_drafts(tmp_path)
    assert [s.path for s in found] == [new.path, bad, old.path]
    assert found[0].title == "New" and found[0].severity == "P1"
    assert found[1].status == "unreadable"
    assert found[1].error == "line 3: meta.title: expected a string, got an integer"
    assert store.most_recent_draft(tmp_path) == new.path
    assert store.list_drafts(tmp_path / "missing") == []
    assert store.most_recent_draft(tmp_path / "missing") is None


# --- one program at a time ------------------------------------------------------------------


def test_second_lock_on_a_draft_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    with store.DraftLock(path) as first:
        assert first.held
        with pytest.raises(
            store.DraftLocked, match=rf"is open in postmortem \(pid {os.getpid()}\)"
        ):
            store.DraftLock(path).acquire()
    again = store.DraftLock(path)
    again.acquire()
    assert again.held
    again.release()
    assert not again.held
    assert not again.lock_path.exists()


def test_lock_in_missing_folder_is_a_draft_error(tmp_path: Path) -> None:
    with pytest.raises(store.DraftError, match="cannot be locked"):
        store.DraftLock(tmp_path / "missing" / "d.toml").acquire()


def test_lock_goes_away_when_the_holder_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom postmortem_tui.core.store import DraftLock\n"
            f"DraftLock({str(path)!r}).acquire()\nprint('locked', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(store.DraftLocked, match=f"pid {holder.pid}"):
            store.DraftLock(path).acquire()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    assert holder.returncode == -signal.SIGKILL
    with store.DraftLock(path) as lock:
        assert lock.held


def test_the_example_in_docs_format_md_is_canonical() -> None:
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "format.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", doc, re.S)
    assert len(blocks) == 7
    minimal, example, *additions, config_example = blocks
    assert store.parse_draft(minimal)[0] == model.Draft.new(
        "API Outage - Database Connection Pool Exhausted"
    )
    draft, warnings = store.parse_draft(example)
    assert warnings == []
    assert store.dumps_draft(draft) == example
    # The examples of the additions are parts of a draft: each reads without a warning.
    for block in additions:
        text = f"format = 1\n\n{block}" if block.startswith("[meta]") else minimal + block
        assert store.parse_draft(text)[1] == []
    assert "sections" in tomllib.loads(config_example)


def test_failed_save_keeps_the_times_in_memory(
    example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = store.read_draft(example_path)
    loaded.draft.meta.updated = NOW

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(store.DraftError):
        store.save_draft(loaded.draft, example_path, expected=loaded.fingerprint)
    assert loaded.draft.meta.updated == NOW


def test_create_in_a_place_that_cannot_hold_a_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(store.DraftError, match="could not be created"):
        store.create_draft_file(model.Draft.new("T"), blocker / "drafts")


def test_lock_taken_while_the_holder_lets_go_is_not_an_orphan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    path = tmp_path / "d.toml"
    first = store.DraftLock(path)
    first.acquire()
    real_flock = fcntl.flock
    calls: list[int] = []

    def flock_after_release(fd: int, operation: int) -> None:
        if not calls:  # the holder releases (and unlinks) between our open and our flock
            first.release()
        calls.append(fd)
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock_after_release)
    second = store.DraftLock(path)
    second.acquire()
    monkeypatch.setattr(fcntl, "flock", real_flock)
    assert len(calls) == 2, "the orphaned lock file was noticed and the lock taken again"
    with pytest.raises(store.DraftLocked):
        store.DraftLock(path).acquire()
    second.release()


def test_killed_mid_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from postmortem_tui.core import model, store
        path = Path({str(path)!r})
        drafts = [model.Draft.new("A" * 50_000), model.Draft.new("B" * 70_000)]
        fingerprint = store.save_draft(
            drafts[0], path, expected=store.current_fingerprint(path), touch=False
        )
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            fingerprint = store.save_draft(
                drafts[n % 2], path, expected=fingerprint, touch=False
            )
        """
    )
    for delay in (0.05, 0.13, 0.21):
        saver = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert saver.stdout is not None
        assert saver.stdout.readline().strip() == "ready"
        time.sleep(delay)
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=10)
        title = store.read_draft(path).draft.meta.title
        assert title in ("A" * 50_000, "B" * 70_000)
    # what a kill can leave behind is a hidden temporary file, never listed as a draft
    assert [s.path for s in store.list_drafts(tmp_path)] == [path]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_listing_removes_what_killed_saves_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    store.save_draft(model.Draft.new("T"), path)
    dead = _dead_pid()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        killed = tmp_path / f".d.toml.{dead}.abc123.tmp"
        other_draft = tmp_path / f".other.toml.{dead}.abc123.tmp"
        live = tmp_path / f".d.toml.{sleeper.pid}.def456.tmp"
        ours = tmp_path / f".d.toml.{os.getpid()}.ghi789.tmp"
        old_style = tmp_path / ".d.toml.jkl012.tmp"
        old_style_fresh = tmp_path / ".d.toml.mno345.tmp"
        for leftover in (killed, other_draft, live, ours, old_style, old_style_fresh):
            leftover.write_text("torn")
        long_ago = time.time() - 3600
        os.utime(old_style, (long_ago, long_ago))
        assert [s.path for s in store.list_drafts(tmp_path)] == [path]
        assert not killed.exists(), "the process that wrote it is gone"
        assert not other_draft.exists(), "any draft of the folder is tidied"
        assert not old_style.exists()
        assert live.exists(), "a save in progress elsewhere is not disturbed"
        assert ours.exists(), "a save of this program's (in a thread) is not disturbed"
        assert old_style_fresh.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_abandoned_temporary_file_goes_even_if_its_pid_was_reused(tmp_path: Path) -> None:
    ours = tmp_path / f".d.toml.{os.getpid()}.abc123.tmp"
    ours.write_text("torn")
    long_ago = time.time() - store.ABANDONED_AFTER - 60
    os.utime(ours, (long_ago, long_ago))
    assert store.remove_abandoned_temporary_files(tmp_path) == 1
    assert not ours.exists()


def test_a_write_that_need_not_be_durable_never_waits_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fsync(_fd: int) -> None:
        raise AssertionError("fsync called")

    monkeypatch.setattr(os, "fsync", no_fsync)
    target = tmp_path / ".d.toml.recover"
    store.write_atomic(target, b"{}", durable=False)
    assert target.read_bytes() == b"{}"
