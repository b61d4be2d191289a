"""Pagefind indexing and the constant-time page list, each on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.site.pagefind import SearchIndexError, index_site


def test_index_site_writes_a_bundle_for_marked_pages(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>x</title>"
        "<main data-pagefind-body><h1>Harbour</h1><p>zanzibarite</p></main></html>",
        encoding="utf-8",
    )
    index_site(tmp_path)
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()
    assert list((tmp_path / "pagefind" / "index").iterdir())


def test_index_site_reports_an_empty_site(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError) as failure:
        index_site(tmp_path)
    assert str(failure.value) == (
        f"Pagefind could not index {tmp_path}: Most likely, the directory passed to "
        "Pagefind was empty or did not contain any html files."
    )
