"""The shipped templates' compiled code: up to date, used, the same output, and never used when
it is not the running program's."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_tui.core import paths, store
from postmortem_tui.export import html, markdown, shipped

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _environment(name: str) -> markdown.sandbox.TemplateSandbox:
    folder = str(paths.package_templates_dir())
    return html._environment(folder) if name.endswith(".html.j2") else markdown._environment(folder)


def _fresh(name: str) -> markdown.sandbox.TemplateSandbox:
    """An environment like the shipped one that compiles every template itself."""
    folder = str(paths.package_templates_dir())
    make = html._environment if name.endswith(".html.j2") else markdown._environment
    env = make.__wrapped__(folder)
    env.bytecode_cache = None
    return env


@pytest.mark.parametrize("name", shipped.SHIPPED)
def test_each_compiled_template_is_up_to_date(name: str) -> None:
    source_file = paths.package_templates_dir() / name
    source = source_file.read_text(encoding="utf-8")
    env = _environment(name)
    written = shipped.module_file(str(source_file))
    assert written is not None
    expected = shipped.module_text(env, source, name, str(source_file))
    assert written.read_text(encoding="utf-8") == expected, (
        f"{written.name} is out of date: run scripts/compile-templates"
    )


@pytest.mark.parametrize("name", shipped.SHIPPED)
def test_a_shipped_template_renders_from_its_compiled_code_as_compiled_afresh(name: str) -> None:
    draft = store.read_draft(FIXTURES / "api-outage.toml").draft
    source_file = paths.package_templates_dir() / name
    env = _environment(name)
    assert shipped.code_for(env, source_file.read_text("utf-8"), name, str(source_file))
    template = env.get_template(name)
    assert template.filename == str(source_file)
    fresh = _fresh(name).get_template(name)
    context = html.html_context(draft) if name.endswith(".html.j2") else None
    context = context or markdown.template_context(draft)
    assert template.render(context) == fresh.render(context)


def test_a_stale_stamp_is_compiled_as_any_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "default.md.j2"
    source_file = paths.package_templates_dir() / name
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    real = shipped.module_file(str(source_file))
    assert real is not None
    text = real.read_text(encoding="utf-8").splitlines(keepends=True)
    # Stale code that would render something else: never run.
    (compiled / real.name).write_text(
        "# stamp: 0\n" + "".join(text[1:]).replace("Summary", "STALE"), encoding="utf-8"
    )
    monkeypatch.setattr(shipped, "COMPILED", compiled)
    env = _fresh(name)
    source = source_file.read_text("utf-8")
    assert shipped.code_for(env, source, name, str(source_file)) is None
    env.bytecode_cache = shipped.ShippedCode()
    draft = store.read_draft(FIXTURES / "api-outage.toml").draft
    out = env.get_template(name).render(markdown.template_context(draft))
    assert "STALE" not in out and "Summary" in out


def test_a_users_template_of_the_same_name_is_never_read_from_compiled_code(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "default.md.j2"
    mine.write_text("mine: {{ draft.meta.title }}\n", encoding="utf-8")
    assert shipped.module_file(str(mine)) is None
    draft = store.read_draft(FIXTURES / "api-outage.toml").draft
    assert markdown.render_markdown(draft, str(mine)).startswith("mine: API Outage")


@pytest.mark.parametrize("name", shipped.SHIPPED)
def test_a_mistake_met_in_compiled_code_names_the_template_file_and_line(name: str) -> None:
    def where(env: markdown.sandbox.TemplateSandbox) -> tuple[str, int] | None:
        with pytest.raises(Exception) as caught:
            env.get_template(name).render({})  # every name undefined
        return markdown._error_line(caught.value.__traceback__)

    found = where(_environment(name))
    assert found is not None  # in the template, or in the one it extends
    assert Path(found[0]).parent == paths.package_templates_dir() and found[0].endswith(".j2")
    assert found == where(_fresh(name))


def test_compiled_code_imports_jinja2_runtime_alone() -> None:
    for file in sorted(shipped.COMPILED.glob("*.py")):
        imports = [
            line
            for line in file.read_text(encoding="utf-8").splitlines()
            if line.lstrip().startswith(("import ", "from "))
        ]
        assert imports and all(line.startswith("from jinja2.runtime import ") for line in imports)
