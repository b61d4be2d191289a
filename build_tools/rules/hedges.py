"""Hedged attribution: words that say a claim came from somewhere without saying where.

This is the one list of them (rule ST021); add phrases here, lower case. A
phrase must hedge wherever it appears: bare "said to" is not one, because
"the officer said to Demir" is a plain attribution; "is said to" is.
"""

from __future__ import annotations

import re

HEDGES: tuple[str, ...] = (
    "reportedly",
    "allegedly",
    "purportedly",
    "supposedly",
    "apparently",
    "rumoured",
    "rumored",
    "is believed",
    "are believed",
    "was believed",
    "were believed",
    "believed to",
    "is thought to",
    "are thought to",
    "is reported",
    "are reported",
    "was reported",
    "were reported",
    "is reported to",
    "according to reports",
    "according to sources",
    "according to media",
    "sources say",
    "sources said",
    "it is claimed",
    "it was claimed",
    "it is said",
    "it was said",
    "it is alleged",
    "it was alleged",
    "it is understood",
    "it has been reported",
    "are said",
    "is said",
    "was said to",
    "were said to",
    "reports suggest",
    "reports say",
    "media reports",
)

HEDGE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in HEDGES) + r")\b",
    re.IGNORECASE,
)


# Every hedge contains one of these words, so a sentence with none of them is
# passed over with a few substring tests instead of the whole alternation.
_KEY_WORDS = tuple(sorted({max(h.split(), key=len) for h in HEDGES}))


def find_hedge(sentence: str) -> str | None:
    """Return the first hedge phrase in ``sentence``, as written, or None."""
    lowered = sentence.casefold()
    if not any(word in lowered for word in _KEY_WORDS):
        return None
    match = HEDGE_RE.search(sentence)
    return match.group() if match else None
