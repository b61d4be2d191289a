"""Is a quoted passage in a source's text? Exact after normalising, then fuzzy.

The quotation is split at its omission marks into segments, which must appear
in the source in the order written. Each segment is looked for exactly (after
``normalise``); one that is not there is aligned fuzzily with ``rapidfuzz`` and,
when the alignment is close, compared word by word to say what differs.

Verdicts:

- ``verified``: every segment is in the text exactly, or differs only in
  punctuation that touches no digit;
- ``altered``: every segment has a close match, but some words differ; a change
  to a number or a negation is always an alteration, however close the rest;
- ``not found``: some segment has no close match in the text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from build_tools.evidence.normalise import Normalised, normalise, segments

# The least rapidfuzz score (0 to 100) at which a segment counts as the same
# passage with words changed, rather than as absent. Measured on the verification
# fixtures: one changed or dropped word in a sentence scores 93 to 98; a sentence
# of the same story that is not in the source scores under 70.
CLOSE_ENOUGH = 85.0

NEGATIONS = frozenset(
    {
        "not", "no", "never", "none", "nor", "neither", "nobody", "nothing", "nowhere",
        "without", "cannot", "n't", "değil", "yok", "hiç", "asla", "hayır",
    }
)  # fmt: skip
# A number with its separators (1,000 or 3.5 or 22/02) is one token, so a changed
# separator is a changed number and not a difference in punctuation.
_TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|\w+(?:'\w+)*|[^\w\s]")


class Verdict(StrEnum):
    """What the comparison of a quotation with a source's text found."""

    VERIFIED = "verified"
    ALTERED = "altered"
    NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the quotation and the source: what each side says."""

    quoted: str
    source: str

    @property
    def touches_number(self) -> bool:
        """Whether a digit is added, dropped or changed."""
        return any(ch.isdigit() for ch in self.quoted + self.source)

    @property
    def touches_negation(self) -> bool:
        """Whether a word of negation is added, dropped or changed."""
        words = _words(self.quoted) ^ _words(self.source)
        return any(w in NEGATIONS or w.endswith("n't") for w in words)

    @property
    def punctuation_only(self) -> bool:
        """Whether neither side has a letter or digit."""
        return not any(ch.isalnum() for ch in self.quoted + self.source)

    def describe(self) -> str:
        """The change in words, e.g. ``"19" in the source, "91" quoted``."""
        if not self.source:
            return f'quoted "{self.quoted}" is not in the source'
        if not self.quoted:
            return f'the source has "{self.source}", left out of the quote'
        return f'the source says "{self.source}", the quote "{self.quoted}"'


def _words(text: str) -> set[str]:
    return {t for t in _TOKEN.findall(text) if t[0].isalnum()}


@dataclass(frozen=True, slots=True)
class Match:
    """The verdict for one quotation, with the source's words where it was found."""

    verdict: Verdict
    # The source's own text of each segment found (closest match when altered).
    passages: tuple[str, ...] = ()
    changes: tuple[Change, ...] = ()
    # The first segment that was not found, when the verdict is NOT_FOUND.
    missing: str | None = None
    score: float = 100.0

    @property
    def reason(self) -> str:
        """Why an altered quote is not verified, in a few words."""
        if any(c.touches_number for c in self.changes):
            return "a number differs"
        if any(c.touches_negation for c in self.changes):
            return "a negation differs"
        return "words differ"


def _token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _word_start(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isalnum():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and text[at].isalnum():
        at += 1
    return at


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    changes: tuple[Change, ...]
    score: float


Opcode = tuple[str, int, int, int, int]


def _trim_ends(opcodes: list[Opcode]) -> list[Opcode]:
    """Keep a replacement at either end of the passage no longer than the words it replaces.

    The window around the fuzzy alignment has slack on both sides; a changed first
    or last word would otherwise take the slack's words with it ("19 were under"
    for "19").
    """
    tag, q1, q2, s1, s2 = opcodes[-1]
    if tag == "replace" and s2 - s1 > q2 - q1:
        opcodes[-1] = (tag, q1, q2, s1, s1 + (q2 - q1))
    tag, q1, q2, s1, s2 = opcodes[0]
    if tag == "replace" and s2 - s1 > q2 - q1:
        opcodes[0] = (tag, q1, q2, s2 - (q2 - q1), s2)
    return opcodes


def _compare(piece: str, source: Normalised, start: int, end: int, score: float) -> _Found:
    """Align ``piece`` word by word with ``source.text[start:end]`` and list the changes."""
    quoted = normalise(piece)
    q_spans = _token_spans(quoted.text, 0, len(quoted.text))
    s_spans = _token_spans(source.text, start, end)
    q_tokens = [quoted.text[a:b] for a, b in q_spans]
    s_tokens = [source.text[a:b] for a, b in s_spans]
    matcher = difflib.SequenceMatcher(None, q_tokens, s_tokens, autojunk=False)
    opcodes: list[Opcode] = list(matcher.get_opcodes())
    # Words of the window before the first and after the last shared word are the
    # window's slack, not part of the passage.
    while opcodes and opcodes[0][0] == "insert":
        opcodes = opcodes[1:]
    while opcodes and opcodes[-1][0] == "insert":
        opcodes = opcodes[:-1]
    if not opcodes or not s_spans:
        return _Found(start, end, (Change(piece, ""),), score)
    opcodes = _trim_ends(opcodes)
    first_s = opcodes[0][3]
    last_s = opcodes[-1][4]
    changes = []
    for tag, q1, q2, s1, s2 in opcodes:
        if tag == "equal":
            continue
        quoted_text = quoted.span(q_spans[q1][0], q_spans[q2 - 1][1]) if q2 > q1 else ""
        source_text = source.span(s_spans[s1][0], s_spans[s2 - 1][1]) if s2 > s1 else ""
        changes.append(Change(quoted_text, source_text))
    passage_start = s_spans[first_s][0] if first_s < len(s_spans) else start
    passage_end = s_spans[last_s - 1][1] if last_s > 0 else end
    return _Found(passage_start, passage_end, tuple(changes), score)


def _find(piece: str, source: Normalised, after: int) -> _Found | None:
    """Where ``piece`` is in ``source`` at or after offset ``after``: exactly, else closely."""
    needle = normalise(piece).text
    at = source.text.find(needle, after)
    if at != -1:
        return _Found(at, at + len(needle), (), 100.0)
    haystack = source.text[after:]
    # Imported here: most checks find every quote verbatim, and every check starts anew.
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=CLOSE_ENOUGH)
    if alignment is None:
        return None
    # The alignment window is as long as the quote; a dropped or added word moves
    # the passage's true ends, so look a little wider and let the word diff trim it.
    slack = max(8, len(needle) // 5)
    start = _word_start(source.text, max(after, after + alignment.dest_start - slack))
    end = _word_end(source.text, min(len(source.text), after + alignment.dest_end + slack))
    return _compare(piece, source, start, end, alignment.score)


def match_quote(quote: str, text: Normalised) -> Match:
    """Judge whether ``quote`` is in ``text`` (see the module's verdicts).

    Args:
        quote: the quotation as the editor wrote it, omission marks and all.
        text: the source's text, normalised once for every quote checked against it.

    """
    pieces = segments(quote)
    if not pieces:
        return Match(Verdict.NOT_FOUND, missing=quote)
    passages: list[str] = []
    changes: list[Change] = []
    score = 100.0
    after = 0
    for piece in pieces:
        found = _find(piece, text, after)
        if found is None:
            return Match(Verdict.NOT_FOUND, tuple(passages), tuple(changes), piece, 0.0)
        passages.append(text.span(found.start, found.end))
        changes.extend(found.changes)
        score = min(score, found.score)
        after = found.end
    serious = [c for c in changes if not c.punctuation_only or c.touches_number]
    verdict = Verdict.ALTERED if serious else Verdict.VERIFIED
    return Match(verdict, tuple(passages), tuple(serious), None, score)
