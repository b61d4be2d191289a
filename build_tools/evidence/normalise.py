"""Text as it is compared: one spelling for the characters that vary between copies.

A quote typed by an editor and the same passage in a captured page differ in
ways nobody reading them would call a difference: curly or straight quotation
marks, an en dash or a hyphen, a soft hyphen left by a word processor, a line
break, a non-breaking space, upper or lower case. Normalising both sides the
same way lets an exact match mean "the same words". Each character of the
result remembers the character of the original it came from, so a difference
can be shown in the words the source really uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Characters that are invisible in print and so never a difference.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
# Every Turkish i (dotted and dotless, either case) is one letter here: Python's
# case folding turns "İ" into "i" plus a combining dot and leaves "ı" alone, so
# "İlhami Balı" would never meet "ILHAMI BALI" or "Ilhami Bali" otherwise.
_TURKISH_I = "\u0130\u0131"

_FOLD: dict[str, str] = {
    **dict.fromkeys(_SINGLE_QUOTES, "'"),
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_INVISIBLE, ""),
    **dict.fromkeys(_TURKISH_I, "i"),
    "\u2026": "...",
}


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text and, for each of its characters, the offset it came from.

    ``origin[i]`` is the offset in ``original`` (the NFC form of the text given)
    of the character that produced ``text[i]``.
    """

    text: str
    original: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> str:
        """The original text behind ``text[start:end]``."""
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]


def _fold(char: str) -> str:
    if char in _FOLD:
        return _FOLD[char]
    if char.isspace():
        return " "
    folded = char.casefold()
    # A character whose folding adds combining marks keeps only its base letter.
    return unicodedata.normalize("NFC", folded) if len(folded) > 1 else folded


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for comparison, keeping where each character came from.

    NFC first, then: curly quotes to straight ones, dashes to a hyphen, the
    ellipsis character to three dots, soft hyphens and zero-width characters
    removed, every run of white space to one space (none at either end), the
    Turkish i's to ``i``, and case folded.
    """
    original = unicodedata.normalize("NFC", text)
    chars: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(original):
        for out in _fold(char):
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            origin.append(offset)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Normalised("".join(chars), original, tuple(origin))


# The marks an editor writes for words left out of a quotation. "..." is taken as
# one too: it is how an ellipsis is typed, and normalising turns "…" into it.
_OMISSION = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*")


_EDGE = " \t\n.,;:!?-'\"" + _SINGLE_QUOTES + _DOUBLE_QUOTES + _DASHES


def segments(quote: str) -> list[str]:
    """Split a quotation at its omission marks into the pieces that must appear in order.

    Pieces without a letter or digit (the quotation marks around a mark, a lone
    dash) are dropped: they say nothing about the source. The quotation marks,
    dashes and sentence punctuation at either end of a piece are the editor's
    framing, not the source's words, and are trimmed.
    """
    pieces = _OMISSION.split(unicodedata.normalize("NFC", quote))
    return [piece.strip(_EDGE) for piece in pieces if any(ch.isalnum() for ch in piece)]
