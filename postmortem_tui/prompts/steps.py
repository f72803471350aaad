"""The questions of each wizard step, in the order of ``progress.STEPS``.

Each step function asks its questions one at a time, writes each answer into the draft and
saves straight away, so an interruption keeps every earlier answer. A list item is added to
the draft as soon as its required field is answered, then completed question by question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..core.display import printable
from ..core.fields import field
from ..core.model import (
    ActionItem,
    Author,
    CodeBlock,
    Factor,
    ImpactLine,
    ImpactPhase,
    Point,
    Prevention,
    Related,
    Responder,
    Section,
    TimelineEvent,
)
from ..core.times import humanize_duration
from . import asks
from .lists import edit_list, edit_strings, move_item
from .session import Session, say


def short(text: str | None, width: int = 70) -> str:
    """One line of at most ``width`` characters, for lists and menus."""
    line = printable(" ".join((text or "").split()))
    return line if len(line) <= width else line[: width - 1] + "…"


# --- Summary --------------------------------------------------------------------------------


def summary(s: Session, *, ask_title: bool = True) -> None:
    """Title, date, severity, status, the summary itself, authors, tags, time zone, incident id,
    services and responders."""
    meta = s.draft.meta
    if ask_title:
        meta.title = asks.required_text("Title:", meta.title)
        s.save()
    meta.date = asks.ask(field("Meta.date"), meta.date, message="Date the incident began:")
    s.save()
    meta.severity = asks.ask(field("Meta.severity"), meta.severity)  # the team's own scale
    s.save()
    meta.status = asks.ask(field("Meta.status"), meta.status)
    s.save()
    s.draft.summary.text = asks.ask(field("Summary.text"), s.draft.summary.text)
    s.save()
    _authors(s)
    meta.tags = asks.ask(field("Meta.tags"), meta.tags)
    s.save()
    meta.timezone = asks.ask(field("Meta.timezone"), meta.timezone) or "UTC"
    s.save()
    meta.incident_id = asks.ask(field("Meta.incident_id"), meta.incident_id)
    s.save()
    meta.services = asks.ask(field("Meta.services"), meta.services)
    s.save()
    _responders(s)


def _responders(s: Session) -> None:
    responders = s.draft.meta.responders
    name, role = field("Responder.name"), field("Responder.role")

    def add() -> None:
        responders.append(Responder(name=asks.ask(name, None, message=f"{name.question}:")))
        s.save()
        responders[-1].role = asks.ask(role, None)
        s.save()

    def edit(index: int) -> None:
        responder = responders[index]
        responder.name = asks.ask(name, responder.name)
        s.save()
        responder.role = asks.ask(role, responder.role)
        s.save()

    edit_list(
        s,
        heading="Responders",
        noun="responder",
        items=responders,
        describe=Responder.label,
        add=add,
        edit=edit,
        optional=True,
    )


def _authors(s: Session) -> None:
    authors = s.draft.meta.authors

    def add() -> None:
        authors.append(Author(name=asks.required_text("Author's name:")))
        s.save()
        authors[-1].role = asks.text("Their role (e.g. On-call, DBA; optional):")
        s.save()

    def edit(index: int) -> None:
        author = authors[index]
        author.name = asks.required_text("Author's name:", author.name)
        s.save()
        author.role = asks.text("Their role (optional):", author.role)
        s.save()

    edit_list(
        s,
        heading="Authors",
        noun="author",
        items=authors,
        describe=Author.label,
        add=add,
        edit=edit,
    )


# --- Impact ---------------------------------------------------------------------------------


def impact(s: Session) -> None:
    """When users were affected, how many, what it cost, and anything else that was hit."""
    i, meta = s.draft.impact, s.draft.meta
    tz, day = meta.timezone, meta.date
    i.start = asks.time("When were users first affected? (impact start):", i.start, tz=tz, day=day)
    s.save()
    # The end is read against the start: 00:20 after a 23:50 start is the next day.
    i.end = asks.time(
        "When were users last affected? (impact end):", i.end, tz=tz, day=day, previous=i.start
    )
    s.save()
    i.users_affected = asks.ask(field("Impact.users_affected"), i.users_affected)
    s.save()
    i.requests_failed = asks.ask(field("Impact.requests_failed"), i.requests_failed)
    s.save()
    i.revenue_loss = asks.ask(field("Impact.revenue_loss"), i.revenue_loss)
    s.save()
    if i.revenue_loss is not None:
        i.currency = asks.ask(field("Impact.currency"), i.currency)
        s.save()
    i.approximate = asks.ask(field("Impact.approximate"), i.approximate)
    s.save()
    i.description = asks.ask(field("Impact.description"), i.description)
    s.save()

    def add() -> None:
        i.extra.append(ImpactLine(label=asks.required_text("Label (e.g. Support tickets):")))
        s.save()
        i.extra[-1].value = asks.required_text("Value:")
        s.save()

    def edit(index: int) -> None:
        line = i.extra[index]
        line.label = asks.required_text("Label:", line.label)
        s.save()
        line.value = asks.required_text("Value:", line.value)
        s.save()

    edit_list(
        s,
        heading="Other impact",
        noun="impact line",
        items=i.extra,
        describe=lambda line: short(f"{line.label}: {line.value}"),
        add=add,
        edit=edit,
        optional=True,
    )
    _phases(s)


def describe_phase(phase: ImpactPhase, tz: str, day: dt.date | None) -> str:
    """``Full outage: 23:30 - 2024-02-01 18:14, 18 hours 44 minutes``."""
    start = asks.format_time(phase.start, tz, day) if phase.start else "?"
    end = asks.format_time(phase.end, tz, day) if phase.end else "still going on"
    seconds = phase.seconds()
    length = ""
    if seconds is not None:
        length = ", ENDS BEFORE IT STARTS" if seconds < 0 else f", {humanize_duration(seconds)}"
    return short(f"{phase.label}: {start} - {end}{length}", 76)


def _phases(s: Session) -> None:
    phases, meta = s.draft.impact.phases, s.draft.meta
    tz, day = meta.timezone, meta.date
    start, end = field("ImpactPhase.start"), field("ImpactPhase.end")

    def ask_rest(phase: ImpactPhase) -> None:
        phase.start = asks.time(f"{start.question}:", phase.start, tz=tz, day=day)
        s.save()
        # The end is read against the start: 00:20 after a 23:50 start is the next day.
        phase.end = asks.time(f"{end.question}:", phase.end, tz=tz, day=day, previous=phase.start)
        s.save()
        phase.description = asks.ask(field("ImpactPhase.description"), phase.description)
        s.save()

    def add() -> None:
        phases.append(ImpactPhase(label=asks.ask(field("ImpactPhase.label"), None)))
        s.save()
        ask_rest(phases[-1])

    def edit(index: int) -> None:
        phases[index].label = asks.ask(field("ImpactPhase.label"), phases[index].label)
        s.save()
        ask_rest(phases[index])

    edit_list(
        s,
        heading="Impact phases",
        noun="phase",
        items=phases,
        describe=lambda phase: describe_phase(phase, tz, day),
        add=add,
        edit=edit,
        optional=True,
    )


# --- Timeline -------------------------------------------------------------------------------


def timeline(s: Session) -> None:
    """Events with exact times, kept in time order."""
    draft = s.draft
    tz, day = draft.meta.timezone, draft.meta.date

    def describe(e: TimelineEvent) -> str:
        when = ("~" if e.approximate else "") + asks.format_time(e.at, tz, day)
        actor = f" ({e.actor})" if e.actor else ""
        source = f" <{e.source}>" if e.source else ""
        return short(f"{when}  [{e.kind}]  {e.event}{actor}{source}", 76)

    def ask_more(event: TimelineEvent) -> None:
        event.actor = asks.ask(field("TimelineEvent.actor"), event.actor)
        s.save()
        event.link = asks.ask(field("TimelineEvent.link"), event.link)
        s.save()
        event.approximate = asks.ask(field("TimelineEvent.approximate"), event.approximate)
        s.save()

    def ask_time(current: TimelineEvent | None) -> dt.datetime:
        # Read against the event before it: the last one when adding at the end.
        if current is None:
            previous = draft.timeline[-1].at if draft.timeline else None
        else:
            index = draft.timeline.index(current)
            previous = draft.timeline[index - 1].at if index else None
        at = asks.time(
            "Time:",
            current.at if current else None,
            tz=tz,
            day=day,
            previous=previous,
            required=True,
        )
        assert at is not None
        return at

    def add() -> None:
        at = ask_time(None)
        event = TimelineEvent(at=at, event=asks.required_text("What happened?"))
        draft.timeline.append(event)
        draft.sort_timeline()
        s.save()
        event.kind = asks.ask(field("TimelineEvent.kind"), "note")
        s.save()
        ask_more(event)

    def edit(index: int) -> None:
        event = draft.timeline[index]
        if event.source:
            record = f" ({event.source_id})" if event.source_id else ""
            say(f"Imported from {event.source}{record}; that stays as it is.")
        event.at = ask_time(event)
        draft.sort_timeline()
        s.save()
        event.event = asks.required_text("What happened?", event.event)
        s.save()
        event.kind = asks.ask(field("TimelineEvent.kind"), event.kind)
        s.save()
        ask_more(event)

    say(
        "Kinds trigger, detected, paged, acknowledged, diagnosed, mitigated and resolved "
        "drive the metrics; anything else is a note."
    )
    edit_list(
        s,
        heading="Timeline",
        noun="event",
        items=draft.timeline,
        describe=describe,
        add=add,
        edit=edit,
        more=[
            (
                "Import events from a file (Slack, PagerDuty, alerts, deploys, CSV)",
                lambda: _import_file(s),
            )
        ],
    )


def _import_file(s: Session) -> None:
    from .importing import import_file  # the importers only when a person imports

    import_file(s)


# --- Root cause and code --------------------------------------------------------------------


def _code_blocks(s: Session, blocks: list[CodeBlock], heading: str) -> None:
    def ask_block(block: CodeBlock) -> None:
        block.caption = asks.text("Caption (e.g. Code diff):", block.caption)
        s.save()
        block.language = asks.text("Language (e.g. diff, python; optional):", block.language)
        s.save()
        block.code = asks.long_text("Code:", block.code, code=True) or ""
        s.save()

    def add() -> None:
        blocks.append(CodeBlock())
        ask_block(blocks[-1])

    edit_list(
        s,
        heading=heading,
        noun="code block",
        items=blocks,
        describe=lambda b: short(
            f"{b.caption or '(no caption)'} [{b.language or 'text'}] {b.code}"
        ),
        add=add,
        edit=lambda index: ask_block(blocks[index]),
        optional=True,
    )


def root_cause(s: Session) -> None:
    """The technical explanation, and code where it helps."""
    rc = s.draft.root_cause
    rc.text = asks.long_text("Root cause (systems and processes, not people):", rc.text)
    s.save()
    _code_blocks(s, rc.code, "Root cause code")


# --- Contributing factors and points ----------------------------------------------------------


def factors(s: Session) -> None:
    """Contributing factors, each with a summary and details."""
    items = s.draft.factors

    def ask_factor(factor: Factor, *, new: bool) -> None:
        if not new:
            factor.title = asks.required_text("Factor (e.g. Missing monitoring):", factor.title)
            s.save()
        factor.summary = asks.text("In one line:", factor.summary)
        s.save()
        edit_strings(
            s, heading=f"Details of {short(factor.title, 40)}", noun="detail", items=factor.details
        )

    def add() -> None:
        items.append(Factor(title=asks.required_text("Factor (e.g. Missing monitoring):")))
        s.save()
        ask_factor(items[-1], new=True)

    edit_list(
        s,
        heading="Contributing factors",
        noun="factor",
        items=items,
        describe=lambda f: short(f"{f.title}: {f.summary or ''}".rstrip(": ")),
        add=add,
        edit=lambda index: ask_factor(items[index], new=False),
    )


def _points(
    s: Session, items: list[Point], heading: str, noun: str, example: str, *, optional: bool = False
) -> None:
    def add() -> None:
        items.append(Point(title=asks.required_text(f"{noun.capitalize()} (e.g. {example}):")))
        s.save()
        items[-1].detail = asks.text("Detail:", items[-1].detail)
        s.save()

    def edit(index: int) -> None:
        point = items[index]
        point.title = asks.required_text(f"{noun.capitalize()}:", point.title)
        s.save()
        point.detail = asks.text("Detail:", point.detail)
        s.save()

    edit_list(
        s,
        heading=heading,
        noun=noun,
        items=items,
        describe=lambda p: short(f"{p.title}: {p.detail or ''}".rstrip(": ")),
        add=add,
        edit=edit,
        optional=optional,
    )


def went_well(s: Session) -> None:
    """What went well."""
    _points(s, s.draft.went_well, "What went well", "point", "Fast detection")


def went_wrong(s: Session) -> None:
    """What went wrong, then where we got lucky."""
    _points(s, s.draft.went_wrong, "What went wrong", "point", "No alert on pool usage")
    _points(
        s, s.draft.lucky, "Where we got lucky", "point", "Low traffic at the time", optional=True
    )


def lessons(s: Session) -> None:
    """Lessons learned."""
    _points(s, s.draft.lessons, "Lessons learned", "lesson", "Monitor resource pools")


# --- Action items ---------------------------------------------------------------------------


def action_items(s: Session) -> None:
    """Concrete, owned, dated follow-up work."""
    items = s.draft.action_items

    def ask_rest(item: ActionItem) -> None:
        item.owner = asks.ask(field("ActionItem.owner"), item.owner)
        s.save()
        item.due = asks.ask(field("ActionItem.due"), item.due)
        s.save()
        item.priority = asks.ask(field("ActionItem.priority"), item.priority)
        s.save()
        status = field("ActionItem.status")
        item.status = asks.optional_select(
            "Status:",
            status.options(item.status),
            item.status,
            unset_label="not set (reads as Planned)",
        )
        s.save()
        item.type = asks.ask(field("ActionItem.type"), item.type)
        s.save()
        item.link = asks.ask(field("ActionItem.link"), item.link)
        s.save()

    def add() -> None:
        items.append(ActionItem(action=asks.required_text("Action (what will be done):")))
        s.save()
        ask_rest(items[-1])

    def edit(index: int) -> None:
        item = items[index]
        item.action = asks.required_text("Action:", item.action)
        s.save()
        ask_rest(item)

    def describe(a: ActionItem) -> str:
        owner = a.owner or "NO OWNER"
        due = a.due.isoformat() if a.due else "no due date"
        return short(f"{a.action} ({owner}, {due})")

    edit_list(
        s,
        heading="Action items",
        noun="action item",
        items=items,
        describe=describe,
        add=add,
        edit=edit,
    )


# --- Related, prevention, appendix, review ----------------------------------------------------


def related(s: Session) -> None:
    """Earlier incidents like this one."""
    items = s.draft.related

    def ask_rest(r: Related) -> None:
        r.date = asks.ask(field("Related.date"), r.date)
        s.save()
        r.link = asks.ask(field("Related.link"), r.link)
        s.save()

    def add() -> None:
        items.append(Related(title=asks.required_text("Incident title:")))
        s.save()
        ask_rest(items[-1])

    def edit(index: int) -> None:
        items[index].title = asks.required_text("Incident title:", items[index].title)
        s.save()
        ask_rest(items[index])

    edit_list(
        s,
        heading="Related incidents",
        noun="related incident",
        items=items,
        describe=lambda r: short(f"{r.date.isoformat() if r.date else '????-??-??'} {r.title}"),
        add=add,
        edit=edit,
        optional=True,
    )


def prevention(s: Session) -> None:
    """Measures against similar incidents, done or not."""
    items = s.draft.prevention

    def add() -> None:
        items.append(Prevention(text=asks.required_text("Measure:")))
        s.save()
        items[-1].done = asks.confirm("Is it done already?", default=False)
        s.save()

    def edit(index: int) -> None:
        item = items[index]
        item.text = asks.required_text("Measure:", item.text)
        s.save()
        item.done = asks.confirm("Is it done already?", default=item.done)
        s.save()

    edit_list(
        s,
        heading="Prevention",
        noun="measure",
        items=items,
        describe=lambda p: short(f"[{'x' if p.done else ' '}] {p.text}"),
        add=add,
        edit=edit,
        optional=True,
    )


def appendix(s: Session) -> None:
    """Monitoring graphs, the communication log, the code fix."""
    a = s.draft.appendix
    a.monitoring_graphs = asks.ask(field("Appendix.monitoring_graphs"), a.monitoring_graphs)
    s.save()
    a.communication_log = asks.ask(field("Appendix.communication_log"), a.communication_log)
    s.save()
    _code_blocks(s, a.code, "Appendix code")


def sections(s: Session) -> None:
    """The team's own sections: added, placed after another section, written, ordered."""
    items = s.draft.sections
    title, after, text = (field(f"Section.{name}") for name in ("title", "after", "text"))
    places = dict((value, label) for label, value in after.options())

    def ask_rest(section: Section) -> None:
        section.after = asks.ask(after, section.after)
        s.save()
        section.text = asks.ask(text, section.text)
        s.save()

    def add() -> None:
        items.append(Section(title=asks.ask(title, None)))
        s.save()
        ask_rest(items[-1])

    def edit(index: int) -> None:
        items[index].title = asks.ask(title, items[index].title)
        s.save()
        ask_rest(items[index])

    def describe(section: Section) -> str:
        written = "" if (section.text or "").strip() else " (not written yet)"
        return short(f"{section.title} [{places.get(section.after, section.after)}]{written}")

    edit_list(
        s,
        heading="Team sections",
        noun="section",
        items=items,
        describe=describe,
        add=add,
        edit=edit,
        move=lambda index: move_item(s, items, index, describe),
        optional=True,
    )


def review(s: Session) -> None:
    """The meeting, who it was shared with, the follow-up."""
    r, meta = s.draft.review, s.draft.meta
    r.meeting = asks.time(
        "Postmortem meeting (date and time):",
        r.meeting,
        tz=meta.timezone,
        day=meta.date,
        always_date=True,
    )
    s.save()
    r.meeting_held = asks.ask(field("Review.meeting_held"), r.meeting_held)
    s.save()
    r.shared_with = asks.ask(field("Review.shared_with"), r.shared_with)
    s.save()
    r.follow_up = asks.ask(field("Review.follow_up"), r.follow_up)
    s.save()


STEP_QUESTIONS: dict[str, Callable[[Session], None]] = {
    "summary": summary,
    "impact": impact,
    "timeline": timeline,
    "root_cause": root_cause,
    "factors": factors,
    "went_well": went_well,
    "went_wrong": went_wrong,
    "action_items": action_items,
    "lessons": lessons,
    "related": related,
    "prevention": prevention,
    "appendix": appendix,
    "sections": sections,
    "review": review,
}
"""The questions of each step, by ``progress.STEPS`` key."""
