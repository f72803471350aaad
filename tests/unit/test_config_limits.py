"""The ``[export]`` and ``[drafts]`` limits of the configuration file."""

from __future__ import annotations

from pathlib import Path

import pytest

from postmortem_tui.core import config


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "limits.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_the_tables_are_missing(tmp_path: Path) -> None:
    loaded = config.load_config(_write(tmp_path, ""))
    assert loaded.export.time_limit == config.DEFAULT_TIME_LIMIT == 10
    assert loaded.export.output_limit == config.DEFAULT_OUTPUT_LIMIT
    assert loaded.drafts.size_limit == config.DEFAULT_SIZE_LIMIT == 16 * 1024 * 1024


def test_limits_are_read(tmp_path: Path) -> None:
    text = "[export]\ntime_limit = 2.5\noutput_limit = 1000\n[drafts]\nsize_limit = 4096\n"
    loaded = config.load_config(_write(tmp_path, text))
    assert loaded.export == config.ExportConfig(2.5, 1000)
    assert loaded.drafts == config.DraftsConfig(4096)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[export]\ntime_limit = 0\n", "export.time_limit: expected a number above 0, got 0"),
        ("[export]\ntime_limit = 'x'\n", "export.time_limit: expected a number above 0"),
        ("[export]\noutput_limit = 1.5\n", "export.output_limit: expected a whole number above"),
        ("[drafts]\nsize_limit = true\n", "drafts.size_limit: expected a whole number above 0"),
        ("[drafts]\nsize = 1\n", "drafts.size: unknown key; expected one of drafts.size_limit"),
        ("export = 1\n", "export: expected a table"),
    ],
)
def test_a_bad_limit_is_named(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(config.ConfigError) as info:
        config.load_config(_write(tmp_path, text))
    assert message in str(info.value)


def test_a_fifo_as_the_configuration_is_refused_at_once(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    with pytest.raises(config.ConfigError) as info:
        config.load_config(fifo)  # a plain open would wait for a writer for ever
    assert str(info.value) == f"{fifo}: is a named pipe (FIFO), not a configuration file"


def test_a_missing_configuration_is_the_defaults(tmp_path: Path) -> None:
    assert config.load_config(tmp_path / "none.toml") == config.Config()
