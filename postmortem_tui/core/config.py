"""The user's configuration file: a team's own blame phrases, allowed words and severity scale.

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

    [severities]
    SEV1 = "Critical"
    SEV2 = "Major"
    SEV3 = "Minor"
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from . import paths
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


@attrs.frozen
class ReviewConfig:
    """The ``[review]`` table: what the blameless review also flags, and what it never flags."""

    blame_phrases: tuple[BlamePhrase, ...] = ()
    allowed_words: tuple[str, ...] = ()
    """Words and phrases never flagged; an allowed name is not treated as a person."""
    names: tuple[str, ...] = ()
    """Extra people whose names are watched for as the subject of a failure."""


@attrs.frozen
class Config:
    """The whole user configuration."""

    review: ReviewConfig = attrs.field(factory=ReviewConfig)
    severities: dict[str, str] | None = None
    """The team's severity scale (key -> name), or None for the default P1 .. P5 scale."""
    path: Path | None = None
    """The file it was read from, None when there was none."""


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


_TABLES = ("review", "severities")
_REVIEW_KEYS = ("blame_phrases", "allowed_words", "names")


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
    )
    severities = data.get("severities")
    if severities is not None:
        if not isinstance(severities, dict) or not severities:
            raise ConfigError(path, 'severities: expected a table of KEY = "name"')
        for key, name in severities.items():
            if not isinstance(name, str):
                raise ConfigError(path, f"severities.{key}: expected a string")
    return Config(review_config, dict(severities) if severities else None, path)


def load_config(path: Path | str | None = None) -> Config:
    """The user's configuration (``paths.config_file()`` unless given); defaults when absent."""
    path = Path(path) if path is not None else paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
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
