"""Training the blame model: the training corpora, the features, logistic regression, the threshold.

Used by ``scripts/train-blame-model`` and its tests; never imported by ``check``. Pure Python:
stochastic gradient descent with per-feature step sizes (AdaGrad) and L2 regularisation, over
examples in an order fixed by a seeded generator, so the same data gives the same weights.

The data is every corpus that is not held out: the tuning corpus, blind-1 to blind-16 (held out
while they were measured), train-1 to train-8 (sentences that blame, and sentences that do
not) and the published sentences (none of which blame): ``published/``, ``published-4/`` and
``published-5/`` whole, and of ``published-2/`` and ``published-3/`` only the development
halves, the rows whose source is in ``measure.DEV_SOURCES``, filtered as the file is read.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import attrs

from ..core.config import ReviewConfig
from . import blameless, model
from .measure import DEV_SOURCES, read_corpus

WRITERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("tuning", ("blaming.txt", "tuning-blaming.txt"), ("blameless.txt", "tuning-blameless.txt")),
    ("blind-1", ("blind-1/blaming.txt",), ("blind-1/blameless.txt",)),
    ("blind-2", ("blind-2/blaming.txt",), ("blind-2/blameless.txt",)),
    # Held out while they were measured; training data since (their figures were known).
    ("blind-3", ("blind-3/blaming.txt",), ("blind-3/blameless.txt",)),
    ("blind-4", ("blind-4/blaming.txt",), ("blind-4/blameless.txt",)),
    ("blind-5", ("blind-5/blaming.txt",), ("blind-5/blameless.txt",)),
    ("blind-6", ("blind-6/blaming.txt",), ("blind-6/blameless.txt",)),
    ("train-1", ("train-1/blaming.txt",), ("train-1/blameless.txt",)),
    ("train-2", ("train-2/blaming.txt",), ("train-2/blameless.txt",)),
    ("train-3", ("train-3/blaming.txt",), ("train-3/blameless.txt",)),
    ("train-4", ("train-4/blaming.txt",), ("train-4/blameless.txt",)),
    ("train-5", ("train-5/blaming.txt",), ("train-5/blameless.txt",)),
    ("train-6", ("train-6/blaming.txt",), ("train-6/blameless.txt",)),
    # Held out and scored once each; training data since, for the writers they add.
    ("blind-7", ("blind-7/blaming.txt",), ("blind-7/blameless.txt",)),
    ("blind-8", ("blind-8/blaming.txt",), ("blind-8/blameless.txt",)),
    ("blind-9", ("blind-9/blaming.txt",), ("blind-9/blameless.txt",)),
    ("blind-10", ("blind-10/blaming.txt",), ("blind-10/blameless.txt",)),
    ("blind-11", ("blind-11/blaming.txt",), ("blind-11/blameless.txt",)),
    ("blind-12", ("blind-12/blaming.txt",), ("blind-12/blameless.txt",)),
    # Written for training from the held-out figures by form of blind-13 and blind-14.
    ("train-7", ("train-7/blaming.txt",), ("train-7/blameless.txt",)),
    ("train-8", ("train-8/blaming.txt",), ("train-8/blameless.txt",)),
    # Held out and scored once each; training data since.
    ("blind-13", ("blind-13/blaming.txt",), ("blind-13/blameless.txt",)),
    ("blind-14", ("blind-14/blaming.txt",), ("blind-14/blameless.txt",)),
    ("blind-15", ("blind-15/blaming.txt",), ("blind-15/blameless.txt",)),
    ("blind-16", ("blind-16/blaming.txt",), ("blind-16/blameless.txt",)),
)
"""The corpora of sentences that blame and that do not, by who wrote them: each is one fold."""

PUBLISHED: tuple[tuple[str, bool], ...] = (
    ("published/sentences.tsv", False),
    ("published-2/sentences.tsv", True),
    ("published-3/sentences.tsv", True),
    ("published-4/sentences.tsv", False),
    ("published-5/sentences.tsv", False),
)
"""Published text, none of which blames; True: only the development half may be read."""


@attrs.frozen
class Example:
    """One training sentence."""

    text: str
    blames: bool
    group: str
    """The writer's corpus (``tuning``, ``train-1``), or ``published``."""
    source: str
    """The file, or for published text the document it was quoted from."""
    form: str = "-"
    names: tuple[str, ...] = ()


def _published_rows(path: Path, dev_only: bool) -> Iterable[tuple[str, str]]:
    """(source, sentence) rows of a published file; with ``dev_only``, only the dev half's."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            source, tab, text = line.rstrip("\n").partition("\t")
            if not tab or line.startswith("#"):
                continue
            if dev_only and not any(d in source for d in DEV_SOURCES):
                continue  # the held-out half: never kept, never looked at
            yield source, text.strip()


def read_examples(corpus: Path) -> list[Example]:
    """Every training sentence under ``corpus`` (tests/corpus), in a fixed order."""
    examples: list[Example] = []
    for group, blaming, blameless_files in WRITERS:
        for names, label in ((blaming, True), (blameless_files, False)):
            for name in names:
                for sentence in read_corpus(corpus / name):
                    examples.append(
                        Example(sentence.text, label, group, name, sentence.form, sentence.names)
                    )
    for name, dev_only in PUBLISHED:
        for source, text in _published_rows(corpus / name, dev_only):
            examples.append(Example(text, False, "published", source, name))
    return examples


def digest(examples: Sequence[Example]) -> str:
    """The SHA-256 of the training data and of the rulebook (whose hits are features),
    recorded in the model file."""
    sha = hashlib.sha256()
    rules = resources.files(__package__).joinpath("rulebook.toml").read_bytes()
    sha.update(hashlib.sha256(rules).hexdigest().encode("ascii") + b"\n")
    for e in examples:
        line = "\t".join((str(int(e.blames)), e.group, e.source, ",".join(e.names), e.text))
        sha.update(line.encode("utf-8") + b"\n")
    return sha.hexdigest()


# --- features -------------------------------------------------------------------------------


def readings(examples: Sequence[Example]) -> list[blameless.Reading]:
    """Each example read by the rules, as one sentence, as a draft by its names would be."""
    found: list[blameless.Reading] = []
    matchers: dict[tuple[str, ...], blameless.Matcher] = {}
    config = ReviewConfig()
    for e in examples:
        matcher = matchers.get(e.names)
        if matcher is None:
            names = blameless.Names.of(e.names)
            matcher = blameless.Matcher(names, config, use_model=False)
            matchers[e.names] = matcher
        read = matcher.read(e.text, split=False)
        found.append(read[0] if read else blameless.Reading(0, 0, [], [], lambda t: False))
    return found


def common_words(examples: Sequence[Example], reads: Sequence[blameless.Reading]) -> set[str]:
    """Words seen in lower case at least twice, and more often so than capitalised mid-sentence:
    a capitalised word that is none of these is read as a name."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for e, reading in zip(examples, reads, strict=True):
        for k, token in enumerate(reading.tokens):
            if not token.word or token.text.startswith("@"):
                continue
            if token.text[:1].islower():
                if k > 0:
                    lower[token.base] += 1
            elif k > 0:
                capital[token.base] += 1
        del e
    return {w for w, n in lower.items() if n >= 2 and n >= capital[w]}


def feature_sets(
    examples: Sequence[Example],
    reads: Sequence[blameless.Reading],
    vocabulary: model.Vocabulary,
) -> list[list[str]]:
    """Each example's features, as the model at run time computes them."""
    return [
        list(reading.features(vocabulary, e.text))
        for e, reading in zip(examples, reads, strict=True)
    ]


# --- logistic regression --------------------------------------------------------------------


@attrs.frozen
class Settings:
    """How the model is fitted."""

    l2: float = 1e-4
    epochs: int = 20
    rate: float = 0.2
    seed: int = 12
    min_count: int = 1
    """A feature seen in fewer training sentences is left out."""
    positive_weight: float = 1.0
    published_weight: float = 3.0
    prune: float = 0.005
    """Weights smaller than this are dropped from the file."""
    average: bool = True
    """Whether the weights are the average of each epoch's (steadier on new text)."""


def fit(
    sets: Sequence[Sequence[str]],
    labels: Sequence[bool],
    weights: Sequence[float],
    settings: Settings,
) -> tuple[dict[str, float], float]:
    """The weights and bias of a logistic regression of ``labels`` on the feature ``sets``."""
    counts: Counter[str] = Counter(f for s in sets for f in set(s))
    kept = [[f for f in s if counts[f] >= settings.min_count] for s in sets]
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    bias, bias_g2 = 0.0, 0.0
    total: dict[str, float] = {}
    total_bias = 0.0
    order = list(range(len(kept)))
    rng = random.Random(settings.seed)
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for i in order:
            features = kept[i]
            z = bias + sum(w.get(f, 0.0) for f in features)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
            g = (p - (1.0 if labels[i] else 0.0)) * weights[i]
            for f in features:
                old = w.get(f, 0.0)
                grad = g + settings.l2 * old
                acc = g2.get(f, 0.0) + grad * grad
                g2[f] = acc
                w[f] = old - settings.rate * grad / math.sqrt(acc + 1e-12)
            bias_g2 += g * g
            bias -= settings.rate * g / math.sqrt(bias_g2 + 1e-12)
        if settings.average:
            for f, v in w.items():
                total[f] = total.get(f, 0.0) + v
            total_bias += bias
    if settings.average:
        w = {f: v / settings.epochs for f, v in total.items()}
        bias = total_bias / settings.epochs
    return {f: v for f, v in w.items() if abs(v) >= settings.prune}, bias


def hashed(sets: Sequence[Sequence[str]], buckets: int = model.BUCKETS) -> list[list[str]]:
    """Feature sets with each feature replaced by its bucket, as the model at run time reads
    them (two features in one bucket count twice)."""
    return [[str(model.bucket(f, buckets)) for f in found] for found in sets]


def table(weights: dict[str, float]) -> dict[int, float]:
    """Weights by key, from ``fit`` on ``hashed`` feature sets."""
    return {int(name): value for name, value in weights.items()}


def probability(weights: dict[str, float], bias: float, features: Iterable[str]) -> float:
    """The fitted model's probability for one feature set."""
    z = bias + sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def example_weights(examples: Sequence[Example], settings: Settings) -> list[float]:
    """How much each example counts in the fit."""
    return [
        settings.positive_weight
        if e.blames
        else settings.published_weight
        if e.group == "published"
        else 1.0
        for e in examples
    ]


# --- cross-validation -----------------------------------------------------------------------


def organisation(source: str) -> str:
    """Who published a document: the owner of a repository, else the web site."""
    rest = source.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    if host.endswith("github.com"):
        return path.split("/", 1)[0].casefold()
    return host.casefold().removeprefix("www.")


def folds(examples: Sequence[Example]) -> list[int]:
    """Each example's fold: its writer's corpus, and for published text the organisations that
    published it, dealt in turn (every sentence of an organisation in the same fold), so that
    the published text of each fold is by organisations its model never read."""
    writers = [name for name, _, _ in WRITERS]
    owners = sorted({organisation(e.source) for e in examples if e.group == "published"})
    deal = {owner: k % len(writers) for k, owner in enumerate(owners)}
    return [
        deal[organisation(e.source)] if e.group == "published" else writers.index(e.group)
        for e in examples
    ]


def cross_validate(
    examples: Sequence[Example],
    reads: Sequence[blameless.Reading],
    book_vocabulary: model.Vocabulary,
    settings: Settings,
) -> tuple[list[float], list[bool]]:
    """Each example's probability from a model trained without its fold, and whether it points
    at people (``model.points_at_people``) as that fold's vocabulary reads it.

    The folds are trained on the processors the program may use, each independently of the
    others: the figures are the same as one process's."""
    from ..core import parallel

    assignment = folds(examples)
    out = [0.0] * len(examples)
    marked = [False] * len(examples)
    weights = example_weights(examples, settings)
    for test, probabilities, points in parallel.ordered_map(
        _fold,
        sorted(set(assignment)),
        examples,
        reads,
        book_vocabulary,
        settings,
        assignment,
        weights,
        minimum=2,
    ):
        for i, p, m in zip(test, probabilities, points, strict=True):
            out[i], marked[i] = p, m
    return out, marked


def _fold(
    fold: int,
    examples: Sequence[Example],
    reads: Sequence[blameless.Reading],
    book_vocabulary: model.Vocabulary,
    settings: Settings,
    assignment: Sequence[int],
    weights: Sequence[float],
) -> tuple[list[int], list[float], list[bool]]:
    """One fold of ``cross_validate``: its examples, their probabilities and marks."""
    train = [i for i, f in enumerate(assignment) if f != fold]
    test = [i for i, f in enumerate(assignment) if f == fold]
    common = common_words([examples[i] for i in train], [reads[i] for i in train])
    vocabulary = attrs.evolve(book_vocabulary, common=frozenset(common))
    plain = feature_sets(examples, reads, vocabulary)
    points = [model.points_at_people(plain[i]) for i in test]
    sets = hashed(plain)
    fitted, bias = fit(
        [sets[i] for i in train],
        [examples[i].blames for i in train],
        [weights[i] for i in train],
        settings,
    )
    return test, [probability(fitted, bias, sets[i]) for i in test], points


_DEV_HALVES = ("published-2", "published-3")
"""The published corpora split in halves: their development halves are counted apart."""


@attrs.frozen
class Figures:
    """Precision, recall and published false flags at one pair of thresholds."""

    threshold: float
    """From this probability a sentence is flagged."""
    rule_threshold: float
    """From this probability a sentence a rule hit is flagged."""
    precision: float
    recall: float
    caught: int
    blaming: int
    false_flags: int
    published_flags: int
    published: int
    dev_flags: int
    dev: int


def figures(
    examples: Sequence[Example],
    probabilities: Sequence[float],
    ruled: Sequence[bool],
    marked: Sequence[bool],
    threshold: float,
    rule_threshold: float,
    groups: Iterable[str] | None = None,
) -> Figures:
    """The figures of ``probabilities`` at the thresholds, on the writers' corpora (or some);
    ``ruled``: a rule hit the example, ``marked``: it points at people."""
    tp = fp = pos = pub = pub_flags = dev = dev_flags = 0
    wanted = None if groups is None else set(groups)
    for e, p, rule, mark in zip(examples, probabilities, ruled, marked, strict=True):
        hit = p >= rule_threshold if rule else (mark and p >= threshold)
        if e.group == "published":
            pub += 1
            pub_flags += hit
            if e.form.startswith(_DEV_HALVES):
                dev += 1
                dev_flags += hit
            continue
        if wanted is not None and e.group not in wanted:
            continue
        if e.blames:
            pos += 1
            tp += hit
        else:
            fp += hit
    precision = tp / (tp + fp) if tp + fp else 1.0
    return Figures(
        threshold,
        rule_threshold,
        precision,
        tp / pos if pos else 1.0,
        tp,
        pos,
        fp,
        pub_flags,
        pub,
        dev_flags,
        dev,
    )


def choose_thresholds(
    examples: Sequence[Example],
    probabilities: Sequence[float],
    ruled: Sequence[bool],
    marked: Sequence[bool],
    precision: float = 0.96,
    published_rate: float = 1 / 215,
    most_for_rules: float = 0.5,
) -> Figures:
    """The thresholds with the best cross-validated recall whose precision is at least
    ``precision`` (0.95 is the goal; the margin is for text by a new writer) and whose false
    flags are at most ``published_rate`` of the published dev half, and of all published text
    (the goal is 1 in 200; the margin is for published text by organisations never read).

    A rule's hit stands unless the model finds the sentence more likely blameless than not:
    its threshold is at most ``most_for_rules``.
    """
    best: Figures | None = None
    for step in range(50, 100):
        t = step / 100
        for rule_step in range(0, min(step, round(most_for_rules * 100)) + 1, 2):
            found = figures(examples, probabilities, ruled, marked, t, rule_step / 100)
            if (
                found.precision < precision
                or found.dev_flags > published_rate * found.dev
                or found.published_flags > published_rate * found.published
            ):
                continue
            if best is None or (found.recall, found.precision) > (best.recall, best.precision):
                best = found
    return best or figures(examples, probabilities, ruled, marked, 0.99, 0.5)
