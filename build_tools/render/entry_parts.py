"""The parts of an entry page around its text: byline, corrections, sources, analysis label.

Built as ElementTree elements, so every value from the front-matter is escaped
by the serializer and none is ever pasted into HTML as text.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from urllib.parse import quote

from build_tools.anchors import own, source_anchor
from build_tools.evidence.store import PREFIX, Snapshot, short
from build_tools.evidence.verify import (
    Evidence,
    PassageCheck,
    SnapshotStatus,
    recorded,
    snapshots_published,
)
from build_tools.model import Entry, Role, Source
from build_tools.render.formats import PDF_LABEL, opens_pdf, with_format
from build_tools.render.numbering import Numbering
from build_tools.site.dates import shown_date
from build_tools.sourcing import Sourcing, cited_sources, reaches_primary, rests_on, sourcing_of

EXTERNAL = {"rel": "noopener noreferrer", "class": "st-external"}


def _text(parent: etree.Element, tag: str, text: str, **attributes: str) -> etree.Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _date(parent: etree.Element, day: dt.date, cls: str, language: str) -> etree.Element:
    """``<time>``: ISO 8601 for machines, the site language's long form for readers."""
    return _text(
        parent, "time", shown_date(day, language), datetime=day.isoformat(), **{"class": cls}
    )


# Sourcing lines already worked out, by entry: one entry's line is shown on its page,
# in its JSON-LD, on each listing and tag page it is on, and placing every claim on the
# ladder again each time cost a twentieth of a build. The entry is kept with its line,
# so a new entry can never be taken for an old one that had its id.
_LINES: dict[int, tuple[Entry, Evidence | None, bool, str]] = {}
_MOST_LINES = 100_000  # far more than one build has entries; a long preview stays bounded


def forget_sourcing_lines() -> None:
    """Drop the sourcing lines worked out so far (a new build reads its entries again)."""
    _LINES.clear()


def sourcing_line(entry: Entry, evidence: Evidence | None = None) -> str:
    """The one-line sourcing summary: the claims on each rung of the evidence ladder.

    For example '15 claims: 15 cited, 0 citing a primary source, 0 a reader can open,
    5 with a verified passage; all rest on one source: a personal blog'. Without
    ``evidence``, what the check recorded for this entry is used.
    """
    found = evidence if evidence is not None else recorded(entry)
    published = snapshots_published()
    known = _LINES.get(id(entry))
    if known is not None and known[0] is entry and known[1] is found and known[2] == published:
        return known[3]
    line = describe_sourcing(sourcing_of(entry, found, published), entry)
    if len(_LINES) >= _MOST_LINES:
        _LINES.clear()
    _LINES[id(entry)] = (entry, found, published, line)
    return line


def describe_sourcing(figures: Sourcing, entry: Entry | None = None) -> str:
    """The sourcing line for ``figures`` (of ``entry``, to name a single source)."""
    noun = "claim" if figures.claims == 1 else "claims"
    line = (
        f"{figures.claims} {noun}: {figures.cited} cited, "
        f"{figures.primary} citing a primary source, "
        f"{figures.openable} a reader can open, "
        f"{figures.verified} with a verified passage"
    )
    if entry is not None and figures.claims:
        used = {s.id: s for claim in entry.body.claims for s in cited_sources(claim, entry)}
        if len(used) == 1 and figures.cited == figures.claims:
            only = next(iter(used.values()))
            line += f"; all rest on one source: {only.publisher or only.id}"
    if figures.not_independent:
        verb = "cites" if figures.not_independent == 1 else "cite"
        line += f"; {figures.not_independent} {verb} sources that are not independent"
    return line


def byline(
    entry: Entry, author_names: Mapping[str, str] | None = None, language: str = "en"
) -> etree.Element:
    """Summary, date, update, authors, tags, corrections and the sourcing summary.

    ``author_names`` maps author ids to the names readers see (``.authors.yml``); an id
    with no name is shown as it is. Dates read in the long form of ``language``, the
    site's language (BCP 47).
    """
    box = etree.Element("div", {"class": "st-byline"})
    # The summary is the entry's standfirst: readers see it first, and search finds it.
    _text(box, "p", entry.summary, **{"class": "st-summary"})
    line = etree.SubElement(box, "p", {"class": "st-dates"})
    if entry.date is not None:
        line.text = "Published "
        _date(line, entry.date, "st-published", language)
    if entry.updated is not None:
        updated = _text(line, "span", " · Updated ", **{"class": "st-updated-label"})
        _date(updated, entry.updated, "st-updated", language)
    if entry.authors:
        names = [(author_names or {}).get(author, author) for author in entry.authors]
        _text(box, "p", "By " + ", ".join(names), **{"class": "st-authors"})
    if entry.tags:
        tags = etree.SubElement(box, "ul", {"class": "st-tags", "aria-label": "Tags"})
        for tag in entry.tags:
            _text(tags, "li", tag, **{"class": "st-tag"})
    summary = _text(box, "p", sourcing_line(entry), **{"class": "st-sourcing"})
    summary.set("title", "Claims are sentences of reporting; analysis is not counted.")
    if entry.corrections:
        corrections = etree.SubElement(
            box, "div", {"class": "admonition warning st-corrections", "role": "note"}
        )
        _text(corrections, "p", "Corrections", **{"class": "admonition-title"})
        items = etree.SubElement(corrections, "ul")
        for correction in entry.corrections:
            item = etree.SubElement(items, "li")
            if correction.date is not None:
                _date(item, correction.date, "st-correction-date", language)
                etree.SubElement(item, "span").text = ": "
            _text(item, "span", correction.text, **{"class": "st-correction-text"})
    return box


def editorial_note(admonition: etree.Element) -> None:
    """Label an ``!!! editorial`` block as the digest's own analysis, not sourced reporting."""
    note = etree.Element("p", {"class": "st-editorial-note"})
    note.text = "The digest's own analysis: these sentences are not sourced claims."
    # After its title: an admonition's first paragraph, or a collapsible block's summary.
    first = admonition[0] if len(admonition) else None
    titled = first is not None and (
        first.get("class") == "admonition-title" or first.tag == "summary"
    )
    admonition.insert(1 if titled else 0, note)


def text_fragment(url: str, passage: str) -> str:
    """``url`` with a text fragment (``#:~:text=``) that scrolls a browser to ``passage``.

    A long passage is given by its first and last few words (``start,end``), as
    the text fragments specification allows, so the address stays short.
    """
    words = passage.split()
    if len(words) > 8:
        target = quote(" ".join(words[:4]), safe="") + "," + quote(" ".join(words[-4:]), safe="")
    else:
        target = quote(" ".join(words), safe="")
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={target}"


def _captured_day(snapshot: Snapshot, language: str) -> str:
    try:
        day = dt.date.fromisoformat((snapshot.captured or "")[:10])
    except ValueError:
        return "an unknown day"
    return shown_date(day, language)


def _snapshot_item(
    details: etree.Element, source: Source, found: Evidence | None, language: str
) -> None:
    """Say what the digest holds of the source: a snapshot, checked or not."""
    if not source.snapshot:
        return
    status = found.snapshots[source.id][0] if found is not None else SnapshotStatus.UNCHECKED
    name = source.snapshot.removeprefix(PREFIX)
    shown = f"{PREFIX}{short(name)}"
    snapshot = found.snapshot(source.id) if found is not None else None
    if status is SnapshotStatus.OK and snapshot is not None:
        words = f"Saved copy {shown}, captured {_captured_day(snapshot, language)}"
        if snapshot.label:
            words += f": {snapshot.label}"
        _text(details, "li", words, **{"class": "st-snapshot"})
    elif status in (SnapshotStatus.MISSING, SnapshotStatus.TAMPERED):
        _text(
            details,
            "li",
            f"Saved copy {shown} is missing or was changed: nothing verified",
            **{"class": "st-snapshot st-snapshot-bad"},
        )
    else:
        _text(
            details,
            "li",
            f"Saved copy {shown} (not verified in this build)",
            **{"class": "st-snapshot"},
        )


_VERDICT_WORDS = {
    "verified": "Verified in the saved copy",
    "altered": "Altered: differs from the saved copy",
    "not found": "Not found in the saved copy",
    "no snapshot": "Not verified: the digest holds no saved copy",
}


def _verdict(
    parent: etree.Element,
    check: PassageCheck | None,
    found: Evidence | None,
    source: Source,
    language: str,
) -> None:
    """A line saying what verification found for a quote or a cited passage."""
    verdict = check.verdict if check is not None else "no snapshot"
    if verdict == "no snapshot" and source.snapshot:
        return  # the snapshot line already says it was not verified here
    words = _VERDICT_WORDS[verdict]
    snapshot = found.snapshot(source.id) if found is not None else None
    if snapshot is not None:
        words += f" of {_captured_day(snapshot, language)} ({PREFIX}{short(snapshot.digest)})"
    if verdict == "altered" and check is not None and check.match is not None:
        words += ": " + "; ".join(c.describe() for c in check.match.changes)
    cls = "st-verdict st-" + verdict.replace(" ", "-")
    _text(parent, "p", words, **{"class": cls})


def _source_item(
    parent: etree.Element,
    source: Source,
    entry: Entry,
    numbering: Numbering,
    evidence: Evidence | None,
    language: str,
) -> None:
    anchor = own(source_anchor(source.id))
    item = etree.SubElement(parent, "li", {"id": anchor, "class": "st-source"})
    # The list's own number is the source's number: no second one in the text.
    if source.url:
        link = _text(item, "a", source.title, href=source.url, **EXTERNAL)
        link.set("class", "st-source-title st-external")
        if opens_pdf(source.url):
            # In the link's text, so that it is read out with the link.
            _text(link, "span", f" ({PDF_LABEL})", **{"class": "st-format"})
    else:
        _text(item, "span", source.title, **{"class": "st-source-title"})
    _text(item, "span", f" — {source.publisher}", **{"class": "st-publisher"})
    if source.published is not None:
        item_date = _text(item, "span", ", ", **{"class": "st-source-published"})
        _date(item_date, source.published, "st-date", language)
    if source.role is not None:
        role = source.role.value
        _text(item, "span", role, **{"class": f"st-badge st-{role}"})
    if source.type:
        _text(item, "span", source.type, **{"class": "st-badge st-type"})
    details = etree.SubElement(item, "ul", {"class": "st-source-details"})
    if source.archive_url:
        archive = etree.SubElement(details, "li")
        label = with_format("Archived copy", source.archive_url)
        _text(archive, "a", label, href=source.archive_url, **EXTERNAL)
    if not source.url:
        reason = source.offline or "no address was given"
        _text(details, "li", f"Not online: {reason}", **{"class": "st-offline"})
    elif source.offline:
        _text(details, "li", f"Gap: {source.offline}", **{"class": "st-offline"})
    if source.accessed is not None:
        accessed = _text(details, "li", "Accessed ")
        _date(accessed, source.accessed, "st-date", language)
    if source.language:
        _text(details, "li", f"Language: {source.language}")
    found = evidence if evidence is not None else recorded(entry)
    if source.via:
        via = _text(details, "li", "Rests on: ", **{"class": "st-via"})
        for position, via_id in enumerate(source.via):
            target = entry.source(via_id)
            if position:
                etree.SubElement(via, "span").text = " → "
            if target is None:
                _text(via, "span", via_id, **{"class": "st-cite-missing"})
            else:
                _text(
                    via,
                    "a",
                    f"{target.publisher}: {target.title}",
                    href="#" + source_anchor(via_id),
                )
        if source.role is Role.SECONDARY and not reaches_primary(source, entry):
            _text(via, "span", " (no primary source reached)", **{"class": "st-untraced"})
        held = [s.id for s in entry.sources if found is not None and found.snapshot(s.id)]
        chain_words = rests_on(source, entry, held)
        if chain_words:
            _text(details, "li", f"Chain: {chain_words}", **{"class": "st-chain"})
    _snapshot_item(details, source, found, language)
    if source.quote:
        quote_box = etree.SubElement(item, "blockquote", {"class": "st-quote"})
        _text(quote_box, "p", source.quote)
        check = found.quote(source.id) if found is not None else None
        _verdict(item, check, found, source, language)
    passages = (
        [p for p in found.passages if p.source_id == source.id and p.citation is not None]
        if found
        else []
    )
    if passages:
        listing = etree.SubElement(item, "ul", {"class": "st-passages"})
        for check in passages:
            entry_item = etree.SubElement(listing, "li")
            if source.url:
                _text(
                    entry_item,
                    "a",
                    f"“{check.passage}”",
                    href=text_fragment(source.url, check.passage),
                    **EXTERNAL,
                )
            else:
                _text(entry_item, "q", check.passage)
            _verdict(entry_item, check, found, source, language)
    backlinks = numbering.cited_at.get(source.id, [])
    cited = etree.SubElement(item, "p", {"class": "st-backlinks"})
    if not backlinks:
        cited.text = "Not cited in the text."
        return
    cited.text = "Cited at: "
    for position, anchor in enumerate(backlinks, start=1):
        link = _text(cited, "a", f"↩{position}", href=f"#{anchor}")
        link.set("aria-label", f"Back to citation {position}")
        link.tail = " "


def sources_section(
    entry: Entry, numbering: Numbering, evidence: Evidence | None = None, language: str = "en"
) -> list[etree.Element]:
    """The heading and list of every source, numbered as cited, with back-links.

    Each source says what the digest holds of it and what verification found
    (``evidence``; by default what the check recorded for this entry). The list's own
    numbers are the citations' numbers: cited sources come first, by number. Dates read
    in the long form of ``language``, the site's language.
    """
    heading = etree.Element("h2", {"id": own("sources")})
    heading.text = "Sources"
    listing = etree.Element("ol", {"class": "st-sources"})
    for source in numbering.ordered(entry):
        _source_item(listing, source, entry, numbering, evidence, language)
    return [heading, listing]
