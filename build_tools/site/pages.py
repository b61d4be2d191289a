"""Everything the site generates from the entries, gathered for the plugin to add or write.

``site_pages`` are Markdown pages MkDocs renders with the theme (the plugin adds them as
generated files); ``site_files`` are data files written as they are into the built site.
"""

from __future__ import annotations

from collections.abc import Sequence

from build_tools.site import archive, feeds
from build_tools.site.datasets import claims_json, sources_json
from build_tools.site.pagefind import SEARCH_PAGE_PATH, search_page_markdown
from build_tools.site.published import PublishedEntry
from build_tools.site.sources_index import sources_pages
from build_tools.site.tags import TagPages, tag_pages


def site_pages(
    published: Sequence[PublishedEntry],
    tags: TagPages | None = None,
    *,
    archive_index: bool = True,
    pagefind: bool = False,
) -> dict[str, str]:
    """Return the generated pages, path (relative to the docs dir) to Markdown.

    The Sources page and one page per publisher, the archive index (with
    ``archive_index``: it links to the blog plugin's month pages, so only a site with
    that plugin has one), the tags index, one page per tag and, with ``pagefind``, the
    search page. Pass the ``tags`` already
    computed if the plugin also uses them for links (``tag_url``).
    """
    pages = sources_pages(published)
    if archive_index:
        pages[archive.INDEX_PATH] = archive.archive_index_markdown(published)
    pages.update((tags or tag_pages(published)).pages())
    if pagefind:
        pages[SEARCH_PAGE_PATH] = search_page_markdown()
    return pages


def site_files(published: Sequence[PublishedEntry], info: feeds.FeedInfo) -> dict[str, str]:
    """Return the data files, path (relative to the site dir) to text."""
    return {
        "claims.json": claims_json(published),
        "sources.json": sources_json(published),
        feeds.ATOM_FILE: feeds.atom_feed(published, info),
        feeds.JSON_FILE: feeds.json_feed(published, info),
    }
