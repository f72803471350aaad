"""The worked example exports to exactly the seed's document."""

from __future__ import annotations

from pathlib import Path

from postmortem_tui import export
from postmortem_tui.core import store


def test_default_template_reproduces_the_worked_example(
    example_path: Path, example_markdown: str
) -> None:
    draft = store.read_draft(example_path).draft
    assert export.render(draft) == example_markdown


def test_bundled_example_exports_the_same_document(example_markdown: str) -> None:
    from postmortem_tui.core import paths

    draft = store.read_draft(paths.example_draft()).draft
    assert export.render_markdown(draft) == example_markdown


def test_detailed_template_is_the_default_document_plus_its_sections(
    example_path: Path, example_markdown: str
) -> None:
    draft = store.read_draft(example_path).draft
    detailed = export.render(draft, template="detailed")
    added = ("**Tags:**", "## Metrics", "## Review", "| Type", "| ---")
    kept = [line for line in example_markdown.splitlines() if not line.startswith("| ")]
    remaining = iter(detailed.splitlines())
    missing = [line for line in kept if not any(line == other for other in remaining)]
    assert missing == [], "the default document's lines, in order"
    assert all(marker in detailed for marker in added)
