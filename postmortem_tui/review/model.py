"""The blame model: a small linear classifier of sentences, shipped as data.

The rules (``rulebook.toml``) catch the forms of blame they were written for; the model
decides, sentence by sentence, whether a sentence puts a person where a system belongs. It is
a logistic regression over sparse features of the sentence:

- its words, word pairs and word triples, lower case, with a person's name, an @handle or a
  capitalised word that is no common word made ``<name>`` (so "<name> forgot" holds for
  names never seen in training; at a sentence's start, where it may be a product, ``<cap>``),
  numbers and times made ``<num>``;
- the same pairs and triples with words put in classes from the rulebook's lists: people
  (``<P>``: names, he, she, someone), roles and groups (``<R>``: the DBA, the on-call, the
  payments squad), error words (``<E>``) and words that judge a person's care (``<C>``), and
  pairs of a person or role with the words shortly after or before it ("<R>~ignored");
- which rules fired on the sentence, and on whom (``r:hindsight/role``), and which matched
  words their subject or context cleared (``m:forgot/system``, ``m:blame/denied``);
- the first five and last four letters of its longer words, for words no training sentence
  had ("amateurishly", "unvetted");
- its shape: a question, an exclamation, a lower-case start, quotation marks.

Features are hashed (CRC-32) to 24-bit keys; the weights of the keys training gave a weight
are stored as 16-bit integers in ``blame-model.json`` beside this module, written by
``scripts/train-blame-model`` from the training corpora and read once per process. Scoring is
pure Python and linear in the sentence: a bounded number of features per word, each one
lookup.
"""

from __future__ import annotations

import array
import base64
import bisect
import functools
import itertools
import json
import math
import re
import sys
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from typing import NamedTuple

import attrs

from .rulebook import Rulebook, Token, title_word

MODEL_FILE = "blame-model.json"
"""The model's weights, inside the package."""

WINDOW = 5
"""How many words after (and, halved, before) a person or a role its pairs reach."""

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"[\d:.,%/+-]+(?:am|pm|ms|s|m|h|k|x|utc|gb|mb|kb)?")
# Endings of capitalised words that are plural nouns or processes, not names.
_NOT_NAME_ENDINGS = ("ing", "tion", "ment", "ies", "ness", "ers", "ts", "ks", "ds", "ps")
_PERSON = "<P>"
_ROLE = "<R>"
_ERROR = "<E>"
_CARE = "<C>"
_CLASSES = frozenset({_PERSON, _ROLE, _ERROR, _CARE})


class Unit(NamedTuple):
    """One word of a sentence as the model sees it, and the class it belongs to (made by the
    thousand: a named tuple)."""

    unit: str
    """The word in lower case, or ``<name>``, ``<num>``, a punctuation mark."""
    klass: str
    """``<P>``, ``<R>``, ``<E>``, ``<C>``, or the unit itself."""
    token: int
    """The token's index in the sentence, to point back at the words."""
    word: bool = True


@attrs.frozen
class Vocabulary:
    """What the model needs from the rulebook and from training to read words."""

    common: frozenset[str]
    """Words seen in lower case in training: a capitalised one of these is no name."""
    people: frozenset[str]
    pronouns: frozenset[str]
    not_names: frozenset[str]
    errors: frozenset[str]
    care: frozenset[str]
    reads: dict[tuple[str, str, bool], tuple[str, str, bool]] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )
    """How a word that names no one of the draft is read, by its text, its lower case and
    whether it opens the sentence: its unit, its class, and whether the sentence is still
    opening after it (kept as they are worked out; words repeat, so most are found here)."""

    @classmethod
    def of(cls, book: Rulebook, common: Iterable[str]) -> Vocabulary:
        """The vocabulary from the rulebook's word lists and the training words."""

        def singles(name: str) -> frozenset[str]:
            found: set[str] = set()
            for phrase in book.classes.get(name, ()):
                if len(phrase) == 1 and phrase[0].kind == "word":
                    found |= phrase[0].words
            return frozenset(found)

        return cls(
            common=frozenset(common),
            people=book.word_set("people") - {"human", "humans"},  # "human error" is no role
            pronouns=book.word_set("person_pronouns") - {"i", "you"},
            not_names=book.word_set("not_names") | book.word_set("products"),
            errors=singles("error_word") - {"error", "errors", "failure"},
            care=(singles("care") - {"alert", "focused", "responsible"}) | judging(book),
        )


def judging(book: Rulebook) -> frozenset[str]:
    """The words the rulebook's judgement rules flag alone: careless, sloppy, reckless."""
    found: set[str] = set()
    for rule in book.rules:
        if rule.rule == "judgement":
            for phrase in rule.phrases:
                if len(phrase) == 1 and phrase[0].kind == "word":
                    found |= phrase[0].words
    return frozenset(found)


READS_KEPT = 50_000
"""The most words a vocabulary keeps the reading of (a folder's review reads many drafts):
about 15 MB at most."""


def units(
    tokens: Sequence[Token],
    vocabulary: Vocabulary,
    is_name: Callable[[Token], bool] = lambda token: False,
) -> list[Unit]:
    """The words of a sentence as the model reads them, in order."""
    found: list[Unit] = []
    opening = True  # no word yet but numbers: "14:02 Kafka restarted" starts at "Kafka"
    reads = vocabulary.reads
    for i, token in enumerate(tokens):
        if not token.word:
            found.append(Unit(token.low, token.low, i, word=False))
            continue
        if token.text.startswith("@") or is_name(token):
            found.append(Unit("<name>", _PERSON, i))
            opening = False
        else:
            key = (token.text, token.low, opening)
            read = reads.get(key)
            if read is None:
                if len(reads) >= READS_KEPT:
                    reads.clear()
                read = reads[key] = _read(token, opening, vocabulary)
            unit, klass, opening = read
            found.append(Unit(unit, klass, i))
        if token.possessive:
            found.append(Unit("'s", "'s", i))
    return found


def _read(token: Token, first: bool, vocabulary: Vocabulary) -> tuple[str, str, bool]:
    """A word that names no one of the draft: its unit, its class, and whether the sentence is
    still opening after it (``first``: it is opening before it)."""
    base = token.base
    text = token.text[:-2] if token.possessive else token.text
    opening = False
    if _DIGIT.search(base):
        unit = "<num>" if _NUMBER.fullmatch(base) else "<id>"
        opening = first
    elif (
        title_word(text)
        and base not in vocabulary.common
        and base not in vocabulary.not_names
        and not base.endswith(_NOT_NAME_ENDINGS)
    ):
        # Mid-sentence, a capitalised word that is no common word is a name; starting a
        # sentence it may as well be a product ("Kafka missed the spike"): a class of its
        # own, which does not count as pointing at people.
        unit = "<cap>" if first else "<name>"
    elif (
        first
        and token.text[:1].islower()
        and base.isalpha()
        and len(base) > 2
        and base not in vocabulary.common
        and base not in vocabulary.not_names
    ):
        unit = "<name>"  # "kevin forgot": a lower-case handle starting a chat line
    else:
        unit = base
    if unit == "<name>" or base in vocabulary.pronouns:
        klass = _PERSON
    elif base in vocabulary.people:
        klass = _ROLE
    elif base in vocabulary.errors:
        klass = _ERROR
    elif base in vocabulary.care:
        klass = _CARE
    else:
        klass = unit
    return unit, klass, opening


def features(
    units_: Sequence[Unit],
    rule_hits: Iterable[tuple[str, str]] = (),
    text: str = "",
    cleared: Iterable[str] = (),
) -> dict[str, tuple[int, int]]:
    """The sentence's features, each with the first and last token it comes from.

    ``rule_hits`` are (rule, subject) pairs of the rules that fired on the sentence;
    ``cleared`` the matches of rules that their subject or context cleared (``forgot/system``).
    """
    found: dict[str, tuple[int, int]] = {}
    add = found.setdefault  # the first place a feature comes from is kept

    seq = list(units_)
    words = [u for u in seq if u.word]
    for u in seq:
        add("w:" + u.unit, (u.token, u.token))
        if u.word and len(u.unit) >= 6 and u.unit.isalpha():
            add("x:" + u.unit[-4:], (u.token, u.token))
            add("x:" + u.unit[:5] + "-", (u.token, u.token))
    padded = [Unit("<s>", "<s>", 0, False), *seq, Unit("</s>", "</s>", seq[-1].token if seq else 0)]
    for a, b in itertools.pairwise(padded):
        add(f"b:{a.unit} {b.unit}", (a.token, b.token))
        if a.klass in _CLASSES or b.klass in _CLASSES:
            add(f"c:{a.klass} {b.klass}", (a.token, b.token))
    for k, u in enumerate(words):
        if u.klass not in (_PERSON, _ROLE):
            continue
        for v in words[k + 1 : k + 1 + WINDOW]:
            add(f"s:{u.klass}~{v.klass}", (u.token, v.token))
        for v in words[max(0, k - WINDOW // 2 - 1) : k]:
            add(f"s:{v.klass}~{u.klass}", (v.token, u.token))
    for k in range(len(padded) - 2):
        a, b, c = padded[k : k + 3]
        add(f"u:{a.unit} {b.unit} {c.unit}", (a.token, c.token))
        if b.klass in _CLASSES:
            add(f"t:{a.klass} {b.klass} {c.klass}", (a.token, c.token))
    # Who and what anywhere in the sentence, however far apart: a person or a role with an
    # outcome, an error or a judgement ("Kai ran the migration against prod, which took the
    # site down"), or at the head of a timeline entry.
    end = seq[-1].token if seq else 0
    kinds = {u.klass for u in words}
    outcome = not _OUTCOMES.isdisjoint(u.unit for u in words)
    timeline = bool(words) and words[0].unit == "<num>"
    for who in (_PERSON, _ROLE):
        if who in kinds:
            for what in (_ERROR, _CARE):
                if what in kinds:
                    add(f"g:{who}&{what}", (0, end))
            if outcome:
                add(f"g:{who}&outcome", (0, end))
            if timeline:
                add(f"g:{who}&timeline", (0, end))
    for rule, subject in rule_hits:
        add("r:" + rule, (0, 0))
        add(f"r:{rule}/{subject}", (0, 0))
    for near in cleared:
        add("m:" + near, (0, 0))
        add("m:" + near.partition("/")[0], (0, 0))
    last = seq[-1].token if seq else 0
    stripped = text.strip()
    if stripped.endswith("?"):
        add("shape:question", (0, last))
    if "!" in stripped:
        add("shape:exclaims", (0, last))
    if stripped[:1].islower():
        add("shape:lowercase", (0, last))
    if any(q in stripped for q in '"\u201c\u201d'):
        add("shape:quotes", (0, last))
    return found


BUCKETS = 1 << 24
"""Each feature is hashed to one of this many keys (its CRC-32, modulo): of some 200,000
features, about 1 in 80 shares a key with another, where a table of 65,536 shared weights
mixed three features in each and blurred what the model learnt (cross-validated recall 0.72
then, 0.78 with a key each)."""
SCALE = 4096
"""Weights are stored as 16-bit integers, in units of 1/SCALE."""


def bucket(feature: str, buckets: int = BUCKETS) -> int:
    """The key of a feature's weight: its CRC-32 (modulo ``buckets``)."""
    return zlib.crc32(feature.encode("utf-8")) % buckets


_KEYS: dict[str, int] = {}
KEYS_KEPT = 100_000
"""The most features whose key is kept (features repeat: "w:the", "b:<s> the"); about 14 MB."""


def keys_of(found: Iterable[str]) -> list[int]:
    """``bucket`` of each feature, the keys of features seen before looked up."""
    kept = _KEYS
    keys = []
    for feature in found:
        key = kept.get(feature)
        if key is None:
            if len(kept) >= KEYS_KEPT:
                kept.clear()
            key = kept[feature] = bucket(feature)
        keys.append(key)
    return keys


@attrs.frozen
class BlameModel:
    """The weights of the classifier, its thresholds and the words it reads."""

    weights: Mapping[int, float]
    """The weights by key; a feature's weight is ``weights.get(bucket(feature), 0.0)``."""
    bias: float
    threshold: float
    """The probability from which a sentence is flagged."""
    rule_threshold: float
    """The probability from which a sentence that a rule hit is flagged."""
    common: frozenset[str]
    inputs: str = ""
    """The SHA-256 of the training data it was made from."""

    def weight(self, feature: str) -> float:
        """The weight of one feature."""
        return self.weights.get(bucket(feature), 0.0)

    def score(self, found: Iterable[str]) -> float:
        """The log-odds that a sentence with these features blames someone."""
        keys = keys_of(found)
        weights = self.weights
        if isinstance(weights, PackedWeights):
            return self.bias + weights.total(keys)
        return self.bias + sum(weights.get(k, 0.0) for k in keys)

    def probability(self, found: Iterable[str]) -> float:
        """The probability that a sentence with these features blames someone."""
        z = self.score(found)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def flags(self, found: Collection[str], ruled: bool = False) -> bool:
        """Whether a sentence with these features is flagged; ``ruled``: a rule hit it.

        Without a rule's hit, only a sentence that points at people can be flagged.
        """
        if ruled:
            return self.probability(found) >= self.rule_threshold
        return points_at_people(found) and self.probability(found) >= self.threshold

    def strongest(self, found: Iterable[str], count: int = 3) -> list[str]:
        """The features that point most at a person, strongest first (positive weights only):
        of words, those that name a person, a role or an error come first."""
        weighted = [(self.weight(f), f) for f in found if _telling(f)]
        people = [(w, f) for w, f in weighted if w > 0 and _PEOPLE_MARKS.search(f)]
        rest = [(w, f) for w, f in weighted if w > 0 and not _PEOPLE_MARKS.search(f)]
        people.sort(key=lambda pair: (-pair[0], pair[1]))
        rest.sort(key=lambda pair: (-pair[0], pair[1]))
        return [f for _, f in (people + rest)[:count]]

    def as_json(self) -> dict[str, object]:
        """The model as the data file holds it: the keys of the weights that are not zero, in
        order, and their weights as 16-bit integers, each array compressed and in base64 (the
        keys' three bytes one after the other, the lowest bytes of all first, which compress
        best)."""
        stored = {k: max(-32768, min(32767, round(w * SCALE))) for k, w in self.weights.items()}
        keys = sorted(k for k, v in stored.items() if v)
        if keys and not 0 <= keys[0] <= keys[-1] < 1 << 24:
            raise ValueError("blame model: keys are 24-bit")
        planes = b"".join(bytes((k >> shift) & 0xFF for k in keys) for shift in (0, 8, 16))
        values = array.array("h", (stored[k] for k in keys))
        if sys.byteorder != "little":
            values.byteswap()
        return {
            "format": 3,
            "inputs_sha256": self.inputs,
            "bias": round(self.bias, 5),
            "threshold": self.threshold,
            "rule_threshold": self.rule_threshold,
            "scale": SCALE,
            "common_words": sorted(self.common),
            "keys": _pack(planes),
            "weights": _pack(values.tobytes()),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> BlameModel:
        """The model from the data file's object."""
        if data.get("format") != 3:
            raise ValueError(f"blame model format {data.get('format')!r}: expected 3")
        planes = _unpack(data["keys"])
        raw = _unpack(data["weights"])
        count = len(raw) // 2
        if len(planes) != 3 * count or len(raw) % 2:
            raise ValueError("blame model: as many keys as weights expected")
        keys = bytearray(4 * count)
        for n in range(3):
            keys[n::4] = planes[n * count : (n + 1) * count]
        values = array.array("h")
        values.frombytes(raw)
        if sys.byteorder != "little":
            values.byteswap()
            big = array.array("I")
            big.frombytes(bytes(keys))
            big.byteswap()
            keys = bytearray(big.tobytes())
        scale = float(data.get("scale", SCALE))  # type: ignore[arg-type]
        common = data["common_words"]
        assert isinstance(common, list)
        return cls(
            weights=PackedWeights(memoryview(keys).cast("I"), values, scale),
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            rule_threshold=float(data["rule_threshold"]),  # type: ignore[arg-type]
            common=frozenset(str(w) for w in common),
            inputs=str(data.get("inputs_sha256", "")),
        )


def _pack(data: bytes) -> str:
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def _unpack(text: object) -> bytes:
    return zlib.decompress(base64.b64decode(str(text)))


class PackedWeights(Mapping[int, float]):
    """The model's weights as the file holds them: sorted keys and 16-bit weights.

    Reading the file costs no more than decompressing it, and a key is found by bisection;
    after ``BUILD_AFTER`` lookups (a folder's review, not one draft's), a dictionary is made
    once, which finds keys in half the time.
    """

    BUILD_AFTER = 50_000

    def __init__(self, keys: Sequence[int], values: Sequence[int], scale: float) -> None:
        self._keys = keys
        self._values = values
        self._scale = scale
        self._table: dict[int, int] | None = None
        self._lookups = 0

    def _raw(self, key: int) -> int:
        i = bisect.bisect_left(self._keys, key)
        return self._values[i] if i < len(self._keys) and self._keys[i] == key else 0

    def total(self, keys: Sequence[int]) -> float:
        """The sum of the weights of ``keys``."""
        table = self._table
        if table is None:
            self._lookups += len(keys)
            if self._lookups > self.BUILD_AFTER:
                table = self._table = dict(zip(self._keys, self._values, strict=True))
            else:
                return sum(self._raw(k) for k in keys) / self._scale
        get = table.get
        return sum(get(k, 0) for k in keys) / self._scale

    def get(self, key: int, default: float | None = 0.0) -> float | None:  # type: ignore[override]
        raw = self._table.get(key, 0) if self._table is not None else self._raw(key)
        return raw / self._scale if raw else default

    def __getitem__(self, key: int) -> float:
        value = self.get(key, None)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


_OUTCOMES = frozenset(
    """cause caused causing causes broke broken breaking break outage outages down crashed
    crash crashing deleted wiped dropped corrupted lost leaked led leading resulted resulting
    triggered triggering took knocked brought because due""".split()  # noqa: SIM905
)
"""Words of what followed an act: in a sentence with a person, they tie the two together."""

# Features about a person, a role, a name or an error word: the ones a suggestion quotes first.
_PEOPLE_MARKS = re.compile(r"<P>|<R>|<E>|<C>|<name>")
_PLAIN = frozenset(
    [
        "<s>",
        "</s>",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "but",
        "it",
        "is",
        "was",
        "were",
        "be",
        "been",
        "this",
        "that",
        "for",
        "at",
        "by",
        "with",
        "as",
        "from",
    ]
)


def _telling(feature: str) -> bool:
    """Whether a feature is words worth quoting back (not a rule, a shape, "the" or a comma)."""
    kind, _, body = feature.partition(":")
    if kind not in ("w", "b", "u", "c", "s", "t"):
        return False
    words = body.replace("~", " ").split()
    return any(w not in _PLAIN and (w[:1].isalnum() or w[:1] == "<") for w in words)


_PEOPLE_WORDS = frozenset(
    {
        "w:they",
        "w:them",
        "w:their",
        "w:you",
        "w:your",
        "w:i",
        "w:my",
        "w:we",
        "w:us",
        "w:our",
        "w:<cap>",
    }
)


def points_at_people(found: Iterable[str]) -> bool:
    """Whether a sentence names a person, a role or a group, or has an error or care word: the
    model flags a sentence no rule hit only then ("PR approved without running locally" names
    nobody, whatever its words suggest)."""
    return any(f.startswith("c:") or f in _PEOPLE_WORDS for f in found)


_PEOPLE_UNITS = frozenset(f.removeprefix("w:") for f in _PEOPLE_WORDS)


def units_point_at_people(units_: Iterable[Unit]) -> bool:
    """``points_at_people`` of the features these units give, without making them: a unit of a
    person, role, error or care class makes a ``c:`` pair, and "they", "you" or "my" a word."""
    return any(u.klass in _CLASSES or u.unit in _PEOPLE_UNITS for u in units_)


@functools.cache
def load() -> BlameModel:
    """The shipped model, read once per process."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return BlameModel.from_json(json.loads(text))


def describe(tokens: Sequence[Token], span: tuple[int, int], text: str) -> str:
    """The words of the sentence a feature comes from: "Kevin forgot", "by the on-call"."""
    first, last = span
    if not tokens:
        return ""
    first = max(0, min(first, len(tokens) - 1))
    last = max(first, min(last, len(tokens) - 1))
    return " ".join(text[tokens[first].start : tokens[last].end].split())
