"""The Sources pages: every source listed on the site, by publisher, with the entries using it.

A reverse index: if a source is corrected or retracted, the entries that rely on it are
one click away. ``sources/`` lists the publishers, each under a stable anchor
(``#publisher-reuters``). A publisher's page (``sources/reuters/``) lists its sources,
each under a stable anchor derived from its address (``#src-1a2b3c4d5e``), with the
entries using it. A publisher with more sources than a page holds
(:data:`~build_tools.site.catalogue.SOURCES_PER_PAGE`) has a page per year of its
sources instead (``sources/reuters/2016/``), and its own page lists the years: one page
for such a publisher would run to megabytes at 10,000 entries.

Readers take "cited" to mean cited in an entry's text, so that is all it means here: a
source an entry names only in another source's ``via`` chain is "in a chain only", and
one an entry lists without using at all is "listed, not cited".

The pages are HTML written here, escaped here, because Markdown would neither keep the
ids the anchors need nor leave publishers' names alone.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from build_tools.render.formats import with_format
from build_tools.site.catalogue import (
    SOURCES_PAGE_URL,
    UNDATED,
    CataloguedSource,
    Citing,
    Publisher,
    Use,
    catalogue,
    most_direct,
)
from build_tools.site.dates import shown_date
from build_tools.site.generated import GeneratedPage
from build_tools.site.markup import inline_text, titled
from build_tools.site.published import PublishedEntry

SOURCES_PATH = "sources.md"

_IN_ENTRIES = {Use.CITED: "cited in", Use.CHAIN: "in a chain only in", Use.LISTED: "listed in"}
_AS_SOURCES = {Use.CITED: "cited", Use.CHAIN: "in a chain only", Use.LISTED: "listed, not cited"}
_MARK = {Use.CHAIN: "in a chain only", Use.LISTED: "listed, not cited"}


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _external(url: str, label: str) -> str:
    return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(with_format(label, url))}</a>'


def _markdown_path(url: str) -> str:
    """The generated page's path for a site-relative directory URL."""
    return url.removesuffix("/") + ".md"


def entry_uses(sources: Sequence[CataloguedSource]) -> dict[Use, int]:
    """How many entries use ``sources`` each way, each entry counted once, most directly.

    An entry that cites one of them and names another in a chain counts as citing.
    """
    by_entry: dict[str, list[Use]] = {}
    for source in sources:
        for citing in source.citing:
            by_entry.setdefault(citing.entry_url, []).append(citing.use)
    counts = dict.fromkeys(Use, 0)
    for found in by_entry.values():
        counts[most_direct(found)] += 1
    return counts


def in_entries(counts: dict[Use, int]) -> str:
    """``cited in 3 entries, in a chain only in 1 entry``: the entries using sources, by use."""
    parts = [
        f"{_IN_ENTRIES[use]} {_plural(count, 'entry', 'entries')}"
        for use, count in counts.items()
        if count
    ]
    return ", ".join(parts) or "used in no entry"


def as_sources(counts: dict[Use, int]) -> str:
    """``4 sources: 3 cited, 1 in a chain only``: a set of sources, by how they are used.

    Sources that are all cited are only counted (``4 sources``).
    """
    noun = _plural(sum(counts.values()), "source", "sources")
    kinds = [use for use, count in counts.items() if count]
    if kinds == [Use.CITED] or not kinds:
        return noun
    if len(kinds) == 1:
        return f"{noun}, {_AS_SOURCES[kinds[0]]}"
    return f"{noun}: " + ", ".join(f"{counts[use]} {_AS_SOURCES[use]}" for use in kinds)


def _citing_item(citing: Citing, to_root: str, language: str) -> str:
    day = citing.entry_date
    when = f'<time datetime="{day.isoformat()}">{shown_date(day, language)}</time> ' if day else ""
    mark = f' <span class="st-use">({_MARK[citing.use]})</span>' if citing.use in _MARK else ""
    link = f'<a href="{_e(to_root + citing.source_url)}">{_e(citing.entry_title)}</a>'
    return f"<li>{when}{link}{mark}</li>"


def _source_item(source: CataloguedSource, to_root: str, language: str) -> list[str]:
    details = []
    if source.published:
        day = source.published
        details.append(f'<time datetime="{day.isoformat()}">{shown_date(day, language)}</time>')
    if source.language:
        details.append(f"language: {_e(source.language)}")
    if source.url:
        details.append(_external(source.url, "original"))
    if source.archive_url:
        details.append(_external(source.archive_url, "archived copy"))
    if source.offline:
        details.append(f"offline: {_e(source.offline)}")
    counts = dict.fromkeys(Use, 0)
    for citing in source.citing:
        counts[citing.use] += 1
    used = in_entries(counts)
    lines = [
        f'<li class="st-source" id="{source.anchor}">',
        f'<p><cite class="st-source__title">{_e(source.title)}</cite>'
        + (f'<br><span class="st-source__details">{" · ".join(details)}</span>' if details else "")
        + "</p>",
        f'<p class="st-source__use">{used[0].upper()}{used[1:]}:</p>',
        '<ul class="st-listing">',
    ]
    lines += [_citing_item(citing, to_root, language) for citing in source.citing]
    lines += ["</ul>", "</li>"]
    return lines


def _source_list(sources: Sequence[CataloguedSource], to_root: str, language: str) -> list[str]:
    lines = ['<ul class="st-sources">']
    for source in sources:
        lines += _source_item(source, to_root, language)
    lines.append("</ul>")
    return lines


def _figures(publisher: Publisher) -> str:
    return f"{as_sources(publisher.use_counts)}; {in_entries(entry_uses(publisher.sources))}"


# Lists of sources (year pages, and a publisher's page holding its sources) are left
# out of Material's search. Its whole index is downloaded by every reader, and each
# source and each entry using it is already found on the entry pages (their Sources
# sections): the lists would add a sixth to the index and a duplicate to every search
# for a source. Excluding a part of a page is no cheaper to build, since the search
# plugin still parses the whole page (about 2 s more at 1,000 entries). A publisher is
# found on the Sources page, which names every publisher and is searched.


def year_page(publisher: Publisher, year: str, language: str = "en") -> GeneratedPage:
    """Return the page listing ``publisher``'s sources of ``year`` (a ``split`` publisher)."""
    sources = publisher.years()[year]
    to_root = "../" * publisher.year_page(year).count("/")
    label = "undated sources" if year == UNDATED else f"sources of {year}"
    lines = [
        f'<p><a href="../">All sources of {_e(publisher.name)}</a> · '
        f"{_plural(len(sources), 'source', 'sources')}</p>",
        *_source_list(sources, to_root, language),
    ]
    return GeneratedPage(
        titled(f"{publisher.name}: {label}") + f"# {inline_text(publisher.name)}: {label}\n",
        "\n".join(lines) + "\n",
        tuple(source.anchor for source in sources),
        searchable=False,
    )


def publisher_page(
    publisher: Publisher, language: str = "en", figures: str | None = None
) -> GeneratedPage:
    """Return a publisher's page: its sources, or the years it has sources from, linked.

    ``figures`` are the publisher's figures, if already worked out for the index.
    """
    figures = _figures(publisher) if figures is None else figures
    lines = [f'<p><a href="../#{publisher.anchor}">All publishers</a> · {_e(figures)}</p>']
    markdown = titled(publisher.name) + f"# {inline_text(publisher.name)}\n"
    if publisher.split:
        lines.append('<ul class="st-publisher-years">')
        for year, sources in publisher.years().items():
            name = "Undated" if year == UNDATED else year
            lines.append(
                f'<li><a href="{year}/">{name}</a> '
                f"({_plural(len(sources), 'source', 'sources')})</li>"
            )
        lines.append("</ul>")
        return GeneratedPage(markdown, "\n".join(lines) + "\n")
    to_root = "../" * publisher.page.count("/")
    anchors: list[str] = []
    for year, sources in publisher.years().items():
        year_id = f"year-{year}"
        lines.append(f'<h2 id="{year_id}">{"Undated" if year == UNDATED else year}</h2>')
        lines += _source_list(sources, to_root, language)
        anchors += [year_id, *(source.anchor for source in sources)]
    return GeneratedPage(markdown, "\n".join(lines) + "\n", tuple(anchors), searchable=False)


def _index_item(publisher: Publisher, figures: str) -> str:
    href = publisher.page.removeprefix(SOURCES_PAGE_URL)
    if len(publisher.sources) != 1:
        return (
            f'<li id="{publisher.anchor}"><a href="{_e(href)}">{_e(publisher.name)}</a> '
            f"({_e(figures)})</li>"
        )
    # One source: the link leads straight to it, and the index names it.
    (source,) = publisher.sources
    target = publisher.source_url(source).removeprefix(SOURCES_PAGE_URL)
    used = in_entries(entry_uses(publisher.sources))
    return (
        f'<li id="{publisher.anchor}"><a href="{_e(target)}">{_e(publisher.name)}</a>: '
        f"<cite>{_e(source.title)}</cite> (1 source, {used})</li>"
    )


def _index_page(publishers: Sequence[Publisher], figures: Sequence[str]) -> GeneratedPage:
    to_root = "../" * SOURCES_PAGE_URL.count("/")
    lines = [
        "<p>Every source the digest's entries list, grouped by publisher; each publisher's "
        "page lists its sources with the entries that use them. A source is cited when an "
        "entry cites it in its text, in a chain only when an entry names it only as what "
        "another source rests on. The same list, as data: "
        f'<a href="{to_root}sources.json">sources.json</a>.</p>',
    ]
    if not publishers:
        lines.append("<p>No entry has been published yet.</p>")
        return GeneratedPage("# Sources\n", "\n".join(lines) + "\n")
    counts = dict.fromkeys(Use, 0)
    for publisher in publishers:
        for use, count in publisher.use_counts.items():
            counts[use] += count
    everything = [source for publisher in publishers for source in publisher.sources]
    lines.append(
        f'<p class="st-sources-figures">{_e(as_sources(counts))}, from '
        f"{_plural(len(publishers), 'publisher', 'publishers')}; "
        f"{_e(in_entries(entry_uses(everything)))}.</p>"
    )
    lines.append('<ul class="st-publishers">')
    lines += [_index_item(p, f) for p, f in zip(publishers, figures, strict=True)]
    lines.append("</ul>")
    return GeneratedPage(
        "# Sources\n", "\n".join(lines) + "\n", tuple(p.anchor for p in publishers)
    )


def sources_index_markdown(published: Sequence[PublishedEntry]) -> str:
    """Return the Markdown of the Sources page (``sources.md``): every publisher, linked."""
    publishers = catalogue(published)
    return _index_page(publishers, [_figures(p) for p in publishers]).document


def sources_generated_pages(
    published: Sequence[PublishedEntry], language: str = "en"
) -> dict[str, GeneratedPage]:
    """Return the Sources page, every publisher's page and any year pages, by path.

    Dates read in the long form of ``language``, the site's language. The pages' paths
    depend only on the front-matter; their figures on whether the bodies are read (see
    :func:`~build_tools.site.catalogue.uses`).
    """
    publishers = catalogue(published)
    figures = [_figures(publisher) for publisher in publishers]
    pages = {SOURCES_PATH: _index_page(publishers, figures)}
    for publisher, shown in zip(publishers, figures, strict=True):
        pages[_markdown_path(publisher.page)] = publisher_page(publisher, language, shown)
        if publisher.split:
            for year in publisher.years():
                path = _markdown_path(publisher.year_page(year))
                pages[path] = year_page(publisher, year, language)
    return pages


def sources_pages(published: Sequence[PublishedEntry]) -> dict[str, str]:
    """Return the Sources page, every publisher's page and any year pages, path to Markdown."""
    return {path: page.document for path, page in sources_generated_pages(published).items()}
