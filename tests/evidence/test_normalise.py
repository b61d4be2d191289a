"""Normalising text for comparison, and splitting quotes at omission marks."""

from __future__ import annotations

import pytest

from build_tools.evidence.normalise import normalise, segments


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("\u201cQuoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
        ("a \u2013 b \u2014 c \u2212 d", "a - b - c - d"),
        ("re\u00adcorded, zero\u200bwidth\ufeff", "recorded, zerowidth"),
        ("  runs\n\tof\u00a0 white   space  ", "runs of white space"),
        ("\u0130LHAM\u0130 BALI", "ilhami bali"),
        ("\u0130lhami Bal\u0131", "ilhami bali"),
        ("Stra\u00dfe", "strasse"),
        ("wait\u2026", "wait..."),
        # Decomposed e and combining acute becomes one character (NFC) before folding.
        ("Cafe\u0301", "caf\u00e9"),
    ],
)
def test_normalise(written: str, normalised: str) -> None:
    assert normalise(written).text == normalised


def test_each_character_remembers_where_it_came_from() -> None:
    text = normalise("The  \u201cBal\u0131\u201d file")
    start = text.text.index("bali")
    assert text.span(start - 1, start + 5) == "\u201cBal\u0131\u201d"
    assert text.span(3, 3) == ""


@pytest.mark.parametrize(
    ("quote", "pieces"),
    [
        (
            "one [\u2026] two [...] three \u2026 four ... five",
            ["one", "two", "three", "four", "five"],
        ),
        ("\u201c\u2013 [\u2026] where are you?\u201d", ["where are you"]),
        ("no marks at all.", ["no marks at all"]),
        ("[\u2026]", []),
    ],
)
def test_segments(quote: str, pieces: list[str]) -> None:
    assert segments(quote) == pieces
