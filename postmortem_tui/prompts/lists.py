"""Lists as "add another?" loops that show what is there, with edit and delete."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..core import progress
from . import asks
from .session import Session, say


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def show_items(heading: str, items: list[Any], describe: Callable[[Any], str]) -> None:
    """Print the list as it stands, numbered."""
    say(f"{heading}:")
    if not items:
        say("  (none yet)")
    for number, item in enumerate(items, 1):
        say(f"  {number}. {describe(item)}")


def pick(message: str, items: list[Any], describe: Callable[[Any], str]) -> int | None:
    """The index of one item, or None to go back."""
    choices = [(f"{n}. {describe(item)}", str(n - 1)) for n, item in enumerate(items, 1)]
    choices.append(("(back)", "back"))
    answer = asks.select(message, choices)
    return None if answer == "back" else int(answer)


def edit_list(
    session: Session,
    *,
    heading: str,
    noun: str,
    items: list[Any],
    describe: Callable[[Any], str],
    add: Callable[[], None],
    edit: Callable[[int], None],
    move: Callable[[int], None] | None = None,
    optional: bool = False,
    more: Sequence[tuple[str, Callable[[], None]]] = (),
) -> None:
    """Loop over add / edit / delete / done until done; ``add`` and ``edit`` save as they go.

    ``more`` are further choices (title, what it does), offered after "Done" so that the
    keys that reach add, edit, delete and done stay the same.

    With ``move``, a list of more than one item also offers to move one (``move(index)``).

    The cursor starts on "Add" for an empty list (unless ``optional`` and the step holds
    something else already) and right after an
    addition, so entering several items is Enter, answers, Enter; on "Done" when the list
    already held items, so Enter keeps them.
    """
    added = False
    while True:
        show_items(heading, items, describe)
        one = _article(noun)
        choices = [(f"Add {'another' if items else one} {noun}", "add")]
        if items:
            choices += [(f"Edit {one} {noun}", "edit"), (f"Delete {one} {noun}", "delete")]
        if move is not None and len(items) > 1:
            choices.append((f"Move {one} {noun}", "move"))
        choices.append((f"Done with {heading.lower()}", "done"))
        choices += [(title, f"more:{n}") for n, (title, _run) in enumerate(more)]
        # "Done" is the default only when keeping things as they are keeps something: never
        # for a step that holds nothing yet (Prevention, Related incidents), optional or not.
        empty_step = not items and _step_is_empty(session)
        default = "add" if added or (not items and (not optional or empty_step)) else "done"
        action = asks.select(f"{heading}: add, edit or done?", choices, default)
        if action == "done":
            return
        if action == "add":
            add()
            added = True
            continue
        if action.startswith("more:"):
            more[int(action.removeprefix("more:"))][1]()
            continue
        index = pick(f"Which {noun}?", items, describe)
        if index is None:
            continue
        if action == "edit":
            edit(index)
        elif action == "move" and move is not None:
            move(index)
        elif asks.confirm(f"Delete {describe(items[index])!r}?", default=False):
            del items[index]
            session.save()


def _step_is_empty(session: Session) -> bool:
    """Whether the step being walked holds nothing at all yet."""
    key = session.edit.last_step()
    if key not in progress.STEP_KEYS:
        return False
    return progress.step_state(session.draft, key) is progress.State.EMPTY


def edit_strings(session: Session, *, heading: str, noun: str, items: list[str]) -> None:
    """A list of plain strings (a factor's details)."""

    def add() -> None:
        items.append(asks.required_text(f"{noun.capitalize()}:"))
        session.save()

    def edit(index: int) -> None:
        items[index] = asks.required_text(f"{noun.capitalize()}:", items[index])
        session.save()

    edit_list(
        session,
        heading=heading,
        noun=noun,
        items=items,
        describe=str,
        add=add,
        edit=edit,
    )


def move_item(
    session: Session, items: list[Any], index: int, describe: Callable[[Any], str]
) -> None:
    """Ask where item ``index`` goes (before which item, or last) and move it there."""
    item = items[index]
    others = [other for i, other in enumerate(items) if i != index]
    choices = [(f"Before {n}. {describe(other)}", str(n - 1)) for n, other in enumerate(others, 1)]
    choices.append(("Last", str(len(others))))
    target = int(
        asks.select(f"Move {describe(item)!r} where?", choices, str(min(index, len(others))))
    )
    if target != index:
        del items[index]
        items.insert(target, item)
        session.save()
