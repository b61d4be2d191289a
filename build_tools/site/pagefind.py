"""Pagefind, the search for large digests: an index split into small chunks fetched on demand.

Material's search downloads its whole index before the first result: about 0.7 KB per
entry gzipped (measured with bench/site_bench.py), so several megabytes for a digest of
10,000 entries. Pagefind's index is read in pieces, so a search fetches a small part of it
whatever the size of the site. It runs on the built HTML, after MkDocs has written it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE_DIR = "pagefind"
SEARCH_PAGE_PATH = "search.md"
SEARCH_PAGE_URL = "search/"


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


def index_site(site_dir: Path) -> None:
    """Index the built site with Pagefind, writing its bundle to ``site_dir/pagefind/``.

    Only elements marked ``data-pagefind-body`` (entry pages) are indexed.

    Raises:
        SearchIndexError: when Pagefind is not installed or fails.

    """
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"cannot run Pagefind: {error}") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit status {result.returncode}"
        if "No module named" in reason:
            reason = "Pagefind is not installed: pip install 'pagefind[bin]'"
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {reason}")


def search_page_markdown() -> str:
    """Return the Markdown of the search page: a title; the template adds Pagefind's interface.

    The page is served at ``search/``. Its stylesheet, element and scripts come from
    ``overrides/main.html`` and the bundle Pagefind writes into the site: a script in
    the page's content would be removed by the sanitiser and refused by the policy.
    """
    return "---\ntitle: Search\nsearch:\n  exclude: true\n---\n\n# Search\n"
