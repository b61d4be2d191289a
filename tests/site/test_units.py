"""The pure functions behind the site's pages and files, on the fixture entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from types import SimpleNamespace

import lxml.html
import markdown
import pytest

from build_tools.site.archive import archive_index_markdown
from build_tools.site.catalogue import catalogue, publisher_anchor
from build_tools.site.jsonld import entry_jsonld
from build_tools.site.markup import inline_text, slug
from build_tools.site.scripts import script_json
from build_tools.site.sources_index import sources_pages
from build_tools.site.tags import newest_first, tag_page_markdown, tag_pages
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
    assert dict(pages.slugs) == {
        "!!": "tag",
        "Court cases": "court-cases",
        "court-cases": "court-cases-2",
        "index": "index-2",
    }
    assert pages.url("court-cases") == "tags/court-cases-2/"


def test_tag_page_directive_cannot_be_closed_by_a_tag() -> None:
    text = tag_page_markdown('x --> <script>"')
    directive = text.splitlines()[2]
    quoted = '"x --\\u003e \\u003cscript\\u003e\\""'
    assert directive == f"<!-- material/tags {{ include: [{quoted}] }} -->"


def test_newest_first_sorts_by_date_then_title() -> None:
    def mapping(date: object, title: str) -> SimpleNamespace:
        return SimpleNamespace(item=SimpleNamespace(meta={"date": date}, title=title))

    keys = [newest_first(mapping(dt.date(2016, 3, 1), "b")), newest_first(mapping(None, "a"))]
    assert keys == [("2016-03-01", "b"), ("", "a")]


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
    assert re.fullmatch(r"publisher-[0-9a-f]{8}", publisher_anchor("—"))


def test_sources_pages_escape_every_value() -> None:
    pages = sources_pages(published())
    hostile = {path: text for path, text in pages.items() if "gazette" in path}
    assert sorted(hostile) == [
        "sources/vellmar-alertpublisher-gazette.md",
        "sources/vellmar-alertpublisher-gazette/2017.md",
    ]
    for text in [pages["sources.md"], *hostile.values()]:
        assert "<script>" not in text and "<img" not in text
    year = hostile["sources/vellmar-alertpublisher-gazette/2017.md"]
    assert year.startswith(
        "# Vellmar &lt;/script&gt;&lt;script&gt;alert\\('publisher'\\)&lt;/script&gt; "
        "Gazette: sources of 2017\n"
    )
    assert "<cite class=\"st-source__title\">Notice &lt;img src=x onerror=alert(" in year


def test_sources_without_a_date_are_listed_as_undated() -> None:
    first = published()[0]
    undated = tuple(dataclasses.replace(s, published=None) for s in first.entry.sources)
    item = dataclasses.replace(first, entry=dataclasses.replace(first.entry, sources=undated))
    (publisher, *_) = catalogue([item])
    assert list(publisher.years()) == ["undated"]
    assert publisher.source_url(publisher.sources[0]).startswith(f"{publisher.page}undated/#src-")


@pytest.mark.parametrize("count", [0, 1])
def test_archive_index_counts_entries_by_month(count: int) -> None:
    items = published()[:count]
    text = archive_index_markdown(items)
    if count == 0:
        assert text == "# Archive\n\nNo entry has been published yet.\n"
    else:
        assert text == "# Archive\n\n\n## 2016 (1 entry)\n\n- [May 2016](2016/05.md) (1 entry)\n"


def test_slug_keeps_letters_of_every_script() -> None:
    assert slug("Türkiye haberleri") == "türkiye-haberleri"
    assert slug("<>") == ""
