"""The Sources section and byline as readers see them: one number, formats named, dates."""

from __future__ import annotations

import lxml.html
import markdown
import pytest

from build_tools.check import check_entry
from build_tools.render.entry_parts import byline, sources_section
from build_tools.render.extension import SourcetraceExtension
from build_tools.render.formats import opens_pdf, with_format
from build_tools.render.numbering import Numbering

ENTRY = """\
---
title: Harbour budget passes
date: 2024-06-10
updated: 2024-06-12
summary: The council passed the budget.
corrections:
  - date: 2024-06-12
    text: The vote was nine to three, not ten to two.
sources:
  - id: minutes
    title: Council minutes
    publisher: Vellmar City Council
    role: primary
    url: https://example.org/council/minutes-2024-06.PDF?download=1
    archive_url: https://archive.example.org/council/minutes-2024-06.pdf
    published: 2024-06-09
    accessed: 2024-06-11
  - id: ledger
    title: Budget passes
    publisher: The Vellmar Ledger
    role: secondary
    url: https://example.org/ledger/budget
    archive_url: https://archive.example.org/ledger/budget
    via: [minutes]
  - id: unused
    title: Earlier budget
    publisher: Vellmar City Council
    role: primary
    url: https://example.org/download?file=budget.pdf
    archive_url: https://archive.example.org/budget
---

The council passed the budget nine to three [@ledger]. Repairs start in July [@minutes].
"""


def page() -> lxml.html.HtmlElement:
    html = markdown.markdown(ENTRY, extensions=[SourcetraceExtension()])
    return lxml.html.fromstring(f"<div>{html}</div>")


def test_each_source_shows_one_number_the_number_its_citations_show() -> None:
    tree = page()
    cited = [a.text_content() for a in tree.cssselect("sup.st-cite a")]
    assert cited == ["[1]", "[2]"]
    (listing,) = tree.cssselect("ol.st-sources")
    items = listing.cssselect(":scope > li")
    # The list's own numbers (1., 2., 3.) are the only ones: none is written in the text.
    assert [li.get("id") for li in items] == ["source-ledger", "source-minutes", "source-unused"]
    assert not tree.cssselect(".st-source-number")
    for item in items:
        assert not item.text_content().lstrip().startswith("["), item.text_content()


def test_a_pdf_source_says_so_in_its_links_text() -> None:
    tree = page()
    ledger, minutes, unused = tree.cssselect("ol.st-sources > li")
    (title,) = minutes.cssselect("a.st-source-title")
    assert title.text_content() == "Council minutes (PDF)"
    assert [a.text_content() for a in minutes.cssselect(".st-source-details a")] == [
        "Archived copy (PDF)"
    ]
    assert ledger.cssselect("a.st-source-title")[0].text_content() == "Budget passes"
    assert ledger.cssselect(".st-source-details a")[0].text_content() == "Archived copy"
    assert "PDF" not in unused.text_content()


@pytest.mark.parametrize(
    ("url", "pdf"),
    [
        ("https://example.org/a.pdf", True),
        ("https://example.org/A.PDF?page=2#x", True),
        ("https://example.org/report%2Epdf", True),
        ("https://example.org/download?file=a.pdf", False),
        ("https://example.org/pdf", False),
        ("https://example.org/a.pdf.html", False),
        ("https://[::1/a.pdf", False),
        (None, False),
    ],
)
def test_a_pdf_is_known_by_its_path(url: str | None, pdf: bool) -> None:
    assert opens_pdf(url) is pdf
    assert with_format("original", url) == ("original (PDF)" if pdf else "original")


def test_every_date_on_the_entry_page_reads_in_words_with_iso_for_machines() -> None:
    times = {(t.get("class"), t.get("datetime")): t.text_content() for t in page().iter("time")}
    assert times == {
        ("st-published", "2024-06-10"): "June 10, 2024",
        ("st-updated", "2024-06-12"): "June 12, 2024",
        ("st-correction-date", "2024-06-12"): "June 12, 2024",
        ("st-date", "2024-06-09"): "June 9, 2024",
        ("st-date", "2024-06-11"): "June 11, 2024",
    }


def test_dates_read_in_the_sites_language() -> None:
    checked = check_entry("e.md", ENTRY.encode(), authors=None)
    assert checked.entry is not None
    entry = checked.entry
    shown = [t.text for t in byline(entry, language="de").iter("time")]
    assert shown == ["10. Juni 2024", "12. Juni 2024", "12. Juni 2024"]
    listing = sources_section(entry, Numbering(entry), language="de")[1]
    assert [t.text for t in listing.iter("time")] == ["9. Juni 2024", "11. Juni 2024"]
    assert [t.get("datetime") for t in listing.iter("time")] == ["2024-06-09", "2024-06-11"]
