"""The Python-Markdown extension that renders an entry: citations, claim anchors, sources.

It is an extension rather than MkDocs plugin code so that any generator that runs
Python-Markdown extensions renders entries the same way. Rendering and checking
share one conversion: the reading (``parse.reading``) finds the claims and
citations in the tree as Python-Markdown builds it, and this extension turns what
it found into links and anchors in that same tree. The MkDocs plugin hands over
the entry's front-matter, already read (``set_entry``); used on its own, the
extension reads the front-matter of the document it is given.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from build_tools.anchors import OWN_ID, claim_anchors, own, strip_own_marks
from build_tools.model import Body, Entry
from build_tools.parse.entry import first_line_of, read_entry
from build_tools.parse.reading import (
    CITE_ATTRIBUTE,
    CLAIM_ATTRIBUTE,
    STRAY,
    ReadingExtension,
    is_analysis_block,
)
from build_tools.render.entry_parts import byline, editorial_note, sources_section
from build_tools.render.numbering import Numbering, citation_element
from build_tools.site.sanitize import public_id


class StandaloneFrontMatter(Preprocessor):
    """Without the MkDocs plugin: take the front-matter off the document and read it."""

    def __init__(self, md: Markdown, extension: SourcetraceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return the body, having read the front-matter (an ordinary page is left alone)."""
        extension = self.extension
        if extension.take_handed_over():
            return lines
        text = "\n".join(lines)
        if extension.getConfig("standalone") and text.startswith("---"):
            parsed = read_entry("<document>", STRAY.sub("", text).encode("utf-8"))
            if parsed.entry is not None:
                extension.begin_entry(parsed.entry, parsed.body_first_line)
                return parsed.body_text.split("\n")
        elif extension.getConfig("standalone") and _CONTEXT in self.md.preprocessors:
            # Zensical reads the front-matter itself and hands over only the body; its
            # rendering_context preprocessor knows which file the body came from.
            context: Any = self.md.preprocessors[_CONTEXT]
            page = Path(context.config["docs_dir"]) / context.page.path
            if page.is_file():
                parsed = read_entry(str(page), page.read_bytes())
                if parsed.entry is not None:
                    extension.begin_entry(parsed.entry, first_line_of(parsed, text))
                    return lines
        extension.begin_entry(None, 1)
        return lines


_CONTEXT = "rendering_context"


class RenderEntry(Treeprocessor):
    """Turn the reading's placeholders into citations and claim anchors; add the furniture."""

    def __init__(self, md: Markdown, extension: SourcetraceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        """Render the entry the reading found in this tree."""
        extension = self.extension
        front, body = extension.front, extension.reading.body
        if front is None or body is None:
            return
        entry = dataclasses.replace(front, body=body)
        extension.entry = entry
        numbering = Numbering(entry)
        anchors = extension.claim_anchors(body)
        _citations_out_of_links(root)
        for element in root.iter():
            cited = element.get(CITE_ATTRIBUTE)
            if cited is not None and element.tag == "sup":
                _become(element, citation_element(body.citations[int(cited)], entry, numbering))
                continue
            claim = element.get(CLAIM_ATTRIBUTE)
            if claim is not None:
                del element.attrib[CLAIM_ATTRIBUTE]
                element.set("class", "st-claim")
                element.set("id", own(anchors[int(claim)]))
        # Labelled as the reading tells analysis from reporting.
        for block in [*root.iter("div"), *root.iter("details")]:
            if is_analysis_block(block):
                editorial_note(block)
        language = entry.language or extension.getConfig("language")
        root.insert(0, byline(entry, extension.author_names, language))
        for part in sources_section(entry, numbering, language=language):
            root.append(part)
        for html in extension.extra_html(entry):
            placeholder = etree.SubElement(root, "p")
            placeholder.text = self.md.htmlStash.store(html)


def _citations_out_of_links(root: etree.Element) -> None:
    """Show each citation written inside a link's text outside the link, where it stands.

    ``[the minutes [@a]](https://...)`` would put the citation's own link inside the
    other, which HTML does not allow: browsers close the first link early and the
    rest of its text goes nowhere. The link is cut at the citation instead (its text
    on either side stays a link to the same address), so each citation still follows
    the words it supports; one inside emphasis in the link follows the link.
    """
    links: list[tuple[etree.Element, list[etree.Element]]] = []
    inner: set[int] = set()
    for link in root.iter("a"):  # document order: an outer link comes before its inner ones
        if id(link) in inner:
            continue
        cited = [sup for sup in link.iter("sup") if sup.get(CITE_ATTRIBUTE) is not None]
        if cited:
            links.append((link, cited))
            inner.update(id(a) for a in link.iter("a"))
    if not links:
        return
    parents = {id(child): parent for parent in root.iter() for child in parent}
    replaced = {id(link): _cut(link, cited, parents) for link, cited in links}
    holders = {id(parents[id(link)]): parents[id(link)] for link, _ in links}
    for holder in holders.values():
        holder[:] = [part for child in holder for part in replaced.get(id(child), [child])]


def _cut(
    link: etree.Element, cited: list[etree.Element], parents: dict[int, etree.Element]
) -> list[etree.Element]:
    """What takes ``link``'s place: pieces of the link, each citation after its text."""
    direct = {id(sup) for sup in cited if parents[id(sup)] is link}
    deeper = [sup for sup in cited if id(sup) not in direct]
    inside: dict[int, list[etree.Element]] = {}  # by the link's child they stand in
    for sup in deeper:
        child = sup
        while parents[id(child)] is not link:
            child = parents[id(child)]
        inside.setdefault(id(child), []).append(sup)
    _take_out(deeper, parents)
    children, tail = list(link), link.tail
    link[:] = []
    link.tail = None
    attributes = {k: v for k, v in link.attrib.items() if k != "id"}  # an id stays unique
    parts: list[etree.Element] = []
    piece = link
    for child in children:
        if id(child) in direct:
            after, child.tail = child.tail, None
            moved = [child]
        elif id(child) in inside:
            piece.append(child)
            after, child.tail = child.tail, None
            moved = inside[id(child)]
        else:
            piece.append(child)
            continue
        _keep(piece, parts)
        parts.extend(moved)
        piece = etree.Element(link.tag, attributes)
        piece.text = after
    _keep(piece, parts)
    if link not in parts:
        parts.insert(0, link)  # all citation: the address is kept, if with no words
    parts[-1].tail = (parts[-1].tail or "") + (tail or "")
    return parts


def _keep(piece: etree.Element, parts: list[etree.Element]) -> None:
    """Add a piece of a link, unless it holds only spaces: those go outside it."""
    if len(piece) or (piece.text or "").strip():
        parts.append(piece)
    elif parts and piece.text:
        parts[-1].tail = (parts[-1].tail or "") + piece.text


def _take_out(elements: list[etree.Element], parents: dict[int, etree.Element]) -> None:
    """Take ``elements`` out of their parents, each parent in one pass, keeping the text."""
    by_parent: dict[int, tuple[etree.Element, set[int]]] = {}
    for element in elements:
        parent = parents[id(element)]
        by_parent.setdefault(id(parent), (parent, set()))[1].add(id(element))
    for parent, leaving in by_parent.values():
        kept: list[etree.Element] = []
        text: list[str] = [parent.text or ""]
        for child in parent:
            if id(child) in leaving:
                text.append(child.tail or "")
                child.tail = None
            else:
                if kept:
                    kept[-1].tail = "".join(text)
                else:
                    parent.text = "".join(text)
                text = [child.tail or ""]
                kept.append(child)
        if kept:
            kept[-1].tail = "".join(text)
        else:
            parent.text = "".join(text)
        parent[:] = kept


def _become(element: etree.Element, built: etree.Element) -> None:
    """Make ``element`` the element ``built``, keeping its place and its tail."""
    tail = element.tail
    element.clear()
    element.tag = built.tag
    element.attrib.update(built.attrib)
    element.text = built.text
    element.extend(list(built))
    element.tail = tail


class OwnIdMarks(Postprocessor):
    """Drop the marks on the renderer's own ids unless a sanitiser reads the page next.

    The table of contents is built from the tree, so its ids lose their marks here too:
    the theme writes it into the page outside the sanitised content.
    """

    def __init__(self, md: Markdown, extension: SourcetraceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        """Return the page's HTML, marks kept only for a sanitiser."""
        tokens = getattr(self.md, "toc_tokens", None)
        if tokens and self.extension.getConfig("mark_own_ids"):
            # The sidebar and "skip to content" point where the sanitiser puts each id.
            _public_tokens(tokens, entry=OWN_ID in text)
        elif tokens:
            _unmark_tokens(tokens)
        if isinstance(getattr(self.md, "toc", None), str):
            self.md.toc = strip_own_marks(self.md.toc)  # type: ignore[attr-defined]
        return text if self.extension.getConfig("mark_own_ids") else strip_own_marks(text)


def _public_tokens(tokens: list[dict[str, Any]], *, entry: bool) -> None:
    for token in tokens:
        if isinstance(token.get("id"), str):
            token["id"] = public_id(token["id"], entry=entry)
        _public_tokens(token.get("children", []), entry=entry)


def _unmark_tokens(tokens: list[dict[str, Any]]) -> None:
    for token in tokens:
        if isinstance(token.get("id"), str):
            token["id"] = strip_own_marks(token["id"])
        _unmark_tokens(token.get("children", []))


class SourcetraceExtension(Extension):
    """Read and render Sourcetrace entries in one conversion.

    | processor              | registry       | priority | why there                         |
    |------------------------|----------------|----------|-----------------------------------|
    | StandaloneFrontMatter  | preprocessors  | 45       | before the reading's marker (40)  |
    | (the reading)          | see parse.reading                                       |
    | RenderEntry            | treeprocessors | 6        | after the reading (7.5) found the |
    |                        |                |          | claims, before toc (5) reads the  |
    |                        |                |          | headings                          |
    | OwnIdMarks             | postprocessors | 0        | last: page and toc are complete   |
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "standalone": [
                True,
                "read front-matter from the document itself when no entry is handed over",
            ],
            "mark_own_ids": [
                False,
                "keep the marks on the renderer's own ids for the page sanitiser (the plugin)",
            ],
            "language": ["en", "the default language of entries (BCP 47)"],
        }
        super().__init__(**kwargs)
        self.reading = ReadingExtension(language=self.getConfig("language"))
        self.front: Entry | None = None
        self.entry: Entry | None = None
        self._handed_over: tuple[Entry | None, int] | None = None
        self._extra_html: list[Any] = []
        # Author id to the name readers see; the MkDocs plugin fills it from .authors.yml.
        self.author_names: dict[str, str] = {}
        # Keyed by id(), holding the body itself so that the id cannot be reused.
        self._anchors: dict[int, tuple[Body, tuple[str, ...]]] = {}

    def set_language(self, language: str) -> None:
        """Make ``language`` the default of entries that name none, for reading and dates."""
        self.setConfig("language", language)
        self.reading.setConfig("language", language)

    def set_entry(self, entry: Entry | None, first_line: int = 1) -> None:
        """Render the next document as ``entry``, whose body starts on file line ``first_line``.

        ``entry`` holds the front-matter as read; its body is read by the conversion.
        None renders an ordinary page, which is left alone.
        """
        self._handed_over = (entry, first_line)

    def take_handed_over(self) -> bool:
        """Begin the entry handed over by ``set_entry``, if any; say whether there was one."""
        if self._handed_over is None:
            return False
        entry, first_line = self._handed_over
        self._handed_over = None
        self.begin_entry(entry, first_line)
        return True

    def begin_entry(self, entry: Entry | None, first_line: int) -> None:
        """Start converting ``entry`` (None: an ordinary page, not read)."""
        self.front = entry
        self.entry = None
        self.reading.enabled = entry is not None
        self.reading.first_line = first_line
        self.reading.language = entry.language if entry is not None else None

    def claim_anchors(self, body: Body) -> tuple[str, ...]:
        """The anchors of ``body``'s claims, worked out once per body for the whole build."""
        known = self._anchors.get(id(body))
        if known is None or known[0] is not body:
            known = (body, claim_anchors(body))
            self._anchors[id(body)] = known
        return known[1]

    def clear_claim_anchors(self) -> None:
        """Forget the anchors of a previous build's bodies."""
        self._anchors.clear()

    def add_html_source(self, source: Any) -> None:
        """Register ``source(entry) -> str``: raw HTML appended to every entry (JSON-LD)."""
        self._extra_html.append(source)

    def extra_html(self, entry: Entry) -> list[str]:
        """Raw HTML to append to ``entry``'s page."""
        return [source(entry) for source in self._extra_html]

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors (see the class docstring for the table)."""
        md.registerExtension(self)
        self.md = md
        md.preprocessors.register(StandaloneFrontMatter(md, self), "sourcetrace_front", 45)
        self.reading.extendMarkdown(md)
        md.treeprocessors.register(RenderEntry(md, self), "sourcetrace_render", 6)
        md.postprocessors.register(OwnIdMarks(md, self), "sourcetrace_own_ids", 0)

    def reset(self) -> None:
        """Forget the previous document (a handed-over entry waits for the next one)."""
        self.front = None
        self.entry = None


def makeExtension(**kwargs: Any) -> SourcetraceExtension:
    """Let Python-Markdown load the extension by its dotted name."""
    return SourcetraceExtension(**kwargs)
