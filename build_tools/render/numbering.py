"""Number an entry's sources by first citation and build the citation superscripts."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.util import AtomicString

from build_tools.anchors import citation_anchor, own, source_anchor
from build_tools.evidence.verify import passage_of
from build_tools.model import Citation, Entry, Source


class Numbering:
    """Source numbers in order of first citation, and where each source is cited."""

    def __init__(self, entry: Entry) -> None:
        self.number: dict[str, int] = {}
        self.cited_at: dict[str, list[str]] = {}
        for citation in entry.body.citations:
            for position, reference in enumerate(citation.references):
                if entry.source(reference.source_id) is None:
                    continue
                self.number.setdefault(reference.source_id, len(self.number) + 1)
                self.cited_at.setdefault(reference.source_id, []).append(
                    citation_anchor(citation.index, position)
                )

    def ordered(self, entry: Entry) -> list[Source]:
        """Cited sources by number, then the sources never cited, in listed order."""
        cited = sorted(
            (s for s in entry.sources if s.id in self.number), key=lambda s: self.number[s.id]
        )
        return cited + [s for s in entry.sources if s.id not in self.number]


def tooltip(source: Source) -> str:
    """The text shown when a reader hovers a citation."""
    return f"{source.publisher}: {source.title}" if source.publisher else source.title


def citation_element(citation: Citation, entry: Entry, numbering: Numbering) -> etree.Element:
    """``<sup>`` with one link per reference; an unknown source shows as missing, never silently.

    The markup is kept lean because every page carries dozens of citations and the
    search index reads each element: the links take their look from ``sup.st-cite a``
    and need no class, and references are separated by plain text. Labels are atomic:
    Python-Markdown would otherwise try every ``[2]`` as a reference link.
    """
    sup = etree.Element("sup", {"class": "st-cite"})
    previous: etree.Element | None = None
    for position, reference in enumerate(citation.references):
        if previous is not None:
            previous.tail = ", "
        source = entry.source(reference.source_id)
        if source is None:
            previous = etree.SubElement(
                sup,
                "span",
                {"class": "st-cite-missing", "title": "This source is not in the entry's list"},
            )
            previous.text = AtomicString(f"[unknown source: {reference.source_id}]")
            continue
        label = str(numbering.number[source.id])
        title = tooltip(source)
        passage = passage_of(reference.locator) if reference.locator else None
        if passage is not None:
            # A quoted passage is too long for the text: the tooltip carries it.
            title += f": “{passage}”"
        elif reference.locator:
            label += f", {reference.locator}"
        previous = etree.SubElement(
            sup,
            "a",
            {
                "href": "#" + source_anchor(source.id),
                "id": own(citation_anchor(citation.index, position)),
                "title": title,
            },
        )
        previous.text = AtomicString(f"[{label}]")
    return sup
