"""The ids a page has, as MkDocs collects them before it validates links to anchors.

MkDocs takes every ``id`` of the converted tree (at the table of contents' priority)
and every ``id``, and ``name`` of an ``<a>``, that raw HTML in the page's Markdown
writes. On an entry's page the tree also holds the ids the renderer writes: the
claims', the citations', the sources' and the Sources heading's (see ``anchors``);
the plugin hands them to MkDocs without their marks. The page sanitiser later moves
a few ids under ``user-content-``, but after MkDocs has collected them: the build
judges links by the ids collected here, and so does the check.
"""

from __future__ import annotations

from html.parser import HTMLParser

from build_tools.anchors import citation_anchor, claim_anchors, source_anchor
from build_tools.model import Entry

SOURCES_HEADING = "sources"


class _RawIds(HTMLParser):
    """MkDocs' ``_HTMLHandler``: ids and ``<a name>`` of every start tag in the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def raw_html_ids(markdown: str) -> frozenset[str]:
    """The ids raw HTML gives elements in ``markdown``, read from the whole text as MkDocs reads it.

    MkDocs feeds the page's Markdown to an HTML parser before converting it, so an id
    written inside a code block counts too; the check counts what MkDocs counts.
    """
    if "<" not in markdown:
        return frozenset()
    parser = _RawIds()
    parser.feed(markdown)
    parser.close()
    return frozenset(parser.ids)


def renderer_ids(entry: Entry) -> frozenset[str]:
    """The ids the renderer writes on ``entry``'s page (render/extension.py, entry_parts.py)."""
    body = entry.body
    ids = {SOURCES_HEADING, *claim_anchors(body)}
    ids.update(source_anchor(source.id) for source in entry.sources)
    known = {source.id for source in entry.sources}
    for citation in body.citations:
        ids.update(
            citation_anchor(citation.index, position)
            for position, reference in enumerate(citation.references)
            if reference.source_id in known
        )
    return frozenset(ids)


def entry_page_ids(entry: Entry) -> frozenset[str]:
    """Every id MkDocs collects on ``entry``'s page: its body's, its raw HTML's, the renderer's."""
    return frozenset(entry.body.anchors) | raw_html_ids(entry.body.text) | renderer_ids(entry)
