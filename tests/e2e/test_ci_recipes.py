"""The CI recipes of docs/review.md and the repository's pre-commit hooks, run for real: each
workflow step's commands in bash against a sample team repository, as GitHub Actions runs them,
and each hook's entry on the staged files, as pre-commit runs it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
BIN = Path(sys.executable).parent


def _yaml_after(heading: str) -> Any:
    """The first ```yaml block after ``heading`` in docs/review.md."""
    text = (ROOT / "docs" / "review.md").read_text()
    section = text[text.index(heading) :]
    match = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert match, heading
    return yaml.safe_load(match.group(1))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A team's repository: postmortems/ with the sample team folder (one draft broken)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "team", root / "postmortems")
    return root


def _step(root: Path, script: str, summary: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    # GitHub Actions runs a `run:` step as `bash -e {0}` in the repository's root.
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _runs(job: dict[str, Any]) -> list[tuple[str, str]]:
    steps = []
    for step in job["steps"]:
        if "run" in step and not step["run"].startswith("pip install"):
            steps.append((step.get("name", step["run"]), step["run"]))
    return steps


def test_the_workflow_reviews_a_pull_request(repo: Path, tmp_path: Path) -> None:
    workflow = _yaml_after("### As a CI job (GitHub Actions)")
    review = _runs(workflow["jobs"]["review"])
    assert [name for name, _ in review] == [
        "Checklist and blameless review, on the diff",
        "Drafts in canonical form",
    ]
    summary = tmp_path / "summary.md"
    check = _step(repo, review[0][1], summary)
    assert check.returncode == 2, check.stderr  # the broken draft
    lines = check.stdout.splitlines()
    assert (
        "::error file=postmortems/broken.toml,line=3,title=Draft cannot be read::meta.title:"
        in check.stdout
    )
    assert any(line.startswith("::error file=postmortems/2024-03-01-dns.toml,") for line in lines)
    assert lines[-1] == "5 drafts: 4 incomplete, 1 could not be read"
    fmt = _step(repo, review[1][1], summary)
    assert fmt.returncode == 2  # the broken draft again; the others would be reformatted
    assert "would reformat postmortems/2024-01-10-checkout-db.toml" in fmt.stdout

    # Once the drafts are fixed and complete, both steps pass.
    (repo / "postmortems" / "broken.toml").unlink()
    for draft in (repo / "postmortems").glob("*.toml"):
        draft.unlink()
    done = (FIXTURES / "api-outage.toml").read_text()
    done = done.replace("shared_with = []", 'shared_with = ["eng-all"]\nfollow_up = 2024-02-15')
    (repo / "postmortems" / "2024-01-15-api-outage.toml").write_text(done)
    assert (
        subprocess.run(
            [BIN / "postmortem", "fmt", "postmortems/2024-01-15-api-outage.toml"],
            cwd=repo,
            capture_output=True,
        ).returncode
        == 0
    )
    for name, script in review:
        result = _step(repo, script, summary)
        assert result.returncode == 0, (name, result.stdout, result.stderr)


def test_the_weekly_job_lists_overdue_items(repo: Path, tmp_path: Path) -> None:
    workflow = _yaml_after("### As a CI job (GitHub Actions)")
    assert workflow[True]["schedule"] == [{"cron": "0 9 * * 1"}]  # YAML reads `on:` as True
    ((name, script),) = _runs(workflow["jobs"]["follow-up"])
    assert name == "Overdue action items"
    (repo / "postmortems" / "broken.toml").unlink()
    summary = tmp_path / "summary.md"
    result = _step(repo, script, summary)
    assert result.returncode == 1, result.stderr  # every sample item is long overdue by now
    table = summary.read_text().splitlines()
    assert table[0].startswith("| Due ")
    assert len(table) == 2 + 4  # header, rule and the four open items with a due date
    assert "Alert on pool usage" in summary.read_text()


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return {hook["id"]: hook for hook in hooks}


def test_the_pre_commit_config_names_the_shipped_hooks() -> None:
    config = _yaml_after("### As a pre-commit hook")
    (entry,) = config["repos"]
    assert [hook["id"] for hook in entry["hooks"]] == ["postmortem-check", "postmortem-fmt"]
    assert set(_hooks()) == {"postmortem-check", "postmortem-fmt"}


def _staged(root: Path, hook: dict[str, Any], files_pattern: str) -> list[str]:
    """The files pre-commit hands a hook: those matching both patterns, not excluded."""
    names = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    exclude = re.compile(hook.get("exclude", "^$"))
    return [
        n
        for n in names
        if re.search(hook["files"], n) and re.search(files_pattern, n) and not exclude.search(n)
    ]


def test_the_hooks_run_on_staged_drafts(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "not a draft"\n')
    hooks = _hooks()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert "pyproject.toml" not in _staged(repo, hook, "")

    def run(hook_id: str, files_pattern: str = "^postmortems/") -> subprocess.CompletedProcess[str]:
        hook = hooks[hook_id]
        files = _staged(repo, hook, files_pattern)
        assert files
        return subprocess.run(
            [*hook["entry"].split(), *hook.get("args", []), *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run("postmortem-check").returncode == 2  # broken.toml
    assert run("postmortem-check", r"checkout-db").returncode == 1  # incomplete
    fmt = run("postmortem-fmt", r"checkout-db")
    assert fmt.returncode == 1
    assert fmt.stdout == "would reformat postmortems/2024-01-10-checkout-db.toml\n"
    subprocess.run(
        [BIN / "postmortem", "fmt", "postmortems/2024-01-10-checkout-db.toml"],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    assert run("postmortem-fmt", r"checkout-db").returncode == 0
