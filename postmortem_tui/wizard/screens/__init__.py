"""The wizard's screens: the list of drafts and the editing screen."""

from __future__ import annotations

from .draft import DraftScreen

__all__ = ["DraftScreen"]
