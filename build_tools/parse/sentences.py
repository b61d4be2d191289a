"""Split a run of prose into sentences, the unit a citation has to cover.

Hand-written rather than taken from a library: the sentence splitters on PyPI
either need a trained model or cost far more per sentence than the whole
Markdown conversion, and the checker runs inside every build. The hard cases
of news copy are handled here and listed in ``tests/parse/test_sentences.py``:
titles and abbreviations (Mr., Dr., U.S., No. 5, Feb. 22, Lt.), initials,
decimals, ellipses and elisions, quotations and dashes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Abbreviations that never end a sentence: titles and ranks before a name.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cpl",
        "maj",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "mt",
        "jr",
        "sr",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
        "messrs",
        "mme",
        "mlle",
        "vs",
        "cf",
        "al",
        "approx",
        "ca",
    ]
)
# Abbreviations that do not end a sentence when a number follows (No. 5, Feb. 22, p. 4).
_BEFORE_NUMBERS = frozenset(
    [
        "no",
        "nos",
        "art",
        "arts",
        "p",
        "pp",
        "para",
        "paras",
        "vol",
        "vols",
        "fig",
        "figs",
        "sec",
        "ch",
        "chap",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_TERMINATOR = re.compile(r"(?:\.{3}|[.!?…])+[\"'”’»)\]*_]*")
_WORD_BEFORE = re.compile(r"([\w.’'-]*)\Z")
_SENTENCE_START = re.compile(r"[\s\"'“‘«(\[*_–—-]*(\S)")
# '"Is it the place?" Demir answers.' is one sentence: a quoted question or
# exclamation followed by who said it.
_SPEECH_TAG = re.compile(
    r"\s+(?:[A-Z][\w’'-]*\s+){0,3}(?:\w+ly\s+)?(?:said|says|asked|asks|answered|answers|"
    r"replied|replies|told|tells|added|adds|wrote|writes|shouted|recalled|continued|"
    r"insisted|insists)\b"
)
_LETTER_OR_DIGIT = re.compile(r"\w")


def _is_abbreviation(text: str, dot: int, following: str) -> bool:
    """Whether the '.' at ``dot`` closes an abbreviation rather than a sentence."""
    word = _WORD_BEFORE.search(text, 0, dot)
    token = word.group(1) if word else ""
    bare = token.strip("'’-").lower()
    if not bare:
        return False
    if len(bare) == 1 and bare.isalpha():
        return True  # an initial: J. R. Smith
    if "." in bare:
        return True  # U.S., e.g., i.e.: a dotted abbreviation is not taken as an end
    if bare in _TITLES:
        return True
    return bare in _BEFORE_NUMBERS and following[:1].isdigit()


def _skip_citations(end: int, citations: Sequence[tuple[int, int]], text: str) -> int:
    """Move ``end`` past citations that stand right after the closing punctuation."""
    moved = True
    while moved:
        moved = False
        probe = end
        while probe < len(text) and text[probe] in " \t":
            probe += 1
        for start, stop in citations:
            if start == probe:
                end = stop
                moved = True
                break
    return end


def split_sentences(text: str, citations: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in masked ``text``.

    Args:
        text: prose with code, links and escapes already masked.
        citations: the ``(start, end)`` of each citation group, sorted; one that
            stands just after a sentence's closing punctuation belongs to it.

    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERMINATOR.finditer(text):
        end = match.end()
        if end < len(text) and not text[end].isspace():
            continue  # 3.5, example.org, "here…,"
        end = _skip_citations(end, citations, text)
        following = text[end:].lstrip()
        if following:
            first = _SENTENCE_START.match(text, end)
            if first is None or not (first.group(1).isupper() or first.group(1).isdigit()):
                continue
            if first.group(1) == "[" or text[first.start(1) : first.start(1) + 2] == "[@":
                continue
        mark = match.group()
        if (
            mark.startswith(".")
            and not mark.startswith("...")
            and _is_abbreviation(text, match.start(), following)
        ):
            continue
        if mark[:1] in "?!" and len(mark) > 1 and _SPEECH_TAG.match(text, end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for begin, stop in spans:
        while begin < stop and text[begin].isspace():
            begin += 1
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        if _LETTER_OR_DIGIT.search(text, begin, stop):
            result.append((begin, stop))
    return result
