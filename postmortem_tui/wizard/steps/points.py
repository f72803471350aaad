"""Lists of titled points: What Went Well, What Went Wrong (with where we got lucky), Lessons."""

from __future__ import annotations

from .common import FormStep, points


class WentWellStep(FormStep):
    """What went well."""

    key = "went_well"
    LISTS = (points("went_well", "What went well"),)


class WentWrongStep(FormStep):
    """What went wrong, and where we got lucky."""

    key = "went_wrong"
    LISTS = (
        points("went_wrong", "What went wrong"),
        points("lucky", "Where we got lucky", "lucky point"),
    )


class LessonsStep(FormStep):
    """Lessons learned."""

    key = "lessons"
    LISTS = (points("lessons", "Lessons learned", "lesson"),)
