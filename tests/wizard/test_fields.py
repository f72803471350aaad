"""The wizard draws its fields from the one table: a team's own severity scale included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Select

from postmortem_tui.core.model import Draft

from .stephelpers import StepApp, run_async

SIZE = (120, 40)
SCALE = '[severities]\nSEV1 = "Critical"\nSEV2 = "Major"\nSEV3 = "Minor"\n'


@run_async
async def test_the_severity_select_offers_the_teams_scale(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(SCALE, encoding="utf-8")  # $POSTMORTEM_CONFIG
    draft = Draft.new("Pool exhausted", date=dt.date(2024, 1, 15))
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        select = app.screen.query_one("#severity", Select)
        select.focus()
        await pilot.press("enter")  # open the list: blank, SEV1, SEV2, SEV3
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert draft.meta.severity == "SEV2"
        assert select.value == "SEV2"
        await pilot.press("enter")
        await pilot.pause()
        shown = [str(option.prompt) for option in select.query_one("SelectOverlay").options]
        assert [p for p in shown if p.startswith(("SEV", "P"))] == [
            "SEV1 Critical",
            "SEV2 Major",
            "SEV3 Minor",
        ]


@run_async
async def test_a_severity_outside_the_scale_stays_offered(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(SCALE, encoding="utf-8")
    draft = Draft.new("Pool exhausted", date=dt.date(2024, 1, 15), severity="P2")
    app = StepApp("summary", draft)
    async with app.run_test(size=SIZE) as pilot:
        select = app.screen.query_one("#severity", Select)
        assert select.value == "P2"
        select.focus()
        await pilot.press("enter", "up", "enter")  # P2 is last: up to SEV3
        await pilot.pause()
        assert draft.meta.severity == "SEV3"


def hint(app: StepApp, control_id: str) -> str:
    """What the step says under a time field: the date chosen for it."""
    return str(app.screen.query_one(f"#field-{control_id} .field-hint").render())


@run_async
async def test_impact_times_show_their_date_and_the_end_follows_the_start() -> None:
    draft = Draft.new("Night outage", date=dt.date(2024, 1, 15))
    app = StepApp("impact", draft)
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is app.screen.query_one("#start")
        await pilot.press(*"23:50", "tab")
        assert hint(app, "start").startswith("23:50, Mon 2024-01-15, the incident's date")
        await pilot.press(*"00:20")
        assert hint(app, "end").startswith("00:20, Tue 2024-01-16, next day")
        assert draft.impact.end == dt.datetime(2024, 1, 16, 0, 20, tzinfo=dt.UTC)
        assert "30 minutes" in str(app.screen.query_one("#impact-duration").render())
        await pilot.press("ctrl+down")  # not the next day after all
        await pilot.pause()
        assert hint(app, "end").startswith("00:20, Mon 2024-01-15, same day")
        assert draft.impact.end == dt.datetime(2024, 1, 15, 0, 20, tzinfo=dt.UTC)
        assert "end is before start" in str(app.screen.query_one("#impact-duration").render())
