"""What a digest can require in CI: every claim on a rung of the ladder, every quote verified.

``sourcetrace check --require LEVEL`` (and the plugin's ``require`` option) turn
a level into findings of ST074, one per claim or passage short of it, so a
digest can hold itself to "every claim cited and every quote verified" and
fail the build when an entry falls short.

Levels: ``cited``, ``primary``, ``openable`` and ``verified`` are rungs every
claim must reach (see ``build_tools.sourcing``); ``quotes`` asks that every
quote and passage citation be verified in a snapshot ("no snapshot" falls
short; "altered" and "not found" already have their own findings).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from build_tools.evidence.verify import Evidence, assess
from build_tools.model import Entry, Position
from build_tools.rules.checks import quoted
from build_tools.sourcing import Step, claim_level

QUOTES = "quotes"
LEVELS: tuple[str, ...] = (*(step.value for step in Step), QUOTES)
RULE = "ST074"

_SHORT_OF = {
    Step.CITED: "is not cited",
    Step.PRIMARY: "cites no primary source directly (a via chain does not count)",
    Step.OPENABLE: "cites no source a reader can open (a url, an archive_url or a published "
    "snapshot)",
    Step.VERIFIED: "has no passage citation verified in a snapshot "
    '(cite it as [@id, "the passage"] from a source with a snapshot)',
}


def unknown_levels(levels: Iterable[str]) -> list[str]:
    """The levels in ``levels`` that are not known, for a usage error."""
    return [level for level in levels if level not in LEVELS]


def below_required(
    entry: Entry,
    evidence: Evidence | None,
    levels: Iterable[str],
    published_snapshots: bool = False,
) -> Iterator[tuple[str, Position, str]]:
    """Yield ``(rule id, position, message)`` for each claim or passage short of ``levels``.

    Args:
        entry: the entry checked.
        evidence: what verification found (None: nothing was verified).
        levels: names from :data:`LEVELS`.
        published_snapshots: whether the site publishes snapshots (they then open).

    Raises:
        ValueError: for a level that is not one of :data:`LEVELS`.

    """
    wanted = list(dict.fromkeys(levels))
    if unknown := unknown_levels(wanted):
        raise ValueError(f"unknown level(s): {', '.join(unknown)}; use {', '.join(LEVELS)}")
    steps = [Step(level) for level in wanted if level != QUOTES]
    if steps:
        for claim in entry.body.claims:
            level = claim_level(claim, entry, evidence, published_snapshots)
            for step in steps:
                if not level.reaches(step):
                    yield (
                        RULE,
                        claim.position,
                        f"required level '{step.value}' not met: {quoted(claim)} {_SHORT_OF[step]}",
                    )
    if QUOTES in wanted:
        found = evidence if evidence is not None else assess(entry, None)
        for check in found.passages:
            if check.verdict == "no snapshot":
                what = (
                    f"the quote of source '{check.source_id}'"
                    if check.citation is None
                    else f"the passage cited from '{check.source_id}'"
                )
                yield (
                    RULE,
                    check.position,
                    f"required level 'quotes' not met: {what} is not verified: the source has "
                    "no snapshot (capture it with 'sourcetrace capture')",
                )
