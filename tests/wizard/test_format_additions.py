"""The format's additions through the wizard: incident id, services and responders on Summary,
impact phases with their lengths, an event's actor, link, estimated time and source, and a
team's own sections (added, ordered, written, listed in the sidebar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable

from postmortem_tui.core import model, store
from postmortem_tui.core.model import Draft
from postmortem_tui.wizard.dialogs.item_form import ItemForm
from postmortem_tui.wizard.sidebar import Sidebar

from .conftest import SIZE, make_app, open_step, settle, wait_for
from .stephelpers import StepApp, fill_form, open_form, type_into

UTC = dt.UTC


def _draft() -> Draft:
    return Draft.new("Checkout down", date=dt.date(2024, 1, 31))


def _row(app: StepApp, editor_id: str, index: int) -> list[str]:
    table = app.screen.query_one(f"#{editor_id} DataTable", DataTable)
    return [str(cell) for cell in table.get_row_at(index)]


async def _type_form(pilot: object, form: ItemForm, values: dict[str, str]) -> None:
    """Type each text field of ``form`` key by key, as a person would."""
    for name, text in values.items():
        control = form.field(name).input
        control.focus()
        await pilot.pause()  # type: ignore[attr-defined]
        await pilot.press(*text)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_summary_takes_the_incident_id_services_and_responders() -> None:
    draft = _draft()
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#incident-id", "INC-4821")
        await type_into(pilot, "#services", "checkout-api, payments")
        form = await open_form(pilot, "list-meta-responders")
        await _type_form(pilot, form, {"name": "Ana Silva", "role": "Incident commander"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert _row(app, "list-meta-responders", 0) == ["Ana Silva", "Incident commander"]
    assert draft.meta.incident_id == "INC-4821"
    assert draft.meta.services == ["checkout-api", "payments"]
    assert draft.meta.responders == [model.Responder("Ana Silva", "Incident commander")]


async def test_impact_phases_are_added_with_their_lengths() -> None:
    draft = _draft()
    app = StepApp("impact", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-impact-phases")
        await _type_form(pilot, form, {"label": "Full outage", "start": "23:30", "end": "00:20"})
        # The end is read against the start: 00:20 after 23:30 is the next day.
        hint = str(form.field("end").query_one(".field-hint").render())
        assert hint.startswith("00:20, Thu 2024-02-01, next day")
        # 18:14 is nearer the same day; Ctrl+Up moves it a day later.
        form.field("end").input.value = ""
        await _type_form(pilot, form, {"end": "18:14"})
        assert "Wed 2024-01-31" in str(form.field("end").query_one(".field-hint").render())
        await pilot.press("ctrl+up")
        await _type_form(pilot, form, {"description": "down"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert _row(app, "list-impact-phases", 0) == [
            "Full outage",
            "23:30",
            "2024-02-01 18:14",
            "18 hours 44 minutes",
            "down",
        ]
        form = await open_form(pilot, "list-impact-phases")
        await _type_form(pilot, form, {"label": "Degraded", "start": "22:00"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _row(app, "list-impact-phases", 1)[3] == "still going on"
    assert draft.impact.phases == [
        model.ImpactPhase(
            "Full outage",
            dt.datetime(2024, 1, 31, 23, 30, tzinfo=UTC),
            dt.datetime(2024, 2, 1, 18, 14, tzinfo=UTC),
            "down",
        ),
        model.ImpactPhase("Degraded", dt.datetime(2024, 1, 31, 22, 0, tzinfo=UTC)),
    ]


async def test_a_phase_that_ends_before_it_starts_is_flagged() -> None:
    draft = _draft()
    start = dt.datetime(2024, 1, 31, 23, 0, tzinfo=UTC)
    draft.impact.phases = [model.ImpactPhase("Backwards", start, start - dt.timedelta(hours=1))]
    app = StepApp("impact", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _row(app, "list-impact-phases", 0)[3] == "⚠ ends before it starts"


async def test_an_event_takes_an_actor_a_link_and_an_estimated_time() -> None:
    draft = _draft()
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-timeline")
        await _type_form(
            pilot,
            form,
            {
                "at": "23:00",
                "event": "Replica directory removed",
                "actor": "db-maintenance runbook",
                "link": "https://chat.example.com/p1",
            },
        )
        await fill_form(pilot, form, {"kind": "trigger", "approximate": True})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        assert _row(app, "list-timeline", 0) == [
            "~23:00",
            "trigger",
            "Replica directory removed",
            "db-maintenance runbook",
            "https://chat.example.com/p1",
            "",
        ]
    (event,) = draft.timeline
    assert (event.actor, event.link, event.approximate, event.source) == (
        "db-maintenance runbook",
        "https://chat.example.com/p1",
        True,
        None,
    )


async def test_an_imported_event_shows_its_source_and_keeps_it_when_edited() -> None:
    draft = _draft()
    draft.timeline = [
        model.TimelineEvent(
            dt.datetime(2024, 1, 31, 22, 4, tzinfo=UTC),
            "Page acknowledged",
            "acknowledged",
            source="pagerduty",
            source_id="R3VLK2P0Q1",
        )
    ]
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _row(app, "list-timeline", 0)[-1] == "pagerduty"
        form = await open_form(pilot, "list-timeline", key="e")
        shown = str(form.query_one("#event-source").render())
        assert shown == "Imported from pagerduty (R3VLK2P0Q1); kept as it is."
        await _type_form(pilot, form, {"actor": "Jane Doe"})
        await pilot.press("ctrl+s")
        await pilot.pause()
    (event,) = draft.timeline
    assert (event.actor, event.source, event.source_id) == ("Jane Doe", "pagerduty", "R3VLK2P0Q1")


async def test_sections_are_added_ordered_and_written_in_their_step() -> None:
    draft = _draft()
    app = StepApp("sections", draft)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "list-sections")
        assert form.field("after").raw() == "appendix"  # the default place
        await _type_form(pilot, form, {"title": "FAQ", "text": "Was data lost? No."})
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = await open_form(pilot, "list-sections")
        await _type_form(pilot, form, {"title": "Background"})
        await fill_form(pilot, form, {"after": "summary"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _row(app, "list-sections", 1) == ["Background", "After Summary", "(not written yet)"]
        # The second one first: ctrl+up on its row.
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert _row(app, "list-sections", 0)[0] == "Background"
        form = await open_form(pilot, "list-sections", key="e")
        await _type_form(pilot, form, {"text": "One primary, two replicas."})
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert draft.sections == [
        model.Section("Background", "One primary, two replicas.", "summary"),
        model.Section("FAQ", "Was data lost? No.", "appendix"),
    ]


async def test_the_sidebar_lists_the_teams_sections_and_the_title_its_id(folder: Path) -> None:
    draft = _draft()
    draft.sections = [model.Section("Background", after="summary")]
    draft.meta.incident_id = "INC-9"
    loaded = store.create_draft_file(draft, folder)
    app = make_app(folder, loaded.path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_step(pilot, "sections")
        assert str(screen.query_one("#draft-title").render()) == "Checkout down (INC-9)"
        sidebar = screen.query_one(Sidebar)
        assert str(sidebar.get_option("sections").prompt).splitlines() == [
            "▸◐ Team Sections",
            "    Background",
        ]
        form = await open_form(pilot, "list-sections")
        await _type_form(pilot, form, {"title": "[FAQ]", "text": "Answers."})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "[FAQ]" in str(sidebar.get_option("sections").prompt))
        await pilot.press("ctrl+s")  # save now
        await wait_for(pilot, lambda: len(store.read_draft(loaded.path).draft.sections) == 2)
    saved = store.read_draft(loaded.path).draft.sections
    assert [(s.title, s.text) for s in saved] == [("Background", None), ("[FAQ]", "Answers.")]


async def test_a_new_draft_starts_with_the_teams_sections(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(  # the file POSTMORTEM_CONFIG names in tests
        '[[sections]]\ntitle = "Customer communication"\nafter = "timeline"\n', encoding="utf-8"
    )
    app = make_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press(*"Queue stuck", "enter")
        screen = await open_step(pilot, "summary")
        sidebar = screen.query_one(Sidebar)
        assert "Customer communication" in str(sidebar.get_option("sections").prompt)
        (path,) = folder.glob("*.toml")  # written at once (removed again if left untouched)
        assert store.read_draft(path).draft.sections == [
            model.Section("Customer communication", None, "timeline")
        ]
