"""The built site, read the way its readers' tools read it: feeds with feedparser, JSON-LD
with extruct, pages with lxml, data files with json."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import extruct
import feedparser
import lxml.html
import pytest

from build_tools.site.tags import tag_pages
from tests.site.building import SITE_URL
from tests.site.entries import published

HOSTILE_TITLE = "Quay </title><script>alert('title')</script> & \"reopened\""
HOSTILE_PUBLISHER = "Vellmar </script><script>alert('publisher')</script> Gazette"
HOSTILE_QUOTE = "Reopened </script><!-- <script>alert('quote')</script>"
HOSTILE_CORRECTION = "Corrected <script>alert('correction')</script> the date."
HOSTILE_SUMMARY = "Summary <script>alert('summary')</script> & <!-- comment"

PUBLISHED = {
    "entries/2017/hostile-values/": HOSTILE_TITLE,
    "entries/2017/budget-vote/": "Council approves the harbour repair budget",
    "entries/2016/ferry-timetable/": "Ferry timetable cut to four sailings",
    "entries/2016/harbour-closes/": "Vellmar harbour closes after storm damage",
}


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_home_lists_published_entries_newest_first_with_summary_and_sourcing(site: Path) -> None:
    home = page(site, "")
    cards = home.cssselect("article.st-card")
    titles = [card.cssselect(".st-card__title a")[0].text_content() for card in cards]
    assert titles == list(PUBLISHED.values())
    first = cards[1]
    assert first.cssselect("time")[0].get("datetime") == "2017-01-20"
    assert first.cssselect(".st-card__summary")[0].text_content() == (
        "The council voted nine to three for the repair budget."
    )
    assert [a.text_content() for a in first.cssselect(".st-card__tags a")] == ["budgets"]
    assert first.cssselect(".st-card__sourcing")[0].text_content() == (
        "1 claim: 1 cited, 1 citing a primary source, 1 a reader can open, 0 with a verified "
        "passage; all rest on one source: Vellmar City Council"
    )


def test_tag_page_lists_its_entries_newest_first(site: Path) -> None:
    listing = page(site, "tags/harbours")
    links = [a.get("href") for a in listing.cssselect("ul.st-listing a")]
    assert links == ["../../entries/2016/ferry-timetable/", "../../entries/2016/harbour-closes/"]
    index = page(site, "tags")
    assert [li.text_content() for li in index.cssselect("article li")] == [
        '"quoted" tag (1 entry)',
        "a&b (1 entry)",
        "budgets (1 entry)",
        "harbours (2 entries)",
        "transport (1 entry)",
        "weather (1 entry)",
    ]


def test_tag_page_dates_read_in_words_with_iso_for_machines(site: Path) -> None:
    listing = page(site, "tags/harbours")
    assert [(t.get("datetime"), t.text_content()) for t in listing.cssselect("article time")] == [
        ("2016-05-10", "May 10, 2016"),
        ("2016-03-01", "March 1, 2016"),
    ]


def test_tag_pages_show_dates_in_the_sites_language() -> None:
    (page_,) = [
        p
        for path, p in tag_pages(published(), language="de").generated_pages().items()
        if path == "tags/weather.md"
    ]
    assert '<time datetime="2016-03-01">1. März 2016</time>' in page_.html


def test_archive_index_links_every_month_by_year(site: Path) -> None:
    archive = page(site, "archive")
    months = [(a.text_content(), a.get("href")) for a in archive.cssselect("article li a")]
    assert months == [
        ("March 2017", "2017/03/"),
        ("January 2017", "2017/01/"),
        ("May 2016", "2016/05/"),
        ("March 2016", "2016/03/"),
    ]
    march = page(site, "archive/2016/03")
    assert [a.text_content() for a in march.cssselect(".st-card__title a")] == [
        "Vellmar harbour closes after storm damage"
    ]


def test_sources_index_groups_by_publisher_with_citing_entries(site: Path) -> None:
    index = page(site, "sources")
    publishers = {li.get("id"): li.text_content() for li in index.cssselect("ul.st-publishers li")}
    assert publishers["publisher-vellmar-port-authority"] == (
        "Vellmar Port Authority: Closure order 2016/14 (1 source, cited in 2 entries)"
    )
    authority = page(site, "sources/vellmar-port-authority")
    assert not authority.cssselect("ul.st-publisher-years")
    (item,) = authority.cssselect("li.st-source")
    assert re.fullmatch(r"src-[0-9a-f]{10}", item.get("id"))
    assert item.cssselect("cite")[0].text_content() == "Closure order 2016/14"
    assert [a.get("href") for a in item.cssselect("ul.st-listing a")] == [
        "../../entries/2016/ferry-timetable/#source-order",
        "../../entries/2016/harbour-closes/#source-order",
    ]
    external = item.cssselect("a[href^='https://']")
    assert [a.get("rel") for a in external] == ["noopener noreferrer"] * 2


def test_search_index_has_the_sources_page_but_no_list_of_sources(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"].partition("#")[0] for doc in index["docs"]}
    # Every publisher here has a page's worth of sources or fewer: its page is a list.
    assert sorted(p for p in pages if p.startswith("sources/")) == ["sources/"]
    assert set(PUBLISHED) <= pages
    assert (site / "sources" / "vellmar-port-authority" / "index.html").is_file()
    # Its year's address only sends readers to the year's heading on that page.
    year = (site / "sources" / "vellmar-port-authority" / "2016" / "index.html").read_bytes()
    assert b'<meta http-equiv="refresh" content="0; url=../#year-2016">' in year
    assert b"st-source" not in year


def test_atom_feed_parses_and_escapes(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == list(PUBLISHED.values())
    hostile = feed.entries[0]
    assert hostile.link == SITE_URL + "entries/2017/hostile-values/"
    assert hostile.summary == HOSTILE_SUMMARY
    assert [t.term for t in hostile.tags] == ["a&b", '"quoted" tag']
    assert hostile.published == "2017-03-03T12:00:00Z"


def test_json_feed_has_the_fields_json_feed_1_1_requires(site: Path) -> None:
    # feedparser 6.0 reads XML feeds only, so the JSON Feed is checked against its spec here.
    data = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert (data["title"], data["home_page_url"], data["feed_url"]) == (
        "Sourcetrace",
        SITE_URL,
        SITE_URL + "feed.json",
    )
    assert [item["title"] for item in data["items"]] == list(PUBLISHED.values())
    assert [item["id"] for item in data["items"]] == [SITE_URL + url for url in PUBLISHED]
    hostile = data["items"][0]
    assert (hostile["summary"], hostile["content_text"]) == (HOSTILE_SUMMARY, HOSTILE_SUMMARY)
    assert hostile["tags"] == ["a&b", '"quoted" tag']
    assert hostile["authors"] == [{"name": "Sourcetrace desk"}]
    assert data["items"][2]["date_modified"] == "2016-05-12T12:00:00Z"


def _jsonld(site: Path, url: str) -> dict[str, object]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    (data,) = extruct.extract(html, base_url=SITE_URL + url, syntaxes=["json-ld"])["json-ld"]
    return data


def test_entry_jsonld_is_a_news_article_with_citations(site: Path) -> None:
    data = _jsonld(site, "entries/2016/ferry-timetable/")
    url = SITE_URL + "entries/2016/ferry-timetable/"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ferry timetable cut to four sailings"
    assert (data["datePublished"], data["dateModified"]) == ("2016-05-10", "2016-05-12")
    assert data["author"] == [{"@type": "Person", "name": "Sourcetrace desk"}]
    assert data["keywords"] == ["transport", "harbours"]
    assert data["citation"][1] == {
        "@type": "CreativeWork",
        "@id": url + "#source-timetable",
        "name": "Summer timetable",
        "publisher": {"@type": "Organization", "name": "Island Ferries"},
        "url": "https://example.org/ferries/timetable",
        "archivedAt": "https://archive.example.org/ferries/timetable",
        "datePublished": "2016-05-09",
        "inLanguage": "en",
    }
    assert data["isBasedOn"] == [{"@id": url + "#source-order"}, {"@id": url + "#source-timetable"}]
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave five sailings a day; the timetable lists four.",
            "datePublished": "2016-05-12",
        }
    ]


def test_jsonld_keeps_hostile_values_inside_its_script(site: Path) -> None:
    data = _jsonld(site, "entries/2017/hostile-values/")
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_SUMMARY
    (source,) = data["citation"]
    assert source["publisher"]["name"] == HOSTILE_PUBLISHER
    assert source["abstract"] == HOSTILE_QUOTE
    assert data["correction"][0]["text"] == HOSTILE_CORRECTION


def test_no_hostile_value_becomes_markup_anywhere(site: Path) -> None:
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        for script in tree.iter("script"):
            assert "alert(" not in (script.get("src") or "") + (
                "" if script.get("type") == "application/ld+json" else script.text or ""
            ), path
        assert not tree.xpath("//*[@onerror]"), path
    entry = page(site, "entries/2017/hostile-values")
    assert entry.findtext(".//title") == f"{HOSTILE_TITLE} - Sourcetrace"
    assert entry.cssselect("article h1")[0].text_content() == HOSTILE_TITLE
    assert entry.cssselect("meta[name=description]")[0].get("content") == HOSTILE_SUMMARY
    home = page(site, "")
    assert home.cssselect(".st-card__title a")[0].text_content() == HOSTILE_TITLE
    tag = page(site, "tags/quoted-tag-e1a65d69")
    assert tag.cssselect("ul.st-listing a")[0].text_content() == HOSTILE_TITLE


def test_claims_json_lists_every_published_claim_with_its_anchor(site: Path) -> None:
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert [e["url"] for e in data["entries"]] == list(PUBLISHED)
    ferry = data["entries"][2]
    assert [c["sentence"] for c in ferry["claims"]] == [
        "The ferry company now runs four sailings a day to the islands.",
        "The harbour stays closed to cargo ships under the port authority's order.",
        "Passengers board from the temporary pontoon by the fish market, which the company "
        "calls a zanzibarite landing.",
    ]
    assert ferry["claims"][0]["citations"] == [{"source": "timetable", "locator": "table 2"}]
    for record in data["entries"]:
        ids = set(page(site, record["url"]).xpath("//span[@class='st-claim']/@id"))
        assert {c["anchor"] for c in record["claims"]} <= ids, record["url"]
        assert record["claims"]


def test_sources_json_lists_each_source_with_the_entries_citing_it(site: Path) -> None:
    data = json.loads((site / "sources.json").read_text(encoding="utf-8"))
    (order,) = [s for s in data["sources"] if s["title"] == "Closure order 2016/14"]
    assert [c["entry"] for c in order["cited_by"]] == [
        "entries/2016/ferry-timetable/",
        "entries/2016/harbour-closes/",
    ]
    assert order["publisher"] == "Vellmar Port Authority"
    path, anchor = order["url_on_site"].split("#")
    assert page(site, path).xpath(f"//*[@id='{anchor}']")
    assert "Draft Publisher" not in {s["publisher"] for s in data["sources"]}


def test_drafts_are_not_published(site: Path) -> None:
    assert not (site / "entries/2017/draft-not-published").exists()
    for name in ("feed.xml", "feed.json", "claims.json", "sources.json", "index.html"):
        assert "Unfinished draft" not in (site / name).read_text(encoding="utf-8"), name


# Elements and attributes that make a browser fetch something on page load.
FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
NOT_FETCHED_LINK_RELS = {"canonical", "alternate", "prev", "next"}


def test_no_page_loads_anything_from_another_origin(site: Path) -> None:
    remote = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        for element in tree.iter(*FETCHING):
            for attribute in FETCHING[element.tag]:
                assert not remote.match(element.get(attribute) or ""), (path, element.tag)
        for link in tree.iter("link"):
            if set((link.get("rel") or "").split()) - NOT_FETCHED_LINK_RELS:
                assert not remote.match(link.get("href") or ""), (path, link.get("rel"))
        for style in tree.iter("style"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text or ""), path
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"(url\(\s*['\"]?|@import\s+['\"]?)(https?:)?//", text), css


def test_every_link_to_another_site_opens_without_referrer(site: Path) -> None:
    checked = 0
    for path in html_pages(site):
        for link in lxml.html.fromstring(path.read_bytes()).iter("a"):
            host = urlsplit(link.get("href") or "").hostname
            if host and host.endswith("example.org"):
                assert {"noopener", "noreferrer"} <= set((link.get("rel") or "").split()), (
                    path,
                    link.get("href"),
                )
                checked += 1
    assert checked > 10


def _outside_article(path: Path) -> int:
    tree = lxml.html.fromstring(path.read_bytes())
    article = tree.cssselect("article.md-content__inner")[0]
    return path.stat().st_size - len(lxml.html.tostring(article, encoding="utf-8"))


@pytest.mark.parametrize("url", list(PUBLISHED))
def test_entry_page_is_small_apart_from_the_entry_itself(site: Path, url: str) -> None:
    assert _outside_article(site / url / "index.html") < 60_000


HTML_VALIDATE = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "html-validate"
# The one rule switched off in htmlvalidate.json, and why: Material's template puts
# autocomplete="off" on the checkboxes that open its drawer and search (to stop browsers
# restoring them on back navigation), which HTML allows only on text-like inputs.
ALLOWLIST = {"valid-autocomplete"}


def test_html_is_valid_apart_from_materials_allowlisted_rule(site: Path) -> None:
    if not HTML_VALIDATE.exists():
        pytest.fail("html-validate is missing: run scripts/ensure-browser.sh")
    config = Path(__file__).parent / "htmlvalidate.json"
    assert set(json.loads(config.read_text())["rules"]) == ALLOWLIST
    result = subprocess.run(
        [
            str(HTML_VALIDATE),
            "--config",
            str(config),
            "--formatter",
            "text",
            *map(str, html_pages(site)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_navigation_lists_entries(site: Path) -> None:
    for path in html_pages(site):
        tree = lxml.html.fromstring(path.read_bytes())
        for nav in tree.cssselect("nav.md-nav--primary"):
            assert not [a for a in nav.iter("a") if "entries/" in (a.get("href") or "")], path
            assert not [a for a in nav.iter("a") if "archive/2016" in (a.get("href") or "")], path


def test_search_finds_an_entry_by_its_summary(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = {
        doc["location"]
        for doc in index["docs"]
        if "voted nine to three for the repair budget" in doc["text"]
    }
    assert found == {"entries/2017/budget-vote/"}


def test_search_indexes_an_entrys_sources_without_the_page_furniture(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    (sources,) = [
        doc for doc in index["docs"] if doc["location"] == "entries/2016/harbour-closes/#sources"
    ]
    text = sources["text"]
    assert "Closure order 2016/14 — Vellmar Port Authority" in text
    assert "Storm shuts the harbour — The Vellmar Ledger" in text
    for furniture in ("Cited at", "↩", "Archived copy", "Accessed", "Language:", "primary"):
        assert furniture not in text, furniture
    # The page itself shows every part, and carries no search attribute.
    page = (site / "entries" / "2016" / "harbour-closes" / "index.html").read_text("utf-8")
    tree = lxml.html.fromstring(page)
    assert tree.cssselect("ol.st-sources p.st-backlinks")
    assert tree.cssselect("ol.st-sources ul.st-source-details")
    assert tree.cssselect("ol.st-sources span.st-badge")
    assert "data-search" not in page
