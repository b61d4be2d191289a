"""The built site's own links: every href and src that points inside it, fragments included.

Works on the files MkDocs wrote, offline. The site is listed once, every page
parsed once, and each link resolved as a browser would against that listing:
percent-escapes decoded, ``dir/`` served as ``dir/index.html``, the query
string ignored, and a ``#fragment`` looked up among the target page's ``id``
and ``<a name>`` values.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from build_tools.errors import FatalError
from build_tools.links.page import Page, locate, read_page

HTML_SUFFIXES = (".html", ".htm")
INDEX_FILE = "index.html"

# A scheme is what makes a reference absolute (RFC 3986, section 3.1);
# "c:" style drive letters never occur in a built site.
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A link inside the site that leads nowhere, with where it is written."""

    page: str
    line: int
    column: int
    attribute: str
    value: str
    reason: str


@dataclass(frozen=True, slots=True)
class SiteReport:
    """The outcome of checking a built site."""

    site_dir: Path
    pages: int
    links: int
    broken: tuple[BrokenLink, ...]


@dataclass(frozen=True, slots=True)
class _Target:
    """A resolved link: the site file it names and the fragment it asks for, if any."""

    path: str
    fragment: str | None


@dataclass(frozen=True, slots=True)
class _Problem:
    """A link that cannot lead anywhere, and why."""

    reason: str


_Resolution = _Target | _Problem | None  # None: not a link into this site


class _Resolver:
    """Resolves a link written on a page against the listing of the site's files."""

    def __init__(self, files: frozenset[str], folders: frozenset[str], site_url: str | None):
        self._files = files
        self._folders = folders
        self._site_url = site_url.rstrip("/") + "/" if site_url else None
        # Navigation repeats the same links on every page of a folder, so the
        # answer for (folder, value) is worth keeping.
        self._cache: dict[tuple[str, str], _Resolution] = {}
        self._by_lowercase: dict[str, str] | None = None

    def resolve(self, page: str, folder: str, value: str) -> _Resolution:
        """Resolve ``value``, written on ``page`` (a site-relative path) in ``folder``."""
        value = value.strip()
        if not value:
            return None  # an empty href is the page itself
        if value[0] in "#?":
            fragment = value.partition("#")
            return _Target(page, fragment[2] if fragment[1] else None)
        key = (folder, value)
        try:
            return self._cache[key]
        except KeyError:
            resolution = self._cache[key] = self._resolve(folder, value)
            return resolution

    def _resolve(self, folder: str, value: str) -> _Resolution:
        if value.startswith("//"):
            return None  # another host, whatever the scheme
        if _SCHEME_RE.match(value):
            if self._site_url is None:
                return None
            if value.startswith(self._site_url):
                value = "/" + value[len(self._site_url) :]
            elif value.partition("#")[0].partition("?")[0] + "/" == self._site_url:
                value = "/" + value[len(self._site_url) - 1 :]  # the home page without its slash
            else:
                return None
        reference, hash_mark, fragment = value.partition("#")
        path = reference.partition("?")[0]
        decoded = unquote(path) if "%" in path else path
        if decoded.startswith("/"):
            joined = posixpath.normpath(decoded.lstrip("/") or ".")
        else:
            joined = posixpath.normpath(posixpath.join(folder, decoded))
        if joined == ".." or joined.startswith("../"):
            return _Problem("leads outside the site")
        wants_folder = decoded.endswith(("/", "/.", "/..")) or decoded in (".", "..")
        target = None if joined == "." else joined
        if not wants_folder and target in self._files:
            return _Target(target, fragment if hash_mark else None)
        if target is None or target in self._folders:
            index = posixpath.join(target, INDEX_FILE) if target else INDEX_FILE
            if index in self._files:
                return _Target(index, fragment if hash_mark else None)
            return _Problem(f"the folder {target + '/' if target else '/'} has no {INDEX_FILE}")
        if wants_folder:
            return _Problem(f"no folder {target}/ in the site" + self._hint(target))
        return _Problem(f"no file {target} in the site" + self._hint(target))

    def _hint(self, missing: str) -> str:
        """Suggest the path that differs only in case: web servers are case-sensitive."""
        if self._by_lowercase is None:
            self._by_lowercase = {p.lower(): p for p in self._files | self._folders}
        near = self._by_lowercase.get(missing.lower())
        return f" (did you mean {near}?)" if near else ""


def list_site(site_dir: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Return every file and every folder under ``site_dir``, as site-relative POSIX paths."""
    files: list[str] = []
    folders: list[str] = []
    root = os.fspath(site_dir)
    for current, subfolders, names in os.walk(root):
        relative = os.path.relpath(current, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        folders.extend(prefix + name for name in subfolders)
        files.extend(prefix + name for name in names)
    return frozenset(files), frozenset(folders)


def _fragment_problem(fragment: str, target: str, page: Page) -> str | None:
    """Why ``#fragment`` finds nothing on ``page`` (the file ``target``), or None if it does."""
    if not fragment or fragment in page.anchors:
        return None
    decoded = unquote(fragment)
    if decoded in page.anchors:
        return None
    if decoded.lower() == "top":
        return None  # the HTML standard scrolls to the top for #top when no element has that id
    near = difflib.get_close_matches(decoded, page.anchors, n=1)
    hint = f" (did you mean #{near[0]}?)" if near else ""
    return f"{target} has no id or <a name> '{decoded}'{hint}"


def _read_pages(site_dir: Path, paths: Iterable[str]) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for path in paths:
        file = site_dir / path
        try:
            # Looked at before it is read: a named pipe would block the check for ever.
            if not stat.S_ISREG(file.stat().st_mode):
                raise FatalError(f"{file}: cannot read: not a regular file; a built page is one")
            pages[path] = read_page(file.read_bytes())
        except OSError as error:
            raise FatalError(f"{file}: cannot read: {error.strerror or error}") from error
    return pages


def check_site(site_dir: Path, *, site_url: str | None = None) -> SiteReport:
    """Check every link inside the built site at ``site_dir``.

    Args:
        site_dir: the folder MkDocs built.
        site_url: the site's public address; absolute links that start with it
            are checked as internal ones. Other absolute links are not checked.

    Raises:
        FatalError: when ``site_dir`` is not a folder or a page cannot be read.

    """
    if not site_dir.is_dir():
        raise FatalError(f"{site_dir}: no such folder; build the site first ('make site')")
    files, folders = list_site(site_dir)
    pages = _read_pages(site_dir, sorted(f for f in files if f.endswith(HTML_SUFFIXES)))
    resolver = _Resolver(files, folders, site_url)
    checked = 0
    found: list[tuple[str, str, str, str]] = []
    for path, page in pages.items():
        folder = posixpath.dirname(path)
        for attribute, value in page.links:
            resolution = resolver.resolve(path, folder, value)
            if resolution is None:
                continue
            checked += 1
            if isinstance(resolution, _Problem):
                found.append((path, attribute, value, resolution.reason))
                continue
            if resolution.fragment is None:
                continue
            target_page = pages.get(resolution.path)
            if target_page is None:
                continue  # a fragment of a non-HTML file (a PDF page, say) is not ours to judge
            reason = _fragment_problem(resolution.fragment, resolution.path, target_page)
            if reason is not None:
                found.append((path, attribute, value, reason))
    return SiteReport(site_dir, len(pages), checked, _locate_all(site_dir, found))


def _locate_all(site_dir: Path, found: list[tuple[str, str, str, str]]) -> tuple[BrokenLink, ...]:
    """Attach a line and column to each broken link; only pages with one are read again."""
    by_page: dict[str, list[tuple[str, str, str]]] = {}
    for page, attribute, value, reason in found:
        by_page.setdefault(page, []).append((attribute, value, reason))
    broken: list[BrokenLink] = []
    for page, links in by_page.items():
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
        places = locate(text, {(attribute, value) for attribute, value, _ in links})
        seen: Counter[tuple[str, str]] = Counter()
        for attribute, value, reason in links:
            occurrence = seen[(attribute, value)]
            seen[(attribute, value)] += 1
            spots = places[(attribute, value)]
            line, column = spots[occurrence] if occurrence < len(spots) else (1, 1)
            broken.append(BrokenLink(page, line, column, attribute, value, reason))
    return tuple(broken)
