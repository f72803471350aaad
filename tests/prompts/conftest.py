"""Drive the real prompts in-process: prompt_toolkit's pipe input, questionary's own approach."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from postmortem_tui.prompts import run_prompts

Answer = Callable[..., int]


@pytest.fixture
def answer(tmp_path: Path) -> Answer:
    """Run ``run_prompts`` with ``keys`` typed in; the input closes after them (EOF)."""

    def run(keys: str, **kwargs: Any) -> int:
        kwargs.setdefault("folder", tmp_path / "drafts")
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            # Closed input after the last key: a question nobody answers ends the walk with
            # EOFError (exit 130) instead of waiting for ever.
            pipe.close()
            with create_app_session(input=pipe, output=DummyOutput()):
                return run_prompts(**kwargs)

    return run
