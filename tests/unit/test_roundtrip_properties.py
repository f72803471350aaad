"""Property tests: any valid draft survives save and load unchanged, and the writer is stable."""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import model, store, tomlwrite
from tests.strategies import any_text, comparable, drafts, toml_values

SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(drafts())
def test_any_valid_draft_survives_dumps_and_parse(draft: model.Draft) -> None:
    model.validate(draft)
    text = store.dumps_draft(draft)
    loaded, _warnings = store.parse_draft(text)
    assert comparable(loaded) == comparable(draft)


@SLOW
@given(drafts())
def test_dumps_is_stable(draft: model.Draft) -> None:
    text = store.dumps_draft(draft)
    again = store.dumps_draft(store.parse_draft(text)[0])
    assert again == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_any_valid_draft_survives_save_then_read(draft: model.Draft) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.toml"
        fingerprint = store.save_draft(draft, path)
        loaded = store.read_draft(path)
        assert comparable(loaded.draft) == comparable(draft)
        assert loaded.fingerprint == fingerprint
        # a second save of what was read writes the same bytes
        before = path.read_bytes()
        store.save_draft(loaded.draft, path, expected=loaded.fingerprint, touch=False)
        assert path.read_bytes() == before


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_any_string_survives_the_writer(value: str) -> None:
    forms = [
        tomlwrite.string(value),
        tomlwrite.string(value, multiline=False),
        tomlwrite.string(value, width=tomlwrite.WRAP),
        tomlwrite.string(value, width=12),
    ]
    for form in forms:
        assert tomllib.loads(f"v = {form}\n")["v"] == value
    assert tomllib.loads(f"{tomlwrite.key(value)} = 1\n") == {value: 1}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=8), toml_values, max_size=4))
def test_any_toml_document_survives_the_writer(document: dict[str, Any]) -> None:
    text = tomlwrite.dumps(document)
    assert comparable(tomllib.loads(text)) == comparable(document)
    assert tomlwrite.dumps(tomllib.loads(text)) == text
