"""The digest's one real entry, verified against its saved copy of the repost."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as etree
from pathlib import Path

import pytest

from build_tools.check import CheckedFile, check_entry
from build_tools.cli import main
from build_tools.evidence.store import SnapshotStore
from build_tools.evidence.verify import assess, recorded, verify_entry
from build_tools.render.entry_parts import sources_section, sourcing_line
from build_tools.render.numbering import Numbering
from build_tools.site.datasets import claims_json, sources_json
from build_tools.site.jsonld import entry_jsonld_data
from build_tools.site.published import PublishedEntry

REPOSITORY = Path(__file__).resolve().parents[2]
CONTENT = REPOSITORY / "content"
SEED = CONTENT / "entries" / "2016" / "cumhuriyet-transcripts-officers-islamic-state.md"
SNAPSHOT = "afa7d5c2e0229d0d5aba058b98a75cf08464dedf6895fac1bb9618cdcf271728"
SAVED = Path("/work/shared/seed/000_dccd69e6813ba597.txt")
LINE = (
    "17 claims: 17 cited, 0 citing a primary source, 0 a reader can open, "
    "6 with a verified passage; all rest on one source: leonkuravson (personal journal)"
)


def checked(store: SnapshotStore | None) -> CheckedFile:
    return check_entry("seed.md", SEED.read_bytes(), authors={"desk"}, snapshots=store)


def test_the_snapshot_is_the_saved_repost_byte_for_byte() -> None:
    original = CONTENT / "snapshots" / SNAPSHOT / "original.txt"
    if SAVED.is_file():
        assert original.read_bytes() == SAVED.read_bytes()
    meta = json.loads((original.parent / "meta.json").read_text(encoding="utf-8"))
    assert meta["label"].startswith("verbatim third-party copy of the blog repost")
    assert meta["how"] == "file"


def test_the_quote_and_six_passage_citations_are_verified() -> None:
    result = checked(SnapshotStore(CONTENT / "snapshots"))
    assert [d.format() for d in result.diagnostics] == []
    assert result.entry is not None
    evidence = recorded(result.entry)
    assert evidence is not None
    assert [(p.citation is None, p.verdict) for p in evidence.passages] == [
        (True, "verified"),
        *[(False, "verified")] * 6,
    ]
    assert sourcing_line(result.entry) == LINE


def test_without_its_snapshot_nothing_is_verified_and_nothing_fails() -> None:
    result = checked(None)
    assert [d.format() for d in result.diagnostics] == []
    assert result.entry is not None
    assert sourcing_line(result.entry, assess(result.entry, None)) == LINE.replace(
        "6 with a verified passage", "0 with a verified passage"
    )


def test_an_edited_snapshot_fails_the_entry(tmp_path: Path) -> None:
    shutil.copytree(CONTENT / "snapshots", tmp_path / "snapshots")
    original = tmp_path / "snapshots" / SNAPSHOT / "original.txt"
    original.write_bytes(original.read_bytes().replace(b"27 individuals", b"72 individuals"))
    result = checked(SnapshotStore(tmp_path / "snapshots"))
    assert [(d.rule, d.position.line) for d in result.diagnostics] == [("ST071", 26)]


def test_the_sources_section_shows_the_copy_the_verdicts_and_the_chain() -> None:
    result = checked(SnapshotStore(CONTENT / "snapshots"))
    assert result.entry is not None
    html = "".join(
        etree.tostring(part, encoding="unicode")
        for part in sources_section(result.entry, Numbering(result.entry))
    )
    assert (
        f"Saved copy sha256:{SNAPSHOT[:12]}, captured December 1, 2026: verbatim third-party copy "
        "of the blog repost" in html
    )
    assert html.count('class="st-verdict st-verified"') == 7
    assert f"Verified in the saved copy of December 1, 2026 (sha256:{SNAPSHOT[:12]})" in html
    assert (
        "Chain: Cumhuriyet, which names Ankara 3rd High Criminal Court; none of them seen by "
        "the digest" in html
    )
    # No address for the repost: the passages are shown as quotations, not links.
    assert "<q>six Turkish citizens reported to police" in html


def test_claims_json_and_json_ld_report_the_ladder() -> None:
    result = checked(SnapshotStore(CONTENT / "snapshots"))
    assert result.entry is not None
    url = "entries/2016/cumhuriyet-transcripts-officers-islamic-state/"
    data = json.loads(claims_json([PublishedEntry(result.entry, url)]))
    assert data["version"] == 2
    claims = data["entries"][0]["claims"]
    assert [c["evidence"] for c in claims].count(["cited", "verified"]) == 6
    assert all(c["evidence"][0] == "cited" and "primary" not in c["evidence"] for c in claims)
    surveillance = next(c for c in claims if "surveillance" in c["sentence"])
    assert surveillance["citations"] == [
        {
            "source": "repost",
            "locator": '"At least 19 people came under surveillance as a result and prosecutors '
            'then charged 27 individuals"',
            "passage": "At least 19 people came under surveillance as a result and prosecutors "
            "then charged 27 individuals",
            "verdict": "verified",
        }
    ]
    sources = json.loads(sources_json([PublishedEntry(result.entry, url)]))["sources"]
    repost = next(s for s in sources if s["title"].startswith("Turkish Newspaper"))
    assert [(c["snapshot"], c["quote_verdict"]) for c in repost["cited_by"]] == [
        (f"sha256:{SNAPSHOT}", "verified")
    ]
    jsonld = entry_jsonld_data(result.entry, "https://example.org/" + url)
    # Neither primary source is cited directly: the article is based on none of them.
    assert jsonld["isBasedOn"] == []
    assert jsonld["backstory"] == LINE
    repost = jsonld["citation"][0]
    assert repost["isBasedOn"] == [{"@id": f"https://example.org/{url}#source-cumhuriyet"}]


def test_stats_of_the_digest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPOSITORY)
    assert main(["stats", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    figures = {k: data[k] for k in ("claims", "cited", "primary", "openable", "verified")}
    assert figures == {"claims": 17, "cited": 17, "primary": 0, "openable": 0, "verified": 6}
    assert data["passages"] == {"verified": 7, "altered": 0, "not found": 0, "no snapshot": 0}
    assert data["snapshots"] == 1


def test_a_page_rendered_before_its_check_verifies_against_the_named_store() -> None:
    from build_tools.evidence.verify import render_with
    from build_tools.parse.entry import parse_entry

    entry = parse_entry("seed.md", SEED.read_bytes()).entry
    assert entry is not None
    render_with(None)
    assert recorded(entry) is None
    render_with(SnapshotStore(CONTENT / "snapshots"))
    try:
        assert sourcing_line(entry) == LINE
    finally:
        render_with(None)


def test_the_line_is_counted_again_once_the_entry_is_verified() -> None:
    from build_tools.parse.entry import parse_entry

    entry = parse_entry("seed.md", SEED.read_bytes()).entry
    assert entry is not None
    before = sourcing_line(entry)
    assert "0 with a verified passage" in before
    list(verify_entry(entry, SnapshotStore(CONTENT / "snapshots")))
    assert sourcing_line(entry) == LINE
