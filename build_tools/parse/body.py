"""Read entry bodies with the site's own Markdown: one conversion per body, nothing else."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from typing import Any, cast

from markdown import Markdown

from build_tools.model import Body
from build_tools.parse.extensions import markdown_of
from build_tools.parse.reading import ReadingExtension

# The extensions MkDocs always adds, and admonition, which every Sourcetrace site needs
# for its editorial analysis: the reading when no site configuration is given.
DEFAULT_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code", "admonition", "attr_list")


# Python-Markdown reads nested lists and quotes by recursion, and a few hundred levels
# exhaust Python's stack (the build would crash with it). No entry nests this deep.
MAX_NESTING = 100
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.MULTILINE)
_ONE_CONTAINER = re.compile(r">|[*+-]|\d{1,9}[.)]")


class Unconvertible(ValueError):
    """A body Python-Markdown cannot read, or not in any time: the message says why."""

    def __init__(self, line: int, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class TooDeep(Unconvertible):
    """A body nests lists or quotes deeper than Python-Markdown can read."""

    def __init__(self, line: int, depth: int) -> None:
        super().__init__(
            line,
            f"lists or quotes nested {depth} deep, deeper than Markdown can read "
            f"(at most {MAX_NESTING}): flatten them",
        )


class TooTangled(Unconvertible):
    """A body opens so many brackets or tags it never closes that reading it takes minutes."""


# Python-Markdown looks for the end of every "[" (a link's text) from where it opens to
# where it closes, or to the end of the paragraph, and Python's HTML parser does the same
# for every "<" that opens a tag: text that leaves thousands open costs the square of
# their number (3,000 unclosed "[@a " in one paragraph took 37 s to build, 30,000 would
# take an hour). Counted the same way, in characters scanned, an entry's own links and
# tags come to a few thousand; a paragraph a megabyte long with one "[" left open, to a
# million. Python-Markdown reads about a million of them a second: past ten million (ten
# to twenty seconds) the entry is refused before it is converted.
MAX_SCANNED = 10_000_000
# The HTML parser's search is a regular expression, some twenty times faster a character.
MAX_TAG_SCANNED = 200_000_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A backslash and what it escapes are one token, so "\\[" is no bracket and "\\\\[" is.
_BRACKET = re.compile(r"\\.|[\[\]]", re.DOTALL)
_TAG_OPEN = re.compile(r"<[A-Za-z/?]")


def tangle_check(text: str, first_line: int) -> None:
    """Raise :class:`TooTangled` if reading ``text`` would scan past the limits above."""
    length = len(text)
    if text.count("[") * length <= MAX_SCANNED and text.count("<") * length <= MAX_TAG_SCANNED:
        return  # however they fall, they cannot come to the limits
    # Brackets: a link's text never runs past its paragraph.
    scanned, unclosed, worst, worst_at = 0, 0, -1, 0
    start = 0
    for paragraph_break in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = paragraph_break.start() if paragraph_break else length
        cost, left_open, at = _brackets_in(text, start, end)
        scanned, unclosed = scanned + cost, unclosed + left_open
        if cost > worst:
            worst, worst_at = cost, at
        start = paragraph_break.end() if paragraph_break else length
    if scanned > MAX_SCANNED:
        opened = (
            f"{unclosed:,} '[' that never close" if unclosed else "'[' nested deep in each other"
        )
        raise _tangled(
            text,
            first_line,
            worst_at,
            f"the body holds {opened} (the most at this place), which Markdown reads in a "
            "time that grows with the square of their number: close each soon after it "
            "opens, or write it as \\[",
        )
    # Tags: Python's HTML parser reads the whole body. A "<" reads on to the next ">",
    # which ends the tag and whatever "<" it holds; one with no ">" after it reads to the
    # end of the text and is read again from the next "<".
    last_close = text.rfind(">")
    scanned, unclosed, first, resume = 0, 0, -1, 0
    for tag in _TAG_OPEN.finditer(text):
        if tag.start() < resume:
            continue  # inside the tag read before it
        if tag.start() < last_close:
            close = text.find(">", tag.end())
            scanned += close - tag.start()
            resume = close + 1
        else:
            unclosed += 1
            first = tag.start() if first == -1 else first
            scanned += length - tag.start()
    if scanned > MAX_TAG_SCANNED:
        raise _tangled(
            text,
            first_line,
            max(first, 0),
            f"{unclosed:,} '<' that open a tag and never close it ('>'), which Markdown "
            "reads in a time that grows with the square of their number: write each as "
            "&lt;, or close the tags",
        )


def _tangled(text: str, first_line: int, at: int, message: str) -> TooTangled:
    """The refusal, placed at offset ``at`` of the body."""
    column = at - text.rfind("\n", 0, at)
    return TooTangled(first_line + text.count("\n", 0, at), message, column)


def _brackets_in(text: str, start: int, end: int) -> tuple[int, int, int]:
    """What matching the brackets of ``text[start:end]`` scans, and where it is worst.

    Returns the characters scanned, the brackets left open, and the first bracket left
    open (or the paragraph's start).
    """
    opened: list[int] = []
    scanned = 0
    for bracket in _BRACKET.finditer(text, start, end):
        if bracket.group()[0] == "\\":
            continue
        if bracket.group() == "[":
            opened.append(bracket.start())
        elif opened:
            scanned += bracket.start() - opened.pop()
    scanned += sum(end - at for at in opened)
    return scanned, len(opened), opened[0] if opened else start


def body_check(text: str, first_line: int) -> None:
    """Raise :class:`Unconvertible` if ``text`` cannot be converted, or not in good time."""
    nesting_check(text, first_line)
    tangle_check(text, first_line)


def nesting_check(text: str, first_line: int) -> None:
    """Raise :class:`TooDeep` if a line of ``text`` opens more than ``MAX_NESTING`` containers."""
    if len(text) < 2 * MAX_NESTING:
        return
    for match in _CONTAINERS.finditer(text):
        if len(match.group()) > 2 * MAX_NESTING:
            depth = len(_ONE_CONTAINER.findall(match.group()))
            if depth > MAX_NESTING:
                raise TooDeep(first_line + text.count("\n", 0, match.start()), depth)


class BodyReader:
    """Converts bodies with one Markdown instance, set up as the site's, and reads them.

    Args:
        extensions: the site's Markdown extensions (names or instances), as in
            ``markdown_extensions`` of mkdocs.yml.
        configs: their options, by name.
        language: the default language of entries (the site's ``theme.language``).

    """

    def __init__(
        self,
        extensions: Sequence[Any] = DEFAULT_EXTENSIONS,
        configs: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        language: str = "en",
    ) -> None:
        self.extensions = list(extensions)
        self.configs = dict(configs or {})
        self.language = language
        self.reading = ReadingExtension()
        self.reading.marks_page = False  # the tree is read, never rendered
        self.markdown = self._new_markdown()

    def _new_markdown(self) -> Markdown:
        return markdown_of([*self.extensions, self.reading], self.configs)

    def read(self, text: str, first_line: int = 1, *, language: str | None = None) -> Body:
        """Convert ``text`` (a body starting on file line ``first_line``) and read it.

        Raises:
            Unconvertible: the body nests lists or quotes too deep to be read at all, or
                leaves so many brackets or tags open that reading it takes minutes.

        """
        body_check(text, first_line)
        self.markdown.reset()
        self.reading.first_line = first_line
        self.reading.language = language or self.language
        try:
            self._build_tree(text)
        except BaseException:
            self.markdown = self._new_markdown()  # a half-run conversion leaves state behind
            raise
        body = self.reading.body
        if body is None:  # an empty document never reaches the tree processors
            return Body(text=text, first_line=first_line, claims=(), citations=(), malformed=())
        return body

    def _build_tree(self, text: str) -> None:
        """Run ``Markdown.convert`` up to its finished tree; the reading is done by then.

        The steps are ``convert``'s own, in its order. What follows them (serialising the
        tree, putting raw HTML back) makes the page's HTML, which the check has no use
        for: the build, which does need it, runs the whole ``convert``.
        """
        md = self.markdown
        if not text.strip():
            return  # convert returns at once, before any processor
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        # parseDocument always makes a root element; ElementTree's types allow none.
        root = cast(etree.Element, md.parser.parseDocument(lines).getroot())
        for treeprocessor in md.treeprocessors:
            replaced = treeprocessor.run(root)
            if replaced is not None:
                root = replaced


_DEFAULT: BodyReader | None = None


def read_body(text: str, first_line: int = 1, *, reader: BodyReader | None = None) -> Body:
    """Read ``text`` (an entry body that starts on file line ``first_line``)."""
    global _DEFAULT
    if reader is None:
        if _DEFAULT is None:
            _DEFAULT = BodyReader()
        reader = _DEFAULT
    return reader.read(text, first_line)
