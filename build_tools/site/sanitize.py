r"""Allowlist sanitising of rendered page HTML, the last step before a page is written.

Entries are Markdown, and Markdown lets raw HTML and ``attr_list`` attributes through:
``{: onerror="alert(1)" }`` on an image is as much a script as ``<script>``. Rather than
recognise bad input, every page's HTML goes through Ammonia (``nh3``) with an allowlist
of exactly the tags and attributes that Python-Markdown with the site's extensions, the
renderer, the generated pages and Material's content styles produce. Everything else is
dropped, and the contents of elements whose text a browser would read as markup or
script (``svg``, ``math``, ``noscript``, ``script``, ``style``, ...) go with them.

Three things an allowlist of names cannot see are checked value by value:

- URLs: ``href`` may be ``http(s)://``, ``mailto:``, relative or a ``#fragment``; ``src``
  (what the page loads) must stay on the site, so a scheme, ``//host`` or ``\\host`` is
  refused there. ``https:evil.example/x.png`` (a scheme without ``//``) is refused
  everywhere: a browser resolves it against the page's own scheme, or not.
- Ids and names: the renderer marks the ids it writes (``anchors.OWN_ID``); those keep
  their value. Any other id that could take the place of one of the page's own
  (Material's ``__search``, the plugin's ``st-*``, and on an entry's page a source, a
  citation or a claim) or shadow a DOM property (``<img name="getElementById">``
  replaces ``document.getElementById``) is moved under ``user-content-``, as GitHub
  does, and ``#`` links to it follow; every ``name`` is moved there. A repeated id is
  dropped, so an id names one element.
- ``style``: only Python-Markdown's table alignment, ``text-align: left|right|center``,
  exactly; any other declaration could load a URL or cover the page.

A link to another site gets ``rel="noopener noreferrer"``; every mark is removed.
"""

from __future__ import annotations

import re
import threading
from typing import Final

import nh3

from build_tools.anchors import OWN_ID
from build_tools.anchors import strip_own_marks as strip_own_marks  # for unsanitised pages

USER_CONTENT: Final = "user-content-"

_BLOCK = {
    "p", "div", "blockquote", "pre", "hr", "br",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "details", "summary",
}  # fmt: skip
_INLINE = {
    "a", "img", "span", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
    "sub", "sup", "code", "kbd", "samp", "var", "abbr", "cite", "q", "time", "wbr",
}  # fmt: skip
TAGS: Final = frozenset(_BLOCK | _INLINE)

# Elements whose whole content goes with them. A browser reads the text inside these as
# script, style, foreign markup or raw text, where an allowlist of the parser's view
# would keep an <img onerror> that the browser then builds (mutation XSS); <title> and
# <textarea> inside <svg> or <noscript> are the classic cases.
DROPPED_WITH_CONTENT: Final = frozenset(
    {
        "script", "style", "svg", "math", "noscript", "template", "iframe", "object",
        "embed", "title", "textarea", "xmp", "noembed", "noframes", "plaintext", "select",
        "option", "frameset", "frame", "applet", "head", "form",
    }
)  # fmt: skip

_GLOBAL = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
ATTRIBUTES: Final = {
    "*": _GLOBAL,
    "a": {"href", "name", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "name", "loading"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "th": {"colspan", "rowspan", "scope", "align", "style"},
    "td": {"colspan", "rowspan", "align", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "ul": {"aria-label"},
}

URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
LINK_REL: Final = "noopener noreferrer"

# Ids of the page's own furniture: the plugin's (the entry's h1, st-* blocks such as the
# search box) and every id Material's templates and scripts use (__search, __drawer,
# __toc, __config, __palette_0, ...), on every page.
RESERVED_PREFIXES: Final = ("st-", "__", USER_CONTENT)
RESERVED_IDS: Final = frozenset({"entry-title"})
# The renderer's ids (sources, citations, claims), only on a page that has them: an
# entry's page, where the renderer marked them. Elsewhere (the guide, the Sources index,
# whose heading is "Sources") no element of the page can be taken for one.
ENTRY_PREFIXES: Final = ("source-", "cite-", "claim-")
ENTRY_IDS: Final = frozenset({"sources"})

# Names a named element would shadow: properties of window, document and HTMLFormElement
# (and Object) that page scripts read. DOM clobbering needs the name to match exactly,
# so the comparison is case-sensitive.
DOM_PROPERTIES: Final = frozenset(
    """
    URL activeElement addEventListener alert all alinkColor anchors applets atob attributes
    baseURI bgColor body btoa caches characterSet charset childElementCount childNodes
    children close closed compatMode confirm console constructor contentType cookie
    createElement createEvent crypto currentScript customElements defaultView designMode dir
    dispatchEvent doctype document documentElement documentURI domain elements embeds
    encoding enctype eval execCommand fetch fgColor firstChild fonts forms frameElement
    frames getElementById getElementsByClassName getElementsByName getElementsByTagName
    getSelection hasOwnProperty head hidden history images implementation importNode
    indexedDB innerHTML innerHeight innerWidth isPrototypeOf lastChild lastModified length
    linkColor links localStorage location locationbar matchMedia method name navigator
    nodeName nodeType noValidate onload open opener origin outerHTML ownerDocument parent
    parentElement parentNode performance plugins postMessage print prompt prototype
    querySelector querySelectorAll readyState referrer removeEventListener reset rootElement
    screen scripts scrollingElement self sessionStorage setInterval setTimeout styleSheets
    submit target textContent timeline title toString top valueOf visibilityState vlinkColor
    window write writeln __proto__ acceptCharset action autocomplete checkValidity
    requestSubmit reportValidity
    """.split()  # noqa: SIM905 (a list of 140 names reads better as words)
)

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser removes before reading a URL: leading and trailing C0 controls and
# spaces, and every tab and line break inside.
_URL_EDGES = "".join(chr(c) for c in range(0x21))
_URL_NOISE = re.compile("[\t\n\r]")
_ALIGN_STYLE = re.compile(r"text-align: (?:left|right|center);?")
_ALIGN = frozenset({"left", "right", "center"})
# The mark written as a character reference in raw HTML would reach the attribute
# filter as the mark itself; only the renderer may write it, as the character.
_MARK_REFERENCE = re.compile(r"&#(?:[xX]0*[eE]002|0*57346)(?![0-9a-fA-F]);?")
# An <a ...> start tag as nh3 writes it: every attribute double-quoted, no ">" outside one.
_LINK_TAG = re.compile(r'<a((?:\s[^\s="<>]+(?:="[^"]*")?)*)>')
_HREF = re.compile(r' href="([^"]*)"')


def _url(value: str) -> str:
    return _URL_NOISE.sub("", value.strip(_URL_EDGES))


def _safe_href(value: str) -> bool:
    """Whether a link target is a web address, a mail address, relative or a fragment."""
    url = _url(value)
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    scheme = _SCHEME.match(url)
    if scheme is None:
        return True
    name = scheme.group(1).lower()
    if name in ("http", "https"):
        return url[scheme.end() :].startswith("//")
    return name == "mailto"


def _safe_src(value: str) -> bool:
    """Whether what the page loads comes from the site itself (a relative address)."""
    url = _url(value)
    return bool(url) and _SCHEME.match(url) is None and not url.startswith(("//", "\\", "/\\"))


def reserved(value: str, *, entry: bool = True) -> bool:
    """Whether an id or name not written by the renderer must move under ``user-content-``.

    ``entry``: whether the page is an entry's, with the renderer's own ids on it.
    """
    if value.startswith(RESERVED_PREFIXES) or value in RESERVED_IDS or value in DOM_PROPERTIES:
        return True
    return entry and (value.startswith(ENTRY_PREFIXES) or value in ENTRY_IDS)


def public_id(value: str, *, entry: bool = True) -> str:
    """The id an element written with id ``value`` has once its page is sanitised.

    For whatever points at a page's ids from outside its content: the table of contents.
    """
    if value.startswith(OWN_ID):
        return value[1:]
    return USER_CONTENT + value if reserved(value, entry=entry) else value


class _Page:
    """The attribute filter for one page: it keeps track of the ids already given out."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.moved: set[str] = set()
        self.entry = False

    def reset(self, *, entry: bool) -> None:
        self.ids.clear()
        self.moved.clear()
        self.entry = entry

    def attribute(self, tag: str, name: str, value: str) -> str | None:
        if name == "id":
            return self._id(value)
        if name == "name":
            if value.startswith(OWN_ID):
                return value[1:]
            self.moved.add(value)  # an <a name> is a link target too
            return USER_CONTENT + value
        if name == "href":
            return value if _safe_href(value) else None
        if name == "src":
            return value if _safe_src(value) else None
        if name == "style":
            # Exactly as Python-Markdown writes it: the page's policy allows it by hash.
            return value.strip() if _ALIGN_STYLE.fullmatch(value.strip()) else None
        if name == "align":
            return value if value.lower() in _ALIGN else None
        if name == "rel":
            return LINK_REL
        if name == "class":
            return value if "md-" not in value else _classes(value)
        return value

    def _id(self, value: str) -> str | None:
        if value.startswith(OWN_ID):
            given = value[1:]
        elif reserved(value, entry=self.entry):
            given = USER_CONTENT + value
            self.moved.add(value)
        else:
            given = value
        if not given or given in self.ids:
            return None
        self.ids.add(given)
        return given


def _classes(value: str) -> str | None:
    """Keep the classes content may use; Material's own ``md-*`` chrome is not for content.

    ``md-button`` is Material's documented class for a link shown as a button.
    """
    kept = [c for c in value.split() if not c.startswith("md-") or c.startswith("md-button")]
    return " ".join(kept) if kept else None


def _cleaner(page: _Page) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=page.attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )


def _add_rel(match: re.Match[str]) -> str:
    attributes = match.group(1)
    href = _HREF.search(attributes)
    if href is None or " rel=" in attributes or _SCHEME.match(href.group(1)) is None:
        return match.group(0)
    return f'<a{attributes} rel="{LINK_REL}">'


def _point_moved_links(html: str, followed: frozenset[str]) -> str:
    """Point ``#id`` links at the moved ids they meant (a heading's permalink, a toc link).

    ``followed`` leaves out a moved id that the page also has as its own (``#sources``):
    a link to it stays, since the page's own element is what readers link to.
    """
    for value in followed:
        html = html.replace(f'href="#{value}"', f'href="#{USER_CONTENT}{value}"')
    return html


# One cleaner for the whole build (making one costs about as much as cleaning a short
# page); its filter's record of ids is per page, so pages are cleaned one at a time.
_PAGE = _Page()
_CLEANER = _cleaner(_PAGE)
_ONE_AT_A_TIME = threading.Lock()


def sanitize_page(html: str) -> str:
    """Return ``html`` with everything outside the allowlist removed.

    Ids the renderer marked (``anchors.own``) keep their value, without the mark; other
    ids that could collide with the page's own are moved under ``user-content-``.
    """
    return sanitize_with_moves(html)[0]


def sanitize_with_moves(html: str) -> tuple[str, frozenset[str]]:
    """:func:`sanitize_page`, and the ids it moved that the page has no element of its own for.

    Links on this page follow those moves; a link from another page can only follow
    them if it is told (``site.moved_ids``).
    """
    if "&#" in html:
        html = _MARK_REFERENCE.sub("", html)
    with _ONE_AT_A_TIME:
        _PAGE.reset(entry=OWN_ID in html)
        cleaned = _CLEANER.clean(html)
        moved, ids = set(_PAGE.moved), set(_PAGE.ids)
    if "<a " in cleaned:
        cleaned = _LINK_TAG.sub(_add_rel, cleaned)
    followed = frozenset(moved - ids)
    if followed:
        cleaned = _point_moved_links(cleaned, followed)
    return strip_own_marks(cleaned), followed
