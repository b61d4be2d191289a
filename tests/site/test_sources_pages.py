"""The Sources pages: one page per publisher until it has more than a page's worth, the
figures split into cited, in a chain only and listed, dates in words, PDFs named.

The chain digest below has a known answer, worked out by hand:

- A cites ``paper`` (Vellmar Gazette), which rests on ``wire`` (Nordic Wire); A lists
  ``extra`` (Vellmar Gazette) and never uses it.
- B cites ``wire`` itself.
- C cites ``report`` (Nordic Wire), which rests on ``court`` (Vellmar Court).

So Nordic Wire has 2 sources, both cited (``wire`` by B), used by 3 entries: cited in
B and C, in a chain only in A. Vellmar Court has 1 source, in a chain only, in C.
Vellmar Gazette has 2 sources, 1 cited and 1 listed, not cited, both in A. In all: 5
sources, 3 cited, 1 in a chain only, 1 listed, not cited, from 3 publishers, and every
entry cites one of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from build_tools.check import check_entry
from build_tools.model import Body
from build_tools.site.catalogue import SOURCES_PER_PAGE, Use, catalogue, uses
from build_tools.site.published import PublishedEntry
from build_tools.site.sources_index import sources_generated_pages
from tests.site.building import FIXTURE_ENTRIES, build_site
from tests.site.writing import entry_text, write_entry


def _source(
    id_: str,
    title: str,
    publisher: str,
    role: str,
    path: str,
    via: str = "",
    published: str = "2019-04-02",
) -> str:
    lines = [
        f"  - id: {id_}",
        f"    title: {title}",
        f"    publisher: {publisher}",
        f"    role: {role}",
        f"    url: https://example.org/{path}",
        f"    archive_url: https://archive.example.org/{path}",
        f"    published: {published}",
    ]
    if via:
        lines.append(f"    via: [{via}]")
    return "\n".join(lines)


def _entry(title: str, day: str, sources: list[str], body: str) -> str:
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(title)}",
            f"date: {day}",
            "summary: What happened, in one line.",
            "authors: [desk]",
            "sources:",
            *sources,
            "---",
            "",
            body,
            "",
        ]
    )


WIRE = _source("wire", "Court hears harbour case", "Nordic Wire", "primary", "wire/case.pdf")
PAPER = _source("paper", "Harbour case heard", "Vellmar Gazette", "secondary", "gz/1", "wire")
EXTRA = _source("extra", "Harbour history", "Vellmar Gazette", "secondary", "gz/2")


def _digest(*a_sources: str) -> dict[str, str]:
    return {
        "a-paper": _entry(
            "A: the paper",
            "2019-04-03",
            [PAPER, WIRE, *a_sources],
            "The court heard the harbour case on Tuesday [@paper].",
        ),
        "b-wire": _entry(
            "B: the wire",
            "2019-04-04",
            [WIRE],
            "The court heard the harbour case on Tuesday [@wire].",
        ),
        "c-report": _entry(
            "C: the report",
            "2019-04-05",
            [
                _source("report", "Verdict due", "Nordic Wire", "secondary", "wire/2", "court"),
                _source("court", "Hearing record", "Vellmar Court", "primary", "court/9"),
            ],
            "The verdict is due in May [@report].",
        ),
    }


CHAIN_DIGEST = _digest(EXTRA)
# A source listed and never cited is a warning (ST012), which stops the strict build.
SITE_DIGEST = _digest()


def chain_digest() -> list[PublishedEntry]:
    items = []
    for name, text in CHAIN_DIGEST.items():
        checked = check_entry(f"{name}.md", text.encode(), authors=frozenset({"desk"}))
        assert checked.entry is not None, checked.diagnostics
        assert [d.format() for d in checked.diagnostics] == (
            [
                "a-paper.md:22:5: warning ST012 source 'extra' is never cited: cite it as "
                "[@extra] or remove it"
            ]
            if name == "a-paper"
            else []
        )
        items.append(PublishedEntry(checked.entry, f"entries/2019/{name}/"))
    return items


def test_each_entry_says_how_it_uses_each_source() -> None:
    a, b, c = (item.entry for item in chain_digest())
    assert uses(a) == {"paper": Use.CITED, "wire": Use.CHAIN, "extra": Use.LISTED}
    assert uses(b) == {"wire": Use.CITED}
    assert uses(c) == {"report": Use.CITED, "court": Use.CHAIN}


def test_a_body_not_read_yet_counts_every_source_as_cited() -> None:
    # MkDocs' plugin makes the pages' paths from the front-matter before any body is read.
    a = chain_digest()[0].entry
    unread = dataclasses.replace(a, body=Body(a.body.text, a.body.first_line, (), (), ()))
    assert uses(unread) == {"paper": Use.CITED, "wire": Use.CITED, "extra": Use.CITED}


def _text(page: str, html: str) -> dict[str, str]:
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    return {li.get("id"): li.text_content() for li in tree.cssselect(page)}


def test_the_index_counts_cited_chain_only_and_listed_sources_apart() -> None:
    pages = sources_generated_pages(chain_digest())
    index = pages["sources.md"].html
    figures = lxml.html.fromstring(index).cssselect(".st-sources-figures")[0].text_content()
    assert figures == (
        "5 sources: 3 cited, 1 in a chain only, 1 listed, not cited, from 3 publishers; "
        "cited in 3 entries."
    )
    assert _text("ul.st-publishers li", index) == {
        "publisher-nordic-wire": "Nordic Wire (2 sources; cited in 2 entries, "
        "in a chain only in 1 entry)",
        "publisher-vellmar-court": "Vellmar Court: Hearing record (1 source, in a chain only "
        "in 1 entry)",
        "publisher-vellmar-gazette": "Vellmar Gazette (2 sources: 1 cited, 1 listed, not cited; "
        "cited in 1 entry)",
    }


def test_a_source_lists_how_each_entry_uses_it() -> None:
    pages = sources_generated_pages(chain_digest())
    wire = lxml.html.fromstring(pages["sources/nordic-wire.md"].html)
    (item,) = [li for li in wire.cssselect("li.st-source") if "Court hears" in li.text_content()]
    assert item.cssselect(".st-source__use")[0].text_content() == (
        "Cited in 1 entry, in a chain only in 1 entry:"
    )
    assert [li.text_content() for li in item.cssselect("ul.st-listing li")] == [
        "April 4, 2019 B: the wire",
        "April 3, 2019 A: the paper (in a chain only)",
    ]
    gazette = lxml.html.fromstring(pages["sources/vellmar-gazette.md"].html)
    assert [li.text_content() for li in gazette.cssselect("ul.st-listing li")] == [
        "April 3, 2019 A: the paper",
        "April 3, 2019 A: the paper (listed, not cited)",
    ]


def test_the_old_figures_called_a_chain_only_source_cited() -> None:
    # What the index said before, for the record: Vellmar Court "cited by 1 entry".
    (court,) = [p for p in catalogue(chain_digest()) if p.name == "Vellmar Court"]
    assert [(c.entry_title, c.use) for s in court.sources for c in s.citing] == [
        ("C: the report", Use.CHAIN)
    ]


def test_a_pdf_is_named_on_the_sources_page() -> None:
    pages = sources_generated_pages(chain_digest())
    wire = lxml.html.fromstring(pages["sources/nordic-wire.md"].html)
    links = [a.text_content() for a in wire.cssselect(".st-source__details a")]
    assert links == ["original (PDF)", "archived copy (PDF)", "original", "archived copy"]


def test_dates_on_sources_pages_read_in_the_sites_language() -> None:
    pages = sources_generated_pages(chain_digest(), language="de")
    court = lxml.html.fromstring(pages["sources/vellmar-court.md"].html)
    assert [(t.get("datetime"), t.text) for t in court.iter("time")] == [
        ("2019-04-02", "2. April 2019"),
        ("2019-04-05", "5. April 2019"),
    ]


SERIES_PUBLISHER = "Harbour Wire"


@pytest.fixture(scope="module")
def sources_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture entries, the chain digest, and one publisher with a page's worth and one."""
    root = tmp_path_factory.mktemp("sources")
    entries = root / "entries"
    shutil.copytree(FIXTURE_ENTRIES, entries)
    for name, text in SITE_DIGEST.items():
        write_entry(entries, name, text)
    for n in range(SOURCES_PER_PAGE + 1):
        day = dt.date(2020, 12, 20) + dt.timedelta(n)  # 12 in 2020, the rest in 2021
        write_entry(
            entries, f"wire-{n:02d}", entry_text(f"Wire {n}", day, publisher=SERIES_PUBLISHER)
        )
    return build_site(root / "build", entries)


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


SOURCES_PAGES = {
    "sources/",
    *(
        f"sources/{page}/"
        for page in (
            "harbour-wire",
            "harbour-wire/2020",
            "harbour-wire/2021",
            "island-ferries",
            "nordic-wire",
            "the-vellmar-ledger",
            "vellmar-alertpublisher-gazette",
            "vellmar-city-council",
            "vellmar-court",
            "vellmar-gazette",
            "vellmar-port-authority",
        )
    ),
}


def _addresses(site: Path) -> dict[str, bytes]:
    """Every address under sources/ the site serves, with its page."""
    sources = site / "sources"
    return {
        f"sources/{p.parent.relative_to(sources).as_posix()}/".replace("/./", "/"): p.read_bytes()
        for p in sources.rglob("index.html")
    }


def _is_redirect(html: bytes) -> bool:
    return bool(lxml.html.fromstring(html).xpath("//meta[@http-equiv='refresh']"))


def test_a_publisher_with_a_pages_worth_of_sources_has_one_page(sources_site: Path) -> None:
    pages = {url for url, html in _addresses(sources_site).items() if not _is_redirect(html)}
    assert pages == SOURCES_PAGES
    authority = page(sources_site, "sources/vellmar-port-authority")
    assert [h.text_content() for h in authority.cssselect("article h2")] == ["2016"]
    (item,) = authority.cssselect("li.st-source")
    assert item.cssselect("cite")[0].text_content() == "Closure order 2016/14"
    assert [a.get("href") for a in item.cssselect("ul.st-listing a")] == [
        "../../entries/2016/ferry-timetable/#source-order",
        "../../entries/2016/harbour-closes/#source-order",
    ]
    assert [t.text_content() for t in item.cssselect("time")] == [
        "February 29, 2016",
        "May 10, 2016",
        "March 1, 2016",
    ]


def test_a_publisher_past_a_pages_worth_is_split_by_year(sources_site: Path) -> None:
    wire = page(sources_site, "sources/harbour-wire")
    assert [a.get("href") for a in wire.cssselect("ul.st-publisher-years a")] == ["2021/", "2020/"]
    assert not wire.cssselect("li.st-source")
    year = page(sources_site, "sources/harbour-wire/2020")
    assert len(year.cssselect("li.st-source")) == 12


def test_a_year_without_a_page_of_its_own_sends_readers_to_its_heading(
    sources_site: Path,
) -> None:
    redirects = {url: h for url, h in _addresses(sources_site).items() if _is_redirect(h)}
    # Every year heading of a publisher that lists its sources on one page, read from
    # the built pages; the split publisher's year pages stay pages.
    headed = set()
    for url, html in _addresses(sources_site).items():
        listed = lxml.html.fromstring(html)
        if url.count("/") == 2 and not _is_redirect(html):
            headed |= {f"{url}{h.get('id')[5:]}/" for h in listed.xpath("//h2[@id]")}
    assert "sources/vellmar-port-authority/2016/" in headed
    assert sorted(redirects) == sorted(headed)
    assert not {"sources/harbour-wire/2020/", "sources/harbour-wire/2021/"} & set(redirects)
    for url, html in redirects.items():
        redirect = lxml.html.fromstring(html)
        (refresh,) = redirect.xpath("//meta[@http-equiv='refresh']")
        year = url.rstrip("/").rsplit("/", 1)[1]
        assert refresh.get("content") == f"0; url=../#year-{year}"
        assert [a.get("href") for a in redirect.cssselect("body a")] == [f"../#year-{year}"]
        assert redirect.xpath("//meta[@name='robots']")[0].get("content") == "noindex"
        (policy,) = redirect.xpath("//meta[@http-equiv='Content-Security-Policy']")
        assert "default-src 'none'" in policy.get("content")
        publisher = page(sources_site, url.rsplit("/", 2)[0])
        assert publisher.xpath(f"//h2[@id='year-{year}']"), url
    hostile = lxml.html.fromstring(redirects["sources/vellmar-alertpublisher-gazette/2017/"])
    assert not hostile.xpath("//script")
    assert hostile.findtext(".//title").startswith("Vellmar <")
    assert "sitemap" not in " ".join(redirects)
    sitemap = (sources_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "sources/island-ferries/" in sitemap
    assert "sources/island-ferries/2016/" not in sitemap


def test_the_index_links_a_lone_source_straight_to_it(sources_site: Path) -> None:
    index = page(sources_site, "sources")
    links = {
        li.get("id"): li.cssselect("a")[0].get("href")
        for li in index.cssselect("ul.st-publishers li")
    }
    lone = links["publisher-vellmar-port-authority"]
    assert re.fullmatch(r"vellmar-port-authority/#src-[0-9a-f]{10}", lone)
    path, anchor = lone.split("#")
    assert page(sources_site, f"sources/{path}").xpath(f"//li[@id='{anchor}']")
    assert links["publisher-harbour-wire"] == "harbour-wire/"
    authority = index.xpath("//li[@id='publisher-vellmar-port-authority']")[0]
    assert authority.text_content() == (
        "Vellmar Port Authority: Closure order 2016/14 (1 source, cited in 2 entries)"
    )


def test_every_source_in_sources_json_is_where_it_says(sources_site: Path) -> None:
    data = json.loads((sources_site / "sources.json").read_text(encoding="utf-8"))
    checked = 0
    for source in data["sources"]:
        path, anchor = source["url_on_site"].split("#")
        assert page(sources_site, path).xpath(f"//li[@id='{anchor}']"), source["url_on_site"]
        checked += 1
    assert checked == 5 + 4 + SOURCES_PER_PAGE + 1


def test_sources_json_says_how_each_entry_uses_a_source(sources_site: Path) -> None:
    data = json.loads((sources_site / "sources.json").read_text(encoding="utf-8"))
    (court,) = [s for s in data["sources"] if s["title"] == "Hearing record"]
    assert [(c["entry"], c["use"]) for c in court["cited_by"]] == [
        ("entries/2019/c-report/", "chain")
    ]


def test_the_built_index_counts_chain_only_sources_apart(sources_site: Path) -> None:
    index = page(sources_site, "sources")
    (court,) = index.xpath("//li[@id='publisher-vellmar-court']")
    assert court.text_content() == (
        "Vellmar Court: Hearing record (1 source, in a chain only in 1 entry)"
    )


def test_the_built_entry_page_shows_one_number_a_pdf_and_dates_in_words(
    sources_site: Path,
) -> None:
    entry = page(sources_site, "entries/2019/a-paper")
    (listing,) = entry.cssselect("ol.st-sources")
    titles = [a.text_content() for a in listing.cssselect("li.st-source > .st-source-title")]
    assert titles == ["Harbour case heard", "Court hears harbour case (PDF)"]
    assert not listing.cssselect(".st-source-number")
    assert [a.text_content() for a in entry.cssselect("sup.st-cite a")] == ["[1]"]
    shown = [(t.get("datetime"), t.text_content()) for t in entry.cssselect("article time")]
    assert shown == [
        ("2019-04-03", "April 3, 2019"),
        ("2019-04-02", "April 2, 2019"),
        ("2019-04-02", "April 2, 2019"),
    ]


def test_search_has_the_sources_page_and_no_list_of_sources(sources_site: Path) -> None:
    index = json.loads((sources_site / "search" / "search_index.json").read_text("utf-8"))
    searched = sorted({doc["location"].partition("#")[0] for doc in index["docs"]} & SOURCES_PAGES)
    # A split publisher's own page lists only its years; every other page lists sources.
    assert searched == ["sources/", "sources/harbour-wire/"]
    (sources,) = [doc for doc in index["docs"] if doc["location"] == "sources/"]
    assert "Island Ferries: Summer timetable" in sources["text"]


def test_the_json_ld_names_a_pdf_sources_format(sources_site: Path) -> None:
    html = (sources_site / "entries/2019/b-wire/index.html").read_text(encoding="utf-8")
    (script,) = lxml.html.fromstring(html).xpath("//script[@type='application/ld+json']")
    (wire,) = json.loads(script.text)["citation"]
    assert (wire["url"], wire["encodingFormat"]) == (
        "https://example.org/wire/case.pdf",
        "application/pdf",
    )
    html = (sources_site / "entries/2019/c-report/index.html").read_text(encoding="utf-8")
    (script,) = lxml.html.fromstring(html).xpath("//script[@type='application/ld+json']")
    assert not [c for c in json.loads(script.text)["citation"] if "encodingFormat" in c]
