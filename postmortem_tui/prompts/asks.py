"""One question at a time: thin wrappers over questionary that return model values.

Every function here asks until the answer is valid (questionary keeps the prompt open and
shows the reason under it), so nothing invalid ever reaches the draft. Ctrl+C raises
KeyboardInterrupt and a closed input raises EOFError; the flow turns both into a message that
says where the draft is saved.

Defaults come from the draft, so Enter keeps a value. When the typed text is exactly the
default, the value already in the draft is returned unchanged (a time read back from the file
keeps its own offset; an unset field stays unset).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import questionary
from questionary import Choice

from ..core import fields, times
from ..core.fields import FieldSpec

T = TypeVar("T")

MULTILINE_HELP = "\n  (Enter starts a new line; Esc then Enter, or Alt+Enter, finishes)\n>"
"""The instruction under every multi-line question: questionary's finishing keys."""

OPTIONAL_HELP = "(Enter keeps it; erase it to clear)"
NOT_SET = ""
"""The value of a select's "not set" choice (questionary cannot use None as a value)."""


def _ask(question: questionary.Question) -> Any:
    """Ask and return the answer; Ctrl+C raises KeyboardInterrupt, closed input EOFError."""
    answer = question.unsafe_ask()
    if answer is None:  # questionary's own Ctrl+C path; never silently carry on
        raise KeyboardInterrupt
    return answer


def _validator(parse: Callable[[str], object]) -> Callable[[str], bool | str]:
    """A questionary validator that shows the parser's reason and keeps the prompt open."""

    def check(text: str) -> bool | str:
        try:
            parse(text)
        except ValueError as error:
            return f"Expected {error}" if isinstance(error, times.TimeError) else str(error)
        return True

    return check


def _blank_or(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    return lambda text: None if not text.strip() else parse(text)


def text(
    message: str,
    current: str | None = None,
    *,
    required: bool = False,
    instruction: str | None = None,
    check: Callable[[str], object] | None = None,
) -> str | None:
    """A one-line answer, stripped; None when left empty (unless ``required``)."""

    def parse(answer: str) -> str | None:
        if not answer.strip():
            if required:
                raise ValueError("This cannot be empty")
            return None
        if check is not None:
            check(answer.strip())
        return answer.strip()

    if instruction is None and not required and current:
        instruction = OPTIONAL_HELP
    answer = _ask(
        questionary.text(
            message, default=current or "", validate=_validator(parse), instruction=instruction
        )
    )
    if answer == (current or ""):
        return current
    return parse(answer)


def required_text(message: str, current: str | None = None) -> str:
    """A one-line answer that cannot be empty."""
    answer = text(message, current, required=True)
    assert answer is not None  # required: the validator refused empty answers
    return answer


def long_text(message: str, current: str | None = None, *, code: bool = False) -> str | None:
    """A multi-line answer (finished with Esc then Enter); None when left empty.

    Prose loses surrounding white space; ``code`` keeps the first line's indentation.
    """
    answer = _ask(
        questionary.text(message, default=current or "", multiline=True, instruction=MULTILINE_HELP)
    )
    if answer == (current or ""):
        return current
    cleaned = answer.strip("\n").rstrip() if code else answer.strip()
    return cleaned or None


def select(
    message: str,
    choices: Sequence[tuple[str, str]],
    current: str | None = None,
) -> str:
    """One of ``choices`` (title, value); the cursor starts on ``current``."""
    values = [value for _, value in choices]
    default = current if current in values else None
    return str(
        _ask(
            questionary.select(
                message,
                choices=[Choice(title=title, value=value) for title, value in choices],
                default=default,
            )
        )
    )


def optional_select(
    message: str,
    choices: Sequence[tuple[str, str]],
    current: str | None,
    *,
    unset_label: str = "not set",
) -> str | None:
    """One of ``choices`` or "not set" (None); a current value outside the list is offered too."""
    options = list(choices)
    if current and current not in [value for _, value in options]:
        options.append((current, current))
    options.append((unset_label, NOT_SET))
    answer = select(message, options, current if current else NOT_SET)
    return answer or None


def path(message: str) -> str:
    """A path, completed with Tab from the files and folders on disk; may be empty."""
    return str(_ask(questionary.path(message))).strip()


def confirm(message: str, default: bool = True) -> bool:
    """Yes or no, chosen with the arrows; Enter takes ``default``.

    A choice, not questionary's y/N question: a letter typed ahead for the next question
    (the "y" of "yesterday's deploy") never answers it, and changes nothing.
    """
    answer = _ask(
        questionary.select(
            message,
            choices=[Choice(title="Yes", value="yes"), Choice(title="No", value="no")],
            default="yes" if default else "no",
            use_jk_keys=False,
            use_shortcuts=False,
            instruction="(arrows, then Enter)",
        )
    )
    return answer == "yes"


def optional_flag(message: str, current: bool | None) -> bool | None:
    """A yes/no field that may be unset: "no" leaves an unset field unset."""
    answer = confirm(message, default=bool(current))
    if answer:
        return True
    return None if current is None else False


def _optional_value(
    message: str,
    current: T | None,
    shown: str,
    parse: Callable[[str], T],
    example: str | None = None,
) -> T | None:
    parse_blank = _blank_or(parse)
    instruction = OPTIONAL_HELP if current is not None else "(empty: not known)"
    if example is not None:  # "(like 14:32; empty: not known)"
        instruction = f"(like {example}; {instruction[1:]}"
    answer = _ask(
        questionary.text(
            message, default=shown, validate=_validator(parse_blank), instruction=instruction
        )
    )
    if answer == shown:
        return current
    return parse_blank(answer)


def format_time(value: dt.datetime, tz: str, day: dt.date | None) -> str:
    """A stored time as shown and offered: ``14:32`` on ``day``, else with its date."""
    return fields.format_time(value, fields.Context(tz=tz, day=day))


TIME_SPEC = fields.field("TimelineEvent.at")


def _text_with_hint(
    message: str,
    *,
    default: str,
    validate: Callable[[str], bool | str],
    instruction: str,
    hint: Callable[[str], str],
) -> questionary.Question:
    """``questionary.text`` with a line under the question that follows what is typed.

    Built as questionary builds its text question, with a prompt that is evaluated again on
    every key (a bottom toolbar would need the terminal to report the cursor position).
    """
    from prompt_toolkit.application import get_app
    from prompt_toolkit.document import Document
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from prompt_toolkit.lexers import SimpleLexer
    from prompt_toolkit.shortcuts.prompt import PromptSession
    from questionary.constants import DEFAULT_QUESTION_PREFIX
    from questionary.prompts.common import build_validator
    from questionary.question import Question
    from questionary.styles import merge_styles_default

    def tokens() -> StyleAndTextTuples:
        result: StyleAndTextTuples = [
            ("class:qmark", DEFAULT_QUESTION_PREFIX),
            ("class:question", f" {message} "),
            ("class:instruction", f" {instruction} "),
        ]
        app = get_app()
        if not app.is_done:  # once answered, the answer's own line says the date
            words = hint(app.current_buffer.text) or "the date chosen for the time shows here"
            result.append(("class:instruction", f"\n  → {words}\n  "))
        return result

    session: PromptSession[str] = PromptSession(
        tokens,
        style=merge_styles_default([None]),
        validator=build_validator(validate),
        lexer=SimpleLexer("class:answer"),
    )
    session.default_buffer.reset(Document(default))
    return Question(session.app)


def time_hint(text: str, context: fields.Context, current: dt.datetime | None = None) -> str:
    """What a typed time will mean, shown under the question while it is typed."""
    hint = TIME_SPEC.hint(text, context, current)
    if not hint:
        return ""
    if text == TIME_SPEC.format(current, context) or not fields.place_time(text, context).chosen:
        return hint
    return f"{hint}  (add +1 or -1 to move it a day, or type the date)"


def time(
    message: str,
    current: dt.datetime | None,
    *,
    tz: str,
    day: dt.date | None,
    previous: dt.datetime | None = None,
    required: bool = False,
    always_date: bool = False,
) -> dt.datetime | None:
    """A time typed as ``14:32`` or ``2024-01-15 14:32``; None when left empty.

    A clock time typed alone lands on the date nearest to ``previous`` (else on ``day``), in
    ``tz``; the date chosen is shown while it is typed, and said once it is answered, so a
    wrong day is seen at once; ``14:32 +1`` moves it a day. Nothing is asked that one letter
    typed ahead could answer. The instruction gives the example that fits: a bare ``14:32``
    only when there is a day to put it on.
    """
    context = fields.Context(tz=tz, day=day, previous=previous)

    def parse(answer: str) -> dt.datetime:
        return fields.place_time(answer, context).value

    shown = ""
    if current is not None:
        shown = format_time(current, tz, None if always_date else day)
    placeable = (day is not None or previous is not None) and not always_date
    example = "14:32" if placeable else "2024-01-15 14:32"
    instruction = f"(like {example})"
    if not required:
        instruction = OPTIONAL_HELP if current is not None else "(empty: not known)"
        instruction = f"(like {example}; {instruction[1:]}"
    check = parse if required else _blank_or(parse)
    answer = _ask(
        _text_with_hint(
            message,
            default=shown,
            validate=_validator(check),
            instruction=instruction,
            hint=lambda typed: time_hint(typed, context, current),
        )
    )
    if answer == shown:
        return current
    value = check(answer)
    if value is not None:
        print(f"  {times.describe_placement(fields.place_time(answer, context), tz)}", flush=True)
    return value


def ask(
    spec: FieldSpec,
    current: Any,
    *,
    message: str | None = None,
    context: fields.Context | None = None,
) -> Any:
    """Ask for field ``spec`` of the table (its question, choices and rules); return its value.

    ``message`` replaces the table's question where the conversation needs other words.
    """
    question = message or f"{spec.question}:"
    kind = spec.kind
    if kind == "select":
        choices = spec.options(current)
        if spec.required:
            return select(question, choices, current)
        return optional_select(question, choices, current)
    if kind == "bool":
        return optional_flag(question, current)
    if kind in ("longtext", "code"):
        return long_text(question, current, code=kind == "code")
    if kind == "csv":  # tags, channels
        shown = spec.format(current, context)
        answer = _ask(questionary.text(question, default=shown, instruction="(comma-separated)"))
        return current if answer == shown else spec.parse(answer, context)
    if kind == "text":
        answer = text(
            question, current, required=spec.required, check=lambda t: spec.parse(t, context)
        )
        return spec.parse(answer or "", context) if answer != current else current
    if kind == "time":
        context = context or fields.Context()
        return time(question, current, tz=context.tz, day=context.day, required=spec.required)

    def parse(answer: str) -> Any:
        return spec.parse(answer, context)

    shown = spec.format(current, context)
    return _optional_value(question, current, shown, parse, spec.placeholder or None)
