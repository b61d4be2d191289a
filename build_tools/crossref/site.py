"""Every page a link in an entry can lead to, and the ids on it, read only when asked.

A link is judged against the files of the docs folder (ordinary pages, entries,
assets), the pages the plugin generates (Sources, tags, archive: whatever
``site.pages.site_pages`` returns now) and, for an ``#anchor``, the ids on the page
it leads to. Most links need none of this work: a page is converted for its ids only
when a link names one of them, and the generated pages are made only when a link
leads to a file the docs folder does not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_tools.crossref.docs import DocsFiles
from build_tools.crossref.ids import entry_page_ids, raw_html_ids
from build_tools.guide import RULES_PLACEHOLDER, rules_markdown
from build_tools.model import Entry
from build_tools.parse.body import BodyReader, Unconvertible
from build_tools.parse.entry import read_entry, read_entry_body
from build_tools.parse.text import Unreadable
from build_tools.site.generated import GeneratedPage
from build_tools.site.published import PublishedEntry

# MkDocs' front-matter (mkdocs/utils/meta.py, YAML_RE): taken off a page before conversion.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

Read = Callable[[Path], "bytes | Unreadable"]
Generate = Callable[[list[PublishedEntry]], Mapping[str, GeneratedPage]]


def page_markdown(text: str) -> str:
    """A page's Markdown as MkDocs converts it: YAML front-matter off, the rules put in."""
    match = _FRONT_MATTER.match(text)
    if match is not None:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            text = text[match.end() :]
    # The plugin puts the rules into the guide before MkDocs converts it.
    if RULES_PLACEHOLDER in text:
        text = text.replace(RULES_PLACEHOLDER, rules_markdown())
    return text


@dataclass
class Site:
    """The site's pages as links see them.

    Args:
        docs: the files of the docs folder.
        entries_dir: the folder of entries in the docs folder (``entries``).
        reader: the check's reader (the site's Markdown), for pages whose ids are asked for.
        read: reads a file as entries are read (never blocks, never reads too much).
        generate: the pages the plugin generates from the published entries.
        entries: the entries this run has read already, bodies and all, by path in the
            docs folder.

    """

    docs: DocsFiles
    entries_dir: str
    reader: BodyReader
    read: Read
    generate: Generate
    entries: dict[str, Entry | None] = field(default_factory=dict)
    _fronts: dict[str, Entry | None] = field(default_factory=dict)
    _ids: dict[str, frozenset[str] | None] = field(default_factory=dict)
    _generated: Mapping[str, GeneratedPage] | None = None

    def is_entry(self, src_uri: str) -> bool:
        """Whether ``src_uri`` is an entry's file."""
        return src_uri.startswith(self.entries_dir.strip("/") + "/") and src_uri.endswith(".md")

    def entry(self, src_uri: str) -> Entry | None:
        """The entry at ``src_uri``, its front-matter read (None when it cannot be read)."""
        if src_uri in self.entries:
            return self.entries[src_uri]
        if src_uri not in self._fronts:
            data = self.read(self.docs.files[src_uri])
            parsed = None if isinstance(data, Unreadable) else read_entry(src_uri, data)
            self._fronts[src_uri] = parsed.entry if parsed is not None else None
        return self._fronts[src_uri]

    def has(self, src_uri: str) -> bool:
        """Whether the site has a file (a page or any other) at ``src_uri``, even left out."""
        return src_uri in self.docs.files or src_uri in self.generated()

    def left_out(self, src_uri: str) -> bool:
        """Whether MkDocs leaves ``src_uri`` out of the built site (excluded, or a draft)."""
        if src_uri not in self.docs.files:
            return False
        if src_uri in self.docs.excluded:
            return True
        if self.is_entry(src_uri):
            entry = self.entry(src_uri)
            return entry is not None and entry.draft
        return False

    def generated(self) -> Mapping[str, GeneratedPage]:
        """The pages the plugin generates, made once, the first time a link needs them."""
        if self._generated is None:
            published = [
                PublishedEntry(entry, src_uri.removesuffix(".md") + "/")
                for src_uri in sorted(self.docs.files)
                if self.is_entry(src_uri)
                and not self.left_out(src_uri)
                and (entry := self.entry(src_uri)) is not None
            ]
            self._generated = self.generate(published)
        return self._generated

    def ids(self, src_uri: str) -> frozenset[str] | None:
        """The ids MkDocs collects on the page ``src_uri``; None when it has no page to read."""
        if src_uri not in self._ids:
            self._ids[src_uri] = self._read_ids(src_uri)
        return self._ids[src_uri]

    def _read_ids(self, src_uri: str) -> frozenset[str] | None:
        if not src_uri.endswith(".md"):
            return None  # an image or other file: MkDocs has no page to look in
        if src_uri not in self.docs.files:
            page = self.generated().get(src_uri)
            if page is None:
                return None
            return self._converted(page.markdown) | frozenset(page.anchors)
        if self.is_entry(src_uri):
            entry = self.entries[src_uri] if src_uri in self.entries else self._read_body(src_uri)
            return entry_page_ids(entry) if entry is not None else None
        data = self.read(self.docs.files[src_uri])
        if isinstance(data, Unreadable):
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
        return self._converted(page_markdown(text))

    def _read_body(self, src_uri: str) -> Entry | None:
        """The entry at ``src_uri`` with its body read, for the ids the body gives."""
        data = self.read(self.docs.files[src_uri])
        if isinstance(data, Unreadable):
            return None
        parsed = read_entry_body(read_entry(src_uri, data), self.reader)
        self.entries[src_uri] = parsed.entry
        return parsed.entry

    def _converted(self, markdown: str) -> frozenset[str]:
        try:
            body = self.reader.read(markdown)
        except (Unconvertible, RecursionError):
            return raw_html_ids(markdown)
        return frozenset(body.anchors) | raw_html_ids(markdown)
