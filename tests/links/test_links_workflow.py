"""The nightly source-link workflow: when it runs, what it runs, and that it keeps the state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "links.yml"


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_runs_nightly_and_on_demand_never_on_pull_requests() -> None:
    triggers = load()[True]  # YAML 1.1 reads the key 'on' as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert triggers["schedule"] == [{"cron": "17 3 * * *"}]


def test_checks_then_commits_and_uploads_the_state_even_when_links_are_dead() -> None:
    data = load()
    steps = data["jobs"]["external"]["steps"]
    check, commit, upload = steps[-3:]
    assert check["id"] == "check"
    assert check["run"] == (
        '.venv/bin/sourcetrace links --external --format github --summary "$GITHUB_STEP_SUMMARY"'
    )
    assert "steps.check.outcome == 'failure'" in commit["if"]
    assert "git add links-state.json" in commit["run"]
    assert "git push" in commit["run"]
    assert upload["uses"] == "actions/upload-artifact@v6"
    assert upload["with"]["path"] == "links-state.json"
    assert data["permissions"] == {"contents": "write"}
    assert data["concurrency"] == {"group": "source-links", "cancel-in-progress": False}
