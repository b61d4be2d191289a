"""Read HTML the way a browser reads it: start tags, their attributes, and what loads.

Raw HTML that Python-Markdown passes through (kept in its stash) and the
attributes Python-Markdown itself writes (from link syntax and attr_list) are
read here for the rules about what reaches a reader's browser. The reading errs
on the side of finding too much: a quoted value may hold ``>``, as in a browser,
since the browser, not Python-Markdown, has the last word on what runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from build_tools.model import HtmlAttribute, HtmlTag, Link, Position

Locate = Callable[[int], Position]

_TAG_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")
_SPACE = re.compile(r"[\s/]*")
# As in a browser, a name may start with '=' or a quote: whatever is not space, '/' or '>'.
_ATTRIBUTE_NAME = re.compile(r"[^\s/><][^\s/>=<]*")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")

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


class _TagReader:
    def __init__(self, text: str, locate: Locate) -> None:
        self.text = text
        self.masked = text
        self.locate = locate
        self.links: list[Link] = []
        self.tags: list[HtmlTag] = []
        self.find_quote = _QuoteFinder(text)
        self.lowered: str | None = None
        self.definitions: set[int] = set()

    def _add_link(self, target: str, via: str, offset: int, loads: bool = False) -> None:
        self.links.append(Link(target, via, self.locate(offset), loads))

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


def read_html_tags(text: str, locate: Locate) -> tuple[list[Link], list[HtmlTag]]:
    """Return the addresses and start tags of raw HTML ``text``, in order.

    Args:
        text: HTML as written (a stash entry of Python-Markdown).
        locate: turns an offset in ``text`` into a file position.

    """
    if "<" not in text:
        return [], []
    reader = _TagReader(_as_browsers_close_comments(text), locate)
    reader._read_html()
    return reader.links, reader.tags


def tree_tag(
    name: str, attributes: dict[str, str], position: Position
) -> tuple[list[Link], HtmlTag]:
    """The addresses and the tag of an element Python-Markdown built, at ``position``."""
    reader = _TagReader("", lambda _offset: position)
    read = tuple(HtmlAttribute(k.lower(), v, position) for k, v in attributes.items())
    for attribute in read:
        if (
            attribute.value is not None
            and name in ("a", "img")
            and attribute.name
            in (
                "href",
                "src",
            )
        ):
            via = "link" if name == "a" else "image"
            reader._add_link(attribute.value, via, 0, loads=name == "img")
        elif attribute.value is not None:
            reader._add_address(name, attribute.name, attribute.value, 0)
    return reader.links, HtmlTag(name, read, position)


# Shown, but not prose: code (a fenced block reaches the stash as <pre><code>) and scripts.
_NOT_PROSE = RAW_TEXT | {"pre", "code", "kbd", "samp", "template"}
# Inline tags a browser closes where their block ends (code, a formatting element, it
# carries on into the next block).
_INLINE_NOT_PROSE = frozenset({"kbd", "samp"})
# Code a reader sees inside a line of prose: its words are shown, as a Markdown code
# span's are, though no sentence ends or hedges are read in them.
_INLINE_CODE = frozenset({"code", "kbd", "samp"})
# Tags that open or close a block: where a browser starts a new line.
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "td",
        "th",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "details",
        "summary",
    ]
)


class _Visible(HTMLParser):
    """Collects the text a browser shows, leaving out scripts, styles and comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.places: list[tuple[int, int]] = []  # each part's line (from 1) and column
        self.code: list[bool] = []  # whether each part is inline code
        self.hidden: list[str] = []  # the tags open whose text is not prose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_PROSE:
            self.hidden.append(tag)
        elif tag in BLOCK_TAGS:
            self._leave_inline()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
        elif tag in BLOCK_TAGS:
            self._leave_inline()

    def _leave_inline(self) -> None:
        # A browser closes an inline element left open where its block ends: "<p>Press
        # <kbd>Ctrl.</p><p>Next" shows "Next" as prose.
        while self.hidden and self.hidden[-1] in _INLINE_NOT_PROSE:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        code = bool(self.hidden) and _INLINE_CODE.issuperset(self.hidden)
        if code or not self.hidden:
            self.parts.append(data)
            self.places.append(self.getpos())
            self.code.append(code)


# Where Python's HTML parser reads comments otherwise than browsers do, the text is
# rewritten, to the same length so that offsets stay those of the text as written:
# - "<!-->" and "<!--->" are whole, empty comments to a browser (HTML's "abrupt closing
#   of empty comment"), while Python's parser reads on to the next "-->" and would hide
#   the text and tags in between: written as the empty comment "<!>", padded;
# - "--!>" closes a comment in a browser: written "-- >", which closes it for both;
# - "<![" (CDATA, or a marked section) opens a comment that the next ">" closes in a
#   browser, where Python's parser reads on to "]]>", or fails on a keyword it does not
#   know: written "<!-", which it too reads as a comment up to the next ">".
_ABRUPT_COMMENT = re.compile(r"<!---?>")


def _as_browsers_close_comments(html: str) -> str:
    if "<!" not in html and "--!>" not in html:
        return html
    html = _ABRUPT_COMMENT.sub(lambda m: "<!>" + " " * (len(m.group()) - 3), html)
    return html.replace("--!>", "-- >").replace("<![", "<!-")


def visible_parts(raw: str) -> list[tuple[str, int, bool]]:
    """Each run of text a reader sees of raw HTML ``raw``, where it starts, whether it is code.

    A run is as written but for its entities, which are the characters they stand for;
    code is the text of an inline <code>, <kbd> or <samp>.
    """
    if "<" not in raw:
        return [(raw.lstrip(), len(raw) - len(raw.lstrip()), False)] if raw.strip() else []
    parser = _Visible()
    fed = _as_browsers_close_comments(raw)
    parser.feed(fed)
    parser.close()
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", fed))
    # Each run from its first letter on: the spaces before it may be written otherwise.
    return [
        (part.lstrip(), line_starts[line - 1] + column + len(part) - len(part.lstrip()), code)
        for part, (line, column), code in zip(parser.parts, parser.places, parser.code, strict=True)
        if part.strip()
    ]


def visible_text(raw: str) -> str:
    """The text a reader sees of raw HTML ``raw`` (tags, comments and scripts left out)."""
    if "<" not in raw:
        return raw
    parser = _Visible()
    parser.feed(_as_browsers_close_comments(raw))
    parser.close()
    prose = (part for part, code in zip(parser.parts, parser.code, strict=True) if not code)
    return " ".join(" ".join(prose).split())
