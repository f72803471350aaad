"""Precision and recall of the blameless review on corpora of postmortem sentences.

The tuning corpus is ours and the rules were tuned on it: ``blameless.txt`` and
``tuning-blameless.txt`` hold sentences a blameless postmortem contains (none may be flagged),
``blaming.txt`` and ``tuning-blaming.txt`` sentences that blame people. The blind sets
(``blind-1/`` to ``blind-20/``) and the published sentences were written or gathered by someone
who had not read the rules, and frozen by their hashes; their floors are the figures last measured
on them (docs/review.md), so a change that loses ground on text the rules have never seen fails
here. Each sentence is reviewed alone, as the What Went Wrong item of its own draft.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from postmortem_tui.review import measure

CORPUS = Path(__file__).parent.parent / "corpus"
# With the blame model, trained on it among others: 1.000 and 0.994 when the model was last
# trained; the floor leaves room for a retraining's small moves.
TUNING_FLOOR = {"precision": 0.98, "recall": 0.97}
BLIND_FLOORS = {
    # Training data of the blame model now (in-sample: 1.000 and 0.953 when it was last
    # trained); the floors are those measured on them while they were held out, by the rules.
    "blind-1": {"precision": 0.90, "recall": 0.65},
    "blind-2": {"precision": 0.95, "recall": 0.35},
    # Held out while they were measured, training data of the shipped model since; the floors
    # are their last held-out figures. blind-3: rules alone 0.940 and 0.527; the first blame
    # model 0.991 and 0.727; later models 1.000 and 0.833, 1.000 and 0.807, 1.000 and 0.867.
    # blind-4: 0.975 and 0.780 once, then 0.984 and 0.833, 0.992 and 0.867, 0.993 and 0.913.
    # blind-5: 0.952 and 0.800 when scored first, then 0.951 and 0.770, 0.955 and 0.840.
    # blind-6: 0.976 and 0.800 when scored first, then 0.973 and 0.856.
    "blind-3": {"precision": 0.95, "recall": 0.83},
    "blind-4": {"precision": 0.95, "recall": 0.87},
    "blind-5": {"precision": 0.93, "recall": 0.80},
    "blind-6": {"precision": 0.95, "recall": 0.83},
    # Scored once each, with the shipped model: 0.982 and 0.852, 0.971 and 0.808, 0.967 and
    # 0.696, 0.961 and 0.688.
    "blind-7": {"precision": 0.95, "recall": 0.83},
    "blind-8": {"precision": 0.95, "recall": 0.78},
    "blind-9": {"precision": 0.94, "recall": 0.67},
    "blind-10": {"precision": 0.94, "recall": 0.66},
    # Scored once each, with the shipped model (trained on blind-3 to blind-6 too): 1.000 and
    # 0.724, 0.995 and 0.800. The shipped model on blind-7 to blind-10 (their second scoring):
    # 0.982 and 0.896, 0.957 and 0.800, 0.972 and 0.692, 0.966 and 0.680.
    "blind-11": {"precision": 0.95, "recall": 0.69},
    "blind-12": {"precision": 0.95, "recall": 0.77},
    # blind-7 to blind-12 are training data of the shipped model since; their floors are their
    # held-out figures above. blind-13 and blind-14, scored once each with the shipped model
    # (trained on train-5, train-6, published-4 and blind-7 to blind-12 too): 0.990 and 0.788,
    # 0.978 and 0.728. The model before gave 0.994 and 0.712, 0.961 and 0.596 on them.
    "blind-13": {"precision": 0.95, "recall": 0.76},
    "blind-14": {"precision": 0.95, "recall": 0.70},
    # Written after the model of their day was made, and scored once with it: 0.989 and 0.724,
    # 1.000 and 0.768.
    "blind-15": {"precision": 0.95, "recall": 0.70},
    "blind-16": {"precision": 0.95, "recall": 0.74},
    # blind-13 to blind-16 are training data of the shipped model since (with train-7, train-8
    # and published-5). blind-17 and blind-18, frozen before it was made, scored once with it:
    # 0.995 and 0.868, 0.978 and 0.880.
    "blind-17": {"precision": 0.95, "recall": 0.84},
    "blind-18": {"precision": 0.95, "recall": 0.85},
    # Written after the shipped model was made, and scored once with it: 0.971 and 0.812,
    # 0.972 and 0.840.
    "blind-19": {"precision": 0.95, "recall": 0.79},
    "blind-20": {"precision": 0.95, "recall": 0.82},
}
PUBLISHED_MOST_FLAGGED = 4
"""Of the 305 published sentences."""


def _corpus(*names: str) -> list[measure.Sentence]:
    return [s for name in names for s in measure.read_corpus(CORPUS / name)]


@pytest.fixture(scope="module")
def tuning() -> measure.Scores:
    return measure.score(
        _corpus("blaming.txt", "tuning-blaming.txt"),
        _corpus("blameless.txt", "tuning-blameless.txt"),
    )


def test_tuning_corpus_is_big_and_has_no_repeats(tuning: measure.Scores) -> None:
    assert len(tuning.blaming) >= 250
    assert len(tuning.blameless) >= 250
    texts = [s.text for s in tuning.blaming + tuning.blameless]
    assert len(set(texts)) == len(texts)


def test_tuning_precision_is_above_the_floor(tuning: measure.Scores) -> None:
    print(f"\nprecision {tuning.precision:.3f}; false flags: {tuning.false_flags}")
    assert tuning.precision >= TUNING_FLOOR["precision"], tuning.false_flags


def test_tuning_recall_is_above_the_floor(tuning: measure.Scores) -> None:
    print(f"\nrecall {tuning.recall:.3f}; missed: {tuning.missed}")
    assert tuning.recall >= TUNING_FLOOR["recall"], tuning.missed


def _frozen() -> dict[str, str]:
    """The blind corpora's recorded hashes, by path below tests/."""
    hashes = {}
    for line in (CORPUS / "blind.sha256").read_text(encoding="utf-8").splitlines():
        digest, path = line.split()
        hashes[path] = digest
    return hashes


def test_blind_corpora_are_the_frozen_ones() -> None:
    hashes = _frozen()
    assert len(hashes) == 43
    for path, digest in hashes.items():
        data = (CORPUS.parent.parent / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{path} changed since it was frozen"


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_blind_sets_hold_their_last_measured_figures(name: str) -> None:
    # Only figures are reported on failure: the sentences stay unseen by whoever tunes rules.
    scores = measure.score_folder(CORPUS / name)
    precision, recall = scores.precision, scores.recall
    del scores  # so that a failure's report cannot show a sentence
    floor = BLIND_FLOORS[name]
    assert precision >= floor["precision"], f"precision {precision:.3f}"
    assert recall >= floor["recall"], f"recall {recall:.3f}"


def test_published_text_is_rarely_flagged() -> None:
    flagged, total = measure.published_flags(CORPUS / "published" / "sentences.tsv")
    count = len(flagged)
    del flagged
    assert total == 305
    assert count <= PUBLISHED_MOST_FLAGGED, f"{count} of {total} flagged"


PUBLISHED_TEST_MOST_FLAGGED = {"published-2": (1156, 6), "published-3": (1097, 5)}
"""Sentences of each held-out half, and the most that may be flagged: the last figures, as a
ceiling. published-2: 1 with the first blame model, 3 with the second, 4 with the third, then
2, 2, 4, 4, and 6 with the shipped one (1 in 193); published-3: 5 when first measured, then 3,
4, 3, and 3 with the shipped one."""

PUBLISHED_TEST_SIZE = 2253
PUBLISHED_RATE = 200
"""The goal: at most 1 held-out published sentence in 200 flagged (9 of 2,253 with the shipped
model, 1 in 250)."""


def _held_out_flags(name: str) -> int:
    flagged, total = measure.published_flags(CORPUS / name / "sentences.tsv", part="test")
    count = len(flagged)
    del flagged  # so that a failure's report cannot show a sentence
    size, _ = PUBLISHED_TEST_MOST_FLAGGED[name]
    assert total == size
    return count


@pytest.mark.parametrize("name", sorted(PUBLISHED_TEST_MOST_FLAGGED))
def test_held_out_published_half_is_flagged_no_more_than_last_measured(name: str) -> None:
    count = _held_out_flags(name)
    size, most = PUBLISHED_TEST_MOST_FLAGGED[name]
    assert count <= most, f"{count} of {size} flagged"


def test_held_out_published_text_is_flagged_at_most_once_in_two_hundred() -> None:
    counts = [_held_out_flags(name) for name in sorted(PUBLISHED_TEST_MOST_FLAGGED)]
    assert sum(size for size, _ in PUBLISHED_TEST_MOST_FLAGGED.values()) == PUBLISHED_TEST_SIZE
    assert sum(counts) * PUBLISHED_RATE <= PUBLISHED_TEST_SIZE, f"{sum(counts)} flagged"
