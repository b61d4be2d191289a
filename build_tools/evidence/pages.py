"""Snapshot text pages, for a digest allowed to republish what it captured (``publish_snapshots``).

Off by default: the store can hold copies of other people's work (the seed
entry's is a verbatim copy of a blog post), which a digest may keep as
evidence without having the right to publish. When a digest turns it on, each
snapshot cited by a published entry gets a page at ``evidence/<sha256>/``: the
captured text, escaped, with where and when it was captured, its hash and its
label, and links back to the entries citing it. The page is kept out of the
site's search (``searchable=False``) and asks search engines not to index it
(the plugin adds ``<meta name="robots" content="noindex">`` from the page's
``robots`` metadata); it holds no markup from the captured page, only its text.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from build_tools.evidence.store import (
    PREFIX,
    Snapshot,
    SnapshotError,
    SnapshotStore,
    parse_reference,
    short,
)
from build_tools.site.generated import GeneratedPage
from build_tools.site.markup import titled
from build_tools.site.published import PublishedEntry

PAGES_DIR = "evidence"
ROBOTS = "noindex, nofollow"


def page_path(digest: str) -> str:
    """Where a snapshot's page is, relative to the docs dir."""
    return f"{PAGES_DIR}/{digest}.md"


def page_url(digest: str) -> str:
    """The site-relative URL of a snapshot's page, as MkDocs writes it."""
    return f"{PAGES_DIR}/{digest}/"


def _page(snapshot: Snapshot, citing: list[tuple[PublishedEntry, str]]) -> GeneratedPage:
    title = f"Saved copy {PREFIX}{short(snapshot.digest)}"
    meta = snapshot.meta
    rows = [
        ("SHA-256", snapshot.digest),
        ("Captured", snapshot.captured or "not recorded"),
        ("From", str(meta.get("url") or "an address not recorded")),
        ("What it is", snapshot.label or str(meta.get("media_type") or "")),
    ]
    parts = ['<dl class="st-snapshot-facts">']
    for name, value in rows:
        parts.append(f"<dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd>")
    parts.append("</dl>")
    parts.append('<p class="st-snapshot-citing">Cited by: ')
    links = [
        f'<a href="../../{html.escape(item.url, quote=True)}#source-'
        f'{html.escape(source_id, quote=True)}">{html.escape(item.entry.title)}</a>'
        for item, source_id in citing
    ]
    parts.append(", ".join(links) + "</p>")
    text = snapshot.texts.get("text.txt", "")
    parts.append(f'<pre class="st-snapshot-text">{html.escape(text)}</pre>')
    markdown = titled(title) + f"# {html.escape(title)}\n"
    return GeneratedPage(markdown, "\n".join(parts), searchable=False)


def snapshot_pages(
    published: Sequence[PublishedEntry], store: SnapshotStore
) -> dict[str, GeneratedPage]:
    """A page for every snapshot that a published entry cites and the store holds intact.

    A snapshot that is missing or was changed gets no page: the check has already
    reported it, and publishing a copy that fails its hash would publish the wrong text.
    """
    citing: dict[str, list[tuple[PublishedEntry, str]]] = {}
    for item in published:
        for source in item.entry.sources:
            digest = parse_reference(source.snapshot or "")
            if digest is not None:
                citing.setdefault(digest, []).append((item, source.id))
    pages: dict[str, GeneratedPage] = {}
    for digest, uses in sorted(citing.items()):
        try:
            snapshot = store.load(digest)
        except SnapshotError:
            continue
        pages[page_path(digest)] = _page(snapshot, uses)
    return pages
