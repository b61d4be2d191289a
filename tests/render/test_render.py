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


def _rendered_tree(body: str) -> lxml.html.HtmlElement:
    head = ENTRY.split("\n---\n", 1)[0] + "\n---\n\n"
    extensions = [SourcetraceExtension(), "toc", "attr_list"]
    html = markdown.markdown(head + body, extensions=extensions)
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _shown(paragraph: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """The paragraph's parts in order: links by address, citations by number, and text."""
    parts = [("text", paragraph.text or "")]
    for child in paragraph:
        if child.tag == "a":
            parts.append((child.get("href"), child.text_content()))
        elif child.tag == "sup":
            parts.append(("cite", child.text_content()))
        parts.append(("text", child.tail or ""))
    return [(kind, text) for kind, text in parts if text]


def test_a_citation_inside_link_text_stands_outside_the_link_where_it_was_written() -> None:
    # A link inside a link is not HTML: a browser would end the outer one early. The link
    # is cut at the citation, so each citation still follows the words it supports.
    tree = _rendered_tree(
        "The sale was [the *register's [@registry, p. 2]* entry and note [@gazette]]"
        "(https://example.org/r) made public.\n"
    )
    assert tree.xpath("//a//a") == []
    paragraph = tree.xpath("//p[contains(., 'The sale')]")[0]
    assert _shown(paragraph) == [
        ("text", "The sale was "),
        ("https://example.org/r", "the register's "),
        ("cite", "[1, p. 2]"),
        ("https://example.org/r", " entry and note "),
        ("cite", "[2]"),
        ("text", " made public."),
    ]
    assert [a.get("id") for a in tree.xpath("//sup/a")] == ["cite-1-1", "cite-2-1"]


def test_a_link_cut_at_its_citations_keeps_its_id_once_and_no_empty_pieces() -> None:
    tree = _rendered_tree(
        "See [the deed [@registry] [@gazette]](https://example.org/d){: #deed }.\n"
    )
    paragraph = tree.xpath("//p[contains(., 'See')]")[0]
    assert _shown(paragraph) == [
        ("text", "See "),
        ("https://example.org/d", "the deed "),
        ("cite", "[1]"),
        ("text", " "),
        ("cite", "[2]"),
        ("text", "."),
    ]
    assert len(tree.xpath("//*[@id='deed']")) == 1


def test_the_page_labels_as_analysis_exactly_what_the_checker_leaves_out() -> None:
    head = ENTRY.split("\n---\n", 1)[0] + "\n---\n\n"
    cases = [
        (["admonition"], '!!! editorial "Analysis"\n    It matters.\n', True),
        (["pymdownx.details"], '??? editorial "Analysis"\n    It matters.\n', True),
        (["md_in_html"], '<div class="editorial" markdown>\nIt matters.\n</div>\n', False),
        (["attr_list"], "It matters.\n{: .editorial }\n", False),
    ]
    for extensions, block, analysis in cases:
        md = markdown.Markdown(extensions=[*extensions, SourcetraceExtension()])
        html = md.convert(head + block + "\nThe sale was recorded [@registry].\n")
        labelled = "st-editorial-note" in html
        entry = next(e for e in md.registeredExtensions if isinstance(e, SourcetraceExtension))
        assert entry.entry is not None
        judged = "It matters." in [claim.text for claim in entry.entry.body.claims]
        assert (labelled, judged) == (analysis, not analysis), block
