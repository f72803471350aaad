"""The blameless engine and its rulebook: the forms of blame it reads, and a team's additions."""

from __future__ import annotations

import pytest

from postmortem_tui import review
from postmortem_tui.core import config
from postmortem_tui.core.model import Author, Draft, Point
from postmortem_tui.review import blameless, rulebook


def found(sentence: str, names: tuple[str, ...] = (), team: config.Config | None = None) -> list:
    """The findings of one sentence, as a What Went Wrong item of a draft by ``names``."""
    draft = Draft.new("t", authors=[Author(n) for n in names])
    draft.went_wrong = [Point(title="What went wrong", detail=sentence)]
    return review.findings(draft, team or config.Config())


@pytest.mark.parametrize(
    ("sentence", "rule", "match"),
    [
        # A person as the agent of a passive.
        (
            "The alert was ignored by the on-call for forty minutes.",
            "people_subject",
            "was ignored",
        ),
        # A subject separated from its verb by an aside or a relative clause.
        ("Ravi, in a hurry to leave, forgot to re-enable the alerts.", "named_subject", "forgot"),
        (
            "The engineer, who had been up all night, skipped the smoke tests.",
            "people_subject",
            "skipped",
        ),
        (
            "The person responsible for the rollout never verified the canary.",
            "people_subject",
            "never verified",
        ),
        # Counterfactuals with a role.
        (
            "If the DBA had checked the replication lag, we would not have lost data.",
            "hindsight",
            "If the DBA had checked",
        ),
        (
            "Had the on-call engineer escalated, the outage would have been shorter.",
            "hindsight",
            "Had the on-call engineer escalated",
        ),
        # A possessive with an error word, of a name the draft never mentions.
        (
            "It was Kevin's mistake that took down checkout.",
            "blame_phrase",
            "It was Kevin's mistake that",
        ),
        # "they" resolved to the group named before it.
        (
            "The DBA team was asked twice and they ignored both requests.",
            "people_subject",
            "ignored",
        ),
        # Lower-case handles and names the draft never mentions.
        ("kevin forgot to renew the certificate.", "named_subject", "forgot"),
        ("@jdoe skipped the canary and went straight to all regions.", "named_subject", "skipped"),
        ("Ravi ignored the alerts in the channel.", "named_subject", "ignored"),
        # Roles and groups.
        ("QA skipped the regression suite.", "people_subject", "skipped"),
        (
            "The frontend folks pushed a broken build on Friday.",
            "people_subject",
            "pushed a broken",
        ),
        # Euphemisms, "we" blaming a group, sarcasm.
        (
            "The on-call was not as careful as expected with the failover.",
            "people_subject",
            "was not as careful as",
        ),
        (
            "We were blocked for hours because the security team sat on the approval.",
            "people_subject",
            "sat on the approval",
        ),
        ("Great job, ops.", "blame_phrase", "Great job, ops."),
        (
            "Apparently reading the runbook is optional now.",
            "blame_phrase",
            "Apparently reading the runbook is optional",
        ),
    ],
)
def test_forms_of_blame(sentence: str, rule: str, match: str) -> None:
    (finding,) = found(sentence)
    assert (finding.rule, finding.match) == (rule, match)


@pytest.mark.parametrize(
    "sentence",
    [
        # An idiom is about people only when a person is its subject.
        "The failover logic didn't bother checking replica lag.",
        "The retry loop dropped the ball on the Retry-After header.",
        # A system as the agent, the subject, or the person in a counterfactual.
        "The alert was ignored by the routing rules because its severity label was missing.",
        "If the cache had been warm, the database would have absorbed the load.",
        "The replicas fell behind because they ignored the throttling signal.",
        "Envoy ignored the retry budget because the header was malformed.",
        # Denied, quoted, or written about.
        "It was not Kevin's fault: the console showed both clusters with the same name.",
        'The old report called this "operator error", a conclusion we no longer accept.',
        "It would be easy to say the on-call should have escalated sooner, but nothing paged.",
        # Sincere praise and thanks, a mitigation, a published-style account.
        "Nice work, everyone, on keeping the status page current.",
        "Thanks to the on-call's quick rollback, customers saw errors for only six minutes.",
        "Sam disabled the feature flag at 14:10, which stopped the errors.",
        "We should have detected the replication lag much earlier.",
        "The responders did not know that the replica was lagging.",
        "Nobody noticed the drift because no alert covered it.",
    ],
)
def test_what_is_not_blame(sentence: str) -> None:
    assert found(sentence) == []


def test_suggestions_reshape_the_sentence_around_what_happened() -> None:
    (finding,) = found("Tom forgot to renew the certificate before it expired.", ("Tom",))
    assert 'e.g. "The certificate was not renewed ..."' in finding.suggestion
    (finding,) = found("Kevin ignored the alerts in the channel.")
    assert '"The alerts were not acted on ..."' in finding.suggestion
    (finding,) = found("The alert was ignored by the on-call for forty minutes.")
    assert '"The alert was not acted on ..."' in finding.suggestion
    # Where the object cannot be found, the rulebook's advice alone.
    (finding,) = found("Tom forgot it.", ("Tom",))
    assert "Reshape" not in finding.suggestion
    assert finding.suggestion.startswith("Leave the person's name out. Describe the step")
    # Nor around words that are no thing: "without asking anyone" is not "The asking anyone".
    (finding,) = found("Marcus Webb merged the change without asking anyone.", ("Marcus Webb",))
    assert "asking anyone was" not in finding.suggestion and "Reshape" not in finding.suggestion


def test_the_rulebook_is_compiled_once_per_configuration() -> None:
    rulebook.compiled.cache_clear()
    first = rulebook.compiled(config.ReviewConfig())
    assert rulebook.compiled(config.ReviewConfig()) is first
    assert rulebook.compiled.cache_info().misses == 1
    team = config.ReviewConfig(roles=("tiger team",))
    assert rulebook.compiled(team) is not first
    assert "tiger team" in rulebook.compiled(team).word_set("roles")


def test_every_rule_of_the_rulebook_has_its_advice_and_known_subjects() -> None:
    book = rulebook.compiled()
    assert len(book.rules) > 30
    for rule in book.rules:
        assert rule.rule in blameless.RULES
        assert rule.advice and rule.phrases
        assert rule.subjects is None or rule.subjects <= set(config.SUBJECTS)
        for phrase in rule.phrases:
            for element in phrase:
                # A class that does not exist would never match: a typo in the rulebook.
                assert element.kind != "class" or element.name in book.classes, element


def test_phrase_language() -> None:
    tokens = blameless.tokenize("Kevin's   team didn't even bother, again")
    book = rulebook.compiled()
    assert book.match(rulebook.parse_phrase("<'s> team <neg> even? bother*"), tokens, 0) == (
        5,
        None,
    )
    assert book.match(rulebook.parse_phrase("{who} team"), tokens, 0) == (2, (0, 1))
    assert book.match(rulebook.parse_phrase("_ team ,"), tokens, 0) is None


def test_a_teams_roles_products_and_rules() -> None:
    path = config.paths.config_file()
    path.write_text(
        """
[review]
roles = ["wolfpack"]
products = ["Hermes"]
rules = [
  { phrases = ["went dark"], suggestion = "Say what the escalation path lacked." },
  { phrases = ["was voluntold"], subjects = [] },
]
""",
        encoding="utf-8",
    )
    team = config.load_config()
    assert team.review.rules[0].subjects == config.PEOPLE
    assert team.review.rules[1].subjects is None
    # A group of the team's own, as the subject of a failure.
    assert [f.rule for f in found("The wolfpack skipped the canary.", team=team)] == [
        "people_subject"
    ]
    assert found("The wolfpack skipped the canary.") == []
    # A product of the team's own is a system, even for an alert only people are given.
    assert [f.rule for f in found("Hermes ignored the alert.")] == ["named_subject"]
    assert found("Hermes ignored the alert.", team=team) == []
    # A team rule is flagged for people, with its suggestion, and not for systems.
    (finding,) = found("The on-call went dark for an hour.", team=team)
    assert (finding.rule, finding.suggestion) == (
        "team_phrase",
        "Say what the escalation path lacked.",
    )
    assert found("The dashboard went dark for an hour.", team=team) == []
    (finding,) = found("The dashboard was voluntold to page.", team=team)
    assert finding.rule == "team_phrase"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[review]\nrules = ['x']\n", "review.rules[0]: expected a table"),
        ("[review]\nrules = [{ phrase = 'x' }]\n", "review.rules[0].phrase: unknown key"),
        ("[review]\nrules = [{ phrases = [] }]\n", "review.rules[0].phrases: expected at least"),
        (
            "[review]\nrules = [{ phrases = ['x'], subjects = ['robot'] }]\n",
            "review.rules[0].subjects: unknown subject 'robot'",
        ),
        ("[review]\nroles = 'qa'\n", "review.roles: expected a list"),
    ],
)
def test_bad_team_rules_are_refused_with_the_key(text: str, message: str) -> None:
    path = config.paths.config_file()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as error:
        config.load_config()
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_scanning_is_linear_in_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Text built to make a backtracking matcher explode: long runs of the words that start
    # and continue phrases. The matching work is counted, not timed.
    calls = 0
    original = rulebook.Rulebook._ends

    def counting(self: rulebook.Rulebook, *args: object) -> object:
        nonlocal calls
        calls += 1
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(rulebook.Rulebook, "_ends", counting)
    matcher = blameless.Matcher(blameless.Names())
    counts = []
    for size in (50, 500):
        calls = 0
        matcher.scan(" ".join(["the team was not as careful as the on-call, and"] * size))
        counts.append(calls)
    assert counts[0] > 0
    assert counts[1] <= counts[0] * 11
