"""Render a draft as a Markdown document (through a Jinja2 template) or as JSON.

Templates are rendered in Jinja2's sandbox with autoescaping off: the output is Markdown, not
HTML, so escaping is done by filters that know where the text goes:

- ``md_table`` builds a whole table: every cell escaped so that it comes out literally (``|``,
  backticks, emphasis, HTML, entities), newlines as ``<br>``, columns padded to display width;
- ``md_inline`` escapes short text outside tables (titles, list items) the same way, but keeps
  harmless text such as ``<2 minutes`` as it is;
- ``md_block`` passes prose (summary, root cause) through as Markdown but neutralises raw HTML
  outside code.

What a person typed is data, never template source: ``{{ }}`` in a draft is printed, not run.
The variables and filters a template can use are documented in ``docs/templates.md``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs
import jinja2

from ..core import codec, paths, times
from ..core.metrics import Metric, compute_metrics
from ..core.model import (
    ACTION_STATUSES,
    SECTION_PLACES,
    STATUSES,
    Draft,
    ImpactPhase,
    Section,
    severity_label,
)
from . import links, sandbox

TEMPLATE_SUFFIXES: tuple[str, ...] = (".md.j2", ".j2")
"""File name endings of templates found by name; ``default`` is ``default.md.j2``."""

HTML_SUFFIX = ".html.j2"
"""The ending of HTML templates, which the Markdown export does not offer."""

DEFAULT_TEMPLATE = "default"
FORMATS: tuple[str, ...] = ("md", "json", "html")


class ExportError(Exception):
    """A draft that cannot be exported; ``str()`` is the one message to show."""


# --- escaping -------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")

# Characters that change how inline text renders, in the order they are replaced (after the
# backslash, so that every escape added after it stays an escape). "<" and "&" are escaped only
# where they could open a tag, an autolink or an entity (``_HTML_START``, ``_ENTITY``), so that
# "<2 minutes" and "->" stay as typed. (A chain of str.replace is several times faster than
# str.translate with a dict here.)
_INLINE_ESCAPES: tuple[tuple[str, str], ...] = (
    ("`", "\\`"),
    ("*", "\\*"),
    ("[", "\\["),
    ("]", "\\]"),
    ("~", "\\~"),  # GitHub strikethrough
    ("$", "\\$"),  # GitHub math
    ("\n", "<br>"),
    ("\x00", "\ufffd"),  # what every CommonMark reader makes of it anyway
)
_INLINE_SPECIAL = re.compile(r"[\\`*\[\]~$<&\n\x00_]")
# In a table cell a pipe ends the cell too; nothing else differs (cells are inline content).
_CELL_SPECIAL = re.compile(r"[\\|`*\[\]~$<&\n\x00_]")
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# An underscore between two ASCII letters or digits never starts emphasis (snake_case stays
# readable); anywhere else it is escaped.
_LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# What would turn the start of a list item into a heading, quote, nested list or rule.
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)$")
# "--" too: after a list item's "- " it makes "- --", a thematic break.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|-{2,}|\d{1,9}(?=[.)](?:\s|$)))")


class Markdown(str):
    """Text that is already Markdown, built by the export (a link in a cell): kept as it is."""

    __slots__ = ()


def _text(value: Any) -> str:
    """A value as text: None is empty, dates are ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _lines(text: str) -> str:
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def _escape_inline(text: str) -> str:
    """``text`` with everything escaped that inline Markdown would not show literally."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "&" in text:
        text = _ENTITY.sub("&amp;", text)
    if "<" in text:
        text = _HTML_START.sub("&lt;", text)
    for char, escaped in _INLINE_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    if "_" in text:
        text = _LOOSE_UNDERSCORE.sub(r"\\_", text)
    return text


def md_cell(value: Any) -> str:
    """``value`` escaped for one Markdown table cell: shown literally, on one line."""
    if isinstance(value, Markdown):
        return value
    text = _lines(_text(value)).strip()
    if not _CELL_SPECIAL.search(text):
        return text
    text = _escape_inline(text)
    return text.replace("|", "\\|") if "|" in text else text


def md_inline(value: Any) -> str:
    """``value`` escaped for inline Markdown outside a table (a title, a list item)."""
    text = _lines(_text(value)).strip()
    if _INLINE_SPECIAL.search(text):
        text = _escape_inline(text)
    match = _BLOCK_START.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if text[0].isdigit() else "\\" + text
    if text.endswith("#"):
        # In a heading a trailing " ###" is a closing sequence and would vanish.
        text = _CLOSING_HASHES.sub(r"\1\\\2", text)
    return text


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")


# A link written in prose: "](destination" and a reference definition "[name]: destination".
_INLINE_LINK = re.compile(r"\]\(\s*+(<[^>\n]*+>|[^\s)]*+)")
_LINK_DEFINITION = re.compile(r"^( {0,3})\[([^\]\n]*+)\]:[ \t]*+(\S++)")


def _unsafe_link(match: re.Match[str]) -> str:
    # "]\(" stays text: the link is shown as it was typed and cannot be followed.
    return match.group(0) if links.is_safe_url(match.group(1)) else "]\\(" + match.group(0)[2:]


def _neutralise_links(text: str) -> str:
    if "](" in text:
        text = _INLINE_LINK.sub(_unsafe_link, text)
    if "]:" in text:
        match = _LINK_DEFINITION.match(text)
        if match and not links.is_safe_url(match.group(3)):
            text = f"{match.group(1)}\\{text[len(match.group(1)) :]}"
    return text


def _neutralise_html(text: str) -> str:
    text = _neutralise_links(text)
    if "&" in text:
        text = _ENTITY.sub("&amp;", text)
    if "<" in text:
        text = _HTML_START.sub("&lt;", text)
    return text


def _outside_code_spans(line: str) -> str:
    if "`" not in line:
        return _neutralise_html(line)
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(line):
        out.append(_neutralise_html(line[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_neutralise_html(line[pos:]))
    return "".join(out)


def md_block(value: Any) -> str:
    """Prose kept as the Markdown the person wrote, with raw HTML outside code made literal."""
    text = _lines(_text(value)).strip("\n").rstrip()
    if (
        "<" not in text
        and "&" not in text
        and "```" not in text
        and "~~~" not in text
        and "](" not in text
        and "]:" not in text
    ):
        return text
    out: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_indented_code = False
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            closing = match.group(1) if match else ""
            # A closing fence: the same character, at least as long, nothing after it.
            if (
                closing[:1] == fence[0]
                and len(closing) >= len(fence)
                and not line.strip().strip(fence[0])
            ):
                fence = None
            continue
        # A backtick fence's info string cannot hold a backtick (CommonMark): "```0`" is text.
        if match and not (match.group(1)[0] == "`" and "`" in line[match.end() :]):
            fence = match.group(1)
            out.append(line)
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        # An indented code block starts after a blank line and runs while lines stay indented.
        in_indented_code = indented and (previous_blank or in_indented_code) and not blank
        out.append(line if in_indented_code or blank else _outside_code_spans(line))
        previous_blank = blank
    if fence is not None:  # an unclosed fence would swallow the rest of the document
        out.append(fence)
    return "\n".join(out)


_LANGUAGE = re.compile(r"[^\s`]+")


def md_code(code: Any, language: Any = None) -> str:
    """A fenced code block holding ``code`` as it is, with a fence it cannot close early."""
    text = _lines(_text(code)).strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    match = _LANGUAGE.match(_text(language).strip())
    info = match.group(0) if match else ""
    return f"{fence}{info}\n{text}\n{fence}" if text else f"{fence}{info}\n{fence}"


_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_PLAIN = re.compile(r"^[^\s()<>\\]+$")


def md_url(url: Any) -> str:
    """A link destination: as it is when plain, else in angle brackets; empty when its scheme is
    not one a link may have (``javascript:``, ``data:``; see ``links.is_safe_url``)."""
    if not links.is_safe_url(url):
        return ""
    text = _text(url).strip()
    if _URL_CONTROL.search(text):  # no link destination may hold one (CommonMark)
        text = _URL_CONTROL.sub(lambda m: f"%{ord(m.group(0)):02X}", text)
    if _URL_PLAIN.match(text):
        return text
    return "<" + text.replace("<", "%3C").replace(">", "%3E") + ">"


def md_link(text: Any, url: Any = None) -> str:
    """``[text](url)`` with the text escaped; just the text when there is no url, or when the
    url's scheme is not one a link may have (``javascript:``, ``data:``, ``vbscript:``)."""
    label = md_inline(text) or md_inline(url)
    if not _text(url).strip() or not links.is_safe_url(url):
        return label
    return f"[{label}]({md_url(url)})"


def _cell_url(url: Any) -> str:
    # In a table a pipe would end the cell and a backslash could escape it: both as percent
    # escapes, which mean the same to every browser.
    return md_url(_text(url).replace("|", "%7C").replace("\\", "%5C"))


def cell_link(text: Any, url: Any = None) -> Markdown:
    """A table cell: ``text`` escaped, as a link to ``url`` when there is one."""
    label = md_cell(text)
    if not _text(url).strip() or not links.is_safe_url(url):
        return Markdown(label)
    return Markdown(f"[{label or md_cell(url)}]({_cell_url(url)})")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def document_link(link: Any, suffix: str = ".md") -> str:
    """Where a related incident's link points in an exported document.

    A path of another draft (``2023-11-20-db-cpu.toml``) becomes the path of its exported
    document beside it (``2023-11-20-db-cpu.md``); a URL, or any other path, is kept as it is.
    """
    text = _text(link).strip()
    if text.lower().endswith(".toml") and not _SCHEME.match(text) and not text.startswith("//"):
        return text[: -len(".toml")] + suffix
    return text


# --- table layout ---------------------------------------------------------------------------


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: wide and emoji characters count as two."""
    if text.isascii():
        return len(text)
    # Each ASCII character takes one column; only the runs of other characters are looked at.
    width = len(text)
    for run in _NOT_ASCII.finditer(text):
        piece = run.group()
        after_ascii = run.start() > 0  # an ASCII character before the run is one column
        if len(piece) <= _RUN_KEPT:
            width += _short_run_width(piece, after_ascii) - len(piece)
        else:
            width += _run_width(piece, after_ascii) - len(piece)
    return width


_RUN_KEPT = 8
"""Runs of other characters up to this long (an emoji, an accented letter) are measured once."""


def _run_width(piece: str, after_ascii: bool) -> int:
    """Columns of a run of characters that are not ASCII."""
    width = 0
    last = 1 if after_ascii else 0
    for char in piece:
        if char == "\ufe0f":  # emoji presentation: the character before it is drawn wide
            width += 1 if last == 1 else 0
            last = 2
            continue
        columns = _columns(char)
        if columns:
            last = columns
            width += columns
    return width


_short_run_width = functools.lru_cache(maxsize=4096)(_run_width)


@functools.lru_cache(maxsize=4096)
def _columns(char: str) -> int:
    """Columns of one character that is not ASCII: 0 for combining and format characters."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _column_getter(key: str, environment: sandbox.TemplateSandbox | None) -> Callable[[Any], Any]:
    parts = key.split(".")
    if any(not p or p.startswith("_") for p in parts):
        raise ExportError(f"md_table: {key!r} is not a column a template may read")
    # Through the sandbox's checks, never called: only str() of the value is used.
    readers = [sandbox.attribute_reader(part, environment) for part in parts]
    if len(readers) == 1:
        return readers[0]

    def get(row: Any) -> Any:
        for read in readers:
            if row is None:
                return None
            row = read(row)
        return row

    return get


def _index_getter(index: int) -> Callable[[Any], Any]:
    def get(row: Any) -> Any:
        return row[index] if index < len(row) else None

    return get


def md_table(
    rows: Iterable[Any],
    columns: Sequence[Any],
    *,
    environment: sandbox.TemplateSandbox | None = None,
) -> str:
    """A Markdown table, padded to column width like prettier does.

    ``columns`` is a list of headers (each row is then a list of values), or a list of
    ``(header, key)`` pairs (each row is then an object or dict and ``key`` names the value,
    ``"due"`` or ``"item.owner"``, read through the checks of ``environment``'s sandbox, the
    plain one by default). Every cell is escaped with ``md_cell``.
    """
    headers: list[str] = []
    getters: list[Callable[[Any], Any]] = []
    for index, column in enumerate(columns):
        if isinstance(column, str):
            headers.append(column)
            getters.append(_index_getter(index))
        else:
            header, key = column
            headers.append(_text(header))
            getters.append(_column_getter(_text(key), environment))
    if not headers:
        raise ExportError("md_table: a table needs at least one column")
    table = [[md_cell(h) for h in headers]]
    tick = sandbox.tick
    for row in rows:
        tick()
        table.append([md_cell(get(row)) for get in getters])
    # A column's width is its widest cell; a row all in ASCII (nearly every row) is padded
    # with str.ljust, where a character is a column. Other rows are measured cell by cell.
    wide = [
        None
        if "".join(cells).isascii()
        else [len(c) if c.isascii() else display_width(c) for c in cells]
        for cells in table
    ]
    widths = [3] * len(headers)
    for cells, measured in zip(table, wide, strict=True):
        for i, width in enumerate(map(len, cells) if measured is None else measured):
            if width > widths[i]:
                widths[i] = width
    out: list[str] = []
    for n, (cells, measured) in enumerate(zip(table, wide, strict=True)):
        if measured is None:
            padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=True)]
        else:
            padded = [
                cell + " " * (width - used)
                for cell, width, used in zip(cells, widths, measured, strict=True)
            ]
        out.append("| " + " | ".join(padded) + " |")
        if n == 0:
            out.append("| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(out)


# --- numbers, money, times ------------------------------------------------------------------

CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "CN¥",
    "INR": "₹",
    "KRW": "₩",
    "AUD": "A$",
    "CAD": "CA$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "SGD": "S$",
    "BRL": "R$",
    "MXN": "MX$",
    "ILS": "₪",
    "TRY": "₺",
    "PHP": "₱",
    "VND": "₫",
    "NGN": "₦",
    "UAH": "₴",
}
"""Currencies written with a symbol before the amount; any other code follows the amount."""

ZERO_DECIMAL_CURRENCIES: frozenset[str] = frozenset({"JPY", "KRW", "VND", "CLP", "ISK"})
"""Currencies without cents: amounts are rounded to whole units."""


def format_number(value: Any, approximate: bool | None = False, *, decimals: bool = True) -> str:
    """``50,000``; ``~50,000`` when approximate; cents only when a float is not whole."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    elif isinstance(value, float) and not value.is_integer() and decimals:
        text = f"{value:,.2f}"
    else:
        text = f"{round(value):,}"
    return ("~" if approximate else "") + text


def format_money(value: Any, currency: str | None = "USD", approximate: bool | None = False) -> str:
    """``~$15,000``, ``€1,234.50``, ``~1,500 CHF``: symbol where there is one, else the code."""
    if value is None or value == "":
        return ""
    code = (currency or "USD").strip().upper()
    amount = format_number(value, False, decimals=code not in ZERO_DECIMAL_CURRENCIES)
    tilde = "~" if approximate else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{tilde}{symbol}{amount}" if symbol else f"{tilde}{amount} {code}"


# Not frozen: a frozen class's __init__ costs four times as much, and a 10,000-event export
# makes 10,000 of these (a template cannot assign to an attribute either way). Compared and
# hashed by value all the same.
@attrs.define(unsafe_hash=True)
class TimelineRow:
    """A timeline event as the document shows it: ``time`` in the draft's zone."""

    time: str
    """``14:32``, or ``2024-01-16 00:10`` on the first row of a new day; ``~23:00`` when the
    time is an estimate."""
    at: dt.datetime
    event: str
    kind: str
    actor: str = ""
    link: str = ""
    approximate: bool = False
    source: str = ""
    """Where an imported event came from (``slack``); ``""`` when it was typed in the tool."""

    @property
    def event_cell(self) -> Markdown:
        """The event as a table cell: its text, linked to the record when it has a link."""
        # Made when a template reads it (md_table, once per row), not for every row built.
        return cell_link(self.event, self.link)


def timeline_rows(draft: Draft) -> list[TimelineRow]:
    """The timeline in time order, times in ``meta.timezone``, dated where the day changes.

    A row shows its date when its day (in the zone) is not the day of the row before it. The
    first row compares with ``meta.date``: it shows its date when that differs, or when there is
    no ``meta.date`` and the timeline spans more than one day.
    """
    tz = draft.meta.timezone
    events = sorted(draft.timeline, key=lambda e: e.at)
    # Converted once: format_clock of a time already in the zone costs no second conversion.
    local = [times.in_zone(e.at, tz) for e in events]
    previous = draft.meta.date
    if previous is None and local and local[0].date() == local[-1].date():
        previous = local[0].date()
    rows = []
    for event, when in zip(events, local, strict=True):
        day = when.date()
        clock = times.clock(when)
        text = clock if day == previous else f"{day.isoformat()} {clock}"
        previous = day
        # Digits, a colon, a dash and one "~": nothing a cell needs escaped.
        shown = Markdown("~" + text if event.approximate else text)
        rows.append(
            TimelineRow(
                shown,
                event.at,
                event.event,
                event.kind,
                actor=event.actor or "",
                link=event.link or "",
                approximate=bool(event.approximate),
                source=event.source or "",
            )
        )
    return rows


@attrs.frozen
class ActionRow:
    """An action item as the document shows it: ``status`` is the label, never empty."""

    action: str
    owner: str
    due: str
    priority: str
    status: str
    """``📋 Planned`` (also for an item with no status), ``✅ Done``, ..."""
    type: str
    link: str

    @property
    def action_cell(self) -> Markdown:
        """The action as a table cell: its text, linked to the tracker when it has a link."""
        return cell_link(self.action, self.link)


def action_rows(draft: Draft) -> list[ActionRow]:
    """The action items as table rows, in the draft's order."""
    return [
        ActionRow(
            action=item.action,
            owner=item.owner or "",
            due=item.due.isoformat() if item.due else "",
            priority=item.priority or "",
            status=ACTION_STATUSES[item.status or "planned"],
            type=item.type or "",
            link=item.link or "",
        )
        for item in draft.action_items
    ]


@attrs.frozen
class PhaseRow:
    """An impact phase as the document shows it."""

    label: str
    span: str
    """``23:30 - 18:14 (next day)`` in the draft's zone; ``""`` when neither end is known."""
    duration: str
    """``18 hours 44 minutes``; ``""`` while the phase lasts."""
    description: str


def _phase_span(phase: ImpactPhase, tz: str, day: dt.date | None) -> str:
    start = times.in_zone(phase.start, tz) if phase.start else None
    end = times.in_zone(phase.end, tz) if phase.end else None
    if start is not None:
        clock = times.format_clock(start, tz)
        begins = clock if day is None or start.date() == day else f"{start.date()} {clock}"
    if end is not None:
        clock = times.format_clock(end, tz)
        reference = start.date() if start is not None else day
        if reference is None or end.date() == reference:
            ends = clock
        elif end.date() - reference == dt.timedelta(days=1):
            ends = f"{clock} (next day)"
        else:
            ends = f"{end.date()} {clock}"
    if start is not None and end is not None:
        return f"{begins} - {ends}"
    if start is not None:
        return f"from {begins}, still going on"
    if end is not None:
        return f"until {ends}"
    return ""


def phase_rows(draft: Draft) -> list[PhaseRow]:
    """The impact phases in the draft's order, as the Impact list shows them."""
    tz = draft.meta.timezone
    return [
        PhaseRow(
            label=phase.label,
            span=_phase_span(phase, tz, draft.meta.date),
            duration=times.humanize_duration(phase.seconds()),
            description=phase.description or "",
        )
        for phase in draft.impact.phases
    ]


def sections_after(draft: Draft) -> dict[str, list[Section]]:
    """A team's own sections by the section they follow (every place, most of them empty)."""
    placed: dict[str, list[Section]] = {place: [] for place in SECTION_PLACES}
    for section in draft.sections:
        placed[section.after].append(section)
    return placed


def format_when(value: dt.datetime | None, tz: str = "UTC") -> str:
    """``2024-01-15 15:30 UTC``: a date and time in zone ``tz``, naming the zone."""
    if value is None:
        return ""
    local = times.in_zone(value, tz)
    return f"{local.date().isoformat()} {times.format_clock(value, tz)} {tz}"


# --- the environment ------------------------------------------------------------------------


@jinja2.pass_environment
def _template_md_table(env: jinja2.Environment, rows: Iterable[Any], columns: Sequence[Any]) -> str:
    """``md_table`` as templates call it: columns read through this environment's sandbox."""
    if not isinstance(env, sandbox.TemplateSandbox):  # pragma: no cover - always the sandbox
        raise ExportError("md_table: templates render only in the sandbox")
    return md_table(rows, columns, environment=env)


def _filters() -> dict[str, Callable[..., Any]]:
    return {
        "md_table": _template_md_table,
        "md_cell": md_cell,
        "md_inline": md_inline,
        "md_block": md_block,
        "md_code": md_code,
        "md_link": md_link,
        "md_url": md_url,
        "cell_link": cell_link,
        "document_link": document_link,
        "number": format_number,
        "money": format_money,
        "duration": times.humanize_duration,
        "minutes": times.format_minutes,
        "clock": times.format_clock,
        "when": format_when,
        "date": lambda value: value.isoformat() if value else "",
        "status_label": lambda key: STATUSES.get(key or "draft", _text(key)),
        "action_status": lambda key: ACTION_STATUSES.get(key or "planned", _text(key)),
        "severity_label": severity_label,
    }


def template_filters() -> dict[str, Callable[..., Any]]:
    """The filters every template gets, Markdown or HTML (docs/templates.md)."""
    return _filters()


@functools.lru_cache(maxsize=32)
def _environment(folder: str) -> sandbox.TemplateSandbox:
    """The sandboxed environment for templates in ``folder`` (built once: it caches templates).

    Templates in ``folder`` can include or extend their neighbours, and the shipped templates
    as ``builtin/default.md.j2``.
    """
    env = sandbox.make_environment(folder, paths.package_templates_dir(), filters=_filters())
    env.globals.update(
        md_table=_template_md_table,
        md_link=md_link,
        md_code=md_code,
        ACTION_STATUSES=ACTION_STATUSES,
        STATUSES=STATUSES,
    )
    return env


# --- finding templates ----------------------------------------------------------------------


def _template_name(file: Path) -> str:
    for suffix in TEMPLATE_SUFFIXES:
        if file.name.endswith(suffix):
            return file.name[: -len(suffix)]
    return file.name


def templates() -> dict[str, Path]:
    """Every template found by name: the user's folder first, then the shipped ones."""
    found: dict[str, Path] = {}
    for folder in (paths.user_templates_dir(), paths.package_templates_dir()):
        if not folder.is_dir():
            continue
        for file in sorted(folder.iterdir()):
            if file.name.endswith(HTML_SUFFIX):  # the HTML export's (export.html)
                continue
            if file.is_file() and file.name.endswith(TEMPLATE_SUFFIXES):
                found.setdefault(_template_name(file), file)
    return found


def list_templates() -> list[str]:
    """The names ``--template`` accepts, sorted (the package's and the user's)."""
    return sorted(templates())


def find_template(template: str | None = None) -> Path:
    """The template file for a name or a path; raises ExportError naming what exists."""
    name = template or DEFAULT_TEMPLATE
    path = Path(name).expanduser()
    if path.is_file():
        return path.resolve()
    bare = "/" not in name and "\\" not in name
    folders = (paths.user_templates_dir(), paths.package_templates_dir())
    if bare:
        # "team" is team.md.j2 or team.j2; a bare file name ("team.md.j2") is looked up too.
        files = [name] if name.endswith(".j2") else [name + s for s in TEMPLATE_SUFFIXES]
        # An HTML template (NAME.html.j2) is --format html's, never a Markdown one.
        files = [file for file in files if not file.endswith(HTML_SUFFIX)]
        for folder in folders:
            for file in files:
                candidate = folder / file
                if candidate.is_file():
                    return candidate.resolve()
    available = ", ".join(list_templates()) or "none"
    where = f"add your own as NAME.md.j2 in {paths.user_templates_dir()}, or give a file path"
    if name.endswith(".j2") or not bare:
        raise ExportError(f"template file {name} not found; names available: {available}")
    raise ExportError(f"no template named {name!r}; available: {available} ({where})")


# --- rendering ------------------------------------------------------------------------------


class _Checklist:
    """The review checklist, computed only when a template reads it."""

    def __init__(self, draft: Draft) -> None:
        self._draft = draft
        self._items: list[Any] | None = None

    def _load(self) -> list[Any]:
        if self._items is None:
            from .. import review  # only the templates that show the checklist pay for it

            self._items = review.checklist(self._draft)
        return self._items

    def __iter__(self) -> Any:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def __bool__(self) -> bool:
        return bool(self._load())


def template_context(draft: Draft) -> dict[str, Any]:
    """The variables every template gets (documented in docs/templates.md)."""
    from ..core.config import severity_scale

    metrics = compute_metrics(draft)
    impact = draft.impact
    duration = times.humanize_duration(metrics["duration"].seconds)
    has_impact = bool(
        duration
        or impact.users_affected is not None
        or impact.requests_failed is not None
        or impact.revenue_loss is not None
        or impact.description
        or impact.extra
        or impact.phases
    )
    return {
        "draft": draft,
        "meta": draft.meta,
        "metrics": metrics,
        "duration": duration,
        "has_impact": has_impact,
        "timezone": draft.meta.timezone,
        "status": STATUSES.get(draft.meta.status, draft.meta.status),
        "severity": severity_label(draft.meta.severity, severity_scale()),
        "authors": [author.label() for author in draft.meta.authors],
        "responders": [responder.label() for responder in draft.meta.responders],
        "timeline": timeline_rows(draft),
        "action_items": action_rows(draft),
        "phases": phase_rows(draft),
        "sections_after": sections_after(draft),
        "checklist": _Checklist(draft),
    }


def _error_line(tb: TracebackType | None, *also: str) -> tuple[str, int] | None:
    """The innermost template file and line in a (Jinja-rewritten) traceback."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename in also:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _load_template(env: sandbox.TemplateSandbox, path: Path) -> jinja2.Template:
    """The template at ``path``; a file named on the command line may have any name (what it
    includes or extends is a ``*.j2`` file beside it)."""
    if path.name.endswith(sandbox.TEMPLATE_SUFFIX):
        return env.get_template(path.name)
    source = path.read_text(encoding="utf-8")
    code = env.compile(source, name=path.name, filename=str(path))
    return env.template_class.from_code(env, code, env.make_globals(None))


def _render_limits() -> sandbox.RenderLimits:
    """The ``[export]`` limits of the configuration file; the defaults when it is broken."""
    from ..core.config import ConfigError, load_config

    try:
        export = load_config().export
    except ConfigError:  # check reports a broken configuration; an export still runs
        return sandbox.RenderLimits()
    return sandbox.RenderLimits(export.time_limit, export.output_limit)


def render_markdown(draft: Draft, template: str | None = None) -> str:
    """The draft as a Markdown document through ``template`` (a name or a path)."""
    path = find_template(template)
    return render_template(path, _environment(str(path.parent)), lambda: template_context(draft))


def render_template(
    path: Path, env: sandbox.TemplateSandbox, context: Callable[[], dict[str, Any]]
) -> str:
    """The template at ``path`` rendered in ``env`` with ``context()``, within the limits.

    Every mistake of a template (syntax, a name it may not read, a limit) ends in one
    ExportError naming the file and line.
    """
    try:
        compiled = _load_template(env, path)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or path}:{error.lineno}"
        raise ExportError(f"{where}: template syntax error: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise ExportError(f"{path}: not allowed as a template: {error}") from None
    except jinja2.TemplateError as error:
        raise ExportError(f"{path}: {error.message or error}") from None
    except UnicodeDecodeError as error:
        raise ExportError(
            f"{path}: not UTF-8 text (byte 0x{error.object[error.start]:02x}); save it as UTF-8"
        ) from None
    except OSError as error:
        raise ExportError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        return sandbox.render_limited(compiled, context(), _render_limits())
    except sandbox.TemplateLimitError as error:
        line = _error_line(error.__traceback__, str(path))
        where = f"{line[0]}:{line[1]}" if line else str(path)
        raise ExportError(f"{where}: {error}") from None
    except ExportError as error:
        line = _error_line(error.__traceback__, str(path))
        where = f"{line[0]}:{line[1]}" if line else str(path)
        raise ExportError(f"{where}: {error}") from None
    except jinja2.TemplateSyntaxError as error:  # in an included template
        where = f"{error.filename or path}:{error.lineno}"
        raise ExportError(f"{where}: template syntax error: {error.message}") from None
    except Exception as error:  # a custom template's mistake must not end in a traceback
        line = _error_line(error.__traceback__, str(path))
        where = f"{line[0]}:{line[1]}" if line else str(path)
        if isinstance(error, jinja2.UndefinedError):
            what = f"undefined: {error.message}"
        elif isinstance(error, jinja2.exceptions.SecurityError):
            what = f"not allowed in a template: {error}"
        elif isinstance(error, jinja2.TemplateNotFound):
            what = f"template {error.name!r} not found"
        elif isinstance(error, UnicodeDecodeError):
            what = "a template it includes is not UTF-8 text; save it as UTF-8"
        else:
            what = f"{type(error).__name__}: {error}"
        raise ExportError(f"{where}: {what}") from None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _finite(value: Any) -> Any:
    """Non-finite floats (TOML's nan and inf, in unknown keys) as strings: JSON has none."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _seconds(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def metrics_json(metrics: dict[str, Metric]) -> dict[str, dict[str, Any]]:
    """The derived metrics as plain data: label, seconds (or null) and formula."""
    return {
        name: {"label": m.label, "seconds": _seconds(m.seconds), "formula": m.formula}
        for name, m in metrics.items()
    }


def render_json(draft: Draft) -> str:
    """The draft as pretty-printed JSON: its canonical data plus a ``metrics`` object."""
    data = codec.unstructure(draft)
    data = {"format": data.pop("format", draft.format), **data}  # first, as in the file
    data["metrics"] = metrics_json(compute_metrics(draft))
    options: dict[str, Any] = {"indent": 2, "ensure_ascii": False, "default": _json_default}
    try:
        text = json.dumps(data, allow_nan=False, **options)
    except ValueError:
        text = json.dumps(_finite(data), **options)
    return text + "\n"


def render(draft: Draft, *, template: str | None = None, fmt: str = "md") -> str:
    """The exported document: Markdown or HTML through a template, or JSON."""
    if fmt == "json":
        if template:
            raise ExportError("--template applies to Markdown and HTML, not to --format json")
        return render_json(draft)
    if fmt == "html":
        from .html import render_html

        return render_html(draft, template)
    if fmt == "md":
        return render_markdown(draft, template)
    raise ExportError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
