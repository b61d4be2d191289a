"""Offline verification of captured sources: snapshots, quotes and passage citations.

Every check runs this, with no network: a source's ``snapshot`` must be in the
store with the bytes its name promises, and each passage the entry says a
snapshotted source contains (its ``quote``, and every citation whose locator is
a passage in quotation marks) is looked for in the snapshot's text. A passage
of a source with no snapshot is counted as "no snapshot" and reported nowhere:
it is a gap the sourcing line shows, not a fault.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from build_tools.evidence.match import Match, Verdict, match_quote
from build_tools.evidence.store import (
    PREFIX,
    Snapshot,
    SnapshotError,
    SnapshotStore,
    parse_reference,
    short,
)
from build_tools.model import Entry, Position, Source

__all__ = [
    "Evidence",
    "PassageCheck",
    "SnapshotStatus",
    "SnapshotStore",
    "assess",
    "passage_of",
    "recorded",
    "render_with",
    "snapshots_published",
    "verify_entry",
]

# A locator that is a passage: the whole locator between quotation marks.
_PASSAGE = re.compile(r"[\"\u201c\u201e](?P<text>.*\S.*)[\"\u201d\u201c]\Z", re.DOTALL)
SHOWN_CHARS = 70


def passage_of(locator: str | None) -> str | None:
    """The passage a locator names, when it is one in quotation marks: ``"said to come"``."""
    if locator is None:
        return None
    found = _PASSAGE.match(locator.strip())
    return found.group("text").strip() if found else None


class SnapshotStatus(StrEnum):
    """What became of a source's ``snapshot`` field."""

    NONE = "none"  # the source names no snapshot
    UNCHECKED = "unchecked"  # it names one, but the check was given no store
    MISSING = "missing"
    TAMPERED = "tampered"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class PassageCheck:
    """One passage an entry says a source contains, and what verification found.

    ``match`` is None when there was nothing to check it against (no snapshot,
    or a snapshot that is missing or was changed).
    """

    source_id: str
    passage: str
    position: Position
    match: Match | None
    # The citation (its index in the body) this passage is the locator of, or
    # None for the source's own ``quote``.
    citation: int | None = None

    @property
    def verdict(self) -> str:
        """``verified``, ``altered``, ``not found`` or ``no snapshot``."""
        return self.match.verdict.value if self.match else "no snapshot"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything verification found about one entry's sources."""

    snapshots: dict[str, tuple[SnapshotStatus, Snapshot | None, str]]
    passages: tuple[PassageCheck, ...]

    def snapshot(self, source_id: str) -> Snapshot | None:
        """The verified snapshot of a source, if it has one."""
        found = self.snapshots.get(source_id)
        return found[1] if found else None

    def quote(self, source_id: str) -> PassageCheck | None:
        """The check of a source's own ``quote``."""
        return next(
            (p for p in self.passages if p.source_id == source_id and p.citation is None), None
        )

    def of_citation(self, citation: int, source_id: str) -> PassageCheck | None:
        """The check of the passage a citation gives as its locator for ``source_id``."""
        return next(
            (p for p in self.passages if p.citation == citation and p.source_id == source_id),
            None,
        )


def _snapshot_of(
    source: Source, store: SnapshotStore | None
) -> tuple[SnapshotStatus, Snapshot | None, str]:
    if not source.snapshot:
        return SnapshotStatus.NONE, None, ""
    digest = parse_reference(source.snapshot)
    if digest is None:
        # A malformed value is the field reader's finding (ST003), not a missing file.
        return SnapshotStatus.NONE, None, ""
    if store is None:
        return SnapshotStatus.UNCHECKED, None, ""
    try:
        return SnapshotStatus.OK, store.load(digest), ""
    except SnapshotError as error:
        status = SnapshotStatus.TAMPERED if error.tampered else SnapshotStatus.MISSING
        return status, None, str(error)


_ORDER = {Verdict.VERIFIED: 0, Verdict.ALTERED: 1, Verdict.NOT_FOUND: 2}


def _rank(match: Match) -> tuple[int, float]:
    return _ORDER[match.verdict], -match.score


def _judge(passage: str, snapshot: Snapshot | None) -> Match | None:
    if snapshot is None:
        return None
    best: Match | None = None
    # The main text can drop a passage the full visible text keeps, and a page's
    # boilerplate can split one the main text keeps whole: the better reading wins.
    for text in snapshot.normalised():
        found = match_quote(passage, text)
        if best is None or _rank(found) < _rank(best):
            best = found
    return best


def assess(entry: Entry, store: SnapshotStore | None) -> Evidence:
    """Verify every snapshot and passage of ``entry`` against ``store``."""
    snapshots = {s.id: _snapshot_of(s, store) for s in entry.sources}
    passages: list[PassageCheck] = []
    for source in entry.sources:
        if source.quote:
            snapshot = snapshots[source.id][1]
            passages.append(
                PassageCheck(
                    source.id,
                    source.quote,
                    source.position_of("quote"),
                    _judge(source.quote, snapshot),
                )
            )
    for citation in entry.body.citations:
        for ref in citation.references:
            passage = passage_of(ref.locator)
            if passage is None or ref.source_id not in snapshots:
                continue
            snapshot = snapshots[ref.source_id][1]
            passages.append(
                PassageCheck(
                    ref.source_id,
                    passage,
                    ref.position,
                    _judge(passage, snapshot),
                    citation.index,
                )
            )
    return Evidence(snapshots, tuple(passages))


def _shown(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 1].rstrip() + "…"
    return '"' + text.replace('"', "'") + '"'


def _what(check: PassageCheck) -> str:
    if check.citation is None:
        return f"the quote of source '{check.source_id}'"
    return f"the passage cited from '{check.source_id}'"


def findings(entry: Entry, evidence: Evidence) -> Iterator[tuple[str, Position, str]]:
    """Yield ``(rule id, position, message)`` for each problem ``evidence`` shows."""
    for source in entry.sources:
        status, _snapshot, problem = evidence.snapshots[source.id]
        where = source.position_of("snapshot")
        if status is SnapshotStatus.MISSING:
            yield (
                "ST070",
                where,
                f"source '{source.id}': {problem}: capture it again with 'sourcetrace "
                "capture', or correct the snapshot: value",
            )
        elif status is SnapshotStatus.TAMPERED:
            yield (
                "ST071",
                where,
                f"source '{source.id}': {problem}; restore the file from version control or "
                "capture the source again",
            )
    for check in evidence.passages:
        match = check.match
        if match is None or match.verdict is Verdict.VERIFIED:
            continue
        snapshot = evidence.snapshot(check.source_id)
        named = f"{PREFIX}{short(snapshot.digest)}…" if snapshot else "its snapshot"
        if match.verdict is Verdict.NOT_FOUND:
            # Inside a citation's brackets "[…]" would close the citation: "…" marks it.
            mark = "[…]" if check.citation is None else "…"
            yield (
                "ST072",
                check.position,
                f"{_what(check)} is not in {named}: {_shown(match.missing or check.passage)} "
                f"was not found (copy the passage from the source, or mark left-out words "
                f"with {mark})",
            )
        else:
            changes = "; ".join(c.describe() for c in match.changes)
            yield (
                "ST073",
                check.position,
                f"{_what(check)} differs from {named} ({match.reason}): {changes} "
                "(quote the source's own words)",
            )


# What the check found for each entry it verified, for the pages, the data files and
# the JSON-LD to report without a store of their own (the check runs first, in the
# plugin and in the CLI). Kept with the entry itself, so a new entry is never taken
# for an old one; bounded, so that a long ``mkdocs serve`` does not grow without end.
_RECORDED: OrderedDict[int, tuple[Entry, Evidence]] = OrderedDict()
RECORDED_LIMIT = 100_000


class _Rendering:
    """The store that pages verify against when their entry was not checked first.

    A build may render an entry before checking it (the plugin checks what the
    conversion read); the page's sourcing line and Sources section then verify the
    entry here, once, against the store the build named with :func:`render_with`.
    """

    store: SnapshotStore | None = None
    # Whether the site publishes snapshot pages, so that a snapshot opens for readers.
    published: bool = False


def render_with(store: SnapshotStore | None, *, published: bool = False) -> None:
    """Name the store that pages verify their entries against (None: verify nothing).

    Args:
        store: the build's snapshot store.
        published: whether the build publishes snapshot pages (``publish_snapshots``).

    """
    _Rendering.store = store
    _Rendering.published = published


def snapshots_published() -> bool:
    """Whether the build named by :func:`render_with` publishes snapshot pages."""
    return _Rendering.published


def _record(entry: Entry, evidence: Evidence) -> None:
    _RECORDED[id(entry)] = (entry, evidence)
    _RECORDED.move_to_end(id(entry))
    while len(_RECORDED) > RECORDED_LIMIT:
        _RECORDED.popitem(last=False)


def recorded(entry: Entry) -> Evidence | None:
    """What verification found for this very entry.

    That is what the check found, when it was checked with a store; for a page
    rendered before its check, what the store named by :func:`render_with` holds.
    """
    found = _RECORDED.get(id(entry))
    if found is not None and found[0] is entry:
        return found[1]
    if _Rendering.store is None:
        return None
    evidence = assess(entry, _Rendering.store)
    _record(entry, evidence)
    return evidence


def verify_entry(entry: Entry, store: SnapshotStore | None) -> Iterator[tuple[str, Position, str]]:
    """Yield ``(rule id, position, message)`` for every evidence finding of ``entry``.

    With a store, what was found is also recorded for :func:`recorded`.
    """
    evidence = assess(entry, store)
    if store is not None:
        _record(entry, evidence)
    yield from findings(entry, evidence)
