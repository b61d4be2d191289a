"""Find the links and raw HTML tags of an entry body, with positions, outside code.

Python-Markdown passes raw HTML through untouched and writes any link
destination into ``href`` as it stands, so what an entry links to and which
tags it writes are read here, for the rules to judge. Code blocks (found by the
block reader), code spans and backslash escapes are blanked first, keeping every
offset, so that markup shown as code is never taken for markup.

The reading errs on the side of finding too much: a ``](`` is read as a link
whether or not a ``[`` opens it, and a tag's attributes are read the way a
browser reads them (a quoted value may hold ``>``), since the browser, not
Python-Markdown, has the last word on what runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from build_tools.model import HtmlAttribute, HtmlTag, Link, Position
from build_tools.parse.citations import blank_code_and_escapes

Locate = Callable[[int], Position]

_NOT_NEWLINE = re.compile(r"[^\n]")
_INLINE_LINK = re.compile(r"\]\(\s*")
# No spaces, parentheses only in balanced pairs one deep: f_(x) but not f_(.
_BARE_DESTINATION = re.compile(r"(?:[^\s()]|\([^\s()]*\))*")
_ANGLE_DESTINATION = re.compile(r"<([^<>\n]*)>")
_IMAGE_START = re.compile(r"!\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\](?:\(|\s?\[([^\[\]]*)\])?")
_DEFINITION = re.compile(
    r"^[ \t>]*(?:(?:[*+-]|\d+[.)])[ \t]+)?\[([^\[\]\n]*)\]:[ \t]*\n?[ \t>]*(\S+)", re.MULTILINE
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_TAG_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")
_SPACE = re.compile(r"[\s/]*")
# As in a browser, a name may start with '=' or a quote: whatever is not space, '/' or '>'.
_ATTRIBUTE_NAME = re.compile(r"[^\s/><][^\s/>=<]*")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")
_SPACES = re.compile(r"\s+")

# Elements whose content the browser does not read as tags: it is skipped to the
# closing tag, so that a script's own text gives no second finding.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed"})
# Attributes whose value is an address the browser follows or fetches.
ADDRESS_ATTRIBUTES = frozenset(
    {
        "href",
        "xlink:href",
        "src",
        "srcset",
        "action",
        "formaction",
        "poster",
        "background",
        "data",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
    }
)
# Fetched as soon as the page is shown, not only when a reader follows them.
LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc"}
)
# Tags whose href is fetched rather than followed (SVG images and uses, stylesheets).
LOADING_HREF_TAGS = frozenset({"image", "use", "feimage", "link"})


def _blank_ranges(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` range blanked to spaces, newlines kept."""
    if not ranges:
        return text
    pieces = []
    at = 0
    for start, end in sorted(ranges):
        if end <= at:
            continue
        start = max(start, at)
        pieces.append(text[at:start])
        pieces.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _destination(text: str, start: int) -> tuple[str, int]:
    """The link destination starting at ``start``: ``<...>`` or a run with balanced parentheses."""
    angled = _ANGLE_DESTINATION.match(text, start)
    if angled is not None:
        return angled.group(1), start + 1
    match = _BARE_DESTINATION.match(text, start)
    assert match is not None  # the pattern matches the empty string
    return match.group(), start


class _QuoteFinder:
    """``str.find`` for quotes, remembering answers so repeated searches stay linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        # quote -> (where the last search started, what it found: -1 for nothing)
        self.found: dict[str, tuple[int, int]] = {}

    def __call__(self, quote: str, start: int) -> int:
        known = self.found.get(quote)
        if known is not None:
            searched_from, found = known
            if searched_from <= start and (found >= start or found == -1):
                return found
        found = self.text.find(quote, start)
        self.found[quote] = (start, found)
        return found


class _MarkupReader:
    def __init__(self, text: str, masked: str, locate: Locate) -> None:
        self.text = text
        self.masked = masked
        self.locate = locate
        self.links: list[Link] = []
        self.tags: list[HtmlTag] = []
        self.find_quote = _QuoteFinder(masked)
        self.lowered: str | None = None
        self.definitions: set[int] = set()

    def read(self) -> None:
        if "](" in self.masked or "]:" in self.masked:
            self._read_links()
        if "<" in self.masked:
            self._read_html()
        self.links.sort(key=lambda link: link.position)

    def _add_link(self, target: str, via: str, offset: int, loads: bool = False) -> None:
        self.links.append(Link(target, via, self.locate(offset), loads))

    def _read_links(self) -> None:
        masked = self.masked
        images: dict[int, bool] = {}
        image_labels: set[str] = set()
        if "![" in masked:
            for match in _IMAGE_START.finditer(masked):
                if match.group().endswith("("):
                    images[match.end() - 2] = True
                else:
                    label = match.group(1) or match.group()[2 : match.group().index("]")]
                    image_labels.add(_SPACES.sub(" ", label.strip().lower()))
        for match in _INLINE_LINK.finditer(masked):
            target, offset = _destination(self.text, match.end())
            image = match.start() in images
            self._add_link(target, "image" if image else "link", offset, loads=image)
        for match in _DEFINITION.finditer(masked):
            label = _SPACES.sub(" ", match.group(1).strip().lower())
            if label.startswith("^"):
                continue  # a footnote, whose text is prose
            target = self.text[match.start(2) : match.end(2)]
            offset = match.start(2)
            if target.startswith("<"):
                target, offset = target[1:].partition(">")[0], offset + 1
            loads = label in image_labels
            self.definitions.add(offset)
            self._add_link(target, "image definition" if loads else "definition", offset, loads)

    def _read_html(self) -> None:
        masked = self.masked
        at = masked.find("<")
        while at != -1:
            resume = at + 1
            autolink = _AUTOLINK.match(masked, at)
            if autolink is not None:
                if autolink.start(1) not in self.definitions:  # [x]: <...> is read already
                    self._add_link(
                        self.text[autolink.start(1) : autolink.end(1)],
                        "autolink",
                        autolink.start(1),
                    )
                resume = autolink.end()
            elif (opening := _TAG_OPEN.match(masked, at)) is not None:
                tag = self._read_tag(opening)
                if tag is not None and tag.name in RAW_TEXT:
                    resume = self._end_of_raw_text(tag.name, opening.end())
            at = masked.find("<", resume)

    def _end_of_raw_text(self, name: str, start: int) -> int:
        if self.lowered is None:
            self.lowered = self.masked.lower()
        end = self.lowered.find("</" + name, start)
        return len(self.masked) if end == -1 else end

    def _read_tag(self, opening: re.Match[str]) -> HtmlTag | None:
        """Read a start tag's attributes as a browser does; None if it never closes."""
        masked = self.masked
        name = opening.group(1).lower()
        at = opening.end()
        attributes: list[HtmlAttribute] = []
        while True:
            space = _SPACE.match(masked, at)
            assert space is not None  # [\s/]* always matches
            at = space.end()
            if at >= len(masked) or masked[at] == "<":
                return None  # never closed: Python-Markdown shows it as text
            if masked[at] == ">":
                break
            attribute = _ATTRIBUTE_NAME.match(masked, at)
            if attribute is None:
                return None
            value: str | None = None
            equals = _EQUALS.match(masked, attribute.end())
            if equals is not None:
                value_at = equals.end()
                quote = masked[value_at : value_at + 1]
                if quote in ('"', "'"):
                    close = self.find_quote(quote, value_at + 1)
                    if close == -1:
                        return None
                    value = self.text[value_at + 1 : close]
                    at = close + 1
                else:
                    unquoted = _UNQUOTED.match(masked, value_at)
                    assert unquoted is not None
                    value = self.text[value_at : unquoted.end()]
                    at = unquoted.end()
            else:
                at = attribute.end()
            attributes.append(
                HtmlAttribute(attribute.group().lower(), value, self.locate(attribute.start()))
            )
            if value is not None:
                self._add_address(name, attribute.group().lower(), value, opening.start())
        tag = HtmlTag(name, tuple(attributes), self.locate(opening.start()))
        self.tags.append(tag)
        return tag

    def _add_address(self, tag: str, attribute: str, value: str, offset: int) -> None:
        """Record an attribute's address (or each of a srcset's) at its tag's position."""
        if attribute not in ADDRESS_ATTRIBUTES:
            return
        loads = attribute in LOADING_ATTRIBUTES or (
            attribute in ("href", "xlink:href") and tag in LOADING_HREF_TAGS
        )
        via = f"<{tag} {attribute}>"
        if attribute != "srcset":
            self._add_link(value, via, offset, loads)
            return
        # srcset lists candidates, "a.png 1x, b.png 2x": every one may be fetched.
        for candidate in value.split(","):
            address = candidate.split()
            if address:
                self._add_link(address[0], via, offset, loads)


def read_markup(
    text: str, code: list[tuple[int, int]], locate: Locate
) -> tuple[tuple[Link, ...], tuple[HtmlTag, ...]]:
    """Return the links and raw HTML start tags of body ``text``, in order.

    Args:
        text: the entry body.
        code: ``(start, end)`` offsets of its code blocks, which are not read.
        locate: turns a body offset into a file position.

    """
    if "<" not in text and "](" not in text and "]:" not in text:
        return (), ()
    masked = blank_code_and_escapes(_blank_ranges(text, code))
    reader = _MarkupReader(text, masked, locate)
    reader.read()
    return tuple(reader.links), tuple(reader.tags)
