"""The whole walk: the title, each step behind a "fill in, skip or finish later?" gate, the
checklist at the end and the offer to export. Interruptions end with where the draft is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core import config, progress, store
from ..core.model import Draft
from . import asks
from .session import FinishLater, Quit, Session, resume_hint, say, warn
from .steps import STEP_QUESTIONS, summary

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

_STATE_WORDS = {
    progress.State.EMPTY: "empty",
    progress.State.STARTED: "started",
    progress.State.COMPLETE: "complete",
}


def run_prompts(
    *,
    folder: Path,
    path: Path | None = None,
    new: bool = False,
    title: str | None = None,
    severity: str | None = None,
) -> int:
    """Walk a draft with plain prompts; returns the exit status.

    A new draft (``path`` None; ``new`` says the same from the command line) starts with its
    title (unless ``title`` is given) and is written as soon as it has one; an existing one
    starts at the step the person picks (its first incomplete one by default). Exit status:
    0 done or finished later, 1 quit over a file changed on disk, 2 the draft cannot be
    opened or created, 130 interrupted (Ctrl+C, closed input).
    """
    session: Session | None = None
    try:
        if path is None:
            session = _start_new(folder, title, severity)
            start = 0
        else:
            session = _open(Path(path))
            if session is None:
                return EXIT_BAD_INPUT
            start = _ask_start(session)
        _walk(session, start, ask_title=path is not None)
        _finish(session)
        return EXIT_OK
    except FinishLater:
        assert session is not None
        say(f"Saved {session.path}")
        say(f"Pick it up again with: {resume_hint(session.path)}")
        return EXIT_OK
    except Quit as stop:
        return stop.status
    except store.DraftError as error:  # the folder cannot be written, say
        warn(str(error))
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, EOFError):
        say()
        if session is None:
            warn("interrupted; nothing was saved")
        else:
            warn(f"interrupted; every answer so far is saved in {session.path}")
            warn(f"resume with: {resume_hint(session.path)}")
        return EXIT_INTERRUPTED
    finally:
        if session is not None:
            session.close()


def _start_new(folder: Path, title: str | None, severity: str | None) -> Session:
    """Ask the title (unless given) and write the new draft file at once."""
    say("New postmortem. Every answer is saved as you go; Ctrl+C stops at any point.")
    if title is None or not title.strip():
        title = asks.required_text(
            "Title of the incident (e.g. API outage - connection pool exhausted):"
        )
    draft = config.new_draft(title.strip(), date=dt.date.today())
    if severity:
        draft.meta.severity = severity
    session = Session.create(draft, folder)
    say(f"Saved {session.path}")
    return session


def _open(path: Path) -> Session | None:
    try:
        session = Session.open(path)
    except store.DraftLocked as error:
        warn(f"{error}; close it there first")
        return None
    except store.DraftError as error:
        warn(str(error))
        return None
    except OSError as error:  # the lock file cannot be made: the folder is read-only, say
        warn(f"{path}: cannot be opened for editing: {error.strerror or error}")
        return None
    say(f"Editing {session.path}. Every answer is saved as you go; Ctrl+C stops at any point.")
    return session


def _ask_start(session: Session) -> int:
    """Which step to start at: where the person was last time, else the first incomplete."""
    draft = session.draft
    states = progress.step_states(draft)
    choices = [
        (f"{step.title} ({_STATE_WORDS[states[step.key]]})", step.key) for step in progress.STEPS
    ]
    default = session.edit.last_step()
    if default not in progress.STEP_KEYS:
        default = progress.first_incomplete(draft)
    key = asks.select("Start at which step?", choices, default)
    return progress.STEP_KEYS.index(key)


def _walk(session: Session, start: int, *, ask_title: bool) -> None:
    """Each step from ``start`` on: guideline, gate, questions."""
    total = len(progress.STEPS)
    for number, step in enumerate(progress.STEPS[start:], start + 1):
        state = progress.step_state(session.draft, step.key)
        session.at_step(step.key)
        say()
        say(f"== Step {number} of {total}: {step.title} ({_STATE_WORDS[state]}) ==")
        say(step.guideline)
        verb = "Fill in" if state is progress.State.EMPTY else "Edit"
        choice = asks.select(
            f"{verb} {step.title}?",
            [
                (f"{verb} this step", "edit"),
                ("Skip this step", "skip"),
                ("Finish later (stop here; everything is saved)", "later"),
            ],
            # The step asked for at "Start at which step?" is the one to work on, complete or
            # not; after it, complete steps are passed by default.
            "skip" if state is progress.State.COMPLETE and number > start + 1 else "edit",
        )
        if choice == "later":
            raise FinishLater
        if choice == "skip":
            continue
        if step.key == "summary":  # a new draft's title was just asked or given: not twice
            summary(session, ask_title=ask_title)
        else:
            STEP_QUESTIONS[step.key](session)


def _report(draft: Draft) -> None:
    """The output checklist, ordering problems and blameless findings of the draft."""
    from .. import review  # ~25 ms, only needed at the end

    try:
        team_config = config.load_config()
    except config.ConfigError as error:
        warn(f"{error}; the blameless review uses the built-in phrases")
        team_config = None
    result = review.review_draft(draft, team_config)
    say()
    say("== Checklist ==")
    for item in result.checklist:
        say(f"  {'[x]' if item.ok else '[ ]'} {item.label}: {item.detail}")
    say(f"{result.done} of {len(result.checklist)} checklist items done.")
    known = [m for m in result.metrics.values() if m.seconds is not None]
    if known:
        say("Metrics:")
        for metric in known:
            say(f"  {review.format_metric(metric)}")
    if result.problems:
        say("Problems to fix:")
        for problem in result.problems:
            say(f"  ! {problem.message}")
    if result.findings:
        say("Blameless wording to look at:")
        for finding in result.findings:
            say(f'  {finding.where}: "{finding.excerpt}" ({finding.suggestion})')


def _finish(session: Session) -> None:
    """The checklist summary and the offer to export."""
    _report(session.draft)
    say(f"Saved {session.path}")
    target = session.path.with_suffix(".md")
    replaces = " (replaces it)" if target.exists() else ""
    if asks.confirm(f"Export to Markdown now, to {target}{replaces}?", default=True):
        _export(session.draft, target)
    else:
        say(f"To export later: postmortem export {session.path} -o {target}")
    say(f"To change anything later: {resume_hint(session.path)}")


def _export(draft: Draft, target: Path) -> None:
    """Render the default template next to the draft; a failure is said, never fatal."""
    from .. import export  # Jinja2 (~25 ms) only when exporting

    try:
        text = export.render(draft, template=None, fmt="md")
    except export.ExportError as error:
        warn(f"could not export: {error}")
        return
    try:
        store.write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        warn(f"{target}: could not be written: {error.strerror or error}")
        return
    say(f"Wrote {target}")
