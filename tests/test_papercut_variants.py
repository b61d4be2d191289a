"""Variants of the papercuts fixed before: each mistake in a source's id or via, one finding.

Each case asserts every finding of the entry, so that a second finding for the same
mistake fails it; the paths named to ``check`` are tested end to end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools.check import check_entry
from build_tools.fields import SOURCE_FIELD_NAMES, nearest_field
from tests.test_cli_check import Run, run

COURT = """\
  - id: court
    title: Hearing record
    publisher: Ankara 3rd High Criminal Court
    role: primary
    offline: court file, not published
"""
PAPER = """\
  - id: paper
    title: Court hears appeal
    publisher: Example Daily
    role: secondary
    url: https://example.org/appeal
    archive_url: https://archive.example.org/appeal
    via: [court]
"""
BODY = "The court heard the appeal [@court]. Prosecutors charged 27 people [@paper].\n"
BAD_ID = (
    "must be a lowercase id matching [a-z0-9][a-z0-9._-]* (letters, digits, '.', '_', '-'), "
    "found {found!r}"
)
NAMES_ITSELF = (
    "source 'paper' names itself in via: via lists the other sources it relies on (its "
    "chain), and a source cannot rest on itself; remove 'paper' from via"
)

Finding = tuple[int, int, str, str]


def entry(sources: str, body: str = BODY, front: str = "") -> bytes:
    """An entry whose sources start on line 6 (``front`` lines push them down)."""
    return (
        "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
        f"{front}sources:\n{sources}---\n\n{body}"
    ).encode()


def findings(data: bytes) -> list[Finding]:
    checked = check_entry("entry.md", data, authors=frozenset({"desk"}))
    return [(d.position.line, d.position.column, d.rule, d.message) for d in checked.diagnostics]


# A via item in the wrong case


def test_an_id_in_capitals_in_via_is_named_with_the_id_meant_at_the_item() -> None:
    data = entry(COURT + PAPER.replace("via: [court]", "via: [Court]"))
    assert findings(data) == [
        (
            17,
            11,
            "ST003",
            f"source 'paper' 'via' item 1 {BAD_ID.format(found='Court')}: did you mean court?",
        )
    ]


def test_an_id_in_capitals_in_via_names_a_later_source_too() -> None:
    via_later = PAPER.replace("via: [court]", "via: [wire, COURT]")
    wire = COURT.replace("id: court", "id: wire")
    data = entry(via_later + COURT + wire)
    assert findings(data) == [
        (
            12,
            17,
            "ST003",
            f"source 'paper' 'via' item 2 {BAD_ID.format(found='COURT')}: did you mean court?",
        )
    ]


def test_an_id_in_capitals_that_means_no_listed_source_is_the_list_finding() -> None:
    data = entry(COURT + PAPER.replace("via: [court]", "via: [Agency]"))
    assert findings(data) == [
        (
            17,
            5,
            "ST003",
            "source 'paper' 'via' must be a list of source ids, but item 1 is 'Agency'",
        )
    ]


def test_a_source_via_itself_in_capitals_is_named_as_via_itself() -> None:
    data = entry(COURT + PAPER.replace("via: [court]", "via: [Paper]"))
    assert findings(data) == [(17, 11, "ST010", f"{NAMES_ITSELF} or replace it with one of: court")]


# A mistake in a source's own id: not also an unknown source at each citation of it


@pytest.mark.parametrize(
    ("written", "finding"),
    [
        (
            "id: Court",
            (6, 5, "ST003", f"source 'Court' 'id' {BAD_ID.format(found='Court')}"),
        ),
        (
            "id: Court Record",
            (6, 5, "ST003", f"source 'Court Record' 'id' {BAD_ID.format(found='Court Record')}"),
        ),
        (
            "idd: court",
            (
                6,
                5,
                "ST003",
                "source 1 has no 'id': the field written 'idd' is a misspelling of it; "
                "rename it to 'id'",
            ),
        ),
        (
            "ID: court",
            (
                6,
                5,
                "ST003",
                "source 1 has no 'id': the field written 'ID' is a misspelling of it; "
                "rename it to 'id'",
            ),
        ),
    ],
)
def test_a_mistake_in_a_source_id_is_one_finding(written: str, finding: Finding) -> None:
    meant = "court-record" if "Record" in written else "court"
    sources = COURT.replace("id: court", written) + PAPER.replace("[court]", f"[{meant}]")
    data = entry(sources, BODY.replace("@court", f"@{meant}"))
    assert findings(data) == [finding]


def test_a_source_id_that_means_no_id_leaves_the_source_unread() -> None:
    sources = COURT.replace("id: court", "id: Court?") + COURT.replace("id: court", "id: paper")
    data = entry(sources, "The court heard the appeal [@paper].\n")
    checked = check_entry("entry.md", data)
    assert [(d.rule, d.message) for d in checked.diagnostics] == [
        ("ST003", f"source 'Court?' 'id' {BAD_ID.format(found='Court?')}")
    ]
    assert checked.entry is not None
    assert [source.id for source in checked.entry.sources] == ["paper"]


def test_a_field_in_capitals_is_taken_for_the_field() -> None:
    assert nearest_field("ID", SOURCE_FIELD_NAMES) == "id"
    assert nearest_field("URL", SOURCE_FIELD_NAMES) == "url"
    assert nearest_field("Archive_URL", SOURCE_FIELD_NAMES) == "archive_url"
    assert nearest_field("colour", SOURCE_FIELD_NAMES) is None


def test_an_optional_field_in_capitals_is_the_unknown_field_with_its_name() -> None:
    data = entry(COURT.replace("    offline:", "    OFFLINE:"), "The court sat [@court].\n")
    assert findings(data) == [
        (10, 5, "ST005", "unknown source field 'OFFLINE' is ignored: did you mean 'offline'?")
    ]  # not also ST031: the reason is written, under a name in capitals


# An id repeated in via


def test_a_source_via_itself_twice_is_one_finding() -> None:
    data = entry(COURT + PAPER.replace("via: [court]", "via: [paper, paper]"))
    assert findings(data) == [(17, 11, "ST010", f"{NAMES_ITSELF} or replace it with one of: court")]


def test_a_source_via_another_twice_is_its_chain_once() -> None:
    data = entry(COURT + PAPER.replace("via: [court]", "via: [court, court]"))
    checked = check_entry("entry.md", data)
    assert checked.diagnostics == ()
    assert checked.entry is not None
    assert [source.via for source in checked.entry.sources] == [(), ("court",)]


# An empty via


UNTRACED = (
    15,
    1,
    "ST022",
    "claim rests only on secondary sources (paper) with no via chain to a primary source: "
    '"Prosecutors charged 27 people [@paper]." (add via: [primary-id] to the source, or '
    "cite the primary source)",
)


@pytest.mark.parametrize("via", ["via: []", "via:"])
def test_an_empty_via_list_is_no_chain_as_an_empty_via_is(via: str) -> None:
    data = entry(PAPER.replace("via: [court]", via), "Prosecutors charged 27 people [@paper].\n")
    assert findings(data) == [UNTRACED]


# Commas in tags

# ST065's wording is made in build_tools/rules/front_matter_text.py; these pass once
# its tag rule reads the commas of other scripts and a trailing comma as a slip.
NEEDS_ST065_CHANGE = pytest.mark.xfail(
    strict=True, reason="ST065 change in build_tools/rules/front_matter_text.py"
)
COMMA = (
    "tag {tag} holds a comma, so it is one tag, not 2: write tags as a list, one topic each "
    "(tags: [{parts}]); to keep a comma in a tag on purpose, put that tag in quotes"
)


@pytest.mark.parametrize("written", ["tags: economy,\n", "tags:\n  - economy,\n"])
def test_a_trailing_comma_in_a_tag_is_a_slip_not_a_list_of_one(written: str) -> None:
    data = entry(COURT, "The court heard the appeal [@court].\n", front=written)
    at = (5, 1) if written.startswith("tags: ") else (6, 5)
    assert findings(data) == [
        (
            *at,
            "ST065",
            "tag 'economy,' holds a comma with no second tag beside it, most likely a slip: "
            "remove the comma (tags: [economy]); to keep a comma in a tag on purpose, put that "
            "tag in quotes",
        )
    ]


@pytest.mark.parametrize(
    ("tag", "parts"),
    [
        ("经济，统计", "经济, 统计"),  # full-width comma, U+FF0C
        ("经济、统计", "经济, 统计"),  # ideographic comma, U+3001
        ("اقتصاد، إحصاء", "اقتصاد, إحصاء"),  # Arabic comma, U+060C
    ],
)
def test_a_comma_of_another_script_in_a_tag_is_a_comma(tag: str, parts: str) -> None:
    data = entry(COURT, "The court heard the appeal [@court].\n", front=f"tags: {tag}\n")
    assert findings(data) == [(5, 1, "ST065", COMMA.format(tag=repr(tag), parts=parts))]


# Paths named to check


@pytest.fixture
def digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A digest with one clean entry; the working directory is its root."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Test digest\ndocs_dir: content\n")
    entries = tmp_path / "content" / "entries"
    entries.mkdir(parents=True)
    (entries / "clean.md").write_bytes(entry(COURT, "The court heard the appeal [@court].\n"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_empty_path_is_a_usage_error_not_the_current_folder(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "check", "--no-cache", "") == Run(
        2,
        "",
        "error: sourcetrace check: argument PATH: an empty path names no file: give an entry "
        "file or a folder, or no PATH to check every entry (see 'sourcetrace check --help')\n",
    )


def test_a_named_link_to_nothing_is_a_usage_error_as_a_missing_path_is(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("nowhere.md", "dangling.md")
    assert run(capsys, "check", "--no-cache", "dangling.md") == Run(
        2,
        "",
        "error: dangling.md: a link to nowhere.md, which does not exist: fix the link or "
        "remove it\n",
    )


def test_a_named_link_that_loops_is_a_usage_error(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("pong.md", "ping.md")
    os.symlink("ping.md", "pong.md")
    assert run(capsys, "check", "--no-cache", "ping.md") == Run(
        2, "", "error: ping.md: a link that leads back to itself: fix the link or remove it\n"
    )


def test_a_named_link_to_an_entry_is_checked(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("content/entries/clean.md", "linked.md")
    assert run(capsys, "check", "--no-cache", "linked.md") == Run(
        0, "", "1 entry checked: 0 errors, 0 warnings\n"
    )


def test_an_unknown_via_item_is_named_where_it_is_written() -> None:
    # Written as a block list, the item stands on a line of its own below "via:".
    data = entry(
        COURT + PAPER.replace("via: [court]", "via:\n      - court\n      - cuort"),
    )
    assert findings(data) == [
        (
            19,
            9,
            "ST010",
            "source 'paper' is via 'cuort', which is not another listed source: did you mean "
            "court? use one of: court",
        )
    ]
