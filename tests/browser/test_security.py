"""The sanitiser and the Content-Security-Policy, in Chromium.

(a) The real site (content/ with the project's mkdocs.yml) breaks none of its own policy:
no violation and no console error on any kind of page, searching included. (b) With the
sanitiser off, the hostile corpus's scripts still never run and nothing is fetched from
another host: the policy alone stops them. (c) With the sanitiser on, as published, the
corpus runs nothing, fetches nothing from elsewhere and trips no policy at all, page by page.

Every page records the ``securitypolicyviolation`` events it fires, from a script the
browser adds before the page's own (so the policy does not apply to it). Every payload
sets ``window.stHostile``: if any ran, the flag is set.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect

from tests.browser.conftest import REPO, Watch, on_loopback, serve
from tests.site.building import build_site
from tests.site.test_hostile_corpus import build_hostile_site, problems

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.stViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.stViolations.push({
    directive: event.effectiveDirective, blocked: event.blockedURI, line: event.lineNumber,
  });
});
"""
REAL_ENTRY = "entries/2016/cumhuriyet-transcripts-officers-islamic-state/"
REAL_PAGES = [
    "",
    REAL_ENTRY,
    "sources/",
    "tags/",
    "tags/turkey/",
    "archive/",
    "archive/2016/02/",
    "guide/",
    "404.html",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site: content/ and its entries, built with the project's mkdocs.yml.

    This module's ``page`` fixture (from conftest.py) opens this site.
    """
    root = tmp_path_factory.mktemp("real-site")
    with serve(build_site(root, entries=REPO / "content" / "entries")) as url:
        yield url


@pytest.fixture(scope="module")
def unsanitised_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile corpus built with the plugin's sanitiser off."""
    with serve(build_hostile_site(tmp_path_factory.mktemp("raw"), sanitize=False)) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus as it is published: built with the project's mkdocs.yml."""
    return build_hostile_site(tmp_path_factory.mktemp("sanitised"))


def violations(page: Page) -> list[dict[str, Any]]:
    # Violation events are queued as tasks: let the page settle before reading them.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)
    found = page.evaluate("window.stViolations")
    assert isinstance(found, list)
    return found


def ran(page: Page) -> Any:
    """What a payload that ran would have left in ``window.stHostile`` (None: nothing ran)."""
    return page.evaluate("window.stHostile === undefined ? null : window.stHostile")


@pytest.fixture
def recorded(page: Page) -> Page:
    """The conftest's page (no request off 127.0.0.1, no console error), recording violations."""
    page.add_init_script(RECORD_VIOLATIONS)
    return page


@pytest.mark.parametrize("where", REAL_PAGES)
def test_the_real_site_keeps_its_own_policy(recorded: Page, where: str) -> None:
    response = recorded.goto(where)
    assert response is not None and response.status in (200, 404)
    meta = recorded.locator('head meta[http-equiv="Content-Security-Policy"]')
    expect(meta).to_have_count(1)
    assert violations(recorded) == []


def test_searching_the_real_site_keeps_its_policy(recorded: Page) -> None:
    recorded.goto("")
    box = recorded.locator("input.md-search__input")
    box.click()
    box.fill("Cumhuriyet")
    box.press("Space")
    expect(recorded.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert violations(recorded) == []


def test_pagefind_search_keeps_its_policy(recorded: Page, pagefind_url: str) -> None:
    recorded.goto(pagefind_url + "search/")
    recorded.locator(".pagefind-ui__search-input").fill("zanzibarite")
    expect(recorded.locator(".pagefind-ui__result")).to_have_count(1, timeout=15_000)
    assert violations(recorded) == []


OpenTab = Callable[[str], Page]


class Leaks:
    """Requests for another host: which reached the network (the test's router refuses
    them there, so nothing leaves even then), and how the others ended."""

    def __init__(self) -> None:
        self.reached_network: list[str] = []
        self.stopped: list[tuple[str, str | None]] = []

    def route(self, route: Route) -> None:
        if on_loopback(route.request.url):
            route.continue_()
        else:
            self.reached_network.append(route.request.url)
            route.abort()

    def failed(self, request: Request) -> None:
        if not on_loopback(request.url):
            self.stopped.append((request.url, request.failure))


@pytest.fixture
def open_tab(browser: Browser, watch: Watch) -> Iterator[OpenTab]:
    """Open pages of a hostile site. Console errors are expected (each blocked payload logs
    one), so tests check them themselves. A request for another host must be stopped by
    the policy before it is sent: Chromium reports it as failed with "csp"."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    leaks = Leaks()

    def open_page(url: str) -> Page:
        tab = context.new_page()
        tab.on("console", watch.console)
        tab.on("dialog", watch.dialog)
        tab.on("pageerror", lambda error: watch.errors.append(str(error)))
        tab.on("requestfailed", leaks.failed)
        tab.route("**/*", leaks.route)
        tab.goto(url)
        return tab

    yield open_page
    context.close()
    assert leaks.reached_network == [], "requests for another host reached the network"
    assert [(url, why) for url, why in leaks.stopped if why != "csp"] == []
    assert watch.dialogs == [], "a script from page content ran"


# What a blocked payload or a missing image logs; anything else is a real error.
EXPECTED_ERROR = re.compile(
    r"Content Security Policy|Failed to load resource: the server responded with a status of 404"
)
# Without the sanitiser, <img name="getElementById"> and <span id="__config"> clobber
# what Material's script reads: no policy can stop that, only the sanitiser's ids.
CLOBBERED = [
    "document.getElementById is not a function",
    "Unexpected token 'i', \"in May\" is not valid JSON",
]

# Which of CLOBBERED each page shows when not sanitised.
CLOBBERING = {
    "hostile/": 1,
    "entries/2016/attribute-payloads/": 2,
    "entries/2016/markup-payloads/": 0,
}
HOSTILE_PAGES = list(CLOBBERING)


@pytest.mark.parametrize("where", HOSTILE_PAGES)
def test_without_the_sanitiser_the_policy_still_stops_every_payload(
    open_tab: OpenTab, unsanitised_url: str, watch: Watch, where: str
) -> None:
    # (The corpus's meta refresh page is left out: no policy can stop a refresh, only
    # the sanitiser, and the test would leave the page.)
    tab = open_tab(unsanitised_url + where)
    violations(tab)
    for link in tab.locator("article a[href^='javascript:']").all():
        link.click()
    assert ran(tab) is None
    unexpected = [e for e in watch.errors if not EXPECTED_ERROR.search(e)]
    if where == "hostile/":
        directives = {v["directive"] for v in violations(tab)}
        assert {"script-src-elem", "script-src-attr", "img-src", "style-src-attr"} <= directives
        assert {"style-src-elem", "base-uri", "frame-src", "object-src"} <= directives
        assert "<script> from content" in problems(lxml.html.fromstring(tab.content()))
    assert unexpected == CLOBBERED[: CLOBBERING[where]]


def test_the_sanitised_corpus_runs_and_fetches_nothing_page_by_page(
    open_tab: OpenTab, hostile_site: Path, watch: Watch
) -> None:
    paths = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert "hostile/index.html" in paths and len(paths) > 15
    with serve(hostile_site) as url:
        for path in paths:
            tab = open_tab(url + path)
            assert violations(tab) == [], path
            assert ran(tab) is None, path
            assert problems(lxml.html.fromstring(tab.content())) == [], path
            tab.close()
    assert [e for e in watch.errors if not EXPECTED_ERROR.search(e)] == []


def test_table_columns_keep_their_alignment_under_the_policy(
    open_tab: OpenTab, hostile_site: Path
) -> None:
    with serve(hostile_site) as url:
        tab = open_tab(url + "hostile/")
        cells = tab.locator("article table td")
        aligned = cells.evaluate_all("cells => cells.map(c => getComputedStyle(c).textAlign)")
        assert aligned == ["left", "right"]
        assert violations(tab) == []
