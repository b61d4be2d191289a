"""Reading .authors.yml: the ids the checker accepts and the names readers see."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.content import read_authors
from build_tools.errors import FatalError


def test_authors_map_ids_to_names_and_fall_back_to_the_id(tmp_path: Path) -> None:
    (tmp_path / ".authors.yml").write_text(
        "authors:\n  desk:\n    name: Night desk\n  ana:\n    description: no name\n  7: {}\n",
        encoding="utf-8",
    )
    assert read_authors(tmp_path) == {"desk": "Night desk", "ana": "ana", "7": "7"}


def test_no_authors_file_means_no_author_list(tmp_path: Path) -> None:
    assert read_authors(tmp_path) is None
    assert read_authors(None) is None


def test_authors_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / ".authors.yml").write_text("authors: [desk]\n", encoding="utf-8")
    with pytest.raises(FatalError, match=r"expected a mapping 'authors:' of author ids$"):
        read_authors(tmp_path)
