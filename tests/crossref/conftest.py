"""The link tests run `check` where their digest is; each goes back where it started."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _working_directory_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    # monkeypatch.chdir remembers the folder it leaves and returns to it after the test.
    monkeypatch.chdir(Path.cwd())
