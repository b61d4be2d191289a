"""Offline verification of captured sources (placeholder until the store lands)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from build_tools.model import Entry, Position


class SnapshotStore:
    """The content-addressed folder of captured sources."""

    def __init__(self, root: Path) -> None:
        self.root = root


def verify_entry(entry: Entry, store: SnapshotStore | None) -> Iterator[tuple[str, Position, str]]:
    """Yield ``(rule id, position, message)`` for every evidence finding of ``entry``."""
    del entry, store
    yield from ()
