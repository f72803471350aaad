"""The codec (plain data <-> model) and the TOML writer's escaping and layout."""

from __future__ import annotations

import datetime as dt
import threading
import tomllib
from decimal import Decimal
from typing import Any

import pytest

from postmortem_tui.core import codec, model, store, tomlwrite


def _load(form: str) -> Any:
    return tomllib.loads(f"v = {form}\n")["v"]


# --- strings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("tab\there", '"tab\\there"'),
        ("cr\rhere", '"cr\\rhere"'),
        ("bell\x07", '"bell\\u0007"'),
        ("del\x7f", '"del\\u007f"'),
        ("nul\x00", '"nul\\u0000"'),
        ("\x08\x0c", '"\\b\\f"'),
        ("ünïcødé ✅ 日本", '"ünïcødé ✅ 日本"'),
        ("", '""'),
    ],
)
def test_single_line_string_escaping(value: str, written: str) -> None:
    assert tomlwrite.string(value) == written
    assert _load(written) == value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("a\nb", '"""\na\nb"""'),
        ("a\nb\n", '"""\na\nb\n"""'),
        ('quote before a final newline"\n', '"""\nquote before a final newline"\n"""'),
        ("\nleading", '"""\n\nleading"""'),
        ('quote at the end\n"', '"""\nquote at the end\n\\""""'),
        ('two at the end\n""', '"""\ntwo at the end\n"\\""""'),
        ('triple """ inside\n', '"""\ntriple ""\\" inside\n"""'),
        ('six """""" in a row\n', '"""\nsix ""\\"""\\" in a row\n"""'),
        ("back\\slash\nand \\n", '"""\nback\\\\slash\nand \\\\n"""'),
        ("ends with backslash\\\n", '"""\nends with backslash\\\\\n"""'),
        ("crlf\r\nline", '"""\ncrlf\\r\nline"""'),
        ("tab\tkept\n", '"""\ntab\tkept\n"""'),
        ("ctrl\x01\x1b\x7f\n", '"""\nctrl\\u0001\\u001b\\u007f\n"""'),
        ("ünï ✅\n日本", '"""\nünï ✅\n日本"""'),
    ],
)
def test_multiline_string_escaping(value: str, written: str) -> None:
    assert tomlwrite.string(value) == written
    assert _load(written) == value


def test_multiline_only_with_a_newline() -> None:
    assert tomlwrite.string("x" * 500) == '"' + "x" * 500 + '"'
    assert tomlwrite.string("a\nb", multiline=False) == '"a\\nb"'


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("plain_key-1", "plain_key-1"),
        ("with space", '"with space"'),
        ("dotted.key", '"dotted.key"'),
        ("", '""'),
        ("ü", '"ü"'),
        ("new\nline", '"new\\nline"'),
        ("bare_but_newline\n", '"bare_but_newline\\n"'),
    ],
)
def test_keys(name: str, written: str) -> None:
    assert tomlwrite.key(name) == written
    assert tomllib.loads(f"{written} = 1") == {name: 1}


# --- other values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-12, "-12"),
        (2**63 - 1, str(2**63 - 1)),
        (1.5, "1.5"),
        (-0.0, "-0.0"),
        (1e300, "1e+300"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (dt.date(2024, 1, 15), "2024-01-15"),
        (dt.time(14, 32), "14:32:00"),
        (dt.time(14, 32, 1, 5), "14:32:01.000005"),
        (dt.datetime(2024, 1, 15, 14, 32), "2024-01-15T14:32:00"),
        (dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC), "2024-01-15T14:32:00Z"),
        (
            dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            "2024-01-15T14:32:00-05:00",
        ),
        (
            dt.datetime(2024, 1, 15, 14, 32, 0, 250000, tzinfo=dt.UTC),
            "2024-01-15T14:32:00.250000Z",
        ),
        ([], "[]"),
        ([1, "a"], '[1, "a"]'),
        ({}, "{}"),
        ({"a": 1, "b c": [True]}, '{ a = 1, "b c" = [true] }'),
        (Decimal("1.25"), "1.25"),
    ],
)
def test_literals(value: Any, written: str) -> None:
    assert tomlwrite.literal(value) == written
    loaded = _load(written)
    assert loaded == value or (isinstance(value, Decimal) and loaded == float(value))


def test_nan_is_written() -> None:
    assert tomlwrite.literal(float("nan")) == "nan"


def test_datetime_offset_with_seconds_is_written_in_utc() -> None:
    # Zones before 1900 had offsets like +00:19:32 (Amsterdam); TOML cannot hold seconds.
    value = dt.datetime(1890, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(seconds=1172)))
    written = tomlwrite.literal(value)
    assert written == "1890-01-01T11:40:28Z"
    assert _load(written) == value


def test_long_arrays_one_item_a_line() -> None:
    items = [f"item number {n}" for n in range(8)]
    written = tomlwrite.literal(items)
    assert written.startswith("[\n  ") and written.endswith(",\n]")
    assert written.count("\n") == 9
    assert _load(written) == items


def test_dumps_layout() -> None:
    text = tomlwrite.dumps(
        {
            "a": 1,
            "t": {"x": "y", "sub": {"z": 2}},
            "b": 2,
            "rows": [{"n": 1}, {"n": 2, "deep": [{"k": 3}]}],
        }
    )
    assert text == (
        'a = 1\nb = 2\n\n[t]\nx = "y"\n\n[t.sub]\nz = 2\n\n'
        "[[rows]]\nn = 1\n\n[[rows]]\nn = 2\n\n[[rows.deep]]\nk = 3\n"
    )
    assert tomllib.loads(text)["rows"][1]["deep"] == [{"k": 3}]


def test_dumps_mixed_list_stays_inline() -> None:
    text = tomlwrite.dumps({"m": [{"a": 1}, 2]})
    assert text == "m = [{ a = 1 }, 2]\n"
    assert tomllib.loads(text) == {"m": [{"a": 1}, 2]}


# --- structuring ----------------------------------------------------------------------------


def test_structure_minimal() -> None:
    draft, warnings = codec.structure({"format": 1, "meta": {"title": "T"}})
    assert draft == model.Draft.new("T")
    assert warnings == []


def test_format_error_message() -> None:
    error = codec.FormatError("timeline[2].at", "a date")
    assert str(error) == "timeline[2].at: expected a date"
    assert str(codec.FormatError("", "a table")) == "the file: expected a table"


def test_structure_as_a_part() -> None:
    event = codec.structure_as(
        model.TimelineEvent,
        {"at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "event": "x", "kind": "paged"},
    )
    assert event.kind == "paged"
    with pytest.raises(codec.FormatError) as caught:
        codec.structure_as(model.TimelineEvent, {"at": 1, "event": "x"}, "timeline[4]")
    assert caught.value.path == "timeline[4].at"


def test_unstructure_leaves_out_empty_values_and_default_kind() -> None:
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    draft = model.Draft.new("T")
    draft.timeline.append(model.TimelineEvent(at, "x"))
    draft.timeline.append(model.TimelineEvent(at, "y", "resolved"))
    draft.impact.users_affected = 0
    draft.impact.approximate = False
    draft.prevention.append(model.Prevention("p"))
    data = codec.unstructure(draft)
    assert data == {
        "meta": {"title": "T", "status": "draft", "timezone": "UTC"},
        "format": 1,
        "impact": {"users_affected": 0, "approximate": False},
        "timeline": [{"at": at, "event": "x"}, {"at": at, "event": "y", "kind": "resolved"}],
        "prevention": [{"text": "p", "done": False}],
    }


def test_empty_strings_read_back_as_absent() -> None:
    draft = model.Draft.new("T")
    draft.summary.text = ""
    loaded, _ = store.parse_draft(store.dumps_draft(draft))
    assert loaded.summary.text is None


def test_warnings_are_per_call_and_per_thread() -> None:
    results: dict[str, list[str]] = {}

    def load(name: str) -> None:
        for _ in range(200):
            _draft, warnings = codec.structure(
                {"format": 1, "meta": {"title": "T", name: 1}, name: 2}
            )
            assert warnings == [
                f"meta.{name}: unknown key, kept as it is",
                f"{name}: unknown key, kept as it is",
            ]
        results[name] = warnings

    threads = [threading.Thread(target=load, args=(f"k{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["k0", "k1", "k2", "k3"]
    assert codec._warnings.get() is None


def test_worked_example_round_trips(example_path: Any) -> None:
    loaded = store.read_draft(example_path)
    text = store.dumps_draft(loaded.draft)
    again, warnings = store.parse_draft(text)
    assert again == loaded.draft and warnings == []
    assert store.dumps_draft(again) == text


# --- folding long text ----------------------------------------------------------------------


def test_long_text_is_folded_at_spaces() -> None:
    value = " ".join(f"word{n}" for n in range(40))
    written = tomlwrite.string(value, width=40)
    lines = written.splitlines()
    assert lines[0] == '"""'
    assert all(len(line) <= 40 for line in lines)
    assert all(line.endswith(" \\") for line in lines[1:-1])
    assert _load(written) == value


def test_folding_keeps_runs_of_spaces_and_tabs() -> None:
    value = ("a  b\tc \t d " * 20) + "end"
    written = tomlwrite.string(value, width=20)
    assert written.startswith('"""\n')
    assert _load(written) == value


def test_folding_a_long_word_keeps_it_whole() -> None:
    value = "x" * 50 + " " + "y" * 50 + " z"
    written = tomlwrite.string(value, width=20)
    assert written.splitlines()[1:] == ["x" * 50 + " \\", "y" * 50 + " \\", 'z"""']
    assert _load(written) == value


def test_nothing_to_fold_stays_on_one_line() -> None:
    assert tomlwrite.string("x" * 500, width=80) == '"' + "x" * 500 + '"'
    assert tomlwrite.string("x" * 100 + " ", width=80) == '"' + "x" * 100 + ' "'


def test_folding_with_newlines_quotes_and_backslashes() -> None:
    value = ('He said "no" \\ then ' * 10) + "\nsecond line " + ('"""' + " word" * 30) + ' "'
    written = tomlwrite.string(value, width=30)
    assert _load(written) == value
    assert max(len(line) for line in written.splitlines()) <= 30


def test_draft_text_is_folded_like_the_worked_example(example_path: Any) -> None:
    text = store.dumps_draft(store.read_draft(example_path).draft)
    assert (
        'text = """\n'
        "On January 15, 2024, our API experienced a complete outage for 25 minutes \\\n"
        "(14:32 - 14:57 UTC) affecting 100% of users. The root cause was database \\\n"
        "connection pool exhaustion triggered by a connection leak introduced in \\\n"
        'deployment v2.3.4."""\n'
    ) in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_arrays_inline_when_the_line_fits() -> None:
    short = {"details": ["a" * 30, "b" * 30]}
    assert tomlwrite.dumps(short) == f'details = ["{"a" * 30}", "{"b" * 30}"]\n'
    long = {"details": ["a" * 45, "b" * 45]}
    assert tomlwrite.dumps(long) == f'details = [\n  "{"a" * 45}",\n  "{"b" * 45}",\n]\n'
