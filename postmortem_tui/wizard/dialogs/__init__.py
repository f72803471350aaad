"""Modal dialogs of the wizard; each returns its answer through ``dismiss()``."""

from __future__ import annotations

from .confirm import ConfirmDialog, NoticeDialog
from .conflict import ConflictChoice, ConflictDialog
from .title import TitleDialog

__all__ = [
    "ConfirmDialog",
    "ConflictChoice",
    "ConflictDialog",
    "NoticeDialog",
    "TitleDialog",
]
