"""The additions to format 1: responders, services, impact phases, richer timeline events and a
team's own sections, read and written without changing a draft written before them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem_tui.core import model, store

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
    first, second = draft.timeline[:2]
    assert (first.actor, first.source, first.source_id) == (
        "Alertmanager",
        "alertmanager",
        "91f3c2:2024-01-31T22:00:00Z",
    )
    assert second.approximate is True and first.approximate is None
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
