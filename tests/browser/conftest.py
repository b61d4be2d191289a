"""A real Chromium against the built site on 127.0.0.1.

The browser is the one ``build_tools.browser`` finds (``SOURCETRACE_CHROMIUM``, Playwright's
own, then the system's). Without one the browser tests are skipped with the one line that
says what to do, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    sync_playwright,
)

from build_tools.browser import ChromiumMissing, find_chromium, locate
from tests.site.building import build_site

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1 until the block ends; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site, built once and served on 127.0.0.1."""
    with serve(build_site(tmp_path_factory.mktemp("browser-site"))) as url:
        yield url


@pytest.fixture(scope="session")
def pagefind_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built to search with Pagefind, served on 127.0.0.1."""
    site = build_site(tmp_path_factory.mktemp("pagefind-site"), search="pagefind")
    with serve(site) as url:
        yield url


# Module scope, not session: Playwright's sync API runs an event loop on this thread
# while it is open, and later tests that call asyncio.run() would fail beside it.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # Ask the Playwright already open here: a second one on this thread would fail.
        managed = Path(playwright.chromium.executable_path)
        try:
            found = find_chromium(os.environ, managed)
        except ChromiumMissing as missing:
            missing_browser(str(missing))
        chromium = playwright.chromium.launch(executable_path=str(found.path), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def on_ci(environ: Mapping[str, str]) -> bool:
    """Whether this is a CI run (GitHub Actions and most others set CI=true)."""
    return environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_browser(line: str) -> NoReturn:
    """Fail under CI, where a browser test that did not run would pass unseen; else skip."""
    if on_ci(os.environ):
        pytest.fail(f"{line} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(line)


def __getattr__(name: str) -> Any:
    # bench/site_bench.py imports CHROMIUM from here; it is now the lookup's answer.
    if name == "CHROMIUM":
        return locate().path
    raise AttributeError(name)


def on_loopback(url: str) -> bool:
    """Whether a request for ``url`` stays on this machine (or needs no network at all)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1"


class Watch:
    """What a page did that it must not: requests off 127.0.0.1, console errors, and
    dialogs (a hostile value that became a script would call alert())."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def request(self, request: Request) -> None:
        if not on_loopback(request.url):
            self.foreign.append(request.url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def watch() -> Watch:
    return Watch()


def open_page(browser: Browser, base_url: str, watch: Watch, bypass_csp: bool) -> Page:
    """A new tab in its own context, watched, with every request off 127.0.0.1 refused."""
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
    )
    tab = context.new_page()
    tab.on("request", watch.request)
    tab.on("console", watch.console)
    tab.on("dialog", watch.dialog)
    tab.on("pageerror", lambda error: watch.errors.append(str(error)))
    # Anything not on 127.0.0.1 is refused before it leaves, and still recorded above.
    tab.route(
        "**/*",
        lambda route: route.continue_() if on_loopback(route.request.url) else route.abort(),
    )
    return tab


def check_watch(watch: Watch) -> None:
    assert watch.foreign == [], "requests left 127.0.0.1"
    assert watch.errors == [], "console errors"
    assert watch.dialogs == [], "a script from page content ran"


@pytest.fixture
def page(browser: Browser, base_url: str, watch: Watch) -> Iterator[Page]:
    """A fresh page; the test fails if it sent a request off 127.0.0.1 or logged an error."""
    tab = open_page(browser, base_url, watch, bypass_csp=False)
    yield tab
    tab.context.close()
    check_watch(watch)


@pytest.fixture
def audit_page(browser: Browser, base_url: str, watch: Watch) -> Iterator[Page]:
    """Like ``page``, but the site's Content-Security-Policy lets in scripts the test adds.

    For the accessibility checks: axe-core is injected as an inline script, which the
    site's policy rightly refuses. Everything else is tested with ``page``, under the policy.
    """
    tab = open_page(browser, base_url, watch, bypass_csp=True)
    yield tab
    tab.context.close()
    check_watch(watch)
