"""The blameless rulebook: its words, phrases and advice, loaded from data and compiled once.

``rulebook.toml``, shipped beside this module, holds the built-in rules; a team's ``[review]``
table adds roles, products and rules of its own. ``compiled(config)`` parses both into word
sets and phrase patterns, and caches the result per configuration, so a review pays for the
parse once (about 10 ms) however many drafts it reads.

A phrase is a sequence of elements matched token by token (the language is described at the
top of ``rulebook.toml``). Matching is a walk over the tokens with no regular expression over
the user's text: each element consumes one token (a class or ``{who}`` a bounded few), so a
phrase costs at most a constant number of steps at each token and a review is linear in the
length of the text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

import attrs

from ..core.config import BlamePhrase, ReviewConfig, TeamRule

SLOT_WORDS = 4
"""The most words ``{who}`` takes."""

POSSESSIVE = "<'s>"
PARTICIPLE = "<-ed>"
"""Index keys for phrases that start with a possessive or a participle (never a token's text)."""


_ASCII_TITLE = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def title_word(text: str) -> bool:
    """A word written like a name: a capital, then lower case ("Bob", "Sofía", "Jean-Luc";
    not "DNS", "iOS" or "x86")."""
    if text.isascii():
        return _ASCII_TITLE.fullmatch(text) is not None
    parts = text.split("-")
    return len(parts) <= 2 and all(
        len(p) >= 2 and p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts
    )


class Token:
    """One word or punctuation mark of a text, with where it is (made by the thousand: a plain
    slotted class, compared by identity, its derived forms worked out once)."""

    __slots__ = ("base", "end", "low", "newline_before", "possessive", "start", "text", "word")

    text: str
    low: str
    """Lower case, with typographic apostrophes and quotes made plain."""
    start: int
    end: int
    word: bool
    """A word (or @handle), not punctuation."""
    newline_before: bool
    base: str
    """The word without a possessive ("kevin" for "Kevin's")."""
    possessive: bool
    """Whether the word ends in 's (or s')."""

    def __init__(
        self, text: str, low: str, start: int, end: int, word: bool, newline_before: bool = False
    ) -> None:
        self.text = text
        self.low = low
        self.start = start
        self.end = end
        self.word = word
        self.newline_before = newline_before
        if low.endswith("'s"):
            self.base = low[:-2]
            self.possessive = word
        elif low.endswith("s'"):
            self.base = low[:-1]
            self.possessive = word
        else:
            self.base = low
            self.possessive = False

    def __repr__(self) -> str:
        return (
            f"Token(text={self.text!r}, low={self.low!r}, start={self.start!r}, "
            f"end={self.end!r}, word={self.word!r}, newline_before={self.newline_before!r})"
        )


@attrs.frozen(cache_hash=True)
class Element:
    """One step of a phrase: a word (or alternatives), a class, a wildcard or the subject."""

    kind: str
    """``word``, ``class``, ``any``, ``slot``, ``possessive`` or ``participle``."""
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    name: str = ""
    """The class's name, for ``class``."""
    optional: bool = False


Phrase = tuple[Element, ...]


def plain(text: str) -> str:
    """Lower case, with typographic apostrophes and quotes made plain."""
    return (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


def parse_element(source: str) -> Element:
    """One element of the phrase language: ``forgot|forgets``, ``ignor*``, ``<neg>?``."""
    optional = len(source) > 1 and source.endswith("?")
    body = source[:-1] if optional else source
    if body == "_":
        return Element("any", optional=optional)
    if body == "{who}":
        return Element("slot", optional=optional)
    if body == "<'s>":
        return Element("possessive", optional=optional)
    if body == "<-ed>":
        return Element("participle", optional=optional)
    if body.startswith("<") and body.endswith(">") and len(body) > 2:
        return Element("class", name=body[1:-1], optional=optional)
    words: set[str] = set()
    prefixes: list[str] = []
    for alternative in plain(body).split("|"):
        if alternative.endswith("*") and len(alternative) > 1:
            prefixes.append(alternative[:-1])
        elif alternative:
            words.add(alternative)
    return Element("word", frozenset(words), tuple(prefixes), optional=optional)


def parse_phrase(source: str) -> Phrase:
    """A phrase of the rulebook's language, element by element."""
    return tuple(parse_element(part) for part in source.split())


def literal_phrase(source: str) -> Phrase:
    """A phrase whose every word is taken literally (a team's ``blame_phrases``)."""
    return tuple(Element("word", frozenset({plain(w)})) for w in source.split())


@attrs.frozen
class Rule:
    """One rule of the rulebook: its phrases, who must be their subject, and its advice."""

    rule: str
    """A key of ``blameless.RULES``."""
    advice: str
    """The advice's text, with ``{match}`` for the flagged words."""
    phrases: tuple[Phrase, ...]
    kind: str = ""
    """The advice's key in the rulebook (``forgot``, ``passive``), which says how the sentence
    can be reshaped."""
    subjects: frozenset[str] | None = None
    """Who must be the subject for a match to be a finding; None means anyone."""
    subject: str = "before"
    """Where the subject is: ``before`` the phrase; its ``slot`` ({who}, the head noun, or
    ``slot_first``, its first words); ``head``, the clause's first words; or ``after_by``."""
    unless_before: tuple[Phrase, ...] = ()
    """A match is dropped when one of these ends just before it (within ``before_window``)."""
    before_window: int = 0
    unless_after: tuple[Phrase, ...] = ()
    """A match is dropped when one of these starts just after it."""
    unless_match: tuple[Phrase, ...] = ()
    """A match is dropped when one of these matches where it starts."""
    unless_sentence: tuple[Phrase, ...] = ()
    """A match is dropped when one of these is anywhere in its sentence ("as planned")."""
    only_sentence: tuple[Phrase, ...] = ()
    """When given, a match is kept only when one of these is in its sentence."""
    question: bool = False
    """A match is kept only in a sentence that ends with a question mark."""
    possessor: bool = False
    """The subject is the possessive the match starts with ("Kevin's mistake")."""
    at_sentence_start: bool = False
    at_clause_start: bool = False
    owner: bool = True
    """A possessive in the subject makes its owner the subject ("Tom's change broke")."""
    role_needs_determiner: bool = False
    """A role counts as the subject only after a determiner: "the reviewer missed", not
    "Reviewer didn't spot" (a heading about the review step)."""
    team: bool = False
    """A rule from the team's configuration."""


@attrs.frozen(eq=False)
class Candidate:
    """A phrase of a rule, with the words it cannot match without."""

    rule: int
    """The rule's index in ``Rulebook.rules``."""
    phrase: Phrase
    needs: tuple[frozenset[str], ...]
    """For each required literal element after the first, the words it accepts: a text with
    none of them cannot match, which rules most phrases out before any matching is tried."""
    seq: int = 0
    """Its place in the rulebook's order (rule by rule, phrase by phrase)."""
    firsts: frozenset[str] = frozenset()
    """The words it can start with (for a phrase indexed by its first word)."""

    @classmethod
    def of(
        cls, rule: int, phrase: Phrase, classes: dict[str, tuple[Phrase, ...]] | None = None
    ) -> Candidate:
        """The candidate for one phrase of a rule whose classes are ``classes``."""
        needs: list[frozenset[str]] = []
        for element in phrase[1:]:
            if element.optional:
                continue
            if element.kind == "word" and not element.prefixes and element.words:
                needs.append(element.words)
            elif element.kind == "class" and classes:
                # A class is needed as the words its alternatives all start with.
                firsts = [sub[0] if sub else None for sub in classes.get(element.name, ())]
                if firsts and all(
                    e is not None and e.kind == "word" and not e.optional and not e.prefixes
                    for e in firsts
                ):
                    needs.append(frozenset().union(*(e.words for e in firsts if e)))
        return cls(rule, phrase, tuple(needs))

    def fits(self, words: frozenset[str]) -> bool:
        """Whether a text made of ``words`` holds every word the phrase needs."""
        for need in self.needs:  # noqa: SIM110 - a loop: all() over a generator is twice as slow
            if need.isdisjoint(words):
                return False
        return True


@attrs.frozen
class Rulebook:
    """Everything the engine needs: word sets, phrase classes, and rules indexed by first word."""

    words: dict[str, frozenset[str]]
    classes: dict[str, tuple[Phrase, ...]]
    rules: tuple[Rule, ...]
    by_word: dict[str, tuple[Candidate, ...]]
    """The phrases that can start with a word."""
    by_prefix: dict[str, tuple[tuple[str, Candidate], ...]]
    """(prefix, candidate) by the prefix's first three letters."""
    anywhere: tuple[Candidate, ...]
    """Phrases that can start with any word."""
    by_need: dict[str, tuple[Candidate, ...]] = attrs.field(factory=dict)
    """The phrases indexed by first word, by each word of the fewest words they need: a text
    holding none of a phrase's needed words can skip it without looking."""
    needless: dict[str, tuple[Candidate, ...]] = attrs.field(factory=dict)
    """The phrases indexed by first word that need no other word, by that word."""
    guards: tuple[Phrase, ...] = ()
    """A sentence holding one of these is about blame, not blaming: no rule flags it."""
    compact: dict[str, tuple[Phrase, ...]] = attrs.field(factory=dict)
    """The classes with each run of one-word alternatives made one element, for matching."""
    sets: dict[int, PhraseSet] = attrs.field(factory=dict, eq=False, repr=False)
    """The rules' ``unless`` phrases, indexed when first used."""

    def word_set(self, name: str) -> frozenset[str]:
        """One of the rulebook's word lists."""
        return self.words.get(name, frozenset())

    def plan(self, tokens: Sequence[Token]) -> Iterator[tuple[int, list[Candidate]]]:
        """Each token where a phrase may start, with those phrases, in the rules' index order.

        A phrase is tried only where its first word is, and only when the text holds every
        word it needs; that is worked out once for the text, so most tokens cost a set lookup.
        """
        words = frozenset(t.low for t in tokens)
        fits: dict[int, bool] = {}

        def live(candidates: tuple[Candidate, ...]) -> list[Candidate]:
            kept = []
            for candidate in candidates:
                ok = fits.get(id(candidate))
                if ok is None:
                    ok = fits[id(candidate)] = candidate.fits(words)
                if ok:
                    kept.append(candidate)
            return kept

        anywhere = live(self.anywhere) if self.anywhere else []
        # Phrases whose first word is here and whose scarcest needed word is too.
        pool: list[Candidate] = []
        for word in words & self.needless.keys():
            pool += self.needless[word]
        for word in words & self.by_need.keys():
            pool += [c for c in self.by_need[word] if not c.firsts.isdisjoint(words)]
        starts: dict[str, list[Candidate]] = {}
        if len(pool) > 1:
            pool = sorted(set(pool), key=_seq)  # the order of by_word's lists
        for candidate in pool:
            if candidate.fits(words):
                for word in candidate.firsts & words:
                    starts.setdefault(word, []).append(candidate)
        heads = {w[:3] for w in words} & self.by_prefix.keys()
        # Possessives and participles: only when a word of the text can be one.
        possessive: list[Candidate] = []
        participle: list[Candidate] = []
        if "'" in "".join(words):
            possessive = live(self.by_word.get(POSSESSIVE, ()))
        if not words.isdisjoint(self.word_set("participles")) or any(
            w.endswith(("ed", "en")) for w in words
        ):
            participle = live(self.by_word.get(PARTICIPLE, ()))
        if not (starts or heads or possessive or participle or anywhere):
            return
        if not (heads or possessive or participle or anywhere):
            # Only phrases that start with a word: one lookup per token.
            for i, token in enumerate(tokens):
                found = starts.get(token.low)
                if found:
                    yield i, found
            return
        for i, token in enumerate(tokens):
            low = token.low
            found = starts.get(low, [])
            if possessive and token.possessive:
                found = found + possessive
            if participle and token.word and self.participle(token):
                found = found + participle
            if heads and low[:3] in heads:
                found = found + live(
                    tuple(c for p, c in self.by_prefix[low[:3]] if low.startswith(p))
                )
            if anywhere:
                found = found + anywhere
            if found:
                yield i, found

    def shapes(self, token: Token) -> tuple[str, ...]:
        """The index keys of the shapes ``token`` has: a possessive, a participle."""
        if not token.word:
            return ()
        if token.possessive:
            return (POSSESSIVE, PARTICIPLE) if self.participle(token) else (POSSESSIVE,)
        return (PARTICIPLE,) if self.participle(token) else ()

    def participle(self, token: Token) -> bool:
        """Whether ``token`` looks like a past participle."""
        return token.low.endswith(("ed", "en")) or token.low in self.word_set("participles")

    # --- matching -------------------------------------------------------------------------

    def phrase_set(self, phrases: tuple[Phrase, ...]) -> PhraseSet:
        """``phrases`` indexed by the words they start with (made once per tuple of phrases)."""
        found = self.sets.get(id(phrases))
        if found is None or found.phrases is not phrases:
            found = PhraseSet.of(phrases, self.classes)
            self.sets[id(phrases)] = found
        return found

    def match(
        self, phrase: Phrase, tokens: Sequence[Token], i: int
    ) -> tuple[int, tuple[int, int] | None] | None:
        """The longest match of ``phrase`` at ``tokens[i]``: its end and its {who} span.

        Of matches as long, the one with the longest {who}: "told the DBA team about it
        twice" is about the DBA team, not "the".
        """
        if _literal(phrase):
            # Most phrases are plain words: one pass, no search.
            if i + len(phrase) > len(tokens):
                return None
            for k, element in enumerate(phrase):
                token = tokens[i + k]
                if token.low not in element.words and not (
                    element.prefixes and token.word and token.low.startswith(element.prefixes)
                ):
                    return None
            return i + len(phrase), None
        best: tuple[int, tuple[int, int] | None] | None = None
        for end, slot in self._ends(phrase, 0, tokens, i, None, 0):
            if end <= i:
                continue
            size = slot[1] - slot[0] if slot else 0
            if best is None or (end, size) > (best[0], best[1][1] - best[1][0] if best[1] else 0):
                best = (end, slot)
        return best

    def _ends(
        self,
        phrase: Phrase,
        k: int,
        tokens: Sequence[Token],
        i: int,
        slot: tuple[int, int] | None,
        depth: int,
    ) -> Iterator[tuple[int, tuple[int, int] | None]]:
        if k == len(phrase):
            yield i, slot
            return
        element = phrase[k]
        if element.optional and element.kind == "any":
            # A run of optional wildcards reaches each end once, fewest words first (the order
            # a step-by-step walk first finds them in), not once per way of skipping.
            run = k
            while run < len(phrase) and phrase[run].kind == "any" and phrase[run].optional:
                run += 1
            for taken in range(run - k + 1):
                if taken and (i + taken > len(tokens) or not tokens[i + taken - 1].word):
                    break
                yield from self._ends(phrase, run, tokens, i + taken, slot, depth)
            return
        if element.optional:
            yield from self._ends(phrase, k + 1, tokens, i, slot, depth)
        if element.kind == "class":
            if depth > 3:
                return
            for sub in self.compact.get(element.name, ()):
                for j, inner in self._ends(sub, 0, tokens, i, slot, depth + 1):
                    yield from self._ends(phrase, k + 1, tokens, j, inner, depth)
        elif element.kind == "slot":
            for size in range(1, SLOT_WORDS + 1):
                if i + size > len(tokens) or not tokens[i + size - 1].word:
                    break
                yield from self._ends(phrase, k + 1, tokens, i + size, (i, i + size), depth)
        elif i < len(tokens) and self.one(element, tokens[i]):
            yield from self._ends(phrase, k + 1, tokens, i + 1, slot, depth)

    def one(self, element: Element, token: Token) -> bool:
        """Whether a one-token element matches ``token``."""
        if element.kind == "word":
            return token.low in element.words or bool(
                element.prefixes and token.word and token.low.startswith(element.prefixes)
            )
        if not token.word:
            return False
        if element.kind == "any":
            return True
        if element.kind == "possessive":
            return token.possessive
        if element.kind == "participle":
            return self.participle(token)
        return False

    def matches_at(self, phrases: tuple[Phrase, ...], tokens: Sequence[Token], i: int) -> bool:
        """Whether one of ``phrases`` matches at ``tokens[i]``."""
        if i >= len(tokens):
            return False
        return any(
            self.match(p, tokens, i) is not None
            for p in self.phrase_set(phrases).starting(tokens[i], self)
        )

    def ends_at(
        self, phrases: tuple[Phrase, ...], tokens: Sequence[Token], end: int, window: int
    ) -> bool:
        """Whether one of ``phrases`` ends at ``end`` (or up to ``window`` words before it)."""
        index = self.phrase_set(phrases)
        for start in range(max(0, end - window - 4), end):
            for phrase in index.starting(tokens[start], self):
                for stop, _ in self._ends(phrase, 0, tokens, start, None, 0):
                    if stop > start and end - window <= stop <= end:
                        return True
        return False


def _seq(candidate: Candidate) -> int:
    return candidate.seq


@functools.cache
def _literal(phrase: Phrase) -> bool:
    """Whether every element of ``phrase`` is a required word (or words, or prefixes)."""
    return all(e.kind == "word" and not e.optional for e in phrase)


@attrs.frozen
class PhraseSet:
    """Some phrases indexed by the words they can start with, to try only those that may fit."""

    phrases: tuple[Phrase, ...]
    by_word: dict[str, tuple[Phrase, ...]]
    by_prefix: tuple[tuple[str, Phrase], ...]
    anywhere: tuple[Phrase, ...]
    shaped: bool = True
    """Whether a phrase starts with a possessive or a participle (looked for at each word)."""

    @classmethod
    def of(cls, phrases: tuple[Phrase, ...], classes: dict[str, tuple[Phrase, ...]]) -> PhraseSet:
        """The index of ``phrases``, whose classes are ``classes``."""
        by_word: dict[str, list[Phrase]] = {}
        by_prefix: list[tuple[str, Phrase]] = []
        anywhere: list[Phrase] = []
        for phrase in phrases:
            words, prefixes, open_start = _firsts(classes, phrase)
            if open_start:
                anywhere.append(phrase)
                continue
            for word in words:
                by_word.setdefault(word, []).append(phrase)
            by_prefix.extend((prefix, phrase) for prefix in prefixes)
        return cls(
            phrases,
            {k: tuple(v) for k, v in by_word.items()},
            tuple(by_prefix),
            tuple(anywhere),
            POSSESSIVE in by_word or PARTICIPLE in by_word,
        )

    def starting(self, token: Token, book: Rulebook) -> tuple[Phrase, ...]:
        """The phrases that may start at ``token`` (some twice)."""
        found = self.by_word.get(token.low, ())
        if self.shaped:
            for key in book.shapes(token):
                found += self.by_word.get(key, ())
        if self.by_prefix and token.word:
            found += tuple(p for prefix, p in self.by_prefix if token.low.startswith(prefix))
        return found + self.anywhere if self.anywhere else found


# --- loading --------------------------------------------------------------------------------


def _word_list(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset(plain(value).split())
    return frozenset(plain(v) for v in value)


def _phrases(values: Any) -> tuple[Phrase, ...]:
    return tuple(parse_phrase(v) for v in values or ())


def _rule(table: dict[str, Any], advice: dict[str, str]) -> Rule:
    subjects = table.get("subjects")
    return Rule(
        rule=table["rule"],
        advice=advice[table["advice"]],
        kind=table["advice"],
        phrases=_phrases(table["phrases"]),
        subjects=frozenset(subjects) if subjects else None,
        subject=table.get("subject", "before"),
        unless_before=_phrases(table.get("unless_before")),
        before_window=int(table.get("before_window", 0)),
        unless_after=_phrases(table.get("unless_after")),
        unless_match=_phrases(table.get("unless_match")),
        unless_sentence=_phrases(table.get("unless_sentence")),
        only_sentence=_phrases(table.get("only_sentence")),
        question=bool(table.get("question", False)),
        possessor=bool(table.get("possessor", False)),
        at_sentence_start=bool(table.get("at_sentence_start", False)),
        at_clause_start=bool(table.get("at_clause_start", False)),
        role_needs_determiner=bool(table.get("role_needs_determiner", False)),
        owner=bool(table.get("owner", True)),
    )


@functools.cache
def _builtin() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("rulebook.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _team_rules(config: ReviewConfig, advice: dict[str, str]) -> list[Rule]:
    rules: list[Rule] = []
    phrases: tuple[BlamePhrase, ...] = config.blame_phrases
    for phrase in phrases:
        suggestion = phrase.suggestion or advice["team_phrase"]
        rules.append(Rule("team_phrase", suggestion, (literal_phrase(phrase.phrase),), team=True))
    team: tuple[TeamRule, ...] = config.rules
    for rule in team:
        rules.append(
            Rule(
                "team_phrase",
                rule.suggestion or advice["team_phrase"],
                tuple(parse_phrase(p) for p in rule.phrases),
                subjects=frozenset(rule.subjects) if rule.subjects else None,
                team=True,
            )
        )
    return rules


def _firsts(
    book_classes: dict[str, tuple[Phrase, ...]], phrase: Phrase, k: int = 0, depth: int = 0
) -> tuple[set[str], set[str], bool]:
    """The words and prefixes ``phrase[k:]`` can start with; True when it can start anywhere."""
    words: set[str] = set()
    prefixes: set[str] = set()
    if k >= len(phrase):
        return words, prefixes, True  # an empty rest: whatever follows
    element = phrase[k]
    anywhere = False
    if element.kind == "word":
        words |= element.words
        prefixes |= set(element.prefixes)
    elif element.kind == "possessive":
        words.add(POSSESSIVE)
    elif element.kind == "participle":
        words.add(PARTICIPLE)
    elif element.kind == "class" and depth < 4:
        for sub in book_classes.get(element.name, ()):
            w, p, a = _firsts(book_classes, sub, 0, depth + 1)
            words |= w
            prefixes |= p
            anywhere = anywhere or a
    else:
        anywhere = True
    if element.optional:
        w, p, a = _firsts(book_classes, phrase, k + 1, depth)
        words |= w
        prefixes |= p
        anywhere = anywhere or a
    return words, prefixes, anywhere


def _compact(classes: dict[str, tuple[Phrase, ...]]) -> dict[str, tuple[Phrase, ...]]:
    """``classes`` with each run of one-word alternatives merged into one element.

    A class is tried alternative by alternative; forty one-word alternatives cost forty tries,
    one merged element a single set lookup, and they reach the same ends in the same order.
    """
    compact: dict[str, tuple[Phrase, ...]] = {}
    for name, alternatives in classes.items():
        merged: list[Phrase] = []
        run: list[Element] = []
        for sub in (*alternatives, None):
            if sub is not None and len(sub) == 1 and sub[0].kind == "word" and not sub[0].optional:
                run.append(sub[0])
                continue
            if run:
                words = frozenset().union(*(e.words for e in run))
                prefixes = tuple(dict.fromkeys(p for e in run for p in e.prefixes))
                merged.append((Element("word", words, prefixes),))
                run = []
            if sub is not None:
                merged.append(sub)
        compact[name] = tuple(merged)
    return compact


@functools.lru_cache(maxsize=16)
def compiled(config: ReviewConfig | None = None) -> Rulebook:
    """The built-in rulebook with a team's additions, parsed once per configuration."""
    config = config or ReviewConfig()
    data = _builtin()
    advice: dict[str, str] = {k: " ".join(v.split()) for k, v in data["advice"].items()}
    words = {name: _word_list(value) for name, value in data["words"].items()}
    words["roles"] = words["roles"] | _word_list(config.roles)
    words["products"] = words["products"] | _word_list(config.products)
    # Unions the engine asks for at every word, made once.
    words["people"] = words["roles"] | words["groups"]
    words["not_or_roles"] = words["not_names"] | words["roles"]
    known = ("skip", "not_names", "products", "determiners", "clause_words", "asides")
    words["known"] = frozenset().union(*(words[k] for k in known), words["people_objects"])
    classes = {name: _phrases(values) for name, values in data["classes"].items()}
    compact = _compact(classes)
    rules = [_rule(table, advice) for table in data["rules"]] + _team_rules(config, advice)
    by_word: dict[str, list[Candidate]] = {}
    by_prefix: dict[str, list[tuple[str, Candidate]]] = {}
    anywhere: list[Candidate] = []
    by_need: dict[str, list[Candidate]] = {}
    needless: dict[str, list[Candidate]] = {}
    seq = 0
    for index, rule in enumerate(rules):
        for phrase in rule.phrases:
            first_words, first_prefixes, open_start = _firsts(classes, phrase)
            seq += 1
            candidate = attrs.evolve(
                Candidate.of(index, phrase, compact), seq=seq, firsts=frozenset(first_words)
            )
            if open_start or any(len(p) < 3 for p in first_prefixes):
                anywhere.append(candidate)
                continue
            for word in first_words:
                by_word.setdefault(word, []).append(candidate)
            if first_words and candidate.needs:
                for word in min(candidate.needs, key=len):
                    by_need.setdefault(word, []).append(candidate)
            else:
                for word in first_words:
                    needless.setdefault(word, []).append(candidate)
            for prefix in first_prefixes:
                by_prefix.setdefault(prefix[:3], []).append((prefix, candidate))
    return Rulebook(
        words=words,
        classes=classes,
        compact=compact,
        rules=tuple(rules),
        by_word={k: tuple(v) for k, v in by_word.items()},
        by_prefix={k: tuple(v) for k, v in by_prefix.items()},
        anywhere=tuple(anywhere),
        by_need={k: tuple(v) for k, v in by_need.items()},
        needless={k: tuple(v) for k, v in needless.items()},
        guards=_phrases(data.get("guards", {}).get("unless_sentence")),
    )
