"""The entry feeds: Atom (``feed.xml``) and JSON Feed 1.1 (``feed.json``).

Written here rather than by mkdocs-rss-plugin (1.19) because that plugin's RSS template
writes tags and author names into the XML without escaping them (it escapes only titles,
descriptions and links, and autoescape does not apply to its ``.jinja2`` file), and takes
an item's description from its Markdown as HTML. Here every value is text, escaped by the
XML and JSON serialisers, and a feed changes only when an entry does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from build_tools.site.jsonld import date_modified
from build_tools.site.published import PublishedEntry

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_FILE = "feed.xml"
JSON_FILE = "feed.json"
DEFAULT_LENGTH = 50

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says about the site itself."""

    site_url: str
    title: str
    description: str = ""
    authors: Mapping[str, str] | None = None


# Characters XML 1.0 does not allow in a document at all, not even as &#...; references.
# The checker refuses them in front-matter; dropping them here as well keeps a feed
# well-formed whatever reaches it.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 forbids (most control characters)."""
    return _NOT_XML.sub("", text)


def _clean(value: Any) -> Any:
    """``value`` (JSON data) with :func:`xml_text` applied to every string in it."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _timestamp(day: dt.date | None) -> str:
    # Entries are dated by day; noon UTC keeps the date the same in every time zone's reading.
    day = day or dt.date(1970, 1, 1)
    return f"{day.isoformat()}T12:00:00Z"


def latest(
    published: Sequence[PublishedEntry], length: int = DEFAULT_LENGTH
) -> list[PublishedEntry]:
    """Return the ``length`` newest entries, newest first (date, then URL, for a stable order)."""
    return sorted(
        published,
        key=lambda p: (p.entry.date.isoformat() if p.entry.date else "", p.url),
        reverse=True,
    )[:length]


def atom_feed(
    published: Sequence[PublishedEntry], info: FeedInfo, length: int = DEFAULT_LENGTH
) -> str:
    """Return the Atom feed of the ``length`` newest entries."""
    base = _base(info.site_url)
    items = latest(published, length)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        clean = {name: xml_text(value) for name, value in attrs.items()}
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", clean)
        if text is not None:
            element.text = xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", base)
    sub(feed, "title", info.title)
    if info.description:
        sub(feed, "subtitle", info.description)
    changed = (date_modified(p.entry) for p in items if p.entry.date)
    updated = max((day for day in changed if day is not None), default=None)
    sub(feed, "updated", _timestamp(updated))
    sub(feed, "link", rel="self", type="application/atom+xml", href=base + ATOM_FILE)
    sub(feed, "link", rel="alternate", type="text/html", href=base)
    sub(feed, "generator", "Sourcetrace")
    names = info.authors or {}
    for item in items:
        entry = item.entry
        node = sub(feed, "entry")
        url = base + item.url
        sub(node, "id", url)
        sub(node, "title", entry.title, type="text")
        sub(node, "link", rel="alternate", type="text/html", href=url)
        sub(node, "published", _timestamp(entry.date))
        sub(node, "updated", _timestamp(date_modified(entry)))
        sub(node, "summary", entry.summary, type="text")
        for author in entry.authors or ():
            sub(sub(node, "author"), "name", names.get(author, author))
        if not entry.authors:
            sub(sub(node, "author"), "name", info.title)
        for tag in entry.tags:
            sub(node, "category", term=tag)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(
    published: Sequence[PublishedEntry], info: FeedInfo, length: int = DEFAULT_LENGTH
) -> str:
    """Return the JSON Feed (version 1.1) of the ``length`` newest entries."""
    base = _base(info.site_url)
    names = info.authors or {}
    items: list[dict[str, Any]] = []
    for item in latest(published, length):
        entry = item.entry
        record: dict[str, Any] = {
            "id": base + item.url,
            "url": base + item.url,
            "title": entry.title,
            "summary": entry.summary,
            "content_text": entry.summary,
            "date_published": _timestamp(entry.date),
            "date_modified": _timestamp(date_modified(entry)),
            "tags": list(entry.tags),
        }
        if entry.authors:
            record["authors"] = [{"name": names.get(a, a)} for a in entry.authors]
        items.append(record)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": base,
        "feed_url": base + JSON_FILE,
        "description": info.description,
        "items": items,
    }
    # JSON could carry the same characters escaped, but readers put them into HTML and XML.
    return json.dumps(_clean(feed), ensure_ascii=False, indent=1) + "\n"
