"""The pre-commit hook offered to other repositories, and this repository's use of it."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from cli_harness import REPOSITORY, Run

from build_tools.schema import schema_text


def load(name: str) -> Any:
    return yaml.safe_load((REPOSITORY / name).read_text(encoding="utf-8"))


def offered() -> dict[str, Any]:
    hooks = load(".pre-commit-hooks.yaml")
    assert [hook["id"] for hook in hooks] == ["sourcetrace-check"]
    hook: dict[str, Any] = hooks[0]
    return hook


def used() -> dict[str, dict[str, Any]]:
    (repo,) = load(".pre-commit-config.yaml")["repos"]
    assert repo["repo"] == "local"
    return {hook["id"]: hook for hook in repo["hooks"]}


def test_the_offered_hook_runs_the_check_on_entries() -> None:
    hook = offered()
    assert hook["entry"] == "sourcetrace check"
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("content/entries/2016/court-hears-appeal.md", True),
        ("entries/2016/x.md", True),
        ("docs/entries/x.md", True),
        ("content/index.md", False),
        ("content/guide.md", False),
        ("content/entries/2016/notes.txt", False),
        ("myentries/x.md", False),
    ],
)
def test_the_hook_sees_entries_and_nothing_else(path: str, matches: bool) -> None:
    assert bool(re.search(offered()["files"], path)) is matches


def test_this_repository_uses_the_offered_hook_from_its_own_checkout() -> None:
    mine = used()["sourcetrace-check"]
    hook = offered()
    assert mine["entry"] == f".venv/bin/{hook['entry']}"
    for key in ("name", "description", "files", "types", "require_serial"):
        assert mine[key] == hook[key], key


def test_the_schema_hook_runs_the_schema_check(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = used()["sourcetrace-schema"]
    assert hook["pass_filenames"] is False
    for path in ("build_tools/fields.py", "build_tools/schema.py", "content/entry.schema.json"):
        assert re.search(hook["files"], path), path
    program, *argv = hook["entry"].split()
    assert program == ".venv/bin/sourcetrace"
    monkeypatch.chdir(REPOSITORY)
    result = run(*argv)
    assert (result.code, result.out) == (0, "content/entry.schema.json is up to date\n")
    assert (REPOSITORY / "content/entry.schema.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("content/entries/2016/harbour.md", True),
        ("tests/fixtures/entries/bad/uncited_claim.md", False),
    ],
)
def test_this_repository_does_not_check_its_bad_fixtures(path: str, checked: bool) -> None:
    hook = used()["sourcetrace-check"]
    selected = bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)
    assert selected is checked
