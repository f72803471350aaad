"""The wheel ships the package, its templates and the worked example, and nothing else.

Builds a real wheel offline with the build backend installed in this environment (hatchling,
from the ``test`` extra), then runs the command from the unpacked wheel to prove the templates
are found where an installed copy looks for them. Takes a few seconds.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from postmortem_tui import __version__

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None,
    reason="the build backend hatchling is not installed (pip install -e '.[test]')",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--disable-pip-version-check",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("postmortem_tui-*.whl")
    return built


def test_wheel_holds_templates_and_example(wheel: Path) -> None:
    assert wheel.name == f"postmortem_tui-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "postmortem_tui/__init__.py",
        "postmortem_tui/cli.py",
        "postmortem_tui/core/store.py",
        "postmortem_tui/templates/default.md.j2",
        "postmortem_tui/templates/detailed.md.j2",
        "postmortem_tui/data/api-outage.toml",
        "postmortem_tui/review/rulebook.toml",
        "postmortem_tui/review/blame-model.json",
    ):
        assert required in names, f"{required} missing from {wheel.name}"
    assert not any(n.startswith(("tests/", "templates/", "docs/")) for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_wheel_metadata(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"postmortem_tui-{__version__}.dist-info"
    entry_points = configparser.ConfigParser()
    entry_points.read_string(archive.read(f"{info}/entry_points.txt").decode())
    assert entry_points["console_scripts"]["postmortem"] == "postmortem_tui.cli:main"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert "Requires-Python: >=3.11" in metadata
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    required = {
        re.split(r"[<>=!~ ;\[]", line.removeprefix("Requires-Dist: "))[0].lower()
        for line in metadata.splitlines()
        if line.startswith("Requires-Dist: ") and "extra ==" not in line
    }
    declared = {re.split(r"[<>=!~ ;\[]", d)[0].lower() for d in project["dependencies"]}
    assert required == declared
    assert {"textual", "jinja2", "attrs", "tomli-w", "platformdirs", "tzdata"} <= required


def test_unpacked_wheel_finds_its_templates_and_example(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import postmortem_tui, postmortem_tui.core.paths as p\n"
        "print(postmortem_tui.__file__)\nprint(p.package_templates_dir())\n"
        "print(p.example_draft())\n"
    )
    # cwd: python puts the working directory first on sys.path; not the source checkout
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    package, templates, example = (Path(line) for line in done.stdout.splitlines())
    assert package.is_relative_to(site), "the unpacked wheel, not the source tree, was imported"
    assert templates == site / "postmortem_tui" / "templates"
    assert (templates / "default.md.j2").is_file()
    assert example.is_file() and example.is_relative_to(site)

    check = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "fmt", "--check", str(example)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert check.returncode in (0, 1), check.stderr  # readable: canonical or not

    exported = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "export", str(example)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("# ")
    assert "API Outage" in exported.stdout
