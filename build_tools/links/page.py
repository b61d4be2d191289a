"""What one built HTML page offers and asks for: its fragment targets and its links."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

LINK_ATTRIBUTES = ("href", "src")

# Only used to put a line number on a link already known to be broken, so it
# may be approximate inside scripts or comments; the parser decides what a link is.
_ATTRIBUTE_RE = re.compile(
    r"""[\s"'](href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Page:
    """The fragment targets a page defines and the links it contains, in document order.

    ``anchors`` holds every ``id`` and every ``name`` of an ``<a>`` element (the
    two things a ``#fragment`` can select, per the HTML standard); ``links``
    holds ``(attribute, value)`` pairs for every ``href`` and ``src``.
    """

    anchors: frozenset[str]
    links: tuple[tuple[str, str], ...]


def read_page(data: bytes) -> Page:
    """Parse one page's HTML (UTF-8, as MkDocs writes it) into its anchors and links."""
    tree = LexborHTMLParser(data)
    anchors: set[str] = set()
    for node in tree.css("[id]"):
        value = node.attributes.get("id")
        if value:
            anchors.add(value)
    for node in tree.css("a[name]"):
        value = node.attributes.get("name")
        if value:
            anchors.add(value)
    links: list[tuple[str, str]] = []
    for node in tree.css("[href], [src]"):
        attributes = node.attributes
        for attribute in LINK_ATTRIBUTES:
            value = attributes.get(attribute)
            if value is not None:
                links.append((attribute, value))
    return Page(frozenset(anchors), tuple(links))


def locate(text: str, attribute: str, value: str, occurrence: int) -> tuple[int, int]:
    """Return the 1-based line and column of a link's attribute in the page's source.

    Args:
        text: the page's HTML source.
        attribute: ``href`` or ``src``.
        value: the attribute's value as the parser read it (entities decoded).
        occurrence: which occurrence of this attribute and value on the page, from 0.

    Returns:
        The position of the attribute name, or (1, 1) when the source cannot be matched.

    """
    seen = 0
    for match in _ATTRIBUTE_RE.finditer(text):
        if match.group(1).lower() != attribute:
            continue
        raw = next(g for g in match.groups()[1:] if g is not None)
        if html.unescape(raw) != value:
            continue
        if seen == occurrence:
            start = match.start(1)
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            return line, column
        seen += 1
    return 1, 1
