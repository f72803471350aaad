"""scripts/score-blameless: held-out corpora are scored, never shown; --part splits by source."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent.parent
CORPUS = ROOT / "tests" / "corpus"


def _script() -> ModuleType:
    path = ROOT / "scripts" / "score-blameless"
    loader = importlib.machinery.SourceFileLoader("score_blameless", str(path))
    spec = importlib.util.spec_from_loader("score_blameless", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--show", "tests/corpus/blind-19"], "refused"),
        (["--show", "--part", "test", "tests/corpus/published-2/sentences.tsv"], "refused"),
        (["--show", "tests/corpus/published-2/sentences.tsv"], "refused"),
        (["--part", "dev", "tests/corpus/blind-2"], "--part is for a published .tsv"),
    ],
)
def test_held_out_sentences_are_never_shown(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    assert _script().main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing scored, nothing shown
    assert message in err


def test_the_sealed_corpora_are_known() -> None:
    sealed = _script()._sealed
    assert sealed(Path("tests/corpus/blind-17"), None)
    assert sealed(Path("tests/corpus/blind-20"), None)
    assert not sealed(Path("tests/corpus/blind-16"), None)  # training data now
    assert not sealed(Path("tests/corpus/blind-12"), None)
    assert not sealed(Path("tests/corpus/published-4/sentences.tsv"), None)
    assert not sealed(Path("tests/corpus/published-5/sentences.tsv"), None)
    assert not sealed(Path("tests/corpus/blind-10"), None)
    assert sealed(Path("tests/corpus/published-2/sentences.tsv"), None)
    assert sealed(Path("tests/corpus/published-2/sentences.tsv"), "test")
    assert not sealed(Path("tests/corpus/published-2/sentences.tsv"), "dev")
    assert not sealed(Path("tests/corpus/blind-2"), None)
    assert not sealed(Path("tests/corpus/published/sentences.tsv"), None)
    assert not sealed(Path("tests/corpus"), None)


def test_a_published_corpus_splits_by_source(tmp_path: Path) -> None:
    from postmortem_tui.review import measure

    path = tmp_path / "p.tsv"
    path.write_text(
        "https://github.com/rust-lang/x/blob/HEAD/a.md\tThe build cache was cold.\n"
        "https://github.com/other/y/blob/HEAD/b.md\tThe queue backed up.\n"
        "https://github.com/dfds/z/blob/HEAD/c.md\tThe node ran out of IPs.\n",
        encoding="utf-8",
    )
    rows = measure.read_corpus(path)
    assert [s.text for s in measure.published_part(rows, "dev")] == [
        "The build cache was cold.",
        "The node ran out of IPs.",
    ]
    assert [s.text for s in measure.published_part(rows, "test")] == ["The queue backed up."]
    assert measure.published_flags(path, part="test")[1] == 1
    with pytest.raises(ValueError, match="dev or test"):
        measure.published_part(rows, "all")
