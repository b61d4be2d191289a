"""Links between pages that follow an id the sanitiser moved under ``user-content-``.

The sanitiser moves an editor's id that could take the place of one of the page's own
(``{: #claim-5 }`` on an entry, a heading "Claim 5 rejected") and points that page's
own ``#`` links at the new id. A link from another page, written as MkDocs validates
it (``../other.md#claim-5``), would still point at the old one and land at the top of
the page. MkDocs converts every page before it writes any, so by the time a page is
written the moves of every page are known, and its links to them are pointed there too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from build_tools.site.sanitize import USER_CONTENT

# A relative link to another page with a fragment, as MkDocs writes it into a page's HTML.
_PAGE_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|//|/)([^"#]+)#([^"]+)"')


def page_key(url: str) -> str:
    """One spelling of a page's address, whichever form a link or MkDocs uses."""
    path = posixpath.normpath(url) if url else "."
    if path.endswith("/index.html") or path == "index.html":
        path = path.removesuffix("index.html").rstrip("/") or "."
    return "" if path == "." else path.strip("/")


class MovedIds:
    """The ids each page's sanitising moved (and that page has no element of its own for)."""

    def __init__(self) -> None:
        self._moved: dict[str, frozenset[str]] = {}

    def clear(self) -> None:
        """Forget every move: a new build sanitises every page again."""
        self._moved.clear()

    def record(self, page_url: str, moved: Iterable[str]) -> None:
        """What sanitising the page at ``page_url`` moved (its last sanitising counts)."""
        moved = frozenset(moved)
        key = page_key(page_url)
        if moved:
            self._moved[key] = moved
        else:
            self._moved.pop(key, None)

    def follow(self, html: str, page_url: str) -> str:
        """``html`` of the page at ``page_url`` with links to other pages' moved ids followed."""
        if not self._moved or "#" not in html:
            return html
        here = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)

        def point(match: re.Match[str]) -> str:
            path, fragment = match.group(1), match.group(2)
            target = page_key(posixpath.join(here, path))
            if fragment not in self._moved.get(target, ()):
                return match.group(0)
            return f'href="{path}#{USER_CONTENT}{fragment}"'

        return _PAGE_LINK.sub(point, html)
