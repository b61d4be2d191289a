"""The site's listings as built: tag pages, the paginated home page, the archive index,
and the tags in Material's search index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from build_tools.site.listings import listing_pages, pager
from build_tools.site.published import PublishedEntry
from build_tools.site.search_index import escape_search_tags
from tests.site.building import FIXTURE_ENTRIES, REPO, build_site
from tests.site.entries import published
from tests.site.writing import write_series

HOSTILE_TITLE = "Quay </title><script>alert('title')</script> & \"reopened\""
HOSTILE_SUMMARY = "Summary <script>alert('summary')</script> & <!-- comment"


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


@pytest.fixture(scope="module")
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """25 entries: three pages of ten on the home page."""
    root = tmp_path_factory.mktemp("series")
    write_series(root / "entries", 25)
    return build_site(root / "build", root / "entries")


def test_tag_page_shows_each_entry_as_the_home_page_does(site: Path) -> None:
    listing = page(site, "tags/harbours")
    items = [
        (
            li.cssselect("time")[0].get("datetime"),
            li.cssselect("a")[0].text_content(),
            li.cssselect(".st-listing__summary")[0].text_content(),
            li.cssselect(".st-listing__sourcing")[0].text_content(),
        )
        for li in listing.cssselect("ul.st-listing > li")
    ]
    assert items == [
        (
            "2016-05-10",
            "Ferry timetable cut to four sailings",
            "The ferry company cut sailings to the islands while the harbour is repaired.",
            "3 claims: 3 cited, 3 citing a primary source, 3 a reader can open, 0 with a verified "
            "passage",
        ),
        (
            "2016-03-01",
            "Vellmar harbour closes after storm damage",
            "The harbour authority closed the port for repairs after the storm.",
            "2 claims: 2 cited, 1 citing a primary source, 2 a reader can open, 0 with a verified "
            "passage",
        ),
    ]


def test_tag_page_shows_hostile_values_as_text(site: Path) -> None:
    listing = page(site, "tags/quoted-tag-e1a65d69")
    (item,) = listing.cssselect("ul.st-listing > li")
    assert item.cssselect("a")[0].text_content() == HOSTILE_TITLE
    assert item.cssselect(".st-listing__summary")[0].text_content() == HOSTILE_SUMMARY
    assert listing.findtext(".//title") == 'Entries tagged "quoted" tag - Sourcetrace'


def test_tag_pages_are_written_without_materials_tags_plugin(site: Path) -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert plugins == ["search", "sourcetrace"]
    entry = page(site, "entries/2016/ferry-timetable")
    chips = [(a.text_content(), a.get("href")) for a in entry.cssselect("nav.md-tags a")]
    assert chips == [
        ("transport", "../../../tags/transport/"),
        ("harbours", "../../../tags/harbours/"),
    ]


def test_tag_pages_are_left_out_of_the_search_index(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].partition("#")[0] for doc in index["docs"]}
    assert sorted(p for p in pages if p.startswith("tags/")) == ["tags/"]


def test_every_pagination_link_has_a_name(series_site: Path) -> None:
    second = page(series_site, "page/2")
    links = second.cssselect("nav.md-pagination a")
    named = [(a.get("href"), a.get("aria-label") or a.text_content().strip()) for a in links]
    assert named == [
        ("../..", "First page"),
        ("../..", "Previous page"),
        ("../..", "1"),
        ("../3/", "3"),
        ("../3/", "Next page"),
        ("../3/", "Last page"),
    ]
    for url in ("", "page/2", "page/3", "archive/2016/03"):
        for link in page(series_site, url).cssselect("nav.md-pagination a"):
            assert link.get("aria-label") or link.text_content().strip(), (url, link.get("href"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", [("next", "page/2/")]),
        ("page/2", [("prev", "../.."), ("next", "../3/")]),
        ("page/3", [("prev", "../2/")]),
        ("sources", []),
        ("entries/2016/entry-001", []),
    ],
)
def test_rel_prev_and_next_link_the_pages_of_a_listing(
    series_site: Path, url: str, expected: list[tuple[str, str]]
) -> None:
    links = page(series_site, url).xpath("//head/link[@rel='prev' or @rel='next']")
    assert [(link.get("rel"), link.get("href")) for link in links] == expected


def test_archive_years_have_stable_anchors(site: Path) -> None:
    archive = page(site, "archive")
    headings = [(h.get("id"), h.text_content().rstrip("¶")) for h in archive.cssselect("h2")]
    assert headings == [("y2017", "2017 (2 entries)"), ("y2016", "2016 (2 entries)")]


HOSTILE_TAG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_tag_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-tag")
    entries = root / "entries"
    shutil.copytree(FIXTURE_ENTRIES, entries)
    path = entries / "2016" / "harbour-closes.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tags: [harbours, weather]", f'tags: ["{HOSTILE_TAG}"]'))
    return build_site(root / "build", entries)


RAW_TAGS = {
    "entries/2016/harbour-closes/": [HOSTILE_TAG],
    "entries/2016/ferry-timetable/": ["transport", "harbours"],
    "entries/2017/budget-vote/": ["budgets"],
    "entries/2017/hostile-values/": ["a&b", '"quoted" tag'],
}


def test_escape_search_tags_escapes_tags_and_keeps_everything_else(hostile_tag_site: Path) -> None:
    path = hostile_tag_site / "search" / "search_index.json"
    before = json.loads(path.read_text(encoding="utf-8"))
    # The tags as Material's search plugin writes them, whether or not the build has
    # escaped them since: this test is about the function, not about who calls it.
    for doc in before["docs"]:
        if "tags" in doc:
            doc["tags"] = RAW_TAGS[doc["location"].partition("#")[0]]
    path.write_text(json.dumps(before, separators=(",", ":")), encoding="utf-8")
    escape_search_tags(hostile_tag_site)
    text = path.read_text(encoding="utf-8")
    after = json.loads(text)
    assert text == json.dumps(after, separators=(",", ":"))  # as compact as Material's
    tags = {
        (old["location"].partition("#")[0], tag, escaped)
        for old, new in zip(before["docs"], after["docs"], strict=True)
        for tag, escaped in zip(old.get("tags", []), new.get("tags", []), strict=True)
    }
    assert tags == {
        ("entries/2016/harbour-closes/", HOSTILE_TAG, "&lt;img src=x onerror=alert(1)&gt;"),
        ("entries/2016/ferry-timetable/", "transport", "transport"),
        ("entries/2016/ferry-timetable/", "harbours", "harbours"),
        ("entries/2017/budget-vote/", "budgets", "budgets"),
        ("entries/2017/hostile-values/", "a&b", "a&amp;b"),
        ("entries/2017/hostile-values/", '"quoted" tag', "&quot;quoted&quot; tag"),
    }
    for old, new in zip(before["docs"], after["docs"], strict=True):
        assert {k: v for k, v in new.items() if k != "tags"} == {
            k: v for k, v in old.items() if k != "tags"
        }
    assert after["config"] == before["config"]


def test_escape_search_tags_leaves_a_site_without_an_index_alone(tmp_path: Path) -> None:
    escape_search_tags(tmp_path)
    assert list(tmp_path.iterdir()) == []


def _pager(number: int, count: int) -> list[tuple[str, str, str]]:
    urls = [""] + [f"page/{n}/" for n in range(2, count + 1)]
    made = pager(number, urls)
    assert made is not None
    return [(item.type, item.value, item.url) for item in made.items]


def test_the_pager_shows_two_pages_either_side_and_the_ends() -> None:
    assert _pager(1, 100) == [
        ("current_page", "1", ""),
        ("page", "2", "page/2/"),
        ("page", "3", "page/3/"),
        ("span", "..", ""),
        ("page", "100", "page/100/"),
        ("next_page", "›", "page/2/"),
        ("last_page", "»", "page/100/"),
    ]
    assert [value for _, value, _ in _pager(50, 100)] == [
        "«", "‹", "1", "..", "48", "49", "50", "51", "52", "..", "100", "›", "»",
    ]  # fmt: skip
    assert [value for _, value, _ in _pager(4, 5)] == ["«", "‹", "1", "2", "3", "4", "5", "›", "»"]
    assert pager(1, [""]) is None


def test_listings_are_ten_a_page_at_home_and_in_each_month() -> None:
    first = published()[0].entry
    items = [
        PublishedEntry(dataclasses.replace(first, date=dt.date(2016, 3, 1 + n)), f"e/{n}/")
        for n in range(25)
    ]
    pages = listing_pages(items)
    assert [(path, page.url, page.title, len(page.entries)) for path, page in pages.items()] == [
        ("index.md", "", "Latest entries", 10),
        ("page/2.md", "page/2/", "Latest entries, page 2", 10),
        ("page/3.md", "page/3/", "Latest entries, page 3", 5),
        ("archive/2016/03.md", "archive/2016/03/", "March 2016", 10),
        ("archive/2016/03/page/2.md", "archive/2016/03/page/2/", "March 2016, page 2", 10),
        ("archive/2016/03/page/3.md", "archive/2016/03/page/3/", "March 2016, page 3", 5),
    ]
    newest = pages["index.md"].entries
    assert [p.url for p in newest[:3]] == ["e/24/", "e/23/", "e/22/"]
    assert pages["index.md"].generated().searchable is False


def test_a_month_has_pages_of_ten_like_the_home_page(series_site: Path) -> None:
    second = page(series_site, "archive/2016/03/page/2")
    assert second.findtext(".//title") == "March 2016, page 2 - Sourcetrace"
    titles = [a.text_content() for a in second.cssselect(".st-card__title a")]
    assert titles == [f"Entry {n}" for n in range(15, 5, -1)]
    assert not (series_site / "archive" / "2016" / "04").exists()  # no entry in April


def test_cards_show_dates_in_words_and_in_iso_for_machines(series_site: Path) -> None:
    cards = page(series_site, "").cssselect("article.st-card")
    times = [(t.get("datetime"), t.text_content()) for t in cards[0].cssselect("time")]
    assert times == [("2016-03-26", "March 26, 2016")]


def test_entries_are_at_mkdocs_own_addresses_without_the_blog_plugin(series_site: Path) -> None:
    assert (series_site / "entries" / "2016" / "entry-001" / "index.html").is_file()
    assert not (series_site / "blog").exists()
    home = page(series_site, "")
    assert home.cssselect(".st-card__title a")[0].get("href") == "entries/2016/entry-025/"
