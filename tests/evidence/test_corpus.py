"""The evidence corpus: each bad entry gives exactly its expected lines, each good one none.

The entries are checked against ``fixtures/store``, a committed snapshot store
holding the hearing report (``hearing.txt``) and one snapshot whose original was
edited after capture. Every expected line was written by hand from the rule's
text. ``STORE`` in an expected line stands for the store's path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check import check_entry
from build_tools.evidence.store import SnapshotStore
from build_tools.rules.evidence_texts import EVIDENCE_RULES

FIXTURES = Path(__file__).parent / "fixtures"
STORE = FIXTURES / "store"
BAD = FIXTURES / "entries" / "bad"
GOOD = FIXTURES / "entries" / "good"
BAD_NAMES = sorted(p.name for p in BAD.glob("*.md"))
GOOD_NAMES = sorted(p.name for p in GOOD.glob("*.md"))


def lines(folder: Path, name: str) -> list[str]:
    checked = check_entry(name, (folder / name).read_bytes(), snapshots=SnapshotStore(STORE))
    return [d.format() for d in checked.diagnostics]


def test_the_corpus_is_complete() -> None:
    expected = sorted(p.name for p in BAD.glob("*.expected"))
    assert expected == sorted(name.removesuffix(".md") + ".expected" for name in BAD_NAMES)
    shown = {
        line.split(" ")[2]
        for path in BAD.glob("*.expected")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    # ST074 is reported only when a level is required: see test_ladder.
    assert shown == {r.id for r in EVIDENCE_RULES} - {"ST074"}


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_entry_gives_exactly_its_expected_lines(name: str) -> None:
    expected = (BAD / name).with_suffix(".expected").read_text(encoding="utf-8")
    assert lines(BAD, name) == expected.replace("STORE", str(STORE)).splitlines()


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_good_entry_gives_no_finding(name: str) -> None:
    assert lines(GOOD, name) == []
