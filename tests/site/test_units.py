"""The pure functions behind the site's pages and files, on the fixture entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import lxml.html
import markdown
import pytest

from build_tools.model import Correction
from build_tools.site.archive import archive_index_markdown
from build_tools.site.catalogue import catalogue, publisher_anchor
from build_tools.site.feeds import FeedInfo, atom_feed, json_feed
from build_tools.site.jsonld import date_modified, entry_jsonld, entry_jsonld_data
from build_tools.site.markup import inline_text, slug
from build_tools.site.scripts import script_json
from build_tools.site.sources_index import sources_generated_pages, sources_pages
from build_tools.site.tags import tag_pages
from tests.site.entries import entry, published


def test_script_json_cannot_end_its_script_or_open_a_comment() -> None:
    value = {"a": "</script><!-- <script>x & y\u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_entry_jsonld_survives_an_html_parser_intact() -> None:
    hostile = entry("2017/hostile-values.md")
    element = entry_jsonld(hostile, "https://digest.example.org/entries/2017/hostile-values/")
    (script,) = lxml.html.fragment_fromstring(f"<div>{element}</div>").iter("script")
    data = json.loads(script.text)
    quote = "Reopened </script><!-- <script>alert('quote')</script>"
    assert data["citation"][0]["abstract"] == quote
    assert data["author"] == [{"@type": "Person", "name": "desk"}]


@pytest.mark.parametrize(
    "text",
    [
        "*Not* [a](link) <b>bold</b> & `code`",
        "# not a heading",
        "- not a list",
        "1. not a list | nor a table",
        "a: b ~ c \\ d {e} +f -g !h",
        "Vellmar </script><script>alert('publisher')</script> Gazette",
    ],
)
def test_inline_text_renders_as_exactly_the_same_text(text: str) -> None:
    rendered = markdown.markdown(
        "# " + inline_text(text), extensions=["admonition", "attr_list", "tables", "toc"]
    )
    heading = lxml.html.fragment_fromstring(rendered)
    assert (heading.tag, heading.text_content(), len(heading)) == ("h1", text, 0)


def test_tag_slugs_are_unique_and_never_empty() -> None:
    items = published()[:1]
    first = items[0]
    tagged = dataclasses.replace(first.entry, tags=("Court cases", "court-cases", "!!", "index"))
    pages = tag_pages([dataclasses.replace(first, entry=tagged)])
    assert pages.slugs == {
        "!!": "tag-b4613f86",
        "Court cases": "court-cases-46901599",
        "court-cases": "court-cases",
        "index": "index-e540cdd1",
    }
    assert pages.url("court-cases") == "tags/court-cases/"
    assert pages.url("Court cases") == "tags/court-cases-46901599/"


def test_catalogue_merges_one_source_cited_by_two_entries() -> None:
    (authority,) = [p for p in catalogue(published()) if p.name == "Vellmar Port Authority"]
    (order,) = authority.sources
    assert [c.entry_url for c in order.citing] == [
        "entries/2016/ferry-timetable/",
        "entries/2016/harbour-closes/",
    ]
    assert re.fullmatch(r"src-[0-9a-f]{10}", order.anchor)
    assert authority.page == "sources/vellmar-port-authority/"


def test_publisher_anchor_is_stable_and_never_empty() -> None:
    assert publisher_anchor("Reuters") == publisher_anchor(" reuters ") == "publisher-reuters"
    assert publisher_anchor("—") == "publisher-1b93795b"


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n\n", re.DOTALL)


def test_sources_pages_escape_every_value() -> None:
    pages = sources_pages(published())
    hostile = {path: text for path, text in pages.items() if "gazette" in path}
    assert sorted(hostile) == ["sources/vellmar-alertpublisher-gazette.md"]
    # A front-matter title is raw text, escaped by the templates; the Markdown must not be.
    bodies = [FRONT_MATTER.sub("", text) for text in [pages["sources.md"], *hostile.values()]]
    for text in bodies:
        assert "<script>" not in text and "<img" not in text
    merged = hostile["sources/vellmar-alertpublisher-gazette.md"]
    assert FRONT_MATTER.sub("", merged).startswith(
        "# Vellmar &lt;/script&gt;&lt;script&gt;alert\\('publisher'\\)&lt;/script&gt; Gazette\n"
    )
    assert '<cite class="st-source__title">Notice &lt;img src=x onerror=alert(' in merged


def test_sources_without_a_date_are_listed_as_undated() -> None:
    first = published()[0]
    undated = tuple(dataclasses.replace(s, published=None) for s in first.entry.sources)
    item = dataclasses.replace(first, entry=dataclasses.replace(first.entry, sources=undated))
    (publisher, *_) = catalogue([item])
    assert list(publisher.years()) == ["undated"]
    assert publisher.source_url(publisher.sources[0]).startswith(f"{publisher.page}#src-")
    pages = sources_generated_pages([item])
    assert '<h2 id="year-undated">Undated</h2>' in pages[publisher.page[:-1] + ".md"].html


@pytest.mark.parametrize("count", [0, 1])
def test_archive_index_counts_entries_by_month(count: int) -> None:
    items = published()[:count]
    text = archive_index_markdown(items)
    if count == 0:
        assert text == "# Archive\n\nNo entry has been published yet.\n"
    else:
        assert text == (
            "# Archive\n\n\n## 2016 (1 entry) {#y2016}\n\n- [May 2016](2016/05.md) (1 entry)\n"
        )


def test_slug_keeps_letters_of_every_script() -> None:
    assert slug("Türkiye haberleri") == "türkiye-haberleri"
    assert slug("<>") == ""


def test_corrections_count_as_changes_in_json_ld_and_feeds(site: Path) -> None:
    # hostile-values.md: published 2017-03-03, no "updated", corrected 2017-03-04.
    html = (site / "entries/2017/hostile-values/index.html").read_text(encoding="utf-8")
    (script,) = lxml.html.fromstring(html).xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert (data["datePublished"], data["dateModified"]) == ("2017-03-03", "2017-03-04")
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["date_modified"] == "2017-03-04T12:00:00Z"
    atom = ElementTree.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.findtext("a:updated", namespaces=ns) == "2017-03-04T12:00:00Z"
    assert atom.findtext("a:entry/a:updated", namespaces=ns) == "2017-03-04T12:00:00Z"


def test_date_modified_is_the_latest_of_date_update_and_corrections() -> None:
    ferry = entry("2016/ferry-timetable.md")  # dated 05-10, updated and corrected 05-12
    late = dataclasses.replace(
        ferry, corrections=(*ferry.corrections, Correction(dt.date(2016, 6, 1), "Fixed."))
    )
    assert [date_modified(e) for e in (ferry, late)] == [dt.date(2016, 5, 12), dt.date(2016, 6, 1)]


def test_entry_without_authors_is_credited_to_the_site() -> None:
    anonymous = dataclasses.replace(entry("2016/harbour-closes.md"), authors=())
    data = entry_jsonld_data(anonymous, "https://digest.example.org/x/", {}, "Harbour Digest")
    assert data["author"] == [{"@type": "Organization", "name": "Harbour Digest"}]


def test_feeds_drop_characters_xml_forbids() -> None:
    item = published()[0]
    dirty = dataclasses.replace(
        item.entry, title="Ferry\x1b[31m cut\x00", summary="a\x0bb\ufffe", tags=("t\x1f",)
    )
    info = FeedInfo("https://digest.example.org/", "Digest\x07")
    atom = atom_feed([dataclasses.replace(item, entry=dirty)], info)
    parsed = feedparser.parse(atom.encode("utf-8"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert (parsed.feed.title, parsed.entries[0].title) == ("Digest", "Ferry[31m cut")
    assert (parsed.entries[0].summary, parsed.entries[0].tags[0].term) == ("ab", "t")
    data = json.loads(json_feed([dataclasses.replace(item, entry=dirty)], info))
    assert (data["title"], data["items"][0]["title"], data["items"][0]["tags"]) == (
        "Digest",
        "Ferry[31m cut",
        ["t"],
    )
