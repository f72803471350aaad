"""Blameless-language findings: blame phrases, and people put where a system belongs.

The guidelines say: focus on systems and processes, not people. This module reads the narrative
sections (summary, impact description, root cause, factors, what went wrong, where we got lucky,
lessons) and flags wording that puts a person where a system belongs. The timeline is not read
for findings: it records who did what, and "Jane acknowledges" is a fact, not blame. It is read
for names, so that "Jane forgot to ..." in a narrative section is caught.

The rules are data (``rulebook.toml``, compiled by ``rulebook.py``); this module is the engine
that applies them. Precision matters as much as recall, so most rules look at the subject of
the phrase, found by walking back over the tokens of the clause:

- judgement words, "human error", blame idioms and sarcasm are flagged wherever they appear;
- hindsight ("should have") and person-only verbs ("forgot") unless a system is the subject;
- failure verbs ("failed to", "ignored", "skipped") when a person, a role or a team is;
- mild verbs ("missed", "didn't notice") only when a named person (or he, she) is.

The subject is the head of the clause's noun phrase ("the person responsible for the rollout"
is a person), found across asides ("Ravi, in a hurry to leave, forgot") and joined clauses
("Tom restarted the pod and forgot"); "they" is the last people or things named before it; the
agent of a passive ("ignored by the on-call") and the person in a counterfactual ("if the DBA
had checked") count as subjects. A capitalised name the draft never mentions, or a bare
lower-case handle, counts as a person for verbs only people do, or when the clause holds a thing
only people are given (an alert, a page, a runbook).
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from ..core.config import ReviewConfig
from ..core.model import Draft
from . import model, rulebook
from .rulebook import Phrase, Rule, Rulebook, Token, title_word

RULES: dict[str, str] = {
    "blame_phrase": "Explicit blame, a blame idiom or sarcasm (blame, fault, dropped the ball).",
    "judgement": "A word that judges a person's character or care (careless, sloppy, lazy).",
    "human_error": '"Human error" and its kin: they end the inquiry where it should start.',
    "hindsight": "Hindsight about people (should have, was supposed to, if the DBA had).",
    "named_subject": "A person's name as the subject of a failure (Tom forgot, Jane ignored).",
    "people_subject": "A person, role or team as the subject of a failure (the DBA failed to).",
    "team_phrase": "A phrase the team's configuration flags.",
    "blame_model": "A sentence the blame model reads as pointing at a person, in words no rule "
    "names.",
}
"""Every rule id, with what it flags."""


ALLOWED = "<allowed>"
"""The one word the blame model reads for a span of the team's allowed words."""


def _book(config: ReviewConfig | None = None) -> Rulebook:
    return rulebook.compiled(config)


def prepare(config: ReviewConfig | None = None) -> None:
    """Load and compile what a review needs now (workers forked after it share it)."""
    _book(config)
    model.load()


# --- tokens ---------------------------------------------------------------------------------

# A word (with inner hyphens, apostrophes and dots: "on-call", "didn't", "v2.3.4"), an
# @handle, or one punctuation mark. No part can match the same text two ways, so the scan is
# linear.
_TOKEN = re.compile(r"@?\w+(?:[-'\u2019.]\w+)*['\u2019]?|[^\w\s]")
_CLAUSE_PUNCTUATION = frozenset('.;:!?()[]"\u2014\u2013,-')
_SENTENCE_PUNCTUATION = frozenset('.;:!?"')


def tokenize(text: str) -> list[Token]:
    """The words and punctuation marks of ``text``."""
    tokens: list[Token] = []
    lowered = rulebook.plain(text)
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): word by word
        lowered = ""
    last = 0
    lines = "\n" in text
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        start, end = match.span()
        low = lowered[start:end] if lowered else rulebook.plain(piece)
        if low[-1] == "'" and not low.endswith("s'"):
            low = low[:-1]  # a closing quote glued to a word
        first = piece[0]
        tokens.append(
            Token(
                piece,
                low,
                start,
                end,
                first.isalnum() or first in "@_",
                lines and last != start and "\n" in text[last:start],
            )
        )
        last = end
    return tokens


# --- subjects -------------------------------------------------------------------------------


class Subject(enum.Enum):
    """Who or what a phrase is about."""

    NAME = "name"
    """A named person: an author, an owner, someone the timeline names, an @handle."""
    PERSON = "person"
    """He, she, I, you, someone: a person without a name."""
    ROLE = "role"
    """A role, a team, a group of people, or "they" for people."""
    WE = "we"
    """We, us: the writers themselves."""
    AGENTLESS = "agentless"
    """No subject at all: "Forgot to renew the certificate"."""
    PROPER = "proper"
    """A name the draft does not mention ("Ravi", "jdoe"): a person, or perhaps a product."""
    SYSTEM = "system"
    """Anything else: the health check, the deploy, the cache, Kafka."""


_PEOPLE = frozenset({Subject.NAME, Subject.PERSON, Subject.ROLE, Subject.WE, Subject.PROPER})
_QUANTIFIERS = frozenset(
    "one some none all each both most many several half few any either neither two three".split()  # noqa: SIM905
)
_COPULAS = frozenset({"is", "was", "were", "are"})
# Endings of capitalised words that are plural nouns or processes ("Clients", "Replication"),
# not names (which end in -us, -os, -as, -es far more than in -ts or -ks).
_PLURAL_ENDINGS = (
    "ing",
    "tion",
    "ment",
    "ies",
    "ers",
    "ness",
    "ts",
    "ks",
    "ds",
    "ps",
    "ms",
    "gs",
    "ys",
    "ws",
    "fs",
    "bs",
    "ches",
    "shes",
    "xes",
)
_NEGATIONS = frozenset(
    {"not", "no", "never", "nobody", "none", "nothing", "without", "rather", "instead", "nor"}
)


def _norm(token: str) -> str:
    """A token as the word lists hold it: lower case, straight apostrophe, no possessive."""
    token = rulebook.plain(token)
    return token[:-2] if token.endswith("'s") else token


@attrs.frozen
class Names:
    """The people of one draft, as lower-case token tuples ("jane", "doe")."""

    tuples: frozenset[tuple[str, ...]] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str], allowed: Iterable[str] = ()) -> Names:
        """Names from display strings ("Jane Doe"): the full name and each part of it."""
        not_names = _book().word_set("not_or_roles")
        blocked = {_norm(a) for a in allowed}
        found: set[tuple[str, ...]] = set()
        for name in names:
            tokens = tuple(_norm(t.text) for t in tokenize(name) if t.word)
            if not tokens or " ".join(tokens) in blocked:
                continue
            if len(tokens) > 1 or tokens[0] not in not_names:
                found.add(tokens)
            for token in tokens:
                # Teams named like common words ("Platform", "Payments") are not names.
                if len(token) > 1 and token not in not_names and token not in blocked:
                    found.add((token,))
        return cls(frozenset(found))

    def match_end(self, tokens: Sequence[str]) -> bool:
        """Whether the tokens end with a name (written with a capital, or as an @handle)."""
        if not tokens:
            return False
        last = tokens[-1]
        if last.startswith("@"):
            return True
        if not last[:1].isupper():
            return False
        lowered = [_norm(t) for t in tokens[-3:]]
        return any(tuple(lowered[-n:]) in self.tuples for n in range(1, len(lowered) + 1))


class _Text:
    """One passage being scanned: its tokens, where its clauses start, and how to read them."""

    def __init__(
        self, tokens: list[Token], names: Names, book: Rulebook, allowed: frozenset[str]
    ) -> None:
        self.tokens = tokens
        self.names = names
        self.book = book
        self.allowed = allowed
        self.clause_words = book.word_set("clause_words")
        self.index = {id(t): i for i, t in enumerate(tokens)}
        self.near: list[tuple[int, str]] = []
        """Matches the rules cleared, by where they start: ``forgot/system``, ``blame/denied``."""
        # clause_of[i]: where the clause holding token i starts; boundaries close a clause.
        self.clause_of: list[int] = []
        self.sentence_of: list[int] = []
        clause = sentence = 0
        for i, token in enumerate(tokens):
            if token.newline_before:
                clause = sentence = i
            self.clause_of.append(clause)
            self.sentence_of.append(sentence)
            if self.boundary(token):
                clause = i + 1
            if token.low in _SENTENCE_PUNCTUATION and token.low != '"':
                sentence = i + 1

    def boundary(self, token: Token) -> bool:
        """Whether a token ends a clause: punctuation, or a word like "and" or "because"."""
        return token.low in _CLAUSE_PUNCTUATION or token.low in self.clause_words

    def clause_end(self, i: int) -> int:
        """Where the clause holding token ``i`` ends (exclusive), looking at most 30 ahead."""
        for j in range(i, min(len(self.tokens), i + 30)):
            if self.boundary(self.tokens[j]):
                return j
        return min(len(self.tokens), i + 30)

    # --- classifying a noun phrase --------------------------------------------------------

    def classify(self, tokens: Sequence[Token], owner: bool = True) -> Subject | None:
        """The subject class of a clause's words before its verb; None when there are none.

        ``owner``: a possessive in the phrase makes the owner the subject ("Tom's change").
        """
        book = self.book
        skip = book.word_set("skip")
        words = [t for t in tokens if t.word]
        while words and words[-1].base in skip:
            words.pop()
        if len(words) > 2 and [w.low for w in words[-2:]] == ["on", "call"]:
            words = words[:-2]  # "the SRE on call"
        if not words:
            return None
        first = words[0].low
        # "it was the DBA team that dropped it": the cleft's noun phrase.
        if first in ("it", "this") and len(words) > 3 and words[1].low in _COPULAS:
            rest = words[2:]
            if rest[-1].low in ("that", "who") or any(w.low == "who" for w in rest):
                return self.classify(rest, owner)
        # "it is unacceptable that Priya deployed", "the third time that the team has": the
        # subject is after "that" when a noun phrase starts there (not "the change that ran").
        thats = [k for k, w in enumerate(words) if w.low == "that" and k > 0]
        if thats and thats[-1] + 1 < len(words):
            after = words[thats[-1] + 1]
            if (
                after.low in book.word_set("determiners")
                or after.text[:1].isupper()
                or after.base in book.word_set("people")
                or after.base in book.word_set("person_pronouns")
            ):
                return self.classify(words[thats[-1] + 1 :], owner)
        if first in ("who", "whoever", "whomever", "whoever's"):
            return Subject.PERSON
        if len(words) > 2 and words[1].low == "of" and first in _QUANTIFIERS:
            words = words[2:]  # "one of the engineers"
            if words and words[0].low in ("us", "we"):
                return Subject.WE
        # "the DBA team is the one that dropped it": the subject is before the copula.
        for k in range(1, len(words) - 1):
            if words[k].low in _COPULAS:
                words = words[:k]
                break
        # The head ends at the first modifier: "the person responsible for the rollout".
        postmodifiers = book.word_set("postmodifiers")
        determiners = book.word_set("determiners")
        for k in range(1, len(words)):
            low = words[k].low
            # "the person handling the incident", but "the networking team" and "the data
            # engineering team".
            participle = (
                low.endswith("ing")
                and words[k - 1].low not in determiners
                and not (k + 1 < len(words) and words[k + 1].base in book.word_set("people"))
            )
            if low in postmodifiers or participle:
                words = words[:k]
                break
        return self._head_class(words, owner)

    def _head_class(self, words: list[Token], owner: bool = True) -> Subject:
        book = self.book
        last = words[-1]
        base = last.base
        if base in self.allowed:
            return Subject.SYSTEM
        if last.text.startswith("@"):
            return Subject.NAME
        if self.names.match_end([w.text for w in words]):
            return Subject.NAME
        if base in book.word_set("person_pronouns"):
            return Subject.PERSON
        if base in book.word_set("we"):
            return Subject.WE
        if base in book.word_set("they"):
            return self.antecedent(last)
        if self._is_role(words):
            return Subject.ROLE
        # "Tom's change broke the build": a person named in the subject's noun phrase.
        for token in words[-3:-1] if owner else ():
            if token.possessive:
                whose = self._head_class([token])
                if whose in (Subject.NAME, Subject.ROLE, Subject.PROPER, Subject.PERSON):
                    return whose
        if base in book.word_set("products") or base in book.word_set("not_names"):
            return Subject.SYSTEM
        if (
            len(words) <= 2
            and words[0].low not in book.word_set("determiners")
            and all(self._is_proper(w) for w in words)
        ):
            return Subject.PROPER
        if len(words) == 1 and self._is_handle(last):
            return Subject.PROPER
        return Subject.SYSTEM

    def _is_role(self, words: list[Token]) -> bool:
        roles = self.book.word_set("people")
        last = words[-1]
        if last.base in roles or last.text in ("IT", "IT's"):
            return True
        if len(words) > 1 and f"{words[-2].low}-{last.base}" in roles:
            return True  # "night shift"
        return len(words) > 1 and f"{words[-2].low} {last.base}" in roles

    def _is_proper(self, token: Token) -> bool:
        """A word written like a name: a capital, then lower case ("Bob", not "DNS")."""
        text = token.text[:-2] if token.possessive else token.text
        book = self.book
        return (
            title_word(text)
            and token.base not in book.word_set("not_names")
            and token.base not in book.word_set("products")
            and not token.base.endswith(_PLURAL_ENDINGS)
        )

    def _is_handle(self, token: Token) -> bool:
        """A bare lower-case word that is no word of the rulebook's: "kevin", "jdoe", "j.doe"."""
        base = token.base
        book = self.book
        if not base.isascii() or len(base) < 3 or not token.text[:1].islower():
            return False
        if any(c.isdigit() or c in "_." for c in base):
            return True
        # A plain lower-case word is a handle only where a sentence starts ("kevin forgot"):
        # elsewhere it is far more likely a common noun ("because lag was not shown").
        i = self.index.get(id(token))
        if i is None or self.sentence_of[i] != i:
            return False
        if base in book.word_set("known") or not base.isalpha():
            return False
        return not any(base.endswith(e) for e in book.word_set("noun_endings"))

    def antecedent(self, pronoun: Token) -> Subject:
        """What "they" stands for: the last people or things named before it."""
        i = self.index[id(pronoun)]
        book = self.book
        roles = book.word_set("people")
        determiners = book.word_set("determiners")
        for j in range(i - 1, max(-1, i - 40), -1):
            token = self.tokens[j]
            if not token.word:
                continue
            if token.base in roles or token.text.startswith("@"):
                return Subject.ROLE
            if self.names.match_end([token.text]) or token.base in book.word_set("person_pronouns"):
                return Subject.ROLE
            if (
                token.low.endswith("s")
                and not token.possessive
                and token.low not in book.word_set("counts")
                and j > 0
                and self.tokens[j - 1].low in determiners
            ):
                return Subject.SYSTEM  # "the replicas fell behind because they ignored"
        return Subject.ROLE

    # --- the subject of a phrase ----------------------------------------------------------

    def head(self, tokens: Sequence[Token]) -> Subject:
        """The subject class of a clause from its first words: "the on-call engineer restarted"."""
        words = [t for t in tokens if t.word]
        for size in range(1, min(len(words), 4) + 1):
            if words[size - 1].possessive and size < len(words):
                continue  # "the on-call's rollback": the phrase goes on
            found = self.classify(words[:size])
            if found in _PEOPLE and (found is not Subject.PROPER or size <= 2):
                return found  # type: ignore[return-value]
        return Subject.SYSTEM

    def subject_before(self, i: int) -> Subject:
        """Who or what is the subject of the phrase that starts at token ``i``."""
        start = self.clause_of[i] if i < len(self.tokens) else 0
        found = self.classify(self.tokens[start:i])
        if found is not None:
            return found
        if start == 0 or self.tokens[start - 1].low not in self.book.word_set("joiners"):
            return Subject.AGENTLESS
        # "Ravi, in a hurry to leave, forgot": walk back over asides to the clause's subject.
        asides = self.book.word_set("asides")
        determiners = self.book.word_set("determiners")
        end = start - 1
        for _ in range(6):
            begin = self.clause_of[end]
            segment = [t for t in self.tokens[begin:end] if t.word]
            if segment:
                first = segment[0]
                opener = self.tokens[begin - 1].low if begin > 0 else ""
                aside = (
                    first.low in asides
                    or (first.low.endswith("ing") and begin > 0)
                    or (opener in asides and opener not in self.book.word_set("joiners"))
                )
                if not aside:
                    head = self.head(segment)
                    if head is not Subject.SYSTEM:
                        return head
                    if (
                        first.low in determiners
                        or first.low in ("it", "this", "that")
                        or first.text[:1].isupper()
                    ):
                        return Subject.SYSTEM
            if begin == 0:
                break
            end = begin - 1
        return Subject.AGENTLESS

    def subject_of_clause(self, i: int) -> Subject:
        """The subject of the clause holding token ``i``, from its first words."""
        start = self.clause_of[i]
        if any(t.word for t in self.tokens[start:i]):
            return self.head(self.tokens[start:i])
        return self.subject_before(i)

    def subject_after_by(self, start: int, end: int) -> Subject | None:
        """The agent of a passive: the words after "by" ("ignored by the on-call")."""
        tokens = self.tokens
        at = -1
        for j in range(start + 1, min(len(tokens), end + 6)):
            if tokens[j].low == "by":
                at = j + 1
                break
            if j >= end and self.boundary(tokens[j]):
                break
        if at < 0 or at >= len(tokens):
            return None
        return self.head(tokens[at : self.clause_end(at)])

    def noun_phrase_ending(self, i: int) -> list[Token]:
        """The few words of the noun phrase that ends at token ``i``: "the release manager's"."""
        skip = self.book.word_set("skip")
        j = i
        while (
            j > self.clause_of[i]
            and i - j < 3
            and self.tokens[j - 1].word
            and self.tokens[j - 1].low not in skip
        ):
            j -= 1
        return self.tokens[j : i + 1]

    def negated(self, i: int) -> bool:
        """Whether a negation is among the three words before token ``i``, in its clause."""
        start = max(self.clause_of[i] if i < len(self.tokens) else 0, i - 3)
        for token in self.tokens[start:i]:
            if token.low in _NEGATIONS or token.low.endswith("n't"):
                return True
        return False

    def quoted(self, i: int, end: int) -> bool:
        """Whether ``tokens[i:end]`` is in quotation marks: mentioned, not used."""
        tokens = self.tokens
        return i > 0 and end < len(tokens) and tokens[i - 1].low == tokens[end].low == '"'

    def asks(self, i: int) -> bool:
        """Whether the sentence holding token ``i`` ends with a question mark."""
        start = self.sentence_of[i]
        for j in range(i, min(len(self.tokens), i + 60)):
            if self.sentence_of[j] != start:
                return self.tokens[j - 1].low == "?"
        return self.tokens[-1].low == "?"

    def sentence_has(self, phrases: tuple[Phrase, ...], i: int) -> bool:
        """Whether one of ``phrases`` is in the sentence holding token ``i``."""
        start = self.sentence_of[i]
        book, tokens, sentence_of = self.book, self.tokens, self.sentence_of
        index = book.phrase_set(phrases)
        for j in range(start, min(len(tokens), start + 60)):
            if j > i and sentence_of[j] != start:
                break
            for phrase in index.starting(tokens[j], book):
                if book.match(phrase, tokens, j) is not None:
                    return True
        return False

    def after_determiner(self, i: int) -> bool:
        """Whether the clause before token ``i`` starts with a determiner ("the reviewer")."""
        words = [t for t in self.tokens[self.clause_of[i] : i] if t.word]
        determiners = self.book.word_set("determiners")
        return bool(words) and (words[0].low in determiners or words[0].possessive)

    def people_object(self, i: int, end: int) -> bool:
        """Whether the clause holds a thing only people are given (an alert, a page)."""
        objects = self.book.word_set("people_objects")
        start = self.clause_of[i]
        stop = self.clause_end(end) if end < len(self.tokens) else end
        return any(t.base in objects for t in self.tokens[start:stop])


# --- the matcher ----------------------------------------------------------------------------


@attrs.frozen
class Hit:
    """One flagged span of a text."""

    rule: str
    start: int
    end: int
    match: str
    subject: Subject | None
    suggestion: str


@attrs.frozen
class Reading:
    """One sentence of a passage as the blame model reads it."""

    start: int
    end: int
    """Where the sentence is in the passage's text."""
    tokens: list[Token]
    """Its tokens, without the words the team allows."""
    hits: list[Hit]
    """What the rules found in it."""
    is_name: Callable[[Token], bool] = attrs.field(eq=False, repr=False)
    """Whether a token is a person the draft names."""
    cleared: list[str] = attrs.field(factory=list)
    """The rules' matches that their subject or context cleared (``forgot/system``)."""

    def units(self, vocabulary: model.Vocabulary) -> list[model.Unit]:
        """The sentence's words as the model reads them."""
        return model.units(self.tokens, vocabulary, self.is_name)

    def features(
        self,
        vocabulary: model.Vocabulary,
        text: str,
        units: list[model.Unit] | None = None,
    ) -> dict[str, tuple[int, int]]:
        """The model's features of the sentence, with the tokens each comes from."""
        rule_hits = [(h.rule, h.subject.value if h.subject else "-") for h in self.hits]
        return model.features(
            units if units is not None else self.units(vocabulary),
            rule_hits,
            text[self.start : self.end],
            self.cleared,
        )


_VOCABULARIES: dict[tuple[int, int], tuple[Rulebook, model.BlameModel, model.Vocabulary]] = {}


def _vocabulary(book: Rulebook, blame_model: model.BlameModel) -> model.Vocabulary:
    """The model's vocabulary for ``book``: made once per rulebook and model, not per draft."""
    key = (id(book), id(blame_model))
    kept = _VOCABULARIES.get(key)
    if kept is None or kept[0] is not book or kept[1] is not blame_model:
        if len(_VOCABULARIES) > 8:
            _VOCABULARIES.clear()
        kept = (book, blame_model, model.Vocabulary.of(book, blame_model.common))
        _VOCABULARIES[key] = kept
    return kept[2]


def _allowing(tokens: list[Token], allowed: list[tuple[int, int]]) -> list[Token]:
    """``tokens`` with each span of the team's allowed words made one word the model knows
    nothing of: the sentence keeps its shape ("We track a <allowed> per quarter")."""
    mine: list[Token] = []
    for token in tokens:
        span = next((s for s in allowed if s[0] < token.end and token.start < s[1]), None)
        if span is None:
            mine.append(token)
        elif not mine or mine[-1].low != ALLOWED or mine[-1].start != span[0]:
            mine.append(Token(ALLOWED, ALLOWED, span[0], span[1], True))
    return mine


class Matcher:
    """Finds blame in narrative text, knowing a draft's names and a team's configuration.

    The rules find phrases; the blame model (``model.py``) decides, sentence by sentence,
    whether a sentence is flagged, with the rules' hits among its features. A team's own phrases
    and rules are flagged whatever the model says. ``blame_model=None`` uses the shipped model;
    ``use_model=False`` gives the rules' findings alone.
    """

    def __init__(
        self,
        names: Names,
        review_config: ReviewConfig | None = None,
        blame_model: model.BlameModel | None = None,
        use_model: bool = True,
    ) -> None:
        config = review_config or ReviewConfig()
        self.names = names
        self._single_names = frozenset(t[0] for t in names.tuples if len(t) == 1)
        self.book = _book(config)
        self._allowed = tuple(rulebook.literal_phrase(w) for w in config.allowed_words)
        self._allowed_words = frozenset(_norm(w) for w in config.allowed_words)
        self.model = (blame_model or model.load()) if use_model else None
        self.vocabulary = _vocabulary(self.book, self.model) if self.model is not None else None

    def scan(self, text: str) -> list[Hit]:
        """Every finding in ``text``, in order; overlapping matches give one finding."""
        if not text or not text.strip():
            return []
        if self.model is None or self.vocabulary is None:
            return self.rule_hits(text)
        found: list[Hit] = []
        for reading in self.read(text):
            units = reading.units(self.vocabulary)
            if not reading.hits and not model.units_point_at_people(units):
                continue  # no rule hit, and nobody named: the model cannot flag it
            team = [h for h in reading.hits if h.rule == "team_phrase"]
            features = reading.features(self.vocabulary, text, units)
            if not self.model.flags(features, ruled=bool(reading.hits)):
                found.extend(team)
            elif reading.hits:
                found.extend(reading.hits)
            elif reading.tokens:
                found.append(self._model_hit(reading, features, text))
        return found

    def read(self, text: str, split: bool = True) -> list[Reading]:
        """The sentences of ``text`` (or the whole text as one, ``split=False``), with the
        rules' hits in each."""
        tokens, hits, allowed, near = self._scan_rules(text)
        if split:
            bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
        else:
            bounds = [0, len(text)]
        readings: list[Reading] = []
        k = h = n = 0
        singles = self._single_names
        blocked = self._allowed_words

        def is_name(token: Token) -> bool:
            return token.base in singles and token.base not in blocked

        for start, end in itertools.pairwise(bounds):
            if not text[start:end].strip():
                continue
            first = k
            while k < len(tokens) and tokens[k].start < end:
                k += 1
            mine = tokens[first:k] if not allowed else _allowing(tokens[first:k], allowed)
            held: list[Hit] = []
            while h < len(hits) and hits[h].start < end:
                held.append(hits[h])
                h += 1
            cleared: list[str] = []
            while n < len(near) and near[n][0] < end:
                cleared.append(near[n][1])
                n += 1
            readings.append(Reading(start, end, mine, held, is_name, cleared))
        return readings

    def rule_hits(self, text: str) -> list[Hit]:
        """What the rules alone find in ``text``."""
        if not text or not text.strip():
            return []
        return self._scan_rules(text)[1]

    def _model_hit(self, reading: Reading, features: dict[str, tuple[int, int]], text: str) -> Hit:
        """The finding for a sentence the model flags and no rule hit."""
        assert self.model is not None
        tokens = reading.tokens
        strongest = self.model.strongest(features)
        spans = [features[f] for f in strongest]
        quoted: list[str] = []
        for span in spans:
            words = model.describe(tokens, span, text)
            if words and words not in quoted and not any(words in q for q in quoted):
                quoted.append(words)
        first, last = spans[0] if spans else (0, len(tokens) - 1)
        first = max(0, min(first, len(tokens) - 1))
        last = max(first, min(last, len(tokens) - 1))
        start, stop = tokens[first].start, tokens[last].end
        pointers = ", ".join(f'"{q}"' for q in quoted) or f'"{text[start:stop]}"'
        advice = (
            f"What points at a person here: {pointers}. Make the system or the step the "
            'subject and say what made the action reasonable at the time, e.g. "The alert was '
            'not acted on for an hour; the page went to a rotation that had been retired."'
        )
        return Hit("blame_model", start, stop, text[start:stop], None, advice)

    def _scan_rules(
        self, text: str
    ) -> tuple[list[Token], list[Hit], list[tuple[int, int]], list[tuple[int, str]]]:
        """The tokens of ``text``, the rules' hits in it, the spans the team allows, and the
        matches the rules cleared."""
        tokens = tokenize(text)
        passage: _Text | None = None  # its clauses and sentences, worked out for a first match
        allowed: list[tuple[int, int]] = []
        for i in range(len(tokens) if self._allowed else 0):
            for phrase in self._allowed:
                found = self.book.match(phrase, tokens, i)
                if found:
                    allowed.append((tokens[i].start, tokens[found[0] - 1].end))
        hits: list[Hit] = []
        for i, candidates in self.book.plan(tokens):
            best: dict[int, tuple[int, tuple[int, int] | None]] = {}
            for candidate in candidates:
                index = candidate.rule
                found = self.book.match(candidate.phrase, tokens, i)
                if found and (index not in best or found[0] > best[index][0]):
                    best[index] = found
            if best and passage is None:
                passage = _Text(tokens, self.names, self.book, self._allowed_words)
            for index, (end, slot) in best.items():
                assert passage is not None
                hit = self._judge(passage, self.book.rules[index], i, end, slot, text)
                if hit is not None:
                    hits.append(hit)
        hits = [h for h in hits if not any(a < h.end and h.start < b for a, b in allowed)]
        near = sorted(passage.near) if passage is not None else []
        near = [n for n in near if not any(a <= n[0] < b for a, b in allowed)]
        return tokens, _without_overlaps(hits), allowed, near

    def _judge(
        self,
        passage: _Text,
        rule: Rule,
        i: int,
        end: int,
        slot: tuple[int, int] | None,
        text: str,
    ) -> Hit | None:
        """The finding a match makes, or None when its context or its subject clears it."""
        book, tokens = self.book, passage.tokens
        if rule.unless_match and book.matches_at(rule.unless_match, tokens, i):
            return None
        if (
            rule.unless_after
            and end < len(tokens)
            and book.matches_at(rule.unless_after, tokens, end)
        ):
            return None
        if rule.unless_before and book.ends_at(rule.unless_before, tokens, i, rule.before_window):
            return None
        if rule.at_sentence_start and i != passage.sentence_of[i]:
            return None
        if rule.unless_sentence and passage.sentence_has(rule.unless_sentence, i):
            return None
        if book.guards and not rule.team and passage.sentence_has(book.guards, i):
            passage.near.append((tokens[i].start, f"{rule.kind}/guarded"))
            return None
        if rule.only_sentence and not passage.sentence_has(rule.only_sentence, i):
            return None
        if rule.question and not passage.asks(i):
            return None
        # "It was not Kevin's fault", "this was not human error", a quoted "operator error":
        # words that are denied or mentioned are not used.
        if (rule.subjects is None or rule.subject.startswith("slot")) and (
            passage.negated(i)
            or passage.quoted(i, end)
            or (slot is not None and passage.negated(slot[0] + 1))
        ):
            passage.near.append((tokens[i].start, f"{rule.kind}/denied"))
            return None
        if rule.at_clause_start and i != passage.clause_of[i]:
            previous = tokens[i - 1].base if i > 0 else ""
            if previous not in book.word_set("skip") and previous not in book.word_set("joiners"):
                return None
        subject: Subject | None = None
        if rule.possessor:
            first = tokens[i]
            if first.possessive:
                subject = passage.classify(passage.noun_phrase_ending(i))
            elif first.low in ("his", "her", "their", "my", "your"):
                subject = Subject.PERSON
            if subject not in _PEOPLE:
                return None
        if rule.subjects is not None:
            if rule.subject == "slot" and slot is not None:
                words = tokens[slot[0] : slot[1]]
                subject = passage.classify(words, rule.owner) or Subject.AGENTLESS
            elif rule.subject == "slot_first" and slot is not None:
                subject = passage.head(tokens[slot[0] : slot[1]])
            elif rule.subject == "head":
                subject = passage.subject_of_clause(i)
            elif rule.subject == "after_by":
                subject = passage.subject_after_by(i, end)
                if subject is None:
                    return None
            else:
                subject = passage.subject_before(i)
            if (
                subject is Subject.ROLE
                and rule.role_needs_determiner
                and not passage.after_determiner(i)
            ):
                passage.near.append((tokens[i].start, f"{rule.kind}/bare-role"))
                return None
            if subject.value not in rule.subjects:
                upgrade = (
                    subject is Subject.PROPER
                    and "name" in rule.subjects
                    and passage.people_object(i, end)
                )
                if not upgrade:
                    # What the rule's words would have flagged with another subject: the model
                    # weighs it.
                    passage.near.append((tokens[i].start, f"{rule.kind}/{subject.value}"))
                    return None
        name = rule.rule
        advice = rule.advice
        shape = reshape(passage, rule.kind, i, end)
        if shape:
            advice = (
                f'Reshape it around what happened, e.g. "{shape} ...", and say what let it '
                + ("happen. " + advice)
            )
        if name == "people_subject" and subject in (Subject.NAME, Subject.PROPER):
            name = "named_subject"
            advice = "Leave the person's name out. " + advice
        start, stop = tokens[i].start, tokens[end - 1].end
        match = text[start:stop]
        if not rule.team:
            advice = advice.replace("{match}", match)
        else:
            advice = advice.replace("{match}", match)
        return Hit(name, start, stop, match, subject, advice)


# --- reshaping a sentence ------------------------------------------------------------------

_IRREGULAR = {
    "run": "run",
    "read": "read",
    "write": "written",
    "do": "done",
    "take": "taken",
    "see": "seen",
    "make": "made",
    "send": "sent",
    "set": "set",
    "get": "got",
    "give": "given",
    "tell": "told",
    "put": "put",
    "keep": "kept",
    "find": "found",
    "shut": "shut",
    "begin": "begun",
    "drive": "driven",
    "choose": "chosen",
    "hold": "held",
    "pay": "paid",
    "build": "built",
    "spend": "spent",
    "lead": "led",
    "leave": "left",
    "bring": "brought",
}
# The verb families whose object can become the subject, and the predicate it then takes.
_DONE_TO = {
    "forgot": "was not {pp}",
    "failed": "was not {pp}",
    "skipped": "was skipped",
    "ignored": "was not acted on",
    "missed": "was not acted on",
    "passive": "was not acted on",
}
_STOP_WORDS = """
for before after during until because while when since at in on by with from without and but
so or which that to against into onto over under through across about as
"""
_OBJECT_STOPS = frozenset(_STOP_WORDS.split())
_NOT_OBJECTS = frozenset(
    [
        "anyone",
        "anybody",
        "someone",
        "somebody",
        "everyone",
        "everybody",
        "nobody",
        "noone",
        "him",
        "her",
        "them",
        "it",
        "us",
        "me",
        "you",
        "one",
    ]
)
"""Words that make an object no thing a sentence can be turned around."""


def _participle(verb: str) -> str:
    """The past participle of a base verb: "renew" -> "renewed", "run" -> "run"."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _object(tokens: Sequence[Token], start: int, limit: int) -> list[Token]:
    """The noun phrase starting at ``tokens[start]``, up to a preposition or a clause's end."""
    words: list[Token] = []
    for token in tokens[start:limit]:
        if not token.word or token.low in _OBJECT_STOPS or len(words) == 6:
            break
        words.append(token)
    return words


def reshape(passage: _Text, kind: str, i: int, end: int) -> str:
    """The sentence turned around its object: "Tom forgot to renew the certificate" becomes
    "The certificate was not renewed"; empty when it cannot be done safely."""
    template = _DONE_TO.get(kind)
    if template is None:
        return ""
    tokens = passage.tokens
    limit = passage.clause_end(end) if end < len(tokens) else end
    if kind == "passive":
        subject = [t for t in tokens[passage.clause_of[i] : i] if t.word]
        phrase = subject
    else:
        at = end
        verb = ""
        if at < len(tokens) and tokens[at].low == "to":
            at += 1  # "forgot to renew", "failed to run"
        if kind in ("forgot", "failed"):
            last = tokens[end - 1].low
            if last not in ("to", "forgot", "forget", "neglected") and at == end:
                verb = last  # "didn't check": the verb is the match's last word
            elif at < limit and tokens[at].word:
                verb = tokens[at].low
                at += 1
            if not verb.isalpha() or verb.endswith(("ed", "ing")):
                return ""
        phrase = _object(tokens, at, limit)
        template = template.replace("{pp}", _participle(verb)) if verb else template
    if not phrase or len(phrase) > 6:
        return ""
    if phrase[0].low.endswith("ing") or any(w.low in _NOT_OBJECTS for w in phrase):
        return ""  # "without asking anyone": no thing to make the subject
    words = [w.text for w in phrase]
    if words[0].lower() in ("his", "her", "their", "my", "your", "our", "its"):
        words[0] = "the"
    elif words[0].lower() not in passage.book.word_set("determiners"):
        words.insert(0, "the")
    if any(w.lower() in ("it", "them", "this", "that", "him", "her") for w in words[1:2]):
        return ""
    if "{pp}" in template:
        return ""
    head = words[-1].lower()
    if head.endswith("s") and not head.endswith(("ss", "us", "is")):
        template = template.replace("was ", "were ", 1)  # "the alerts were not acted on"
    text = " ".join([*words, template])
    return text[0].upper() + text[1:]


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """The earliest (then longest) of overlapping hits: one span, one finding."""
    # A team's own phrase wins a tie: its suggestion is the more specific one.
    hits.sort(key=lambda h: (h.start, -(h.end - h.start), h.rule != "team_phrase"))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


# --- names from the draft -------------------------------------------------------------------

# A word written like a name in any Latin script: a capital, then lower case ("Łukasz").
_LATIN = [chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha()]
_UPPER = "A-Z" + "".join(c for c in _LATIN if c.isupper())
_LOWER = "a-z" + "".join(c for c in _LATIN if c.islower())
_TITLE = f"[{_UPPER}][{_LOWER}]+"

# "Jane acknowledges", "Tom rolled back": a capitalized word at the start followed by a verb.
_ACTOR = re.compile(
    rf"^\s*(?:@(?P<handle>[\w.-]+)|(?P<name>{_TITLE}(?:\s{_TITLE})?))\s+"
    r"(?P<verb>[a-z]+(?:s|ed)|ack(?:s|'d)?|ran|began|took|saw|found|sent|led|made|told|got)\b"
)
# "(Jane)", "paged Jane", "handed off to Tom", "@jane".
_MENTION = re.compile(
    rf"\((?P<paren>{_TITLE})\)|"
    r"\b(?i:paged|pages|paging|pinged|pings|by|with|asked|asks|escalated\s+to|"
    rf"handed\s+(?:off\s+)?to|cc|joined\s+by|from)\s+(?P<after>{_TITLE})\b|"
    r"(?<![\w.])@(?P<handle>[A-Za-z][\w.-]+)"
)


_LOWER_WORD = re.compile(r"\b[a-z][\w-]*\b")


def names_in_timeline(draft: Draft) -> set[str]:
    """People the timeline names as actors: "Jane acknowledges", "paged Tom", "(Jane)"."""
    candidates: set[str] = set()
    texts = [e.event for e in draft.timeline]
    not_names = _book().word_set("not_or_roles")
    for text in texts:
        match = _ACTOR.match(text)
        if match:
            candidates.add("@" + match["handle"] if match["handle"] else match["name"])
        for mention in _MENTION.finditer(text):
            if mention["handle"]:
                candidates.add("@" + mention["handle"])
            else:
                candidates.add(mention["paren"] or mention["after"])
    if not candidates:
        return set()
    # A word the draft also uses in lower case is a common word, not a name ("Rollback"). Only
    # a text that holds one of the candidates' words in lower case can use one.
    wanted = {w.lower() for c in candidates for w in c.split()} - not_names
    lower_words = {
        w
        for text in _all_text(draft)
        if any(word in text for word in wanted)
        for w in _LOWER_WORD.findall(text)
    }
    names = set()
    for candidate in candidates:
        words = candidate.split()
        if candidate.startswith("@") or not any(
            w.lower() in not_names or w.lower() in lower_words for w in words
        ):
            names.add(candidate)
    return names


def _all_text(draft: Draft) -> Iterator[str]:
    yield from (e.event for e in draft.timeline)
    for passage in narrative(draft):
        yield passage.text


def draft_names(draft: Draft, review_config: ReviewConfig | None = None) -> Names:
    """Everyone a draft names: authors, action item owners, the timeline's actors, the config's."""
    config = review_config or ReviewConfig()
    names: set[str] = {a.name for a in draft.meta.authors if a.name}
    names |= {a.owner for a in draft.action_items if a.owner}
    names |= names_in_timeline(draft)
    names |= set(config.names)
    return Names.of(names, allowed=config.allowed_words)


# --- the narrative --------------------------------------------------------------------------


@attrs.frozen
class Passage:
    """One piece of narrative text and where it lives in the draft."""

    section: str
    """The section's key in the draft format: ``went_wrong``."""
    index: int | None
    """The item's 0-based index in the section's list; None for a section that is not a list."""
    field: str
    """The field inside the item: ``detail``, ``title``, ``details[1]``, ``description``."""
    text: str


NARRATIVE_SECTIONS: tuple[str, ...] = (
    "summary",
    "impact",
    "root_cause",
    "factors",
    "went_wrong",
    "lucky",
    "lessons",
)
"""The sections read for blameless findings, in the order of the format."""


def narrative(draft: Draft) -> Iterator[Passage]:
    """Every narrative passage of a draft, in the order of the format."""
    if draft.summary.text:
        yield Passage("summary", None, "text", draft.summary.text)
    if draft.impact.description:
        yield Passage("impact", None, "description", draft.impact.description)
    if draft.root_cause.text:
        yield Passage("root_cause", None, "text", draft.root_cause.text)
    for i, factor in enumerate(draft.factors):
        yield Passage("factors", i, "title", factor.title)
        if factor.summary:
            yield Passage("factors", i, "summary", factor.summary)
        for j, detail in enumerate(factor.details):
            yield Passage("factors", i, f"details[{j}]", detail)
    for key in ("went_wrong", "lucky", "lessons"):
        for i, point in enumerate(getattr(draft, key)):
            yield Passage(key, i, "title", point.title)
            if point.detail:
                yield Passage(key, i, "detail", point.detail)
    for i, section in enumerate(draft.sections):  # a team's own sections are narrative too
        if section.text:
            yield Passage("sections", i, "text", section.text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*\d])")


def excerpt(text: str, start: int, end: int, width: int = 160) -> str:
    """The sentence around ``text[start:end]``, on one line, cut to ``width`` around the match."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    left = max(b for b in bounds if b <= start)
    right = min(
        (m.start() for m in _SENTENCE_END.finditer(text) if m.start() >= end), default=len(text)
    )
    sentence = text[left:right]
    offset = start - left
    flat = " ".join(sentence.split())
    if len(flat) <= width:
        return flat
    # Keep the match in view: centre the window on it.
    flat_offset = len(" ".join(sentence[:offset].split()))
    begin = max(0, min(flat_offset - width // 3, len(flat) - width))
    cut = flat[begin : begin + width].strip()
    return ("…" if begin > 0 else "") + cut + ("…" if begin + width < len(flat) else "")
