"""The one table of the draft's fields: what each is called, what it holds, how text becomes it.

Both front doors draw from this table, so a number, a date, a time or a severity is read, shown
and checked the same way in the wizard and in the plain prompts. A field is looked up by its
model class and attribute (``field("Meta.date")``); adding a field to the draft means adding one
row here and pointing the doors at it.

``FieldSpec.parse`` turns what a person typed (text; a chosen value for a ``select``; a bool for
a ``bool``) into the model's value or raises ``FieldError`` with the reason in a person's words;
``FieldSpec.format`` is its inverse, the text a control shows.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from . import config, model, progress, times

KINDS = (
    "text",
    "longtext",
    "code",
    "date",
    "time",
    "int",
    "number",
    "select",
    "bool",
    "lines",
    "csv",
)
"""What a field holds: one line, many lines, code, a date, a time, a whole number, a number, a
choice, a yes/no, a list of lines, a comma-separated list."""

Choices = tuple[tuple[str, str], ...]
"""(label, value) pairs of a ``select``."""

UNCHANGED: Any = object()
"""``current`` of ``parse`` when there is no value to keep."""


class FieldError(ValueError):
    """Text that is not a value of its field; ``str()`` is the reason to show beside it."""


@attrs.frozen
class Context:
    """What reading a field depends on: the draft's zone and day, and the time before this one.

    A clock time typed alone (``00:36``) lands nearest to ``previous`` (the event before it),
    else on ``day``; see ``times.place_time``.
    """

    tz: str = "UTC"
    day: dt.date | None = None
    previous: dt.datetime | None = None


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


@attrs.frozen
class FieldSpec:
    """One field of the draft: the model attribute ``name`` and how a person edits it."""

    name: str
    label: str
    kind: str = attrs.field(default="text", validator=attrs.validators.in_(KINDS))
    choices: Choices | Callable[[], Choices] = ()
    """The (label, value) pairs of a ``select``, or a function giving them when asked (a
    team's own severity scale is read from its config file each time)."""
    required: bool = False
    placeholder: str = ""
    """An example of a value, shown in an empty control."""
    help: str = ""
    """What the field is for, in a sentence; the plain prompts ask it as their question."""
    widget_id: str = ""
    """The wizard control's id (default: ``name`` with dashes), so a screen can focus it."""
    convert: Callable[[str], Any] | None = None
    """Applied to a one-line text before its rules (a currency code in capitals)."""
    check: Callable[[Any], str | None] | None = None
    """Extra rule on the parsed value: returns the reason it is refused, or None when fine."""
    required_message: str = ""

    @property
    def control_id(self) -> str:
        """The id of the wizard's control for this field."""
        return self.widget_id or self.name.replace("_", "-")

    @property
    def question(self) -> str:
        """What the plain prompts ask: the help sentence, else the label."""
        return self.help or self.label

    def options(self, current: str | None = None) -> Choices:
        """The choices of a ``select``, plus ``current`` when a draft holds a value outside them."""
        choices = self.choices() if callable(self.choices) else self.choices
        if current and current not in (value for _, value in choices):
            choices = (*choices, (current, current))
        return choices

    def parse(self, raw: Any, context: Context | None = None, current: Any = UNCHANGED) -> Any:
        """The model value of ``raw``; raises FieldError with the reason to show.

        When ``raw`` is exactly how ``current`` is shown, ``current`` itself is returned: a time
        read back from the file keeps its own offset and day.
        """
        context = context or Context()
        if current is not UNCHANGED and raw == self.format(current, context):
            value = current
        else:
            value = self._read(raw, context)
        self.validate(value)
        return value

    def validate(self, value: Any) -> None:
        """Raise FieldError when ``value`` breaks the field's rules (required, its check)."""
        if self.required and _blank(value):
            raise FieldError(self.required_message or f"{self.label} is required")
        if self.check is not None and not _blank(value):
            message = self.check(value)
            if message:
                raise FieldError(message)

    def _read(self, raw: Any, context: Context) -> Any:
        kind = self.kind
        if kind == "bool":
            return bool(raw)
        if kind == "select":
            return self._choice(raw)
        text = "" if raw is None else str(raw)
        if kind == "longtext":
            return text.strip() or None
        if kind == "code":
            return text.strip("\n").rstrip() or None
        if kind == "lines":
            return [line.strip() for line in text.splitlines() if line.strip()]
        if kind == "csv":
            return [part.strip() for part in text.split(",") if part.strip()]
        text = text.strip()
        if not text:
            return None
        if kind == "date":
            return parse_date(text)
        if kind == "time":
            return place_time(text, context).value
        if kind == "int":
            return parse_count(text)
        if kind == "number":
            return parse_amount(text)
        return self.convert(text) if self.convert is not None else text

    def _choice(self, raw: Any) -> str | None:
        if raw is None or raw == "":
            return None
        text = str(raw).strip()
        choices = self.options()
        for _label, value in choices:
            if text == value:
                return value
        for label, value in choices:  # "p2", "critical" or "P1 Critical" typed by hand
            if text.casefold() in (value.casefold(), label.casefold()):
                return value
        if not choices:
            return text
        names = ", ".join(value for _, value in choices)
        raise FieldError(f"Expected one of {names}, got {text!r}")

    def format(self, value: Any, context: Context | None = None) -> str:
        """The text a control shows for ``value`` ("" when unset)."""
        if value is None or value is UNCHANGED:
            return ""
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "lines":
            return "\n".join(value)
        if self.kind == "csv":
            return ", ".join(value)
        if self.kind == "date":
            return str(value.isoformat())
        if self.kind == "time":
            return format_time(value, context or Context())
        return str(value)

    def hint(self, raw: Any, context: Context | None = None, current: Any = UNCHANGED) -> str:
        """What the typed text will mean, to show while it is typed ("" when nothing to add).

        For a time: the date the rule chose, as ``00:36, Thu 2024-02-01, next day``; text that
        still shows ``current`` means ``current`` (as ``parse`` reads it).
        """
        if self.kind != "time" or raw is None or not str(raw).strip():
            return ""
        context = context or Context()
        tz, previous, day = context.tz, context.previous, context.day
        if (
            current is not UNCHANGED
            and current is not None
            and raw == self.format(current, context)
        ):
            placement = times.as_placed(current, tz=tz, previous=previous, day=day)
        else:
            try:
                placement = times.place_time(str(raw), tz=tz, previous=previous, day=day)
            except ValueError:
                return ""
        return times.describe_placement(placement, context.tz)


# --- parsing, written once ----------------------------------------------------------------


def _cleaned_number(text: str) -> str:
    return text.strip().replace(",", "").replace("_", "")


def parse_count(text: str) -> int:
    """A whole number >= 0; thousands separators (``50,000``, ``50_000``) are fine."""
    try:
        value = int(_cleaned_number(text))
    except ValueError:
        raise FieldError(f"Expected a whole number like 50000, got {text.strip()!r}") from None
    if value < 0:
        raise FieldError(f"Expected a number >= 0, got {text.strip()}")
    return value


def parse_amount(text: str) -> int | float:
    """A number >= 0: whole numbers stay integers, ``1500.50`` is a float."""
    cleaned = _cleaned_number(text)
    try:
        value: int | float = int(cleaned)
    except ValueError:
        try:
            value = float(cleaned)
        except ValueError:
            raise FieldError(
                f"Expected a number like 15000 or 1500.50, got {text.strip()!r}"
            ) from None
        if not math.isfinite(value):
            raise FieldError(f"Expected a finite number, got {text.strip()!r}") from None
        if value.is_integer() and "." not in cleaned:
            value = int(value)
    if value < 0:
        raise FieldError(f"Expected a number >= 0, got {text.strip()}")
    return value


def parse_date(text: str) -> dt.date:
    """A date typed as ``2024-01-15``."""
    try:
        return times.parse_date(text)
    except times.TimeError:
        raise FieldError(f"Expected a date like 2024-01-15, got {text.strip()!r}") from None


def place_time(text: str, context: Context) -> times.Placement:
    """A typed time placed by the draft's rule (see ``times.place_time``); FieldError if not one."""
    try:
        return times.place_time(text, tz=context.tz, previous=context.previous, day=context.day)
    except times.TimeError as error:
        raise FieldError(f"Expected {error}") from None


def format_time(value: dt.datetime, context: Context) -> str:
    """``14:32`` on the context's day, else ``2024-01-16 00:10``, in the context's zone."""
    local = times.in_zone(value, context.tz)
    clock = times.format_clock(value, context.tz)
    if context.day is not None and local.date() == context.day:
        return clock
    return f"{local.date().isoformat()} {clock}"


# --- rules of single fields -----------------------------------------------------------------


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not a time zone, or None when it is one."""
    try:
        times.zone(name)
    except Exception:  # ZoneInfo raises several kinds for a bad name
        return f"Expected an IANA time zone name like Europe/Berlin or UTC, got {name!r}"
    return None


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not a three-letter currency code, or None when it is one."""
    if len(code) == 3 and code.isalpha() and code.isupper():
        return None
    return f"Expected a three-letter currency code like USD or EUR, got {code!r}"


def severity_choices() -> Choices:
    """The team's severity scale (``[severities]`` in the config file), else P1 .. P5."""
    scale = config.severity_scale()
    return tuple((f"{key} {name}", key) for key, name in scale.items())


def section_places() -> Choices:
    """Where a team's own section can go: after which of the template's sections."""
    titles = {step.key: step.title for step in progress.STEPS}  # the sections' names
    return tuple((f"After {titles[place]}", place) for place in model.SECTION_PLACES)


def _pairs(mapping: dict[str, str]) -> Choices:
    return tuple((label, key) for key, label in mapping.items())


def _same(values: Iterable[str]) -> Choices:
    return tuple((value, value) for value in values)


# --- the table ------------------------------------------------------------------------------

_ROWS: tuple[tuple[str, FieldSpec], ...] = (
    # Meta and summary
    ("Meta", FieldSpec("title", "Title", required=True, required_message="A title is required")),
    (
        "Meta",
        FieldSpec(
            "date", "Date", kind="date", placeholder="2024-01-15", help="Date the incident began"
        ),
    ),
    ("Meta", FieldSpec("severity", "Severity", kind="select", choices=severity_choices)),
    (
        "Meta",
        FieldSpec("status", "Status", kind="select", required=True, choices=_pairs(model.STATUSES)),
    ),
    (
        "Meta",
        FieldSpec(
            "timezone",
            "Time zone",
            required=True,
            placeholder="UTC or Europe/Berlin",
            help="Time zone for typing times (IANA name)",
            check=zone_problem,
            required_message="A time zone is required (UTC or an IANA name)",
        ),
    ),
    (
        "Meta",
        FieldSpec(
            "tags",
            "Tags",
            kind="csv",
            placeholder="database, deploy",
            help="Tags (for search, e.g. database, deploy)",
        ),
    ),
    (
        "Summary",
        FieldSpec(
            "text",
            "Summary",
            kind="longtext",
            widget_id="summary-text",
            placeholder="2-3 sentences: what happened, for how long, to whom, and why.",
            help="Summary, 2-3 sentences",
        ),
    ),
    (
        "Meta",
        FieldSpec(
            "incident_id",
            "Incident id",
            placeholder="INC-4821",
            help="Incident id in your tracker (e.g. INC-4821; optional)",
        ),
    ),
    (
        "Meta",
        FieldSpec(
            "services",
            "Services",
            kind="csv",
            placeholder="checkout-api, payments",
            help="Services affected (e.g. checkout-api, payments)",
        ),
    ),
    ("Author", FieldSpec("name", "Name", required=True, help="Author's name")),
    ("Author", FieldSpec("role", "Role", help="Their role (e.g. On-call, DBA; optional)")),
    ("Responder", FieldSpec("name", "Name", required=True, help="Responder's name")),
    (
        "Responder",
        FieldSpec(
            "role",
            "Role",
            placeholder="Incident commander",
            help="Their role (e.g. Incident commander, Communications lead; optional)",
        ),
    ),
    # Impact
    (
        "Impact",
        FieldSpec(
            "start",
            "Impact start",
            kind="time",
            placeholder="14:32 or 2024-01-15 14:32",
            help="When were users first affected? (impact start)",
        ),
    ),
    (
        "Impact",
        FieldSpec(
            "end",
            "Impact end",
            kind="time",
            placeholder="14:57",
            help="When were users last affected? (impact end)",
        ),
    ),
    (
        "Impact",
        FieldSpec("users_affected", "Users affected", kind="int", placeholder="50000"),
    ),
    (
        "Impact",
        FieldSpec("requests_failed", "Requests failed", kind="int", placeholder="125000"),
    ),
    (
        "Impact",
        FieldSpec("revenue_loss", "Revenue loss", kind="number", placeholder="15000"),
    ),
    (
        "Impact",
        FieldSpec(
            "currency",
            "Currency",
            placeholder="USD",
            help="Currency of the revenue loss (ISO code)",
            convert=str.upper,
            check=currency_problem,
        ),
    ),
    (
        "Impact",
        FieldSpec(
            "approximate",
            "The numbers are estimates (~)",
            kind="bool",
            help="Are these numbers estimates?",
        ),
    ),
    (
        "Impact",
        FieldSpec(
            "description",
            "Description",
            kind="longtext",
            placeholder="100% of users in eu-west-1",
            help="Impact in words (e.g. 100% of users in eu-west-1)",
        ),
    ),
    ("ImpactLine", FieldSpec("label", "Label", required=True, help="Label (e.g. Support tickets)")),
    ("ImpactLine", FieldSpec("value", "Value", required=True)),
    (
        "ImpactPhase",
        FieldSpec(
            "label",
            "Phase",
            required=True,
            placeholder="Full outage",
            help="Phase (e.g. Degraded, Full outage, Data-loss window)",
        ),
    ),
    (
        "ImpactPhase",
        FieldSpec(
            "start",
            "Start",
            kind="time",
            placeholder="23:30 or 2024-01-31 23:30",
            help="When did this phase start?",
        ),
    ),
    (
        "ImpactPhase",
        FieldSpec(
            "end",
            "End",
            kind="time",
            placeholder="18:14 (empty while it lasts)",
            help="When did it end? (empty while it lasts)",
        ),
    ),
    (
        "ImpactPhase",
        FieldSpec(
            "description",
            "Description",
            placeholder="p99 latency above 5 s",
            help="In a few words (optional)",
        ),
    ),
    # Timeline
    (
        "TimelineEvent",
        FieldSpec(
            "at",
            "Time",
            kind="time",
            required=True,
            placeholder="14:32 or 2024-01-15 14:32",
            help="Time",
        ),
    ),
    (
        "TimelineEvent",
        FieldSpec(
            "kind",
            "Kind",
            kind="select",
            required=True,
            choices=_same(model.EVENT_KINDS),
            help="Kind of event",
        ),
    ),
    (
        "TimelineEvent",
        FieldSpec(
            "event",
            "Event",
            required=True,
            placeholder="First alarm: HighErrorRate",
            help="What happened?",
        ),
    ),
    (
        "TimelineEvent",
        FieldSpec(
            "actor",
            "Actor",
            placeholder="Jane Doe, PagerDuty, deploy-bot",
            help="Who or what acted? (optional)",
        ),
    ),
    (
        "TimelineEvent",
        FieldSpec(
            "link",
            "Link",
            placeholder="https://chat.example.com/archives/C024/p17067",
            help="Link to the record: chat message, page, pull request (optional)",
        ),
    ),
    (
        "TimelineEvent",
        FieldSpec(
            "approximate",
            "The time is an estimate (~)",
            kind="bool",
            help="Is the time an estimate?",
        ),
    ),
    # Root cause, code, factors, points
    (
        "RootCause",
        FieldSpec(
            "text",
            "Root cause",
            kind="longtext",
            widget_id="root-cause-text",
            placeholder="What failed technically, and why. Systems and processes, not people.",
            help="Root cause (systems and processes, not people)",
        ),
    ),
    ("CodeBlock", FieldSpec("caption", "Caption", help="Caption (e.g. Code diff)")),
    (
        "CodeBlock",
        FieldSpec(
            "language",
            "Language",
            placeholder="python",
            help="Language (e.g. diff, python; optional)",
        ),
    ),
    ("CodeBlock", FieldSpec("code", "Code", kind="code", required=True)),
    (
        "Factor",
        FieldSpec(
            "title",
            "Title",
            required=True,
            placeholder="Insufficient testing",
            help="Factor (e.g. Missing monitoring)",
        ),
    ),
    ("Factor", FieldSpec("summary", "Summary", kind="longtext", help="In one line")),
    (
        "Factor",
        FieldSpec("details", "Details", kind="lines", placeholder="One detail a line"),
    ),
    ("Point", FieldSpec("title", "Title", required=True)),
    ("Point", FieldSpec("detail", "Detail", kind="longtext")),
    # Action items
    (
        "ActionItem",
        FieldSpec(
            "action",
            "Action",
            required=True,
            placeholder="Add connection leak detection",
            help="Action (what will be done)",
        ),
    ),
    (
        "ActionItem",
        FieldSpec(
            "owner", "Owner", placeholder="A person or a team", help="Owner (a person or a team)"
        ),
    ),
    (
        "ActionItem",
        FieldSpec("due", "Due", kind="date", placeholder="2024-01-22", help="Due date"),
    ),
    (
        "ActionItem",
        FieldSpec("priority", "Priority", kind="select", choices=_same(model.PRIORITIES)),
    ),
    (
        "ActionItem",
        FieldSpec(
            "status",
            "Status",
            kind="select",
            choices=_pairs(model.ACTION_STATUSES),
        ),
    ),
    ("ActionItem", FieldSpec("type", "Type", kind="select", choices=_same(model.ACTION_TYPES))),
    (
        "ActionItem",
        FieldSpec(
            "link",
            "Link",
            placeholder="https://tracker.example.com/OPS-123",
            help="Tracker link (optional)",
        ),
    ),
    # Related, prevention, appendix, review
    ("Related", FieldSpec("date", "Date", kind="date", placeholder="2023-11-02", help="Its date")),
    ("Related", FieldSpec("title", "Title", required=True, help="Incident title")),
    (
        "Related",
        FieldSpec(
            "link",
            "Link",
            placeholder="URL or path of another draft",
            help="Link (URL or path of its draft; optional)",
        ),
    ),
    ("Prevention", FieldSpec("text", "Measure", required=True)),
    (
        "Section",
        FieldSpec(
            "title",
            "Title",
            required=True,
            placeholder="Background",
            help="Section title (e.g. Background, FAQ)",
        ),
    ),
    (
        "Section",
        FieldSpec(
            "after",
            "After",
            kind="select",
            required=True,
            choices=section_places(),
            help="Which section does it follow?",
        ),
    ),
    (
        "Section",
        FieldSpec(
            "text",
            "Text",
            kind="longtext",
            placeholder="Markdown, like the summary",
            help="Its text (Markdown)",
        ),
    ),
    ("Prevention", FieldSpec("done", "Done", kind="bool", help="Is it done already?")),
    (
        "Appendix",
        FieldSpec(
            "monitoring_graphs",
            "Monitoring graphs",
            kind="longtext",
            placeholder="Links to dashboards or images",
            help="Monitoring graphs (links or notes)",
        ),
    ),
    (
        "Appendix",
        FieldSpec(
            "communication_log",
            "Communication log",
            kind="longtext",
            placeholder="Status page updates, Slack threads",
        ),
    ),
    (
        "Review",
        FieldSpec(
            "meeting",
            "Meeting",
            kind="time",
            placeholder="2024-01-17 15:00",
            help="Postmortem meeting (date and time)",
        ),
    ),
    (
        "Review",
        FieldSpec("meeting_held", "Meeting held", kind="bool", help="Has the meeting been held?"),
    ),
    (
        "Review",
        FieldSpec(
            "shared_with",
            "Shared with",
            kind="csv",
            placeholder="#incidents, eng-all@",
            help="Shared with (channels, lists, teams)",
        ),
    ),
    (
        "Review",
        FieldSpec(
            "follow_up",
            "Follow-up",
            kind="date",
            placeholder="2024-02-15",
            help="Follow-up review date",
        ),
    ),
)

FIELDS: dict[str, FieldSpec] = {f"{owner}.{spec.name}": spec for owner, spec in _ROWS}
"""Every field of the draft by ``Class.attribute`` (``"Meta.date"``, ``"TimelineEvent.at"``)."""


def field(key: str) -> FieldSpec:
    """The field ``key`` (``"Meta.date"``); KeyError names the table's keys when it is not one."""
    try:
        return FIELDS[key]
    except KeyError:
        raise KeyError(f"{key}: not a field; fields are {', '.join(FIELDS)}") from None


def fields_of(owner: str | type) -> tuple[FieldSpec, ...]:
    """The fields of model class ``owner`` (a class or its name), in the table's order."""
    name = owner if isinstance(owner, str) else owner.__name__
    return tuple(spec for key, spec in FIELDS.items() if key.partition(".")[0] == name)
