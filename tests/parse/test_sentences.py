"""Sentence splitting: the hard cases of news copy, as a table.

Each row is a paragraph and the sentences it must be read as (via
``read_body(text).claims``, whitespace inside a sentence collapsed to one space).
After a dotted abbreviation (U.S., a.m.) the sentence ends only when the next
word is a capitalised word that starts sentences and is never a name (He, The,
But, In): "the U.S. Army" runs on, "the U.S. He landed" ends.
"""

from __future__ import annotations

import pytest

from build_tools.model import Position
from build_tools.parse.body import read_body

SPLITS: list[tuple[str, list[str]]] = [
    # Titles and ranks before a name.
    (
        "Mr. Smith went to Ankara. He met Dr. Kaya there.",
        ["Mr. Smith went to Ankara.", "He met Dr. Kaya there."],
    ),
    (
        "Lt. Col. Ahmet Demir spoke. Gen. Smith did not.",
        ["Lt. Col. Ahmet Demir spoke.", "Gen. Smith did not."],
    ),
    (
        "Sen. Kaya and Gov. Ak met Prof. Dr. Ayşe Kaya. They spoke.",
        ["Sen. Kaya and Gov. Ak met Prof. Dr. Ayşe Kaya.", "They spoke."],
    ),
    (
        "He wrote to Mr. and Mrs. Kaya, Messrs. Ak and Demir, et al. and the rest. They replied.",
        [
            "He wrote to Mr. and Mrs. Kaya, Messrs. Ak and Demir, et al. and the rest.",
            "They replied.",
        ],
    ),
    (
        "He visited St. Petersburg and Mt. Ararat. He returned.",
        ["He visited St. Petersburg and Mt. Ararat.", "He returned."],
    ),
    # Dotted abbreviations.
    (
        "The U.S. Army said no. The court disagreed.",
        ["The U.S. Army said no.", "The court disagreed."],
    ),
    (
        "The U.S.-led coalition struck. It was May.",
        ["The U.S.-led coalition struck.", "It was May."],
    ),
    (
        "Approx. 300 people came, i.e. most of the town. They left at noon.",
        ["Approx. 300 people came, i.e. most of the town.", "They left at noon."],
    ),
    (
        "The list has apples, pears, etc. It ends there.",
        ["The list has apples, pears, etc.", "It ends there."],
    ),
    (
        "He flew back to the U.S. He landed in May.",
        ["He flew back to the U.S.", "He landed in May."],
    ),
    ("It opened at 9 a.m. The court sat.", ["It opened at 9 a.m.", "The court sat."]),
    (
        "Some courts, e.g. The Hague's, sat. Others did not.",
        ["Some courts, e.g. The Hague's, sat.", "Others did not."],
    ),
    (
        "He joined the U.N. Security Council. It met.",
        ["He joined the U.N. Security Council.", "It met."],
    ),
    # Abbreviations before numbers, and the same words ending a sentence.
    (
        "Case No. 5 was heard. He said no. Then he left.",
        ["Case No. 5 was heard.", "He said no.", "Then he left."],
    ),
    (
        "It happened on Feb. 22. The next day was calm.",
        ["It happened on Feb. 22.", "The next day was calm."],
    ),
    (
        "It ended in Dec. The new year began quietly.",
        ["It ended in Dec.", "The new year began quietly."],
    ),
    (
        "See p. 4 and pp. 7–9 of Vol. 3. The rest is missing.",
        ["See p. 4 and pp. 7–9 of Vol. 3.", "The rest is missing."],
    ),
    (
        "The vote, 27 to 3, passed. Art. 314 applies.",
        ["The vote, 27 to 3, passed.", "Art. 314 applies."],
    ),
    ("It is 5 km. The border is near.", ["It is 5 km.", "The border is near."]),
    # Initials.
    (
        "J. R. R. Tolkien wrote it. He died in 1973.",
        ["J. R. R. Tolkien wrote it.", "He died in 1973."],
    ),
    ("He met E. Kaya. Kaya agreed.", ["He met E. Kaya.", "Kaya agreed."]),
    # Numbers.
    (
        "The rate rose to 3.5 percent. It fell again.",
        ["The rate rose to 3.5 percent.", "It fell again."],
    ),
    ("The rate was 3.5. It fell.", ["The rate was 3.5.", "It fell."]),
    ("She earned $1.5m. That was a lot.", ["She earned $1.5m.", "That was a lot."]),
    # Addresses.
    ("He visited example.org. It was down.", ["He visited example.org.", "It was down."]),
    ("He read bbc.co.uk. It was down.", ["He read bbc.co.uk.", "It was down."]),
    (
        "Turnout was 27–3 per cent. The vote was close.",
        ["Turnout was 27–3 per cent.", "The vote was close."],
    ),
    (
        "She was born in 1970. 27 people were charged in 2016.",
        ["She was born in 1970.", "27 people were charged in 2016."],
    ),
    # Ellipses and elisions.
    ("He paused... Then he went on.", ["He paused...", "Then he went on."]),
    ("He paused… Then he went on.", ["He paused…", "Then he went on."]),
    ("He paused... and then went on.", ["He paused... and then went on."]),
    ("It ended at midnight… and no one left.", ["It ended at midnight… and no one left."]),
    (
        '"I was there [...] at the place," he said. He left.',
        ['"I was there [...] at the place," he said.', "He left."],
    ),
    (
        "“I was there […] at the place,” he said. He left.",
        ["“I was there […] at the place,” he said.", "He left."],
    ),
    # Quotations.
    (
        "“Where are you?” Demir asks. “Here!” the officer answers.",
        ["“Where are you?” Demir asks.", "“Here!” the officer answers."],
    ),
    (
        '"Where are you?" "At the post." They met.',
        ['"Where are you?"', '"At the post."', "They met."],
    ),
    ("He said: “It is done.” Then he left.", ["He said: “It is done.”", "Then he left."]),
    ("He said 'no.' She said 'yes.'", ["He said 'no.'", "She said 'yes.'"]),
    (
        "(The hearing was closed.) The press waited outside.",
        ["(The hearing was closed.)", "The press waited outside."],
    ),
    # Dashes.
    (
        "The minister — who spoke first — denied it. The court did not.",
        ["The minister — who spoke first — denied it.", "The court did not."],
    ),
    (
        "The minister -- who spoke first -- denied it. The court did not.",
        ["The minister -- who spoke first -- denied it.", "The court did not."],
    ),
    # Other ends of sentences.
    (
        "Is it true? Yes! Who knows?! Nobody.",
        ["Is it true?", "Yes!", "Who knows?!", "Nobody."],
    ),
    # Markdown inside the prose.
    (
        "The court\nheard the appeal. It\nadjourned.",
        ["The court heard the appeal.", "It adjourned."],
    ),
    (
        "**The court sat.** It ruled. *Cumhuriyet* reported it.",
        ["**The court sat.**", "It ruled.", "*Cumhuriyet* reported it."],
    ),
    (
        "The [court](https://example.org/a.b. C) sat. It ruled.",
        ["The [court](https://example.org/a.b. C) sat.", "It ruled."],
    ),
    (
        "Run `sourcetrace check. Now` first. It works.",
        ["Run `sourcetrace check. Now` first.", "It works."],
    ),
    # Citations before and after the closing punctuation.
    (
        "The court sat [@a]. It ruled. [@b] It adjourned [@c]!",
        ["The court sat [@a].", "It ruled. [@b]", "It adjourned [@c]!"],
    ),
    ("Was it public? [@a] No [@b].", ["Was it public? [@a]", "No [@b]."]),
    ("The court sat.[@a] It ruled.[@b]", ["The court sat.[@a]", "It ruled.[@b]"]),
    ("The court sat.[@a][@b] It ruled.", ["The court sat.[@a][@b]", "It ruled."]),
    (
        "The court sat [@a; @b, p. 2]. It ruled [@a, p. 3].",
        ["The court sat [@a; @b, p. 2].", "It ruled [@a, p. 3]."],
    ),
]


def sentences(text: str) -> list[str]:
    return [claim.text for claim in read_body(text).claims]


def test_the_table_is_large_enough() -> None:
    assert len(SPLITS) >= 30


@pytest.mark.parametrize(("text", "expected"), SPLITS, ids=[text[:40] for text, _ in SPLITS])
def test_splits(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_positions_are_file_positions() -> None:
    body = read_body("The court sat.\nIt ruled. Then it\n  adjourned.\n", first_line=12)
    assert [(c.text, c.position) for c in body.claims] == [
        ("The court sat.", Position(12, 1)),
        ("It ruled.", Position(13, 1)),
        ("Then it adjourned.", Position(13, 11)),
    ]


def test_sentence_offsets_select_the_sentence_in_the_body() -> None:
    text = "Intro.\n\nThe court sat [@a]. It ruled.\n"
    body = read_body(text)
    assert [text[c.start : c.end] for c in body.claims] == [
        "Intro.",
        "The court sat [@a].",
        "It ruled.",
    ]


def test_punctuation_alone_is_no_sentence() -> None:
    assert sentences("... — !") == []
    assert sentences("[@a]") == []
