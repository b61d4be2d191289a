"""Writing files whole: the old file survives any failure, and no temporary file is left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from build_tools.filing import write_whole


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old\n", encoding="utf-8")
    write_whole(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == []


def test_never_overwrites_when_told_not_to(tmp_path: Path) -> None:
    target = tmp_path / "entry.md"
    target.write_text("the editor's work\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_whole(target, "a fresh template\n", replace=False)
    assert target.read_text(encoding="utf-8") == "the editor's work\n"
    assert _leftovers(tmp_path) == []


def test_creates_a_new_file_with_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "entry.md"
    write_whole(target, "text\n", replace=False)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_keeps_a_given_mode(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    write_whole(target, "{}\n", mode=0o640)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_text_that_cannot_be_written_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old\n", encoding="utf-8")
    # A lone surrogate cannot be encoded as UTF-8: the write fails half-way through.
    with pytest.raises(UnicodeEncodeError):
        write_whole(target, "new " + "\ud800" + "\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_line_endings_are_unix(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    write_whole(target, "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"
