"""The site's data files: ``claims.json`` (every claim) and ``sources.json`` (every source).

A fact-checker or archivist can take every claim with the sources behind it, or every
source with the entries that rely on it, without scraping pages. Claims are addressed by
the same anchors the entry pages carry, so each record links to its sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from build_tools.anchors import claim_anchors
from build_tools.evidence.verify import passage_of, recorded
from build_tools.model import Body, Claim, Entry
from build_tools.site.catalogue import catalogue
from build_tools.site.published import PublishedEntry
from build_tools.sourcing import Ladder

# Version 2 adds each claim's evidence ladder, the passages its citations name and
# whether its sources are independent.
FORMAT_VERSION = 2
_SPACED_PUNCTUATION = tuple(f" {mark}" for mark in ".,;:!?")


def claim_sentence(claim: Claim, entry: Entry) -> str:
    """Return the claim's sentence as a reader sees it, without citation markers.

    The sentence as the page renders it (emphasis, links and entities read, not
    written), each of its citations, which the page shows as a number, taken out.
    """
    sentence, before = claim.text, len(claim.text)
    # From the last citation back, each the last of its text before the one taken out:
    # a citation ends what it supports, and "&#91;@a]" written earlier shows as "[@a]".
    for citation in sorted(claim.citations, key=lambda c: c.start, reverse=True):
        written = " ".join(entry.body.text[citation.start : citation.end].split())
        at = sentence.rfind(written, 0, before)
        if at != -1:
            sentence, before = sentence[:at] + sentence[at + len(written) :], at
    # str.split() splits on exactly what the pattern \s matches, and faster. A marker
    # written before the full stop leaves "word ." behind.
    return close_up(" ".join(sentence.split()))


def close_up(sentence: str) -> str:
    r"""``sentence`` (single-spaced) without the space before ``.,;:!?``.

    What ``re.sub(r"\s+(?=[.,;:!?])", "", sentence)`` gives, without the regular
    expression: with single spaces, every match is one space, and taking one out never
    makes another.
    """
    for spaced in _SPACED_PUNCTUATION:
        if spaced in sentence:
            sentence = sentence.replace(spaced, spaced[1])
    return sentence


def _claim_record(claim: Claim, anchor: str, entry: Entry, ladder: Ladder) -> dict[str, Any]:
    # Only the source's id and the locator: what the source is, the entry page's JSON-LD
    # and sources.json say once, rather than once per claim.
    evidence = ladder.evidence
    citations = []
    for citation in claim.support:
        for reference in citation.references:
            record: dict[str, Any] = {"source": reference.source_id, "locator": reference.locator}
            passage = passage_of(reference.locator)
            if passage is not None:
                check = None
                if evidence is not None:
                    check = evidence.of_citation(citation.index, reference.source_id)
                record["passage"] = passage
                record["verdict"] = check.verdict if check is not None else "no snapshot"
            citations.append(record)
    level = ladder.level(claim)
    return {
        "anchor": anchor,
        "sentence": claim_sentence(claim, entry),
        "citations": citations,
        "evidence": level.steps,
        "independent": not level.not_independent,
        "not_independent": list(level.not_independent),
    }


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def claims_json(
    published: Sequence[PublishedEntry],
    anchors: Callable[[Body], tuple[str, ...]] | None = None,
) -> str:
    """Return ``claims.json``: every claim of every published entry, entries newest first.

    Claims are grouped by entry (its site-relative URL and title). Each has its stable
    anchor (the ``id`` of its ``st-claim`` span, so ``<entry url>#<anchor>`` links to the
    sentence), the sentence without citation markers, and the citations covering it:
    the source's id in that entry (``<entry url>#source-<id>`` on the page) and the
    locator, with the passage a quoted locator names and its verdict. ``evidence``
    lists the rungs of the evidence ladder the claim reaches (``cited``,
    ``primary``, ``openable``, ``verified``), and ``not_independent`` says why its
    sources are not independent, when they are not. ``anchors`` gives a body's claim
    anchors (by default they are worked out here).

    One pass over the entries: each is placed on the ladder once (its chains walked
    once, its evidence looked up once) and written out as soon as it is read, so no
    record of the whole digest is ever held but the text itself.
    """
    ordered = sorted(
        published,
        key=lambda p: (p.entry.date.isoformat() if p.entry.date else "", p.url),
        reverse=True,
    )
    anchors_of = anchors or claim_anchors
    parts = [f'{{"version":{FORMAT_VERSION},"entries":[']
    for index, item in enumerate(ordered):
        entry = item.entry
        body = entry.body
        ladder = Ladder(entry, recorded(entry))
        record = {
            "url": item.url,
            "title": entry.title,
            "claims": [
                _claim_record(claim, anchor, entry, ladder)
                for claim, anchor in zip(body.claims, anchors_of(body), strict=True)
            ],
        }
        parts.append(("," if index else "") + _ENCODE(record))
    parts.append("]}\n")
    return "".join(parts)


def sources_json(published: Sequence[PublishedEntry]) -> str:
    """Return ``sources.json``: every source with the entries that list it.

    Sources are grouped as on the Sources pages and carry the same anchors;
    ``url_on_site`` is the source's place there. Each entry listing a source says how
    it uses it (``use``: ``cited`` in its text, ``chain`` when only named in the ``via``
    chain of a source it cites, ``listed`` when neither), which snapshot it holds of
    it (``sha256:…``) and what verification found of the source's quote there
    (``verified``, ``altered``, ``not found``, ``no snapshot``, or null when the entry
    gives no quote).
    """
    # What each entry holds of each of its sources: its snapshot and the quote's verdict.
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for item in published:
        evidence = recorded(item.entry)
        for listed in item.entry.sources:
            check = evidence.quote(listed.id) if evidence is not None else None
            held[(item.url, listed.id)] = {
                "snapshot": listed.snapshot,
                "quote_verdict": check.verdict if check is not None else None,
            }
    sources = []
    for publisher in catalogue(published):
        for source in publisher.sources:
            sources.append(
                {
                    "anchor": source.anchor,
                    "url_on_site": publisher.source_url(source),
                    "publisher": publisher.name,
                    "publisher_anchor": publisher.anchor,
                    "title": source.title,
                    "url": source.url,
                    "archive_url": source.archive_url,
                    "published": source.published.isoformat() if source.published else None,
                    "language": source.language,
                    "type": source.type,
                    "offline": source.offline,
                    "cited_by": [
                        {
                            "entry": c.entry_url,
                            "title": c.entry_title,
                            "date": c.entry_date.isoformat() if c.entry_date else None,
                            "source_id": c.source_id,
                            "role": c.role.value if c.role else None,
                            "use": c.use.value,
                            "url": c.source_url,
                            **held.get(
                                (c.entry_url, c.source_id),
                                {"snapshot": None, "quote_verdict": None},
                            ),
                        }
                        for c in source.citing
                    ],
                }
            )
    return _dump({"version": FORMAT_VERSION, "sources": sources})
