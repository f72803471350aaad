"""The plain prompt walk, driven in-process through prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem_tui.core import store
from postmortem_tui.core.model import (
    ActionItem,
    Author,
    CodeBlock,
    Draft,
    Factor,
    ImpactPhase,
    Point,
    Prevention,
    Responder,
    Section,
    TimelineEvent,
)

from .conftest import Answer
from .keys import ENTER, FINISH, down, line, up

UTC = dt.UTC


def _only_draft(folder: Path) -> Path:
    drafts = sorted(folder.glob("*.toml"))
    assert len(drafts) == 1, drafts
    return drafts[0]


def _load(path: Path) -> Draft:
    draft = store.read_draft(path).draft
    draft.meta.created = draft.meta.updated = None
    return draft


def _at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2024, 3, day, hour, minute, tzinfo=UTC)


WALK = "".join(
    [
        "Disk full on db-1" + ENTER,  # title
        # 1 Summary
        ENTER,  # fill in
        line("2024-03-10"),  # date (default today)
        up(4),  # severity: from "not set" up to P2
        ENTER,  # status: draft
        "Disk filled up." + FINISH,  # summary text
        ENTER,  # authors: add
        "Ann" + ENTER,
        "On-call" + ENTER,
        down(3),  # authors: done
        "db, disk" + ENTER,  # tags
        ENTER,  # time zone: keep UTC
        "INC-77" + ENTER,  # incident id
        "db-1, api" + ENTER,  # services
        up(1),  # responders: add
        "Bo" + ENTER,
        "Incident commander" + ENTER,
        down(3),  # responders: done
        # 2 Impact
        ENTER,
        "23:50" + ENTER,  # start
        "00:20" + ENTER,  # end: nearest after the start is the next day
        "1,200" + ENTER,  # users
        "abc" + ENTER,  # requests: refused, asked again
        line("5000"),
        "99.5" + ENTER,  # revenue
        "eur" + ENTER,  # currency
        up(1),  # estimates: yes
        "Writes failed." + FINISH,  # description
        ENTER,  # other impact: done
        up(1),  # phases: add
        "Full outage" + ENTER,
        "23:50" + ENTER,  # start
        "00:20" + ENTER,  # end: on or after the start, so the next day
        "Writes failed" + ENTER,  # description
        down(3),  # phases: done
        # 3 Timeline
        ENTER,
        ENTER,  # add
        "23:40" + ENTER,
        "Disk alert" + ENTER,
        up(6),  # kind: note -> detected
        "Alertmanager" + ENTER,  # actor
        "https://alerts.example.com/1" + ENTER,  # link
        ENTER,  # not an estimate
        ENTER,  # add another
        "00:30" + ENTER,  # nearest after 23:40: the next day
        "Disk cleaned" + ENTER,
        up(1),  # kind: resolved
        ENTER,  # no actor
        ENTER,  # no link
        up(1),  # the time is an estimate: yes
        ENTER,  # add another
        "23:35" + ENTER,  # nearest to 00:30: the evening before, an earlier event
        "Log burst" + ENTER,
        up(7),  # kind: trigger
        ENTER + ENTER + ENTER,  # no actor, no link, not an estimate
        down(3),  # done
        # 4 Root cause
        ENTER,
        "Logs grew." + FINISH,
        up(1),  # code: add
        "Fix" + ENTER,
        "sh" + ENTER,
        "if full:\n    rm_old()" + FINISH,
        down(3),  # done
        # 5 Factors
        ENTER,
        ENTER,  # add
        "No log rotation" + ENTER,
        "logrotate missing" + ENTER,
        ENTER,  # details: add
        "Config not deployed" + ENTER,
        down(3),  # details: done
        down(3),  # factors: done
        # 6 What went well: skip
        down(1),
        # 7 What went wrong
        ENTER,
        ENTER,  # add
        "Late alert" + ENTER,
        ENTER,  # no detail
        down(3),  # done
        ENTER,  # lucky: done (optional)
        # 8 Action items
        ENTER,
        ENTER,  # add
        "Deploy logrotate" + ENTER,
        "SRE" + ENTER,
        "2024-03-20" + ENTER,
        up(3),  # priority: P1
        up(3),  # status: in-progress
        up(2),  # type: prevent
        ENTER,  # no link
        down(3),  # done
        # 9 Lessons, 10 Related: skip
        down(1),
        down(1),
        # 11 Prevention
        ENTER,
        ENTER,  # add: an empty step starts on "Add", never on "Done"
        "Rotate logs daily" + ENTER,
        up(1),  # done: yes
        down(3),
        # 12 Appendix
        ENTER,
        FINISH,  # no graphs
        "#inc-42" + FINISH,
        ENTER,  # code: done
        # 13 Team sections
        ENTER,
        ENTER,  # add: the step holds nothing yet
        "Background" + ENTER,
        up(11),  # after: from Appendix up to Summary
        "Two disks." + FINISH,
        ENTER,  # add another
        "FAQ" + ENTER,
        ENTER,  # after the Appendix
        FINISH,  # no text yet
        down(3),  # move a section
        down(1),  # ... the FAQ
        up(1),  # ... before the Background
        down(4),  # done
        # 14 Review
        ENTER,
        "2024-03-12 10:00" + ENTER,
        ENTER,  # not held yet (No is the default)
        "eng@example.com, #sre" + ENTER,
        "next week" + ENTER,  # refused
        line("2024-04-01"),
        # the end: do not export
        down(1),  # No
    ]
)


def _expected() -> Draft:
    draft = Draft.new(
        "Disk full on db-1",
        date=dt.date(2024, 3, 10),
        severity="P2",
        tags=["db", "disk"],
        authors=[Author("Ann", "On-call")],
        incident_id="INC-77",
        services=["db-1", "api"],
        responders=[Responder("Bo", "Incident commander")],
    )
    draft.summary.text = "Disk filled up."
    i = draft.impact
    i.start, i.end = _at(10, 23, 50), _at(11, 0, 20)
    i.users_affected, i.requests_failed, i.revenue_loss, i.currency = 1200, 5000, 99.5, "EUR"
    i.approximate, i.description = True, "Writes failed."
    i.phases = [ImpactPhase("Full outage", _at(10, 23, 50), _at(11, 0, 20), "Writes failed")]
    draft.timeline = [
        TimelineEvent(_at(10, 23, 35), "Log burst", "trigger"),
        TimelineEvent(
            _at(10, 23, 40),
            "Disk alert",
            "detected",
            actor="Alertmanager",
            link="https://alerts.example.com/1",
        ),
        TimelineEvent(_at(11, 0, 30), "Disk cleaned", "resolved", approximate=True),
    ]
    draft.root_cause.text = "Logs grew."
    draft.root_cause.code = [CodeBlock("Fix", "sh", "if full:\n    rm_old()")]
    draft.factors = [Factor("No log rotation", "logrotate missing", ["Config not deployed"])]
    draft.went_wrong = [Point("Late alert")]
    draft.action_items = [
        ActionItem(
            "Deploy logrotate",
            owner="SRE",
            due=dt.date(2024, 3, 20),
            priority="P1",
            status="in-progress",
            type="prevent",
        )
    ]
    draft.prevention = [Prevention("Rotate logs daily", True)]
    draft.appendix.communication_log = "#inc-42"
    draft.sections = [Section("FAQ"), Section("Background", "Two disks.", "summary")]
    draft.review.meeting = _at(12, 10, 0)
    draft.review.meeting_held = None
    draft.review.shared_with = ["eng@example.com", "#sre"]
    draft.review.follow_up = dt.date(2024, 4, 1)
    return draft


def test_full_walk_writes_the_expected_draft(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = answer(WALK, new=True)
    out = capsys.readouterr()
    assert status == 0, out.out + out.err
    assert _load(_only_draft(tmp_path / "drafts")) == _expected()
    assert "Checklist" in out.out
    assert "To export later: postmortem export" in out.out  # export declined
