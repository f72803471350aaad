"""The blame model: its data file, clear cases both ways, linearity and its suggestions."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import attrs
import pytest

from postmortem_tui import review
from postmortem_tui.core import config
from postmortem_tui.core.model import Author, Draft, Point
from postmortem_tui.review import blameless, model, rulebook, training

CORPUS = Path(__file__).parent.parent / "corpus"


def found(sentence: str, names: tuple[str, ...] = (), team: config.Config | None = None) -> list:
    """The findings of one sentence, as a What Went Wrong item of a draft by ``names``."""
    draft = Draft.new("t", authors=[Author(n) for n in names])
    draft.went_wrong = [Point(title="What went wrong", detail=sentence)]
    return review.findings(draft, team or config.Config())


def test_the_shipped_model_is_made_from_the_training_data() -> None:
    shipped = json.loads(
        (Path(model.__file__).parent / model.MODEL_FILE).read_text(encoding="utf-8")
    )
    examples = training.read_examples(CORPUS)
    # The training sentences and the rulebook: after a change to either, retrain with
    # scripts/train-blame-model.
    assert shipped["inputs_sha256"] == training.digest(examples), "retrain the blame model"
    assert model.load().inputs == shipped["inputs_sha256"]
    # Nothing held out is among the inputs.
    assert not any(f"blind-{n}/" in e.source for e in examples for n in range(17, 21))
    published = [e for e in examples if e.form.startswith("published-2")]
    assert len(published) == 1210
    assert all(any(d in e.source for d in ("rust-lang/", "pypi/", "dfds/")) for e in published)


def test_the_model_file_is_small_and_loads_once() -> None:
    path = Path(model.__file__).parent / model.MODEL_FILE
    assert path.stat().st_size < 1_900_000  # 432,000 weights, about 4 bytes each
    assert model.load() is model.load()
    loaded = model.load()
    assert 0 < loaded.rule_threshold <= loaded.threshold < 1
    assert all(0 <= key < model.BUCKETS for key in loaded.weights)
    assert sum(1 for w in loaded.weights.values() if w) > 1000
    # What the file holds reads back as it was written.
    again = model.BlameModel.from_json(loaded.as_json())
    assert again.weights == loaded.weights and again.threshold == loaded.threshold


def test_training_is_deterministic() -> None:
    sets = [["w:forgot", "w:<name>"], ["w:the", "w:cache"], ["w:forgot", "w:he"], ["w:cache"]]
    labels = [True, False, True, False]
    settings = training.Settings(epochs=5, min_count=1, prune=0.0)
    first = training.fit(sets, labels, [1.0] * 4, settings)
    assert first == training.fit(sets, labels, [1.0] * 4, settings)
    weights, _ = first
    assert weights["w:forgot"] > 0 > weights["w:cache"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bartholomew forgot to rotate the signing key again, like last quarter.",
        "The outage happened because the storage intern could not be bothered to read the runbook.",
        "Honestly, Ingrid's sloppy rollout is the whole story here.",
        "If the night DBA had looked at the dashboard, none of this would have happened.",
    ],
)
def test_clear_blame_is_flagged(sentence: str) -> None:
    assert found(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "The cache warmer skipped shard 7 because its lock file was stale.",
        "At 03:12 UTC the load balancer marked two of five backends unhealthy.",
        "Bartholomew rolled the config back at 14:20 and error rates returned to normal.",
        "The replica fell behind because the vacuum job held a long transaction open.",
    ],
)
def test_clear_blameless_text_is_not_flagged(sentence: str) -> None:
    assert found(sentence) == [], sentence


def test_a_sentence_only_the_model_flags_names_its_words() -> None:
    # No rule has these words; the model reads a person where a cause belongs. The threshold
    # is lowered so that the test holds whatever threshold the next training picks.
    eager = attrs.evolve(model.load(), threshold=0.5)
    matcher = blameless.Matcher(blameless.Names.of(["Zoltan"]), blame_model=eager)
    sentences = [
        "Zoltan again, of course: the third time this quarter.",
        "Someone on the platform squad thought testing in prod was fine.",
        "The platform folks, naturally.",
    ]
    hits = [(s, hit) for s in sentences for hit in matcher.scan(s) if hit.rule == "blame_model"]
    assert len(hits) >= 2, hits
    for sentence, hit in hits:
        assert hit.rule in blameless.RULES
        assert hit.match and hit.match == sentence[hit.start : hit.end]
        assert f'"{hit.match}"' in hit.suggestion or hit.match.split()[0] in hit.suggestion
        assert "subject" in hit.suggestion
    # Rules alone find none of them.
    assert not any(
        blameless.Matcher(blameless.Names.of([]), use_model=False).scan(s) for s in sentences
    )


def test_team_phrases_flag_whatever_the_model_says() -> None:
    team = config.Config(review=config.ReviewConfig(blame_phrases=(config.BlamePhrase("shard 7"),)))
    sentence = "The cache warmer skipped shard 7 because its lock file was stale."
    assert found(sentence) == []
    assert [f.rule for f in found(sentence, team=team)] == ["team_phrase"]


def test_allowed_words_still_clear() -> None:
    sentence = "Tom forgot to renew the certificate."
    assert found(sentence)
    team = config.Config(review=config.ReviewConfig(allowed_words=("Tom forgot",)))
    assert found(sentence, team=team) == []


class _Counting(dict):  # type: ignore[type-arg]
    """A weight table that counts its lookups."""

    def __init__(self, data: dict[int, float]) -> None:
        super().__init__(data)
        self.lookups = 0

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        self.lookups += 1
        return super().get(key, default)


def test_scoring_is_linear_in_the_sentence() -> None:
    book = rulebook.compiled()
    shipped = model.load()
    vocabulary = model.Vocabulary.of(book, shipped.common)
    piece = "the on-call engineer, who Kevin had paged, ignored the alert and the DBA forgot "
    counts = []
    for times in (5, 10, 20, 40):
        text = piece * times
        tokens = blameless.tokenize(text)
        found_features = model.features(model.units(tokens, vocabulary), (), text)
        weights = _Counting(dict(shipped.weights))
        counting = model.BlameModel(weights, 0.0, 0.5, 0.5, shipped.common)
        counting.score(found_features)
        counts.append((len(tokens), len(found_features), weights.lookups))
    for n, features, lookups in counts:
        # A bounded number of features per token, and one lookup each.
        assert features <= 20 * n
        assert lookups == features
    # Twice the text never costs more than about twice the work.
    for (n1, f1, _), (n2, f2, _) in itertools.pairwise(counts):
        assert n2 == 2 * n1
        assert f2 <= 2 * f1 + 20, (n1, f1, n2, f2)


def _units(sentence: str) -> list[str]:
    matcher = blameless.Matcher(blameless.Names.of([]))
    assert matcher.vocabulary is not None
    (reading,) = matcher.read(sentence, split=False)
    return [u.unit for u in reading.units(matcher.vocabulary) if u.word]


@pytest.mark.parametrize(
    ("word", "like_a_name"),
    [
        ("Bob", True),
        ("Sofía", True),
        ("Björn", True),
        ("Łukasz", True),
        ("Jean-Luc", True),
        ("DNS", False),
        ("iOS", False),
        ("x86", False),
        ("A", False),
        ("ÉMILE", False),
    ],
)
def test_names_are_read_in_any_latin_script(word: str, like_a_name: bool) -> None:
    assert rulebook.title_word(word) is like_a_name


def test_a_name_with_an_accent_is_a_name_mid_sentence() -> None:
    assert _units("Then Björn ran the playbook against production.")[1] == "<name>"
    assert _units("Then Bjorn ran the playbook against production.")[1] == "<name>"


def test_a_timeline_entry_starts_after_its_time() -> None:
    # "14:02 Zorvik restarted": the first word after the time may be a product, as at the start
    # of any sentence; after a word it is a name.
    def after_time(sentence: str) -> str:
        return next(u for u in _units(sentence) if u != "<num>")

    assert after_time("14:02 Zorvik restarted the pods.") == "<cap>"
    assert after_time("Zorvik restarted the pods.") == "<cap>"
    assert _units("At 14:02 Zorvik restarted the pods.")[-4] == "<name>"


def test_a_person_and_an_outcome_far_apart_are_read_together() -> None:
    matcher = blameless.Matcher(blameless.Names.of(["Kai"]))
    assert matcher.vocabulary is not None
    (reading,) = matcher.read("Kai ran the migration against production, which took the site down.")
    features = reading.features(matcher.vocabulary, "")
    assert "g:<P>&outcome" in features
    (calm,) = matcher.read("Kai ran the migration against production at 14:02.")
    assert "g:<P>&outcome" not in calm.features(matcher.vocabulary, "")


def test_the_timeline_names_people_in_any_latin_script() -> None:
    import datetime as dt

    from postmortem_tui.core.model import TimelineEvent

    draft = Draft.new("t")
    at = dt.datetime(2024, 1, 15, 14, 0, tzinfo=dt.UTC)
    draft.timeline = [
        TimelineEvent(at, "Łukasz acknowledges the page"),
        TimelineEvent(at, "paged Ștefan"),
        TimelineEvent(at, "Björn Ölander restarted the pods"),
        TimelineEvent(at, "(Zoë)"),
    ]
    assert blameless.names_in_timeline(draft) == {"Łukasz", "Ștefan", "Björn Ölander", "Zoë"}


def test_published_text_is_read_in_training_only_from_the_development_halves() -> None:
    from postmortem_tui.review import measure

    examples = training.read_examples(CORPUS)
    halved = [e for e in examples if e.form.startswith(("published-2", "published-3"))]
    assert {e.form.split("/")[0] for e in halved} == {"published-2", "published-3"}
    assert all(any(d in e.source for d in measure.DEV_SOURCES) for e in halved)


@pytest.mark.parametrize(
    ("source", "owner"),
    [
        ("https://github.com/rust-lang/blog.rust-lang.org/blob/HEAD/x.md", "rust-lang"),
        ("https://github.com/Chia-Network/post-mortem/blob/HEAD/a.md", "chia-network"),
        ("https://about.gitlab.com/blog/2017/02/10/postmortem/", "about.gitlab.com"),
        ("https://www.example.com/incident", "example.com"),
    ],
)
def test_published_text_is_dealt_to_folds_by_who_published_it(source: str, owner: str) -> None:
    assert training.organisation(source) == owner


def test_kept_readings_and_keys_are_bounded_and_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from postmortem_tui.review import blameless

    vocabulary = blameless.Matcher(blameless.Names.of(["Kevin"])).vocabulary
    assert vocabulary is not None
    tokens = blameless.tokenize("kevin forgot the Payments cache again, 14:02 Kafka restarted")
    vocabulary.reads.clear()
    first = model.units(tokens, vocabulary)
    # The same words read before in other places of another sentence: each kept reading is
    # the one its place gives ("kevin" opening a chat line is a name, "Kafka" opening one not).
    vocabulary.reads.clear()
    model.units(blameless.tokenize("Kafka restarted, then kevin forgot the cache"), vocabulary)
    assert model.units(tokens, vocabulary) == first
    monkeypatch.setattr(model, "READS_KEPT", 3)
    monkeypatch.setattr(model, "KEYS_KEPT", 3)
    vocabulary.reads.clear()
    assert model.units(tokens, vocabulary) == first
    assert len(vocabulary.reads) <= 3
    features = ["w:a", "w:b", "w:c", "w:d", "w:e", "w:a"]
    assert model.keys_of(features) == [model.bucket(f) for f in features]
    assert len(model._KEYS) <= 3
