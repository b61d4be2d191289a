from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import Result, Run

from build_tools.cli import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``sourcetrace`` in-process and return its exit status and output."""

    def call(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A digest folder like this repository's: mkdocs.yml, content/, an author; cwd is inside."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test digest\ndocs_dir: content\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / ".authors.yml").write_text("authors:\n  desk:\n    name: The desk\n")
    monkeypatch.chdir(tmp_path)
    yield tmp_path
