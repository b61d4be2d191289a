"""From captured bytes to text: HTML, PDF and plain text, decoded as their publisher wrote them.

Quotes are verified against the *full visible text* (every word a reader could
see on the page), because main-text extraction can drop the very passage an
entry relies on: a pull quote, a caption, a transcript laid out as a list. The
main text ``trafilatura`` finds is kept beside it, for reading.

Needs the ``capture`` extra (trafilatura, pypdf); ``check`` never imports this.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass

# lxml ships no type information; the capture extra installs it with trafilatura.
import lxml.html  # type: ignore[import-untyped]
from lxml import etree

HTML = "text/html"
PDF = "application/pdf"
TEXT = "text/plain"
EXTENSIONS = {HTML: "html", PDF: "pdf", TEXT: "txt"}

# Elements whose text a reader never sees as the page's words.
_INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
# Elements after which a reader sees a new line.
_BLOCKS = frozenset(
    (
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    )
)  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
# What WHATWG's encoding standard maps legacy labels to: a page labelled
# ISO-8859-9 (Turkish Latin-5) is decoded as windows-1254, and Latin-1 as
# windows-1252, as every browser does, since such pages often use the extra
# characters (curly quotes, dashes) of the Windows code pages.
_WHATWG = {
    "iso-8859-9": "windows-1254",
    "iso8859-9": "windows-1254",
    "latin5": "windows-1254",
    "l5": "windows-1254",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
}


_HTML_LANG = re.compile(rb"""<html[^>]*\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
# The legacy Windows code page browsers use for pages in these languages.
_LEGACY_BY_LANGUAGE = {
    "tr": "cp1254",
    "az": "cp1254",
    "el": "cp1253",
    "ru": "cp1251",
    "uk": "cp1251",
    "bg": "cp1251",
    "pl": "cp1250",
    "cs": "cp1250",
    "hu": "cp1250",
}


class ExtractionError(Exception):
    """Bytes that cannot be read as the kind of document they claim to be."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a capture reads from the bytes."""

    media_type: str
    text: str
    main_text: str | None = None
    encoding: str | None = None
    html: str | None = None  # the decoded page, for reading metadata


def sniff(data: bytes, declared: str | None = None, name: str | None = None) -> str:
    """The media type of ``data``: from its bytes first, then the declared type, then the name."""
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-"):
        return PDF
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return HTML
    if declared:
        kind = declared.split(";")[0].strip().lower()
        if kind in (HTML, "application/xhtml+xml"):
            return HTML
        if kind == PDF:
            return PDF
    if name and name.lower().endswith((".html", ".htm", ".xhtml")):
        return HTML
    if name and name.lower().endswith(".pdf"):
        return PDF
    return TEXT


def _known(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _WHATWG.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def html_encoding(data: bytes, declared: str | None = None) -> str:
    """The encoding of an HTML page: byte-order mark, HTTP header, ``<meta charset>``, UTF-8.

    That is the order of the HTML standard's encoding sniffing. A page with no
    label that is not valid UTF-8 is taken as the legacy encoding of its
    ``<html lang>`` (windows-1254 for Turkish), else as windows-1252, as browsers
    do with their locale's.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        if data.startswith(bom):
            return name
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    header = _HEADER_CHARSET.search(declared or "")
    for label in (
        header.group(1) if header else None,
        *(m.group(1).decode("ascii") for m in _META_CHARSET.finditer(data[:4096])),
        *(m.group(1).decode("ascii") for m in _XML_ENCODING.finditer(data[:200])),
    ):
        known = _known(label)
        if known is not None:
            return known
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Unlabelled and not UTF-8: browsers fall back on their locale's legacy
        # encoding; the page's own language is the best guess at that locale.
        lang = _HTML_LANG.search(data[:4096])
        language = lang.group(1).decode("ascii").lower() if lang is not None else ""
        if language in _LEGACY_BY_LANGUAGE:
            return _LEGACY_BY_LANGUAGE[language]
        return "cp1252"
    return "utf-8"


def visible_text(html: str) -> str:
    """Every word a reader could see on the page, a line per block, no markup."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"not readable as HTML: {error}") from error
    for element in root.iter(*_INVISIBLE):
        element.drop_tree()
    for element in root.iter(etree.Comment, etree.ProcessingInstruction):
        element.drop_tree()
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if tag.lower() in _BLOCKS:
            pieces.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _main_text(html: str, url: str | None) -> str | None:
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=True, favor_recall=True
    )
    return text + "\n" if text else None


def _pdf_text(data: bytes) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError(f"not readable as a PDF: {error}") from error
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise ExtractionError(
            "the PDF has no text layer (a scan?): run OCR on it first, then capture the result"
        )
    return text + "\n"


def _plain_text(data: bytes, encoding: str | None) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8"
    name = encoding or "utf-8"
    try:
        return data.decode(name), name
    except UnicodeDecodeError as error:
        raise ExtractionError(
            f"not {name} text (byte {error.start}): give the file's encoding with "
            "--encoding, e.g. --encoding windows-1254"
        ) from error


def extract(
    data: bytes,
    *,
    declared: str | None = None,
    name: str | None = None,
    url: str | None = None,
    encoding: str | None = None,
) -> Extracted:
    """Read ``data`` as HTML, PDF or text and return its texts.

    Args:
        data: the captured bytes.
        declared: the Content-Type it came with, if any (its charset counts for HTML).
        name: the file name it was saved under, if any (a hint to its type).
        url: where it was published (helps main-text extraction resolve links).
        encoding: the encoding of a text or HTML file, when the editor knows it better.

    Raises:
        ExtractionError: when the bytes are not what they claim, or hold no text.

    """
    media_type = sniff(data, declared, name)
    if media_type == PDF:
        return Extracted(PDF, _pdf_text(data))
    if media_type == TEXT:
        if b"\x00" in data[:8192] and not data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        ):
            raise ExtractionError(
                "neither HTML, PDF nor text (a binary file, an image?): capture the page, the "
                "PDF or a text copy of it"
            )
        text, used = _plain_text(data, _known(encoding) or encoding)
        return Extracted(TEXT, text.replace("\r\n", "\n"), encoding=used)
    used = _known(encoding) or html_encoding(data, declared)
    html = data.decode(used, errors="replace")
    text = visible_text(html)
    if not text.strip():
        raise ExtractionError("the page has no visible text")
    return Extracted(HTML, text, _main_text(html, url), used, html)
