"""The user's configuration file: a team's own blame phrases, allowed words, severity scale and
the sections every new draft starts with.

The file is TOML at ``paths.config_file()`` (``$POSTMORTEM_CONFIG`` in tests and CI). Every
table is optional; a missing file means the defaults::

    [review]
    # Phrases the team wants flagged, as strings or as tables with a suggested rewording.
    blame_phrases = [
      "went rogue",
      { phrase = "cowboy deploy", suggestion = "Say which safeguard the deploy bypassed." },
    ]
    # Words and phrases never flagged (a service called "Blame", a "fault injection" drill).
    allowed_words = ["fault injection", "Jenkins"]
    # More people to watch for as the subject of a failure, besides authors, owners and the
    # people the timeline names.
    names = ["Alex"]
    # Words for people and groups of them, besides the rulebook's ("the tiger team", "SWAT").
    roles = ["tiger team", "swat"]
    # Products and systems written like names, never taken for a person.
    products = ["Hermes", "Atlas"]
    # Rules of your own, in the rulebook's phrase language (docs/review.md), flagged when a
    # person, a role or a team is the subject unless `subjects` says otherwise.
    rules = [
      { phrases = ["went dark", "ghosted"], suggestion = "Say what the escalation path lacked." },
      { phrases = ["was voluntold"], subjects = [] },
    ]

    [severities]
    SEV1 = "Critical"
    SEV2 = "Major"
    SEV3 = "Minor"

    [export]
    # How long a template may render, in seconds, and how many characters it may write.
    time_limit = 10
    output_limit = 67108864

    [drafts]
    # The largest draft file read, in bytes (16 MiB).
    size_limit = 16777216

    [import]
    # The Slack reaction that marks a message for the timeline (``postmortem import --pinned``).
    marker_reaction = "pushpin"

    # Sections every new draft starts with, in this order (see the draft format's [[sections]]):
    # a title, the section they follow (default "appendix"), and text to start from.
    [[sections]]
    title = "Background"
    after = "summary"
    text = "What a reader needs to know about the systems involved."

    [[sections]]
    title = "Customer communication"
    after = "timeline"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import attrs

from . import model, paths
from .files import DEFAULT_SIZE_LIMIT
from .model import DEFAULT_SEVERITIES


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str()`` is the one message to show."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@attrs.frozen
class BlamePhrase:
    """A phrase a team wants flagged, with its own suggested rewording when it has one."""

    phrase: str
    suggestion: str | None = None


SUBJECTS: tuple[str, ...] = ("name", "person", "role", "we", "agentless", "proper")
"""The subjects a rule may require (the rulebook's words for them)."""
PEOPLE: tuple[str, ...] = ("name", "person", "role", "agentless", "proper")
"""A team rule's subjects unless it says otherwise: anyone but a system (or "we")."""


@attrs.frozen
class TeamRule:
    """A rule of the team's own: phrases in the rulebook's phrase language."""

    phrases: tuple[str, ...]
    subjects: tuple[str, ...] | None = PEOPLE
    """Who must be the subject for a phrase to be a finding; None (``[]``) means anyone."""
    suggestion: str | None = None


@attrs.frozen
class ReviewConfig:
    """The ``[review]`` table: what the blameless review also flags, and what it never flags."""

    blame_phrases: tuple[BlamePhrase, ...] = ()
    allowed_words: tuple[str, ...] = ()
    """Words and phrases never flagged; an allowed name is not treated as a person."""
    names: tuple[str, ...] = ()
    """Extra people whose names are watched for as the subject of a failure."""
    roles: tuple[str, ...] = ()
    """Extra words for people and groups of them ("tiger team")."""
    products: tuple[str, ...] = ()
    """Names of products and systems, never taken for a person."""
    rules: tuple[TeamRule, ...] = ()
    """The team's own rules, added to the built-in rulebook."""


DEFAULT_TIME_LIMIT = 10.0
"""Seconds a template may take to render (``[export] time_limit``)."""
DEFAULT_OUTPUT_LIMIT = 64 * 1024 * 1024
"""Characters a rendered document may hold (``[export] output_limit``)."""


@attrs.frozen
class ExportConfig:
    """The ``[export]`` table: the limits a template renders within."""

    time_limit: float = DEFAULT_TIME_LIMIT
    output_limit: int = DEFAULT_OUTPUT_LIMIT


@attrs.frozen
class DraftsConfig:
    """The ``[drafts]`` table: the limits drafts are read within."""

    size_limit: int = DEFAULT_SIZE_LIMIT


@attrs.frozen
class StartingSection:
    """A section every new draft starts with: its title, where it goes, text to start from."""

    title: str
    after: str = "appendix"
    text: str | None = None

    def section(self) -> model.Section:
        """A fresh draft section from this one."""
        return model.Section(title=self.title, text=self.text, after=self.after)


@attrs.frozen
class Config:
    """The whole user configuration."""

    review: ReviewConfig = attrs.field(factory=ReviewConfig)
    severities: dict[str, str] | None = None
    """The team's severity scale (key -> name), or None for the default P1 .. P5 scale."""
    path: Path | None = None
    """The file it was read from, None when there was none."""
    export: ExportConfig = attrs.field(factory=ExportConfig)
    drafts: DraftsConfig = attrs.field(factory=DraftsConfig)
    marker_reaction: str = "pushpin"
    """The Slack reaction (without colons) that marks a message for the timeline."""
    sections: tuple[StartingSection, ...] = ()
    """The team's own sections every new draft starts with, in order."""


def _strings(value: Any, where: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _phrases(value: Any, path: Path) -> tuple[BlamePhrase, ...]:
    where = "review.blame_phrases"
    if not isinstance(value, list):
        raise ConfigError(path, f"{where}: expected a list of strings or tables")
    phrases: list[BlamePhrase] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            phrases.append(BlamePhrase(item.strip()))
        elif (
            isinstance(item, dict)
            and isinstance(item.get("phrase"), str)
            and item["phrase"].strip()
        ):
            suggestion = item.get("suggestion")
            if suggestion is not None and not isinstance(suggestion, str):
                raise ConfigError(path, f"{where}[{i}].suggestion: expected a string")
            phrases.append(BlamePhrase(item["phrase"].strip(), suggestion))
        else:
            raise ConfigError(
                path, f'{where}[{i}]: expected a string or a table like {{ phrase = "..." }}'
            )
    return tuple(phrases)


def _rules(value: Any, path: Path) -> tuple[TeamRule, ...]:
    where = "review.rules"
    if not isinstance(value, list):
        raise ConfigError(path, f"{where}: expected a list of tables like {{ phrases = [...] }}")
    rules: list[TeamRule] = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(path, f"{here}: expected a table like {{ phrases = [...] }}")
        _no_unknown(item, ("phrases", "subjects", "suggestion"), f"{here}.", path)
        phrases = _strings(item.get("phrases"), f"{here}.phrases", path)
        if not phrases:
            raise ConfigError(path, f"{here}.phrases: expected at least one phrase")
        subjects: tuple[str, ...] | None = PEOPLE
        if "subjects" in item:
            raw = item["subjects"]
            subjects = _strings(raw, f"{here}.subjects", path) if raw else None
            for subject in subjects or ():
                if subject not in SUBJECTS:
                    raise ConfigError(
                        path,
                        f"{here}.subjects: unknown subject {subject!r}; expected some of "
                        + ", ".join(SUBJECTS),
                    )
        suggestion = item.get("suggestion")
        if suggestion is not None and not isinstance(suggestion, str):
            raise ConfigError(path, f"{here}.suggestion: expected a string")
        rules.append(TeamRule(phrases, subjects, suggestion))
    return tuple(rules)


def _sections(value: Any, path: Path) -> tuple[StartingSection, ...]:
    if not isinstance(value, list):
        raise ConfigError(path, "sections: expected a list of tables, written [[sections]]")
    found: list[StartingSection] = []
    for i, item in enumerate(value):
        where = f"sections[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(path, f"{where}: expected a table, written [[sections]]")
        _no_unknown(item, _SECTION_KEYS, f"{where}.", path)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(path, f"{where}.title: expected a non-empty string")
        after = item.get("after", "appendix")
        if after not in model.SECTION_PLACES:
            places = ", ".join(f'"{p}"' for p in model.SECTION_PLACES)
            raise ConfigError(path, f"{where}.after: expected one of {places}, got {after!r}")
        text = item.get("text")
        if text is not None and not isinstance(text, str):
            raise ConfigError(path, f"{where}.text: expected a string")
        found.append(StartingSection(title.strip(), after, text or None))
    return tuple(found)


_TABLES = ("review", "severities", "export", "drafts", "import", "sections")
_IMPORT_KEYS = ("marker_reaction",)
_SECTION_KEYS = ("title", "after", "text")
_REVIEW_KEYS = ("blame_phrases", "allowed_words", "names", "roles", "products", "rules")
_EXPORT_KEYS = ("time_limit", "output_limit")
_DRAFTS_KEYS = ("size_limit",)


def _table(data: dict[str, Any], name: str, known: tuple[str, ...], path: Path) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(path, f"{name}: expected a table")
    _no_unknown(table, known, f"{name}.", path)
    return table


def _positive(table: dict[str, Any], key: str, where: str, default: Any, path: Path) -> Any:
    value: Any = table.get(key, default)
    whole = isinstance(default, int)
    number = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not number or value <= 0:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(path, f"{where}.{key}: expected {kind} above 0, got {value!r}")
    return value


def _no_unknown(keys: Any, known: tuple[str, ...], where: str, path: Path) -> None:
    # A misspelt table or key would otherwise switch a team's rules off without a word.
    for key in keys:
        if key not in known:
            expected = ", ".join(f"{where}{k}" for k in known)
            raise ConfigError(path, f"{where}{key}: unknown key; expected one of {expected}")


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """A Config from what ``tomllib`` read; raises ConfigError naming the key."""
    _no_unknown(data, _TABLES, "", path)
    review = data.get("review", {})
    if not isinstance(review, dict):
        raise ConfigError(path, "review: expected a table")
    _no_unknown(review, _REVIEW_KEYS, "review.", path)
    review_config = ReviewConfig(
        blame_phrases=_phrases(review.get("blame_phrases", []), path),
        allowed_words=_strings(review.get("allowed_words", []), "review.allowed_words", path),
        names=_strings(review.get("names", []), "review.names", path),
        roles=_strings(review.get("roles", []), "review.roles", path),
        products=_strings(review.get("products", []), "review.products", path),
        rules=_rules(review.get("rules", []), path),
    )
    severities = data.get("severities")
    if severities is not None:
        if not isinstance(severities, dict) or not severities:
            raise ConfigError(path, 'severities: expected a table of KEY = "name"')
        for key, name in severities.items():
            if not isinstance(name, str):
                raise ConfigError(path, f"severities.{key}: expected a string")
    imports = _table(data, "import", _IMPORT_KEYS, path)
    marker = imports.get("marker_reaction", "pushpin")
    if not isinstance(marker, str) or not marker.strip(":").strip():
        raise ConfigError(path, 'import.marker_reaction: expected a reaction name like "pushpin"')
    export = _table(data, "export", _EXPORT_KEYS, path)
    export_config = ExportConfig(
        time_limit=float(_positive(export, "time_limit", "export", DEFAULT_TIME_LIMIT, path)),
        output_limit=_positive(export, "output_limit", "export", DEFAULT_OUTPUT_LIMIT, path),
    )
    drafts = _table(data, "drafts", _DRAFTS_KEYS, path)
    drafts_config = DraftsConfig(
        size_limit=_positive(drafts, "size_limit", "drafts", DEFAULT_SIZE_LIMIT, path)
    )
    return Config(
        review_config,
        dict(severities) if severities else None,
        path,
        export=export_config,
        drafts=drafts_config,
        marker_reaction=marker.strip().strip(":"),
        sections=_sections(data.get("sections", []), path),
    )


_CONFIG_SIZE_LIMIT = 1024 * 1024  # a configuration file is a few lines


def load_config(path: Path | str | None = None) -> Config:
    """The user's configuration (``paths.config_file()`` unless given); defaults when absent."""
    from .files import DraftError, read_file_bytes

    path = Path(path) if path is not None else paths.config_file()
    if not os.path.lexists(path):
        return Config()
    try:
        # The store's reading: a FIFO, a device or a folder is refused at once, never waited on.
        text = read_file_bytes(path, _CONFIG_SIZE_LIMIT).decode("utf-8")
    except DraftError as error:
        message = error.message.replace("a draft file", "a configuration file")
        raise ConfigError(path, message) from None
    except UnicodeDecodeError as error:
        raise ConfigError(path, f"cannot be read: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}") from None
    return parse_config(data, path)


def severity_scale(config: Config | None = None) -> dict[str, str]:
    """The severity scale to offer and render: the team's own, else the default P1 .. P5."""
    if config is None:
        try:
            config = load_config()
        except ConfigError:
            # A broken config must not stop anyone writing a postmortem; check reports it.
            return dict(DEFAULT_SEVERITIES)
    return dict(config.severities) if config.severities else dict(DEFAULT_SEVERITIES)


def starting_sections(config: Config | None = None) -> list[model.Section]:
    """Fresh copies of the sections a new draft starts with (none when the file is unusable)."""
    if config is None:
        try:
            config = load_config()
        except ConfigError:
            # A broken config must not stop anyone writing a postmortem; check reports it.
            return []
    return [start.section() for start in config.sections]


def new_draft(title: str, *, config: Config | None = None, **meta: Any) -> model.Draft:
    """A new draft: the title, the ``Meta`` fields given, and the team's starting sections."""
    draft = model.Draft.new(title, **meta)
    draft.sections = starting_sections(config)
    return draft
