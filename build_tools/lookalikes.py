"""Characters that pass for others: invisible ones, and letters drawn like Latin ones.

An editor's prose and a source's address are read by people, who see "rеportedly"
written with a Cyrillic "е" as "reportedly", and "exаmple.org" as "example.org".
The hedge rule reads prose with these made plain; the address check refuses a host
that mixes them with Latin letters.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that show nothing (Unicode's Default_Ignorable_Code_Point: soft hyphens,
# zero-width characters, joiners, direction marks, variation selectors, tags). Each
# can split a word without a trace.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

# Small letters of Cyrillic, Greek, Armenian and Latin's own IPA block that are drawn
# like small Latin ones, and the Latin letter each passes for.
SMALL = dict(zip("аеорсухѕіјԁһӏԛԝүοιαρνυχօոսհıɑɡ", "aeopcyxsijdhlqwyoiapvuxonuhiag", strict=True))
# Capitals drawn like Latin ones whose small letters are not (Cyrillic В, Н, М, Т, К;
# Greek Β, Ε, Ζ, Η, Κ, Μ, Τ): text read lower case maps them through their small letter.
CAPITALS = dict(zip("внмткβεζηκμτ", "bhmtkbezhkmt", strict=True))

# Scripts whose letters are drawn alike.
_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def script_of(char: str) -> str:
    """The script a letter belongs to, as the first word of its Unicode name says."""
    return unicodedata.name(char, "").split(" ", 1)[0]


def mixed_scripts(word: str) -> tuple[str, str, str] | None:
    """Two of Latin, Cyrillic and Greek mixed in ``word``: the two, and a letter of the second.

    "exаmple" (a Cyrillic "а" among Latin letters) gives ``("LATIN", "CYRILLIC", "а")``.
    """
    first: dict[str, str] = {}
    for char in word:
        if char.isalpha():
            script = script_of(char)
            if script in _ALIKE_SCRIPTS:
                first.setdefault(script, char)
    if len(first) < 2:
        return None
    scripts = [s for s in _ALIKE_SCRIPTS if s in first]
    return scripts[0], scripts[1], first[scripts[1]]


def passes_for_latin(word: str) -> bool:
    """Whether ``word`` is written wholly in other scripts' letters drawn like Latin ones.

    "аррӏе" (Cyrillic throughout) reads as "apple".
    """
    letters = [char for char in word.lower() if char.isalpha()]
    return bool(letters) and all(char in SMALL for char in letters)
