"""What a captured page says about itself: title, publisher, authors, dates, language, address.

Pages describe themselves several times over, and the descriptions disagree.
Every reading is kept with where it came from, the first in this order wins,
and a field whose readings disagree is flagged for the editor to settle:

1. JSON-LD (``extruct``): the ``NewsArticle``, ``Article``, ``BlogPosting`` or
   ``Report`` item, never the ``WebSite`` or ``Organization`` items beside it;
2. Highwire Press ``citation_*`` tags (what Google Scholar and Zotero read first);
3. OpenGraph (``extruct``): ``og:*`` and ``article:*``;
4. other meta tags: Dublin Core, ``author``, ``<link rel=canonical>``, ``<html lang>``,
   ``<title>``;
5. ``htmldate``, for the dates only, with its guessing from the text turned off.

This is roughly the precedence of Zotero's Embedded Metadata translator and of
Citoid, which builds on it. Their known failures are guarded against: an
``og:title`` or ``<title>`` that carries the site's name as a suffix does not
count as disagreeing with the headline it contains; ``article:author`` is often
a profile URL, not a name, and is then ignored; a date is compared by its day
as written; a JSON-LD ``publisher`` may be a bare string.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html  # type: ignore[import-untyped]

from build_tools.fields import LANGUAGE_PATTERN

FIELDS = ("title", "publisher", "authors", "published", "modified", "language", "url")
_ARTICLE_TYPES = (
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Article",
    "BlogPosting",
    "ScholarlyArticle",
    "Report",
    "LiveBlogPosting",
    "WebPage",
)
_LANGUAGE_RE = re.compile(LANGUAGE_PATTERN + r"\Z")
_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


@dataclass(frozen=True, slots=True)
class Reading:
    """One value of a field, and the tag or property it was read from."""

    value: str
    origin: str


@dataclass(frozen=True, slots=True)
class FieldReadings:
    """Every reading of one field, best first, and whether they disagree."""

    name: str
    readings: tuple[Reading, ...]

    @property
    def chosen(self) -> Reading | None:
        """The reading that wins: the first, by the module's precedence."""
        return self.readings[0] if self.readings else None

    @property
    def disagreeing(self) -> tuple[Reading, ...]:
        """The readings that say something else than the chosen one."""
        chosen = self.chosen
        if chosen is None:
            return ()
        return tuple(r for r in self.readings if not _agree(self.name, chosen.value, r.value))


@dataclass(frozen=True, slots=True)
class Metadata:
    """Every field read from a page, with its readings."""

    fields: dict[str, FieldReadings] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        """The chosen value of field ``name``, if any reading gave one."""
        readings = self.fields.get(name)
        chosen = readings.chosen if readings else None
        return chosen.value if chosen else None

    def as_json(self) -> dict[str, Any]:
        """The readings as ``meta.json`` records them."""
        return {
            name: {
                "value": readings.chosen.value if readings.chosen else None,
                "from": readings.chosen.origin if readings.chosen else None,
                "readings": [{"value": r.value, "from": r.origin} for r in readings.readings],
                "disagree": bool(readings.disagreeing),
            }
            for name, readings in self.fields.items()
            if readings.readings
        }


def day_of(value: str) -> str | None:
    """The calendar day a date or time is written on, as YYYY-MM-DD, if it is a real one."""
    found = _DAY.search(value)
    if found is None:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3])).isoformat()
    except ValueError:
        return None


def language_tag(value: str) -> str | None:
    """A BCP 47 tag from ``tr``, ``tr-TR`` or OpenGraph's ``tr_TR``; None if it is not one."""
    tag = value.strip().replace("_", "-")
    return tag if _LANGUAGE_RE.match(tag) else None


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def _agree(name: str, chosen: str, other: str) -> bool:
    if name in ("published", "modified"):
        return day_of(chosen) == day_of(other)
    if name == "language":
        return chosen.split("-")[0].lower() == other.split("-")[0].lower()
    if name == "url":
        return chosen.rstrip("/") == other.rstrip("/")
    a, b = _squash(chosen), _squash(other)
    # "Headline | Site" and "Headline" are one title; Zotero trims such suffixes.
    return a == b or (name == "title" and (a in b or b in a))


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("@value"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = [_text(item) for item in items]
    return [n for n in names if n and not n.startswith(("http://", "https://"))]


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _json_ld_items(data["@graph"])
        if "@type" in data:
            yield data


def _article(json_ld: list[Any]) -> dict[str, Any] | None:
    items = list(_json_ld_items(json_ld))
    for wanted in _ARTICLE_TYPES:
        for item in items:
            if wanted in _types(item):
                return item
    return None


def _from_json_ld(item: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for key in ("headline", "name"):
        if value := _text(item.get(key)):
            yield "title", value, f"JSON-LD {key}"
    if value := _text(item.get("publisher")):
        yield "publisher", value, "JSON-LD publisher"
    if names := _names(item.get("author")):
        yield "authors", "; ".join(names), "JSON-LD author"
    for key, name in (("datePublished", "published"), ("dateModified", "modified")):
        if value := _text(item.get(key)):
            yield name, value, f"JSON-LD {key}"
    if value := _text(item.get("inLanguage")):
        yield "language", value, "JSON-LD inLanguage"
    for key in ("url", "mainEntityOfPage"):
        value = item.get(key)
        url = _text(value.get("@id") if isinstance(value, dict) else value)
        if url and url.startswith(("http://", "https://")):
            yield "url", url, f"JSON-LD {key}"


def _meta_tags(html: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Meta tags by lowercased name or property, and the other page-level facts."""
    tags: dict[str, list[str]] = {}
    facts: dict[str, str] = {}
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return tags, facts
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = meta.get("content")
        if key and content and content.strip():
            tags.setdefault(key, []).append(" ".join(content.split()))
    if lang := root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"):
        facts["lang"] = lang
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            facts["canonical"] = link.get("href", "")
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        facts["title"] = " ".join(title.text_content().split())
    return tags, facts


_HIGHWIRE = (
    ("title", "citation_title"),
    ("publisher", "citation_publisher"),
    ("publisher", "citation_journal_title"),
    ("published", "citation_publication_date"),
    ("published", "citation_date"),
    ("published", "citation_online_date"),
    ("language", "citation_language"),
    ("url", "citation_abstract_html_url"),
)
_OPENGRAPH = (
    ("title", "og:title"),
    ("publisher", "og:site_name"),
    ("published", "article:published_time"),
    ("modified", "article:modified_time"),
    ("modified", "og:updated_time"),
    ("language", "og:locale"),
    ("url", "og:url"),
)
_OTHER_META = (
    ("title", "dc.title"),
    ("publisher", "dc.publisher"),
    ("publisher", "application-name"),
    ("authors", "author"),
    ("authors", "dc.creator"),
    ("published", "dc.date"),
    ("published", "date"),
    ("language", "dc.language"),
)


def _from_tags(
    tags: dict[str, list[str]], table: tuple[tuple[str, str], ...], label: str
) -> Iterator[tuple[str, str, str]]:
    for name, key in table:
        for value in tags.get(key, [])[:1]:
            yield name, value, f"{label} {key}"


def read_metadata(html: str, url: str | None = None) -> Metadata:
    """Read every description a page gives of itself (see the module's precedence).

    Args:
        html: the decoded page.
        url: where it was captured from, to resolve relative addresses.

    """
    import extruct  # type: ignore[import-untyped]
    import htmldate

    found: list[tuple[str, str, str]] = []
    try:
        data = extruct.extract(
            html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True, errors="ignore"
        )
    except (ValueError, TypeError, AttributeError):  # extruct on a page it cannot parse
        data = {}
    article = _article(data.get("json-ld", []))
    if article is not None:
        found.extend(_from_json_ld(article))
    tags, facts = _meta_tags(html)
    found.extend(_from_tags(tags, _HIGHWIRE, "Highwire"))
    if authors := tags.get("citation_author"):
        found.append(("authors", "; ".join(authors), "Highwire citation_author"))
    opengraph: dict[str, list[str]] = {}
    for item in data.get("opengraph", []):
        for key, value in item.items():
            if isinstance(value, str) and not key.startswith("@") and value.strip():
                opengraph.setdefault(key.lower(), []).append(" ".join(value.split()))
    found.extend(_from_tags(opengraph, _OPENGRAPH, "OpenGraph"))
    if names := _names(opengraph.get("article:author", [])):
        found.append(("authors", "; ".join(names), "OpenGraph article:author"))
    found.extend(_from_tags(tags, _OTHER_META, "meta"))
    if "canonical" in facts:
        found.append(("url", facts["canonical"], 'link rel="canonical"'))
    if "lang" in facts:
        found.append(("language", facts["lang"], "html lang"))
    if "title" in facts:
        found.append(("title", facts["title"], "title element"))
    published = htmldate.find_date(html, original_date=True, extensive_search=False)
    modified = htmldate.find_date(html, original_date=False, extensive_search=False)
    if published:
        found.append(("published", published, "htmldate"))
    # With one date on the page htmldate gives it for both; that is no modification.
    if modified and modified != published:
        found.append(("modified", modified, "htmldate"))
    return _collect(found)


def read_pdf_metadata(data: bytes) -> Metadata:
    """Read a PDF's document information: title, author, producer's dates, language."""
    import io

    import pypdf
    from pypdf.errors import PdfReadError

    found: list[tuple[str, str, str]] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        info = reader.metadata
        catalogue = reader.trailer["/Root"].get_object()
        language = catalogue.get("/Lang") if isinstance(catalogue, dict) else None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return Metadata()
    if info is not None:
        for name, key in (("title", "/Title"), ("authors", "/Author")):
            value = info.get(key)
            if isinstance(value, str) and value.strip():
                found.append((name, " ".join(value.split()), f"PDF info {key[1:]}"))
        for name, day in (("published", info.creation_date), ("modified", info.modification_date)):
            if day is not None:
                found.append((name, day.date().isoformat(), f"PDF info {name}"))
    if isinstance(language, str):
        found.append(("language", language, "PDF Lang"))
    return _collect(found)


def _collect(found: list[tuple[str, str, str]]) -> Metadata:
    readings: dict[str, list[Reading]] = {name: [] for name in FIELDS}
    for name, value, origin in found:
        if name == "language":
            tag = language_tag(value)
            if tag is None:
                continue
            value = tag
        if name in ("published", "modified") and day_of(value) is None:
            continue
        readings[name].append(Reading(value, origin))
    return Metadata({name: FieldReadings(name, tuple(r)) for name, r in readings.items()})
