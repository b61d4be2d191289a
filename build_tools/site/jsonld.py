"""schema.org JSON-LD for an entry page: a NewsArticle with its citations and corrections.

Search engines and archivists read this instead of the page's HTML: the article's
headline and dates, one CreativeWork per source (with its address, archived copy,
publisher and language), which of them are primary (``isBasedOn``), and every published
correction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from build_tools.anchors import source_anchor
from build_tools.model import Entry, Role, Source
from build_tools.site.scripts import script_json


def _creative_work(source: Source, page_url: str) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "@id": f"{page_url}#{source_anchor(source.id)}",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        work["url"] = source.url
    if source.archive_url:
        work["archivedAt"] = source.archive_url
    if source.published:
        work["datePublished"] = source.published.isoformat()
    if source.language:
        work["inLanguage"] = source.language
    if source.quote:
        work["abstract"] = source.quote
    return work


def entry_jsonld_data(
    entry: Entry, page_url: str, authors: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return the JSON-LD object for ``entry`` (see :func:`entry_jsonld`)."""
    names = authors or {}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": entry.title,
        "description": entry.summary,
        "keywords": list(entry.tags),
        "author": [{"@type": "Person", "name": names.get(a, a)} for a in entry.authors],
        "citation": [_creative_work(s, page_url) for s in entry.sources],
        "isBasedOn": [
            {"@id": f"{page_url}#{source_anchor(s.id)}"}
            for s in entry.sources
            if s.role is Role.PRIMARY
        ],
    }
    if entry.date:
        data["datePublished"] = entry.date.isoformat()
        data["dateModified"] = (entry.updated or entry.date).isoformat()
    if entry.corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c.text,
                **({"datePublished": c.date.isoformat()} if c.date else {}),
            }
            for c in entry.corrections
        ]
    return data


def entry_jsonld(entry: Entry, page_url: str, authors: Mapping[str, str] | None = None) -> str:
    """Return the ``<script type="application/ld+json">`` element describing ``entry``.

    Args:
        entry: the published entry.
        page_url: the absolute URL of the entry's page (its canonical URL).
        authors: author names by id (from ``.authors.yml``); an id without a name is
            shown as written.

    Returns:
        The element's HTML. It is safe to place anywhere in the page: no value, however
        hostile, can end the script element or open an HTML comment inside it.

    """
    payload = script_json(entry_jsonld_data(entry, page_url, authors))
    return f'<script type="application/ld+json">{payload}</script>'
