"""Tag pages: one generated page per tag, each holding the tags plugin's listing for that tag.

Material's tags plugin renders the listings and links each entry's tag chips to them; it
does not create a page per tag, and its site-wide index would list every entry under every
tag (megabytes at 10,000 entries). So the pages themselves, and a small index of tags with
their counts, are written here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from build_tools.site.markup import inline_text, slug
from build_tools.site.published import PublishedEntry

TAGS_DIR = "tags"
INDEX_PATH = f"{TAGS_DIR}/index.md"


@dataclass(frozen=True, slots=True)
class TagPages:
    """Every tag in use, the page that lists it and how many entries carry it."""

    slugs: Mapping[str, str]
    counts: Mapping[str, int]

    def url(self, tag: str) -> str:
        """Site-relative URL of the page listing ``tag`` (``tags/courts/``)."""
        return f"{TAGS_DIR}/{self.slugs[tag]}/"

    def path(self, tag: str) -> str:
        """Path of the generated Markdown page for ``tag``, relative to the docs dir."""
        return f"{TAGS_DIR}/{self.slugs[tag]}.md"

    def pages(self) -> dict[str, str]:
        """Return every generated page, path to Markdown: the index and one page per tag."""
        pages = {INDEX_PATH: self.index_markdown()}
        for tag in self.slugs:
            pages[self.path(tag)] = tag_page_markdown(tag)
        return pages

    def index_markdown(self) -> str:
        """Markdown of ``tags/index.md``: every tag, alphabetically, with its entry count."""
        lines = ["# Tags", ""]
        if not self.slugs:
            lines.append("No entry has a tag yet.")
        for tag in sorted(self.slugs, key=str.casefold):
            count = self.counts[tag]
            noun = "entry" if count == 1 else "entries"
            lines.append(f"- [{inline_text(tag)}]({self.slugs[tag]}.md) ({count} {noun})")
        return "\n".join(lines) + "\n"


def tag_pages(published: Sequence[PublishedEntry]) -> TagPages:
    """Collect the tags of ``published`` and give each a unique page slug.

    Two tags can slugify alike ("Court cases", "court-cases") or to nothing ("!!"); the
    later one in sorted order gets a numeric suffix, so every tag keeps its own page.
    """
    counts = Counter(tag for p in published for tag in dict.fromkeys(p.entry.tags))
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for tag in sorted(counts):
        base = slug(tag) or "tag"
        candidate, n = base, 1
        while candidate in taken or candidate == "index":
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        slugs[tag] = candidate
    return TagPages(MappingProxyType(slugs), MappingProxyType(dict(counts)))


def tag_page_markdown(tag: str) -> str:
    """Markdown of one tag's page: a heading and the tags plugin's listing of that tag.

    The tag goes into the listing directive as a JSON string (JSON is YAML), with ``<``
    and ``>`` written as escapes so that no tag can close the HTML comment it sits in.
    """
    quoted = json.dumps(tag).replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        f"# Entries tagged {inline_text(tag)}\n\n<!-- material/tags {{ include: [{quoted}] }} -->\n"
    )


def newest_first(mapping: Any) -> tuple[str, str]:
    """Sort key for the tags plugin's listings (``listings_sort_by``): date, then title.

    Used with ``listings_sort_reverse: true`` so the newest entry comes first. Pages
    without a date sort last.
    """
    item = mapping.item
    meta = getattr(item, "meta", None) or {}
    date = meta.get("date")
    key = date.isoformat() if isinstance(date, dt.date) else str(date or "")
    return key, str(item.title or "")
