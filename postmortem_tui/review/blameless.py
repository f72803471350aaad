"""Blameless-language findings: blame phrases, and people named as the subject of a failure.

The guidelines say: focus on systems and processes, not people. This module reads the narrative
sections (summary, impact description, root cause, factors, what went wrong, where we got lucky,
lessons) and flags wording that puts a person where a system belongs. The timeline is not read
for findings: it records who did what, and "Jane acknowledges" is a fact, not blame. It is read
for names, so that "Jane forgot to ..." in a narrative section is caught.

Precision matters as much as recall, so most rules look at the subject of the verb:

- judgement words ("careless", "sloppy"), "human error" and blame idioms ("dropped the ball",
  "X's fault") are flagged wherever they appear;
- hindsight ("should have") and person-only verbs ("forgot", "neglected") are flagged unless a
  system is the subject: "the alert should have fired at 80%" describes the system;
- failure verbs ("failed to", "ignored", "skipped", "broke") are flagged when a person, a role,
  a team or "we" is the subject: "the health check failed to detect it" is about the system;
- mild verbs ("missed", "didn't notice", "introduced") are flagged only when a named person (or
  he, she, I, you) is the subject: "Reviewer didn't spot missing release()" describes a gap in
  the review process, "Tom didn't spot it" is about Tom.

Patterns are compiled once at import; a draft's names are kept in a set, so reviewing a draft
with thousands of timeline events costs one cheap pass over the timeline.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Iterator

import attrs

from ..core.config import BlamePhrase, ReviewConfig
from ..core.model import Draft

# --- rules and their suggestions ------------------------------------------------------------

RULES: dict[str, str] = {
    "blame_phrase": "Explicit blame or a blame idiom (blame, fault, dropped the ball, screwed up).",
    "judgement": "A word that judges a person's character or care (careless, sloppy, lazy).",
    "human_error": '"Human error" and its kin: they end the inquiry where it should start.',
    "hindsight": "Hindsight about people (should have, could have avoided, was supposed to).",
    "named_subject": "A person's name as the subject of a failure (Tom forgot, Jane ignored).",
    "people_subject": "A person, role or team as the subject of a failure (the DBA failed to).",
    "team_phrase": "A phrase the team's configuration flags.",
}
"""Every rule id, with what it flags."""

# Suggested rewordings, by verb family; each reads as advice followed by an example.
_ADVICE: dict[str, str] = {
    "blame": (
        "Leave the blame out and say what happened and what let it happen, e.g. "
        '"The deploy tool allowed a config change to reach every region at once."'
    ),
    "idiom": (
        'Replace "{match}" with the gap it hides, e.g. "The handover checklist had no step '
        'for open incidents, so the page went unanswered for 20 minutes."'
    ),
    "fault": (
        "Drop the question of fault; describe the conditions, e.g. "
        '"The migration ran without a dry run because the pipeline did not require one."'
    ),
    "bother": (
        'Say what made the step easy to skip instead of "{match}", e.g. "The runbook listed '
        'the check as optional, and nothing enforced it."'
    ),
    "judgement": (
        '"{match}" judges a person. Describe the conditions instead, e.g. "The change was '
        'reviewed under time pressure and the diff hid the missing release() call."'
    ),
    "human_error": (
        '"{match}" ends the inquiry. Ask what made the action easy to get wrong, e.g. '
        '"The CLI accepted a production target without a confirmation step."'
    ),
    "hindsight": (
        '"{match}" is hindsight. Say what was known at the time and what the system lacked, '
        'e.g. "Nothing in the pipeline checked for open connections before release."'
    ),
    "mistake": (
        "Say what made the slip easy to make and hard to catch, e.g. "
        '"The variables file is not validated, so a wrong region passed plan and apply."'
    ),
    "pressure": (
        "Describe the pressure, not the person, e.g. "
        '"The release was cut at 17:50 to meet a contract date, leaving no time for the canary."'
    ),
    "counterfactual": (
        "A counterfactual about a person is hindsight. Say what was known at the time and what "
        'the system lacked, e.g. "Staging had no copy of the production schema to test against."'
    ),
    "forgot": (
        "Describe the step that depended on someone's memory, e.g. "
        '"The release checklist has no step for rotating the certificate, so it was not done."'
    ),
    "failed": (
        "Say what did not happen and why the process let it slip, e.g. "
        '"The runbook step to drain the node was not run; the runbook did not say when it '
        'applies."'
    ),
    "ignored": (
        "Say why the signal was easy to miss, e.g. "
        '"The alert fired in a channel that carries 40 other alerts a day and was not paged."'
    ),
    "skipped": (
        "Say what allowed the step to be skipped, e.g. "
        '"The pipeline allowed a deploy without a passing load test."'
    ),
    "missed": (
        "Make the signal or the check the subject, e.g. "
        '"The error spike was not visible on the on-call dashboard."'
    ),
    "caused": (
        "Make the change the subject, not its author, e.g. "
        '"The change in v2.3.4 introduced a connection leak."'
    ),
    "without": (
        "Say what the process allowed, e.g. "
        '"The merge queue allowed the change to land without a second review."'
    ),
    "wrong": (
        "Say what made the wrong target easy to pick, e.g. "
        '"The production and staging clusters have near-identical names in the console."'
    ),
    "nobody": (
        "Say what would have surfaced it, e.g. "
        '"No alert covered the queue depth, so the backlog was not visible for 3 hours."'
    ),
    "team_phrase": (
        'This team flags "{match}". Describe the system or process gap instead of the person.'
    ),
}


# --- words ----------------------------------------------------------------------------------

_APOSTROPHE = "['\u2019]"


def _words(text: str) -> frozenset[str]:
    """A word list written as a block of text."""
    return frozenset(text.split())


# Words that may sit between a subject and its verb ("Tom had then simply forgotten").
_SKIP = _words(
    """
    had has have having was were is are be been being did does do just also then simply
    completely apparently again never clearly obviously still already initially later
    subsequently unfortunately repeatedly briefly not n't originally first eventually
    quickly somehow both all even only really actually probably likely evidently
    """
)

_PERSON_PRONOUNS = _words("he she i you someone somebody him her who whoever i'd i've he'd she'd")

# Nouns for people, roles and teams: subjects that make a failure verb about people.
_ROLES = _words(
    """
    we they us engineer engineers developer developers dev devs operator operators reviewer
    reviewers responder responders on-call oncall on-caller admin admins administrator
    administrators sysadmin sysadmins dba dbas sre sres intern interns author authors owner
    owners manager managers lead leads team teams staff person people contractor contractors
    employee employees human humans colleague colleagues ic commander anyone everyone member
    members programmer programmers tester testers analyst analysts approver approvers deployer
    committer maintainer maintainers newcomer hire coworker coworkers teammate teammates
    """
)

# Capitalized words common in timelines that are not people, so never taken for names.
_NOT_NAMES = _words(
    """
    a an the we our it its this that they he she i you all any first second third last next
    alert alerts alarm alarms error errors rollback roll decision identified attempted incident
    postmortem customer customers status support database deploy deployed deployment release
    service services traffic monitoring on team engineering page paged pager escalated
    investigation root fix fixed hotfix patch config change changes restart restarted manual
    automated auto health load latency queue cache disk memory cpu network dns failover primary
    replica cluster node nodes pod pods slack zoom email sev severity users user mitigation
    mitigated resolved resolution recovery recovered emergency internal external east west
    north south new old started starting begins began confirmed noticed observed checked
    verified posted updated opened closed created declared scaled drained disabled enabled
    reverted revert merged pushed ran running backfill cron job build canary stage staging
    production prod region zone api web app mobile cloud monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december today yesterday tomorrow morning evening night noon midnight
    incident commander engineer oncall on-call manager lead sre ops dba qa devops security
    infra infrastructure platform data frontend backend mobile payments billing search
    checkout login auth storage compute core edge gateway proxy nginx redis postgres kafka
    mysql jenkins terraform ansible docker kubernetes grafana prometheus datadog opsgenie
    jira github gitlab aws gcp azure linux windows error-rate timeouts timeout spike
    dashboard dashboards graph graphs metrics metric logs log trace traces request requests
    response responses cpu-bound outage degradation partial full complete completed done
    waiting waited still now then after before during while until since called call calls
    meeting meetings bridge war room channel thread ticket tickets issue issues pr prs
    commit commits branch main master deploys shipped ship"""
)

_WORD = re.compile(r"@?[A-Za-z][\w'\u2019-]*")
_NAME_TOKEN = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def _norm(token: str) -> str:
    """A token as the word lists hold it: lower case, straight apostrophe, no possessive."""
    token = token.lower().replace("\u2019", "'")
    return token[:-2] if token.endswith("'s") else token


# --- subjects -------------------------------------------------------------------------------


class Subject(enum.Enum):
    """Who or what a verb is about."""

    NAME = "name"
    """A named person: an author, an owner, someone the timeline names."""
    PERSON = "person"
    """He, she, I, you, someone: a person without a name."""
    ROLE = "role"
    """A role, a team, or we/they."""
    AGENTLESS = "agentless"
    """No subject at all: "Forgot to renew the certificate"."""
    PROPER = "proper"
    """A capitalised name the draft does not mention ("Bob", "Kafka"): a person or a product."""
    SYSTEM = "system"
    """Anything else: the health check, the deploy, the cache."""


_PEOPLE = frozenset({Subject.NAME, Subject.PERSON, Subject.ROLE, Subject.AGENTLESS})
_ACTORS = frozenset({Subject.NAME, Subject.PERSON, Subject.ROLE})
_NAMED = frozenset({Subject.NAME, Subject.PERSON})
# Only people forget or neglect, so an unknown name ("Bob forgot") counts there; a product
# can fail, skip or ignore ("Envoy ignored the header"), so elsewhere it does not.
_FORGETTERS = _PEOPLE | {Subject.PROPER}
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "our",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "my",
        "your",
        "his",
        "her",
        "every",
        "each",
        "some",
        "any",
        "no",
    }
)

# Where a clause starts: the subject of a verb is looked for after the last of these.
_CLAUSE = re.compile(
    r"[.;:!?()\[\]\"\u201c\u201d\u2014\u2013,]|\s-\s|\n|"
    r"\b(?:and|but|because|so|while|when|after|before|since|although|though|as|if|once|until|"
    r"whereas|however|or)\b",
    re.I,
)
_JOINERS = frozenset({"and", "but", "or", ","})


@attrs.frozen
class Names:
    """The people of one draft, as lower-case token tuples ("jane", "doe")."""

    tuples: frozenset[tuple[str, ...]] = frozenset()

    @classmethod
    def of(cls, names: Iterable[str], allowed: Iterable[str] = ()) -> Names:
        """Names from display strings ("Jane Doe"): the full name and each part of it."""
        blocked = {_norm(a) for a in allowed}
        found: set[tuple[str, ...]] = set()
        for name in names:
            tokens = tuple(_norm(t) for t in _WORD.findall(name))
            if not tokens or " ".join(tokens) in blocked:
                continue
            if len(tokens) > 1 or tokens[0] not in _NOT_NAMES:
                found.add(tokens)
            for token in tokens:
                # Teams named like common words ("Platform", "Payments") are not names.
                if len(token) > 1 and token not in _ROLES | _NOT_NAMES | blocked:
                    found.add((token,))
        return cls(frozenset(found))

    def match_end(self, tokens: list[str]) -> bool:
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


def _classify(tokens: list[str], names: Names) -> Subject | None:
    """The subject class of a clause's words before the verb; None when there are none."""
    words = list(tokens)
    while words and _norm(words[-1]) in _SKIP:
        words.pop()
    if len(words) > 2 and [_norm(w) for w in words[-2:]] == ["on", "call"]:
        words = words[:-2]  # "the SRE on call"
    if not words:
        return None
    lowered = [_norm(w) for w in words]
    if "who" in lowered[1:]:
        # "The engineer who ran the playbook didn't read it": the subject is before "who".
        before = _classify(words[: lowered.index("who", 1)], names)
        if before in _ACTORS:
            return before
    last = lowered[-1]
    if last in ("that", "which") and len(words) > 1:
        if last == "which":
            return Subject.SYSTEM
        return _classify(words[:-1], names) or Subject.SYSTEM
    if names.match_end(words):
        return Subject.NAME
    if last in _PERSON_PRONOUNS:
        return Subject.PERSON
    if last in _ROLES:
        return Subject.ROLE
    # "Tom's change broke the build": a person named in the subject's noun phrase.
    for token in words[-3:]:
        if token.endswith(("'s", "\u2019s")) and names.match_end([token[:-2]]):
            return Subject.NAME
    if len(words) <= 2 and lowered[0] not in _DETERMINERS and all(_is_proper(w) for w in words):
        return Subject.PROPER
    return Subject.SYSTEM


def _is_proper(token: str) -> bool:
    """A word written like a name: a capital, then lower case ("Bob", not "DNS" or "cache")."""
    return bool(_NAME_TOKEN.fullmatch(token))


def _head(tokens: list[str], names: Names) -> Subject:
    """The subject class of a clause from its first words: "the on-call engineer restarted"."""
    for i in range(min(len(tokens), 4)):
        found = _classify(tokens[: i + 1], names)
        if found in _ACTORS or (found is Subject.PROPER and i < 2):
            return found  # type: ignore[return-value]
    return Subject.SYSTEM


def subject_of(text: str, start: int, names: Names) -> Subject:
    """Who or what is the subject of the verb that starts at ``text[start]``."""
    prefix = text[:start]
    boundaries = list(_CLAUSE.finditer(prefix))
    clause_start = boundaries[-1].end() if boundaries else 0
    found = _classify(_WORD.findall(prefix[clause_start:]), names)
    if found is not None:
        return found
    if not boundaries:
        return Subject.AGENTLESS
    # "Tom restarted the pod and forgot to drain it": the subject is the previous clause's.
    joiner = boundaries[-1].group(0).strip().lower()
    if joiner in _JOINERS:
        earlier = boundaries[-2].end() if len(boundaries) > 1 else 0
        tokens = _WORD.findall(prefix[earlier : boundaries[-1].start()])
        if tokens and _norm(tokens[0]) == "who":
            return Subject.PERSON
        head = _head(tokens, names)
        if head is not Subject.SYSTEM:
            return head
        return Subject.SYSTEM if tokens else Subject.AGENTLESS
    return Subject.AGENTLESS


# --- patterns -------------------------------------------------------------------------------

_NOT = rf"(?:didn{_APOSTROPHE}?t|did\s+not|never|wouldn{_APOSTROPHE}?t|would\s+not)\s+(?:even\s+)?"


@attrs.frozen
class _Pattern:
    rule: str
    regex: re.Pattern[str]
    advice: str
    subjects: frozenset[Subject] | None = None
    """Subjects that make a match a finding; None means any."""
    subject_group: str | None = None
    """A group of the match that holds the subject ("if Tom had"), instead of the words before."""


def _p(
    rule: str,
    pattern: str,
    advice: str,
    subjects: frozenset[Subject] | None = None,
    subject_group: str | None = None,
) -> _Pattern:
    return _Pattern(rule, re.compile(pattern, re.I), advice, subjects, subject_group)


_PATTERNS: tuple[_Pattern, ...] = (
    # Flagged wherever they appear.
    _p(
        "blame_phrase",
        # "git blame" is a command, and "blame-free" is the point.
        r"(?<![\w-])(?<!git\s)(?<!`)(?:blam(?:e|ed|es|ing))\b(?![- ](?:free|less|aware|culture))",
        "blame",
    ),
    _p(
        "blame_phrase",
        rf"(?:\bat\s+fault|\b(?:his|her|their|my|your|our)\s+fault|"
        rf"\b(?!(?:nobody|one|anyone|anybody)\b)[A-Za-z]+{_APOSTROPHE}s\s+fault)\b"
        # "our fault injection drills", "fault-tolerant": engineering terms, not blame.
        r"(?![\s-]+(?:injection|toleran\w*|domains?|lines?|codes?|handl\w*|isolation|zones?|"
        r"detection|reports?|trees?|inject\w*))|"
        r"\bfault\s+(?:lies|lay|was|is|rests?|rested)\s+(?:squarely\s+)?with\b|"
        r"\b(?:whose|who's)\s+fault\b|\bfault\s+of\s+(?:the\s+)?(?:on-?call|engineer|developer|"
        r"team|reviewer|operator|person|dba)",
        "fault",
    ),
    _p(
        "blame_phrase",
        rf"\b(?:(?:his|her|their|my|your)|[A-Z][a-z]+{_APOSTROPHE}s)\s+(?:\w+\s+)?"
        r"(?:mistakes?|blunders?|oversights?|screw-?ups?|carelessness|negligence|slip-?ups?)\b",
        "mistake",
    ),
    _p(
        "blame_phrase",
        r"\bdropped\s+the\s+ball\b|\b(?:screw|mess|foul|cock)(?:ed|s|ing)?\s+(?:\w+\s+)?up\b|"
        r"\bscrew-?ups?\b|\bbotch(?:ed|es|ing)?\b|\basleep\s+at\s+the\s+wheel\b|"
        r"\b(?:was|were|fell)\s+asleep\b|\bcaught\s+napping\b|\bwent\s+rogue\b|"
        rf"\bon\s+(?:[A-Za-z]+{_APOSTROPHE}s|his|her|their|your|my)\s+watch\b|"
        r"\brubber[- ]?stamp(?:ed|s|ing)?\b|\bheads?\s+(?:will|should|must)\s+roll\b|"
        r"\bunder\s+the\s+bus\b|\bno\s+excuse\b|"
        r"\b(?:should|ought\s+to)\s+(?:have\s+)?know(?:n)?\s+better\b|\bknew\s+better\b|"
        rf"\b(?:wasn{_APOSTROPHE}?t|weren{_APOSTROPHE}?t|was\s+not|were\s+not|not)\s+paying\s+attention\b",
        "idiom",
    ),
    _p(
        "blame_phrase",
        rf"\b(?:didn{_APOSTROPHE}?t|did\s+not|couldn{_APOSTROPHE}?t|could\s+not|never)\s+"
        r"(?:even\s+)?(?:bother(?:ed)?|be\s+bothered)\b",
        "bother",
    ),
    _p(
        "people_subject",
        r"\b(?:nobody|no[- ]one)\s+(?:\w+\s+)?(?:noticed|checked|looked|read|bothered|caught|"
        r"followed|reviewed|tested|escalated|responded|acknowledged|thought|cared|questioned|"
        r"verified|watched|answered)\b",
        "nobody",
    ),
    _p(
        "judgement",
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|sloppy|sloppi(?:ly|ness)|"
        # "lazy-loaded" and "dumb pipe" are engineering, not judgement.
        r"incompeten(?:t|ce|tly)|lazy(?![- ](?:load\w*|init\w*|eval\w*|import\w*))|"
        r"lazi(?:ly|ness)|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|stupid(?:ity|ly)?|"
        r"dumb(?![- ](?:terminal|pipe)s?)|idiot(?:s|ic)?|clueless|inept(?:itude)?|"
        r"complacen(?:t|ce|cy)|cowboy|rookie\s+(?:mistake|error)|amateur(?:ish)?|"
        r"(?:bad|poor|questionable)\s+judge?ment|lapse\s+(?:of|in)\s+judge?ment|inattentive|"
        r"inattention|lack\s+of\s+(?:care|attention|diligence)|half-?assed)\b",
        "judgement",
    ),
    _p(
        "human_error",
        r"\b(?:human|operator|pilot|engineer|developer|manual|personnel)\s+(?:error|mistake|"
        r"failure|fault|slip)s?\b|\bpebkac\b|\bfat[- ]?finger(?:ed|s|ing)?\b|"
        r"\bmistake\s+(?:by|of|on\s+the\s+part\s+of)\b|\bbrain\s*fart\b",
        "human_error",
    ),
    # Flagged unless a system is the subject.
    _p(
        "hindsight",
        rf"\b(?:(?:should(?:n{_APOSTROPHE}?t|\s+not)?\s+have|should{_APOSTROPHE}ve|"
        r"ought\s+(?:not\s+)?to\s+have)\s+(?:\w+ly\s+)?"
        # A participle follows hindsight ("should have tested"); "we should have a canary
        # stage" is a recommendation.
        r"(?:been|had|done|caught|seen|known|gone|run|read|made|put|set|kept|left|sent|spent|"
        r"built|thought|brought|found|held|told|paid|got|gotten|hit|cut|let|taken|given|written|"
        r"\w+ed|\w+en)\b|"
        r"could\s+(?:easily\s+)?have\s+(?:been\s+)?(?:avoided|prevented|caught|stopped|noticed|"
        r"spotted|known|checked)|was\s+supposed\s+to|were\s+supposed\s+to)\b",
        "hindsight",
        _PEOPLE,
    ),
    _p(
        "hindsight",
        rf"\bif\s+(?:only\s+)?(?P<who>@?[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?)\s+"
        rf"(?:had(?:n{_APOSTROPHE}t|\s+not)?|would\s+have)\b",
        "counterfactual",
        _NAMED,
        subject_group="who",
    ),
    _p(
        "hindsight",
        # "Had Aiko checked the dashboard, ...": the inverted counterfactual.
        r"(?:^|(?<=[.;!?]\s))had\s+(?P<who>@?[\w'\u2019-]+)\s+(?:not\s+)?\w+(?:ed|en|wn)\b",
        "counterfactual",
        _NAMED,
        subject_group="who",
    ),
    _p(
        "people_subject",
        r"\b(?:forg[eo]t(?:s|ten|ting)?|neglect(?:ed|s|ing)?)\b",
        "forgot",
        _FORGETTERS,
    ),
    _p(
        "people_subject",
        r"\bmade\s+(?:a|an|the)\s+(?:\w+\s+)?(?:mistake|error|blunder|slip)\b",
        "mistake",
        _PEOPLE,
    ),
    _p("people_subject", r"\b(?:rushed|panicked)\b", "pressure", _PEOPLE),
    # Flagged when a person, a role or a team is the subject.
    _p("people_subject", r"\b(?:failed|fails|failing)\s+to\b", "failed", _ACTORS),
    _p(
        "people_subject",
        r"\b(?:ignor(?:ed|es|ing)|overlook(?:ed|s|ing)|disregard(?:ed|s|ing))\b",
        "ignored",
        _ACTORS,
    ),
    _p(
        "people_subject",
        r"\b(?:skip(?:ped|s|ping)|cut\s+corners|cutting\s+corners|bypass(?:ed|es|ing))\b",
        "skipped",
        _ACTORS,
    ),
    _p(
        "people_subject",
        r"\b(?:broke|caused|was\s+responsible\s+for\s+(?:the|this)\s+(?:outage|incident|failure|"
        r"breakage|downtime))\b|"
        r"\b(?:pushed|merged|deployed|shipped|committed|wrote)\s+(?:a|an|the)\s+"
        r"(?:bad|broken|buggy|faulty|untested|wrong)\b",
        "caused",
        _ACTORS,
    ),
    _p(
        "people_subject",
        _NOT + r"(?:check|test|verify|validate|follow|read|review|look|escalate|respond|ask|tell|"
        r"communicate|update|run|wait|listen|think|confirm|monitor|page|inform|document|care|"
        r"double[- ]check)\w*\b",
        "failed",
        _ACTORS,
    ),
    _p(
        "people_subject",
        r"\b(?:accidentally|mistakenly|inadvertently|wrongly|blindly|hastily|carelessly)\s+\w+",
        "failed",
        _ACTORS,
    ),
    _p(
        "people_subject",
        r"\b(?:pushed|merged|deployed|shipped|approved|ran|applied|released|committed|"
        r"rolled\s+out)\b[^.;:,\n]{0,60}?\bwithout\b",
        "without",
        _ACTORS,
    ),
    _p(
        "people_subject",
        r"\b(?:picked|chose|selected|used|ran|typed|edited|targeted|restarted|deleted|dropped|"
        r"entered|pointed)\s+(?:\w+\s+){0,3}?(?:the\s+)?wrong\b",
        "wrong",
        _ACTORS,
    ),
    # Flagged only when a named person (or he, she, I, you) is the subject.
    _p(
        "people_subject",
        r"\b(?:introduc(?:ed|es)|delet(?:ed|es))\b",
        "caused",
        _NAMED,
    ),
    _p(
        "people_subject",
        rf"\b(?:miss(?:ed|es)|took\s+too\s+long|"
        rf"(?:was|were)\s+(?:too\s+)?slow\s+to|(?:didn{_APOSTROPHE}?t|did\s+not|never|"
        rf"wasn{_APOSTROPHE}?t|was\s+not)\s+(?:notice|see|spot|catch|realiz|realis|know|aware|"
        r"watch)\w*)\b",
        "missed",
        _NAMED,
    ),
)


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


_NEGATED_BLAME = re.compile(
    r"\b(?:no|not|without|never|n't|avoid|free\s+of)\s+(?:\w+\s+){0,2}$", re.I
)


@functools.lru_cache(maxsize=32)
def _compile_words(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of words or phrases, matched whole and case-insensitively."""
    if not words:
        return None
    parts = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.I)


class Matcher:
    """Finds blame in narrative text, knowing a draft's names and a team's configuration."""

    def __init__(self, names: Names, review_config: ReviewConfig | None = None) -> None:
        config = review_config or ReviewConfig()
        self.names = names
        self._allowed = _compile_words(tuple(config.allowed_words))
        self._phrases: dict[str, BlamePhrase] = {
            " ".join(p.phrase.lower().split()): p for p in config.blame_phrases
        }
        self._team = _compile_words(tuple(p.phrase for p in config.blame_phrases))

    def scan(self, text: str) -> list[Hit]:
        """Every finding in ``text``, in order; overlapping matches give one finding."""
        if not text or not text.strip():
            return []
        allowed = [m.span() for m in self._allowed.finditer(text)] if self._allowed else []
        hits: list[Hit] = []
        for pattern in _PATTERNS:
            for match in pattern.regex.finditer(text):
                if pattern.advice == "blame" and _NEGATED_BLAME.search(text[: match.start()]):
                    continue  # "this review assigns no blame"
                subject = None
                if pattern.subjects is not None:
                    if pattern.subject_group:
                        words = _WORD.findall(match[pattern.subject_group])
                        subject = _classify(words, self.names) or Subject.AGENTLESS
                    else:
                        subject = subject_of(text, match.start(), self.names)
                    if subject not in pattern.subjects:
                        continue
                rule = pattern.rule
                advice = _ADVICE[pattern.advice]
                if rule == "people_subject" and subject in (Subject.NAME, Subject.PROPER):
                    rule = "named_subject"
                    advice = "Leave the person's name out. " + advice
                hits.append(self._hit(rule, match, subject, advice))
        if self._team:
            for match in self._team.finditer(text):
                phrase = self._phrases.get(re.sub(r"\s+", " ", match.group(0).lower()))
                advice = (
                    phrase.suggestion if phrase and phrase.suggestion else _ADVICE["team_phrase"]
                )
                hits.append(self._hit("team_phrase", match, None, advice))
        hits = [h for h in hits if not any(a < h.end and h.start < b for a, b in allowed)]
        return _without_overlaps(hits)

    @staticmethod
    def _hit(rule: str, match: re.Match[str], subject: Subject | None, advice: str) -> Hit:
        return Hit(
            rule,
            match.start(),
            match.end(),
            match.group(0),
            subject,
            advice.format(match=match.group(0)),
        )


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

# "Jane acknowledges", "Tom rolled back": a capitalized word at the start followed by a verb.
_ACTOR = re.compile(
    r"^\s*(?:@(?P<handle>[\w.-]+)|(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))\s+"
    r"(?P<verb>[a-z]+(?:s|ed)|ack(?:s|'d)?|ran|began|took|saw|found|sent|led|made|told|got)\b"
)
# "(Jane)", "paged Jane", "handed off to Tom", "@jane".
_MENTION = re.compile(
    r"\((?P<paren>[A-Z][a-z]+)\)|"
    r"\b(?i:paged|pages|paging|pinged|pings|by|with|asked|asks|escalated\s+to|"
    r"handed\s+(?:off\s+)?to|cc|joined\s+by|from)\s+(?P<after>[A-Z][a-z]+)\b|"
    r"(?<![\w.])@(?P<handle>[A-Za-z][\w.-]+)"
)


def names_in_timeline(draft: Draft) -> set[str]:
    """People the timeline names as actors: "Jane acknowledges", "paged Tom", "(Jane)"."""
    candidates: set[str] = set()
    texts = [e.event for e in draft.timeline]
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
    # A word the draft also uses in lower case is a common word, not a name ("Rollback").
    lower_words = {w for text in _all_text(draft) for w in re.findall(r"\b[a-z][\w-]*\b", text)}
    names = set()
    for candidate in candidates:
        words = candidate.split()
        if candidate.startswith("@") or not any(
            w.lower() in _NOT_NAMES or w.lower() in _ROLES or w.lower() in lower_words
            for w in words
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
