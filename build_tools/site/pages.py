"""Everything the site generates from the entries, gathered for the plugin to add or write.

``site_pages`` are pages MkDocs renders with the theme (the plugin adds them as generated
files, see :class:`GeneratedPage`); ``site_files`` are data files written as they are into
the built site.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from build_tools.model import Body
from build_tools.site import archive, feeds
from build_tools.site.datasets import claims_json, sources_json
from build_tools.site.generated import GeneratedPage
from build_tools.site.listings import HOME_PATH, ListingPage, listing_pages
from build_tools.site.pagefind import SEARCH_PAGE_PATH, search_page_markdown
from build_tools.site.published import PublishedEntry
from build_tools.site.sources_index import sources_generated_pages
from build_tools.site.tags import TagPages, tag_pages


def site_pages(
    published: Sequence[PublishedEntry],
    tags: TagPages | None = None,
    *,
    listings: Mapping[str, ListingPage] | None = None,
    archive_index: bool = True,
    pagefind: bool = False,
    language: str = "en",
) -> dict[str, GeneratedPage]:
    """Return the generated pages by path (relative to the docs dir).

    The Sources page and one page per publisher, the listings' pages (the home page's
    second page onwards and every month's; the first is ``index.md``, the site's own),
    the archive index, the tags index, one page per tag and, with ``pagefind``, the
    search page. Pass the ``tags`` and ``listings`` already computed if the plugin also
    uses them (for ``tag_url``, for the cards). ``archive_index`` off leaves out the
    listings and the archive: a site whose listings another plugin makes. Dates read in
    the long form of ``language``, the site's language.
    """
    pages = sources_generated_pages(published, language)
    if archive_index:
        for path, listing in (listings or listing_pages(published)).items():
            if path != HOME_PATH:
                pages[path] = listing.generated()
        pages[archive.INDEX_PATH] = GeneratedPage(archive.archive_index_markdown(published))
    pages.update((tags or tag_pages(published, language)).generated_pages())
    if pagefind:
        pages[SEARCH_PAGE_PATH] = GeneratedPage(search_page_markdown())
    return pages


def site_files(
    published: Sequence[PublishedEntry],
    info: feeds.FeedInfo,
    anchors: Callable[[Body], tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """Return the data files, path (relative to the site dir) to text.

    ``anchors`` gives a body's claim anchors: pass the renderer's, which has already
    worked them out for every entry page, rather than work them out again.
    """
    return {
        "claims.json": claims_json(published, anchors),
        "sources.json": sources_json(published),
        feeds.ATOM_FILE: feeds.atom_feed(published, info),
        feeds.JSON_FILE: feeds.json_feed(published, info),
    }
