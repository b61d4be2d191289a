"""Shared pieces of the evidence tests: the fixture source and a store holding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.evidence.store import NewSnapshot, Snapshot, SnapshotStore

FIXTURES = Path(__file__).parent / "fixtures"
HEARING = FIXTURES / "hearing.txt"


def hearing_snapshot(store: SnapshotStore) -> Snapshot:
    """Store the fixture hearing report as a plain-text snapshot and return it."""
    data = HEARING.read_bytes()
    snapshot, _created = store.add(
        NewSnapshot(
            data=data,
            extension="txt",
            text=data.decode("utf-8"),
            meta={"url": "https://example.org/hearing", "captured": "2016-02-23T09:00:00Z"},
        )
    )
    return snapshot


@pytest.fixture
def store(tmp_path: Path) -> SnapshotStore:
    """An empty snapshot store in a temporary folder."""
    return SnapshotStore(tmp_path / "snapshots")
