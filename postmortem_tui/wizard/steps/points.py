"""Lists of titled points: What Went Well, What Went Wrong (with where we got lucky), Lessons."""

from __future__ import annotations

from textual.app import ComposeResult

from ... import model
from ..widgets.list_editor import ListEditor
from .common import FormStep, point_columns, point_fields


class PointsStep(FormStep):
    """One step showing the lists of points named in ``LISTS``."""

    LISTS: tuple[tuple[str, str, str], ...] = ()
    """(draft attribute, list title, what one item is called)."""

    def compose(self) -> ComposeResult:
        yield self.guideline()
        for path, title, noun in self.LISTS:
            yield self.points(path, title, noun)

    def points(self, path: str, title: str, noun: str) -> ListEditor:
        """A list editor over the points at ``path``."""
        return self.list(
            path,
            item_type=model.Point,
            fields=point_fields(),
            columns=point_columns(),
            title=title,
            noun=noun,
            empty_hint="Nothing yet.",
        )


class WentWellStep(PointsStep):
    """What went well."""

    key = "went_well"
    LISTS = (("went_well", "What went well", "point"),)


class WentWrongStep(PointsStep):
    """What went wrong, and where we got lucky."""

    key = "went_wrong"
    LISTS = (
        ("went_wrong", "What went wrong", "point"),
        ("lucky", "Where we got lucky", "lucky point"),
    )


class LessonsStep(PointsStep):
    """Lessons learned."""

    key = "lessons"
    LISTS = (("lessons", "Lessons learned", "lesson"),)
