"""Every place the tool reads or writes, as functions that tests can patch."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "postmortem-tui"


def data_dir() -> Path:
    """The user's data directory for this tool (platformdirs)."""
    import platformdirs  # ~3 ms; only commands that touch files need it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's configuration directory for this tool (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where the tool keeps what it can always rebuild: ``$POSTMORTEM_CACHE``, else the user's
    cache folder (platformdirs)."""
    env = os.environ.get("POSTMORTEM_CACHE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def index_file() -> Path:
    """The index of draft folders (SQLite); deleting it changes no result."""
    return cache_dir() / "index.sqlite3"


def state_dir() -> Path:
    """The user's state directory for this tool: where each draft was last edited."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def drafts_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where drafts live: ``--dir``, else ``$POSTMORTEM_DIR``, else ``<data dir>/drafts``."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get("POSTMORTEM_DIR")
    if env:
        return Path(env).expanduser()
    return data_dir() / "drafts"


def user_templates_dir() -> Path:
    """A folder of the user's own export templates, found by name."""
    env = os.environ.get("POSTMORTEM_TEMPLATES")
    if env:
        return Path(env).expanduser()
    return config_dir() / "templates"


def config_file() -> Path:
    """The user's configuration file (blameless review words, severity scale)."""
    env = os.environ.get("POSTMORTEM_CONFIG")
    if env:
        return Path(env).expanduser()
    return config_dir() / "config.toml"


def package_templates_dir() -> Path:
    """The templates shipped with the package (``templates/`` in the source tree)."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "templates"
    if shipped.is_dir():
        return shipped
    return here.parent / "templates"  # running from a source checkout


def example_draft() -> Path:
    """The bundled worked example, for ``postmortem demo``."""
    return Path(__file__).resolve().parent.parent / "data" / "api-outage.toml"
