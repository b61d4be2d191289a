"""A page the site generates: Markdown for MkDocs to render, and HTML to add as it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One generated page, in two parts.

    MkDocs renders ``markdown`` (a heading at least: it gives the page its title and its
    table of contents); ``html``, already escaped, is added after the rendered Markdown as
    it is. A listing of a thousand sources is plain HTML, and handing it to
    Python-Markdown as a raw HTML block would only make it and MkDocs take it apart to put
    it back unchanged. ``anchors`` are the ids ``html`` holds, so that MkDocs can still
    check links to them. A page that is not ``searchable`` is left out of Material's
    search index.
    """

    markdown: str
    html: str = ""
    anchors: tuple[str, ...] = ()
    searchable: bool = True

    @property
    def document(self) -> str:
        """The whole page as one Markdown document (the HTML as a raw HTML block)."""
        return f"{self.markdown}\n{self.html}" if self.html else self.markdown
