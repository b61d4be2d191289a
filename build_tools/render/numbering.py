"""Number an entry's sources by first citation and build the citation superscripts."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from build_tools.anchors import citation_anchor, source_anchor
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
    """``<sup>`` with one link per reference; an unknown source shows as missing, never silently."""
    sup = etree.Element("sup", {"class": "st-cite"})
    for position, reference in enumerate(citation.references):
        if position:
            separator = etree.SubElement(sup, "span", {"class": "st-cite-sep"})
            separator.text = ", "
        source = entry.source(reference.source_id)
        if source is None:
            missing = etree.SubElement(
                sup,
                "span",
                {"class": "st-cite-missing", "title": "This source is not in the entry's list"},
            )
            missing.text = f"[unknown source: {reference.source_id}]"
            continue
        label = str(numbering.number[source.id])
        if reference.locator:
            label += f", {reference.locator}"
        link = etree.SubElement(
            sup,
            "a",
            {
                "href": "#" + source_anchor(source.id),
                "id": citation_anchor(citation.index, position),
                "class": "st-cite-link",
                "title": tooltip(source),
            },
        )
        link.text = f"[{label}]"
    return sup
