"""Verification inside the check: ST070 to ST073 through ``check_entry``, with a real store."""

from __future__ import annotations

import pytest

from build_tools.check import check_entry
from build_tools.evidence.store import Snapshot, SnapshotStore
from build_tools.evidence.verify import assess, passage_of
from build_tools.model import Severity
from build_tools.rules.registry import RULES
from tests.evidence.conftest import hearing_snapshot


def entry(snapshot: str | None, quote: str | None, body: str) -> bytes:
    lines = [
        "---",
        "title: Court hears the case",
        "date: 2016-02-22",
        "summary: The court heard the case.",
        "sources:",
        "  - id: gazette",
        "    title: Court hears the case",
        "    publisher: Vellmar Gazette",
        "    role: primary",
        "    url: https://example.org/hearing",
        "    archive_url: https://archive.example.org/hearing",
    ]
    if snapshot is not None:
        lines.append(f"    snapshot: {snapshot}")
    if quote is not None:
        lines.append(f"    quote: {quote}")
    return ("\n".join([*lines, "---", "", body, ""])).encode()


@pytest.fixture
def hearing(store: SnapshotStore) -> Snapshot:
    return hearing_snapshot(store)


def findings(data: bytes, store: SnapshotStore | None) -> list[str]:
    return [d.format() for d in check_entry("e.md", data, snapshots=store).diagnostics]


def test_a_verified_quote_and_passages_give_no_finding(
    store: SnapshotStore, hearing: Snapshot
) -> None:
    data = entry(
        f"sha256:{hearing.digest}",
        "\u201cThe defendants did not attend the hearing,\u201d the court\u2019s chair, "
        "[\u2026] said.",
        'The court sat on Monday [@gazette, "heard the case on Monday"]. Prosecutors charged '
        "27 people [@gazette, \u201ccharged 27 people\u201d].",
    )
    assert findings(data, store) == []
    evidence = assess(check_entry("e.md", data).entry, store)  # type: ignore[arg-type]
    assert [(p.source_id, p.citation, p.verdict) for p in evidence.passages] == [
        ("gazette", None, "verified"),
        ("gazette", 0, "verified"),
        ("gazette", 1, "verified"),
    ]


def test_a_quote_not_in_the_snapshot_is_an_error(store: SnapshotStore, hearing: Snapshot) -> None:
    data = entry(
        f"sha256:{hearing.digest}", "The court sentenced all 27 defendants.", "It sat [@gazette]."
    )
    assert findings(data, store) == [
        f"e.md:13:5: error ST072 the quote of source 'gazette' is not in "
        f'sha256:{hearing.digest[:12]}…: "The court sentenced all 27 defendants" was not found '
        "(copy the passage from the source, or mark left-out words with […])"
    ]


def test_a_changed_number_is_a_warning_showing_the_difference(
    store: SnapshotStore, hearing: Snapshot
) -> None:
    data = entry(
        f"sha256:{hearing.digest}", "at least 91 were under surveillance", "It sat [@gazette]."
    )
    assert findings(data, store) == [
        f"e.md:13:5: warning ST073 the quote of source 'gazette' differs from "
        f'sha256:{hearing.digest[:12]}… (a number differs): the source says "19", the quote '
        '"91" (quote the source\'s own words)'
    ]


def test_a_dropped_negation_in_a_passage_citation(store: SnapshotStore, hearing: Snapshot) -> None:
    data = entry(
        f"sha256:{hearing.digest}",
        None,
        'They came [@gazette, "The defendants did attend the hearing"].',
    )
    assert findings(data, store) == [
        f"e.md:15:12: warning ST073 the passage cited from 'gazette' differs from "
        f'sha256:{hearing.digest[:12]}… (a negation differs): the source has "not", left out '
        "of the quote (quote the source's own words)"
    ]


def test_a_passage_citation_not_in_the_snapshot(store: SnapshotStore, hearing: Snapshot) -> None:
    data = entry(f"sha256:{hearing.digest}", None, 'It ruled [@gazette, "the jury was sent home"].')
    assert findings(data, store) == [
        f"e.md:15:11: error ST072 the passage cited from 'gazette' is not in "
        f'sha256:{hearing.digest[:12]}…: "the jury was sent home" was not found (copy the '
        "passage from the source, or mark left-out words with …)"
    ]


def test_edited_snapshot_bytes_are_an_error(store: SnapshotStore, hearing: Snapshot) -> None:
    original = hearing.folder / "original.txt"
    original.write_bytes(original.read_bytes() + b"\nThe court acquitted everyone.\n")
    data = entry(f"sha256:{hearing.digest}", "heard the case", "It sat [@gazette].")
    [finding] = findings(data, SnapshotStore(store.root))
    assert finding.startswith(
        f"e.md:12:5: error ST071 source 'gazette': snapshot sha256:{hearing.digest[:12]}…: "
        "the bytes of original.txt hash to sha256:"
    )
    assert finding.endswith(
        ", not to its name: the copy was changed after capture; restore the file from version "
        "control or capture the source again"
    )


def test_a_snapshot_not_in_the_store_is_an_error(store: SnapshotStore) -> None:
    data = entry("sha256:" + "ab" * 32, "heard the case", "It sat [@gazette].")
    assert findings(data, store) == [
        f"e.md:12:5: error ST070 source 'gazette': snapshot sha256:{'ab' * 6}… is not in "
        f"{store.root}: capture it again with 'sourcetrace capture', or correct the snapshot: value"
    ]


def test_no_snapshot_is_counted_not_reported(store: SnapshotStore) -> None:
    data = entry(None, "anything at all", 'It sat [@gazette, "not checked"].')
    assert findings(data, store) == []
    evidence = assess(check_entry("e.md", data).entry, store)  # type: ignore[arg-type]
    assert [p.verdict for p in evidence.passages] == ["no snapshot", "no snapshot"]


def test_without_a_store_nothing_is_verified_or_reported(hearing: Snapshot) -> None:
    data = entry(
        f"sha256:{hearing.digest}", "not in the source at all, surely", "It sat [@gazette]."
    )
    assert findings(data, None) == []


def test_a_malformed_snapshot_value_is_a_field_error(store: SnapshotStore) -> None:
    data = entry("sha256:XYZ", None, "It sat [@gazette].")
    assert findings(data, store) == [
        "e.md:12:5: error ST003 source 'gazette' 'snapshot' must name a snapshot as sha256: "
        "and 64 lowercase hex digits, as 'sourcetrace capture' prints it; found 'sha256:XYZ'"
    ]


@pytest.mark.parametrize(
    ("locator", "passage"),
    [
        ('"said to come"', "said to come"),
        ("\u201csaid to come\u201d", "said to come"),
        ("\u201esaid to come\u201c", "said to come"),
        ("p. 4", None),
        ('"', None),
        (None, None),
    ],
)
def test_passage_locators(locator: str | None, passage: str | None) -> None:
    assert passage_of(locator) == passage


def test_the_verdict_rules_are_registered_with_their_severities() -> None:
    assert {r: RULES[r].severity for r in ("ST070", "ST071", "ST072", "ST073")} == {
        "ST070": Severity.ERROR,
        "ST071": Severity.ERROR,
        "ST072": Severity.ERROR,
        "ST073": Severity.WARNING,
    }
