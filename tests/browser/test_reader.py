"""What a reader does on the site, in Chromium: search, follow citations, browse."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, REPO, Watch

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ENTRY = "entries/2016/harbour-closes/"


def serious_violations(page: Page) -> list[dict[str, Any]]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run scripts/ensure-browser.sh")
    # Material fades the search overlay in; mid-transition, half-transparent text fails
    # axe's colour-contrast rule. Judge the page as the reader sees it once it settles.
    page.evaluate(
        """() => Promise.race([
            Promise.all(document.getAnimations().map(a => a.finished)),
            new Promise(done => setTimeout(done, 5000)),
        ])"""
    )
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def search(page: Page, query: str) -> float:
    """Type ``query`` into Material's search; return the seconds until the first result."""
    box = page.locator("input.md-search__input")
    box.click()
    expect(box).to_be_focused()
    # Material searches on key events, not on a value set from outside: type the last key.
    box.fill(query[:-1])
    started = time.perf_counter()
    box.press(query[-1])
    first = page.locator(".md-search-result__item").first
    expect(first).to_be_visible(timeout=15_000)
    return time.perf_counter() - started


def test_search_for_a_word_in_one_body_finds_that_entry(page: Page) -> None:
    page.goto("")
    search(page, "zanzibarite")
    results = page.locator(".md-search-result__item > a")
    expect(results).to_have_count(1)
    results.first.click()
    expect(page).to_have_url(re.compile(r"/entries/2016/ferry-timetable/"))
    expect(page.locator("article h1")).to_have_text("Ferry timetable cut to four sailings")


def test_search_finds_source_publishers(page: Page) -> None:
    page.goto("")
    search(page, "Island Ferries")
    results = page.locator(".md-search-result__item > a")
    # The Sources index names every publisher; the publishers' own pages, lists of the
    # sources entry pages already give, are kept out of the index.
    expect(results.first).to_have_attribute("href", re.compile(r"/sources/(\?|#|$)"))
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("/entries/2016/ferry-timetable/" in href for href in hrefs), hrefs


def test_citation_jumps_to_its_source_and_the_back_link_returns(page: Page) -> None:
    page.goto(ENTRY)
    citation = page.locator("sup.st-cite a").first
    expect(citation).to_have_attribute("href", "#source-order")
    citation_id = citation.get_attribute("id")
    citation.click()
    expect(page).to_have_url(re.compile("#source-order$"))
    source = page.locator("#source-order")
    expect(source).to_be_in_viewport()
    back = source.locator(f"a[href='#{citation_id}']")
    back.click()
    expect(page).to_have_url(re.compile(f"#{citation_id}$"))
    expect(page.locator(f"#{citation_id}")).to_be_in_viewport()


def tooltip_text(page: Page, selector: str) -> str:
    """The text the citation tooltip (drawn by CSS from the title attribute) shows."""
    content = page.locator(selector).first.evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert isinstance(content, str)
    return content


def test_citation_tooltip_shows_the_publisher(page: Page) -> None:
    page.goto(ENTRY)
    citation = "sup.st-cite a"
    assert tooltip_text(page, citation) == "none"
    page.locator(citation).first.hover()
    expect(page.locator(citation).first).to_have_attribute("title", re.compile("Vellmar"))
    assert tooltip_text(page, citation) == '"Vellmar Port Authority: Closure order 2016/14"'
    page.mouse.move(0, 0)
    page.locator(citation).first.focus()
    assert "Vellmar Port Authority" in tooltip_text(page, citation)


def test_home_lists_entries_newest_first(page: Page) -> None:
    page.goto("")
    dates = page.locator("article.st-card li.md-meta__item:first-child time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    assert dates == ["2017-03-03", "2017-01-20", "2016-05-10", "2016-03-01"]


def test_tag_page_lists_its_entries(page: Page) -> None:
    page.goto("")
    page.locator("article.st-card").nth(2).get_by_role("link", name="harbours").click()
    expect(page).to_have_url(re.compile("/tags/harbours/$"))
    expect(page.locator("ul.st-listing a")).to_have_text(
        ["Ferry timetable cut to four sailings", "Vellmar harbour closes after storm damage"]
    )


HOSTILE_TITLE = "Quay </title><script>alert('title')</script> & \"reopened\""


def test_hostile_values_are_shown_as_text_and_never_run(page: Page, watch: Watch) -> None:
    page.goto("entries/2017/hostile-values/")
    expect(page.locator("article h1")).to_have_text(HOSTILE_TITLE)
    expect(page).to_have_title(f"{HOSTILE_TITLE} - Sourcetrace")
    page.locator("sup.st-cite a").first.hover()
    for where in ("", "tags/quoted-tag-e1a65d69/", "sources/", "archive/2017/03/"):
        page.goto(where)
    search(page, "reopened")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Quay </title>")
    assert watch.dialogs == []


@pytest.mark.parametrize("where", ["", ENTRY])
def test_no_serious_accessibility_violations(audit_page: Page, where: str) -> None:
    # audit_page lets axe-core in past the site's Content-Security-Policy.
    audit_page.goto(where)
    assert serious_violations(audit_page) == []


def test_no_serious_accessibility_violations_in_search_results(audit_page: Page) -> None:
    audit_page.goto("")
    search(audit_page, "harbour")
    assert serious_violations(audit_page) == []


def test_no_request_leaves_loopback_even_when_pages_link_out(page: Page, watch: Watch) -> None:
    for where in ("", ENTRY, "sources/", "tags/", "archive/", "guide/"):
        page.goto(where)
        page.wait_for_load_state("networkidle")
    assert watch.foreign == []


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)])
def test_screenshot_of_an_entry(page: Page, name: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(ENTRY)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"entry-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pagefind_search_finds_an_entry_by_a_word_of_its_body(
    page: Page, pagefind_url: str
) -> None:
    page.goto(pagefind_url)
    page.get_by_role("link", name="Search").first.click()
    box = page.locator(".pagefind-ui__search-input")
    box.fill("zanzibarite")
    result = page.locator(".pagefind-ui__result")
    expect(result).to_have_count(1, timeout=15_000)
    result.locator(".pagefind-ui__result-link").first.click()
    expect(page).to_have_url(re.compile(r"/entries/2016/ferry-timetable/"))
    expect(page.locator("article h1")).to_have_text("Ferry timetable cut to four sailings")


def test_pagefind_search_finds_source_publishers(page: Page, pagefind_url: str) -> None:
    page.goto(pagefind_url + "search/")
    page.locator(".pagefind-ui__search-input").fill("Island Ferries")
    expect(page.locator(".pagefind-ui__result-link").first).to_have_attribute(
        "href", re.compile("/entries/2016/ferry-timetable/")
    )
