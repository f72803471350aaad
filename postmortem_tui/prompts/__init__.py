"""The plain prompt mode: the whole postmortem as questionary prompts, one question at a time.

The only part of the package that imports questionary (about 60 ms), and only when ``--plain``
asks for it. Same steps in the same order as the wizard, same draft file, saved after every
answer.
"""

from __future__ import annotations

from .flow import run_prompts

__all__ = ["run_prompts"]
