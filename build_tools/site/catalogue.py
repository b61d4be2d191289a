"""Every source cited anywhere on the site, grouped by publisher: the reverse index.

The Sources page and ``sources.json`` are two views of this one catalogue, so a source
has the same anchor in both. Anchors are derived from the source itself (its address,
or its publisher and title when it has none), never from its position in a list, so a
link to a source keeps working as entries are added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.anchors import source_anchor
from build_tools.model import Role, Source
from build_tools.site.markup import slug
from build_tools.site.published import PublishedEntry

SOURCES_PAGE_URL = "sources/"


@dataclass(frozen=True, slots=True)
class Citing:
    """One entry that lists a source: where the entry is and what it calls the source."""

    entry_url: str
    entry_title: str
    entry_date: dt.date | None
    source_id: str
    role: Role | None

    @property
    def source_url(self) -> str:
        """Site-relative URL of the source's item in the entry's Sources section."""
        return f"{self.entry_url}#{source_anchor(self.source_id)}"


UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class CataloguedSource:
    """A source as the whole site knows it, with every entry that relies on it."""

    anchor: str
    title: str
    publisher: str
    url: str | None
    archive_url: str | None
    published: dt.date | None
    language: str | None
    type: str | None
    offline: str | None
    citing: tuple[Citing, ...]

    @property
    def year(self) -> str:
        """The part of its publisher's pages this source is listed on: its year, or undated."""
        return f"{self.published.year:04d}" if self.published else UNDATED


@dataclass(frozen=True, slots=True)
class Publisher:
    """A publisher and its sources.

    ``anchor`` marks the publisher on the Sources page; ``page`` is its own page there
    (``sources/reuters/``), which lists its sources by year of publication, each year on
    a page of its own (``sources/reuters/2016/``). A source's place depends only on the
    source, so links to it stay valid as the digest grows, and no page holds every source
    of a prolific publisher.
    """

    name: str
    anchor: str
    sources: tuple[CataloguedSource, ...]

    @property
    def page(self) -> str:
        """Site-relative URL of the publisher's page."""
        return f"{SOURCES_PAGE_URL}{self.anchor.removeprefix('publisher-')}/"

    def year_page(self, year: str) -> str:
        """Site-relative URL of the page listing the publisher's sources of ``year``."""
        return f"{self.page}{year}/"

    def source_url(self, source: CataloguedSource) -> str:
        """Site-relative URL of ``source``'s item on its year's page."""
        return f"{self.year_page(source.year)}#{source.anchor}"

    def years(self) -> dict[str, tuple[CataloguedSource, ...]]:
        """The publisher's sources by year, newest year first and undated last."""
        years: dict[str, list[CataloguedSource]] = {}
        for source in self.sources:
            years.setdefault(source.year, []).append(source)
        order = sorted(years, key=lambda year: (year != UNDATED, year), reverse=True)
        return {year: tuple(years[year]) for year in order}


def _hash(text: str, length: int) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:length]


def publisher_key(name: str) -> str:
    """Return the slug two spellings of one publisher share (``Reuters``, ``reuters``)."""
    return slug(name)


def publisher_anchor(name: str) -> str:
    """Stable anchor of a publisher's heading on the Sources page."""
    key = publisher_key(name)
    return f"publisher-{key}" if key else f"publisher-{_hash(name.strip(), 8)}"


def source_identity(source: Source) -> str:
    """Return what makes two sources one: the address, else publisher and title."""
    address = source.url or source.archive_url
    if address:
        return address.strip()
    return f"{publisher_key(source.publisher)}\n{' '.join(source.title.split()).casefold()}"


def catalogued_source_anchor(source: Source) -> str:
    """Stable anchor of a source's item on its Sources page."""
    return f"src-{_hash(source_identity(source), 10)}"


def _newest_first(citing: Citing) -> tuple[str, str]:
    return (citing.entry_date.isoformat() if citing.entry_date else "", citing.entry_url)


def _when(item: PublishedEntry) -> tuple[str, str]:
    return (item.entry.date.isoformat() if item.entry.date else "", item.url)


def catalogue(published: Sequence[PublishedEntry]) -> tuple[Publisher, ...]:
    """Group every source of ``published`` by publisher, each with the entries that cite it.

    Publishers are sorted by name (case-insensitively), their sources by title, and the
    entries citing a source newest first. Where entries describe one source differently,
    the most recent entry's description wins: it is the one most likely corrected.
    """
    by_identity: dict[str, list[tuple[PublishedEntry, Source]]] = defaultdict(list)
    for item in published:
        for source in item.entry.sources:
            by_identity[source_identity(source)].append((item, source))

    grouped: dict[str, list[CataloguedSource]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for uses in by_identity.values():
        citing = sorted(
            (Citing(p.url, p.entry.title, p.entry.date, s.id, s.role) for p, s in uses),
            key=_newest_first,
            reverse=True,
        )
        latest = max(uses, key=lambda use: _when(use[0]))[1]
        key = publisher_key(latest.publisher) or publisher_anchor(latest.publisher)
        spellings[key].update(s.publisher.strip() for _, s in uses)
        grouped[key].append(
            CataloguedSource(
                anchor=catalogued_source_anchor(latest),
                title=latest.title,
                publisher=latest.publisher.strip(),
                url=latest.url,
                archive_url=latest.archive_url,
                published=latest.published,
                language=latest.language,
                type=latest.type,
                offline=latest.offline,
                citing=tuple(citing),
            )
        )

    publishers = []
    for key, sources in grouped.items():
        # The spelling most entries use names the group; ties go to the first alphabetically.
        name = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
        publishers.append(
            Publisher(
                name=name,
                anchor=publisher_anchor(name),
                sources=tuple(sorted(sources, key=lambda s: (s.title.casefold(), s.anchor))),
            )
        )
    return tuple(sorted(publishers, key=lambda p: (p.name.casefold(), p.anchor)))
