"""schema.org JSON-LD for an entry page: a NewsArticle with its citations and corrections.

Search engines and archivists read this instead of the page's HTML: the article's
headline and dates, one CreativeWork per source (with its address, archived copy,
publisher and language, ``encodingFormat`` for a PDF, and what it rests on through
``via`` as its own ``isBasedOn``), the primary sources the article cites directly (``isBasedOn``: a
primary source reached only through another source's ``via`` is not one), the
evidence ladder in words (``backstory``, schema.org's place for how an article was
reported), and every published correction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from build_tools.anchors import source_anchor
from build_tools.model import Entry, Role, Source
from build_tools.render.entry_parts import sourcing_line
from build_tools.render.formats import opens_pdf
from build_tools.site.scripts import script_json
from build_tools.sourcing import cited_sources


def _creative_work(source: Source, page_url: str) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "@id": f"{page_url}#{source_anchor(source.id)}",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        work["url"] = source.url
        if opens_pdf(source.url):
            work["encodingFormat"] = "application/pdf"
    if source.archive_url:
        work["archivedAt"] = source.archive_url
    if source.published:
        work["datePublished"] = source.published.isoformat()
    if source.language:
        work["inLanguage"] = source.language
    if source.quote:
        work["abstract"] = source.quote
    if source.via:
        work["isBasedOn"] = [{"@id": f"{page_url}#{source_anchor(v)}"} for v in source.via]
    return work


def _cited_primaries(entry: Entry) -> list[str]:
    """Ids of the primary sources some claim cites directly, in listed order."""
    cited = {s.id for claim in entry.body.claims for s in cited_sources(claim, entry)}
    return [s.id for s in entry.sources if s.role is Role.PRIMARY and s.id in cited]


def date_modified(entry: Entry) -> dt.date | None:
    """Return when ``entry`` last changed: the latest of its date, update and corrections.

    A correction changes the entry even when the editor did not also set ``updated``.
    """
    days = [entry.date, entry.updated, *(c.date for c in entry.corrections)]
    return max((day for day in days if day is not None), default=None)


def entry_jsonld_data(
    entry: Entry,
    page_url: str,
    authors: Mapping[str, str] | None = None,
    site_name: str = "Sourcetrace",
) -> dict[str, Any]:
    """Return the JSON-LD object for ``entry`` (see :func:`entry_jsonld`)."""
    names = authors or {}
    # An entry without authors is the desk's work: credited to the site, as the feeds do.
    credited = [{"@type": "Person", "name": names.get(a, a)} for a in entry.authors] or [
        {"@type": "Organization", "name": site_name}
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": page_url,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "headline": entry.title,
        "description": entry.summary,
        "keywords": list(entry.tags),
        "author": credited,
        "citation": [_creative_work(s, page_url) for s in entry.sources],
        "isBasedOn": [
            {"@id": f"{page_url}#{source_anchor(source_id)}"}
            for source_id in _cited_primaries(entry)
        ],
        "backstory": sourcing_line(entry),
    }
    modified = date_modified(entry)
    if entry.date and modified:
        data["datePublished"] = entry.date.isoformat()
        data["dateModified"] = modified.isoformat()
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


def entry_jsonld(
    entry: Entry,
    page_url: str,
    authors: Mapping[str, str] | None = None,
    site_name: str = "Sourcetrace",
) -> str:
    """Return the ``<script type="application/ld+json">`` element describing ``entry``.

    Args:
        entry: the published entry.
        page_url: the absolute URL of the entry's page (its canonical URL).
        authors: author names by id (from ``.authors.yml``); an id without a name is
            shown as written.
        site_name: who is credited, as an organisation, for an entry without authors.

    Returns:
        The element's HTML. It is safe to place anywhere in the page: no value, however
        hostile, can end the script element or open an HTML comment inside it.

    """
    payload = script_json(entry_jsonld_data(entry, page_url, authors, site_name))
    return f'<script type="application/ld+json">{payload}</script>'
