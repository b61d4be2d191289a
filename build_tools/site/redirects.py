"""Year pages of the Sources index that a publisher does not have, sent to where they went.

A publisher with more than :data:`~build_tools.site.catalogue.SOURCES_PER_PAGE` sources
lists them on a page per year (``sources/reuters/2016/``); any other publisher lists
them all on its own page, under a heading per year. A publisher's page address is for
good, but a year's page exists only while the publisher is that large, and earlier
builds of the digest gave every publisher year pages. So that a bookmark or a link
from elsewhere still finds the sources, every year a publisher lists without a page of
its own gets a small page at that address sending the reader to the year's heading,
as a static host can serve it: a refresh in the page, and a link for whoever has
refresh turned off. These pages are not in the sitemap or the search index.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from build_tools.site.catalogue import UNDATED, catalogue
from build_tools.site.published import PublishedEntry

INDEX = "index.html"  # the file a directory address is served from


def _page(name: str, year: str, language: str) -> str:
    target = f"../#year-{escape(year)}"
    what = "undated sources" if year == UNDATED else f"sources from {escape(year)}"
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{escape(name)}: {what}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>{escape(name)}\'s {what} are listed on <a href="{target}">its page</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def year_redirects(published: Sequence[PublishedEntry], language: str = "en") -> dict[str, str]:
    """Return, path under the site folder to HTML, a redirect for each year without a page."""
    pages: dict[str, str] = {}
    for publisher in catalogue(published):
        if publisher.split:
            continue  # its years have pages of their own
        for year in publisher.years():
            pages[publisher.year_page(year) + INDEX] = _page(publisher.name, year, language)
    return pages
