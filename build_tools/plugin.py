"""The MkDocs adapter: the only module that imports MkDocs.

It checks every entry once, before anything is rendered, logs each finding
through MkDocs' plugin logger and stops the build when any is an error; then
it hands each entry page's already-read entry to the Markdown extension.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from build_tools.check import CheckedFile, check_entry
from build_tools.content import ENTRIES_DIR, display_path, read_authors
from build_tools.errors import FatalError
from build_tools.guide import RULES_PLACEHOLDER, rules_markdown
from build_tools.model import Severity
from build_tools.render.extension import SourcetraceExtension

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


class SourcetracePlugin(BasePlugin[SourcetraceConfig]):
    """Check entries while building and render their citations and sources."""

    def __init__(self) -> None:
        self.extension = SourcetraceExtension(standalone=False)
        self.checked: dict[str, CheckedFile] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the rendering extension to the site's Markdown."""
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        return config

    # Before every other plugin's on_files (the blog plugin's among them), so
    # entries are checked before anyone else reads their front-matter.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read and check every entry; fail once, after logging every finding."""
        docs_dir = Path(config.docs_dir)
        try:
            authors = read_authors(docs_dir)
        except FatalError as error:
            raise PluginError(str(error)) from error
        prefix = self.config.entries_dir.strip("/") + "/"
        self.checked = {}
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

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Hand the entry this page renders to the extension (None for ordinary pages)."""
        checked = self.checked.get(page.file.src_uri)
        self.extension.set_entry(checked.entry if checked else None)
        return markdown.replace(RULES_PLACEHOLDER, rules_markdown())
