"""The one reading of an entry body: claims and citations found in Python-Markdown's own tree.

Python-Markdown, with the site's extensions, builds the tree that readers see; this
extension watches it being built and reports what it holds, so the checker judges
exactly what the site publishes. Nothing here re-implements Markdown: block
structure, code, raw HTML, links and emphasis are whatever Python-Markdown made of
the text.

Positions are carried through the conversion in two ways, as Vale and textlint
map their findings back to the source:

* each ``[@`` of the body gets a marker holding its offset before any other
  processor runs (``[`` U+E000 offset U+E001 ``@``), so a citation knows exactly
  where it was written wherever Python-Markdown moves it; a marker that is not read
  as a citation (in code, link text, after an escape) is dropped from the output;
* before inline processing each element's text is found, line by line, in the
  body; after it, each sentence's rendered text is found again in that element's
  text. That alignment only places a finding: what is judged is the rendered text.

| processor       | registry        | priority | why there                                   |
|-----------------|-----------------|----------|---------------------------------------------|
| MarkOffsets     | preprocessors   | 40       | first: sees the body exactly as written     |
| EditorHtmlBlocks| preprocessors   | 21, 19   | around the raw HTML reader (20): which      |
|                 |                 |          | stash entries are the editor's HTML         |
| CitationRefusal | blockprocessors | 15       | replaces the link-definition reader, so     |
|                 |                 |          | ``[@a]: cost, time`` stays prose            |
| CitationFirst   | inlinePatterns  | 170      | replaces the reference-link reader, so      |
|                 |                 |          | ``[@a] [note]`` stays a citation            |
| EditorHtmlInline| inlinePatterns  | 90       | replaces the inline HTML reader, noting     |
|                 |                 |          | the stash entries it makes                  |
| CitationInline  | inlinePatterns  | 85       | after code (190), escapes (180), links      |
|                 |                 |          | (160), autolinks (120) and inline HTML (90) |
|                 |                 |          | have taken what is theirs                   |
| LineMap         | treeprocessors  | 25       | before inline processing (20)               |
| ReadClaims      | treeprocessors  | 7.5      | after attr_list (8) took ``{: }`` out of    |
|                 |                 |          | the text, before toc (5) and the renderer   |
| CollectIds      | treeprocessors  | 4        | after toc (5) gave headings their ids       |
| DropMarkers     | postprocessors  | 1        | after raw HTML is put back (30)             |
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import operator
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown
from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    HTML_RE,
    REFERENCE_RE,
    HtmlInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
)
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, INLINE_PLACEHOLDER_RE, AtomicString

from build_tools.model import (
    Body,
    Citation,
    Claim,
    HtmlTag,
    Link,
    MalformedCitation,
    Position,
    Reference,
)
from build_tools.parse.citations import Parsed, read_group
from build_tools.parse.html_tags import (
    BLOCK_TAGS,
    read_html_tags,
    tree_tag,
    visible_parts,
)
from build_tools.parse.sentences import BLOCK_BREAK, CITED, LINE_BREAK, split_sentences

OPEN, CLOSE = "\ue000", "\ue001"
# The private-use characters of the reading and the renderer; an entry never holds them.
STRAY = re.compile("[\ue000\ue001\ue002]")
MARKER = re.compile(OPEN + r"(\d+)" + CLOSE)
CITE_ATTRIBUTE = "data-st-cite"
CLAIM_ATTRIBUTE = "data-st-claim"
_CITATION_OPENING = re.compile(r"\[@")
# Python-Markdown's placeholders (an escaped character, a stash entry) and our markers.
# An e-mail autolink's letters are written as character references behind the
# ampersand's placeholder (\x02amp\x03#114;): they are read as the letters they show.
_PLACEHOLDER = re.compile(
    "\x02(?:(\\d+)|wzxhzdk:(\\d+)|amp\x03(#\\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
    "|[^\x02\x03]*)(?(3)|\x03)|" + OPEN + r"\d+" + CLOSE
)
_BLOCK_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_SPACE = re.compile(r"\s+")
_NOT_SPACE = re.compile(r"\S")
# What Python-Markdown stashes for a backslash-escaped character: STX, its code, ETX.
_ESCAPED = re.compile("\x02(\\d+)\x03")
_RAW_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_RAW_LINK = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_RAW_LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)
# Raw HTML that opens or closes a block: the browser starts a new line, and so a new
# sentence, whatever the text around it.
_RAW_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\b[^>]*>", re.IGNORECASE)
# An attribute list attr_list left in the text ("{: .lead }", "{#top .wide}"): only
# ids, classes and key=value pairs, so that a sentence in braces ("{: The mayor
# resigned.}") is still prose. Each item is atomic and ends at a space or the brace,
# so the text is read once.
_STRAY_ATTRIBUTES = re.compile(
    r"\{:?[ \t]*(?>(?:[#.][^\s{}=]+|[^\s{}=]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+))"
    r"(?:[ \t]+|(?=\})))+\}"
)
# Brackets around an @id with something between "[" and "@" ([see @a, p. 4], [ @a],
# [-@a]), in prose with its citations blanked: what other citation styles write. An
# "@" after a letter is an e-mail address's.
_LOOSE_CITATION = re.compile(
    r"\[(?P<before>[^\[\]" + CITED + r"@]{1,60}?)(?:(?<=[\[\s;])|(?<=[\[\s;]-))"
    r"@(?P<after>[A-Za-z0-9][^\[\]" + CITED + r"]{0,120})\]"
)
_LOOSE_ID = re.compile(r"(?:(?<=[\[\s;])|(?<=[\[\s;]-))@([A-Za-z0-9](?:[\w.:-]*\w)?)")
_DEFINITION = re.compile(r"[ \t>]*(?:(?:[*+-]|\d+[.)])[ \t]+)?\[[^\[\]\n]*\]:[ \t]*<?")
# Where links point and tags sit, in an element's text: not where prose is looked for.
_NOT_PROSE = re.compile(r"\]\([^()\s]*(?:\([^()]*\))?[^()]*?\)|<[^<>\n]+>")

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text labels something rather than claims it: no citation can stand there.
LABELS = {
    **{h: "heading" for h in HEADINGS},
    "th": "table header",
    "dt": "definition term",
    "summary": "summary",
    "caption": "table caption",
    "figcaption": "caption",
}
_CODE = frozenset({"pre", "code", "kbd", "samp", "script", "style"})
# Attributes that hold text Python-Markdown took from link and image syntax, by the
# place a message names: a citation written there lands in them unread. (An address
# holding "[@" is an address.)
_ATTRIBUTE_PLACES = {"alt": "image description", "title": "link title"}
_LISTS = frozenset({"ul", "ol"})
# The word a chart's source line opens with, in the languages a digest writes or quotes.
_SOURCE_LINE = re.compile(
    r"(?:sources?|quellen?|fuentes?|fontes?|fonti|bron(?:nen)?|kaynak(?:lar)?|źródł[oa]"
    r"|источник(?:и)?)\s*:",
    re.IGNORECASE,
)
_EDITORIAL = "editorial"


class Locator:
    """Turns an offset in the body as written into a file position."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def __call__(self, offset: int) -> Position:
        """The position of ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(self.first_line + index, offset - self.starts[index] + 1)


@dataclass(slots=True)
class Reading:
    """What one conversion found so far, filled in as Python-Markdown goes."""

    text: str = ""  # the body as written, stray private-use characters removed
    first_line: int = 1
    language: str = "en"
    marked: str = ""
    # Each marker: where it starts in the marked text and how long it is.
    marker_starts: list[int] = field(default_factory=list)
    marker_shift: list[int] = field(default_factory=list)  # total marker length up to it
    # Per element (by id): its text before inline processing, the marked offset of each
    # of its lines (None where not found) and the ids of its block-level children.
    raw: dict[int, tuple[str, list[int | None], frozenset[int]]] = field(default_factory=dict)
    # The same for the text after a block inside another block (in a tight list item,
    # "- ## Heading" and its next line: the line is the heading's tail), by the id of
    # the block it follows; the ids are those of its parent's block-level children.
    tails: dict[int, tuple[str, list[int | None], frozenset[int]]] = field(default_factory=dict)
    # The stash entries that are HTML the editor wrote (see EditorHtmlBlocks).
    editor_html: set[int] = field(default_factory=set)
    html_blocks_from: int = 0
    citations: dict[int, Citation] = field(default_factory=dict)  # by offset as written
    malformed: dict[int, MalformedCitation] = field(default_factory=dict)
    locate: Locator = field(default_factory=lambda: Locator("", 1))
    tab_stops: TabStops = field(default_factory=lambda: TabStops(""))
    body: Body | None = None

    def source_offset(self, marked_offset: int) -> int:
        """The offset in the body as written of an offset in the marked text."""
        index = bisect.bisect_right(self.marker_starts, marked_offset) - 1
        if index < 0:
            return marked_offset
        before = self.marker_shift[index - 1] if index else 0
        start = self.marker_starts[index]
        if marked_offset < start + self.marker_shift[index] - before:
            return start - before  # inside the marker: where it was put
        return marked_offset - self.marker_shift[index]

    def position(self, offset: int) -> Position:
        """The file position of an offset in the body as written."""
        return self.locate(offset)


def mark(text: str, first_line: int, language: str) -> Reading:
    """Start reading ``text``: a marker holding its offset inside every ``[@``."""
    text = STRAY.sub("", text)
    state = Reading(text=text, first_line=first_line, language=language)
    state.locate = Locator(text, first_line)
    pieces: list[str] = []
    at = 0
    for match in _CITATION_OPENING.finditer(text):
        marker = f"{OPEN}{match.start()}{CLOSE}"
        pieces.append(text[at : match.start() + 1])
        shift = state.marker_shift[-1] if state.marker_shift else 0
        state.marker_starts.append(match.start() + 1 + shift)
        state.marker_shift.append(shift + len(marker))
        pieces.append(marker)
        at = match.start() + 1
    pieces.append(text[at:])
    state.marked = "".join(pieces)
    state.tab_stops = TabStops(state.marked)
    return state


class MarkOffsets(Preprocessor):
    """Put a marker holding its offset inside every ``[@`` of the body."""

    def __init__(self, md: Markdown, reading: ReadingExtension) -> None:
        super().__init__(md)
        self.reading = reading

    def run(self, lines: list[str]) -> list[str]:
        """Return the body with its citation openings marked."""
        if not self.reading.enabled:
            return lines
        state = self.reading.begin("\n".join(lines))
        return state.marked.split("\n")


class EditorHtmlBlocks(Preprocessor):
    """Note which of Python-Markdown's stash entries are the editor's raw HTML blocks.

    Registered on both sides of Python-Markdown's raw HTML reader: what it stashes in
    between is HTML the editor wrote, even where Python-Markdown rewrote it ("--!>"
    made "-->"), while a code block is stashed by another reader.
    """

    def __init__(self, md: Markdown, reading: ReadingExtension, *, opening: bool) -> None:
        super().__init__(md)
        self.reading = reading
        self.opening = opening

    def run(self, lines: list[str]) -> list[str]:
        """Leave ``lines`` as they are; note where the stash stands."""
        stored = len(self.md.htmlStash.rawHtmlBlocks)
        state = self.reading.state
        if self.opening:
            state.html_blocks_from = stored
        else:
            state.editor_html.update(range(state.html_blocks_from, stored))
        return lines


class EditorHtmlInline(HtmlInlineProcessor):
    """Python-Markdown's inline raw HTML, noting the stash entries it makes as the editor's."""

    def __init__(self, reading: ReadingExtension, md: Markdown) -> None:
        super().__init__(HTML_RE, md)
        self.reading = reading

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """Stash the tag as Python-Markdown does, and note it."""
        stored = len(self.md.htmlStash.rawHtmlBlocks)
        found = super().handleMatch(m, data)
        self.reading.state.editor_html.update(range(stored, len(self.md.htmlStash.rawHtmlBlocks)))
        return found


class CitationRefusal(ReferenceProcessor):
    """Python-Markdown's link-definition reader, except for a block opening ``[@id]:``.

    ``[@a]: cost, time`` is prose whose citation stands before a colon; read as a
    definition, it would vanish from the page and its sentence with it.
    """

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        """Read the block as link definitions unless it opens with a citation."""
        match = self.RE.search(blocks[0])
        if match is not None and match.group(1).startswith(OPEN):
            return False
        return bool(super().run(parent, blocks))


_BRACKET = re.compile(r"[\[\]]")
# Python-Markdown's link readers that find a link's text with getText.
_LINK_READERS = ("link", "image_link", "image_reference", "short_reference", "short_image_ref")


def bracket_text(data: str, index: int) -> tuple[str, int, bool]:
    """What ``LinkInlineProcessor.getText`` returns, found by a search, not a loop.

    The text from ``index`` to the bracket that closes the one before it (nested
    pairs counted), the index after that bracket, and whether there was one; else
    the rest of ``data``. Python-Markdown steps through the text a character at a
    time, for each link reader, at every ``[``: every citation pays for it several
    times over.
    """
    depth = 1
    for match in _BRACKET.finditer(data, index):
        depth += 1 if match.group() == "[" else -1
        if depth == 0:
            return data[index : match.start()], match.end(), True
    return data[index:], len(data), False


def _read_brackets_faster(md: Markdown) -> None:
    """Give Python-Markdown's own link readers :func:`bracket_text`.

    Only readers of Python-Markdown's classes that still use its getText: an
    extension's reader with a getText of its own keeps it.
    """
    for name in _LINK_READERS:
        if name not in md.inlinePatterns:
            continue
        reader = md.inlinePatterns[name]
        if isinstance(reader, LinkInlineProcessor) and (
            type(reader).getText is LinkInlineProcessor.getText
        ):
            setattr(reader, "getText", bracket_text)  # noqa: B010 - an instance's own method


class CitationFirst(ReferenceInlineProcessor):
    """Python-Markdown's reference links, except for a citation a space before ``[label]``.

    ``It sat [@a] [note].`` with ``[note]`` defined would be one link whose text is
    ``@a`` (Python-Markdown allows a space between the two): the citation would
    vanish from the page without a word. It stays a citation, and ``[note]`` a link.
    Written without the space, ``[@handle][feed]`` is a link to an account, as
    ``[@handle](https://...)`` is.
    """

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        """A reference link, unless its text is a citation and a space follows it."""
        if data.startswith(OPEN, m.end(0)):
            _, index, handled = self.getText(data, m.end(0))
            if handled and index < len(data) and data[index].isspace():
                return None, None, None
        return super().handleMatch(m, data)

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        """See :func:`bracket_text`."""
        return bracket_text(data, index)


class CitationInline(InlineProcessor):
    """Read ``[@id, locator; @id2]`` wherever Python-Markdown reads inline text."""

    def __init__(self, reading: ReadingExtension, md: Markdown) -> None:
        super().__init__(r"\[" + OPEN + r"(\d+)" + CLOSE + "@", md)
        self.reading = reading

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        """Return a citation placeholder; reject link text and malformed citations."""
        state = self.reading.state
        offset = int(m.group(1))
        close, nested = _closing_bracket(data, m.end())
        if close == -1 or nested:
            end = m.end()
            limit = min(len(data), end + 80)  # enough to show; a run of "[@" stays linear
            while end < limit and not data[end].isspace() and data[end] != "[":
                end += 1
            self._malformed(
                offset, self._as_written(data[m.end() : end]), "is never closed: add ']'"
            )
            return None, None, None
        # "[@a][^1]", "[@a][note]" with no such note, "[@a](" never closed: no link was
        # made of it (links are read before citations), so it is a citation.
        # A backslash escape in the locator ("p. 4\\*") is the character it escapes.
        written = "[@" + self._escapes_read(data[m.end() : close + 1])
        result = read_group(written)
        if isinstance(result, str):
            rest = self._as_written(data[m.end() : close + 1])
            again = read_group("[@" + rest)
            self._malformed(offset, rest, again if isinstance(again, str) else result)
            return None, None, None
        if "\x02" in written:
            # A code span, a link or HTML in the locator: a citation shows its text
            # as written, so Python-Markdown's placeholder for it would reach the page.
            self._malformed(
                offset,
                _bracketed(state.text, offset)[2:] or self._as_written(data[m.end() : close + 1]),
                "holds code, a link or HTML: write its locator as plain text",
            )
            return None, None, None
        if offset not in state.citations:
            # Where it ends as written: escapes and entities make the text read longer or
            # shorter than the citation in the file.
            source_close, _ = _closing_bracket(state.text, offset + 2)
            end = source_close + 1 if source_close != -1 else offset + len(written)
            state.citations[offset] = _citation(state, offset, result, end)
        return etree.Element("sup", {CITE_ATTRIBUTE: str(offset)}), m.start(0), close + 1

    def _escapes_read(self, text: str) -> str:
        """``text`` with each backslash-escaped character as itself.

        Python-Markdown stashes an escape as an inline placeholder whose value is the
        character's code between STX and ETX; any other placeholder is left as it is.
        """
        if "\x02" not in text or self.md is None:
            return text
        stash = self.md.treeprocessors["inline"].stashed_nodes  # type: ignore[attr-defined]

        def read(match: re.Match[str]) -> str:
            value = stash.get(match.group(1))
            escaped = _ESCAPED.fullmatch(value) if isinstance(value, str) else None
            return chr(int(escaped.group(1))) if escaped else match.group()

        return INLINE_PLACEHOLDER_RE.sub(read, text)

    def _as_written(self, text: str) -> str:
        """``text`` with Python-Markdown's placeholders put back as the editor wrote them."""
        text = self.unescape(text)
        stash = self.md.htmlStash.rawHtmlBlocks if self.md is not None else []
        return HTML_PLACEHOLDER_RE.sub(
            lambda m: str(stash[int(m.group(1))]) if int(m.group(1)) < len(stash) else "",
            text,
        )

    def _malformed(self, offset: int, rest: str, reason: str) -> None:
        state = self.reading.state
        if offset not in state.malformed:
            text = _SPACE.sub(" ", "[@" + STRAY.sub("", MARKER.sub("", rest)))
            state.malformed[offset] = MalformedCitation(text, reason, state.position(offset))


def _bracketed(text: str, start: int, limit: int = 200) -> str:
    """The bracketed text opening at ``start``, inner brackets and all; "" if not closed soon."""
    depth = 0
    for at in range(start, min(len(text), start + limit)):
        if text[at] == "[":
            depth += 1
        elif text[at] == "]":
            depth -= 1
            if depth == 0:
                return text[start : at + 1]
    return ""


def _citation(state: Reading, offset: int, references: list[Parsed], end: int) -> Citation:
    """The citation written from ``offset`` to ``end`` of the body, not yet numbered."""
    return Citation(
        index=-1,
        references=tuple(
            Reference(source_id, locator, state.position(offset + at))
            for source_id, locator, at in references
        ),
        position=state.position(offset),
        start=offset,
        end=end,
    )


_QUOTES = {'"': '"', "“": "”", "„": "“"}


def _closing_bracket(data: str, start: int) -> tuple[int, bool]:
    """Where the citation opened before ``start`` closes, and whether a ``[`` came first.

    Brackets inside a quoted passage (``[@a, "he said […] later"]``) are the passage's.
    """
    quote: str | None = None
    for found in _BRACKET_OR_QUOTE.finditer(data, start):
        char, at = found.group(), found.start()
        if quote is not None:
            if char == quote:
                quote = None
        elif char == "]":
            return at, False
        elif char == "[":
            return at, True
        elif data[start:at].rstrip().endswith(","):
            quote = _QUOTES.get(char)
    return -1, False


_BRACKET_OR_QUOTE = re.compile('[\\[\\]"“”„]')


class LineMap(Treeprocessor):
    """Before inline processing: where each element's lines stand in the body."""

    def __init__(self, md: Markdown, reading: ReadingExtension) -> None:
        super().__init__(md)
        self.reading = reading

    def run(self, root: etree.Element) -> None:
        """Record, for every element with text, the marked offset of each of its lines."""
        if not self.reading.enabled:
            return
        state = self.reading.state
        marked = state.marked
        cursor = 0
        stash = self.md.htmlStash.rawHtmlBlocks
        for text, owner, parent in _texts_in_order(root):
            if isinstance(text, AtomicString):
                # Code: no prose, but written here. Stepping past it keeps the same words
                # written in it from being taken for the prose after it.
                cursor = _past(marked, text.splitlines(), cursor)
                continue
            starts: list[int | None] = []
            for line in text.split("\n"):
                key = line.strip()
                block = _BLOCK_PLACEHOLDER.fullmatch(key)
                if not key or block:
                    if block:  # a raw HTML block (a comment, a <div>): step past it likewise
                        index = int(block.group(1))
                        raw = str(stash[index]) if index < len(stash) else ""
                        if index in state.editor_html or not raw.startswith("<pre"):
                            cursor = _past(marked, raw.splitlines(), cursor)
                        else:
                            cursor = self._past_fenced_code(marked, raw, cursor)
                    starts.append(None)
                    continue
                key, at = _written_part(line)
                found = _find_line(marked, key, cursor) if key else -1
                if found == -1:
                    starts.append(None)
                    continue
                starts.append(found - at)
                cursor = found + len(key)
            if parent is None:
                state.raw[id(owner)] = (text, starts, frozenset(id(c) for c in owner))
            else:
                state.tails[id(owner)] = (text, starts, frozenset(id(c) for c in parent))

    def _past_fenced_code(self, marked: str, raw: str, cursor: int) -> int:
        """Where the fenced code block Python-Markdown stashed as ``raw`` ends in ``marked``.

        Found with the pattern that found it, since its HTML (escaped, without its
        fences) is not what was written; else as far as its lines are found.
        """
        readers = self.md.preprocessors  # a Registry: no get()
        pattern = None
        if "fenced_code_block" in readers:
            pattern = getattr(readers["fenced_code_block"], "FENCED_BLOCK_RE", None)
        if isinstance(pattern, re.Pattern):
            match = pattern.search(marked, cursor)
            if match is not None:
                return match.end()
        return _past(marked, raw.splitlines(), cursor)


def _texts_in_order(
    element: etree.Element,
) -> Iterator[tuple[str, etree.Element, etree.Element | None]]:
    """Each text of the tree before inline processing, in the order it was written.

    Yields ``(text, owner, None)`` for an element's own text (an AtomicString for
    code) and ``(text, block, parent)`` for the text after a block inside ``parent``:
    at this stage every child is a block, so every tail is one.
    """
    text = element.text
    if text and text.strip():
        yield text, element, None
    for child in element:
        yield from _texts_in_order(child)
        tail = child.tail
        if tail and not isinstance(tail, AtomicString) and tail.strip():
            yield tail, child, element


# A placeholder an extension put in a line before this reading: Python-Markdown's
# own (STX, its name, ETX) or one left open (the footnotes' back-link).
_PLACEHOLDER_IN_LINE = re.compile("\x02[\\w:]*\x03?")


def _written_part(line: str) -> tuple[str, int]:
    """The line's first run of text as written, stripped, and where it starts in the line.

    A placeholder stands for what was written otherwise: a task list's "[ ]" before
    the item's words, a footnote's back-link after them.
    """
    if "\x02" not in line:
        key = line.strip()
        return key, len(line) - len(line.lstrip())
    at = 0
    for placeholder in [*_PLACEHOLDER_IN_LINE.finditer(line), None]:
        end = len(line) if placeholder is None else placeholder.start()
        part = line[at:end]
        if part.strip():
            return part.strip(), at + len(part) - len(part.lstrip())
        if placeholder is not None:
            at = placeholder.end()
    return "", 0


def _past(marked: str, lines: list[str], cursor: int) -> int:
    """Where ``lines``, written one after another from ``cursor``, end in ``marked``.

    Stops at the first line not found, so that a line Python-Markdown rewrote never
    sends the cursor past prose still to be found.
    """
    for line in lines:
        key = line.strip()
        if not key:
            continue
        found = marked.find(key, cursor)
        if found == -1:
            break
        cursor = found + len(key)
    return cursor


class _Respaced:
    """Maps offsets in raw HTML to the body as written, where only its spaces differ.

    Word by word: the n-th run of non-space characters of the one is the n-th of the
    other.
    """

    def __init__(self, raw: str, text: str, start: int, end: int) -> None:
        self.raw_words = [m.start() for m in _WORD.finditer(raw)]
        self.written_words = [m.start() for m in _WORD.finditer(text, start, end)]
        self.start = start

    def at(self, offset: int) -> int:
        index = bisect.bisect_right(self.raw_words, offset) - 1
        if index < 0 or index >= len(self.written_words):
            return self.start
        return self.written_words[index] + offset - self.raw_words[index]


_WORD = re.compile(r"\S+")


def _find_loosely(marked: str, raw: str, cursor: int) -> tuple[int, int]:
    """Where ``raw`` stands in ``marked`` with any run of spaces for its spaces; -1 if nowhere.

    Returns the start and end of the first match from ``cursor`` on.
    """
    pattern = re.compile(r"\s+".join(re.escape(word) for word in raw.split()))
    match = pattern.search(marked, cursor)
    return (match.start(), match.end()) if match else (-1, -1)


def _find_line(marked: str, key: str, cursor: int) -> int:
    """Where ``key``, a line of an element's text, stands in the body: forward first.

    Not inside a link definition ("[The mayor resigned.]: https://..."), which
    Python-Markdown takes out of the tree, so that no element's text is found there.
    """
    found = marked.find(key, cursor)
    while found != -1 and _in_definition(marked, found):
        found = marked.find(key, found + 1)
    if found != -1:
        return found
    # The element was moved (footnotes go to the end of the page): anywhere before.
    found = marked.find(key, 0, cursor + len(key))
    if found != -1:
        return found
    # Tabs were expanded in it: try its first word.
    return marked.find(key.split(maxsplit=1)[0], cursor)


def _in_definition(marked: str, at: int) -> bool:
    """Whether ``at`` is inside a link definition's line, past its start."""
    line_start = marked.rfind("\n", 0, at) + 1
    definition = _DEFINITION.match(marked, line_start)
    return definition is not None and at > marked.index("[", line_start)


class ReadClaims(Treeprocessor):
    """After inline processing: the body's claims, and a placeholder where each starts."""

    def __init__(self, md: Markdown, reading: ReadingExtension) -> None:
        super().__init__(md)
        self.reading = reading

    def run(self, root: etree.Element) -> None:
        """Read the finished tree into the body."""
        if self.reading.enabled:
            collector = _Collector(self.reading.state, self.md)
            self.reading.state.body = collector.read(root, marks_page=self.reading.marks_page)


class CollectIds(Treeprocessor):
    """After the table of contents: the ids a link into this body can point at."""

    def __init__(self, md: Markdown, reading: ReadingExtension) -> None:
        super().__init__(md)
        self.reading = reading

    def run(self, root: etree.Element) -> None:
        """Add the tree's ids to the body read."""
        state = self.reading.state
        if not self.reading.enabled or state.body is None:
            return
        ids = tuple(STRAY.sub("", found) for element in root.iter() if (found := element.get("id")))
        state.body = dataclasses.replace(state.body, anchors=ids)


class DropMarkers(Postprocessor):
    """Remove every marker the reading left behind (in code, link text, raw HTML)."""

    def run(self, text: str) -> str:
        """Return the page without markers."""
        return MARKER.sub("", text) if OPEN in text else text


class ReadingExtension(Extension):
    """Read an entry body's claims and citations while Python-Markdown converts it.

    After ``md.convert(body)``, ``body`` is what the conversion found. Set
    ``first_line`` (the file line the body starts on) and ``language`` first.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "language": ["en", "language of the text, for sentence boundaries (BCP 47)"],
        }
        super().__init__(**kwargs)
        self.first_line = 1
        self.language: str | None = None
        self.state = Reading()
        # Off for ordinary pages: only entries are read (and their citations rendered).
        self.enabled = True
        # Whether the tree gets the placeholders the renderer turns into claim anchors and
        # numbered citations; a reading whose tree nobody renders skips them.
        self.marks_page = True

    @property
    def body(self) -> Body | None:
        """The body the last conversion read (None before any)."""
        return self.state.body

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the processors (see the module docstring for the table)."""
        md.registerExtension(self)
        md.preprocessors.register(MarkOffsets(md, self), "sourcetrace_offsets", 40)
        md.preprocessors.register(
            EditorHtmlBlocks(md, self, opening=True), "sourcetrace_html_before", 21
        )
        md.preprocessors.register(
            EditorHtmlBlocks(md, self, opening=False), "sourcetrace_html_after", 19
        )
        md.inlinePatterns.register(EditorHtmlInline(self, md), "html", 90)
        md.parser.blockprocessors.register(CitationRefusal(md.parser), "reference", 15)
        md.inlinePatterns.register(CitationFirst(REFERENCE_RE, md), "reference", 170)
        md.inlinePatterns.register(CitationInline(self, md), "sourcetrace_citation", 85)
        _read_brackets_faster(md)
        md.treeprocessors.register(LineMap(md, self), "sourcetrace_lines", 25)
        md.treeprocessors.register(ReadClaims(md, self), "sourcetrace_claims", 7.5)
        md.treeprocessors.register(CollectIds(md, self), "sourcetrace_ids", 4)
        md.postprocessors.register(DropMarkers(md), "sourcetrace_markers", 1)

    def begin(self, text: str) -> Reading:
        """Start reading ``text`` (called by the first preprocessor)."""
        language = self.language or self.getConfig("language") or "en"
        self.state = mark(text, self.first_line, language)
        return self.state

    def reset(self) -> None:
        """Forget the previous document."""
        self.state = Reading()


@dataclass(slots=True)
class _Piece:
    """A run of an element's rendered text, and where it lives in the tree."""

    text: str
    node: etree.Element | None = None  # None: no claim anchor can go inside it
    slot: str = "text"  # node.text or node.tail
    offset: int = 0  # where ``text`` starts in that string
    parent: etree.Element | None = None  # a tail's element's parent
    citation: Citation | None = None
    opaque: bool = False  # code: words, but no sentence ends and no hedges
    code: bool = False  # a code span, shown as `code`
    line_break: bool = False  # a <br>: a space that ends a cited clause (see sentences)
    block_break: bool = False  # raw HTML opening or closing a block: a sentence's end
    seq: int = 0  # order in the document
    source_hint: int | None = None  # where raw HTML's text stands in the body


@dataclass(slots=True)
class _Unit:
    """One element's prose: a paragraph, a list item's own text, a table cell."""

    element: etree.Element
    pieces: list[_Piece]
    introduces: range | None = None  # the blocks of the list or quote it leads into
    # The text before inline processing and its lines' offsets, where it is not the
    # element's own text (a block's tail).
    raw: tuple[str, list[int | None]] | None = None


@dataclass(slots=True)
class _Block:
    """What a citation covers: the units of one paragraph, list item, cell or quote."""

    units: list[_Unit] = field(default_factory=list)
    source_line: tuple[Citation, ...] = ()  # a table's "Source: [@x]" line covers its cells


@dataclass(slots=True)
class _Sentence:
    text: str
    prose: str
    start: int
    end: int
    citations: tuple[Citation, ...]
    piece: _Piece
    at: int  # offset in piece.text where the claim anchor goes
    lead_in: range | None = None  # ends with ":": the blocks of what it introduces
    html_citation: bool = False  # "[@" in the text of raw HTML, shown as written
    unreached: str = ""  # see Claim.unreached


class _Collector:
    """Walks the finished tree once; builds the body's claims, citations and markup."""

    def __init__(self, state: Reading, md: Markdown) -> None:
        self.state = state
        self.md = md
        self.blocks: list[_Block] = []
        self.found: dict[int, tuple[Citation, str]] = {}  # offset: citation, context
        self.links: list[Link] = []
        self.tags: list[HtmlTag] = []
        # "{: .lead }" that attr_list did not take: shown as typed, and no claim.
        self.stray: list[tuple[str, Position]] = []
        self.position = state.position(0)
        self.last_table: list[_Block] = []
        self.sequence = 0
        self.units: dict[int, _Unit] = {}  # by the id of the element whose prose it is
        # Stash entries already read, by index: where each stands (None: not the editor's).
        self.read_html: dict[int, int | None] = {}
        self.html_at = 0  # where the raw HTML last read stands in the body
        # Where each stash entry of the editor's HTML stands: an offset in it to one in
        # the body as written.
        self.html_places: dict[int, Callable[[int], int]] = {}
        # The text the raw HTML last read shows, run by run, and where each run stands.
        self.html_parts: list[tuple[str, int, bool]] = []
        self.html_rewritten: set[int] = set()  # entries Python-Markdown rewrote
        self.raw_links_open = 0  # raw <a> tags open in the unit being read
        self.html_cursor = 0  # where, in the marked text, the search for the next one starts
        # The table of contents takes the place of an element holding only its marker.
        self.toc_marker = ""
        if "toc" in md.treeprocessors:  # a Registry, which has no get()
            self.toc_marker = getattr(md.treeprocessors["toc"], "marker", "") or ""

    def read(self, root: etree.Element, *, marks_page: bool = True) -> Body:
        self._walk(root, None)
        ordered = sorted(self.found.values(), key=lambda found: found[0].start)
        numbered = {
            citation.start: Citation(
                index, citation.references, citation.position, citation.start, citation.end, context
            )
            for index, (citation, context) in enumerate(ordered)
        }
        claims: list[Claim] = []
        anchors: list[tuple[_Piece, int, int]] = []
        lead_ins: list[tuple[int, range]] = []
        first_claims: list[int] = []  # the index of each block's first claim
        for block in self.blocks:
            first_claims.append(len(claims))
            for sentence, support in self._covered(block):
                if sentence.lead_in is not None:
                    lead_ins.append((len(claims), sentence.lead_in))
                anchors.append((sentence.piece, sentence.at, len(claims)))
                claims.append(
                    Claim(
                        index=len(claims),
                        text=sentence.text,
                        position=self.state.position(sentence.start),
                        start=sentence.start,
                        end=sentence.end,
                        citations=tuple(numbered[c.start] for c in sentence.citations),
                        support=tuple(numbered[c.start] for c in support),
                        prose=sentence.prose,
                        html_citation=sentence.html_citation,
                        unreached=sentence.unreached,
                    )
                )
        first_claims.append(len(claims))
        # A lead-in rests on what it introduces: the first claim of the list or quote.
        # From the last, so that a lead-in into a list that opens with one takes the
        # support that one has just been given.
        for index, introduced in reversed(lead_ins):
            following = first_claims[introduced.start] if introduced else len(claims)
            support = claims[index].support
            if not support and following < first_claims[introduced.stop]:
                support = claims[following].support
            claims[index] = dataclasses.replace(claims[index], support=support, lead_in=True)
        if marks_page:
            _mark_page(root, anchors, numbered)
        return Body(
            text=self.state.text,
            first_line=self.state.first_line,
            claims=tuple(claims),
            citations=tuple(numbered[c.start] for c, _ in ordered),
            malformed=tuple(sorted(self.state.malformed.values(), key=lambda m: m.position)),
            links=tuple(self.links),
            html_tags=tuple(self.tags),
            stray_attributes=tuple(self.stray),
        )

    # The walk: which elements hold prose, and which block each belongs to.

    def _walk(self, element: etree.Element, block: _Block | None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = (element.get("class") or "").split()
        self._markup(element, tag)
        if tag in _CODE:
            self._citations_in(element, "code")
            return
        if tag in LABELS or "admonition-title" in classes:
            self._citations_in(element, LABELS.get(tag, "title"))
            return
        if _EDITORIAL in classes and is_analysis_block(element):
            self._citations_in(element, "editorial")
            return
        if tag == "table":
            self._table(element)
            return
        if tag in ("li", "td", "dd") or (tag in ("p", "blockquote") and block is None):
            block = _Block()
            self.blocks.append(block)
        recorded = self.state.raw.get(id(element))
        if recorded is not None and self._is_toc_marker(element):
            return
        if recorded is not None:
            unit = self._unit(element, recorded[2])
            if unit is not None:
                self.units[id(element)] = unit
                if block is None:  # text straight inside another container
                    self.blocks.append(_Block([unit]))
                else:
                    block.units.append(unit)
        children = list(element)
        previous_table: list[_Block] | None = None
        inside = len(self.blocks)
        blocks_inside = recorded[2] if recorded is not None else None
        for index, child in enumerate(children):
            if blocks_inside is not None and id(child) not in blocks_inside:
                continue  # inline content, read with the unit
            keeps_block = tag in ("li", "blockquote", "dd") and child.tag == "p"
            first_block = len(self.blocks)
            self._walk(child, block if keeps_block else None)
            tail = self.state.tails.get(id(child))
            if tail is not None:
                # Text after a block inside this one ("- ## Heading" and its next line):
                # prose of this block, read with the inline content that follows it.
                blocks_inside = tail[2]
                unit = self._tail_unit(element, index, children, tail)
                if unit is not None:
                    if block is None:
                        self.blocks.append(_Block([unit]))
                    else:
                        block.units.append(unit)
            if child.tag in _LISTS | {"blockquote"} and index > 0:
                self._introduces(children[index - 1], range(first_block, len(self.blocks)))
            if previous_table is not None and child.tag == "p":
                self._source_line(child, previous_table)
            previous_table = self.last_table if child.tag == "table" else None
        if recorded is not None and tag == "li" and any(c.tag in _LISTS for c in children):
            self._introduces(element, range(inside, len(self.blocks)))

    def _is_toc_marker(self, element: etree.Element) -> bool:
        # As the toc extension tells its marker (``[TOC]``) from prose.
        if not self.toc_marker or len(element):
            return False
        return (element.text or "").strip() == self.toc_marker

    def _introduces(self, element: etree.Element, introduced: range) -> None:
        unit = self.units.get(id(element))
        if unit is not None:
            unit.introduces = introduced

    def _table(self, table: etree.Element) -> None:
        cells: list[_Block] = []
        for element in table.iter():
            if element.tag == "th":
                self._citations_in(element, "table header")
            elif element.tag == "td":
                self._markup(element, "td")
                recorded = self.state.raw.get(id(element))
                unit = None if recorded is None else self._unit(element, recorded[2])
                if unit is not None:
                    cells.append(_Block([unit]))
        self.blocks.extend(cells)
        self.last_table = cells

    def _source_line(self, paragraph: etree.Element, cells: list[_Block]) -> None:
        """A "Source: [@x]" line straight under a table cites every cell of it."""
        for block in reversed(self.blocks[-5:]):
            # In a list item or a quote the line may follow the item's own paragraph.
            unit = next((u for u in block.units if u.element is paragraph), None)
            if unit is None:
                continue
            pieces = unit.pieces
            text = "".join(p.text for p in pieces).lstrip()
            citations = tuple(p.citation for p in pieces if p.citation is not None)
            if _SOURCE_LINE.match(text) and citations:
                for cell in cells:
                    cell.source_line = citations
            return

    # Units: an element's rendered text as pieces that know where they live.

    def _unit(self, element: etree.Element, block_children: frozenset[int]) -> _Unit | None:
        recorded = self.state.raw[id(element)]
        for start in recorded[1]:
            if start is not None:
                self.position = self.state.position(self.state.source_offset(start))
                break
        pieces: list[_Piece] = []
        self.raw_links_open = 0
        self._pieces(element, block_children, pieces, top=True)
        return self._numbered(_Unit(element, pieces))

    def _tail_unit(
        self,
        parent: etree.Element,
        index: int,
        children: list[etree.Element],
        recorded: tuple[str, list[int | None], frozenset[int]],
    ) -> _Unit | None:
        """The prose after the block ``children[index]``, up to the next block."""
        text, starts, block_children = recorded
        for start in starts:
            if start is not None:
                self.position = self.state.position(self.state.source_offset(start))
                break
        block = children[index]
        pieces: list[_Piece] = []
        self.raw_links_open = 0
        self._text(block.tail or "", block, "tail", parent, pieces)
        for child in children[index + 1 :]:
            if id(child) in block_children:
                break
            self._child_pieces(child, parent, block_children, pieces)
        return self._numbered(_Unit(parent, pieces, raw=(text, starts)))

    def _numbered(self, unit: _Unit) -> _Unit | None:
        """``unit`` with its pieces in document order, or None if it holds no prose."""
        for piece in unit.pieces:
            self.sequence += 1
            piece.seq = self.sequence
        if not any(_NOT_SPACE.search(p.text) for p in unit.pieces if p.citation is None):
            return None
        return unit

    def _pieces(
        self,
        element: etree.Element,
        block_children: frozenset[int],
        out: list[_Piece],
        *,
        top: bool,
    ) -> None:
        if element.text:
            self._text(element.text, element, "text", None, out)
        for child in element:
            if top and id(child) in block_children:
                # Its tail, and what follows it, is read on its own (see _tail_unit).
                break
            self._child_pieces(child, element, block_children, out)

    def _child_pieces(
        self,
        child: etree.Element,
        element: etree.Element,
        block_children: frozenset[int],
        out: list[_Piece],
    ) -> None:
        """The pieces of an inline element ``child`` of ``element``, and of its tail."""
        tag = child.tag if isinstance(child.tag, str) else ""
        key = child.get(CITE_ATTRIBUTE) if tag == "sup" else None
        if key is not None and int(key) in self.state.citations:
            citation = self.state.citations[int(key)]
            # Inside a link written in raw HTML its own link would be a link in a link.
            context = "raw link" if self.raw_links_open else "prose"
            self.found.setdefault(citation.start, (citation, context))
            out.append(_Piece("", citation=citation))
        elif tag in _CODE:
            self._citations_in(child, "code")
            code = MARKER.sub("", "".join(child.itertext()))
            if tag == "code":
                # Python-Markdown escapes a code span's text for the page, which shows it
                # as written.
                code = code.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            out.append(
                _Piece(f"`{code}`" if tag == "code" else code, opaque=True, code=tag == "code")
            )
        elif tag == "br":
            out.append(_Piece(" ", line_break=True))
        elif tag == "sup" and (child.get("id") or "").startswith("fnref"):
            pass  # a footnote's number: the footnote itself is read where it is
        else:
            self._markup(child, tag)
            if tag != "img":
                self._pieces(child, block_children, out, top=False)
        if child.tail:
            self._text(child.tail, child, "tail", element, out)

    def _text(
        self,
        text: str,
        node: etree.Element,
        slot: str,
        parent: etree.Element | None,
        out: list[_Piece],
    ) -> None:
        """Split a text at Python-Markdown's placeholders: entities become characters."""
        at = 0
        letters: _Piece | None = None  # an e-mail autolink's letters, read so far
        for match in _PLACEHOLDER.finditer(text):
            if match.start() > at:
                out.append(_Piece(text[at : match.start()], node, slot, at, parent))
                letters = None
            shown, raw_html = self._placeholder(match)
            if letters is not None and match.group(3) is not None:
                # One piece for the whole address, so that it is found as written.
                letters.text += shown
            elif shown:
                # Raw HTML's text is placed where the HTML stands; an entity, with the
                # text around it.
                hint = self.html_at if raw_html else None
                if shown == LINE_BREAK:
                    out.append(_Piece(" ", source_hint=hint, line_break=True))
                elif shown == BLOCK_BREAK:
                    out.append(_Piece(" ", source_hint=hint, block_break=True))
                elif raw_html:
                    # Run by run, each where it is written; a tag between two shows as
                    # a space, as it reads.
                    out.extend(
                        _Piece(f"{part} ", source_hint=at, opaque=code)
                        for part, at, code in self.html_parts
                    )
                else:
                    out.append(_Piece(shown, source_hint=hint))
                letters = out[-1] if match.group(3) is not None else None
            at = match.end()
        if at < len(text):
            out.append(_Piece(text[at:], node, slot, at, parent))

    def _placeholder(self, match: re.Match[str]) -> tuple[str, bool]:
        """The text a placeholder shows, and whether it is raw HTML the editor wrote."""
        if match.group().startswith(OPEN):  # a marker not read as a citation
            return "", False
        if match.group(1) is not None:  # a backslash-escaped character
            return chr(int(match.group(1))), False
        if match.group(3) is not None:  # a letter of an e-mail autolink
            return html.unescape(f"&{match.group(3)};"), False
        if match.group(2) is None:  # another extension's placeholder (a footnote's back-link)
            return "", False
        stash = self.md.htmlStash.rawHtmlBlocks
        index = int(match.group(2))
        raw = str(stash[index]) if index < len(stash) else ""
        if raw.startswith("&") and raw.endswith(";") and " " not in raw:
            return html.unescape(raw), False
        found = self._raw_html(raw, index)
        if found is None:
            return "", False  # Python-Markdown's own HTML (a fenced code block): no prose
        self.html_at = found
        if _RAW_LINK.fullmatch(raw):
            self.raw_links_open += 1
        elif _RAW_LINK_END.fullmatch(raw):
            self.raw_links_open = max(0, self.raw_links_open - 1)
        if _RAW_BREAK.fullmatch(raw):
            return LINE_BREAK, True
        if _RAW_BLOCK_TAG.fullmatch(raw):
            return BLOCK_BREAK, True
        # Text inside raw HTML is published too; nobody can cite inside it.
        place = self.html_places.get(index) or functools.partial(operator.add, found)
        parts = visible_parts(MARKER.sub("", raw))
        if index in self.html_rewritten:  # its offsets are not the body's
            self.html_parts = [(part, found, code) for part, _, code in parts]
        else:
            self.html_parts = [(part, place(at), code) for part, at, code in parts]
        return " ".join(part for part, _, _ in self.html_parts), True

    def _citations_in(self, element: etree.Element, context: str) -> None:
        """Citations where no claim is read: shown, numbered, and judged by where they are."""
        for child in element.iter():
            tag = child.tag if isinstance(child.tag, str) else ""
            key = child.get(CITE_ATTRIBUTE) if tag == "sup" else None
            if key is not None and int(key) in self.state.citations:
                citation = self.state.citations[int(key)]
                self.found.setdefault(citation.start, (citation, context))
            elif child is not element:
                self._markup(child, tag)
            for text in (child.text, child.tail):
                for match in _PLACEHOLDER.finditer(text or ""):
                    if match.group(2) is not None:
                        self._placeholder(match)

    def _citations_in_attribute(self, value: str, context: str) -> None:
        """Citations Python-Markdown put in an attribute (``![photo [@a]](x.png)``).

        It shows them there as written: read from the body at their markers, so that
        the rules judge them by where they stand and by the sources they name.
        """
        state = self.state
        for match in MARKER.finditer(value):
            offset = int(match.group(1))
            if offset in state.citations or offset in state.malformed:
                continue
            line_start = state.text.rfind("\n", 0, offset) + 1
            if state.text.count("`", line_start, offset) % 2:
                continue  # in a code span: "`[@a]`" is the text [@a], as in prose
            close, _ = _closing_bracket(state.text, offset + 2)
            if close == -1:
                continue  # never closed: the text shown is no citation at all
            written = state.text[offset : close + 1]
            result = read_group(written)
            if isinstance(result, str):
                text = _SPACE.sub(" ", written)
                state.malformed[offset] = MalformedCitation(text, result, state.position(offset))
                continue
            citation = state.citations[offset] = _citation(state, offset, result, close + 1)
            self.found.setdefault(offset, (citation, context))

    # Markup: what the page links to and which attributes its elements carry.

    def _markup(self, element: etree.Element, tag: str) -> None:
        if not tag or not element.attrib or element.get(CITE_ATTRIBUTE) is not None:
            return
        for name, place in _ATTRIBUTE_PLACES.items():
            value = element.get(name)
            if value is not None and OPEN in value:
                self._citations_in_attribute(value, place)
        recorded = self.state.raw.get(id(element))
        position = self.position
        if recorded is not None:
            start = next((s for s in recorded[1] if s is not None), None)
            if start is not None:
                position = self.state.position(self.state.source_offset(start))
        address = element.get("href") or element.get("src")
        if address and recorded is None:
            position = self._position_of(address, position)
        # Python-Markdown wrote these attributes, from link syntax or from attr_list:
        # they reach the browser like raw HTML does, and the same rules judge them.
        links, tag_read = tree_tag(tag, dict(element.attrib), position)
        if address and self._is_definition(position):
            links = [
                dataclasses.replace(
                    link, via="definition" if link.via == "link" else "image definition"
                )
                for link in links
            ]
        elif address and tag == "a" and self._written_before(position) == "<":
            links = [dataclasses.replace(link, via="autolink") for link in links]
        self.links.extend(links)
        self.tags.append(tag_read)

    def _is_definition(self, position: Position) -> bool:
        """Whether the address at ``position`` is written in a ``[label]: address`` line."""
        starts = self.state.locate.starts
        index = position.line - self.state.first_line
        before = self.state.text[starts[index] : starts[index] + position.column - 1]
        if not before.strip() and index > 0:  # "[label]:" alone, the address below it
            before = self.state.text[starts[index - 1] : starts[index] - 1].rstrip()
        return _DEFINITION.fullmatch(before) is not None

    def _written_before(self, position: Position) -> str:
        line_start = self.state.locate.starts[position.line - self.state.first_line]
        at = line_start + position.column - 2
        return self.state.text[at] if at >= line_start else ""

    def _position_of(self, written: str, near: Position) -> Position:
        """Where ``written`` (an address) stands in the body, looked for from ``near`` on."""
        line_start = self.state.locate.starts[max(0, near.line - self.state.first_line)]
        found = self.state.text.find(written, line_start)
        if found == -1 or found - line_start > 2000:
            return near
        return self.state.position(found)

    def _raw_html(self, raw: str, key: int) -> int | None:
        """Read stash entry ``key`` once; return where it stands in the body as written.

        None: not written by the editor but by Python-Markdown itself (a code block).
        """
        if key in self.read_html:
            return self.read_html[key]
        # Forward from the last one read: the same tag written twice is two places.
        # Python-Markdown keeps a raw block with its spaces tidied (trailing ones dropped,
        # tabs expanded): the editor's HTML all the same, found with other spaces.
        marked = self.state.marked
        found, end, loose, rewritten = -1, -1, False, False
        for cursor in dict.fromkeys((self.html_cursor, 0)) if raw.strip() else ():
            found = marked.find(raw, cursor)
            if found != -1:
                end = found + len(raw)
                break
            found, end = _find_loosely(marked, raw, cursor)
            if found != -1:
                loose = True
                break
        if found == -1 and key in self.state.editor_html:
            # The editor's, rewritten by Python-Markdown ("--!>" made "-->"): placed at
            # its first word if that is found, else after the HTML read before it.
            first = raw.split(maxsplit=1)[0] if raw.strip() else ""
            found = marked.find(first, self.html_cursor) if first else -1
            found = self.html_cursor if found == -1 else found
            end, rewritten = found, True
        if found != -1:
            self.html_cursor = end
        base = None if found == -1 else self.state.source_offset(found)
        self.read_html[key] = base
        if base is not None:
            state = self.state
            unmarked = MARKER.sub("", raw)
            if rewritten:  # its offsets are not the body's: its text is placed at its start
                self.html_rewritten.add(key)
            if loose:
                written = _Respaced(unmarked, state.text, base, state.source_offset(end))
                self.html_places[key] = written.at
            else:
                self.html_places[key] = functools.partial(operator.add, base)
            place = self.html_places[key]
            links, tags = read_html_tags(unmarked, lambda offset: state.position(place(offset)))
            self.links.extend(links)
            self.tags.extend(tags)
        return base

    # Claims: sentences of each block, and what covers each.

    def _covered(self, block: _Block) -> list[tuple[_Sentence, tuple[Citation, ...]]]:
        sentences: list[_Sentence] = []
        for unit in block.units:
            sentences.extend(self._sentences(unit))
        # Wikipedia's convention: a citation covers its own sentence and the uncited
        # sentences before it in the same block, so walk backwards.
        support = block.source_line
        covering: list[tuple[Citation, ...]] = []
        for sentence in reversed(sentences):
            if sentence.citations:
                support = sentence.citations
            covering.append(support)
        return list(zip(sentences, reversed(covering), strict=True))

    def _sentences(self, unit: _Unit) -> list[_Sentence]:
        shown: list[str] = []
        splittable: list[str] = []
        starts: list[int] = []
        spans: list[tuple[int, int]] = []
        at = 0
        for piece in unit.pieces:
            starts.append(at)
            if piece.citation is not None:
                piece.text = _written(self.state, piece.citation)
                spans.append((at, at + len(piece.text)))
                splittable.append(CITED * len(piece.text))
            elif piece.line_break:
                splittable.append(LINE_BREAK)
            elif piece.block_break:
                splittable.append(BLOCK_BREAK)
            elif piece.opaque:
                # Capitals: code may start a sentence ("`ls` lists them."), and no
                # lower-case word of it runs on from a full stop before it.
                splittable.append(_NOT_SPACE.sub("X", piece.text))
            else:
                splittable.append(piece.text)
            shown.append(piece.text)
            at += len(piece.text)
        text = "".join(shown)
        joined = "".join(splittable).replace("\n", " ")
        may_end: list[int] = []
        split = split_sentences(joined, spans, language=self.state.language, may_end=may_end)
        # "The transcript reads:" introduces the list or quote after it, which supports it.
        lead_in = split[-1] if unit.introduces is not None and split else None
        if lead_in is not None and not text[: lead_in[1]].rstrip().endswith(":"):
            lead_in = None
        aligner = _Aligner(self.state, unit, starts)
        if "@" in text:
            self._loose_citations(joined, unit, starts, aligner)
        sentences = []
        for begin, end in split:
            if _STRAY_ATTRIBUTES.fullmatch(text, begin, end):
                # "{: .lead }" that attr_list did not take: a slip (the page shows it as
                # typed), not a claim.
                place = self.state.position(aligner.source_offset(begin))
                self.stray.append((" ".join(text[begin:end].split()), place))
                continue
            first = bisect.bisect_right(starts, begin) - 1
            after = bisect.bisect_left(starts, end)
            inside = [
                (unit.pieces[i], starts[i])
                for i in range(first, after)
                if starts[i] + len(unit.pieces[i].text) > begin
            ]
            citations = tuple(
                p.citation for p, start in inside if p.citation is not None and start >= begin
            )
            prose = "".join(
                p.text[max(0, begin - s) : end - s]
                for p, s in inside
                if p.citation is None and not p.opaque
            )
            unreached = ""
            if citations and may_end:
                first_cited = next(s for p, s in inside if p.citation is not None and s >= begin)
                before = [at for at in may_end if begin < at < first_cited]
                if before:
                    unreached = " ".join(
                        "".join(
                            p.text[max(0, begin - s) : before[-1] - s]
                            for p, s in inside
                            if p.citation is None and not p.opaque and s < before[-1]
                        ).split()
                    )
            piece, anchor_at = _anchor_place(unit.pieces, starts, first, begin - starts[first])
            start = aligner.source_offset(begin)
            sentences.append(
                _Sentence(
                    text=" ".join(text[begin:end].split()),
                    prose=" ".join(prose.split()),
                    start=start,
                    end=max(start, aligner.source_offset(end - 1) + 1),
                    citations=citations,
                    piece=piece,
                    at=anchor_at,
                    lead_in=unit.introduces if (begin, end) == lead_in else None,
                    html_citation=any(
                        p.source_hint is not None and "[@" in p.text[max(0, begin - s) : end - s]
                        for p, s in inside
                    ),
                    unreached=unreached,
                )
            )
        return sentences

    def _loose_citations(
        self, splittable: str, unit: _Unit, starts: list[int], aligner: _Aligner
    ) -> None:
        """Record ``[see @a]`` and the like that the page shows as written.

        ``splittable`` is the unit's text as the splitter reads it (citations blanked,
        one line). A bracket written escaped or as an entity is meant as text.
        """
        for match in _LOOSE_CITATION.finditer(splittable):
            index = bisect.bisect_right(starts, match.start()) - 1
            if unit.pieces[index].node is None:
                continue  # the "[" is an escape or an entity: written to be shown
            offset = aligner.source_offset(match.start())
            if offset in self.state.malformed or offset in self.state.citations:
                continue
            before = match.group("before").strip()
            reason = f"has {before!r} before the '@'" if before else "has a space after the '['"
            self.state.malformed[offset] = MalformedCitation(
                " ".join(match.group().split()),
                reason,
                self.state.position(offset),
                loose=True,
                ids=tuple(_LOOSE_ID.findall(match.group())),
                suggested="[@" + " ".join(match.group("after").split()).rstrip(". ") + "]",
            )


def is_analysis_block(element: etree.Element) -> bool:
    """Whether ``element`` is a block of editorial analysis, shown boxed and labelled.

    Only an admonition (``!!! editorial``, or ``??? editorial`` as a collapsible
    block) is; ``{: .editorial }`` on a paragraph, a list or a table, or the class on
    raw HTML, shows it as any other reporting, so its sentences are claims like any
    other. The renderer labels exactly these blocks.
    """
    classes = (element.get("class") or "").split()
    if _EDITORIAL not in classes:
        return False
    return (element.tag == "div" and "admonition" in classes) or element.tag == "details"


def _mark_page(
    root: etree.Element,
    anchors: list[tuple[_Piece, int, int]],
    numbered: dict[int, Citation],
) -> None:
    """Put each claim's placeholder in the tree and number each citation's."""
    # Claim placeholders, from the end so that earlier offsets in one text stay valid.
    # In document order backwards, so that no insertion moves a place still to come.
    anchors.sort(key=lambda a: (a[0].seq, a[1]), reverse=True)
    places: dict[int, dict[int, int]] = {}
    for piece, at, index in anchors:
        _insert_anchor(piece, at, index, places)
    for sup in root.iter("sup"):
        key = sup.get(CITE_ATTRIBUTE)
        if key is not None and int(key) in numbered:
            sup.set(CITE_ATTRIBUTE, str(numbered[int(key)].index))


def _written(state: Reading, citation: Citation) -> str:
    return state.text[citation.start : citation.end]


def _anchor_place(
    pieces: list[_Piece], starts: list[int], index: int, at: int
) -> tuple[_Piece, int]:
    """The piece and offset where a claim anchor can go, at or just after the sentence start."""
    for later in range(index, len(pieces)):
        if pieces[later].node is not None:
            return pieces[later], at if later == index else 0
    for earlier in range(index - 1, -1, -1):
        if pieces[earlier].node is not None:
            return pieces[earlier], len(pieces[earlier].text)
    return pieces[index], at


def _insert_anchor(piece: _Piece, at: int, index: int, places: dict[int, dict[int, int]]) -> None:
    """Put an empty claim placeholder at ``at`` in the piece's text, in the tree.

    ``places`` caches each parent's child positions: insertions come from the end of
    the document backwards, so a position once known stays right.
    """
    node = piece.node
    if node is None:
        return
    cut = piece.offset + at
    anchor = etree.Element("span", {CLAIM_ATTRIBUTE: str(index)})
    if piece.slot == "text":
        text = node.text or ""
        node.text, anchor.tail = text[:cut], text[cut:]
        node.insert(0, anchor)
    elif piece.parent is not None:
        text = node.tail or ""
        node.tail, anchor.tail = text[:cut], text[cut:]
        known = places.get(id(piece.parent))
        if known is None:
            known = places[id(piece.parent)] = {id(c): i for i, c in enumerate(piece.parent)}
        piece.parent.insert(known[id(node)] + 1, anchor)


class _Aligner:
    """Maps an offset in a unit's rendered text back to the body as written.

    Each piece of rendered text is found in the element's text as it was before
    inline processing (link destinations and tags masked, so prose is not found
    inside an address), and that text's lines were found in the body.
    """

    def __init__(self, state: Reading, unit: _Unit, starts: list[int]) -> None:
        self.state = state
        self.unit = unit
        self.starts = starts
        raw, self.line_starts = unit.raw or state.raw[id(unit.element)][:2]
        known = next((s for s in self.line_starts if s is not None), None)
        self.first_known = 0 if known is None else state.source_offset(known)
        self.raw_lines = [0]
        self.raw_lines.extend(m.end() for m in re.finditer("\n", raw))
        searchable = _NOT_PROSE.sub(_blanked, raw) if "](" in raw or "<" in raw else raw
        self.raw_at: list[int | None] = []
        cursor = 0
        for piece in unit.pieces:
            if piece.citation is not None:
                # Step over the citation as written, so that its "p. 4" is not taken for
                # the text that follows it.
                marker = raw.find(f"{OPEN}{piece.citation.start}{CLOSE}", cursor)
                if marker != -1:
                    closing = raw.find("]", marker)
                    cursor = closing + 1 if closing != -1 else cursor
            if piece.citation is not None or not piece.text.strip():
                self.raw_at.append(None)
                continue
            if piece.code:
                found, cursor = _code_span_at(raw, piece.text[1:-1], cursor)
                self.raw_at.append(found)
                continue
            found = searchable.find(piece.text, cursor)
            if found == -1:
                found = raw.find(piece.text, cursor)
            self.raw_at.append(None if found == -1 else found)
            if found != -1:
                cursor = found + len(piece.text)

    def source_offset(self, rendered: int) -> int:
        index = max(0, bisect.bisect_right(self.starts, rendered) - 1)
        piece = self.unit.pieces[index]
        if piece.citation is not None:  # shown as written: offsets run alike
            return piece.citation.start + min(rendered - self.starts[index], len(piece.text))
        if piece.source_hint is not None:
            # Raw HTML's text runs as written from where it stands (but for entities).
            return piece.source_hint + min(rendered - self.starts[index], len(piece.text) - 1)
        raw_at = self.raw_at[index]
        back = index
        while raw_at is None and back > 0:
            back -= 1
            previous = self.unit.pieces[back]
            if previous.citation is not None:
                return previous.citation.end
            known = self.raw_at[back]
            if known is not None:
                raw_at = known + len(previous.text)
        if raw_at is None:
            raw_at = 0
        elif back == index:
            raw_at += rendered - self.starts[index]
        line = bisect.bisect_right(self.raw_lines, raw_at) - 1
        start = self.line_starts[line] if line < len(self.line_starts) else None
        if start is None:
            return self.first_known
        return self.state.source_offset(
            self.state.tab_stops.offset(start, raw_at - self.raw_lines[line])
        )


def _code_span_at(raw: str, code: str, cursor: int) -> tuple[int | None, int]:
    """Where the code span showing ``code`` opens in ``raw`` from ``cursor``, and ends.

    A span opens with a run of backticks, and spaces or a line break may stand inside
    them ("``The mayor`` quit", "```⏎The mayor quit.⏎```"): the sentence starts at
    the first backtick, not at a backtick inside the run.
    """
    found = raw.find(code, cursor)
    if found == -1:
        return None, cursor
    start = found
    while start > cursor and raw[start - 1] in " \t\n":
        start -= 1
    while start > cursor and raw[start - 1] == "`":
        start -= 1
    return start, found + len(code)


def _blanked(match: re.Match[str]) -> str:
    return "\x00" * (match.end() - match.start())


class TabStops:
    """Offsets in the marked text from columns of its lines as Python-Markdown expanded them.

    Python-Markdown expands tabs to 4-column stops before it reads the text, so a column
    in an element's text counts a tab as up to four characters of the line as written.
    Each line's tabs are found once, so mapping a column costs the same however long the
    line is: a paragraph of thousands of sentences on one line is read in linear time.
    """

    def __init__(self, marked: str, tab: int = 4) -> None:
        self.marked = marked
        self.tab = tab
        self.tabbed = "\t" in marked
        # Per line start: where the line ends, and each tab's offset and expanded
        # column before and after it.
        self.lines: dict[int, tuple[int, list[int], list[int], list[int]]] = {}

    def _line(self, line_start: int) -> tuple[int, list[int], list[int], list[int]]:
        known = self.lines.get(line_start)
        if known is not None:
            return known
        marked = self.marked
        end = marked.find("\n", line_start)
        end = len(marked) if end == -1 else end
        tabs: list[int] = []
        before: list[int] = []
        after: list[int] = []
        expanded, previous = 0, line_start
        at = marked.find("\t", line_start, end)
        while at != -1:
            expanded += at - previous
            tabs.append(at)
            before.append(expanded)
            expanded += self.tab - expanded % self.tab
            after.append(expanded)
            previous = at + 1
            at = marked.find("\t", previous, end)
        known = self.lines[line_start] = (end, tabs, before, after)
        return known

    def offset(self, start: int, column: int) -> int:
        """The offset ``column`` expanded characters after ``start`` (a line's start)."""
        if not self.tabbed:
            return start + column
        line_start = self.marked.rfind("\n", 0, start) + 1
        end, tabs, before, after = self._line(line_start)
        first = bisect.bisect_left(tabs, start)  # the first tab at or after start
        if first == len(tabs):
            return start + column
        at_start = (
            start - line_start if first == 0 else after[first - 1] + start - tabs[first - 1] - 1
        )
        target = at_start + column
        last = bisect.bisect_left(before, target) - 1  # the last tab expanded before target
        if last < first:
            return min(start + column, end)
        return min(tabs[last] + 1 + max(0, target - after[last]), end)
