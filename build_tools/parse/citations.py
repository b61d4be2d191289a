"""Pandoc-style citations in a run of prose: ``[@id]``, ``[@id, p. 4]``, ``[@a; @b, para 2]``.

Before looking for citations the text is *masked*: code spans, escapes, link
destinations, autolinks and inline HTML are blanked out (keeping every offset),
so that nothing inside them is taken for a citation or a sentence end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.fields import SOURCE_ID_RE

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!@<>|~:\"']")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
# An elision inside a quotation: neither a sentence end nor a citation.
_ELISION = re.compile(r"\[(?:…|\.\.\.)\]")
_LINK_TAIL = re.compile(r"\]\s?(\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_CITATION_START = re.compile(r"\[@")


def mask(text: str) -> tuple[str, str]:
    """Blank non-prose spans of ``text``, keeping its length and offsets.

    Returns the text with literals blanked (escapes, code, autolinks, HTML,
    elisions), in which citations are looked for, and the same with link
    destinations blanked too, in which sentences are looked for.
    """
    chars = list(text)

    def blank(start: int, end: int, fill: str) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = fill

    for match in _ESCAPE.finditer(text):
        blank(match.start(), match.end(), "x")
    masked = "".join(chars)
    for match in _CODE_SPAN.finditer(masked):
        blank(match.start(), match.end(), "x")
    masked = "".join(chars)
    for pattern, fill in ((_AUTOLINK, "x"), (_HTML_TAG, " "), (_ELISION, "x")):
        for match in pattern.finditer(masked):
            blank(match.start(), match.end(), fill)
        masked = "".join(chars)
    for match in _LINK_TAIL.finditer(masked):
        blank(match.start(1), match.end(1), " ")
    return masked, "".join(chars)


@dataclass(frozen=True, slots=True)
class FoundReference:
    """One ``@id`` with its offset in the scanned text."""

    source_id: str
    locator: str | None
    offset: int


@dataclass(frozen=True, slots=True)
class FoundCitation:
    """A well-formed citation group and where it stands."""

    start: int
    end: int
    references: tuple[FoundReference, ...]


@dataclass(frozen=True, slots=True)
class Malformed:
    """Something that opens like a citation but is not one."""

    start: int
    end: int
    reason: str


def find_citations(masked: str, original: str) -> tuple[list[FoundCitation], list[Malformed]]:
    """Find every citation group in ``masked`` text, and every malformed one.

    Positions come from ``masked``; ids and locators are read from ``original``.
    """
    found: list[FoundCitation] = []
    malformed: list[Malformed] = []
    for match in _CITATION_START.finditer(masked):
        start = match.start()
        close = masked.find("]", start)
        nested = masked.find("[", start + 1)
        if close == -1 or (nested != -1 and nested < close):
            end = _end_of_word_run(masked, start)
            malformed.append(Malformed(start, end, "is never closed: add ']'"))
            continue
        after = masked[close + 1 : close + 2]
        if after in ("(", "[", ":"):
            continue  # link text that happens to start with @, e.g. [@handle](https://...)
        result = _read_group(original, start, close + 1)
        if isinstance(result, Malformed):
            malformed.append(result)
        else:
            found.append(result)
    return found, malformed


def _end_of_word_run(text: str, start: int) -> int:
    end = start + 2
    while end < len(text) and not text[end].isspace():
        end += 1
    return end


def _read_group(text: str, start: int, end: int) -> FoundCitation | Malformed:
    references: list[FoundReference] = []
    offset = start + 1
    for part in text[start + 1 : end - 1].split(";"):
        stripped = part.strip()
        part_offset = offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
        if not stripped.startswith("@"):
            return Malformed(start, end, f"has a part without '@': {stripped!r}")
        source_id, comma, locator = stripped[1:].partition(",")
        source_id = source_id.strip()
        if not source_id:
            return Malformed(start, end, "names no source: write [@id]")
        if not SOURCE_ID_RE.match(source_id):
            return Malformed(
                start,
                end,
                f"has a bad source id {source_id!r}: ids are lowercase letters, digits, "
                "'.', '_' and '-', and a locator follows a comma ([@id, p. 4])",
            )
        locator = " ".join(locator.split())
        if comma and not locator:
            return Malformed(start, end, "has an empty locator after the comma")
        references.append(FoundReference(source_id, locator or None, part_offset))
    return FoundCitation(start, end, tuple(references))
