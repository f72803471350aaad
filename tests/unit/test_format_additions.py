"""The additions to format 1: responders, services, impact phases, richer timeline events and a
team's own sections, read and written without changing a draft written before them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from postmortem_tui import export
from postmortem_tui.core import config, model, progress, store
from postmortem_tui.review import report

FIXTURES = Path(__file__).parent.parent / "fixtures"
EVERY = FIXTURES / "every-addition.toml"
BEFORE = FIXTURES / "before-additions.toml"


def test_a_draft_written_before_the_additions_reads_and_writes_byte_for_byte() -> None:
    # The bytes the writer gave before the additions existed.
    text = BEFORE.read_text(encoding="utf-8")
    draft, warnings = store.parse_draft(text)
    assert warnings == []
    assert store.dumps_draft(draft) == text


def test_a_draft_using_every_addition_reads_without_warnings_and_writes_back_unchanged() -> None:
    text = EVERY.read_text(encoding="utf-8")
    draft, warnings = store.parse_draft(text)
    assert warnings == []
    assert draft.meta.incident_id == "INC-4821"
    assert draft.meta.services == ["checkout-api", "payments-worker"]
    assert [r.label() for r in draft.meta.responders] == [
        "Ana Silva (Incident commander)",
        "Sam Lee (Communications lead)",
    ]
    assert [p.label for p in draft.impact.phases] == ["Degraded", "Full outage", "Data-loss window"]
    assert draft.impact.phases[1].seconds() == (18 * 60 + 44) * 60
    estimated, alert = draft.timeline[:2]
    assert (alert.actor, alert.source, alert.source_id) == (
        "Alertmanager",
        "alertmanager",
        "91f3c2:2024-01-31T22:00:00Z",
    )
    assert estimated.approximate is True and alert.approximate is None
    assert [(s.title, s.after) for s in draft.sections] == [
        ("Background", "summary"),
        ("Customer communication", "timeline"),
        ("FAQ", "appendix"),
    ]
    assert store.dumps_draft(draft) == text


def test_sections_are_written_after_the_appendix_and_before_the_review() -> None:
    draft = model.Draft.new("Order")
    draft.appendix.monitoring_graphs = "graphs"
    draft.review.follow_up = dt.date(2024, 3, 1)
    draft.sections.append(model.Section("Background", "text", after="summary"))
    text = store.dumps_draft(draft)
    assert text.index("[appendix]") < text.index("[[sections]]") < text.index("[review]")


def test_an_unknown_key_inside_an_addition_is_kept() -> None:
    text = (
        'format = 1\n\n[meta]\ntitle = "T"\n\n[[impact.phases]]\nlabel = "Degraded"\n'
        'severity_score = 3\n\n[[sections]]\ntitle = "FAQ"\nowner = "team"\n'
    )
    draft, warnings = store.parse_draft(text)
    assert warnings == [
        "impact.phases[0].severity_score: unknown key, kept as it is",
        "sections[0].owner: unknown key, kept as it is",
    ]
    again = store.dumps_draft(draft)
    assert "severity_score = 3" in again and 'owner = "team"' in again


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[impact.phases]]\nlabel = ""\n', "impact.phases[0].label: expected a non-empty string"),
        (
            '[[impact.phases]]\nlabel = "x"\nend = 2024-01-01T10:00:00\n',
            "impact.phases[0].end: expected a date and time with an offset",
        ),
        (
            '[[timeline]]\nat = 2024-01-01T10:00:00Z\nevent = "x"\napproximate = "yes"\n',
            "timeline[0].approximate: expected true or false, got a string",
        ),
        ('[[sections]]\ntitle = "FAQ"\nafter = "lucky"\n', 'sections[0].after: expected one of "'),
        ('[[sections]]\ntext = "no title"\n', "sections[0].title: expected a value"),
        ('[[meta.responders]]\nrole = "IC"\n', "meta.responders[0].name: expected a value"),
        ('[meta]\nservices = "checkout"\n', "meta.services: expected a list of strings"),
    ],
)
def test_a_broken_addition_is_refused_with_its_key_path(toml: str, message: str) -> None:
    head = 'format = 1\n\n[meta]\ntitle = "T"\n\n'
    if toml.startswith("[meta]"):
        head, toml = "format = 1\n\n", toml.replace("[meta]\n", '[meta]\ntitle = "T"\n')
    with pytest.raises(store.DraftError) as caught:
        store.parse_draft(head + toml)
    assert message in str(caught.value)


def test_an_ongoing_phase_has_no_length() -> None:
    phase = model.ImpactPhase("Full outage", start=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    assert phase.seconds() is None


# --- export ---------------------------------------------------------------------------------


def _every() -> model.Draft:
    return store.read_draft(EVERY).draft


def test_a_draft_using_every_addition_exports_to_its_document() -> None:
    expected = (FIXTURES / "every-addition.md").read_text(encoding="utf-8")
    assert export.render(_every()) == expected


def test_the_document_shows_every_addition() -> None:
    text = export.render(_every())
    assert text.startswith("# Postmortem: Checkout degraded, then down: ")
    assert text.splitlines()[0].endswith(" (INC-4821)")
    assert "**Services:** checkout-api, payments-worker\n" in text
    assert "**Responders:** Ana Silva (Incident commander), Sam Lee (Communications lead)\n" in text
    assert "- Full outage: 23:30 - 18:14 (next day), 18 hours 44 minutes\n" in text
    assert "- Degraded: 22:00 - 23:30, 1 hour 30 minutes - p99 latency above 5 s\n" in text
    assert "| ~21:50 " in text
    assert "| [Replication lag alerts start](https://alerts.example.com/a/91f3) " in text
    assert (
        "| [Name the host in every destructive runbook step](https://tracker.example.com/DB-101) |"
        in text
    )
    assert "[Replica fell behind during a reindex](2023-06-02-replica-lag.md)" in text
    assert "writes after the last good snapshot -> lost" in text
    assert "## FAQ\n\n[Not written yet.]\n" in text


def test_the_detailed_document_shows_kind_actor_and_type() -> None:
    text = export.render(_every(), template="detailed")
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("| Time "))
    assert [c.strip() for c in header.strip("|").split("|")] == ["Time", "Event", "Kind", "Actor"]
    row = next(line for line in lines if "On-call acknowledges" in line)
    assert [c.strip() for c in row.strip("|").split("|")][2:] == ["acknowledged", "Jane Doe"]
    actions = next(line for line in lines if line.startswith("| Action "))
    assert [c.strip() for c in actions.strip("|").split("|")][-1] == "Type"
    assert "| 🔄 In Progress | prevent |" in text


def test_json_export_holds_every_addition() -> None:
    data = json.loads(export.render(_every(), fmt="json"))
    assert data["meta"]["incident_id"] == "INC-4821"
    assert data["meta"]["responders"][0] == {"name": "Ana Silva", "role": "Incident commander"}
    assert data["impact"]["phases"][1] == {
        "label": "Full outage",
        "start": "2024-01-31T23:30:00+00:00",
        "end": "2024-02-01T18:14:00+00:00",
    }
    event = data["timeline"][2]
    assert (event["source"], event["source_id"], event["actor"]) == (
        "pagerduty",
        "R3VLK2P0Q1",
        "Jane Doe",
    )
    assert data["timeline"][0]["approximate"] is True
    assert [s["after"] for s in data["sections"]] == ["summary", "timeline", "appendix"]
    assert list(data)[-3:] == ["sections", "review", "metrics"]


SECTION_HEADINGS = {
    "summary": "Summary",
    "impact": "Summary",
    "timeline": "Timeline (All times UTC)",
    "root_cause": "Root Cause",
    "factors": "Contributing Factors",
    "went_well": "What Went Well",
    "went_wrong": "Where We Got Lucky",  # "where we got lucky" belongs to What Went Wrong
    "action_items": "Action Items",
    "lessons": "Lessons Learned",
    "related": "Related Incidents",
    "prevention": "Prevention",
    "appendix": "Appendix",
}


@pytest.mark.parametrize("template", ["default", "detailed"])
@pytest.mark.parametrize("place", model.SECTION_PLACES)
def test_a_team_section_is_rendered_after_the_section_it_follows(
    example_path: Path, place: str, template: str
) -> None:
    draft = store.read_draft(example_path).draft
    draft.lucky = [model.Point("Off-peak", "It happened at a quiet hour.")]
    draft.sections = [model.Section("Ours *1*", "Some **Markdown**.", after=place)]
    text = export.render(draft, template=template)
    names = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    before = SECTION_HEADINGS[place]
    if template == "detailed" and place == "timeline":
        before = "Metrics"
    assert names[names.index(before) + 1] == "Ours \\*1\\*"
    assert "\n## Ours \\*1\\*\n\nSome **Markdown**.\n" in text


def test_a_document_without_additions_is_the_one_written_before(
    example_path: Path, example_markdown: str
) -> None:
    draft = store.read_draft(example_path).draft
    draft.sections = []
    assert export.render(draft) == example_markdown


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("2023-11-20-db-cpu.toml", "2023-11-20-db-cpu.md"),
        ("../2023/db cpu.TOML", "../2023/db cpu.md"),
        ("https://example.com/pm/db.toml", "https://example.com/pm/db.toml"),
        ("//example.com/db.toml", "//example.com/db.toml"),
        ("file:db.toml", "file:db.toml"),
        ("https://wiki/PM-12", "https://wiki/PM-12"),
        ("notes.md", "notes.md"),
    ],
)
def test_a_related_draft_links_to_its_exported_document(link: str, href: str) -> None:
    assert export.document_link(link) == href


def test_a_link_in_a_table_keeps_the_row_whole() -> None:
    draft = model.Draft.new("Links")
    draft.action_items = [
        model.ActionItem("Fix | it", link="https://x.example/a|b c"),
        model.ActionItem("Plain", owner="ops"),
    ]
    text = export.render(draft)
    assert "| [Fix \\| it](<https://x.example/a%7Cb c>) |" in text
    assert "| Plain " in text and "[Plain]" not in text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [((24 * 60 + 11) * 60, "1 day 11 minutes"), ((50 * 60 + 5) * 60, "2 days 2 hours 5 minutes")],
)
def test_durations_are_exact_to_the_minute(seconds: int, words: str) -> None:
    draft = model.Draft.new("Long")
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    draft.impact.start, draft.impact.end = start, start + dt.timedelta(seconds=seconds)
    draft.impact.phases = [model.ImpactPhase("All", draft.impact.start, draft.impact.end)]
    text = export.render(draft)
    assert f"- Duration: {words}\n" in text
    assert f", {words}\n" in text


def test_phase_spans_name_the_day_when_it_is_not_the_incident_date() -> None:
    draft = model.Draft.new("Phases", date=dt.date(2024, 1, 31), timezone="Europe/Berlin")
    at = dt.datetime(2024, 1, 31, 22, 0, tzinfo=dt.UTC)  # 23:00 in Berlin
    day = dt.timedelta(days=1)
    draft.impact.phases = [
        model.ImpactPhase("Ongoing", at),
        model.ImpactPhase("Long", at, at + 3 * day),
        model.ImpactPhase("Next day", at + day, at + day + dt.timedelta(hours=2)),
        model.ImpactPhase("Ending", end=at),
        model.ImpactPhase("Unknown"),
    ]
    assert [row.span for row in export.phase_rows(draft)] == [
        "from 23:00, still going on",
        "23:00 - 2024-02-03 23:00",
        "2024-02-01 23:00 - 01:00 (next day)",
        "until 23:00",
        "",
    ]
    assert "- Unknown\n" in export.render(draft)


# --- check ----------------------------------------------------------------------------------


def test_a_draft_using_every_addition_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert report.run_check([str(EVERY)], as_json=False, strict=True) == 0
    out = capsys.readouterr().out
    assert "complete (8 of 8 checklist items)" in out and "Problems: none" in out


def test_check_reports_a_phase_that_ends_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "phase.toml"
    path.write_text(
        EVERY.read_text(encoding="utf-8").replace(
            "end = 2024-01-31T23:30:00Z", "end = 2024-01-31T21:30:00Z", 1
        ),
        encoding="utf-8",
    )
    report.run_check([str(path)], as_json=True, strict=False)
    problems = json.loads(capsys.readouterr().out)[0]["problems"]
    assert problems == [
        {
            "rule": "phase_end_before_start",
            "message": "impact phase #1 ('Degraded') ends (2024-01-31 21:30) "
            "before it starts (2024-01-31 22:00)",
            "section": "impact",
            "index": 0,
            "metric": None,
        }
    ]


# --- the sections every new draft starts with -----------------------------------------------


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_draft_starts_with_the_teams_sections(tmp_path: Path) -> None:
    _config(  # the file POSTMORTEM_CONFIG names in every test
        tmp_path,
        '[[sections]]\ntitle = "Background"\nafter = "summary"\ntext = "Start here."\n\n'
        '[[sections]]\ntitle = "FAQ"\n',
    )
    draft = config.new_draft("New", date=dt.date(2024, 2, 1))
    assert draft.meta.date == dt.date(2024, 2, 1)
    assert draft.sections == [
        model.Section("Background", "Start here.", "summary"),
        model.Section("FAQ", None, "appendix"),
    ]
    # each draft gets its own copies
    assert config.new_draft("Other").sections[0] is not draft.sections[0]


def test_without_a_config_file_a_new_draft_has_no_sections() -> None:
    assert config.new_draft("New").sections == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('sections = "Background"', "sections: expected a list of tables, written [[sections]]"),
        ('[[sections]]\ntitle = ""', "sections[0].title: expected a non-empty string"),
        ('[[sections]]\ntitle = "A"\nafter = "lucky"', 'sections[0].after: expected one of "'),
        ('[[sections]]\ntitle = "A"\ntext = 3', "sections[0].text: expected a string"),
        ('[[sections]]\ntitle = "A"\nplace = "x"', "sections[0].place: unknown key"),
    ],
)
def test_a_broken_sections_table_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = _config(tmp_path, text)
    with pytest.raises(config.ConfigError) as caught:
        config.load_config(path)
    assert message in str(caught.value)
    assert config.starting_sections() == []  # a broken file never stops a new draft


def test_a_teams_section_is_read_by_the_blameless_review() -> None:
    draft = model.Draft.new("Words")
    draft.sections = [model.Section("Background", "Bob forgot to renew the certificate.")]
    found = report.findings(draft, config.Config())
    assert [(f.where, f.step) for f in found] == [("sections[0]", "sections")]


def test_progress_counts_phases_and_the_teams_sections() -> None:
    draft = model.Draft.new("Steps")
    assert progress.step_state(draft, "sections") is progress.State.EMPTY
    draft.sections = [model.Section("Background", "Text."), model.Section("FAQ")]
    assert progress.step_state(draft, "sections") is progress.State.STARTED
    draft.sections[1].text = "Answers."
    assert progress.step_state(draft, "sections") is progress.State.COMPLETE
    assert progress.first_incomplete(draft) == "summary"  # the step is optional
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    draft.impact.start, draft.impact.end = start, start + dt.timedelta(hours=2)
    assert progress.step_state(draft, "impact") is progress.State.STARTED
    draft.impact.phases = [model.ImpactPhase("Full outage", start, draft.impact.end)]
    assert progress.step_state(draft, "impact") is progress.State.COMPLETE
