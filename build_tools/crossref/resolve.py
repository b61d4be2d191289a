"""One entry's relative links, resolved and judged as MkDocs resolves and judges them.

This follows ``_RelativePathTreeprocessor.path_to_url`` and
``Page.validate_anchor_links`` in mkdocs/structure/pages.py (MkDocs 1.6): only the
links Python-Markdown builds as elements (``<a href>`` and ``<img src>`` in the tree;
raw HTML is left as written and never validated), no address with a scheme or a host
(``https:``, ``mailto:``, ``//host``), no mail autolink. A path is read from the
entry's folder; an ``#anchor`` must be an id on the page it leads to. What MkDocs
logs only at ``info`` level (a link to a file it leaves out, and whatever
``validation:`` in mkdocs.yml puts at ``info``) is no finding.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from markdown.util import AMP_SUBSTITUTE

from build_tools.crossref.site import Site
from build_tools.crossref.validation import LinkValidation
from build_tools.model import Link, Position
from build_tools.quoting import shown

# The links that are elements of the converted tree, which MkDocs validates.
JUDGED_VIAS = frozenset({"link", "image", "definition", "image definition", "autolink"})


def judged(link: Link) -> bool:
    """Whether MkDocs validates ``link``: an element of the tree, with no scheme or host."""
    if link.via not in JUDGED_VIAS:
        return False
    split = urlsplit(link.target)
    return not split.scheme and not split.netloc


def target_of(src_uri: str, path: str) -> str:
    """The file a link's ``path`` names, from the page ``src_uri`` (MkDocs' ``_target_uri``)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def _guesses(src_uri: str, path: str, target: str) -> Iterator[str]:
    """What a link that leads nowhere may have meant, most likely first."""
    if not posixpath.splitext(target)[1]:
        yield posixpath.join(target, "index.md")
        yield posixpath.join(target, "README.md")
    if not path.endswith(".md"):
        yield target.removesuffix(".html") + ".md"


def _relative(target: str, src_uri: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")


def _close_file(target: str, site: Site) -> str | None:
    """The file whose name is closest to ``target``'s (a typo), preferring its folder."""
    folder, name = posixpath.split(target)
    by_name: dict[str, list[str]] = {}
    for path in site.docs.files:
        if path not in site.docs.excluded:
            by_name.setdefault(posixpath.basename(path), []).append(path)
    close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.75)
    if not close:
        return None
    paths = by_name[close[0]]
    same = [p for p in paths if posixpath.dirname(p) == folder]
    return (same or sorted(paths))[0]


def _missing(
    src_uri: str, url: str, path: str, target: str, site: Site, *, absolute: bool = False
) -> str:
    guess = next((g for g in _guesses(src_uri, path, target) if site.has(g)), None)
    if guess is None:
        guess = _close_file(target, site)
    fix = (
        f"did you mean {shown('/' + guess if absolute else _relative(guess, src_uri))}?"
        if guess is not None
        else "correct the path (it is read from the docs folder)"
        if absolute
        else "correct the path (it is read from this file's folder)"
    )
    return f"link {shown(url)} leads to {shown(target)}, which the site does not have: {fix}"


def _unrecognized(src_uri: str, url: str, path: str, target: str, site: Site) -> str:
    guess = next((g for g in _guesses(src_uri, path, target) if site.has(g)), None)
    example = shown(_relative(guess, src_uri)) if guess is not None else "'../2016/appeal.md'"
    return (
        f"link {shown(url)} names no file, and MkDocs leaves it as written, so it breaks "
        f"where the page is published: link to the page's Markdown file, e.g. {example}"
    )


def _absolute(url: str) -> str:
    return (
        f"link {shown(url)} is absolute: MkDocs leaves it as written, and it breaks when "
        "the site is not at the root of its address; write it relative to this file"
    )


def _no_anchor(url: str, anchor: str, target: str | None, ids: frozenset[str]) -> str:
    where = "this page has" if target is None else f"{shown(target)} has"
    close = difflib.get_close_matches(anchor, sorted(ids), n=1, cutoff=0.6)
    fix = (
        f"did you mean {shown('#' + close[0])}?"
        if close
        else "anchors are the ids of the page's headings, as its table of contents shows them"
    )
    return f"link {shown(url)}: {where} no anchor {shown('#' + anchor)}: {fix}"


def link_findings(
    src_uri: str, links: Iterable[Link], site: Site, validation: LinkValidation
) -> Iterator[tuple[Position, str]]:
    """Yield ``(position, message)`` for every link of the page ``src_uri`` the build warns about.

    Args:
        src_uri: the entry's path in the docs folder.
        links: its body's links, with their positions in the file.
        site: the pages and files a link can lead to.
        validation: which kinds of broken link MkDocs warns about (mkdocs.yml).

    """
    for link in links:
        if not judged(link):
            continue
        url = link.target
        _scheme, _netloc, path, _query, anchor = urlsplit(url)
        absolute = url.startswith(("/", "\\"))
        if absolute and not validation.absolute_links_from_docs:
            if validation.absolute_links:
                yield link.position, _absolute(url)
            continue
        if AMP_SUBSTITUTE in url:  # a mail address, as Python-Markdown hides it
            continue
        if not path:
            if anchor and validation.anchors:
                ids = site.ids(src_uri)
                if ids is not None and anchor not in ids:
                    yield link.position, _no_anchor(url, anchor, None, ids)
            continue
        path = unquote(path)
        target = target_of(src_uri, path)
        if not site.has(target):
            if not posixpath.splitext(path)[1] and not absolute:
                if validation.unrecognized_links:
                    yield link.position, _unrecognized(src_uri, url, path, target, site)
            elif validation.not_found:
                yield link.position, _missing(src_uri, url, path, target, site, absolute=absolute)
            continue
        if site.left_out(target) or not anchor or not validation.anchors:
            continue
        ids = site.ids(target)
        if ids is not None and anchor not in ids:
            yield link.position, _no_anchor(url, anchor, None if target == src_uri else target, ids)
