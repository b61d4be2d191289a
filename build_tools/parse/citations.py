"""Pandoc-style citations in a run of prose: ``[@id]``, ``[@id, p. 4]``, ``[@a; @b, para 2]``.

Before looking for citations the text is *masked*: code spans, escapes, link
destinations, autolinks and inline HTML are blanked out (keeping every offset),
so that nothing inside them is taken for a citation or a sentence end.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from build_tools.fields import SOURCE_ID_RE

_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!@<>|~:\"']")
_AUTOLINK = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>")
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# An elision inside a quotation: neither a sentence end nor a citation.
_ELISION = re.compile(r"\[(?:…|\.\.\.)\]")
_LINK_TAIL = re.compile(r"\]\s?(\([^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_CITATION_START = re.compile(r"\[@")


_NOT_NEWLINE = re.compile(r"[^\n]")
# Only text holding one of these can hold anything that mask() blanks.
_MASKABLE = re.compile(r"[\\`<\[\]]")


def _blanked(span: str, fill: str) -> str:
    """``span`` with every character but newlines replaced by ``fill``."""
    if "\n" not in span:
        return fill * len(span)
    return _NOT_NEWLINE.sub(fill, span)


def _fill_x(match: re.Match[str]) -> str:
    return _blanked(match.group(), "x")


def _fill_space(match: re.Match[str]) -> str:
    return _blanked(match.group(), " ")


def _blank_destination(match: re.Match[str]) -> str:
    whole, start = match.group(), match.start()
    head, tail = match.start(1) - start, match.end(1) - start
    return whole[:head] + _blanked(match.group(1), " ") + whole[tail:]


def _blank_comments(text: str) -> str:
    """Blank every HTML comment, looking only before the last ``-->``.

    An opening ``<!--`` with no ``-->`` after it would otherwise be searched to
    the end of the text once for every such opening.
    """
    last = text.rfind("-->")
    if last == -1 or "<!--" not in text:
        return text
    return _COMMENT.sub(_fill_space, text[: last + 3]) + text[last + 3 :]


def mask(text: str) -> tuple[str, str]:
    """Blank non-prose spans of ``text``, keeping its length and offsets.

    Returns the text with literals blanked (escapes, code, autolinks, HTML,
    elisions), in which citations are looked for, and the same with link
    destinations blanked too, in which sentences are looked for.
    """
    if not _MASKABLE.search(text):
        return text, text
    masked = text
    if "\\" in masked:
        masked = _ESCAPE.sub(_fill_x, masked)
    if "`" in masked:
        masked = _blank_code_spans(masked)
    if "<" in masked:
        masked = _AUTOLINK.sub(_fill_x, masked)
        masked = _blank_comments(masked)
        masked = _HTML_TAG.sub(_fill_space, masked)
    if "[" in masked:
        masked = _ELISION.sub(_fill_x, masked)
    if "]" not in masked:
        return masked, masked
    return masked, _LINK_TAIL.sub(_blank_destination, masked)


def code_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every code span in ``text``, found in linear time.

    A span opens with a run of backticks and closes with the next run of the
    same length, in the same block: it never runs across a blank line. Each
    run's next run of equal length is found once, from the end, so that a line
    of a thousand unmatched backticks costs no more than a line of letters.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return []
    following: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        following[index] = last_of_length.get(end - start)
        last_of_length[end - start] = index
    blank_lines = [m.start() for m in _BLANK_LINE.finditer(text)] if "\n" in text else []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closing = following[index]
        if closing is not None:
            start, end = runs[index][0], runs[closing][1]
            blank = bisect.bisect_left(blank_lines, start)
            if blank == len(blank_lines) or blank_lines[blank] >= runs[closing][0]:
                spans.append((start, end))
                index = closing + 1
                continue
        index += 1
    return spans


def _blank_code_spans(text: str) -> str:
    pieces = []
    at = 0
    for start, end in code_spans(text):
        pieces.append(text[at:start])
        pieces.append(_blanked(text[start:end], "x"))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def blank_code_and_escapes(text: str) -> str:
    """Blank the backslash escapes and code spans of a whole body, keeping offsets.

    ``mask`` reads one run of prose; this reads text of many blocks, where a code
    span ends at a blank line as Python-Markdown's does at the end of its block.
    """
    if "\\" in text:
        text = _ESCAPE.sub(_fill_x, text)
    if "`" in text:
        text = _blank_code_spans(text)
    return text


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
    close = -1
    for match in _CITATION_START.finditer(masked):
        start = match.start()
        # Starts only move forward, so the next ']' is looked for again only once
        # the last one found is behind: a paragraph of unclosed '[@' stays linear.
        if close != len(masked) and close < start:
            close = masked.find("]", start)
            if close == -1:
                close = len(masked)
        nested = masked.find("[", start + 1)
        if close == len(masked) or (nested != -1 and nested < close):
            end = _end_of_word_run(masked, start, nested if nested != -1 else len(masked))
            malformed.append(Malformed(start, end, "is never closed: add ']'"))
            continue
        after = masked[close + 1 : close + 2]
        if after in ("(", ":") or (after == "[" and masked[close + 2 : close + 3] != "@"):
            # Link text that happens to start with @: [@handle](https://...) or
            # [@handle][ref]. A second citation straight after ([@a][@b]) is no link.
            continue
        result = _read_group(original, start, close + 1)
        if isinstance(result, Malformed):
            malformed.append(result)
        else:
            found.append(result)
    return found, malformed


_WORD_RUN = re.compile(r"\S*")


def _end_of_word_run(text: str, start: int, limit: int) -> int:
    match = _WORD_RUN.match(text, start + 2, limit)
    assert match is not None  # \S* always matches
    return match.end()


def _read_group(text: str, start: int, end: int) -> FoundCitation | Malformed:
    references: list[FoundReference] = []
    offset = start + 1
    for part in text[start + 1 : end - 1].split(";"):
        stripped = part.strip()
        part_offset = offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
        if not stripped and references:
            return Malformed(
                start, end, "has nothing after a ';': remove the ';' or add another @id"
            )
        if not stripped.startswith("@"):
            return Malformed(start, end, f"has a part without '@': {stripped!r}")
        source_id, comma, locator = stripped[1:].partition(",")
        if source_id[:1].isspace():
            return Malformed(
                start,
                end,
                f"has a space after '@': write the id straight after it (@{source_id.strip()})",
            )
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
