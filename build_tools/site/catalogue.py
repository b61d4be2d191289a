"""Every source cited anywhere on the site, grouped by publisher: the reverse index.

The Sources page and ``sources.json`` are two views of this one catalogue, so a source
has the same anchor in both. Anchors are derived from the source itself (its address,
or its publisher and title when it has none), never from its position in a list, so a
link to a source keeps working as entries are added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from build_tools.anchors import source_anchor
from build_tools.model import Entry, Role, Source
from build_tools.rules.front_matter_text import INVISIBLE_IN_NAMES
from build_tools.site.markup import name_key, short_hash, slug
from build_tools.site.published import PublishedEntry

SOURCES_PAGE_URL = "sources/"

# A publisher's sources share one page up to this many; beyond it, one page per year.
# A source's item (title, dates, links, the entries citing it) is about 0.8 kB of HTML on
# the benchmark corpus, so 50 make a page of about 40 kB: no heavier than a long entry
# page, and short enough to scan. On that corpus 94 of 99 publishers fit on one page.
SOURCES_PER_PAGE = 50


class Use(StrEnum):
    """How an entry uses a source it lists."""

    # Cited in the entry's text, [@id].
    CITED = "cited"
    # Never cited, but named in the ``via`` chain of a source that is.
    CHAIN = "chain"
    # Listed in the front-matter, neither cited nor in a cited source's chain.
    LISTED = "listed"


@dataclass(frozen=True, slots=True)
class Citing:
    """One entry that lists a source: where the entry is and what it calls the source."""

    entry_url: str
    entry_title: str
    entry_date: dt.date | None
    source_id: str
    role: Role | None
    use: Use = Use.CITED

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
    # How the digest uses it: cited by some entry, else in a chain, else listed only.
    use: Use = Use.CITED

    @property
    def year(self) -> str:
        """The part of its publisher's pages this source is listed on: its year, or undated."""
        return f"{self.published.year:04d}" if self.published else UNDATED


def most_direct(uses: Iterable[Use]) -> Use:
    """The most direct of ``uses``: cited before in a chain before listed (listed if none)."""
    found = set(uses)
    if Use.CITED in found:
        return Use.CITED
    return Use.CHAIN if Use.CHAIN in found else Use.LISTED


@dataclass(frozen=True, slots=True)
class Publisher:
    """A publisher and its sources.

    ``anchor`` marks the publisher on the Sources page; ``page`` is its own page there
    (``sources/reuters/``). It lists every source of the publisher, newest year first,
    unless the publisher has more than :data:`SOURCES_PER_PAGE` (``split``): then it
    lists the years, each on a page of its own (``sources/reuters/2016/``), so no page
    holds every source of a prolific publisher. A source's anchor depends only on the
    source; its page moves once, to its year's page, if its publisher grows past the
    limit.
    """

    name: str
    anchor: str
    sources: tuple[CataloguedSource, ...]

    @property
    def page(self) -> str:
        """Site-relative URL of the publisher's page."""
        return f"{SOURCES_PAGE_URL}{self.anchor.removeprefix('publisher-')}/"

    @property
    def split(self) -> bool:
        """Whether the sources are listed on one page per year rather than on ``page``."""
        return len(self.sources) > SOURCES_PER_PAGE

    def year_page(self, year: str) -> str:
        """Site-relative URL of the page listing the publisher's sources of ``year``."""
        return f"{self.page}{year}/"

    def source_page(self, source: CataloguedSource) -> str:
        """Site-relative URL of the page listing ``source``."""
        return self.year_page(source.year) if self.split else self.page

    def source_url(self, source: CataloguedSource) -> str:
        """Site-relative URL of ``source``'s item."""
        return f"{self.source_page(source)}#{source.anchor}"

    @property
    def use_counts(self) -> dict[Use, int]:
        """How many of its sources the digest uses each way (see ``CataloguedSource.use``)."""
        counts = dict.fromkeys(Use, 0)
        for source in self.sources:
            counts[source.use] += 1
        return counts

    def years(self) -> dict[str, tuple[CataloguedSource, ...]]:
        """The publisher's sources by year, newest year first and undated last."""
        years: dict[str, list[CataloguedSource]] = {}
        for source in self.sources:
            years.setdefault(source.year, []).append(source)
        order = sorted(years, key=lambda year: (year != UNDATED, year), reverse=True)
        return {year: tuple(years[year]) for year in order}


_INVISIBLE = str.maketrans(dict.fromkeys(map(ord, INVISIBLE_IN_NAMES)))


def publisher_name(name: str) -> str:
    """Return ``name`` as the Sources index shows it: trimmed, without invisible characters.

    A zero-width space or a soft hyphen shows as nothing, so ``Reu\u200bters`` is shown,
    and grouped, as ``Reuters`` (the checker warns about it as ST061).
    """
    return name.translate(_INVISIBLE).strip()


def publisher_key(name: str) -> str:
    """Return what two spellings of one publisher share (``Reuters``, `` reuters``).

    Only case, whitespace and invisible characters (``Reu\u200bters``) are ignored:
    ``C++ Weekly`` and ``C Weekly``, or ``<b>Reuters</b>`` and ``Reuters``, are
    different publishers even though their slugs are alike.
    """
    return name_key(publisher_name(name))


# A publisher's page is sources/<slug>/: "index" would be sources/index.md, which is the
# Sources page itself (sources.md) under another name.
_RESERVED_SLUGS = frozenset({"index"})


def publisher_anchor(name: str, shared: bool = False) -> str:
    """Stable anchor of a publisher's heading on the Sources page (``publisher-reuters``).

    The anchor is the slug of the name, followed by eight hex digits of a hash of the
    name's :func:`publisher_key` when the slug is empty, reserved, or ``shared`` with
    another publisher and not the name itself. So ``Reuters`` keeps ``publisher-reuters``
    whoever else slugifies alike, ``<b>Reuters</b>`` beside it gets
    ``publisher-reuters-46e8570d``, and no anchor depends on the order in which
    publishers were found.
    """
    key = publisher_key(name)
    base = slug(key)
    if not base:
        return f"publisher-{short_hash(key)}"
    if base in _RESERVED_SLUGS or (shared and key != base):
        return f"publisher-{base}-{short_hash(key)}"
    return f"publisher-{base}"


def publisher_anchors(names: Collection[str]) -> dict[str, str]:
    """Return the anchor of each of ``names`` (distinct publisher keys), unique among them."""
    by_slug: Counter[str] = Counter(slug(publisher_key(name)) for name in names)
    return {name: publisher_anchor(name, by_slug[slug(publisher_key(name))] > 1) for name in names}


def source_identity(source: Source) -> str:
    """Return what makes two sources one: the address, else publisher and title."""
    address = source.url or source.archive_url
    if address:
        return address.strip()
    return f"{publisher_key(source.publisher)}\n{' '.join(source.title.split()).casefold()}"


def catalogued_source_anchor(source: Source) -> str:
    """Stable anchor of a source's item on its Sources page."""
    return f"src-{short_hash(source_identity(source), 10)}"


def _newest_first(citing: Citing) -> tuple[str, str]:
    return (citing.entry_date.isoformat() if citing.entry_date else "", citing.entry_url)


def _when(item: PublishedEntry) -> tuple[str, str]:
    return (item.entry.date.isoformat() if item.entry.date else "", item.url)


def uses(entry: Entry) -> dict[str, Use]:
    """How ``entry`` uses each source it lists, by source id.

    A body that holds no claim and no citation has not been read (MkDocs' plugin
    builds pages from the front-matter first) or has nothing to cite with: its
    sources count as cited, the one figure the front-matter alone can give.
    """
    body = entry.body
    if not body.claims and not body.citations:
        return {source.id: Use.CITED for source in entry.sources}
    cited = {r.source_id for c in body.citations for r in c.references}
    found = {source.id: Use.CITED for source in entry.sources if source.id in cited}
    pending = [source for source in entry.sources if source.id in found]
    while pending:
        for via_id in pending.pop().via:
            if via_id not in found and (target := entry.source(via_id)) is not None:
                found[via_id] = Use.CHAIN
                pending.append(target)
    return {source.id: found.get(source.id, Use.LISTED) for source in entry.sources}


def catalogue(published: Sequence[PublishedEntry]) -> tuple[Publisher, ...]:
    """Group every source of ``published`` by publisher, each with the entries that list it.

    Publishers are sorted by name (case-insensitively), their sources by title, and the
    entries listing a source newest first, each saying how it uses the source (cited,
    in a chain, listed only). Where entries describe one source differently, the most
    recent entry's description wins: it is the one most likely corrected.
    """
    by_identity: dict[str, list[tuple[PublishedEntry, Source, Use]]] = defaultdict(list)
    for item in published:
        used = uses(item.entry)
        for source in item.entry.sources:
            by_identity[source_identity(source)].append((item, source, used[source.id]))

    grouped: dict[str, list[CataloguedSource]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for listed in by_identity.values():
        citing = sorted(
            (Citing(p.url, p.entry.title, p.entry.date, s.id, s.role, u) for p, s, u in listed),
            key=_newest_first,
            reverse=True,
        )
        latest = max(listed, key=lambda use: _when(use[0]))[1]
        key = publisher_key(latest.publisher)
        # Only spellings of this publisher: an entry may credit the same address to another.
        spellings[key].update(
            publisher_name(s.publisher) for _, s, _ in listed if publisher_key(s.publisher) == key
        )
        grouped[key].append(
            CataloguedSource(
                anchor=catalogued_source_anchor(latest),
                title=latest.title,
                publisher=publisher_name(latest.publisher),
                url=latest.url,
                archive_url=latest.archive_url,
                published=latest.published,
                language=latest.language,
                type=latest.type,
                offline=latest.offline,
                citing=tuple(citing),
                use=most_direct(c.use for c in citing),
            )
        )

    # The spelling most entries use names the group; ties go to the first alphabetically.
    names = {
        key: min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0] for key in grouped
    }
    anchors = publisher_anchors(names.values())
    publishers = [
        Publisher(
            name=names[key],
            anchor=anchors[names[key]],
            sources=tuple(sorted(sources, key=lambda s: (s.title.casefold(), s.anchor))),
        )
        for key, sources in grouped.items()
    ]
    return tuple(sorted(publishers, key=lambda p: (p.name.casefold(), p.anchor)))
