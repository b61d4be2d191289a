"""A Python-Markdown extension that gives an entry its front-matter back under Zensical.

Zensical reads a page's front-matter itself (in Rust) and hands Python-Markdown only the
body, so ``build_tools.render.extension`` used without the MkDocs plugin sees an entry
with no sources, and leaves every ``[@id]`` as written. Zensical does register a
``rendering_context`` preprocessor that knows the page's path under ``docs_dir``; this
reads that file's front-matter again and puts it in front of the body, where the
extension's standalone mode reads it.

The extension does not do this itself yet; until it does, a Zensical site lists this
before it in ``markdown_extensions``. (It belongs in the extension's ``document()``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

CONTEXT = "rendering_context"


def front_matter(text: str) -> list[str]:
    """The lines of ``text``'s front-matter block with its fences, or none."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return []
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return lines[: number + 1]
    return []


class RestoreFrontMatter(Preprocessor):
    """Put the page file's front-matter back before the sourcetrace extension runs."""

    def run(self, lines: list[str]) -> list[str]:
        if CONTEXT not in self.md.preprocessors or (lines and lines[0].rstrip() == "---"):
            return lines
        context: Any = self.md.preprocessors[CONTEXT]
        page = Path(context.config["docs_dir"]) / context.page.path
        # Pages Zensical writes itself (a listing's page/2/) have no file.
        if not page.is_file():
            return lines
        return front_matter(page.read_text(encoding="utf-8")) + lines


class ZensicalFrontMatter(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Before the sourcetrace extension's MarkCitations (35), which reads the entry.
        md.preprocessors.register(RestoreFrontMatter(md), "zensical_front_matter", 40)


def makeExtension(**kwargs: Any) -> ZensicalFrontMatter:
    return ZensicalFrontMatter(**kwargs)
