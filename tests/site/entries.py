"""The fixture entries, read by the real checker, as the site publishes them."""

from __future__ import annotations

from pathlib import Path

from build_tools.check import check_entry
from build_tools.model import Entry
from build_tools.site.published import PublishedEntry

FIXTURE_ENTRIES = Path(__file__).parent / "fixtures" / "entries"


def entry(relative: str) -> Entry:
    path = FIXTURE_ENTRIES / relative
    checked = check_entry(relative, path.read_bytes(), authors=frozenset({"desk"}))
    assert checked.entry is not None and not checked.errors, checked.diagnostics
    return checked.entry


def published() -> list[PublishedEntry]:
    """Every non-draft fixture entry, with the URL MkDocs gives it."""
    items = []
    for path in sorted(FIXTURE_ENTRIES.rglob("*.md")):
        relative = path.relative_to(FIXTURE_ENTRIES).as_posix()
        found = entry(relative)
        if not found.draft:
            items.append(PublishedEntry(found, f"entries/{relative.removesuffix('.md')}/"))
    return items
