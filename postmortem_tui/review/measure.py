"""Measuring the blameless review on a corpus: precision, recall, recall per form of blame.

A corpus file holds one sentence a line, either bare or as ``form<TAB>sentence`` (the form of
blame it is written in, or the kind of sentence that must not be flagged); published text is
``url<TAB>sentence``. Lines starting with ``#`` are comments, except ``# names: A, B``, which
makes those people the authors of every draft, the way names reach the review from a real one.

Each sentence is reviewed alone, as the one What Went Wrong item of its own draft, with the
built-in rules (no user configuration), as ``postmortem check`` would review it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import attrs

from ..core.config import Config
from ..core.model import Author, Draft, Point
from .report import findings


@attrs.frozen
class Sentence:
    """One line of a corpus: the sentence and its form (or the address it was quoted from)."""

    text: str
    form: str = "-"
    names: tuple[str, ...] = ()
    """The draft's authors when it is reviewed."""


def read_corpus(path: Path) -> list[Sentence]:
    """The sentences of one corpus file."""
    names: tuple[str, ...] = ()
    sentences: list[Sentence] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# names:"):
            names = tuple(n.strip() for n in line.removeprefix("# names:").split(",") if n.strip())
        elif line.strip() and not line.startswith("#"):
            form, tab, text = line.partition("\t")
            if not tab:
                form, text = "-", line
            sentences.append(Sentence(text.strip(), form.strip() or "-", names))
    return sentences


def flagged(sentence: Sentence, config: Config | None = None) -> bool:
    """Whether the review gives at least one finding on the sentence alone."""
    draft = Draft.new("Corpus", authors=[Author(n) for n in sentence.names])
    draft.went_wrong = [Point(title="What went wrong", detail=sentence.text)]
    return bool(findings(draft, config if config is not None else Config()))


@attrs.frozen
class Tally:
    """How many sentences of one form were flagged."""

    flagged: int
    total: int

    def __str__(self) -> str:
        return f"{self.flagged}/{self.total}"


def _tally(sentences: Iterable[Sentence], hits: dict[int, bool]) -> dict[str, Tally]:
    totals: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for i, sentence in enumerate(sentences):
        totals[sentence.form] += 1
        found[sentence.form] += hits[i]
    return {form: Tally(found[form], totals[form]) for form in sorted(totals)}


@attrs.frozen
class Scores:
    """The review's figures on a pair of files: sentences that blame, and sentences that do not."""

    blaming: list[Sentence]
    blameless: list[Sentence]
    missed: list[Sentence]
    false_flags: list[Sentence]
    recall_by_form: dict[str, Tally]
    false_flags_by_form: dict[str, Tally]

    @property
    def true_positives(self) -> int:
        """Sentences that blame and were flagged."""
        return len(self.blaming) - len(self.missed)

    @property
    def precision(self) -> float:
        """Flagged sentences that do blame, out of all flagged ones (1.0 when none is)."""
        flagged = self.true_positives + len(self.false_flags)
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Sentences that blame and were flagged, out of all that blame."""
        return self.true_positives / len(self.blaming) if self.blaming else 1.0


def score(
    blaming: list[Sentence], blameless: list[Sentence], config: Config | None = None
) -> Scores:
    """Review every sentence and count what was caught and what was wrongly flagged."""
    hits_blaming = {i: flagged(s, config) for i, s in enumerate(blaming)}
    hits_blameless = {i: flagged(s, config) for i, s in enumerate(blameless)}
    return Scores(
        blaming=blaming,
        blameless=blameless,
        missed=[s for i, s in enumerate(blaming) if not hits_blaming[i]],
        false_flags=[s for i, s in enumerate(blameless) if hits_blameless[i]],
        recall_by_form=_tally(blaming, hits_blaming),
        false_flags_by_form=_tally(blameless, hits_blameless),
    )


def score_folder(folder: Path, config: Config | None = None) -> Scores:
    """The scores of a folder holding ``blaming.txt`` and ``blameless.txt``."""
    return score(read_corpus(folder / "blaming.txt"), read_corpus(folder / "blameless.txt"), config)


DEV_SOURCES: tuple[str, ...] = (
    # published-2/
    "rust-lang/",
    "pypi/",
    "dfds/",
    # published-3/: its organisations ranked by lines, every second one from the second
    "/jupyterhub/",
    "/ethereum-optimism/",
    "/cheqd/",
    "/2i2c-org/",
    "/ethereum/go-ethereum/",
    "/lum-network/",
    "/leapdao/",
)
"""Sources of the development half of a published corpus split by source (``--part dev``);
every other source is in the test half, held out for measuring."""

PARTS = ("dev", "test")


def published_part(sentences: Iterable[Sentence], part: str | None) -> list[Sentence]:
    """The sentences of one half of published text: ``dev``, ``test``, or all for None."""
    if part is None:
        return list(sentences)
    if part not in PARTS:
        raise ValueError(f"no part {part!r}: dev or test")
    dev = part == "dev"
    return [s for s in sentences if any(d in s.form for d in DEV_SOURCES) == dev]


def published_flags(
    path: Path, config: Config | None = None, part: str | None = None
) -> tuple[list[Sentence], int]:
    """The sentences of published text (``url<TAB>sentence``) that were flagged, and the total.

    ``part`` keeps one half of a corpus split by source (``dev`` or ``test``).
    """
    sentences = published_part(read_corpus(path), part)
    return [s for s in sentences if flagged(s, config)], len(sentences)
