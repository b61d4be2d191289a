"""Verdicts on quoted passages: verified, altered and not found."""

from __future__ import annotations

import pytest

from build_tools.evidence.match import Change, Verdict, match_quote
from build_tools.evidence.normalise import normalise
from tests.evidence.conftest import HEARING

SOURCE = normalise(HEARING.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param('"The defendants did not attend the hearing," the court\'s chair', id="curly"),
        pytest.param(
            "The Ankara 3rd High Criminal Court [\u2026] charged 27 people", id="ellipsis"
        ),
        pytest.param("heard the case ... the defendants did not attend", id="three-dots"),
        pytest.param("ILHAMI BALI was named in the indictment", id="turkish-i"),
        pytest.param("recorded in 2015 - long before the October bombings", id="soft-hyphen"),
        pytest.param("Prosecutors have charged 27 people and at least 19", id="across-lines"),
        pytest.param("the court would rule in March", id="trailing-full-stop-trimmed"),
    ],
)
def test_verified(quote: str) -> None:
    match = match_quote(quote, SOURCE)
    assert (match.verdict, match.changes) == (Verdict.VERIFIED, ())


def test_verified_shows_the_source_s_own_words() -> None:
    match = match_quote("ilhami bali was named", SOURCE)
    assert match.passages == ("\u0130lhami Bal\u0131 was named",)


def test_letters_other_than_the_turkish_i_keep_their_marks() -> None:
    # ş and s are different letters: only the four Turkish i's are folded into one.
    match = match_quote("the court's chair, Ayse Yilmaz, said", SOURCE)
    assert match.verdict is Verdict.ALTERED
    assert match.changes == (Change("Ayse", "Ayşe"),)


def test_punctuation_alone_is_no_alteration() -> None:
    match = match_quote("Prosecutors have charged 27 people, and at least 19", SOURCE)
    assert match.verdict is Verdict.VERIFIED


def test_a_changed_number_is_altered_never_verified() -> None:
    match = match_quote("Prosecutors have charged 27 people and at least 91", SOURCE)
    assert match.verdict is Verdict.ALTERED
    assert match.changes == (Change("91", "19"),)
    assert match.reason == "a number differs"
    assert match.passages == ("Prosecutors have charged 27\npeople and at least 19",)


def test_a_changed_separator_in_a_number_is_a_changed_number() -> None:
    match = match_quote("the file runs to 1.200 pages", SOURCE)
    assert (match.verdict, match.changes) == (Verdict.ALTERED, (Change("1.200", "1,200"),))


def test_a_dropped_negation_is_altered() -> None:
    match = match_quote("The defendants did attend the hearing", SOURCE)
    assert match.verdict is Verdict.ALTERED
    assert match.changes == (Change("", "not"),)
    assert match.reason == "a negation differs"
    assert match.changes[0].describe() == 'the source has "not", left out of the quote'


def test_an_added_word_is_altered() -> None:
    match = match_quote("The Ankara 3rd High Criminal Court heard the whole case on Monday", SOURCE)
    assert match.verdict is Verdict.ALTERED
    assert [c.describe() for c in match.changes] == ['quoted "whole" is not in the source']
    assert match.reason == "words differ"


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param(
            "The court sentenced all 27 defendants to life in prison.", id="not-in-source"
        ),
        pytest.param("would rule in March [\u2026] heard the case on Monday", id="out-of-order"),
        pytest.param("[\u2026]", id="only-an-omission-mark"),
    ],
)
def test_not_found(quote: str) -> None:
    assert match_quote(quote, SOURCE).verdict is Verdict.NOT_FOUND


def test_not_found_names_the_missing_segment() -> None:
    match = match_quote("heard the case on Monday [\u2026] the jury was sent home", SOURCE)
    assert (match.verdict, match.missing) == (Verdict.NOT_FOUND, "the jury was sent home")
    assert match.passages == ("heard the case on Monday",)
