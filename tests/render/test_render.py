"""The extension on its own, as a generator without MkDocs plugins would run it."""

from __future__ import annotations

import lxml.html
import markdown

from build_tools.render.extension import SourcetraceExtension

ENTRY = """\
---
title: Ferry line changes hands
date: 2016-04-02
updated: 2016-04-05
summary: A ferry line was sold.
authors: [desk]
tags: [ports, ferries]
corrections:
  - date: 2016-04-05
    text: An earlier version gave the wrong price.
sources:
  - id: registry
    title: Company register extract
    publisher: Vellmar registry
    role: primary
    offline: paper register, not online
  - id: gazette
    title: Ferry line sold
    publisher: Vellmar Gazette
    role: secondary
    url: https://example.org/ferry
    archive_url: https://archive.example.org/ferry
    via: [registry]
  - id: unused
    title: Unrelated notice
    publisher: Somewhere
    role: secondary
    url: https://example.org/unused
    archive_url: https://archive.example.org/unused
---

The ferry line was sold [@gazette]. The buyer paid 2 million marks [@registry; @gazette, p. 3].
A [@missing] source shows as missing.
"""


def _html() -> str:
    return markdown.markdown(ENTRY, extensions=[SourcetraceExtension(), "toc"])


def test_sources_are_numbered_by_first_use() -> None:
    html = _html()
    assert '<sup class="st-cite"><a href="#source-gazette" id="cite-1-1"' in html
    assert (
        '<sup class="st-cite"><a href="#source-registry" id="cite-2-1" '
        'title="Vellmar registry: Company register extract">[2]</a>, '
        '<a href="#source-gazette" id="cite-2-2" title="Vellmar Gazette: Ferry line sold">'
        "[1, p. 3]</a></sup>"
    ) in html
    assert html.index('id="source-gazette"') < html.index('id="source-registry"')
    assert html.index('id="source-registry"') < html.index('id="source-unused"')


def test_unknown_source_is_visible_not_silent() -> None:
    assert '<span class="st-cite-missing"' in _html()
    assert "[unknown source: missing]" in _html()


def test_source_details_and_backlinks() -> None:
    html = _html()
    assert "Not online: paper register, not online" in html
    assert 'href="#cite-1-1">↩1</a>' in html and 'href="#cite-2-2">↩2</a>' in html
    assert "Not cited in the text." in html
    assert '<a href="#source-registry">Vellmar registry: Company register extract</a>' in html


def test_byline_shows_dates_tags_corrections_and_sourcing() -> None:
    html = _html()
    assert '<time class="st-published" datetime="2016-04-02">April 2, 2016</time>' in html
    assert '<time class="st-updated" datetime="2016-04-05">' in html
    assert '<li class="st-tag">ferries</li>' in html
    assert "An earlier version gave the wrong price." in html
    assert (
        "3 claims: 3 cited, 1 citing a primary source, 2 a reader can open, 0 with a verified "
        "passage; 1 cites sources that are not independent"
    ) in html


def test_ordinary_pages_are_left_alone() -> None:
    html = markdown.markdown("Plain page with [@x] text.", extensions=[SourcetraceExtension()])
    assert html == "<p>Plain page with [@x] text.</p>"


def test_byline_leads_with_the_summary_as_text() -> None:
    hostile = ENTRY.replace(
        "summary: A ferry line was sold.", 'summary: "A *ferry* <img src=x onerror=alert(1)> sold."'
    )
    html = markdown.markdown(hostile, extensions=[SourcetraceExtension()])
    assert (
        '<div class="st-byline"><p class="st-summary">'
        "A *ferry* &lt;img src=x onerror=alert(1)&gt; sold.</p>"
    ) in html


def test_byline_names_authors_as_readers_know_them() -> None:
    named = SourcetraceExtension()
    named.author_names = {"desk": "Vellmar desk <night>"}
    assert '<p class="st-authors">By Vellmar desk &lt;night&gt;</p>' in markdown.markdown(
        ENTRY, extensions=[named]
    )
    assert '<p class="st-authors">By desk</p>' in _html()


def test_a_citation_inside_link_text_is_shown_after_the_link() -> None:
    # A link inside a link is not HTML: a browser would end the outer one early.
    head = ENTRY.split("\n---\n", 1)[0] + "\n---\n\n"
    body = (
        "The sale was [the *register's [@registry, p. 2]* entry and note [@gazette]]"
        "(https://example.org/r) made public.\n"
    )
    html = markdown.markdown(head + body, extensions=[SourcetraceExtension(), "toc"])
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert tree.xpath("//a//a") == []
    link = tree.xpath("//a[@href='https://example.org/r']")[0]
    assert link.text_content().split() == ["the", "register's", "entry", "and", "note"]
    after = list(link.itersiblings())
    assert [(sup.tag, sup.text_content()) for sup in after] == [
        ("sup", "[1, p. 2]"),
        ("sup", "[2]"),
    ]
    assert after[0].tail is None
    assert after[1].tail == " made public."
    assert [a.get("id") for a in tree.xpath("//sup/a")] == ["cite-1-1", "cite-2-1"]
