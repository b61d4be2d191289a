"""How messages name the things an editor can write instead: capped lists and near misses.

An entry with a thousand sources would otherwise repeat all thousand ids in
every finding about it, and a finding's fix should fit on a line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

NO_SOURCES = "(none: add sources to the front-matter)"


def listed(ids: Sequence[str], limit: int = 8) -> str:
    """``ids`` as a message lists them: the first ``limit``, then how many more.

    Args:
        ids: the names, in the order the editor wrote them.
        limit: how many to name before counting the rest.

    Returns:
        ``a, b, c``; ``a, b, ... h and 1,492 more``; or a hint when there are none.

    """
    if not ids:
        return NO_SOURCES
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{', '.join(ids[:limit])} and {len(ids) - limit:,} more"


def cite_one_of(ids: Sequence[str], limit: int = 8) -> str:
    """The fix for an uncited claim or an unknown citation: ``cite one of: a, b``."""
    return f"cite one of: {listed(ids, limit)}"


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The one of ``candidates`` that ``name`` is most likely a misspelling of, or None.

    Closeness is difflib's ratio of at least 0.75: one letter wrong, missing or
    swapped in a word of eight, not merely a shared prefix; or the name is a listed
    one with punctuation typed at either end.
    """
    listed = list(candidates)
    found = difflib.get_close_matches(name, listed, n=1, cutoff=0.75)
    if found:
        return found[0]
    # A full stop or a comma typed into a short id ("[@a.]"): too short for a ratio.
    trimmed = name.strip(".,;:-_")
    return trimmed if trimmed != name and trimmed in listed else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``did you mean coastpost?`` when one of ``candidates`` is close to ``name``, else ''."""
    found = nearest(name, candidates)
    return f"did you mean {found}?" if found else ""
