"""A link from one page to an id the sanitiser moved on another lands on that id.

The sanitiser moves an editor's id that could take the place of the renderer's own
(``{: #claim-... }``, a heading "Claim 5 rejected") under ``user-content-``; MkDocs
validated the link against the id as written, so the link must follow the move.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest

from build_tools.site.moved_ids import MovedIds, page_key
from tests.site.building import FIXTURE_ENTRIES, build_config, site_config_text, write_docs

SOURCE = """sources:
  - id: minutes
    title: Minutes of the council meeting of 19 January 2017
    publisher: Vellmar City Council
    role: primary
    type: report
    url: https://example.org/council/minutes-2017-01-19
    archive_url: https://archive.example.org/council/minutes-2017-01-19
    published: 2017-01-19
    language: en
"""

LINKED = f"""---
title: The harbour inquiry reports
date: 2017-02-01
summary: The inquiry's findings on the harbour wall.
authors: [desk]
{SOURCE}---

The inquiry found the wall unsafe [@minutes, p. 2].
{{: #claim-wall }}

## Claim 5 rejected

The inquiry rejected the fifth claim [@minutes, p. 3].

## Sources

The desk read the minutes in full [@minutes].
"""

LINKING = f"""---
title: What the harbour inquiry means for the budget
date: 2017-02-02
summary: The inquiry's findings and the repair budget.
authors: [desk]
{SOURCE}---

The council will spend more on the wall [@minutes, p. 4].
See [the finding](harbour-inquiry.md#claim-wall),
[the rejection](harbour-inquiry.md#claim-5-rejected)
and [its sources](harbour-inquiry.md#sources) [@minutes].
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("moved")
    entries = root / "entries"
    shutil.copytree(FIXTURE_ENTRIES, entries)
    (entries / "2017" / "harbour-inquiry.md").write_text(LINKED, encoding="utf-8")
    (entries / "2017" / "inquiry-budget.md").write_text(LINKING, encoding="utf-8")
    docs_dir, site_dir = root / "content", root / "site"
    write_docs(docs_dir, entries)
    config_file = root / "mkdocs.yml"
    config_file.write_text(site_config_text(docs_dir, site_dir), encoding="utf-8")
    build_config(config_file)  # strict: MkDocs finds every anchor as written
    return site_dir


def _page(site: Path, slug: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / "entries" / "2017" / slug / "index.html").read_bytes())


def test_links_from_another_entry_follow_the_moved_ids(site: Path) -> None:
    linked = _page(site, "harbour-inquiry")
    linking = _page(site, "inquiry-budget")
    hrefs = [
        a.get("href") for a in linking.cssselect("article a") if "harbour-inquiry" in a.get("href")
    ]
    assert hrefs == [
        "../harbour-inquiry/#user-content-claim-wall",
        "../harbour-inquiry/#user-content-claim-5-rejected",
        "../harbour-inquiry/#sources",
    ]
    for href in hrefs:
        fragment = href.split("#")[1]
        assert len(linked.cssselect(f"article [id='{fragment}']")) == 1, fragment
    # "#sources" is the renderer's own Sources heading, which the link meant; the
    # editor's heading of the same name was moved aside.
    (own,) = linked.cssselect("article [id='sources']")
    assert own.getnext().get("class") == "st-sources"
    assert linked.cssselect("article h2[id='user-content-sources']")


def test_a_page_key_is_one_spelling_of_an_address() -> None:
    assert page_key("entries/2017/a/") == "entries/2017/a"
    assert page_key("entries/2017/b/../a/") == "entries/2017/a"
    assert page_key("entries/2017/a/index.html") == "entries/2017/a"
    assert page_key("entries/2017/a.html") == "entries/2017/a.html"
    assert page_key("") == page_key("./") == page_key("index.html") == ""


def test_only_links_to_a_moved_id_of_that_page_are_pointed_again() -> None:
    moved = MovedIds()
    moved.record("entries/2017/a/", {"claim-wall"})
    html = (
        '<a href="../a/#claim-wall">1</a> <a href="../b/#claim-wall">2</a> '
        '<a href="../a/#claim-other">3</a> <a href="#claim-wall">4</a> '
        '<a href="https://example.org/entries/2017/a/#claim-wall">5</a>'
    )
    assert moved.follow(html, "entries/2017/c/") == (
        '<a href="../a/#user-content-claim-wall">1</a> <a href="../b/#claim-wall">2</a> '
        '<a href="../a/#claim-other">3</a> <a href="#claim-wall">4</a> '
        '<a href="https://example.org/entries/2017/a/#claim-wall">5</a>'
    )


def test_addresses_without_folders_are_followed_too() -> None:
    moved = MovedIds()
    moved.record("entries/2017/a.html", {"claim-wall"})
    assert moved.follow('<a href="a.html#claim-wall">x</a>', "entries/2017/c.html") == (
        '<a href="a.html#user-content-claim-wall">x</a>'
    )
    assert moved.follow('<a href="entries/2017/a.html#claim-wall">x</a>', "index.html") == (
        '<a href="entries/2017/a.html#user-content-claim-wall">x</a>'
    )


def test_a_page_that_no_longer_moves_an_id_is_forgotten() -> None:
    moved = MovedIds()
    moved.record("entries/2017/a/", {"claim-wall"})
    moved.record("entries/2017/a/", set())
    assert moved.follow('<a href="../a/#claim-wall">x</a>', "entries/2017/c/") == (
        '<a href="../a/#claim-wall">x</a>'
    )
