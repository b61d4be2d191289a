"""How well an entry is sourced: which claims are cited, which trace back to a primary source."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model import Claim, Entry, Role, Source


def reaches_primary(source: Source, entry: Entry) -> bool:
    """Whether ``source`` is primary, or its ``via`` chain leads to a listed primary source."""
    seen: set[str] = set()
    pending = [source]
    while pending:
        current = pending.pop()
        if current.id in seen:
            continue  # a via cycle is reported elsewhere; here it simply ends the walk
        seen.add(current.id)
        if current.role is Role.PRIMARY:
            return True
        pending.extend(s for s in map(entry.source, current.via) if s is not None)
    return False


def is_traced(claim: Claim, entry: Entry) -> bool:
    """Whether some source covering ``claim`` reaches a primary source."""
    for citation in claim.support:
        for reference in citation.references:
            source = entry.source(reference.source_id)
            if source is not None and reaches_primary(source, entry):
                return True
    return False


@dataclass(frozen=True, slots=True)
class Sourcing:
    """The figures behind an entry's one-line sourcing summary."""

    claims: int
    cited: int
    traced: int

    @property
    def traced_share(self) -> float:
        """Share of claims traced to a primary source (1.0 for an entry with no claims)."""
        return self.traced / self.claims if self.claims else 1.0

    @property
    def cited_share(self) -> float:
        """Share of claims that carry a citation (1.0 for an entry with no claims)."""
        return self.cited / self.claims if self.claims else 1.0

    def __add__(self, other: Sourcing) -> Sourcing:
        return Sourcing(
            self.claims + other.claims, self.cited + other.cited, self.traced + other.traced
        )


def sourcing_of(entry: Entry) -> Sourcing:
    """Count ``entry``'s claims, cited and traced (editorial analysis is not a claim)."""
    claims = entry.body.claims
    return Sourcing(
        claims=len(claims),
        cited=sum(1 for c in claims if c.cited),
        traced=sum(1 for c in claims if is_traced(c, entry)),
    )
