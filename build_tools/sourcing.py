"""How far each claim is traced: the evidence ladder, the ``via`` chains and independence.

The ladder, per claim, in the order a reader climbs it:

1. **cited**: some citation covers the claim;
2. **cites a primary source**: one of the sources cited *directly* is primary. A
   secondary source's ``via`` chain says what the report rests on; it never
   makes the claim count as traced to the primary, because the digest has not
   seen that the primary says what the report says it does;
3. **can be opened**: a source cited for it has a ``url``, an ``archive_url``, or
   a snapshot the site publishes, so a reader can check it;
4. **passage verified**: a citation written in it names a passage (``[@id, "..."]``) that
   verification found, verbatim, in the source's snapshot.

Each step is counted on its own, so an entry resting on one saved repost reads
as what it is: every claim cited, none citing a primary source, none a reader
can open, a few passages verified in the saved copy.

Sources cited together for one claim are **independent** only when their
``via`` chains share no source: two reports that both rest on one agency
story are one account, not two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from build_tools.model import Claim, Entry, Role, Source

if TYPE_CHECKING:
    from build_tools.evidence.verify import Evidence


class Step(StrEnum):
    """A rung of the evidence ladder, as ``check --require`` names it."""

    CITED = "cited"
    PRIMARY = "primary"
    OPENABLE = "openable"
    VERIFIED = "verified"


LADDER = (Step.CITED, Step.PRIMARY, Step.OPENABLE, Step.VERIFIED)
_LADDER_NAMES = tuple(step.value for step in LADDER)


def reaches_primary(source: Source, entry: Entry) -> bool:
    """Whether ``source`` is primary, or its ``via`` chain names a listed primary source.

    This is what the chain *claims*, used by ST022 to ask for a chain at all; the
    ladder never counts it as tracing.
    """
    return any(s.role is Role.PRIMARY for s in chain(source, entry, include_self=True))


def chain(source: Source, entry: Entry, *, include_self: bool = False) -> list[Source]:
    """The listed sources ``source`` rests on through ``via``, nearest first, each once."""
    seen: set[str] = {source.id}
    order: list[Source] = [source] if include_self else []
    pending = [source]
    while pending:
        current = pending.pop(0)
        for via_id in current.via:
            target = entry.source(via_id)
            if target is not None and target.id not in seen:
                seen.add(target.id)
                order.append(target)
                pending.append(target)
    return order


def is_traced(claim: Claim, entry: Entry) -> bool:
    """Whether a source cited directly for ``claim`` is primary (rung 2 of the ladder)."""
    return any(s.role is Role.PRIMARY for s in cited_sources(claim, entry))


def cited_sources(claim: Claim, entry: Entry) -> list[Source]:
    """The listed sources cited for ``claim``, each once, in citation order."""
    found: dict[str, Source] = {}
    for citation in claim.support:
        for reference in citation.references:
            source = entry.source(reference.source_id)
            if source is not None:
                found.setdefault(source.id, source)
    return list(found.values())


def can_be_opened(source: Source, published_snapshots: bool = False) -> bool:
    """Whether a reader can open ``source``: an address, an archived copy, a published snapshot."""
    return bool(source.url or source.archive_url or (published_snapshots and source.snapshot))


def dependence(claim: Claim, entry: Entry) -> list[str]:
    """Why the sources cited for ``claim`` are not independent, one note per pair; [] if they are.

    Each note reads ``a and b both rest on X`` (their ``via`` chains meet) or ``a
    rests on b`` (one is in the other's chain).
    """
    return Ladder(entry).dependence(cited_sources(claim, entry))


@dataclass(frozen=True, slots=True)
class ClaimLevel:
    """Where one claim stands on the ladder, and whether its sources are independent."""

    cited: bool
    primary: bool
    openable: bool
    verified: bool
    # Why the sources cited together are not independent (empty when they are,
    # or when only one source is cited).
    not_independent: tuple[str, ...] = ()

    def reaches(self, step: Step) -> bool:
        """Whether this claim stands on ``step`` of the ladder."""
        return {
            Step.CITED: self.cited,
            Step.PRIMARY: self.primary,
            Step.OPENABLE: self.openable,
            Step.VERIFIED: self.verified,
        }[step]

    @property
    def steps(self) -> list[str]:
        """The rungs reached, in ladder order (for the data files)."""
        reached = (self.cited, self.primary, self.openable, self.verified)
        return [name for name, on in zip(_LADDER_NAMES, reached, strict=True) if on]


class Ladder:
    """One entry's claims placed on the ladder, each source's chain worked out once.

    Placing every claim of an entry on its own walks the same ``via`` chains once per
    claim; this walks each once per entry (``claims.json`` places 50,000 claims at
    1,000 entries).
    """

    def __init__(
        self, entry: Entry, evidence: Evidence | None = None, published_snapshots: bool = False
    ) -> None:
        self.entry = entry
        self.evidence = evidence
        self.published_snapshots = published_snapshots
        self._reach: dict[str, set[str]] = {}

    def reach(self, source: Source) -> set[str]:
        """The ids of ``source`` and of every listed source it rests on."""
        found = self._reach.get(source.id)
        if found is None:
            found = {s.id for s in chain(source, self.entry, include_self=True)}
            self._reach[source.id] = found
        return found

    def dependence(self, sources: Sequence[Source]) -> list[str]:
        """Why ``sources``, cited together, are not independent (see :func:`dependence`)."""
        notes: list[str] = []
        if len(sources) < 2:
            return notes
        reach = {s.id: self.reach(s) for s in sources}
        for index, first in enumerate(sources):
            for second in sources[index + 1 :]:
                if second.id in reach[first.id]:
                    notes.append(f"{first.id} rests on {second.id}")
                elif first.id in reach[second.id]:
                    notes.append(f"{second.id} rests on {first.id}")
                elif shared := reach[first.id] & reach[second.id]:
                    named = ", ".join(sorted(shared))
                    notes.append(f"{first.id} and {second.id} both rest on {named}")
        return notes

    def level(self, claim: Claim, sources: Sequence[Source] | None = None) -> ClaimLevel:
        """Place ``claim`` on the ladder; ``sources`` are its :func:`cited_sources`, if known."""
        if sources is None:
            sources = cited_sources(claim, self.entry)
        verified = False
        evidence = self.evidence
        if evidence is not None:
            # Only a citation written in the claim itself: the passage it names is what
            # this sentence relies on, not what the uncited sentences before it say.
            for citation in claim.citations:
                for reference in citation.references:
                    check = evidence.of_citation(citation.index, reference.source_id)
                    if check is not None and check.verdict == "verified":
                        verified = True
        return ClaimLevel(
            cited=claim.cited,
            primary=any(s.role is Role.PRIMARY for s in sources),
            openable=any(can_be_opened(s, self.published_snapshots) for s in sources),
            verified=verified,
            not_independent=tuple(self.dependence(sources)),
        )


def claim_level(
    claim: Claim,
    entry: Entry,
    evidence: Evidence | None = None,
    published_snapshots: bool = False,
) -> ClaimLevel:
    """Place ``claim`` on the ladder (for many claims of one entry, use :class:`Ladder`).

    Args:
        claim: one claim of ``entry``.
        entry: the entry.
        evidence: what verification found (None: nothing was verified).
        published_snapshots: whether the site publishes snapshots, so that a
            snapshot lets a reader open the source.

    """
    return Ladder(entry, evidence, published_snapshots).level(claim)


@dataclass(frozen=True, slots=True)
class Sourcing:
    """The figures behind an entry's sourcing line: claims on each rung of the ladder."""

    claims: int
    cited: int
    primary: int = 0
    openable: int = 0
    verified: int = 0
    # Claims cited to several sources that are not independent of each other.
    not_independent: int = 0

    @property
    def traced(self) -> int:
        """Claims citing a primary source directly (the old "traced" figure, made honest)."""
        return self.primary

    @property
    def traced_share(self) -> float:
        """Share of claims citing a primary source directly (1.0 for no claims)."""
        return self.primary / self.claims if self.claims else 1.0

    @property
    def cited_share(self) -> float:
        """Share of claims that carry a citation (1.0 for an entry with no claims)."""
        return self.cited / self.claims if self.claims else 1.0

    def count(self, step: Step) -> int:
        """Claims on ``step`` of the ladder."""
        return {
            Step.CITED: self.cited,
            Step.PRIMARY: self.primary,
            Step.OPENABLE: self.openable,
            Step.VERIFIED: self.verified,
        }[step]

    def __add__(self, other: Sourcing) -> Sourcing:
        return Sourcing(
            self.claims + other.claims,
            self.cited + other.cited,
            self.primary + other.primary,
            self.openable + other.openable,
            self.verified + other.verified,
            self.not_independent + other.not_independent,
        )


def total(levels: Iterable[ClaimLevel]) -> Sourcing:
    """Count claims on each rung."""
    counted = list(levels)
    return Sourcing(
        claims=len(counted),
        cited=sum(1 for c in counted if c.cited),
        primary=sum(1 for c in counted if c.primary),
        openable=sum(1 for c in counted if c.openable),
        verified=sum(1 for c in counted if c.verified),
        not_independent=sum(1 for c in counted if c.not_independent),
    )


def sourcing_of(
    entry: Entry, evidence: Evidence | None = None, published_snapshots: bool = False
) -> Sourcing:
    """Count ``entry``'s claims on each rung (editorial analysis is not a claim)."""
    ladder = Ladder(entry, evidence, published_snapshots)
    return total(ladder.level(claim) for claim in entry.body.claims)


def rests_on(source: Source, entry: Entry, seen: Iterable[str] = ()) -> str | None:
    """What a secondary source rests on, in words, or None if it names no chain.

    For example ``a personal blog (leonkuravson), which names Cumhuriyet, which names
    Ankara 3rd High Criminal Court; none of them seen by the digest``. ``seen``
    are the ids of sources the digest holds a verified snapshot of.
    """
    links = chain(source, entry)
    if not links:
        return None
    held = set(seen)
    words = ", which names ".join(s.publisher or s.id for s in links)
    unseen = [s for s in links if s.id not in held]
    if len(unseen) == len(links):
        tail = "none of them seen by the digest" if len(links) > 1 else "not seen by the digest"
    elif unseen:
        tail = "not seen by the digest: " + ", ".join(s.publisher or s.id for s in unseen)
    else:
        tail = "each held by the digest as a snapshot"
    return f"{words}; {tail}"
