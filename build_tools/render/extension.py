"""The Python-Markdown extension that renders an entry: citations, claim anchors, sources.

It is an extension rather than MkDocs plugin code so that any generator that
runs Python-Markdown extensions renders entries the same way. The MkDocs
plugin hands it the entry it has already read (``set_entry``), so each file is
read once; used on its own, the extension reads the document it is given.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from build_tools.anchors import OWN_ID, claim_anchors, own, strip_own_marks
from build_tools.model import Body, Entry
from build_tools.parse.body import read_body
from build_tools.parse.entry import parse_entry
from build_tools.render.entry_parts import byline, editorial_note, sources_section
from build_tools.render.numbering import Numbering, citation_element

# Private-use characters: they survive Python-Markdown's whitespace
# normalisation (which strips its own STX/ETX markers) and never occur in copy.
OPEN, CLOSE = "\ue000", "\ue001"
MARKER_RE = OPEN + r"([ac])(\d+)" + CLOSE
_STRAY = re.compile(f"[{OPEN}{CLOSE}{OWN_ID}]")


class _EntryState:
    """What the extension knows about the document being converted."""

    def __init__(self) -> None:
        self.entry: Entry | None = None
        self.numbering: Numbering | None = None
        self.anchors: tuple[str, ...] = ()
        self.extra_html: list[str] = []

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


class MarkCitations(Preprocessor):
    """Replace each citation with a marker and put a marker at the start of each claim."""

    def __init__(self, md: Markdown, extension: SourcetraceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        """Return the lines with markers in place of citations and before claims."""
        entry, text = self.extension.document(_STRAY.sub("", "\n".join(lines)))
        state = self.extension.state
        state.entry = entry
        if entry is None:
            return text.split("\n")
        body = entry.body
        if _given_as_read(body.text, text):
            # MkDocs (and the blog plugin) drop the blank lines after the front-matter;
            # putting them back keeps the checker's offsets valid without reading again.
            text = body.text
        else:  # another plugin changed the Markdown: read what we were given
            body = read_body(text)
            entry = Entry(**{**_fields(entry), "body": body})
            state.entry = entry
        state.numbering = Numbering(entry)
        state.anchors = self.extension.claim_anchors(body)
        edits = [(c.start, c.end, f"{OPEN}c{c.index}{CLOSE}") for c in body.citations]
        edits.extend((c.start, c.start, f"{OPEN}a{c.index}{CLOSE}") for c in body.claims)
        # Apply from the end so earlier offsets stay valid; at one offset the
        # claim marker goes before a citation that starts there.
        edits.sort(key=lambda e: (e[0], e[1] != e[0]), reverse=True)
        pieces = []
        cursor = len(text)
        for start, end, replacement in edits:
            pieces.append(text[end:cursor])
            pieces.append(replacement)
            cursor = start
        pieces.append(text[:cursor])
        return "".join(reversed(pieces)).split("\n")


def _given_as_read(read: str, given: str) -> bool:
    """Whether ``given`` is the body the checker read, less only leading blank lines.

    That is what MkDocs hands over: its front-matter reader (``mkdocs.utils.meta``, and
    Material's blog plugin likewise) strips the newlines that follow the closing ``---``.
    """
    skipped = len(read) - len(given)
    return skipped >= 0 and read.endswith(given) and read.count("\n", 0, skipped) == skipped


def _fields(entry: Entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in entry.__dataclass_fields__}


class MarkerInline(InlineProcessor):
    """Turn markers back into elements: a claim anchor or a numbered citation."""

    def __init__(self, pattern: str, extension: SourcetraceExtension) -> None:
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int, int]:
        """Return the element a marker stands for."""
        state = self.extension.state
        kind, index = m.group(1), int(m.group(2))
        if state.entry is None or state.numbering is None:
            return None, m.start(0), m.end(0)
        if kind == "a":
            anchor = etree.Element("span", {"class": "st-claim", "id": own(state.anchors[index])})
            return anchor, m.start(0), m.end(0)
        citation = state.entry.body.citations[index]
        return citation_element(citation, state.entry, state.numbering), m.start(0), m.end(0)


class EntryFurniture(Treeprocessor):
    """Add the byline at the top and the Sources section at the bottom of an entry."""

    def __init__(self, md: Markdown, extension: SourcetraceExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        """Add the entry's byline, sources and labels around its text."""
        state = self.extension.state
        if state.entry is None or state.numbering is None:
            return
        for admonition in root.iter("div"):
            if "editorial" in admonition.get("class", "").split():
                editorial_note(admonition)
        root.insert(0, byline(state.entry, self.extension.author_names))
        for element in sources_section(state.entry, state.numbering):
            root.append(element)
        for html in self.extension.extra_html(state.entry):
            placeholder = etree.SubElement(root, "p")
            placeholder.text = self.md.htmlStash.store(html)


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
        if tokens:
            _unmark_tokens(tokens)
        if isinstance(getattr(self.md, "toc", None), str):
            self.md.toc = strip_own_marks(self.md.toc)  # type: ignore[attr-defined]
        return text if self.extension.getConfig("mark_own_ids") else strip_own_marks(text)


def _unmark_tokens(tokens: list[dict[str, Any]]) -> None:
    for token in tokens:
        if isinstance(token.get("id"), str):
            token["id"] = strip_own_marks(token["id"])
        _unmark_tokens(token.get("children", []))


class SourcetraceExtension(Extension):
    """Render Sourcetrace entries.

    | processor      | registry       | priority | why there                               |
    |----------------|----------------|----------|-----------------------------------------|
    | MarkCitations  | preprocessors  | 35       | before whitespace normalisation (30)    |
    |                |                |          | expands tabs, so checker offsets match  |
    | MarkerInline   | inlinePatterns | 185      | after code spans (190), before links    |
    | EntryFurniture | treeprocessors | 15       | after inline (20) has numbered the      |
    |                |                |          | citations, before toc (5) reads headings|
    | OwnIdMarks     | postprocessors | 0        | last: the page and its toc are complete |
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
        }
        super().__init__(**kwargs)
        self.state = _EntryState()
        self._next_entry: Entry | None = None
        self._handed_over = False
        self._extra_html: list[Any] = []
        # Author id to the name readers see; the MkDocs plugin fills it from .authors.yml.
        self.author_names: dict[str, str] = {}
        # Keyed by id(), holding the body itself so that the id cannot be reused.
        self._anchors: dict[int, tuple[Body, tuple[str, ...]]] = {}

    def set_entry(self, entry: Entry | None) -> None:
        """Render the next document as ``entry`` (None: an ordinary page, left alone)."""
        self._next_entry = entry
        self._handed_over = True

    def claim_anchors(self, body: Body) -> tuple[str, ...]:
        """The anchors of ``body``'s claims, worked out once per body for the whole build.

        The site's ``claims.json`` needs the same anchors the pages carry; asking here
        spares working them out a second time for every entry.
        """
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

    def document(self, text: str) -> tuple[Entry | None, str]:
        """The entry the document is (None for an ordinary page) and the Markdown to render."""
        if self._handed_over:
            entry, self._next_entry, self._handed_over = self._next_entry, None, False
            return entry, text
        if self.getConfig("standalone") and text.startswith("---"):
            entry = parse_entry("<document>", text.encode("utf-8")).entry
            if entry is not None:
                return entry, entry.body.text
        return None, text

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors (see the class docstring for the table)."""
        md.registerExtension(self)
        self.md = md
        md.preprocessors.register(MarkCitations(md, self), "sourcetrace_mark", 35)
        md.inlinePatterns.register(MarkerInline(MARKER_RE, self), "sourcetrace_marker", 185)
        md.treeprocessors.register(EntryFurniture(md, self), "sourcetrace_furniture", 15)
        # Last, after the raw HTML is put back (30) and toc has collected the headings.
        md.postprocessors.register(OwnIdMarks(md, self), "sourcetrace_own_ids", 0)

    def reset(self) -> None:
        """Forget the previous document."""
        self.state.reset()


def makeExtension(**kwargs: Any) -> SourcetraceExtension:
    """Let Python-Markdown load the extension by its dotted name."""
    return SourcetraceExtension(**kwargs)
