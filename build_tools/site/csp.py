"""The Content-Security-Policy of the built site: a second wall behind the sanitiser.

Every page gets a ``<meta http-equiv="Content-Security-Policy">`` right after its
``<meta charset>``, before any script, and the site root gets a ``_headers`` file
(Netlify's and Cloudflare Pages' format) with the same policy for hosts that read it.
Nothing is loaded from another origin and no script runs but the site's own files and
the theme's few inline scripts, allowed by their SHA-256 hash.

Which inline scripts are the theme's is decided by the templates, not by the page: a
page's inline script is hashed only when its text is one the templates write (Material's
``partials/javascripts/*.html``, whose text differs per page only in the relative
address of the site root, and the site's ``overrides/``). A ``<script>`` that reached a
page through its content, sanitised or not, is never hashed, so it never runs.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

META_NAME = "Content-Security-Policy"
HEADERS_FILE = "_headers"

MATERIAL_TEMPLATES = Path(str(files("material"))) / "templates"
OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"

# Material's styles, its icons and the site's own stylesheet are files, and Material
# moves things through the CSSOM, which a policy does not govern: no inline style is
# needed but a Markdown table's column alignment (see ALIGNMENT). Material's icons inside
# its CSS are data: images (mask-image), hence img-src data:.
_FIXED = {
    "default-src": "'none'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
}
# Python-Markdown's tables align a column with style="text-align: ...;", the one style
# attribute the sanitiser keeps. A page with such a cell allows exactly those values, by
# hash ('unsafe-hashes' lets a hash cover an attribute, and only what it hashes).
ALIGNMENT = re.compile(r'\sstyle="(text-align: (?:left|right|center);?)"')
UNSAFE_HASHES = "'unsafe-hashes'"
# Pagefind's search runs a WebAssembly module, which CSP counts as evaluating code.
WASM = "'wasm-unsafe-eval'"
# Only a header can keep the site out of another site's frames.
HEADER_ONLY = {"frame-ancestors": "'none'"}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_CLASSIC = re.compile(r"""\btype\s*=\s*["']?(?:text/javascript|module)["']?""", re.IGNORECASE)
_TYPED = re.compile(r"\btype\s*=", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
_TEMPLATE_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# What a template expression inside a script may become: the relative address of the
# site root ("../..") in Material's scope script. No quote, backslash or bracket, so the
# text it stands in for can never end the JavaScript string it sits in.
_EXPRESSION_VALUE = r"""[^"'`\\<>\n]*"""
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_OURS = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_PAGEFIND = "/pagefind/pagefind"


@dataclass(frozen=True, slots=True)
class PagePolicy:
    """What one page needs beyond the fixed policy.

    Its inline scripts' hashes, whether it runs WebAssembly, and the hashes of its table
    cells' alignment styles.
    """

    hashes: tuple[str, ...]
    wasm: bool = False
    styles: tuple[str, ...] = ()


def policy(page: PagePolicy, *, header: bool = False) -> str:
    """The policy text for ``page``; ``header`` adds what only an HTTP header can say."""
    script = " ".join(["'self'", *(f"'{h}'" for h in page.hashes), *([WASM] if page.wasm else [])])
    styles = [UNSAFE_HASHES, *(f"'{h}'" for h in page.styles)] if page.styles else []
    directives = {
        "default-src": _FIXED["default-src"],
        "script-src": script,
        "style-src": " ".join(["'self'", *styles]),
        **_FIXED,
    }
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def script_hash(text: str) -> str:
    """The CSP source expression (without quotes) allowing an inline script (or style)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _executable(attributes: str) -> bool:
    """Whether a ``<script>`` with ``attributes`` and no ``src`` runs (JSON data does not)."""
    return _TYPED.search(attributes) is None or _CLASSIC.search(attributes) is not None


def template_scripts(directories: Iterable[Path]) -> tuple[re.Pattern[str], ...]:
    """The inline scripts the templates under ``directories`` write, as patterns.

    A script holding Jinja statements (``{% ... %}``) is left out: its text cannot be
    known here, so it would not run (no template of Material's or ours has one).
    """
    patterns: list[re.Pattern[str]] = []
    for directory in directories:
        for template in sorted(directory.rglob("*.html")):
            source = template.read_text(encoding="utf-8")
            for attributes, text in _SCRIPT.findall(source):
                if "{%" in text or _SRC.search(attributes) or not _executable(attributes):
                    continue
                pieces = _TEMPLATE_EXPRESSION.split(text)
                patterns.append(re.compile(_EXPRESSION_VALUE.join(map(re.escape, pieces))))
    return tuple(dict.fromkeys(patterns))


@cache
def _theme_scripts() -> tuple[re.Pattern[str], ...]:
    return template_scripts([MATERIAL_TEMPLATES / "partials" / "javascripts", OVERRIDES])


def page_policy(html: str, trusted: Sequence[re.Pattern[str]] | None = None) -> PagePolicy:
    """What ``html`` needs allowed: the hashes of its inline scripts that the theme wrote."""
    patterns = _theme_scripts() if trusted is None else trusted
    hashes: list[str] = []
    wasm = False
    for attributes, text in _SCRIPT.findall(html):
        source = _SRC.search(attributes)
        if source is not None:
            wasm = wasm or (_PAGEFIND in "/" + source.group(1) and "://" not in source.group(1))
            continue
        if _executable(attributes) and any(p.fullmatch(text) for p in patterns):
            hashes.append(script_hash(text))
    styles = sorted({script_hash(value) for value in ALIGNMENT.findall(html)})
    return PagePolicy(tuple(dict.fromkeys(hashes)), wasm, tuple(styles))


def with_policy(html: str, page: PagePolicy) -> str:
    """``html`` with its policy as the first thing after ``<meta charset>`` (or ``<head>``).

    A policy this function wrote before is replaced, so a page can be given one again.
    """
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(page)}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return meta + html
    rest = html[anchor.end() :]
    previous = _OURS.match(rest)
    if previous is not None:
        rest = rest[previous.end() :]
    return f"{html[: anchor.end()]}\n{meta}{rest}"


def _write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: a reader sees the old page or the new."""
    temporary = path.with_name(f".{path.name}.csp-tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def headers_text(pages: Iterable[PagePolicy]) -> str:
    """The ``_headers`` file: one ``/*`` block whose policy allows every page's scripts.

    Netlify and Cloudflare Pages apply every block whose path matches and join repeated
    headers with commas, and a browser enforces each of several policies: a block per
    page beside ``/*`` would take away what ``/*`` allows. So one block holds the union;
    each page's own ``<meta>`` policy still allows only its own scripts.
    """
    hashes: set[str] = set()
    styles: set[str] = set()
    wasm = False
    for page in pages:
        hashes.update(page.hashes)
        styles.update(page.styles)
        wasm = wasm or page.wasm
    union = PagePolicy(tuple(sorted(hashes)), wasm, tuple(sorted(styles)))
    return f"/*\n  {META_NAME}: {policy(union, header=True)}\n"


def _give_policy(path: Path) -> PagePolicy:
    html = path.read_text(encoding="utf-8")
    page = page_policy(html)
    _write(path, with_policy(html, page))
    return page


# Most of the time goes to creating and renaming files, which the operating system does
# while Python waits: a few threads overlap it (measured: 1.9 s for 1,000 entry pages
# one at a time, 1.1 s with four threads, on the 2-core build machine).
_THREADS = 4


def apply_policy(site_dir: Path, given: Mapping[str, PagePolicy] | None = None) -> None:
    """Give every page under ``site_dir`` its Content-Security-Policy, and write ``_headers``.

    ``given``: the pages (by path under ``site_dir``) that were written with their policy
    already, as the build writes the pages it renders; they are not read again. Any
    other page (an HTML file copied from the docs folder) is replaced in one step
    (written beside itself, then renamed over it).
    """
    given = given or {}
    pages: list[PagePolicy] = []
    rest: list[Path] = []
    for path in sorted(site_dir.rglob("*.html")):
        page = given.get(path.relative_to(site_dir).as_posix())
        if page is not None:
            pages.append(page)
        else:
            rest.append(path)
    if rest:
        _theme_scripts()  # read the templates once, before the threads start
        with ThreadPoolExecutor(_THREADS) as pool:
            pages.extend(pool.map(_give_policy, rest))
    _write(site_dir / HEADERS_FILE, headers_text(pages))
