"""The listings of entries: the home page, ten a page, and one listing per month.

The home listing is ``index.md`` and then ``page/2/``, ``page/3/``, ...; a month's is
``archive/2016/03/`` and then ``archive/2016/03/page/2/``, ... Each page lists its
entries newest first as cards (``overrides/partials/post.html``) under a pager
(``overrides/partials/pagination.html``), drawn by ``overrides/listing.html``.

Pages and pagers are worked out here from the front-matter alone, when the plugin
adds the pages; the cards are drawn once every body is read, since the sourcing line
counts the claims (see :func:`card`). Nothing here imports MkDocs.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from build_tools.render.entry_parts import sourcing_line
from build_tools.site import archive
from build_tools.site.generated import GeneratedPage
from build_tools.site.markup import inline_text, titled
from build_tools.site.published import PublishedEntry

HOME_PATH = "index.md"
HOME_TITLE = "Latest entries"
PER_PAGE = 10
# Pages shown either side of the current one, as the pager's "~2~" did.
RADIUS = 2
TEMPLATE = "listing.html"


@dataclass(frozen=True, slots=True)
class PagerItem:
    """One item of a pager: a link, the current page, or the pages left out.

    ``type`` is ``first_page``, ``previous_page``, ``page``, ``next_page``, ``last_page``,
    ``current_page`` or ``span``. ``url`` is site-relative, as MkDocs' ``url`` filter
    takes it; the attributes are the ones Zensical's pager data has, so one partial
    draws both.
    """

    type: str
    value: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Pager:
    """A pager, as templates read it: ``pagination.items``."""

    items: tuple[PagerItem, ...]


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of a listing: where it is, its title, its entries and its pager."""

    path: str
    url: str
    title: str
    entries: tuple[PublishedEntry, ...]
    pager: Pager | None

    def generated(self) -> GeneratedPage:
        """The page as the plugin adds it: a title and a heading; the cards are templated.

        Left out of search: what it shows is each entry's title and summary, which the
        entries' own pages already give to search.
        """
        return GeneratedPage(
            titled(self.title) + f"# {inline_text(self.title)}\n", searchable=False
        )


def _newest_first(item: PublishedEntry) -> tuple[str, str, str]:
    entry = item.entry
    return (entry.date.isoformat() if entry.date else "", entry.title, item.url)


def pager(number: int, urls: Sequence[str]) -> Pager | None:
    """The pager of page ``number`` (1-based) of a listing whose pages are at ``urls``.

    First, previous, the pages within :data:`RADIUS` of this one, the first and last page
    with ``..`` for the pages left out between, next, last; no pager for a single page.
    """
    count = len(urls)
    if count < 2:
        return None
    items: list[PagerItem] = []
    if number > 1:
        items += [
            PagerItem("first_page", "«", urls[0]),
            PagerItem("previous_page", "‹", urls[number - 2]),
        ]
    low, high = max(1, number - RADIUS), min(count, number + RADIUS)
    if low > 1:
        items.append(PagerItem("page", "1", urls[0]))
        if low > 2:
            items.append(PagerItem("span", ".."))
    for n in range(low, high + 1):
        kind = "current_page" if n == number else "page"
        items.append(PagerItem(kind, str(n), "" if n == number else urls[n - 1]))
    if high < count:
        if high < count - 1:
            items.append(PagerItem("span", ".."))
        items.append(PagerItem("page", str(count), urls[-1]))
    if number < count:
        items += [PagerItem("next_page", "›", urls[number]), PagerItem("last_page", "»", urls[-1])]
    return Pager(tuple(items))


def paginated(
    first_path: str, base_url: str, title: str, entries: Sequence[PublishedEntry]
) -> list[ListingPage]:
    """The pages of one listing: the first at ``first_path``, the rest under ``page/``.

    ``base_url`` is the first page's URL (``""`` for the home page, ``archive/2016/03/``);
    page ``n`` is at ``{base_url}page/{n}/``. A listing with no entries is one empty page.
    """
    ordered = sorted(entries, key=_newest_first, reverse=True)
    chunks = [tuple(ordered[i : i + PER_PAGE]) for i in range(0, len(ordered), PER_PAGE)] or [()]
    urls = [base_url] + [f"{base_url}page/{n}/" for n in range(2, len(chunks) + 1)]
    return [
        ListingPage(
            path=first_path if n == 1 else f"{base_url}page/{n}.md",
            url=urls[n - 1],
            title=title if n == 1 else f"{title}, page {n}",
            entries=chunk,
            pager=pager(n, urls),
        )
        for n, chunk in enumerate(chunks, start=1)
    ]


def listing_pages(published: Sequence[PublishedEntry]) -> dict[str, ListingPage]:
    """Every page of every listing, by path: the home listing, then each month's.

    Months are those of :func:`build_tools.site.archive.archive_index_markdown`, so each
    month the archive index links to has its page; an undated entry is on the home
    listing only.
    """
    pages = paginated(HOME_PATH, "", HOME_TITLE, published)
    months: dict[tuple[int, int], list[PublishedEntry]] = defaultdict(list)
    for item in published:
        if item.entry.date is not None:
            months[item.entry.date.year, item.entry.date.month].append(item)
    for (year, month), entries in sorted(months.items(), reverse=True):
        path = f"{archive.DIR}/{archive.month_page(year, month)}"
        title = f"{calendar.month_name[month]} {year}"
        pages += paginated(path, path.removesuffix(".md") + "/", title, entries)
    return {page.path: page for page in pages}


def card(item: PublishedEntry) -> Mapping[str, Any]:
    """What ``partials/post.html`` reads of one entry, in the shape of a blog post.

    ``item``'s entry must have its body read: the sourcing line counts its claims.
    """
    entry = item.entry
    return {
        "url": item.url,
        "title": entry.title,
        "config": {"date": {"created": entry.date}},
        "meta": {
            "summary": entry.summary,
            "tags": list(entry.tags),
            "updated": entry.updated.isoformat() if entry.updated else None,
            "updated_date": entry.updated,
            "sourcing_summary": sourcing_line(entry),
        },
    }
