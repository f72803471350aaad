"""Hypothesis strategies for valid drafts of format 1, for any test that needs many of them.

``drafts()`` is the main one: every table and key of the format, text with anything a person
can type or paste (newlines, quotes, backslashes, ``\"\"\"``, control characters, unicode),
aware datetimes with assorted offsets and zones, and (optionally) unknown keys holding any TOML
value. Every draft it makes passes ``model.validate``. The smaller strategies are public too::

    from tests.strategies import drafts, any_text

    @given(drafts(unknown_keys=False))
    def test_something(draft): ...

Empty text in an optional field is generated as ``None``, never ``""``: the file format has no
way to tell them apart (an empty value is left out), so a round trip turns ``""`` into ``None``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from postmortem_tui.core import model
from postmortem_tui.core.times import zone

# Strings that have broken TOML writers: quotes at the edges, runs of quotes, backslashes
# before quotes and line ends, CR on its own and in CRLF, tabs, and control characters.
TRICKY_STRINGS: tuple[str, ...] = (
    '"',
    '""',
    '"""',
    '""""',
    '"""""""',
    'ends with a quote"',
    'ends with two""',
    '"starts with a quote',
    "back\\slash",
    "ends with a backslash\\",
    "\\\n",
    "\\n is not a newline",
    "line one\nline two",
    "\n",
    "\n\nleading newlines",
    "trailing newline\n",
    "crlf\r\nline",
    "lone\rcarriage return",
    "tab\there",
    "bell\x07 and nul\x00 and del\x7f and esc\x1b[0m",
    "form\x0cfeed\x08",
    "'''single quotes'''",
    "{{ jinja }} {% if %} | pipe | `tick`",
    "emoji ✅ 📋 ⛔ and ümlauts, 日本語, RTL עברית",
    "\u2028line separator\u2029paragraph",
    "\ufeffbom in the middle",
    "# not a comment",
    "key = value",
    "[not.a.table]",
    "[[not.an.array]]",
)

_CHARACTERS = st.characters(exclude_categories=("Cs",))  # lone surrogates are not UTF-8

_WORDS = st.one_of(
    st.sampled_from(("the", "database", "connection", "pool", "v2.3.4", "(14:32", "-", "100%")),
    st.sampled_from(TRICKY_STRINGS),
    st.text(_CHARACTERS, min_size=1, max_size=12),
    st.text(" \t", min_size=1, max_size=3),  # runs of spaces and tabs
)

any_text: st.SearchStrategy[str] = st.one_of(
    st.text(_CHARACTERS, max_size=40),
    st.sampled_from(TRICKY_STRINGS),
    st.lists(st.sampled_from(TRICKY_STRINGS), min_size=2, max_size=4).map("".join),
    # paragraphs long enough to be folded at spaces, with anything between the words
    st.lists(_WORDS, min_size=10, max_size=50).map(" ".join),
)
"""Any text, including the empty string."""

nonblank_text: st.SearchStrategy[str] = any_text.filter(lambda s: s.strip() != "")
"""Text with at least one character that is not white space (titles, events, actions)."""

optional_text: st.SearchStrategy[str | None] = st.none() | any_text.filter(bool)
"""None or non-empty text, for ``str | None`` fields."""

ZONE_NAMES: tuple[str, ...] = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "America/Sao_Paulo",
)
"""Zones with odd offsets (-03:30, +05:45, +13:45, +14:00) and DST rules."""

_OFFSETS = st.integers(min_value=-24 * 60 + 1, max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
_ZONES = st.sampled_from(ZONE_NAMES).map(zone)


aware_datetimes: st.SearchStrategy[dt.datetime] = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2200, 12, 31),
    timezones=st.one_of(st.just(dt.UTC), _OFFSETS, _ZONES, st.timezones()),
    allow_imaginary=False,
)
"""Datetimes with an offset: UTC, fixed offsets of any whole minute, IANA zones (historical
ones have offsets with seconds, which TOML cannot hold)."""

dates: st.SearchStrategy[dt.date] = st.dates(min_value=dt.date(1900, 1, 1))

_KEY_TEXT = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,12}", fullmatch=True),
    st.text(_CHARACTERS, max_size=12),
)

toml_scalars: st.SearchStrategy[Any] = st.one_of(
    any_text,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    dates,
    aware_datetimes,
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),  # local datetime
    st.times(),  # local time
)
"""Every kind of TOML value that is not a table or an array (NaN aside: it never equals
itself)."""

toml_values: st.SearchStrategy[Any] = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_KEY_TEXT, inner, max_size=3),
    ),
    max_leaves=8,
)
"""Any TOML value, nested tables and arrays (of tables) included."""


def unknown_tables(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    """An ``unknown`` dict for ``cls``: keys the class does not define, any values."""
    known = {f.name for f in attrs.fields(cls)}
    return st.dictionaries(_KEY_TEXT.filter(lambda k: k not in known), toml_values, max_size=2)


def _with_unknown(cls: type, unknown_keys: bool, **fields: Any) -> st.SearchStrategy[Any]:
    """``st.builds(cls, ...)`` with an unknown dict now and then."""
    if unknown_keys:
        fields["unknown"] = st.one_of(st.just({}), unknown_tables(cls))
    return st.builds(cls, **fields)


def _lists(strategy: st.SearchStrategy[Any], max_items: int) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=max_items)


def drafts(*, unknown_keys: bool = True, max_items: int = 3) -> st.SearchStrategy[model.Draft]:
    """Valid drafts of format 1; ``max_items`` bounds every list (timeline, actions, ...)."""
    u = unknown_keys
    n = max_items
    code_block = _with_unknown(
        model.CodeBlock, u, caption=optional_text, language=optional_text, code=any_text
    )
    point = _with_unknown(model.Point, u, title=any_text, detail=optional_text)
    meta = _with_unknown(
        model.Meta,
        u,
        title=nonblank_text,
        date=st.none() | dates,
        status=st.sampled_from(tuple(model.STATUSES)),
        severity=st.none() | st.sampled_from(tuple(model.DEFAULT_SEVERITIES)) | nonblank_text,
        timezone=st.sampled_from(ZONE_NAMES),
        tags=_lists(any_text, n),
        created=st.none() | aware_datetimes,
        updated=st.none() | aware_datetimes,
        authors=_lists(_with_unknown(model.Author, u, name=nonblank_text, role=optional_text), n),
        incident_id=optional_text,
        services=_lists(any_text, n),
        responders=_lists(
            _with_unknown(model.Responder, u, name=nonblank_text, role=optional_text), n
        ),
    )
    non_negative = st.none() | st.integers(min_value=0, max_value=10**15)
    impact = _with_unknown(
        model.Impact,
        u,
        start=st.none() | aware_datetimes,
        end=st.none() | aware_datetimes,
        users_affected=non_negative,
        requests_failed=non_negative,
        revenue_loss=non_negative | st.floats(min_value=0, allow_nan=False, allow_infinity=False),
        currency=st.none() | st.sampled_from(("USD", "EUR", "JPY", "GBP")),
        approximate=st.none() | st.booleans(),
        description=optional_text,
        extra=_lists(_with_unknown(model.ImpactLine, u, label=any_text, value=any_text), n),
        phases=_lists(
            _with_unknown(
                model.ImpactPhase,
                u,
                label=nonblank_text,
                start=st.none() | aware_datetimes,
                end=st.none() | aware_datetimes,
                description=optional_text,
            ),
            n,
        ),
    )
    event = _with_unknown(
        model.TimelineEvent,
        u,
        at=aware_datetimes,
        event=nonblank_text,
        kind=st.sampled_from(model.EVENT_KINDS),
        actor=optional_text,
        link=optional_text,
        approximate=st.none() | st.booleans(),
        source=st.none() | st.sampled_from(model.EVENT_SOURCES) | nonblank_text,
        source_id=optional_text,
    )
    action = _with_unknown(
        model.ActionItem,
        u,
        action=nonblank_text,
        owner=optional_text,
        due=st.none() | dates,
        priority=st.none() | st.sampled_from(model.PRIORITIES),
        status=st.none() | st.sampled_from(tuple(model.ACTION_STATUSES)),
        type=st.none() | st.sampled_from(model.ACTION_TYPES),
        link=optional_text,
    )
    return _with_unknown(
        model.Draft,
        u,
        meta=meta,
        summary=_with_unknown(model.Summary, u, text=optional_text),
        impact=impact,
        timeline=_lists(event, n),
        root_cause=_with_unknown(
            model.RootCause, u, text=optional_text, code=_lists(code_block, n)
        ),
        factors=_lists(
            _with_unknown(
                model.Factor, u, title=any_text, summary=optional_text, details=_lists(any_text, n)
            ),
            n,
        ),
        went_well=_lists(point, n),
        went_wrong=_lists(point, n),
        lucky=_lists(point, n),
        action_items=_lists(action, n),
        lessons=_lists(point, n),
        related=_lists(
            _with_unknown(
                model.Related, u, date=st.none() | dates, title=any_text, link=optional_text
            ),
            n,
        ),
        prevention=_lists(_with_unknown(model.Prevention, u, text=any_text, done=st.booleans()), n),
        appendix=_with_unknown(
            model.Appendix,
            u,
            monitoring_graphs=optional_text,
            communication_log=optional_text,
            code=_lists(code_block, n),
        ),
        sections=_lists(
            _with_unknown(
                model.Section,
                u,
                title=nonblank_text,
                text=optional_text,
                after=st.sampled_from(model.SECTION_PLACES),
            ),
            n,
        ),
        review=_with_unknown(
            model.Review,
            u,
            meeting=st.none() | aware_datetimes,
            meeting_held=st.none() | st.booleans(),
            shared_with=_lists(any_text, n),
            follow_up=st.none() | dates,
        ),
    )


def comparable(value: Any) -> Any:
    """``value`` (a draft, any part of one, or plain data) in a form that ``==`` compares fully.

    Aware datetimes become (UTC instant, offset) pairs. ``==`` on the datetimes themselves is
    not enough: by PEP 495 a time in a DST fold never equals one in another zone, so a 01:30 on
    the night the clocks go back, read back from a file with its fixed offset, would differ from
    itself. Offsets with seconds (historical zones) count as UTC, which is how the writer stores
    them. Naive datetimes stay as they are, so naive and aware never compare equal.
    """
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            {f.name: comparable(getattr(value, f.name)) for f in attrs.fields(type(value))},
        )
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        offset = value.utcoffset()
        assert offset is not None
        if offset.seconds % 60 or offset.microseconds:
            offset = dt.timedelta(0)
        return ("aware", value.astimezone(dt.UTC), offset)
    if isinstance(value, bool):
        return ("bool", value)  # True == 1 otherwise
    if isinstance(value, float):
        return ("float", repr(value))  # -0.0 and 0.0 differ in a file
    return value
