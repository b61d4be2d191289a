"""Publishers' and tags' names on the built site: their addresses, anchors and titles.

One site is built with names chosen to collide: a publisher called "Index", names that
slugify alike, names too long for a file name, and names holding HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from build_tools.site.catalogue import catalogue, publisher_anchors
from build_tools.site.markup import slug, yaml_string
from build_tools.site.published import PublishedEntry
from build_tools.site.tags import tag_pages, tag_slug
from tests.site.building import FIXTURE_ENTRIES, build_site
from tests.site.entries import published
from tests.site.writing import entry_text, write_entry

LONG_TAG = "harbour " * 12 + "ferr"  # 100 characters, as long as the checker allows
LONGER_TAG = "harbour " * 37 + "x"  # 297 characters
CYRILLIC_PUBLISHER = "Государственная " * 10 + "газета"  # 166 characters, 2 bytes each
HOSTILE = "<img src=x onerror=alert(1)>"
DAY = dt.date(2018, 6, 1)


def build_with(factory: pytest.TempPathFactory, extra: dict[str, str]) -> Path:
    """Build the fixture entries plus ``extra`` (file name to entry text)."""
    root = factory.mktemp("names")
    entries = root / "entries"
    shutil.copytree(FIXTURE_ENTRIES, entries)
    for name, text in extra.items():
        write_entry(entries, name, text)
    return build_site(root / "build", entries)


@pytest.fixture(scope="module")
def index_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(tmp_path_factory, {"index": entry_text("Index", DAY, publisher="Index")})


@pytest.fixture(scope="module")
def long_names_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = entry_text("Long tag", DAY, tags=(LONG_TAG,), publisher=CYRILLIC_PUBLISHER)
    return build_with(tmp_path_factory, {"long": text})


@pytest.fixture(scope="module")
def publishers_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    publishers = {"c-plus-plus": "C++ Weekly", "c": "C Weekly", "bold": "<b>Reuters</b>"}
    extra = {name: entry_text(name, DAY, publisher=p) for name, p in publishers.items()}
    extra["reuters"] = entry_text("reuters", DAY, publisher="Reuters")
    return build_with(tmp_path_factory, extra)


@pytest.fixture(scope="module")
def tags_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with(
        tmp_path_factory,
        {
            "c-plus-plus": entry_text("C++ story", DAY, tags=("Brexit",)),
            "c-weekly": entry_text("C story", DAY, tags=("Brexit", "AT&T")),
            "bold-reuters": entry_text("Bold story", DAY, tags=("brexit",)),
            "reuters": entry_text("Reuters story", DAY, tags=("brexit", HOSTILE)),
        },
    )


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def publishers_listed(site: Path) -> dict[str, tuple[str, str]]:
    """Each publisher on the Sources page: its name and the page its link leads to."""
    index = page(site, "sources")
    return {
        li.get("id"): (
            li.cssselect("a")[0].text_content(),
            li.cssselect("a")[0].get("href").partition("#")[0],
        )
        for li in index.cssselect("ul.st-publishers li")
    }


def test_a_publisher_named_index_does_not_replace_the_sources_page(index_site: Path) -> None:
    sources = page(index_site, "sources")
    assert sources.cssselect("article h1")[0].text_content().rstrip("¶") == "Sources"
    assert publishers_listed(index_site)["publisher-index-e540cdd1"] == ("Index", "index-e540cdd1/")
    index = page(index_site, "sources/index-e540cdd1")
    assert index.cssselect("article h1")[0].text_content().rstrip("¶") == "Index"


def test_long_names_get_short_stable_slugs() -> None:
    assert slug(LONGER_TAG) == "harbour-" * 7 + "harb-71e2eb94"
    assert slug(CYRILLIC_PUBLISHER) == "государственная-" * 3 + "государствен-6a78db67"
    assert slug("Reuters") == "reuters"
    assert len(slug("ж" * 500).encode("utf-8")) == 129


def test_long_tags_and_publishers_build_pages(long_names_site: Path) -> None:
    tag = page(long_names_site, "tags/" + "harbour-" * 7 + "harb-d354fdf3")
    assert [a.text_content() for a in tag.cssselect("ul.st-listing a")] == ["Long tag"]
    (cyrillic,) = [
        (anchor, href)
        for anchor, (name, href) in publishers_listed(long_names_site).items()
        if name == CYRILLIC_PUBLISHER
    ]
    assert cyrillic == (
        "publisher-" + "государственная-" * 3 + "государствен-b11fceeb",
        "государственная-" * 3 + "государствен-b11fceeb/",
    )
    assert (long_names_site / "sources" / cyrillic[1] / "index.html").is_file()
    # Its year has no page of its own, only an address that sends readers to its heading.
    year = lxml.html.fromstring(
        (long_names_site / "sources" / cyrillic[1] / "2018" / "index.html").read_bytes()
    )
    assert year.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../#year-2018"]
    assert not year.cssselect("li.st-source")


def test_publishers_are_grouped_by_name_not_by_slug(publishers_site: Path) -> None:
    listed = {
        anchor: name
        for anchor, (name, _) in publishers_listed(publishers_site).items()
        if "eekly" in name or "euters" in name
    }
    assert listed == {
        "publisher-c-weekly-92e8d4f5": "C++ Weekly",
        "publisher-c-weekly-b8f6acc8": "C Weekly",
        "publisher-reuters-46e8570d": "<b>Reuters</b>",
        "publisher-reuters": "Reuters",
    }


def test_publisher_anchors_do_not_depend_on_order_and_keep_exact_slugs() -> None:
    names = ["C Weekly", "C++ Weekly", "Reuters", "<b>Reuters</b>"]
    assert publisher_anchors(names) == publisher_anchors(list(reversed(names)))
    assert publisher_anchors(["Reuters", "<b>Reuters</b>"])["Reuters"] == "publisher-reuters"
    assert publisher_anchors(["C Weekly"]) == {"C Weekly": "publisher-c-weekly"}


def test_spellings_differing_in_case_or_spacing_are_one_publisher() -> None:
    first = published()[0]

    def citing(publisher: str, url: str) -> PublishedEntry:
        source = dataclasses.replace(first.entry.sources[0], publisher=publisher, url=url)
        entry = dataclasses.replace(first.entry, sources=(source,))
        return dataclasses.replace(first, entry=entry, url=f"entries/{url[-1]}/")

    items = [
        citing("Island Ferries", "https://example.org/a"),
        citing("ISLAND  ferries", "https://example.org/b"),
        citing(" Island Ferries", "https://example.org/c"),
    ]
    assert [(p.name, p.anchor, len(p.sources)) for p in catalogue(items)] == [
        ("Island Ferries", "publisher-island-ferries", 3)
    ]


def test_a_tag_slug_depends_only_on_the_tag() -> None:
    first = published()[0]

    def slugs(*tags: str) -> dict[str, str]:
        entry = dataclasses.replace(first.entry, tags=tags)
        return tag_pages([dataclasses.replace(first, entry=entry)]).slugs

    alone = slugs("Court cases")
    together = slugs("court-cases", "Court cases", "court cases!")
    assert alone == {"Court cases": "court-cases-46901599"}
    assert together == {
        "court-cases": "court-cases",
        "Court cases": "court-cases-46901599",
        "court cases!": "court-cases-8dfc891a",
    }
    assert tag_slug("Index") == tag_slug("index") == "index-e540cdd1"


def test_tags_differing_only_in_case_share_one_page(tags_site: Path) -> None:
    brexit = page(tags_site, "tags/brexit")
    titles = [a.text_content() for a in brexit.cssselect("ul.st-listing a")]
    assert titles == ["Reuters story", "C++ story", "C story", "Bold story"]
    # Two entries spell it "brexit" and two "Brexit": the tie goes to "Brexit".
    assert brexit.findtext(".//title") == "Entries tagged Brexit - Sourcetrace"
    index = page(tags_site, "tags")
    assert "Brexit (4 entries)" in [li.text_content() for li in index.cssselect("article li")]
    for url in ("entries/2018/bold-reuters", "entries/2018/c-plus-plus"):
        chips = page(tags_site, url).cssselect("nav.md-tags a")
        assert [a.get("href") for a in chips] == ["../../../tags/brexit/"], url


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (f"tags/{tag_slug('AT&T')}", "Entries tagged AT&T"),
        (f"tags/{tag_slug(HOSTILE)}", f"Entries tagged {HOSTILE}"),
    ],
)
def test_tag_page_titles_are_escaped_once(tags_site: Path, url: str, title: str) -> None:
    tree = page(tags_site, url)
    assert tree.findtext(".//title") == f"{title} - Sourcetrace"
    topic = tree.cssselect("[data-md-component=header-topic] .md-ellipsis")[0]
    assert topic.text_content().strip() == title
    assert tree.cssselect("article h1")[0].text_content().rstrip("¶") == title
    assert not tree.xpath("//*[@onerror]")


def test_publisher_page_titles_are_escaped_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_with(tmp_path_factory, {"att": entry_text("AT&T", DAY, publisher="AT&T")})
    assert page(site, "sources/att").findtext(".//title") == "AT&T - Sourcetrace"


@pytest.mark.parametrize(
    "text", ["AT&T", HOSTILE, 'say "hi" \\ bye', "\x1b[31m\x85\u2028\ufeff\tx", "123", ""]
)
def test_yaml_string_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"title: {yaml_string(text)}") == {"title": text}
