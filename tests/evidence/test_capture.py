"""Capturing saved copies: text and metadata read from realistic pages, PDFs and text files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from build_tools.evidence.capture import Capture, capture_bytes
from build_tools.evidence.extract import ExtractionError, extract, html_encoding
from build_tools.evidence.store import SnapshotStore
from tests.evidence.conftest import FIXTURES

WHEN = dt.datetime(2016, 2, 23, 9, 0, tzinfo=dt.UTC)


def capture(store: SnapshotStore, name: str) -> Capture:
    return capture_bytes(
        store,
        (FIXTURES / name).read_bytes(),
        url="https://example.org/saved",
        how="file",
        captured=WHEN,
        name=name,
    )


def chosen(result: Capture) -> dict[str, tuple[str, str]]:
    return {
        name: (readings.chosen.value, readings.chosen.origin)
        for name, readings in result.metadata.fields.items()
        if readings.chosen
    }


def test_a_news_article_with_json_ld(store: SnapshotStore) -> None:
    result = capture(store, "news_jsonld.html")
    assert chosen(result) == {
        "title": ("Court hears case of 27 defendants", "JSON-LD headline"),
        "publisher": ("Vellmar Gazette", "JSON-LD publisher"),
        "authors": ("Ayşe Yılmaz; Jon Berg", "JSON-LD author"),
        "published": ("2016-02-22T18:00:00+02:00", "JSON-LD datePublished"),
        "modified": ("2016-02-23T09:00:00+02:00", "JSON-LD dateModified"),
        "language": ("en", "JSON-LD inLanguage"),
        "url": ("https://example.org/news/court-hears-case", "JSON-LD mainEntityOfPage"),
    }
    # The OpenGraph date is a day later than the article's own: flagged, not chosen.
    published = result.metadata.fields["published"]
    assert [(r.origin, r.value) for r in published.disagreeing] == [
        ("OpenGraph article:published_time", "2016-02-23T07:30:00+02:00"),
        ("htmldate", "2016-02-23"),
    ]
    # "Headline | Site" in <title> is the same title, not a disagreement.
    assert result.metadata.fields["title"].disagreeing == ()
    text = result.extracted.text
    assert "the court\u2019s chair said" in text
    assert "19 people were under surveillance" in text  # a caption: visible text keeps it
    assert "acquitted" not in text and "color: black" not in text  # scripts and styles do not
    assert result.extracted.main_text is not None
    assert "Prosecutors have charged 27 people" in result.extracted.main_text
    assert result.source_fields("https://example.org/news/court-hears-case", WHEN.date()) == {
        "title": "Court hears case of 27 defendants",
        "publisher": "Vellmar Gazette",
        "url": "https://example.org/news/court-hears-case",
        "published": dt.date(2016, 2, 22),
        "accessed": dt.date(2016, 2, 23),
        "language": "en",
        "snapshot": f"sha256:{result.snapshot.digest}",
    }
    meta = json.loads((result.snapshot.folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["metadata"]["published"]["disagree"] is True
    assert meta["metadata"]["title"]["from"] == "JSON-LD headline"
    assert sorted(p.name for p in result.snapshot.folder.iterdir()) == [
        "main.txt",
        "meta.json",
        "original.html",
        "text.txt",
    ]


def test_a_page_with_opengraph_only(store: SnapshotStore) -> None:
    result = capture(store, "og_only.html")
    assert chosen(result) == {
        "title": ("Harbour closes for two weeks", "OpenGraph og:title"),
        "publisher": ("Port Herald", "OpenGraph og:site_name"),
        "published": ("2016-03-01", "OpenGraph article:published_time"),
        "language": ("en-GB", "OpenGraph og:locale"),
        "url": ("https://example.org/harbour", "OpenGraph og:url"),
    }
    # article:author is a profile address, not a name: no author is made of it.
    assert "authors" not in chosen(result)
    assert [(r.origin, r.value) for r in result.metadata.fields["title"].disagreeing] == [
        ("title element", "Harbour closes \u2014 Port Herald")
    ]


def test_a_page_with_highwire_tags(store: SnapshotStore) -> None:
    result = capture(store, "highwire.html")
    assert chosen(result)["title"] == (
        "Surveillance orders in Turkish criminal procedure",
        "Highwire citation_title",
    )
    assert chosen(result)["authors"] == ("Demir, Elif; Kaya, Murat", "Highwire citation_author")
    assert chosen(result)["publisher"] == (
        "Journal of Criminal Procedure",
        "Highwire citation_journal_title",
    )
    assert chosen(result)["published"] == ("2015/11/04", "Highwire citation_publication_date")
    assert result.source_fields(None, WHEN.date())["published"] == dt.date(2015, 11, 4)
    assert [r.origin for r in result.metadata.fields["published"].disagreeing] == ["meta dc.date"]


def test_a_turkish_page_in_windows_1254(store: SnapshotStore) -> None:
    result = capture(store, "turkish_1254.html")
    assert result.extracted.encoding == "cp1254"
    assert result.extracted.text == (
        "\u0130lhami Bal\u0131, Ekim ay\u0131ndaki sald\u0131r\u0131lardan sorumlu "
        "tutuluyor. \u015e\u00fcpheliler \u201cmay\u0131n tarlas\u0131nday\u0131z\u201d dedi.\n"
    )
    assert chosen(result)["title"] == (
        "Subay ile I\u015e\u0130D \u00fcyesi aras\u0131ndaki konu\u015fmalar",
        "title element",
    )
    assert chosen(result)["language"] == ("tr", "html lang")


def test_iso_8859_9_is_read_as_windows_1254_as_browsers_do() -> None:
    page = b'<html><head><meta charset="iso-8859-9"></head><body>\x93x\x94</body></html>'
    assert html_encoding(page) == "cp1254"
    assert extract(page).text == "\u201cx\u201d\n"


def test_a_pdf(store: SnapshotStore) -> None:
    result = capture(store, "ruling.pdf")
    assert result.extracted.media_type == "application/pdf"
    assert result.extracted.text == (
        "Ankara 3rd High Criminal Court\nRuling of 22 February 2016\n"
        "The court will not release the 27 defendants before March.\n"
    )
    assert (
        result.snapshot.folder.joinpath("original.pdf").read_bytes()
        == (FIXTURES / "ruling.pdf").read_bytes()
    )
    assert result.source_fields("https://example.org/ruling.pdf", WHEN.date())["type"] == "report"


def test_a_plain_text_file_is_its_own_text(store: SnapshotStore) -> None:
    result = capture(store, "hearing.txt")
    assert result.extracted.text == (FIXTURES / "hearing.txt").read_text(encoding="utf-8")
    assert chosen(result) == {}


def test_text_that_is_not_utf_8_asks_for_its_encoding() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract("\u0130lhami".encode("cp1254"), name="x.txt")
    assert str(caught.value) == (
        "not utf-8 text (byte 0): give the file's encoding with --encoding, e.g. "
        "--encoding windows-1254"
    )
    assert extract("\u0130lhami".encode("cp1254"), encoding="windows-1254").text == "\u0130lhami"


def test_a_pdf_without_text_is_refused() -> None:
    data = (FIXTURES / "ruling.pdf").read_bytes().replace(b"Tj", b"  ")
    with pytest.raises(ExtractionError, match="no text layer"):
        extract(data)


def test_a_broken_pdf_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not readable as a PDF"):
        extract(b"%PDF-1.4\nnothing here")


def test_an_unlabelled_turkish_page_falls_back_on_windows_1254() -> None:
    page = '<html lang="tr"><body>Şüpheliler “mayın tarlasındayız” dedi.</body></html>'
    data = page.encode("cp1254")
    assert html_encoding(data) == "cp1254"
    assert extract(data).text == "Şüpheliler “mayın tarlasındayız” dedi.\n"
    assert html_encoding(data.replace(b'lang="tr"', b"")) == "cp1252"


def test_a_binary_file_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="photo.png")
    assert str(caught.value) == (
        "neither HTML, PDF nor text (a binary file, an image?): capture the page, the PDF or "
        "a text copy of it"
    )
