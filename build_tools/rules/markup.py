"""What an entry body links to and which raw HTML it writes (ST050-2, ST068, ST069).

An entry is published as written, and Python-Markdown passes raw HTML and link
addresses through untouched, so these rules stand between an editor's file
and every reader's browser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from build_tools.model import Entry, Link, Position
from build_tools.rules.placeholders import BodyPlaceholders

Finding = tuple[Position, str]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop tabs and line breaks anywhere in an address, and leading controls
# and spaces, before they read its scheme: "java\tscript:" is javascript:.
_DROPPED = re.compile(r"[\t\n\r]")
_LEADING = "".join(chr(code) for code in range(0x21))
_REMOTE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?[/\\]{2}([^/\\?#\s]*)")
_STYLE_LOADS = re.compile(r"url\s*\(|expression\s*\(|@import", re.IGNORECASE)

_WHAT = {
    "link": "link",
    "autolink": "link",
    "image": "image",
    "definition": "link definition",
    "image definition": "image definition",
}

# What each refused tag does, and what to write instead.
_REFUSED_TAGS: dict[str, str] = {
    "script": "runs code in every reader's browser: remove it (the site's scripts come "
    "from the theme, never from an entry)",
    "style": "restyles the whole page: remove it (styles belong in the theme's stylesheet)",
    "link": "loads a stylesheet or other file into the page: remove it (styles belong in "
    "the theme's stylesheet)",
    "meta": "can redirect the page or change how it is read: remove it",
    "base": "changes where every link on the page goes: remove it",
}
for _name in ("iframe", "frame", "frameset", "object", "embed", "applet", "portal"):
    _REFUSED_TAGS[_name] = (
        "embeds another site's content, which can run code and sees who reads the entry: "
        "remove it and link to the page instead ([description](https://...))"
    )
for _name in ("form", "input", "button", "textarea", "select"):
    _REFUSED_TAGS[_name] = (
        "can send what readers type to another site: remove it and link to the form's own "
        "page instead"
    )
REFUSED_TAGS = frozenset(_REFUSED_TAGS)
# The renderer's classes: a citation is <sup class="st-cite">, a claim's anchor st-claim.
OWN_CLASS = "st-"

# The elements browsers know (HTML's, the obsolete ones they still read, and those of
# inline SVG and MathML). Any other name in angle brackets, "<Name of the judge>",
# is read as a tag the browser keeps and never shows: the words vanish.
_ELEMENT_NAMES = """
    a abbr acronym address area article aside audio b base basefont bdi bdo big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist
    dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font
    footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe
    image img input ins isindex kbd keygen label legend li link listing main map mark
    marquee menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript
    object ol optgroup option output p param picture plaintext portal pre progress q rb
    rp rt rtc ruby s samp script search section select slot small source spacer span
    strike strong style sub summary sup table tbody td template textarea tfoot th thead
    time title tr track tt u ul var video wbr xmp applet
    svg g path circle ellipse line polyline polygon rect text tspan textpath defs use
    symbol desc lineargradient radialgradient stop clippath mask pattern foreignobject
    marker filter
    math mi mo mn ms mtext mrow msup msub msubsup mfrac msqrt mroot mtable mtr mtd mover
    munder munderover mspace mstyle mpadded mphantom menclose semantics annotation
    annotation-xml
"""
KNOWN_ELEMENTS = frozenset(_ELEMENT_NAMES.split())


def address_of(target: str) -> str:
    """The address a browser reads from ``target`` as written (entities decoded)."""
    return _DROPPED.sub("", html.unescape(target)).lstrip(_LEADING)


def scheme_of(target: str) -> str | None:
    """The lowercase scheme of a link target, or None for a relative path or #fragment."""
    match = _SCHEME.match(address_of(target))
    return match.group(1).lower() if match else None


def remote_host(target: str) -> str | None:
    """The host a target loads from when it names another site (``//host`` or http(s))."""
    address = address_of(target)
    match = _REMOTE.match(address)
    if match is None:
        return None
    scheme = scheme_of(address)
    if scheme is not None and scheme not in ("http", "https"):
        return None  # another scheme: ST050's finding, not a load
    return match.group(1) or "an address without a host"


def _what(link: Link) -> str:
    return _WHAT.get(link.via, link.via)


def _in_refused_tag(link: Link) -> bool:
    """Whether the address belongs to a tag ST051 refuses whole (one finding is enough)."""
    return link.via.startswith("<") and link.via[1:].partition(" ")[0] in REFUSED_TAGS


def unsafe_link(entry: Entry) -> Iterator[Finding]:
    """A link, image or raw HTML address whose scheme is not http(s) or mailto:."""
    placeholders: BodyPlaceholders | None = None
    for link in entry.body.links:
        scheme = scheme_of(link.target)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            placeholders = BodyPlaceholders(entry) if placeholders is None else placeholders
            if link.via == "autolink" and link.position in placeholders:
                continue  # <sha256:...> left from the template: ST014's finding
            yield (
                link.position,
                f"{_what(link)} points to a {scheme}: address: only http(s) addresses, "
                "relative paths, #fragments and mailto: are allowed",
            )


def unsafe_html(entry: Entry) -> Iterator[Finding]:
    """A raw HTML tag that can run code, embed or restyle, or an event attribute."""
    placeholders: BodyPlaceholders | None = None
    for tag in entry.body.html_tags:
        if tag.attributes or tag.name in REFUSED_TAGS:
            # <First claim of the entry, one sentence> reads as a tag with attributes.
            placeholders = BodyPlaceholders(entry) if placeholders is None else placeholders
            if tag.position in placeholders:
                continue  # ST014's finding
        if tag.name in REFUSED_TAGS:
            yield tag.position, f"raw <{tag.name}> {_REFUSED_TAGS[tag.name]}"
        for attribute in tag.attributes:
            if attribute.name.startswith("on") and len(attribute.name) > 2:
                yield (
                    tag.position,
                    f"event attribute {attribute.name}= on <{tag.name}> runs code in every "
                    "reader's browser: remove it",
                )
            elif attribute.name == "class":
                own = [c for c in (attribute.value or "").split() if c.startswith(OWN_CLASS)]
                if own:
                    yield (
                        tag.position,
                        f"class {own[0]} on <{tag.name}> is the site's own: the page draws its "
                        f"citations, claims and sources with {OWN_CLASS}* classes, and readers "
                        "would take this for one of them: remove it",
                    )


def unknown_element(entry: Entry) -> Iterator[Finding]:
    """Words in angle brackets that the page reads as a tag of no element, and never shows."""
    placeholders: BodyPlaceholders | None = None
    for tag in entry.body.html_tags:
        # A custom element's name holds a hyphen (<my-note>): markup meant as such.
        if tag.name in KNOWN_ELEMENTS or "-" in tag.name:
            continue
        placeholders = BodyPlaceholders(entry) if placeholders is None else placeholders
        if tag.position in placeholders:
            continue  # <First claim ...> left from the template: ST014's finding
        written = " ".join([tag.name, *(a.name for a in tag.attributes[:4])])
        more = " ..." if len(tag.attributes) > 4 else ""
        yield (
            tag.position,
            f"<{written}{more}> is no HTML element: the page reads it as a tag and shows "
            "nothing of it; write the words without angle brackets, or write &lt; for '<' "
            "to show them",
        )


def stray_attributes(entry: Entry) -> Iterator[Finding]:
    """An attribute list Python-Markdown did not apply, which the page shows as typed."""
    for written, position in entry.body.stray_attributes:
        shown = written if len(written) <= 60 else written[:57] + "..."
        yield (
            position,
            f"the attribute list {shown!r} is shown on the page as typed: one applies only at "
            "the end of a paragraph or heading, or right after a link, image or emphasis, "
            "with nothing between; move it there, or remove it",
        )


def remote_load(entry: Entry) -> Iterator[Finding]:
    """An image or other file the page would fetch from another site as it is shown."""
    for link in entry.body.links:
        host = remote_host(link.target) if link.loads else None
        if host is not None and not _in_refused_tag(link):
            yield (
                link.position,
                f"{_what(link)} loads from another site ({host}), which sees every reader "
                "and can change what they are shown: save a copy under the docs folder and "
                "use a relative path, or link to it instead",
            )
    for tag in entry.body.html_tags:
        for attribute in tag.attributes:
            if attribute.name == "style" and _STYLE_LOADS.search(attribute.value or ""):
                yield (
                    tag.position,
                    f"style attribute on <{tag.name}> loads a file (url(), @import): remove "
                    "it; show an image as ![description](relative/path.png)",
                )
