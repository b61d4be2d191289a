"""``claims.json`` written in one pass says exactly what the first version said.

``old_claims_json`` below is the first version, copied with every helper it called (as
they were before the ladder learnt to work out an entry's chains once), so that a
change to those helpers cannot change the reference too. The corpus is the fixture
entries, the benchmark's fictional corpus (which has chains, shared sources and
locators) and the digest's one real entry checked against its saved copy (verified
passages and a quote).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import write_corpus
from build_tools.anchors import claim_anchors
from build_tools.check import check_entry
from build_tools.evidence.store import SnapshotStore
from build_tools.evidence.verify import Evidence, passage_of, recorded
from build_tools.model import Body, Claim, Entry, Role, Source
from build_tools.site.datasets import claim_sentence, claims_json, close_up
from build_tools.site.published import PublishedEntry
from build_tools.sourcing import LADDER, ClaimLevel, Step, claim_level, sourcing_of, total
from tests.site.entries import published

REPOSITORY = Path(__file__).resolve().parents[2]
CONTENT = REPOSITORY / "content"
SEED = CONTENT / "entries" / "2016" / "cumhuriyet-transcripts-officers-islamic-state.md"

_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?])")


def _old_sentence(claim: Claim, entry: Entry) -> str:
    # The first version quoted the sentence as written (a block quote's "> ", a link's
    # address and all); a sentence is now quoted as the page shows it, tested below.
    return claim_sentence(claim, entry)


def _old_chain(source: Source, entry: Entry, *, include_self: bool = False) -> list[Source]:
    seen: set[str] = {source.id}
    order: list[Source] = [source] if include_self else []
    pending = [source]
    while pending:
        current = pending.pop(0)
        for via_id in current.via:
            target = entry.source(via_id)
            if target is not None and target.id not in seen:
                seen.add(target.id)
                order.append(target)
                pending.append(target)
    return order


def _old_cited_sources(claim: Claim, entry: Entry) -> list[Source]:
    found: dict[str, Source] = {}
    for citation in claim.support:
        for reference in citation.references:
            source = entry.source(reference.source_id)
            if source is not None:
                found.setdefault(source.id, source)
    return list(found.values())


def _old_dependence(claim: Claim, entry: Entry) -> list[str]:
    sources = _old_cited_sources(claim, entry)
    reach = {s.id: {r.id for r in _old_chain(s, entry, include_self=True)} for s in sources}
    notes: list[str] = []
    for index, first in enumerate(sources):
        for second in sources[index + 1 :]:
            if second.id in reach[first.id]:
                notes.append(f"{first.id} rests on {second.id}")
            elif first.id in reach[second.id]:
                notes.append(f"{second.id} rests on {first.id}")
            elif shared := reach[first.id] & reach[second.id]:
                named = ", ".join(sorted(shared))
                notes.append(f"{first.id} and {second.id} both rest on {named}")
    return notes


def _old_steps(claim: Claim, entry: Entry, evidence: Evidence | None) -> list[str]:
    sources = _old_cited_sources(claim, entry)
    verified = False
    if evidence is not None:
        for citation in claim.citations:
            for reference in citation.references:
                check = evidence.of_citation(citation.index, reference.source_id)
                if check is not None and check.verdict == "verified":
                    verified = True
    reached = {
        Step.CITED: claim.cited,
        Step.PRIMARY: any(s.role is Role.PRIMARY for s in sources),
        Step.OPENABLE: any(bool(s.url or s.archive_url) for s in sources),
        Step.VERIFIED: verified,
    }
    return [step.value for step in LADDER if reached[step]]


def _old_record(claim: Claim, anchor: str, entry: Entry, evidence: Evidence | None) -> Any:
    citations = []
    for citation in claim.support:
        for reference in citation.references:
            record: dict[str, Any] = {"source": reference.source_id, "locator": reference.locator}
            passage = passage_of(reference.locator)
            if passage is not None:
                check = None
                if evidence is not None:
                    check = evidence.of_citation(citation.index, reference.source_id)
                record["passage"] = passage
                record["verdict"] = check.verdict if check is not None else "no snapshot"
            citations.append(record)
    notes = _old_dependence(claim, entry)
    return {
        "anchor": anchor,
        "sentence": _old_sentence(claim, entry),
        "citations": citations,
        "evidence": _old_steps(claim, entry, evidence),
        "independent": not notes,
        "not_independent": notes,
    }


def old_claims_json(
    items: Sequence[PublishedEntry],
    anchors: Callable[[Body], tuple[str, ...]] | None = None,
) -> str:
    """``claims_json`` as it was first written."""
    ordered = sorted(
        items,
        key=lambda p: (p.entry.date.isoformat() if p.entry.date else "", p.url),
        reverse=True,
    )
    entries = []
    anchors_of = anchors or claim_anchors
    for item in ordered:
        body = item.entry.body
        entries.append(
            {
                "url": item.url,
                "title": item.entry.title,
                "claims": [
                    _old_record(claim, anchor, item.entry, recorded(item.entry))
                    for claim, anchor in zip(body.claims, anchors_of(body), strict=True)
                ],
            }
        )
    data = {"version": 2, "entries": entries}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[PublishedEntry]:
    docs = tmp_path_factory.mktemp("bench")
    write_corpus(docs, 60)
    items = list(published())
    for path in sorted((docs / "entries").rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        checked = check_entry(relative, path.read_bytes(), authors=None)
        assert checked.entry is not None, checked.diagnostics
        items.append(PublishedEntry(checked.entry, relative.removesuffix(".md") + "/"))
    seed = check_entry(
        "seed.md",
        SEED.read_bytes(),
        authors={"desk"},
        snapshots=SnapshotStore(CONTENT / "snapshots"),
    )
    assert seed.entry is not None and recorded(seed.entry) is not None
    items.append(PublishedEntry(seed.entry, "entries/2016/seed/"))
    return items


def test_claims_json_is_what_the_first_version_wrote(corpus: list[PublishedEntry]) -> None:
    written = claims_json(corpus)
    assert written == old_claims_json(corpus)
    data = json.loads(written)
    claims = [c for e in data["entries"] for c in e["claims"]]
    # The corpus exercises every part of a record, so the comparison means something.
    assert len(data["entries"]) == len(corpus) and len(claims) > 1000
    assert any(not c["independent"] for c in claims)
    assert any("verified" in c["evidence"] for c in claims)
    assert any(c.get("verdict") == "verified" for c in claims for c in c["citations"])
    assert any(c["locator"] for c in claims for c in c["citations"])


def test_claims_json_takes_the_renderers_anchors(corpus: list[PublishedEntry]) -> None:
    def anchors(body: Body) -> tuple[str, ...]:
        return tuple(f"a-{n}" for n in range(len(body.claims)))

    assert claims_json(corpus[:5], anchors) == old_claims_json(corpus[:5], anchors)


def test_claims_json_of_no_entry() -> None:
    assert claims_json([]) == '{"version":2,"entries":[]}\n' == old_claims_json([])


def test_the_sourcing_figures_are_the_claims_levels(corpus: list[PublishedEntry]) -> None:
    # sourcing_of places an entry's claims with its chains worked out once: the same
    # levels as placing each claim on its own.
    for item in corpus:
        entry, evidence = item.entry, recorded(item.entry)
        one_by_one: list[ClaimLevel] = [
            claim_level(claim, entry, evidence) for claim in entry.body.claims
        ]
        assert sourcing_of(entry, evidence) == total(one_by_one)
        assert [level.not_independent for level in one_by_one] == [
            tuple(_old_dependence(claim, entry)) for claim in entry.body.claims
        ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour closed .",
        "Cost , time ; and scope : all cut !",
        "Who ?! Nobody .",
        "a ,. b",
        "No space before punctuation.",
        ". At the start",
        "Ends with a space before nothing ",
        "Tabs are gone \u00a0. here",
    ],
)
def test_closing_up_is_what_the_pattern_did(sentence: str) -> None:
    single = " ".join(sentence.split())
    assert close_up(single) == _SPACE_BEFORE_PUNCTUATION.sub("", single)


@pytest.mark.parametrize(
    ("body", "sentences"),
    [
        # A link's address and a citation in its text, emphasis, entities, a block
        # quote's markers: the sentence as the page shows it.
        (
            "[The minister [@court]](https://example.org/) quit. It *closed* &amp; "
            "reopened [@court].\n\n> We also\n> saw you [@court].\n",
            ["The minister quit.", "It closed & reopened.", "We also saw you."],
        ),
        ("It sat [@court, p. 4; @court] today [@court].\n", ["It sat today."]),
        # A bracket written as an entity shows as typed; only the citation goes.
        (
            "The port closed &#91;@court] on Monday [@court].\n",
            ["The port closed [@court] on Monday."],
        ),
    ],
)
def test_a_claims_sentence_is_what_the_page_shows(body: str, sentences: list[str]) -> None:
    text = (
        "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
        "sources:\n  - id: court\n    title: Hearing record\n    publisher: Ankara court\n"
        "    role: primary\n    offline: court file, not published\n---\n\n" + body
    )
    entry = check_entry("e.md", text.encode()).entry
    assert entry is not None
    assert [claim_sentence(claim, entry) for claim in entry.body.claims] == sentences
