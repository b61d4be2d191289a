"""Material's search index: tags made text, and an entry's page furniture left out.

Material's search plugin copies each page's front-matter ``tags`` into
``search/search_index.json`` as they are, and its search page inserts them into the
result list as HTML: a tag ``<img src=x onerror=...>`` would run in the reader's browser
as soon as a search finds its entry. Titles and text in that file are HTML already
(taken from the rendered page); tags are the only values that are not.

An entry's Sources list is indexed for what a reader searches by (a source's title,
publisher and date), not for what only helps on the page: the back-links ("Cited at:
↩1 ↩2 …"), the badges and each source's details (archived copy, access date,
language). Those would make every entry's "Sources" section a result for "archived"
or "accessed", and about a third of the index's text.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

SEARCH_INDEX = Path("search") / "search_index.json"

# The page-only parts of a source's item, as the sanitiser writes them (their class alone).
_PAGE_ONLY = re.compile(r'<(p|ul|span) class="(st-backlinks|st-source-details|st-badge[^"]*)">')
# Material's parser skips an element with this attribute, and removes every
# data-search-* attribute from the page once it is indexed.
_EXCLUDED = r'<\1 class="\2" data-search-exclude="page-only">'


def page_only_out_of_search(page_html: str) -> str:
    """``page_html`` (an entry's sanitised content) with its Sources furniture unindexed."""
    return _PAGE_ONLY.sub(_EXCLUDED, page_html)


def _escaped(doc: Any) -> Any:
    if isinstance(doc, dict) and isinstance(doc.get("tags"), list):
        tags = [html.escape(t, quote=True) if isinstance(t, str) else t for t in doc["tags"]]
        return {**doc, "tags": tags}
    return doc


def escape_search_tags(site_dir: Path) -> None:
    """Rewrite ``site_dir/search/search_index.json`` with every document's tags HTML-escaped.

    Everything else in the file is kept as it is; its JSON is written as Material's
    search plugin writes it (compact separators, ASCII-only). A site without the file
    (searching with Pagefind, or without search) is left alone.
    """
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs") if isinstance(index, dict) else None
    if not isinstance(docs, list):
        return
    index["docs"] = [_escaped(doc) for doc in docs]
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
