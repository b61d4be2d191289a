"""The Sources pages: every source cited on the site, by publisher, with the entries citing it.

A reverse index: if a source is corrected or retracted, the entries that rely on it are
one click away. ``sources/`` lists the publishers, each under a stable anchor
(``#publisher-reuters``); a publisher's page (``sources/reuters/``) lists the years it
has sources from, and each year's page (``sources/reuters/2016/``) lists those sources,
each under a stable anchor derived from its address (``#src-1a2b3c4d5e``), with the
entries citing it. Splitting by the source's own year keeps every anchor where it is as
the digest grows and keeps pages small: one page per publisher would run to megabytes at
10,000 entries for an outlet cited in most of them.

The pages are raw HTML blocks because Markdown would neither keep the ids the anchors
need nor leave publishers' names alone; every value is escaped here.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from build_tools.site.catalogue import (
    SOURCES_PAGE_URL,
    UNDATED,
    CataloguedSource,
    Publisher,
    catalogue,
)
from build_tools.site.generated import GeneratedPage
from build_tools.site.markup import inline_text, titled
from build_tools.site.published import PublishedEntry

SOURCES_PATH = "sources.md"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _external(url: str, label: str) -> str:
    return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(label)}</a>'


def _markdown_path(url: str) -> str:
    """The generated page's path for a site-relative directory URL."""
    return url.removesuffix("/") + ".md"


def _entries(sources: Sequence[CataloguedSource]) -> int:
    return len({c.entry_url for s in sources for c in s.citing})


def _source_item(source: CataloguedSource, to_root: str) -> list[str]:
    details = []
    if source.published:
        day = source.published.isoformat()
        details.append(f'<time datetime="{day}">{day}</time>')
    if source.language:
        details.append(f"language: {_e(source.language)}")
    if source.url:
        details.append(_external(source.url, "original"))
    if source.archive_url:
        details.append(_external(source.archive_url, "archived copy"))
    if source.offline:
        details.append(f"offline: {_e(source.offline)}")
    lines = [
        f'<li class="st-source" id="{source.anchor}">',
        f'<p><cite class="st-source__title">{_e(source.title)}</cite>'
        + (f'<br><span class="st-source__details">{" · ".join(details)}</span>' if details else "")
        + "</p>",
        f"<p>Cited by {_plural(len(source.citing), 'entry', 'entries')}:</p>",
        '<ul class="st-listing">',
    ]
    for citing in source.citing:
        day = citing.entry_date.isoformat() if citing.entry_date else ""
        lines.append(
            f'<li><time datetime="{day}">{day}</time> '
            f'<a href="{_e(to_root + citing.source_url)}">{_e(citing.entry_title)}</a></li>'
        )
    lines += ["</ul>", "</li>"]
    return lines


def year_page(publisher: Publisher, year: str) -> GeneratedPage:
    """Return the page listing ``publisher``'s sources of ``year``."""
    sources = publisher.years()[year]
    to_root = "../" * publisher.year_page(year).count("/")
    label = "undated sources" if year == UNDATED else f"sources of {year}"
    lines = [
        f'<p><a href="../">All sources of {_e(publisher.name)}</a> · '
        f"{_plural(len(sources), 'source', 'sources')}</p>",
        '<ul class="st-sources">',
    ]
    for source in sources:
        lines += _source_item(source, to_root)
    lines.append("</ul>")
    # Left out of Material's search, whose whole index every reader downloads: each
    # source and each entry citing it is already found on the entry pages (their Sources
    # sections), and the publisher is found by its own page. A year page per publisher
    # would add a sixth to the index and a duplicate to every search for a source.
    return GeneratedPage(
        titled(f"{publisher.name}: {label}") + f"# {inline_text(publisher.name)}: {label}\n",
        "\n".join(lines) + "\n",
        tuple(source.anchor for source in sources),
        searchable=False,
    )


def year_page_markdown(publisher: Publisher, year: str) -> str:
    """Return the Markdown of the page listing ``publisher``'s sources of ``year``."""
    return year_page(publisher, year).document


def publisher_page(publisher: Publisher) -> GeneratedPage:
    """Return a publisher's page: the years it has sources from, linked."""
    years = publisher.years()
    lines = [
        f'<p><a href="../#{publisher.anchor}">All publishers</a> · '
        f"{_plural(len(publisher.sources), 'source', 'sources')}, cited by "
        f"{_plural(_entries(publisher.sources), 'entry', 'entries')}</p>",
        '<ul class="st-publisher-years">',
    ]
    for year, sources in years.items():
        name = "Undated" if year == UNDATED else year
        lines.append(
            f'<li><a href="{year}/">{name}</a> '
            f"({_plural(len(sources), 'source', 'sources')})</li>"
        )
    lines.append("</ul>")
    return GeneratedPage(
        titled(publisher.name) + f"# {inline_text(publisher.name)}\n", "\n".join(lines) + "\n"
    )


def publisher_page_markdown(publisher: Publisher) -> str:
    """Return the Markdown of a publisher's page: the years it has sources from, linked."""
    return publisher_page(publisher).document


def sources_index_markdown(published: Sequence[PublishedEntry]) -> str:
    """Return the Markdown of the Sources page (``sources.md``): every publisher, linked.

    Publishers are listed alphabetically with how many sources and citing entries each
    has; each links to its own page (see :func:`sources_pages`).
    """
    return _index_page(catalogue(published)).document


def _index_page(publishers: Sequence[Publisher]) -> GeneratedPage:
    to_root = "../" * SOURCES_PAGE_URL.count("/")
    lines = [
        "<p>Every source cited in the digest, grouped by publisher; each publisher's pages "
        "list its sources with the entries that rely on them. The same list, as data: "
        f'<a href="{to_root}sources.json">sources.json</a>.</p>',
    ]
    if not publishers:
        lines.append("<p>No entry has been published yet.</p>")
        return GeneratedPage("# Sources\n", "\n".join(lines) + "\n")
    lines.append('<ul class="st-publishers">')
    for publisher in publishers:
        href = publisher.page.removeprefix(SOURCES_PAGE_URL)
        entries = _entries(publisher.sources)
        lines.append(
            f'<li id="{publisher.anchor}"><a href="{_e(href)}">{_e(publisher.name)}</a> '
            f"({_plural(len(publisher.sources), 'source', 'sources')}, "
            f"cited by {_plural(entries, 'entry', 'entries')})</li>"
        )
    lines.append("</ul>")
    return GeneratedPage(
        "# Sources\n", "\n".join(lines) + "\n", tuple(p.anchor for p in publishers)
    )


def sources_generated_pages(published: Sequence[PublishedEntry]) -> dict[str, GeneratedPage]:
    """Return the Sources page, every publisher's page and every year page, by path."""
    publishers = catalogue(published)
    pages = {SOURCES_PATH: _index_page(publishers)}
    for publisher in publishers:
        pages[_markdown_path(publisher.page)] = publisher_page(publisher)
        for year in publisher.years():
            pages[_markdown_path(publisher.year_page(year))] = year_page(publisher, year)
    return pages


def sources_pages(published: Sequence[PublishedEntry]) -> dict[str, str]:
    """Return the Sources page, every publisher's page and every year page, path to Markdown."""
    return {path: page.document for path, page in sources_generated_pages(published).items()}
