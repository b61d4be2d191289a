"""What one built HTML page offers and asks for: its fragment targets and its links."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

LINK_ATTRIBUTES = ("href", "src")

# Only used to put a line number on a link already known to be broken, so it
# may be approximate inside scripts or comments; the parser decides what a link is.
_BEFORE_VALUE = re.compile(r"""[\s"'/](href|src)\s*=\s*["']?\Z""", re.IGNORECASE)
_VALUE_ENDS = frozenset("\"' \t\n\r\f>")


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


def locate(
    text: str, wanted: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Find where each wanted link is written in a page's source.

    Args:
        text: the page's HTML source.
        wanted: ``(attribute, value)`` pairs, the value as the parser read it
            (with ``&amp;`` decoded).

    Returns:
        For each wanted pair, the 1-based line and column of every occurrence of
        its attribute, in order; a pair the source does not show maps to [].

    """
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for attribute, value in wanted:
        starts: set[int] = set()
        for written in {value, value.replace("&", "&amp;")}:
            starts.update(_occurrences(text, attribute, written))
        found[(attribute, value)] = [_line_and_column(text, start) for start in sorted(starts)]
    return found


def _occurrences(text: str, attribute: str, written: str) -> Iterator[int]:
    """Yield where ``attribute`` starts for each ``attribute=written`` in ``text``."""
    if not written:
        return
    index = text.find(written)
    while index != -1:
        end = index + len(written)
        if end == len(text) or text[end] in _VALUE_ENDS:
            before = _BEFORE_VALUE.search(text, max(0, index - 64), index)
            if before is not None and before.group(1).lower() == attribute:
                yield before.start(1)
        index = text.find(written, index + 1)


def _line_and_column(text: str, start: int) -> tuple[int, int]:
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1
