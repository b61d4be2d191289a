"""ST054 for a whole digest: every checked entry's links against the site they are part of.

The other rules judge one file at a time, and their results can be kept from run to
run (``check_cache``); whether a link leads anywhere depends on the other files, so
this is worked out again on every run, from what each entry's reading keeps: its
links with their positions and the ids on its page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from build_tools.crossref.docs import docs_files
from build_tools.crossref.resolve import judged, link_findings
from build_tools.crossref.site import Generate, Read, Site
from build_tools.crossref.validation import LinkValidation
from build_tools.evidence.verify import SnapshotStore
from build_tools.model import Diagnostic, Entry
from build_tools.parse.body import BodyReader
from build_tools.rules.registry import RULES
from build_tools.site.generated import GeneratedPage
from build_tools.site.published import PublishedEntry
from build_tools.site_config import ENTRIES_DIR

RULE = "ST054"


def generator(
    plugin: Mapping[str, object], store: SnapshotStore | None, language: str = "en"
) -> Generate:
    """How the plugin, with the options ``plugin``, makes its generated pages.

    As the plugin's ``_add_site_pages`` calls ``site_pages``: the search page only
    with Pagefind, the snapshot pages only when the site publishes them, dates in the
    site's ``language``.
    """
    pagefind = plugin.get("search") == "pagefind"
    snapshots = store if plugin.get("publish_snapshots") is True else None

    def generate(published: list[PublishedEntry]) -> Mapping[str, GeneratedPage]:
        # Imported here, when a link first leads past the docs folder's files: the site's
        # page makers (feeds, listings, datasets) cost a single check 60 ms to import.
        from build_tools.evidence.pages import snapshot_pages
        from build_tools.site.pages import site_pages

        pages = site_pages(published, pagefind=pagefind, language=language)
        if snapshots is not None:
            pages.update(snapshot_pages(published, snapshots))
        return pages

    return generate


def link_diagnostics(
    checked: Sequence[tuple[str, str, Entry]],
    *,
    docs_dir: Path,
    config: Mapping[str, object],
    plugin: Mapping[str, object],
    reader: BodyReader,
    read: Read,
    store: SnapshotStore | None,
    language: str = "en",
) -> dict[str, list[Diagnostic]]:
    """The ST054 findings of every entry in ``checked``, by the path the findings show.

    Args:
        checked: ``(path in the docs folder, path shown, entry)`` of each entry read,
            its body read too.
        docs_dir: the docs folder.
        config: the whole mkdocs.yml, for ``validation`` and ``exclude_docs``.
        plugin: the sourcetrace plugin's options.
        reader: the check's reader, for pages whose ids a link names.
        read: reads a file as entries are read.
        store: the snapshot store (for the snapshot pages, when the site publishes them).
        language: the site's language (``theme.language``).

    """
    # A draft is never converted by `mkdocs build`: its links are not its readers'.
    linking = [
        (src_uri, shown, entry)
        for src_uri, shown, entry in checked
        if not entry.draft and any(judged(link) for link in entry.body.links)
    ]
    if not linking:
        return {}  # nothing to judge: the docs folder need not even be listed
    validation = LinkValidation.from_config(config)
    site = Site(
        docs=docs_files(docs_dir, config),
        entries_dir=ENTRIES_DIR,
        reader=reader,
        read=read,
        generate=generator(plugin, store, language),
        entries={src_uri: entry for src_uri, _shown, entry in checked},
    )
    severity = RULES[RULE].severity
    found: dict[str, list[Diagnostic]] = {}
    for src_uri, shown, entry in linking:
        for position, message in link_findings(src_uri, entry.body.links, site, validation):
            found.setdefault(shown, []).append(Diagnostic(shown, position, RULE, severity, message))
    return found
