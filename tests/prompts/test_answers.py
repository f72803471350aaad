"""Validation, interruptions, editing, saving conflicts and the end of the walk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem_tui.core import progress, store
from postmortem_tui.core.model import Draft
from postmortem_tui.prompts.steps import STEP_QUESTIONS

from .conftest import Answer
from .keys import CTRL_C, DOWN, ENTER, FINISH, down, line, up

SKIP = down(1)
"""At a step's gate: skip the step (on a step that is not complete yet)."""
LATER = down(2)
"""At a step's gate: finish later (on a step that is not complete yet)."""
LATER_COMPLETE = down(1)
"""At a complete step's gate, where the cursor starts on "Skip": finish later."""
EDIT_ONE = up(2)
"""In a list that held items: the cursor starts on "Done"; "Edit" is two up."""
DELETE_ONE = up(1)


def _drafts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def _only(folder: Path) -> Draft:
    paths = _drafts(folder)
    assert len(paths) == 1, paths
    return store.read_draft(paths[0]).draft


def _without_stamps(draft: Draft) -> Draft:
    draft.meta.created = draft.meta.updated = None
    return draft


def test_every_wizard_step_has_questions() -> None:
    assert list(STEP_QUESTIONS) == list(progress.STEP_KEYS)


def test_a_bad_time_is_refused_and_asked_again(answer: Answer, tmp_path: Path) -> None:
    keys = SKIP + ENTER + "25:99" + ENTER + line("14:32") + "9:05pm" + ENTER
    status = answer(keys, new=True, title="Queue stuck")  # the input ends: EOF
    assert status == 130
    draft = _only(tmp_path / "drafts")
    today = dt.date.today()
    assert draft.impact.start == dt.datetime.combine(today, dt.time(14, 32), tzinfo=dt.UTC)
    assert draft.impact.end == dt.datetime.combine(today, dt.time(21, 5), tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("bad", "good", "field", "value"),
    [
        ("2024-13-01", "2024-12-01", "date", dt.date(2024, 12, 1)),
        ("yesterday", "2024-01-15", "date", dt.date(2024, 1, 15)),
    ],
)
def test_a_bad_date_never_reaches_the_file(
    answer: Answer, tmp_path: Path, bad: str, good: str, field: str, value: object
) -> None:
    status = answer(ENTER + line(bad) + line(good), new=True, title="Queue stuck")
    assert status == 130
    assert getattr(_only(tmp_path / "drafts").meta, field) == value


def test_numbers_are_checked(answer: Answer, tmp_path: Path) -> None:
    impact = SKIP + ENTER + ENTER + ENTER  # no start, no end
    numbers = "-3" + ENTER + line("12") + "1.5" + ENTER + line("7") + "lots" + ENTER + line("1e3")
    status = answer(impact + numbers, new=True, title="Queue stuck")
    assert status == 130
    i = _only(tmp_path / "drafts").impact
    assert (i.users_affected, i.requests_failed, i.revenue_loss) == (12, 7, 1000)


def test_ctrl_c_keeps_the_first_two_answers(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = "Cache stampede" + ENTER + ENTER + line("2024-02-02") + CTRL_C
    assert answer(keys, new=True) == 130
    draft = _only(tmp_path / "drafts")
    assert (draft.meta.title, draft.meta.date) == ("Cache stampede", dt.date(2024, 2, 2))
    err = capsys.readouterr().err
    path = _drafts(tmp_path / "drafts")[0]
    assert f"saved in {path}" in err
    assert f"postmortem edit {path} --plain" in err
    assert "Traceback" not in err


def test_ctrl_c_before_the_title_saves_nothing(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert answer("Cache" + CTRL_C, new=True) == 130
    assert _drafts(tmp_path / "drafts") == []
    assert "nothing was saved" in capsys.readouterr().err


def test_a_dropped_connection_keeps_every_answer(answer: Answer, tmp_path: Path) -> None:
    # The input ends in the middle of the summary text: everything before it is in the file.
    keys = ENTER + line("2024-02-02") + up(2) + DOWN + ENTER + "Half a sent"
    assert answer(keys, new=True, title="Cache stampede", severity="P3") == 130
    meta = _only(tmp_path / "drafts").meta
    assert (meta.date, meta.severity, meta.status) == (dt.date(2024, 2, 2), "P1", "in-review")


def test_finish_later_stops_with_the_resume_hint(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert answer(SKIP + SKIP + LATER, new=True, title="Cache", severity="P2") == 0
    out = capsys.readouterr().out
    path = _drafts(tmp_path / "drafts")[0]
    assert f"postmortem edit {path} --plain" in out
    assert "Checklist" not in out
    assert _only(tmp_path / "drafts").meta.severity == "P2"


def _edit_gate(draft: Draft, key: str, *, first: bool = False) -> str:
    """Choose "edit" at a step's gate, wherever the cursor starts (on "edit" at the step
    picked at "Start at which step?", and at any step not complete)."""
    complete = progress.step_state(draft, key) is progress.State.COMPLETE
    return up(1) if complete and not first else ENTER


def test_editing_keeps_every_value_on_enter(answer: Answer, example_path: Path) -> None:
    # Times stored in UTC, shown and typed in Berlin: Enter must keep them as stored.
    text = example_path.read_text(encoding="utf-8")
    example_path.write_text(text.replace('timezone = "UTC"', 'timezone = "Europe/Berlin"'))
    before = store.read_draft(example_path).draft
    assert before.meta.timezone == "Europe/Berlin"
    per_step = {
        # ... then the incident id, the services and the (empty) responders
        "summary": ENTER * 4 + FINISH + ENTER * 3 + ENTER * 3,
        # ... then the (empty) phases
        "impact": ENTER * 7 + FINISH + ENTER + ENTER,
        # open the first event and keep its time, text, kind, actor, link and estimate
        "timeline": EDIT_ONE + ENTER + ENTER * 3 + ENTER * 3 + ENTER,
        "root_cause": FINISH + ENTER,
        "factors": ENTER,
        "went_well": ENTER,
        "went_wrong": ENTER + ENTER,
        "action_items": ENTER,
        "lessons": ENTER,
        "related": ENTER,
        "prevention": ENTER,
        "appendix": FINISH + FINISH + ENTER,
        "sections": down(1),  # none: an empty step starts on "Add"; down to "Done"
        "review": ENTER * 4,
    }
    keys = up(len(progress.STEPS) - 1)  # start at the Summary
    for number, step in enumerate(progress.STEPS):
        keys += _edit_gate(before, step.key, first=number == 0) + per_step[step.key]
    keys += down(1)  # no export
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert after.meta.updated is not None
    assert _without_stamps(after) == _without_stamps(before)
    # Byte for byte too (a time read back keeps its own offset), but for the new stamps.
    lines = example_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = "".join(x for x in lines if not x.startswith(("created = ", "updated = ")))
    assert kept == store.dumps_draft(_without_stamps(before))


def test_editing_an_event_keeps_the_timeline_sorted(answer: Answer, example_path: Path) -> None:
    draft = store.read_draft(example_path).draft
    first = draft.timeline[0].event
    # Move the first event (14:15) to 14:36; Enter keeps its text and kind.
    # ... and its actor, link and estimate
    timeline = EDIT_ONE + ENTER + line("14:36") + ENTER + ENTER + ENTER * 3 + ENTER
    gate = _edit_gate(draft, "timeline", first=True)
    keys = up(len(progress.STEPS) - 3) + gate + timeline + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert [e.at for e in after.timeline] == sorted(e.at for e in after.timeline)
    moved = next(e for e in after.timeline if e.event == first)
    assert moved.at == dt.datetime(2024, 1, 15, 14, 36, tzinfo=dt.UTC)
    assert after.timeline.index(moved) == 3


def test_an_imported_event_says_where_it_came_from_and_keeps_it(
    answer: Answer, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = example_path.read_text(encoding="utf-8")
    imported = 'kind = "trigger"\nsource = "github"\nsource_id = "deploy-8812"\n'
    example_path.write_text(text.replace('kind = "trigger"\n', imported, 1), encoding="utf-8")
    draft = store.read_draft(example_path).draft
    assert draft.timeline[0].source == "github"
    # Edit the first event: keep its time, text and kind; type an actor; no link, no estimate.
    timeline = EDIT_ONE + ENTER + ENTER * 3 + "deploy-bot" + ENTER + ENTER + ENTER + ENTER
    gate = _edit_gate(draft, "timeline", first=True)
    keys = up(len(progress.STEPS) - 3) + gate + timeline + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    assert "Imported from github (deploy-8812); that stays as it is." in capsys.readouterr().out
    event = store.read_draft(example_path).draft.timeline[0]
    assert (event.actor, event.source, event.source_id) == ("deploy-bot", "github", "deploy-8812")


def test_deleting_an_item_asks_first(answer: Answer, example_path: Path) -> None:
    draft = store.read_draft(example_path).draft
    gate = _edit_gate(draft, "lessons", first=True)  # Enter: the step picked is edited
    # Delete the second lesson: refuse once, then agree.
    lessons = DELETE_ONE + down(1) + ENTER + DELETE_ONE + down(1) + up(1) + ENTER
    keys = up(len(progress.STEPS) - 9) + gate + lessons + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert [p.title for p in after.lessons] == [
        p.title for i, p in enumerate(draft.lessons) if i != 1
    ]


def test_a_letter_typed_ahead_never_answers_a_yes_or_no(answer: Answer, example_path: Path) -> None:
    draft = store.read_draft(example_path).draft
    gate = _edit_gate(draft, "lessons", first=True)
    # "Delete ...?" defaults to No: the "y" typed ahead is ignored, Enter keeps the lesson.
    lessons = DELETE_ONE + down(1) + "y" + ENTER + ENTER
    keys = up(len(progress.STEPS) - 9) + gate + lessons + LATER_COMPLETE
    assert answer(keys, path=example_path) == 0
    after = store.read_draft(example_path).draft
    assert [p.title for p in after.lessons] == [p.title for p in draft.lessons]


def test_a_locked_draft_is_refused(
    answer: Answer, example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.DraftLock(example_path):
        assert answer("", path=example_path) == 2
    assert "is open in" in capsys.readouterr().err


def test_a_draft_changed_on_disk_is_saved_as_a_copy(
    answer: Answer, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_save = store.save_draft
    calls: list[Path] = []

    def save_after_someone_else(draft: Draft, path: Path, **kwargs: object) -> store.Fingerprint:
        if not calls:  # another program writes the file just before our first save
            path.write_text(path.read_text().replace("P1", "P2", 1))
        calls.append(path)
        return real_save(draft, path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save_draft", save_after_someone_else)
    # Edit the summary: a new title, then the conflict (save a copy), then stop at the date.
    keys = up(len(progress.STEPS) - 1) + ENTER + line("Renamed outage") + ENTER
    assert answer(keys, path=example_path) == 130
    others = sorted(p for p in example_path.parent.glob("*.toml") if p != example_path)
    assert len(others) == 1
    assert store.read_draft(others[0]).draft.meta.title == "Renamed outage"
    untouched = store.read_draft(example_path).draft
    assert (untouched.meta.title, untouched.meta.severity) != ("Renamed outage", "P1")
    assert untouched.meta.severity == "P2"


def test_a_draft_changed_on_disk_can_be_left_alone(
    answer: Answer, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "save_draft", _conflict)
    keys = up(len(progress.STEPS) - 1) + ENTER + line("Renamed outage") + down(1)
    assert answer(keys, path=example_path) == 1
    assert sorted(example_path.parent.glob("*.toml")) == [example_path]


def _conflict(draft: Draft, path: Path, **kwargs: object) -> store.Fingerprint:
    raise store.DraftChangedOnDisk(path, "changed on disk")


def test_the_end_shows_the_checklist_and_exports(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = SKIP * len(progress.STEPS) + ENTER  # skip every step, then export
    assert answer(keys, new=True, title="Quiet night") == 0
    out = capsys.readouterr().out
    assert "[ ] Timeline created" in out
    assert "0 of 8 checklist items done" in out
    path = _drafts(tmp_path / "drafts")[0]
    assert path.with_suffix(".md").read_text(encoding="utf-8").startswith("# ")
    assert "Quiet night" in path.with_suffix(".md").read_text(encoding="utf-8")


def test_the_example_exports_to_its_document(
    answer: Answer, example_path: Path, example_markdown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The cursor starts at the first incomplete step (Review): skip it, then export.
    assert progress.first_incomplete(store.read_draft(example_path).draft) == "review"
    assert answer(ENTER + SKIP + ENTER, path=example_path) == 0
    out = capsys.readouterr().out
    assert "[ ] Document shared widely" in out
    assert "[x] Timeline created" in out
    assert "Time to detect: 0 min (detected - impact start)" in out
    assert example_path.with_suffix(".md").read_text(encoding="utf-8") == example_markdown


def test_a_folder_that_cannot_be_written_is_said(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the drafts folder should be")
    assert answer("Disk full" + ENTER, new=True, folder=blocker / "drafts") == 2
    err = capsys.readouterr().err
    assert "postmortem:" in err
    assert "Traceback" not in err


def test_a_draft_that_cannot_be_locked_is_refused(
    answer: Answer,
    example_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def read_only_folder(self: store.DraftLock) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store.DraftLock, "acquire", read_only_folder)
    assert answer("", path=example_path) == 2
    err = capsys.readouterr().err
    assert "cannot be opened for editing: Permission denied" in err


@pytest.mark.parametrize(
    ("day", "required", "typed", "instruction"),
    [
        (dt.date(2024, 1, 15), True, "14:32", "(like 14:32)"),
        (None, True, "2024-01-15 14:32", "(like 2024-01-15 14:32)"),
        (dt.date(2024, 1, 15), False, "14:32", "(like 14:32; empty: not known)"),
        (None, False, "2024-01-15 14:32", "(like 2024-01-15 14:32; empty: not known)"),
    ],
)
def test_a_time_question_gives_the_one_example_that_works(
    monkeypatch: pytest.MonkeyPatch,
    day: dt.date | None,
    required: bool,
    typed: str,
    instruction: str,
) -> None:
    # Without a date to put it on, "14:32" is refused: the example must not offer it.
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from postmortem_tui.prompts import asks

    asked: list[tuple[str, str | None]] = []
    text = asks._text_with_hint

    def recording_text(message: str, **kwargs: object) -> object:
        asked.append((message, kwargs.get("instruction")))  # type: ignore[arg-type]
        return text(message, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(asks, "_text_with_hint", recording_text)
    with create_pipe_input() as pipe:
        pipe.send_text(typed + ENTER)
        with create_app_session(input=pipe, output=DummyOutput()):
            value = asks.time("Time:", None, tz="UTC", day=day, required=required)
    assert value == dt.datetime(2024, 1, 15, 14, 32, tzinfo=dt.UTC)
    assert asked == [("Time:", instruction)]


def test_the_severity_question_offers_the_teams_scale(answer: Answer, tmp_path: Path) -> None:
    scale = '[severities]\nSEV1 = "Critical"\nSEV2 = "Major"\nSEV3 = "Minor"\n'
    (tmp_path / "config.toml").write_text(scale, encoding="utf-8")  # $POSTMORTEM_CONFIG
    # SEV1, SEV2, SEV3, not set: the cursor starts on "not set"; two up is SEV2.
    keys = ENTER + line("2024-02-02") + up(2) + ENTER + "Half a sent"
    assert answer(keys, new=True, title="Cache stampede") == 130
    assert _only(tmp_path / "drafts").meta.severity == "SEV2"


def _weekday(day: dt.date) -> str:
    return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[day.weekday()]


def test_a_time_typed_alone_lands_nearest_the_one_before_and_says_its_date(
    answer: Answer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # No yes/no question after a time: the "5" typed ahead is the number of users affected.
    keys = SKIP + ENTER + line("23:50") + "00:20" + ENTER + "5" + ENTER
    assert answer(keys, new=True, title="Queue stuck") == 130
    impact = _only(tmp_path / "drafts").impact
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    assert impact.end == dt.datetime.combine(tomorrow, dt.time(0, 20), tzinfo=dt.UTC)
    assert impact.users_affected == 5
    out = capsys.readouterr().out
    assert f"23:50, {_weekday(today)} {today}, the incident's date" in out
    assert f"00:20, {_weekday(tomorrow)} {tomorrow}, next day" in out


def test_plus_or_minus_one_moves_a_typed_time_a_day(answer: Answer, tmp_path: Path) -> None:
    # An impact from 22:52 to 23:03 the next day: the nearest reading is the same day.
    keys = SKIP + ENTER + line("22:52") + "23:03 +1" + ENTER
    assert answer(keys, new=True, title="Partition") == 130
    impact = _only(tmp_path / "drafts").impact
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert impact.end == dt.datetime.combine(tomorrow, dt.time(23, 3), tzinfo=dt.UTC)
