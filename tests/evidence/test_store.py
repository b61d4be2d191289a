"""The snapshot store: content-addressed, atomic, never overwritten, checked on reading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.evidence.store import (
    NewSnapshot,
    SnapshotError,
    SnapshotStore,
    digest_of,
    parse_reference,
    reference,
)
from tests.evidence.conftest import HEARING, hearing_snapshot


def test_a_snapshot_is_a_folder_named_by_the_hash_of_its_bytes(store: SnapshotStore) -> None:
    snapshot = hearing_snapshot(store)
    digest = digest_of(HEARING.read_bytes())
    assert snapshot.digest == digest
    folder = store.root / digest
    assert sorted(p.name for p in folder.iterdir()) == ["meta.json", "original.txt", "text.txt"]
    assert (folder / "original.txt").read_bytes() == HEARING.read_bytes()
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == digest
    assert meta["texts"] == {"text.txt": digest_of(HEARING.read_bytes())}
    assert meta["url"] == "https://example.org/hearing"
    assert snapshot.captured == "2016-02-23T09:00:00Z"


def test_the_same_bytes_are_one_snapshot_and_nothing_is_overwritten(store: SnapshotStore) -> None:
    first = hearing_snapshot(store)
    again, created = store.add(
        NewSnapshot(
            HEARING.read_bytes(), "txt", "another reading", {"url": "https://example.org/x"}
        )
    )
    assert not created
    assert again.texts == first.texts
    assert again.meta["url"] == "https://example.org/hearing"
    assert [p.name for p in store.root.iterdir()] == [first.digest]


def test_a_failed_capture_leaves_nothing_behind(store: SnapshotStore) -> None:
    # An extension with a path separator cannot be written: the staging folder goes too.
    with pytest.raises(OSError):
        store.add(NewSnapshot(b"bytes", "no/such/folder", "text", {}))
    assert list(store.root.iterdir()) == []


def test_edited_bytes_are_reported_as_tampering(store: SnapshotStore) -> None:
    snapshot = hearing_snapshot(store)
    original = snapshot.folder / "original.txt"
    original.write_bytes(original.read_bytes().replace(b"19", b"91"))
    with pytest.raises(SnapshotError, match="hash to sha256:") as caught:
        SnapshotStore(store.root).load(snapshot.digest)
    assert caught.value.tampered
    assert str(caught.value) == (
        f"snapshot sha256:{snapshot.digest[:12]}…: the bytes of original.txt hash to "
        f"sha256:{digest_of(original.read_bytes())[:12]}…, not to its name: the copy was "
        "changed after capture"
    )


def test_an_edited_text_is_reported_as_tampering(store: SnapshotStore) -> None:
    snapshot = hearing_snapshot(store)
    (snapshot.folder / "text.txt").write_text("The court acquitted everyone.", encoding="utf-8")
    with pytest.raises(SnapshotError) as caught:
        SnapshotStore(store.root).load(snapshot.digest)
    assert caught.value.tampered
    assert str(caught.value) == (
        f"snapshot sha256:{snapshot.digest[:12]}…: text.txt does not hash to the value in "
        "meta.json: the text was changed after capture"
    )


def test_a_missing_snapshot(store: SnapshotStore, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError) as caught:
        store.load("ab" * 32)
    assert not caught.value.tampered
    assert str(caught.value) == f"snapshot sha256:{'ab' * 6}… is not in {tmp_path / 'snapshots'}"


def test_references() -> None:
    digest = "0f" * 32
    assert parse_reference(reference(digest)) == digest
    assert parse_reference("sha256:" + "0F" * 32) is None
    assert parse_reference("md5:" + digest) is None


def test_snapshot_pages_escape_the_text_and_stay_out_of_search(store: SnapshotStore) -> None:
    from build_tools.check import check_entry
    from build_tools.evidence.pages import page_path, snapshot_pages
    from build_tools.site.published import PublishedEntry

    snapshot, _ = store.add(
        NewSnapshot(b"<script>alert(1)</script> & more", "txt", "<script>alert(1)</script> & more",
                    {"url": "https://example.org/x", "captured": "2016-02-23T09:00:00Z"})
    )  # fmt: skip
    text = (
        "---\ntitle: T <b>\ndate: 2016-02-22\nsummary: S.\nsources:\n  - id: x\n    title: X\n"
        f"    publisher: P\n    role: primary\n    url: https://example.org/x\n"
        f"    archive_url: https://archive.example.org/x\n    snapshot: sha256:{snapshot.digest}\n"
        "---\n\nIt sat [@x].\n"
    )
    entry = check_entry("e.md", text.encode()).entry
    assert entry is not None
    pages = snapshot_pages([PublishedEntry(entry, "entries/2016/t/")], store)
    assert list(pages) == [page_path(snapshot.digest)]
    page = pages[page_path(snapshot.digest)]
    assert not page.searchable
    assert (
        "<script>" not in page.html
        and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page.html
    )
    assert '<a href="../../entries/2016/t/#source-x">T &lt;b&gt;</a>' in page.html
    assert f"<dd>{snapshot.digest}</dd>" in page.html
    # A snapshot the store does not hold gets no page.
    assert (
        snapshot_pages([PublishedEntry(entry, "e/")], SnapshotStore(store.root / "elsewhere")) == {}
    )
