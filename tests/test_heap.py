"""The collector during a build: relaxed, then exactly as it was."""

from __future__ import annotations

import gc

from build_tools import heap


def test_relax_collects_less_often_and_freezes_what_exists_until_restored() -> None:
    before = gc.get_threshold()
    collector = heap.relax()
    try:
        assert gc.get_threshold()[0] >= heap.BUILD_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0
    finally:
        heap.restore(collector)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_someone_elses_freeze_is_left_alone() -> None:
    gc.freeze()
    try:
        collector = heap.relax()
        assert not collector.froze
        heap.restore(collector)
        # Frozen objects that die meanwhile leave the count, so it may shrink by a
        # few; an unfreeze would empty it.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_restoring_nothing_changes_nothing() -> None:
    before = gc.get_threshold()
    heap.restore(None)
    assert gc.get_threshold() == before
