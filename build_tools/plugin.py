"""The MkDocs adapter: the only module that imports MkDocs.

It checks every entry once, before anything is rendered, logs each finding
through MkDocs' plugin logger and stops the build when any is an error; then
it hands each entry page's already-read entry to the Markdown extension. It adds
the pages made from the entries: the listings (home, month by month), the archive,
tags and Sources.

In the preview (`mkdocs serve`, `sourcetrace serve`) findings never stop the build:
each entry is rendered with its findings in a banner at the top of its page, and an
entry that cannot be read at all is a page of its findings. A focused preview
(:mod:`build_tools.preview.focus`) drops every other entry before any is read.
"""

from __future__ import annotations

import dataclasses
import os
from html import escape
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from build_tools import heap
from build_tools.anchors import OWN_ID, strip_own_marks
from build_tools.check import CheckedFile, CheckSettings, check_parsed
from build_tools.content import (
    AUTHORS_FILE,
    ENTRIES_DIR,
    SNAPSHOTS_DIR,
    display_path,
    load_authors,
    outside_project,
    read_entry_file,
)
from build_tools.crossref.digest import link_diagnostics
from build_tools.errors import FatalError
from build_tools.evidence.pages import snapshot_pages
from build_tools.evidence.require import LEVELS, below_required
from build_tools.evidence.verify import SnapshotStore, recorded, render_with
from build_tools.fields import THEME_KEYS
from build_tools.guide import RULES_PLACEHOLDER, rules_markdown
from build_tools.model import Diagnostic, Problem, Severity
from build_tools.parse.body import BodyReader
from build_tools.parse.entry import (
    ParsedFile,
    convertible,
    first_line_of,
    read_entry,
    read_entry_body,
)
from build_tools.parse.text import Unreadable
from build_tools.preview.banner import findings_banner, focus_note
from build_tools.preview.focus import focused
from build_tools.preview.templates import MemoryBytecodeCache
from build_tools.render.entry_parts import forget_sourcing_lines
from build_tools.render.extension import SourcetraceExtension
from build_tools.rules.hedges import HedgeListError
from build_tools.rules.registry import RULES
from build_tools.site.csp import PagePolicy, apply_policy, page_policy, with_policy
from build_tools.site.dates import shown_date
from build_tools.site.feeds import FeedInfo
from build_tools.site.generated import GeneratedPage
from build_tools.site.jsonld import entry_jsonld
from build_tools.site.listings import TEMPLATE as LISTING_TEMPLATE
from build_tools.site.listings import ListingPage, card, listing_pages
from build_tools.site.markup import inline_text
from build_tools.site.moved_ids import MovedIds
from build_tools.site.pagefind import SearchIndexError, index_site
from build_tools.site.pages import site_files, site_pages
from build_tools.site.published import PublishedEntry
from build_tools.site.redirects import year_redirects
from build_tools.site.sanitize import sanitize_page, sanitize_with_moves
from build_tools.site.search_index import escape_search_tags, page_only_out_of_search
from build_tools.site.sources_index import sources_generated_pages
from build_tools.site.tags import tag_pages
from build_tools.site_config import load_config as load_site_config

log = get_plugin_logger("sourcetrace")

ENTRY_TEMPLATE = "blog-post.html"


def _shown(path: Path, config: MkDocsConfig) -> str:
    """A path as diagnostics show it: relative to the project (mkdocs.yml's folder).

    A focused preview builds from a folder of links to the project's files: a file
    reached through one is named as the project's own.
    """
    if config.config_file_path:
        project = Path(config.config_file_path).parent
        if path.is_relative_to(project):
            return path.relative_to(project).as_posix()
        real, real_project = Path(os.path.realpath(path)), Path(os.path.realpath(project))
        if real.is_relative_to(real_project):
            return real.relative_to(real_project).as_posix()
    return display_path(path)


def _errors(count: int) -> str:
    return f"{count} error" if count == 1 else f"{count} errors"


class SourcetraceConfig(base.Config):
    """Options of the ``sourcetrace`` plugin in mkdocs.yml."""

    search = options.Choice(("material", "pagefind"), default="material")
    # Off only in tests that show the Content-Security-Policy stops what the sanitiser would.
    sanitize = options.Type(bool, default=True)
    # House style differs: phrases to add to or remove from the hedge list, per language,
    # e.g. {en: {add: ["insiders say"], remove: ["apparently"]}}.
    hedges = options.Type(dict, default={})
    # Evidence levels every published entry must reach (as `sourcetrace check --require`).
    require = options.ListOfItems(options.Choice(LEVELS), default=[])
    # Publish snapshot pages (off: the store may hold third-party copies the digest may
    # not republish). When on, a snapshot is a copy readers can open.
    publish_snapshots = options.Type(bool, default=False)


class SourcetracePlugin(BasePlugin[SourcetraceConfig]):
    """Check entries while building and render their citations and sources."""

    def __init__(self) -> None:
        self.extension = SourcetraceExtension(standalone=False, mark_own_ids=True)
        self.checked: dict[str, CheckedFile] = {}
        # Entries whose front-matter is read and whose body MkDocs has still to convert.
        self.pending: dict[str, ParsedFile] = {}
        self.authors: dict[str, str] | None = None
        self.settings = CheckSettings()
        self.reader: BodyReader | None = None
        self.errors = 0
        self.urls: dict[str, str] = {}
        self.listings: dict[str, ListingPage] = {}
        self.language = "en"
        self.overrides: dict[str, bool] = {}
        # The published entries with their bodies read, by URL: what the cards show.
        self.read_by_url: dict[str, PublishedEntry] = {}
        self.full_pages: dict[str, GeneratedPage] | None = None
        self.published: list[PublishedEntry] = []
        self.tags = tag_pages([])
        self.author_names: dict[str, str] = {}
        self.generated: dict[str, GeneratedPage] = {}
        self.serving = False
        # The preview's findings by page (src_uri), shown in a banner on the page.
        self.findings: dict[str, list[Diagnostic]] = {}
        # The preview's banner atop each entry page, to add the link findings to.
        self.banners: dict[str, str] = {}
        # Entries of a focused preview (src_uri), or None for every entry.
        self.focus: frozenset[str] | None = None
        # The preview's compiled templates, kept from one rebuild to the next.
        self.templates = MemoryBytecodeCache()
        # The policy of each page written so far (path under site_dir), for _headers.
        self.policies: dict[str, PagePolicy] = {}
        # The ids each page's sanitising moved, for links from other pages to follow.
        self.moved_ids = MovedIds()
        self.dirty = False
        self.material_search = False
        # The collector's settings from before this build (see build_tools.heap).
        self.collector: heap.Collector | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is the preview: its findings never stop the build."""
        self.serving = command == "serve"
        # A dirty build converts only the pages that changed: the others' moves stand.
        self.dirty = dirty

    def _stop(self, message: str) -> None:
        """Stop a published build; in the preview, log the reason and go on."""
        if not self.serving:
            raise PluginError(message)
        log.error(message.replace("the site was not built", "the preview goes on"))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the rendering extension to the site's Markdown; collect garbage less often."""
        if self.collector is None:
            self.collector = heap.relax()
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        # Entries without a language of their own are read, split into sentences and
        # dated in the site's, as `sourcetrace check` reads them.
        self.language = config.theme.get("language") or "en"
        self.extension.set_language(self.language)
        # Material's search reads exclusions from the page and removes them once read.
        search = config.plugins.get("material/search")
        self.material_search = search is not None and bool(search.config.get("enabled", True))
        return config

    # Before every other plugin's on_files, so entries' front-matter is read and checked
    # (and a focused preview's other entries dropped) before anyone else reads it.
    @event_priority(100)
    def _read_entries(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read every entry's front-matter; bodies are read as MkDocs converts them."""
        docs_dir = Path(config.docs_dir)
        self.checked = {}
        self.pending = {}
        self.findings = {}
        self.banners = {}
        self.policies = {}
        if not self.dirty:
            self.moved_ids.clear()
        self.errors = 0
        self.reader = None
        self.extension.clear_claim_anchors()
        forget_sourcing_lines()
        # Entries are the docs folder's entries/, for the build as for `sourcetrace check`.
        prefix = ENTRIES_DIR + "/"
        self._drop_unfocused(files, prefix)
        self._read_authors(docs_dir, config)
        self._refuse_links_outside(files, docs_dir, config)
        language = self.language
        store = SnapshotStore(docs_dir / SNAPSHOTS_DIR)
        try:
            self.settings = CheckSettings.of(None, self.config.hedges or None, store, language)
        except HedgeListError as error:
            self._stop(f"plugin sourcetrace: {error}")
            self.settings = CheckSettings.of(None, None, store, language)
        # Pages are drawn before their entry is checked: name the store they verify with.
        render_with(self.settings.snapshots, published=self.config.publish_snapshots)
        unreadable: list[File] = []
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            path = Path(file.abs_src_path or docs_dir / file.src_uri)
            shown = _shown(path, config)
            data = read_entry_file(path)  # never blocks on a pipe; reads at most the limit
            if isinstance(data, Unreadable):
                message = data.message
                if self.focus is not None and path.is_symlink() and not path.exists():
                    # The focused view's own link to the entry: the file itself is gone.
                    message = (
                        "the entry was deleted or renamed while the preview ran: put it back, "
                        "or start the preview again with the entries as they are named now"
                    )
                problem = Problem("ST000", data.position, message)
                self._record(file.src_uri, check_parsed(shown, ParsedFile(None, (problem,))))
                unreadable.append(file)
                continue
            parsed = convertible(read_entry(shown, data))
            if parsed.entry is None:
                self._record(file.src_uri, check_parsed(shown, parsed))
                unreadable.append(file)
            elif parsed.entry.draft:
                file.inclusion = InclusionLevel.DRAFT  # checked, served locally, not published
                if self.serving:
                    self.pending[file.src_uri] = parsed  # the preview renders drafts
                else:
                    # `mkdocs build` never converts a draft: read it as `check` does.
                    self._check_unconverted(file.src_uri, parsed, config)
            else:
                self.pending[file.src_uri] = parsed
        # An entry whose front-matter cannot be read at all stops the build here: no page
        # can be made of it. The preview shows each in its place instead, and counts it
        # with the rest in on_env.
        if unreadable and not self.serving:
            raise PluginError(
                f"{_errors(self.errors)} in entries (listed above); the site was not built"
            )
        for file in unreadable:
            self._show_unreadable(file, files, config)
        return files

    def _drop_unfocused(self, files: Files, prefix: str) -> None:
        """In a focused preview, leave out every entry not named, before any is read."""
        try:
            self.focus = focused()
        except ValueError as error:
            raise PluginError(f"plugin sourcetrace: {error}") from error
        if self.focus is None:
            return
        for file in [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]:
            if file.src_uri not in self.focus:
                files.remove(file)

    def _show_unreadable(self, file: File, files: Files, config: MkDocsConfig) -> None:
        """Put a page of its findings at the address of an entry that cannot be read.

        MkDocs would read the file again (a pipe, a huge file: what ST000 is about), so
        the file is taken out and a generated page stands in its place, outside the
        entries folder (no other plugin takes it for an entry) but published at the
        entry's own address.
        """
        files.remove(file)
        stand_in = File.generated(
            config,
            f"_unreadable/{file.src_uri}",
            content=f"# Entry not readable: {inline_text(file.src_uri)}\n",
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        stand_in.dest_uri = file.dest_uri
        files.append(stand_in)
        self.findings[stand_in.src_uri] = self.findings.pop(file.src_uri, [])

    def _read_authors(self, docs_dir: Path, config: MkDocsConfig) -> None:
        try:
            authors = load_authors(docs_dir, shown=_shown(docs_dir / AUTHORS_FILE, config))
        except FatalError as error:
            self._stop(str(error))
            authors = None
        names = authors.names if authors is not None else None
        # Pages, feeds and JSON-LD show an author's name (controls removed); an id
        # without one shows as is.
        self.author_names = dict(names or {})
        self.authors = names
        self.extension.author_names = self.author_names
        for finding in authors.findings if authors is not None else ():
            self._log(finding)

    def _refuse_links_outside(self, files: Files, docs_dir: Path, config: MkDocsConfig) -> None:
        """Stop before a link under the docs folder copies a file from elsewhere into the site."""
        project = Path(config.config_file_path).parent if config.config_file_path else docs_dir
        outside = [
            (file, message)
            for file in files
            if file.abs_src_path is not None
            and (message := outside_project(Path(file.abs_src_path), project)) is not None
        ]
        for _, message in outside:
            log.error(f"ST000 {message}")
        if outside:
            self._stop(
                f"{len(outside)} link(s) under the docs folder lead outside the project "
                "(listed above); the site was not built"
            )
            # The preview goes on without them: nothing from outside is copied, even there.
            for file, _ in outside:
                files.remove(file)

    def _log(self, diagnostic: Diagnostic, src_uri: str | None = None) -> None:
        if src_uri is not None:
            self.findings.setdefault(src_uri, []).append(diagnostic)
        if diagnostic.severity is Severity.ERROR:
            self.errors += 1
            log.error(diagnostic.format())
        else:
            log.warning(diagnostic.format())  # fails `mkdocs build --strict`

    def _record(self, src_uri: str, checked: CheckedFile) -> None:
        """Keep an entry's findings and log each; the build fails once, in on_env."""
        self.checked[src_uri] = checked
        for diagnostic in checked.diagnostics:
            self._log(diagnostic, src_uri)
        entry = checked.entry
        if entry is not None and not entry.draft and self.config.require:
            for rule_id, position, message in below_required(
                entry, recorded(entry), self.config.require, self.config.publish_snapshots
            ):
                self._log(
                    Diagnostic(checked.path, position, rule_id, RULES[rule_id].severity, message),
                    src_uri,
                )

    def _reader(self, config: MkDocsConfig) -> BodyReader:
        """A reader of bodies no page converts, with the site's extensions but ours."""
        if self.reader is None:
            ours = [e for e in config.markdown_extensions if e is not self.extension]  # type: ignore[comparison-overlap]
            self.reader = BodyReader(ours, config.mdx_configs, language=self.language)
        return self.reader

    def _check_unconverted(self, src_uri: str, parsed: ParsedFile, config: MkDocsConfig) -> None:
        read = read_entry_body(parsed, self._reader(config))
        path = parsed.entry.path if parsed.entry is not None else src_uri
        self._record(
            src_uri,
            check_parsed(path, read, authors=self.authors, settings=self.settings),
        )

    # After every other plugin's on_files, so that each entry has its final URL.
    @event_priority(-100)
    def _add_site_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the listings, Sources, tag and archive pages, made from the published entries."""
        # The front-matter is all these pages need; the bodies are read later.
        self.published = []
        for src_uri, parsed in self.pending.items():
            file = files.get_file_from_path(src_uri)
            # Drafts are pending only in the preview, which renders them; listings leave
            # them out there too, as the published build does.
            if parsed.entry is not None and not parsed.entry.draft and file is not None:
                self.published.append(PublishedEntry(parsed.entry, file.url))
        self.urls = {p.entry.path: p.url for p in self.published}
        self.tags = tag_pages(self.published, self.language)
        self.listings = listing_pages(self.published)
        self.overrides = {}
        self.full_pages = None
        generated = site_pages(
            self.published,
            self.tags,
            listings=self.listings,
            pagefind=self.config.search == "pagefind",
            language=self.language,
        )
        if self.config.publish_snapshots and self.settings.snapshots is not None:
            generated.update(snapshot_pages(self.published, self.settings.snapshots))
        # The pages on_page_content has work to do for: add a body, or keep out of search.
        self.generated = {
            path: page for path, page in generated.items() if page.html or not page.searchable
        }
        for path, page in generated.items():
            files.append(File.generated(config, path, content=page.markdown))
        return files

    on_files = CombinedEvent(_read_entries, _add_site_pages)

    def _with_bodies(self, path: str, generated: GeneratedPage) -> GeneratedPage:
        """The page as it is once the bodies are read: tag and Sources pages count claims.

        MkDocs converts the generated pages after every entry (they are added last), so
        by the first of them every entry's body has been read. Tag pages show each
        entry's sourcing line, Sources pages which sources are cited and which are only
        in a chain; the others need the front-matter alone.
        """
        if self.full_pages is None:
            read = {c.entry.path: c.entry for c in self.checked.values() if c.entry is not None}
            published = [
                PublishedEntry(read.get(p.entry.path, p.entry), p.url) for p in self.published
            ]
            self.full_pages = tag_pages(published, self.language).generated_pages()
            self.full_pages.update(sources_generated_pages(published, self.language))
        return self.full_pages.get(path, generated)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand the entry this page renders to the extension (None for ordinary pages).

        Entries are laid out by overrides/blog-post.html (the name Material's and
        Zensical's blogs give a post's template) without the site navigation; listings
        by overrides/listing.html.
        """
        parsed = self.pending.get(page.file.src_uri)
        if parsed is None or parsed.entry is None:
            self.extension.set_entry(None)
        else:
            self.extension.set_entry(parsed.entry, first_line_of(parsed, markdown))
            # The check refuses these (ST003); the preview, which renders an entry with
            # errors, must not act on them ("template: nowhere.html" would stop it).
            for key in THEME_KEYS:
                page.meta.pop(key, None)
            if self._overridden(config, ENTRY_TEMPLATE):
                page.meta.setdefault("template", ENTRY_TEMPLATE)
            hidden = page.meta.get("hide")
            hidden = list(hidden) if isinstance(hidden, list) else []
            page.meta["hide"] = hidden if "navigation" in hidden else [*hidden, "navigation"]
        if page.file.src_uri in self.listings and self._overridden(config, LISTING_TEMPLATE):
            page.meta["template"] = LISTING_TEMPLATE
        if RULES_PLACEHOLDER not in markdown:
            return markdown
        return markdown.replace(RULES_PLACEHOLDER, rules_markdown())

    def _overridden(self, config: MkDocsConfig, template: str) -> bool:
        """Whether the site's own templates (the theme's custom_dir) have ``template``.

        A site without the digest's overrides keeps the theme's default templates:
        Material's blog-post.html expects a blog's post, and it has no listing.html.
        """
        if template not in self.overrides:
            custom = config.theme.custom_dir
            self.overrides[template] = custom is not None and Path(custom, template).is_file()
        return self.overrides[template]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Add an entry's heading and JSON-LD, a generated page's body, the preview's notes."""
        # The sanitiser reads the marks on the renderer's own ids and drops them; whatever
        # else the page holds, no mark reaches a reader.
        if self.config.sanitize:
            html, moved = sanitize_with_moves(html)
            self.moved_ids.record(page.url, moved)
        else:
            html = strip_own_marks(html)
        # MkDocs collected ids and links to them from the marked tree: validate them unmarked.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = {strip_own_marks(a) for a in page.present_anchor_ids}
        for links in (page.links_to_anchors or {}).values():
            for anchor in [a for a in links if OWN_ID in a]:
                links[strip_own_marks(anchor)] = strip_own_marks(links.pop(anchor))
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            html = self._preview_notes(page.file.src_uri) + html
            generated = self._with_bodies(page.file.src_uri, generated)
            if page.present_anchor_ids is not None:
                page.present_anchor_ids = page.present_anchor_ids | set(generated.anchors)
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}  # read by Material's search plugin
            extra = sanitize_page(generated.html) if self.config.sanitize else generated.html
            return f"{html}\n{extra}" if extra else html
        parsed = self.pending.pop(page.file.src_uri, None)
        if parsed is None or parsed.entry is None:
            return self._preview_notes(page.file.src_uri) + html
        if self.extension.front is parsed.entry and self.extension.entry is not None:
            # The conversion that rendered the entry read it: check what was rendered.
            read = dataclasses.replace(parsed, entry=self.extension.entry)
        else:
            # Python-Markdown returns at once for a blank body, before any of its
            # processors: nothing read this entry (and what the extension holds is the
            # entry converted before it). Read it now, as a draft is read.
            self.extension.set_entry(None)
            read = read_entry_body(parsed, self._reader(config))
        checked = check_parsed(
            parsed.entry.path, read, authors=self.authors, settings=self.settings
        )
        self._record(page.file.src_uri, checked)
        entry = checked.entry
        if entry is None:
            return self._preview_notes(page.file.src_uri) + html
        # Checked now, so the page's banner lists every finding of the entry.
        banner = self._preview_notes(page.file.src_uri)
        self.banners[page.file.src_uri] = banner
        url = page.canonical_url or page.url
        # The entry's own escaped h1: without one, Material's template writes the title
        # itself and its search index takes the front-matter title as HTML.
        heading = f'<h1 id="entry-title">{escape(entry.title)}</h1>\n'
        if self.material_search:
            html = page_only_out_of_search(html)
        jsonld = entry_jsonld(entry, url, self.author_names, config.site_name)
        return banner + heading + html + jsonld

    def _preview_notes(self, src_uri: str) -> str:
        """The preview's notes at the top of a page: the focus, and the page's findings.

        Only the preview has them; they are built as escaped HTML and pass the sanitiser.
        """
        if not self.serving:
            return ""
        notes = focus_note(len(self.focus)) if self.focus is not None else ""
        notes += findings_banner(self.findings.get(src_uri, ()))
        return sanitize_page(notes) if notes and self.config.sanitize else notes

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give templates the tag pages' addresses and dates in words; fail on errors."""
        # No entry is being rendered any more: any later conversion is not the last entry.
        self.extension.set_entry(None)
        # An entry no page rendered (another plugin took it out) is still checked.
        for src_uri, parsed in list(self.pending.items()):
            self._check_unconverted(src_uri, parsed, config)
        self.pending = {}
        if self.serving and self.focus is None:
            self._note_link_findings(config)
        # Every page is converted and none is written yet: fail now, once, if need be.
        if self.errors:
            self._stop(f"{_errors(self.errors)} in entries (listed above); the site was not built")
        self.published = [
            PublishedEntry(checked.entry, self.urls[checked.entry.path])
            for checked in self.checked.values()
            if checked.entry is not None
            and not checked.entry.draft
            and checked.entry.path in self.urls
        ]
        self.read_by_url = {p.url: p for p in self.published}
        if self.serving:
            env.bytecode_cache = self.templates
        env.filters["tag_url"] = self.tags.url
        language = self.language
        env.filters["date"] = lambda day: shown_date(day, language) if day else ""
        return env

    def _note_link_findings(self, config: MkDocsConfig) -> None:
        """In the preview, the entries' links judged as `sourcetrace check` judges them (ST054).

        The published build leaves links to MkDocs' validation, whose warnings fail it
        in strict mode but name no line; the preview lists them in each entry's banner,
        with their places, as `check` does. Not in a focused preview, whose docs folder
        holds only the entries named: every link to another entry would seem broken.
        """
        if not config.config_file_path:
            return
        try:
            whole = load_site_config(Path(config.config_file_path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return  # MkDocs has read it: what it could not, it has said
        checked = [
            (src_uri, done.path, done.entry)
            for src_uri, done in self.checked.items()
            if done.entry is not None
        ]
        by_path = {shown: src_uri for src_uri, shown, _ in checked}
        found = link_diagnostics(
            checked,
            docs_dir=Path(config.docs_dir),
            config=whole,
            plugin=dict(self.config),
            reader=self._reader(config),
            read=read_entry_file,
            store=self.settings.snapshots,
            language=self.language,
        )
        for shown, diagnostics in found.items():
            for diagnostic in diagnostics:
                self._log(diagnostic, by_path.get(shown))

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Point links at ids other pages moved; give a listing page its cards and pager."""
        # Every page is converted and sanitised by now, so every move is known.
        if page.content:
            page.content = self.moved_ids.follow(page.content, page.url)
        banner = self.banners.get(page.file.src_uri)
        if banner is not None and page.content and page.content.startswith(banner):
            # The link findings came after the page was converted: its banner again.
            page.content = self._preview_notes(page.file.src_uri) + page.content[len(banner) :]
        listing = self.listings.get(page.file.src_uri)
        if listing is not None:
            context["listing"] = [card(self.read_by_url.get(p.url, p)) for p in listing.entries]
            context["pagination"] = listing.pager
        return context

    # After every other plugin: the page gets its policy as MkDocs writes it, so no page
    # is read back and written again after the build.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Give a page its Content-Security-Policy (not in the preview: see on_post_build)."""
        return self._with_policy(page.file.dest_uri, output)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Give a page made from a template alone (404.html) its policy."""
        if not template_name.endswith(".html"):
            return output_content
        return self._with_policy(template_name, output_content)

    def _with_policy(self, dest: str, html: str) -> str:
        if self.serving or not html.strip():
            return html
        page = page_policy(html)
        self.policies[dest] = page
        return with_policy(html, page)

    # After Material's search plugin has written its index (it runs at the default priority).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write claims.json, sources.json and the feeds; make the search index safe."""
        # Material's search copies each page's tags into its index as they are written,
        # and its results insert them as HTML: a tag holding markup would run there.
        escape_search_tags(Path(config.site_dir))
        info = FeedInfo(
            config.site_url or "",
            config.site_name,
            config.site_description or "",
            self.author_names,
        )
        for path, text in site_files(self.published, info, self.extension.claim_anchors).items():
            Path(config.site_dir, path).write_text(text, encoding="utf-8")
        self._write_redirects(Path(config.site_dir))
        # The preview's live reload is a script MkDocs writes into each page as it serves
        # it; the policy would stop it. Published builds always carry the policy.
        if not self.serving:
            apply_policy(Path(config.site_dir), self.policies)
        if self.config.search == "pagefind":
            try:
                index_site(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from error
        self._restore_collector()

    def _write_redirects(self, site_dir: Path) -> None:
        """Send the addresses of year pages a publisher no longer has to its page."""
        for path, html in year_redirects(self.published, self.language).items():
            target = site_dir / path
            if target.exists():
                continue  # a page of the site's own at that address comes first
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self._with_policy(path, html), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the collector as it found it, too."""
        self._restore_collector()

    def on_shutdown(self) -> None:
        """The preview's end: the collector as it was before the first build."""
        self._restore_collector()

    def _restore_collector(self) -> None:
        heap.restore(self.collector)
        self.collector = None
