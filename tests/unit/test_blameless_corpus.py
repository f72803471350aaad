"""Precision and recall of the blameless review on a corpus of postmortem sentences.

``tests/corpus/blameless.txt`` holds sentences a good blameless postmortem contains (none may be
flagged); ``tests/corpus/blaming.txt`` holds sentences that blame people (each should be). Each
sentence is reviewed as a "What went wrong" item of a draft whose authors are the people the
file's ``# names:`` line lists, the way names reach the review from a real draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_tui import review
from postmortem_tui.core.model import Author, Draft, Point

CORPUS = Path(__file__).parent.parent / "corpus"
FLOOR = 0.9


def read_corpus(name: str) -> tuple[list[str], list[str]]:
    """The names and the sentences of one corpus file."""
    names: list[str] = []
    sentences: list[str] = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# names:"):
            names = [n.strip() for n in line.removeprefix("# names:").split(",")]
        elif line.strip() and not line.startswith("#"):
            sentences.append(line.strip())
    return names, sentences


def flagged(sentence: str, names: list[str]) -> bool:
    draft = Draft.new("Corpus", authors=[Author(n) for n in names])
    draft.went_wrong = [Point(title="What went wrong", detail=sentence)]
    return bool(review.findings(draft))


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    names, blameless = read_corpus("blameless.txt")
    names_b, blaming = read_corpus("blaming.txt")
    assert names and names == names_b
    false_positives = [s for s in blameless if flagged(s, names)]
    missed = [s for s in blaming if not flagged(s, names)]
    true_positives = len(blaming) - len(missed)
    return {
        "blameless": blameless,
        "blaming": blaming,
        "false_positives": false_positives,
        "missed": missed,
        "precision": true_positives / (true_positives + len(false_positives)),
        "recall": true_positives / len(blaming),
    }


def test_corpus_is_big_enough(scores: dict[str, object]) -> None:
    assert len(scores["blameless"]) >= 40  # type: ignore[arg-type]
    assert len(scores["blaming"]) >= 40  # type: ignore[arg-type]
    assert len(set(scores["blaming"])) == len(scores["blaming"])  # type: ignore[arg-type]


def test_precision_is_above_the_floor(scores: dict[str, object]) -> None:
    print(f"\nprecision {scores['precision']:.3f}; false positives: {scores['false_positives']}")
    assert scores["precision"] >= FLOOR, scores["false_positives"]


def test_recall_is_above_the_floor(scores: dict[str, object]) -> None:
    print(f"\nrecall {scores['recall']:.3f}; missed: {scores['missed']}")
    assert scores["recall"] >= FLOOR, scores["missed"]
