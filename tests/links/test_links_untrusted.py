"""Server text made safe to keep and print: escaped, capped, and stable when done twice."""

from __future__ import annotations

import pytest

from build_tools.links.untrusted import MAX_CHARS, printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("HTTP 200 OK", "HTTP 200 OK"),
        ("Moved\x1b[2J", "Moved\\x1b[2J"),  # an escape sequence that clears a terminal
        ("line\nbreak\r", "line\\x0abreak\\x0d"),  # a new workflow command in GitHub's log
        ("a\u009bb", "a\\x9bb"),  # a C1 control, read from a header as latin-1
        ("file\u202egnp.exe", "file\\u202egnp.exe"),  # a right-to-left override
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("para\u2029graph", "para\\u2029graph"),
        ("tag\U000e0041", "tag\\U000e0041"),  # an invisible tag character
        ("Café → Zürich", "Café → Zürich"),  # letters and symbols are kept as they are
    ],
)
def test_unsafe_characters_are_escaped(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_long_text_is_capped_and_says_how_much_was_cut() -> None:
    shown = printable("x" * 1000)
    assert len(shown) <= MAX_CHARS
    assert shown == "x" * 277 + "… (723 more characters)"
    assert len(shown) == MAX_CHARS


def test_an_escape_is_never_cut_in_half() -> None:
    shown = printable("\x00" * 100, limit=50)
    head = shown.partition("…")[0]
    assert head == "\\x00" * (len(head) // 4)
    assert len(shown) <= 50


def test_printing_twice_changes_nothing() -> None:
    for text in ("x" * 1000, "\x1b" * 500, "plain"):
        once = printable(text)
        assert printable(once) == once


def test_no_limit_only_escapes() -> None:
    assert printable("a\nb" * 200, limit=None) == "a\\x0ab" * 200
