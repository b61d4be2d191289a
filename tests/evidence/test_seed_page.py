"""The seed entry's page, built from the real content and opened in Chromium: what a reader sees.

The site is built with MkDocs from the repository's own ``mkdocs.yml`` into a
temporary folder, with the snapshot store named for rendering, and served on
127.0.0.1. The screenshot goes to ``test-artifacts/seed-entry.png``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from build_tools.evidence.verify import render_with
from tests.browser.conftest import serve

REPOSITORY = Path(__file__).resolve().parents[2]
ARTIFACTS = REPOSITORY / "test-artifacts"
PAGE = "entries/2016/cumhuriyet-transcripts-officers-islamic-state/"
LINE = (
    "17 claims: 17 cited, 0 citing a primary source, 0 a reader can open, "
    "6 with a verified passage; all rest on one source: leonkuravson (personal journal)"
)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = tmp_path_factory.mktemp("seed-site")
    config = load_config(str(REPOSITORY / "mkdocs.yml"), site_dir=str(target))
    try:
        build(config)  # the plugin names the snapshot store for rendering
    finally:
        render_with(None)  # and this build's store is not left for other tests
    yield target


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_the_built_page_reports_the_levels(site: Path) -> None:
    root = lxml.html.parse(str(site / PAGE / "index.html")).getroot()
    assert [e.text_content() for e in root.cssselect(".st-sourcing")] == [LINE]
    verdicts = [e.text_content() for e in root.cssselect("#source-repost .st-verdict")]
    assert len(verdicts) == 7
    assert all(v.startswith("Verified in the saved copy of ") for v in verdicts)


@pytest.mark.browser
def test_screenshot_of_the_seed_entry(base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    from build_tools.browser import ChromiumMissing, find_chromium

    with sync_playwright() as playwright:
        try:
            chromium = find_chromium(os.environ, Path(playwright.chromium.executable_path))
        except ChromiumMissing as missing:
            if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
                pytest.fail(str(missing), pytrace=False)
            pytest.skip(str(missing))
        browser = playwright.chromium.launch(executable_path=str(chromium.path), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            tab = context.new_page()
            foreign: list[str] = []
            tab.on(
                "request",
                lambda r: (
                    foreign.append(r.url)
                    if urlsplit(r.url).hostname not in (None, "127.0.0.1")
                    and urlsplit(r.url).scheme not in ("data", "blob")
                    else None
                ),
            )
            tab.goto(base_url + PAGE)
            assert tab.locator(".st-sourcing").inner_text() == LINE
            assert (
                tab.locator("#source-repost .st-snapshot")
                .inner_text()
                .startswith(
                    "Saved copy sha256:afa7d5c2e022, captured December 1, 2026: "
                    "verbatim third-party copy"
                )
            )
            ARTIFACTS.mkdir(exist_ok=True)
            path = ARTIFACTS / "seed-entry.png"
            tab.screenshot(path=str(path), full_page=True)
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert foreign == []
        finally:
            browser.close()
