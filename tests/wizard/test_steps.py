"""Fill every step of the wizard through its editor (keys, fields, list forms) and save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from postmortem_tui.core import store
from postmortem_tui.core.model import Draft

from .stephelpers import StepApp, add_item, run_async, set_field, type_into

UTC = dt.UTC
SIZE = (120, 40)


def at(hour: int, minute: int, day: int = 15) -> dt.datetime:
    return dt.datetime(2024, 1, day, hour, minute, tzinfo=UTC)


async def fill_summary(draft: Draft) -> None:
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#title", "DB down")
        await set_field(pilot, "#summary-text", "The pool ran dry.")
        await type_into(pilot, "#date", "2024-01-15")
        await set_field(pilot, "#severity", "P2")
        await set_field(pilot, "#status", "in-review")
        await set_field(pilot, "#timezone", "UTC")
        await set_field(pilot, "#tags", "database, deploy")
        await add_item(pilot, "list-meta-authors", {"name": "Jane Doe", "role": "On-call"})
        await add_item(pilot, "list-meta-authors", {"name": "Sam"})
    assert app.changes and set(app.changes) == {"summary"}


async def fill_impact(draft: Draft) -> None:
    app = StepApp("impact", draft)
    async with app.run_test(size=SIZE) as pilot:
        await type_into(pilot, "#start", "14:32")
        await set_field(pilot, "#end", "2024-01-15 14:57")
        await set_field(pilot, "#users-affected", "50000")
        await set_field(pilot, "#requests-failed", "125,000")
        await set_field(pilot, "#revenue-loss", "1250.5")
        await set_field(pilot, "#currency", "EUR")
        await set_field(pilot, "#approximate", True)
        await set_field(pilot, "#description", "All of eu-west-1")
        await add_item(pilot, "list-impact-extra", {"label": "SLA credits", "value": "3"})
        assert "25 minutes" in str(app.screen.query_one("#impact-duration").render())


async def fill_timeline(draft: Draft) -> None:
    app = StepApp("timeline", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(
            pilot, "list-timeline", {"at": "14:32", "kind": "detected", "event": "Alarm"}
        )
        await add_item(
            pilot, "list-timeline", {"at": "14:15", "kind": "trigger", "event": "Deploy"}
        )
        await add_item(
            pilot, "list-timeline", {"at": "14:57", "kind": "resolved", "event": "Recovered"}
        )
        metrics = str(app.screen.query_one("#timeline-metrics").render())
        assert "Trigger to detection: 17 min (detected - trigger)" in metrics


async def fill_lists(draft: Draft) -> None:
    """Root cause to appendix: one text and one item in every list."""
    app = StepApp("root_cause", draft)
    async with app.run_test(size=SIZE) as pilot:
        await set_field(pilot, "#root-cause-text", "A connection leak.")
        await add_item(
            pilot,
            "list-root-cause-code",
            {"caption": "The leak", "language": "python", "code": "conn = pool.get()"},
        )
    app = StepApp("factors", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(
            pilot,
            "list-factors",
            {"title": "Testing", "summary": "No load test.", "details": "No soak\n\nNo leak check"},
        )
    for key, lists in (
        ("went_well", ["list-went-well"]),
        ("went_wrong", ["list-went-wrong", "list-lucky"]),
        ("lessons", ["list-lessons"]),
    ):
        app = StepApp(key, draft)
        async with app.run_test(size=SIZE) as pilot:
            for editor_id in lists:
                await add_item(pilot, editor_id, {"title": f"{editor_id} 1", "detail": "Why"})
    app = StepApp("action_items", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(
            pilot,
            "list-action-items",
            {
                "action": "Add leak detection",
                "owner": "DB team",
                "due": "2024-01-22",
                "priority": "P1",
                "status": "in-progress",
                "type": "detect",
                "link": "https://t/OPS-1",
            },
        )
    app = StepApp("related", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(
            pilot, "list-related", {"date": "2023-11-02", "title": "Pool outage", "link": "x.toml"}
        )
    app = StepApp("prevention", draft)
    async with app.run_test(size=SIZE) as pilot:
        await add_item(pilot, "list-prevention", {"text": "Pool alarms"})
        await pilot.press("space")  # toggles done on the selected row
        await pilot.pause()
    app = StepApp("appendix", draft)
    async with app.run_test(size=SIZE) as pilot:
        await set_field(pilot, "#monitoring-graphs", "grafana/d/1")
        await set_field(pilot, "#communication-log", "14:40 status page")
        await add_item(pilot, "list-appendix-code", {"code": "SELECT 1;"})


@run_async
async def test_fill_every_step_then_save(tmp_path: Path) -> None:
    draft = Draft.new("Untitled")
    await fill_summary(draft)
    await fill_impact(draft)
    await fill_timeline(draft)
    await fill_lists(draft)

    path = tmp_path / "filled.toml"
    store.save_draft(draft, path)
    saved = store.read_draft(path).draft

    meta = saved.meta
    assert meta.title == "DB down"
    assert meta.date == dt.date(2024, 1, 15)
    assert (meta.severity, meta.status, meta.timezone) == ("P2", "in-review", "UTC")
    assert meta.tags == ["database", "deploy"]
    assert [(a.name, a.role) for a in meta.authors] == [("Jane Doe", "On-call"), ("Sam", None)]
    assert saved.summary.text == "The pool ran dry."

    impact = saved.impact
    assert (impact.start, impact.end) == (at(14, 32), at(14, 57))
    assert (impact.users_affected, impact.requests_failed) == (50000, 125000)
    assert impact.revenue_loss == 1250.5
    assert (impact.currency, impact.approximate, impact.description) == (
        "EUR",
        True,
        "All of eu-west-1",
    )
    assert [(x.label, x.value) for x in impact.extra] == [("SLA credits", "3")]

    assert [(e.at, e.kind, e.event) for e in saved.timeline] == [
        (at(14, 15), "trigger", "Deploy"),
        (at(14, 32), "detected", "Alarm"),
        (at(14, 57), "resolved", "Recovered"),
    ]

    assert saved.root_cause.text == "A connection leak."
    code = saved.root_cause.code[0]
    assert (code.caption, code.language, code.code) == ("The leak", "python", "conn = pool.get()")
    factor = saved.factors[0]
    assert (factor.title, factor.summary, factor.details) == (
        "Testing",
        "No load test.",
        ["No soak", "No leak check"],
    )
    assert [(p.title, p.detail) for p in saved.went_well] == [("list-went-well 1", "Why")]
    assert [p.title for p in saved.went_wrong] == ["list-went-wrong 1"]
    assert [p.title for p in saved.lucky] == ["list-lucky 1"]
    assert [p.title for p in saved.lessons] == ["list-lessons 1"]

    item = saved.action_items[0]
    assert (item.action, item.owner, item.due) == (
        "Add leak detection",
        "DB team",
        dt.date(2024, 1, 22),
    )
    assert (item.priority, item.status, item.type, item.link) == (
        "P1",
        "in-progress",
        "detect",
        "https://t/OPS-1",
    )
    related = saved.related[0]
    assert (related.date, related.title, related.link) == (
        dt.date(2023, 11, 2),
        "Pool outage",
        "x.toml",
    )
    assert [(p.text, p.done) for p in saved.prevention] == [("Pool alarms", True)]
    appendix = saved.appendix
    assert (appendix.monitoring_graphs, appendix.communication_log) == (
        "grafana/d/1",
        "14:40 status page",
    )
    assert [c.code for c in appendix.code] == ["SELECT 1;"]
