"""The MkDocs adapter: the only module that imports MkDocs.

It checks every entry once, before anything is rendered, logs each finding
through MkDocs' plugin logger and stops the build when any is an error; then
it hands each entry page's already-read entry to the Markdown extension.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from build_tools.anchors import OWN_ID, strip_own_marks
from build_tools.check import CheckedFile, check_entry
from build_tools.content import ENTRIES_DIR, display_path, read_authors
from build_tools.errors import FatalError
from build_tools.guide import RULES_PLACEHOLDER, rules_markdown
from build_tools.model import Severity
from build_tools.render.entry_parts import sourcing_line
from build_tools.render.extension import SourcetraceExtension
from build_tools.site.csp import apply_policy
from build_tools.site.feeds import FeedInfo
from build_tools.site.generated import GeneratedPage
from build_tools.site.jsonld import entry_jsonld
from build_tools.site.markup import inline_text
from build_tools.site.membership import IdentityList
from build_tools.site.pagefind import SearchIndexError, index_site
from build_tools.site.pages import site_files, site_pages
from build_tools.site.published import PublishedEntry
from build_tools.site.sanitize import sanitize_page
from build_tools.site.search_index import escape_search_tags
from build_tools.site.tags import tag_pages

log = get_plugin_logger("sourcetrace")


def _shown(path: Path, config: MkDocsConfig) -> str:
    """A path as diagnostics show it: relative to the project (mkdocs.yml's folder)."""
    if config.config_file_path:
        try:
            return path.relative_to(Path(config.config_file_path).parent).as_posix()
        except ValueError:
            pass
    return display_path(path)


class SourcetraceConfig(base.Config):
    """Options of the ``sourcetrace`` plugin in mkdocs.yml."""

    entries_dir = options.Type(str, default=ENTRIES_DIR)
    search = options.Choice(("material", "pagefind"), default="material")
    # Off only in tests that show the Content-Security-Policy stops what the sanitiser would.
    sanitize = options.Type(bool, default=True)


class SourcetracePlugin(BasePlugin[SourcetraceConfig]):
    """Check entries while building and render their citations and sources."""

    def __init__(self) -> None:
        self.extension = SourcetraceExtension(standalone=False, mark_own_ids=True)
        self.checked: dict[str, CheckedFile] = {}
        self.published: list[PublishedEntry] = []
        self.tags = tag_pages([])
        self.author_names: dict[str, str] = {}
        self.generated: dict[str, GeneratedPage] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the rendering extension to the site's Markdown."""
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        return config

    # Before every other plugin's on_files (the blog plugin's among them), so
    # entries are checked before anyone else reads their front-matter.
    @event_priority(100)
    def _check_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read and check every entry; fail once, after logging every finding."""
        docs_dir = Path(config.docs_dir)
        try:
            authors = read_authors(docs_dir)
        except FatalError as error:
            raise PluginError(str(error)) from error
        # Pages, feeds and JSON-LD show an author's name; an id without one shows as is.
        self.author_names = dict(authors or {})
        self.extension.author_names = self.author_names
        prefix = self.config.entries_dir.strip("/") + "/"
        self.checked = {}
        self.extension.clear_claim_anchors()
        errors = 0
        for file in files.documentation_pages():
            if not file.src_uri.startswith(prefix):
                continue
            path = Path(file.abs_src_path or docs_dir / file.src_uri)
            checked = check_entry(_shown(path, config), path.read_bytes(), authors=authors)
            self.checked[file.src_uri] = checked
            for diagnostic in checked.diagnostics:
                if diagnostic.severity is Severity.ERROR:
                    errors += 1
                    log.error(diagnostic.format())
                else:
                    log.warning(diagnostic.format())
            if checked.entry is not None and checked.entry.draft:
                file.inclusion = InclusionLevel.DRAFT  # checked, served locally, not published
        if errors:
            noun = "error" if errors == 1 else "errors"
            raise PluginError(f"{errors} {noun} in entries (listed above); the site was not built")
        return files

    # After the blog plugin (priority -50) has given each entry its final URL.
    @event_priority(-100)
    def _add_site_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the Sources, tag and archive pages, built from the published entries."""
        self.published = []
        for src_uri, checked in self.checked.items():
            file = files.get_file_from_path(src_uri)
            if checked.entry is not None and not checked.entry.draft and file is not None:
                self.published.append(PublishedEntry(checked.entry, file.url))
        self.tags = tag_pages(self.published)
        # Material's blog plugin asks "page not in posts" twice for every page; as a plain
        # list of pages that is quadratic in the number of entries (bench/site_bench.py).
        blog = config.plugins.get("material/blog")
        if blog is not None and getattr(blog, "blog", None) is not None:
            blog.blog.posts = IdentityList(blog.blog.posts)
        pagefind = self.config.search == "pagefind"
        generated = site_pages(
            self.published, self.tags, archive_index=blog is not None, pagefind=pagefind
        )
        # The pages on_page_content has work to do for: add a body, or keep out of search.
        self.generated = {
            path: page for path, page in generated.items() if page.html or not page.searchable
        }
        for path, page in generated.items():
            files.append(File.generated(config, path, content=page.markdown))
        return files

    on_files = CombinedEvent(_check_files, _add_site_pages)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand the entry this page renders to the extension (None for ordinary pages)."""
        checked = self.checked.get(page.file.src_uri)
        self.extension.set_entry(checked.entry if checked else None)
        if checked is not None and checked.entry is not None:
            page.meta["sourcing_summary"] = sourcing_line(checked.entry)
        if RULES_PLACEHOLDER not in markdown:
            return markdown
        return markdown.replace(RULES_PLACEHOLDER, rules_markdown())

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Add an entry's JSON-LD or a generated page's body; give the blog only the summary."""
        # The sanitiser reads the marks on the renderer's own ids and drops them; whatever
        # else the page holds, no mark reaches a reader.
        html = strip_own_marks(sanitize_page(html) if self.config.sanitize else html)
        # MkDocs collected ids and links to them from the marked tree: validate them unmarked.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = {strip_own_marks(a) for a in page.present_anchor_ids}
        for links in (page.links_to_anchors or {}).values():
            for anchor in [a for a in links if OWN_ID in a]:
                links[strip_own_marks(anchor)] = strip_own_marks(links.pop(anchor))
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            if page.present_anchor_ids is not None:
                page.present_anchor_ids = page.present_anchor_ids | set(generated.anchors)
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}  # read by Material's search plugin
            extra = sanitize_page(generated.html) if self.config.sanitize else generated.html
            return f"{html}\n{extra}" if extra else html
        checked = self.checked.get(page.file.src_uri)
        if checked is None or checked.entry is None:
            return html
        # The blog plugin renders each entry's excerpt for the home and archive pages from
        # page.markdown, after every page is rendered; the cards show the summary only.
        page.markdown = inline_text(checked.entry.summary) + "\n\n<!-- more -->\n"
        url = page.canonical_url or page.url
        # The entry's own escaped h1: without one, Material's template writes the title
        # itself and its search index takes the front-matter title as HTML.
        heading = f'<h1 id="entry-title">{escape(checked.entry.title)}</h1>\n'
        jsonld = entry_jsonld(checked.entry, url, self.author_names, config.site_name)
        return heading + html + jsonld

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give templates the tag pages' addresses; no entry is being rendered any more."""
        # The blog plugin renders excerpts with the site's Markdown extensions after all
        # pages: without this, they would be rendered as the last entry.
        self.extension.set_entry(None)
        env.filters["tag_url"] = self.tags.url
        return env

    # After Material's search plugin has written its index (it runs at the default priority).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write claims.json, sources.json and the feeds; make the search index safe."""
        # Material's search copies each page's tags into its index as they are written,
        # and its results insert them as HTML: a tag holding markup would run there.
        escape_search_tags(Path(config.site_dir))
        info = FeedInfo(
            config.site_url or "", config.site_name, config.site_description or "",
            self.author_names,
        )
        for path, text in site_files(self.published, info, self.extension.claim_anchors).items():
            Path(config.site_dir, path).write_text(text, encoding="utf-8")
        apply_policy(Path(config.site_dir))
        if self.config.search == "pagefind":
            try:
                index_site(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from error
