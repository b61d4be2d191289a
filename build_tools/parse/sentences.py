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
# Capitalised words that start sentences but never names: after a dotted
# abbreviation ("the U.S. He landed") one of them means the sentence ended there,
# while any other capitalised word ("the U.S. Army") is taken to continue it.
_SENTENCE_STARTERS = frozenset(
    [
        "i",
        "he",
        "she",
        "it",
        "we",
        "they",
        "you",
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "there",
        "here",
        "but",
        "and",
        "so",
        "yet",
        "however",
        "in",
        "on",
        "at",
        "after",
        "before",
        "when",
        "while",
        "if",
        "then",
        "some",
        "no",
    ]
)
# Dotted abbreviations that introduce what follows rather than end anything.
_INTRODUCERS = frozenset(["e.g", "i.e", "viz", "cf"])
_TERMINATOR = re.compile(r"(?:\.{3}|[.!?…])+[\"'”’»)\]*_]*")
# The word before a full stop, looked for in a bounded window so that each full
# stop costs the same however long the paragraph is.
_WORD_BEFORE = re.compile(r"([\w.’'-]*)\Z")
_WORD_WINDOW = 40
_DOTTED = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})+")
_SENTENCE_START = re.compile(r"[\s\"'“‘«(\[*_–—-]*(\S)")
_NEXT_WORD = re.compile(r"\s*([\w’'-]*)")
# '"Is it the place?" Demir answers.' is one sentence: a quoted question or
# exclamation followed by who said it.
_SPEECH_TAG = re.compile(
    r"\s+(?:[A-Z][\w’'-]*\s+){0,3}(?:\w+ly\s+)?(?:said|says|asked|asks|answered|answers|"
    r"replied|replies|told|tells|added|adds|wrote|writes|shouted|recalled|continued|"
    r"insisted|insists)\b"
)
_LETTER_OR_DIGIT = re.compile(r"\w")
_NON_SPACE = re.compile(r"\S")
_BLANKS = re.compile(r"[ \t]*")


def _is_abbreviation(text: str, dot: int, after: int) -> bool:
    """Whether the '.' at ``dot`` closes an abbreviation rather than a sentence.

    ``after`` is where the text after the full stop (and any citation there) starts.
    """
    word = _WORD_BEFORE.search(text, max(0, dot - _WORD_WINDOW), dot)
    token = word.group(1) if word else ""
    bare = token.strip("'’-").lower()
    if not bare:
        return False
    if len(bare) == 1 and bare.isalpha():
        return True  # an initial: J. R. Smith
    next_word = _NEXT_WORD.match(text, after)
    following = next_word.group(1) if next_word else ""
    if _DOTTED.fullmatch(bare):
        # U.S., e.g., a.m.: usually inside the sentence, but a capitalised word
        # that only ever starts a sentence shows that this one ended here.
        return bare in _INTRODUCERS or not (
            following[:1].isupper() and following.lower() in _SENTENCE_STARTERS
        )
    if bare in _TITLES:
        return True
    return bare in _BEFORE_NUMBERS and following[:1].isdigit()


def _skip_citations(end: int, citations: dict[int, int], text: str) -> int:
    """Move ``end`` past citations that stand right after the closing punctuation."""
    while True:
        probe = _BLANKS.match(text, end)
        assert probe is not None  # [ \t]* always matches
        stop = citations.get(probe.end())
        if stop is None:
            return end
        end = stop


def split_sentences(text: str, citations: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence in masked ``text``.

    Args:
        text: prose with code, links and escapes already masked.
        citations: the ``(start, end)`` of each citation group, sorted; one that
            stands just after a sentence's closing punctuation (with or without
            a space) belongs to it.

    """
    starts = dict(citations)
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(text)
    for match in _TERMINATOR.finditer(text):
        end = _skip_citations(match.end(), starts, text)
        if end < length and not text[end].isspace():
            continue  # 3.5, example.org, "here…,"
        first = _SENTENCE_START.match(text, end)
        if first is not None:  # something follows: it must look like a new sentence
            char = first.group(1)
            if not (char.isupper() or char.isdigit()):
                continue
        mark = match.group()
        if (
            mark.startswith(".")
            and not mark.startswith("...")
            and _is_abbreviation(text, match.start(), end)
        ):
            continue
        if mark[:1] in "?!" and len(mark) > 1 and _SPEECH_TAG.match(text, end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, length))
    result = []
    for begin, stop in spans:
        first = _NON_SPACE.search(text, begin, stop)
        if first is None:
            continue
        begin = first.start()
        stop = begin + len(text[begin:stop].rstrip())
        if _LETTER_OR_DIGIT.search(text, begin, stop):
            result.append((begin, stop))
    return result
