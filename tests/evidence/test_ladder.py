"""The evidence ladder, via chains and independence (``build_tools.sourcing``)."""

from __future__ import annotations

from build_tools.check import check_entry
from build_tools.evidence.verify import assess
from build_tools.model import Entry
from build_tools.render.entry_parts import (
    describe_sourcing,
    forget_sourcing_lines,
    sourcing_line,
    text_fragment,
)
from build_tools.sourcing import (
    Step,
    can_be_opened,
    chain,
    claim_level,
    dependence,
    reaches_primary,
    rests_on,
    sourcing_of,
)


def read(sources: str, body: str) -> Entry:
    text = "---\ntitle: T\ndate: 2016-02-22\nsummary: S.\nsources:\n" + sources + "---\n\n" + body
    checked = check_entry("e.md", text.encode())
    assert checked.entry is not None, checked.diagnostics
    return checked.entry


def source(source_id: str, role: str, extra: str = "") -> str:
    return (
        f"  - id: {source_id}\n    title: {source_id} title\n    publisher: {source_id.title()}\n"
        f"    role: {role}\n" + "".join(f"    {line}\n" for line in extra.splitlines())
    )


COURT = source("court", "primary", "offline: court file")
AGENCY = source("agency", "secondary", "url: https://example.org/wire\nvia: [court]")
PAPER = source("paper", "secondary", "url: https://example.org/paper\nvia: [agency]")
BLOG = source("blog", "secondary", "offline: gone\nvia: [agency]")
RADIO = source("radio", "secondary", "archive_url: https://archive.example.org/radio")


def test_a_via_chain_never_counts_as_citing_the_primary() -> None:
    entry = read(COURT + AGENCY + PAPER, "The court charged 27 people [@paper].\n")
    [claim] = entry.body.claims
    assert reaches_primary(entry.source("paper"), entry)  # type: ignore[arg-type]
    level = claim_level(claim, entry)
    assert (level.cited, level.primary, level.openable, level.verified) == (
        True,
        False,
        True,
        False,
    )
    assert level.steps == ["cited", "openable"]
    assert [s.id for s in chain(entry.source("paper"), entry)] == ["agency", "court"]  # type: ignore[arg-type]


def test_citing_the_primary_directly_does() -> None:
    entry = read(COURT, "The court charged 27 people [@court].\n")
    level = claim_level(entry.body.claims[0], entry)
    assert level.steps == ["cited", "primary"]
    assert level.reaches(Step.PRIMARY) and not level.reaches(Step.OPENABLE)


def test_sources_resting_on_one_report_are_not_independent() -> None:
    entry = read(
        COURT + AGENCY + PAPER + BLOG + RADIO,
        "The court charged 27 people [@paper; @blog]. It sat twice [@paper; @radio]. "
        "It sat in Ankara [@paper; @agency].\n",
    )
    first, second, third = entry.body.claims
    assert dependence(first, entry) == ["paper and blog both rest on agency, court"]
    assert dependence(second, entry) == []
    assert dependence(third, entry) == ["paper rests on agency"]
    assert sourcing_of(entry).not_independent == 2
    assert claim_level(second, entry).not_independent == ()


def test_what_a_reader_can_open() -> None:
    entry = read(COURT + RADIO, "It sat [@radio]. It ruled [@court].\n")
    assert [claim_level(c, entry).openable for c in entry.body.claims] == [True, False]
    snapshotted = read(
        source("court", "primary", "offline: court file\nsnapshot: sha256:" + "a" * 64),
        "It ruled [@court].\n",
    )
    court = snapshotted.source("court")
    assert court is not None
    assert not can_be_opened(court) and can_be_opened(court, published_snapshots=True)


def test_the_chain_in_words() -> None:
    entry = read(COURT + AGENCY + PAPER, "It sat [@paper].\n")
    paper, agency, court = (entry.source(i) for i in ("paper", "agency", "court"))
    assert paper is not None and agency is not None and court is not None
    assert rests_on(paper, entry) == ("Agency, which names Court; none of them seen by the digest")
    assert rests_on(agency, entry, seen=["court"]) == "Court; each held by the digest as a snapshot"
    assert rests_on(paper, entry, seen=["court"]) == (
        "Agency, which names Court; not seen by the digest: Agency"
    )
    assert rests_on(court, entry) is None


def test_the_sourcing_line_counts_each_rung() -> None:
    entry = read(COURT + AGENCY + PAPER, "The court charged 27 [@paper]. It sat [@court].\n")
    assert sourcing_line(entry) == (
        "2 claims: 2 cited, 1 citing a primary source, 1 a reader can open, "
        "0 with a verified passage"
    )
    one = read(RADIO, "It sat [@radio].\n")
    assert sourcing_line(one) == (
        "1 claim: 1 cited, 0 citing a primary source, 1 a reader can open, "
        "0 with a verified passage; all rest on one source: Radio"
    )
    shared = read(COURT + AGENCY + PAPER + BLOG, "It sat [@paper; @blog].\n")
    assert describe_sourcing(sourcing_of(shared)) == (
        "1 claim: 1 cited, 0 citing a primary source, 1 a reader can open, "
        "0 with a verified passage; 1 cites sources that are not independent"
    )


def test_each_entry_keeps_its_own_sourcing_line_however_they_alternate() -> None:
    two = read(COURT + AGENCY + PAPER, "The court charged 27 [@paper]. It sat [@court].\n")
    one = read(RADIO, "It sat [@radio].\n")
    lines = [sourcing_line(e) for e in (two, one, two, one)]
    assert [line.split(":")[0] for line in lines] == ["2 claims", "1 claim", "2 claims", "1 claim"]
    assert lines[1].endswith("all rest on one source: Radio")
    forget_sourcing_lines()
    assert sourcing_line(one) == lines[1]  # worked out again, the same


def test_without_a_store_no_passage_counts_as_verified() -> None:
    entry = read(
        source("court", "primary", "offline: court file\nsnapshot: sha256:" + "a" * 64),
        'It ruled [@court, "the court ruled"].\n',
    )
    evidence = assess(entry, None)
    assert [p.verdict for p in evidence.passages] == ["no snapshot"]
    assert sourcing_of(entry, evidence).verified == 0


def test_text_fragments() -> None:
    assert text_fragment("https://example.org/a#top", "in the minefield") == (
        "https://example.org/a#:~:text=in%20the%20minefield"
    )
    assert (
        text_fragment("https://example.org/a", "one two three four five six seven eight nine ten")
        == "https://example.org/a#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
    )


def test_required_levels() -> None:
    from build_tools.evidence.require import below_required

    entry = read(COURT + AGENCY + PAPER, "The court charged 27 [@paper]. It sat [@court].\n")
    assert list(below_required(entry, None, ["cited"])) == []
    assert [(r, p.line, m) for r, p, m in below_required(entry, None, ["primary", "openable"])] == [
        (
            "ST074",
            25,
            "required level 'primary' not met: \"The court charged 27 [@paper].\" cites no "
            "primary source directly (a via chain does not count)",
        ),
        (
            "ST074",
            25,
            "required level 'openable' not met: \"It sat [@court].\" cites no source a reader "
            "can open (a url, an archive_url or a published snapshot)",
        ),
    ]


def test_required_quotes_need_a_snapshot() -> None:
    from build_tools.evidence.require import below_required

    entry = read(
        source("court", "primary", "offline: file\nquote: The court sat."), "It sat [@court].\n"
    )
    assert [m for _, _, m in below_required(entry, None, ["quotes"])] == [
        "required level 'quotes' not met: the quote of source 'court' is not verified: the "
        "source has no snapshot (capture it with 'sourcetrace capture')"
    ]


def test_an_unknown_level_is_refused() -> None:
    import pytest

    from build_tools.evidence.require import below_required

    entry = read(COURT, "It sat [@court].\n")
    with pytest.raises(ValueError, match="unknown level"):
        list(below_required(entry, None, ["everything"]))


def test_a_published_snapshot_opens_the_source_for_readers() -> None:
    from build_tools.evidence.verify import render_with

    entry = read(
        source("court", "primary", "offline: court file\nsnapshot: sha256:" + "b" * 64),
        "It ruled [@court].\n",
    )
    assert "0 a reader can open" in sourcing_line(entry)
    render_with(None, published=True)
    try:
        assert "1 a reader can open" in sourcing_line(entry, assess(entry, None))
    finally:
        render_with(None)
