"""The text of front-matter values: characters XML refuses, characters that disguise, lengths."""

from __future__ import annotations

import time

import pytest

from build_tools.check import check_entry

HEAD = "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
SOURCES = (
    "sources:\n  - id: court\n    title: Hearing record\n    publisher: Ankara court\n"
    "    role: primary\n    offline: court file, not published\n"
)
BODY = "---\n\nThe court heard the appeal [@court].\n"


def findings(front: str) -> list[str]:
    data = (HEAD + front + SOURCES + BODY).encode("utf-8")
    checked = check_entry("entry.md", data, authors=frozenset({"desk"}))
    return [d.format() for d in checked.diagnostics]


@pytest.mark.parametrize(
    ("escape", "code", "kind"),
    [
        ("\\0", "0000", "control character"),
        ("\\a", "0007", "control character"),
        ("\\b", "0008", "control character"),
        ("\\v", "000B", "control character"),
        ("\\f", "000C", "control character"),
        ("\\e", "001B", "control character"),
        ("\\x1f", "001F", "control character"),
        ("\\udfff", "DFFF", "lone surrogate"),
        ("\\ufffe", "FFFE", "noncharacter"),
    ],
)
def test_every_character_xml_forbids_is_refused(escape: str, code: str, kind: str) -> None:
    lines = findings(f'tags: ["a{escape}"]\n')
    assert [line.split(" holds ")[1].split(",")[0] for line in lines] == [f"the {kind} U+{code}"]


@pytest.mark.parametrize("escape", ["\\t", "\\n", "\\r", "\\x20", "\\u00e9", "\\U0001F600", "\\_"])
def test_what_xml_allows_passes(escape: str) -> None:
    assert findings(f'tags: ["a{escape}b"]\n') == []


def test_the_first_refused_character_of_a_value_is_named_once() -> None:
    assert findings('tags: ["a\\x01\\x02"]\n') == [
        "entry.md:5:8: error ST060 tag 1 holds the control character U+0001, which XML 1.0 "
        "forbids: it would break the Atom feed for every subscriber; delete it (written as an "
        "escape such as \\x01 in a double-quoted value)"
    ]


def test_bidirectional_controls_are_looked_for_only_in_names() -> None:
    quoted = SOURCES.replace("    offline:", '    quote: "\\u202eevil"\n    offline:')
    assert check_entry("e.md", (HEAD + quoted + BODY).encode(), authors=None).diagnostics == ()
    named = SOURCES.replace("title: Hearing record", 'title: "Hearing \\u2068record"')
    lines = [
        d.format()
        for d in check_entry("e.md", (HEAD + named + BODY).encode(), authors=None).diagnostics
    ]
    assert lines == [
        "e.md:7:5: warning ST061 source 'court' 'title' holds the bidirectional control U+2068, "
        "which makes text display in another order than it is written: delete it (written as "
        "an escape such as \\u2068, or pasted in unseen)"
    ]


def test_c1_controls_are_looked_for_everywhere() -> None:
    lines = findings('corrections:\n  - date: 2016-03-01\n    text: "Fixed\\x9b."\n')
    assert lines == [
        "entry.md:7:5: warning ST061 correction 1 'text' holds the invisible control character "
        "U+009B, shown as nothing or as a box: delete it (written as an escape such as \\x9b)"
    ]


@pytest.mark.timeout(5)
def test_aliases_of_aliases_are_read_once() -> None:
    levels = ['a0: &a0 ["\\e"]'] + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 40)]
    started = time.perf_counter()
    lines = findings("\n".join(levels) + "\n")
    assert time.perf_counter() - started < 2
    assert [line for line in lines if " ST060 " in line] == [
        "entry.md:5:10: error ST060 entry 'a0' item 1 holds the control character U+001B, which "
        "XML 1.0 forbids: it would break the Atom feed for every subscriber; delete it (written as "
        "an escape such as \\x1b in a double-quoted value)"
    ]


def test_keys_and_values_shown_in_messages_are_escaped() -> None:
    lines = findings('"a\\ud800\\e": 1\nauthors: ["\\e[2Jdesk"]\n')
    assert lines[0] == (
        "entry.md:5:1: warning ST005 unknown entry field 'a\\ud800\\x1b' is ignored: known "
        "fields: title, date, summary, sources, updated, authors, tags, draft, corrections, "
        "language"
    )
    assert lines[1] == "entry.md:6:1: error ST002 unknown author '\\x1b[2Jdesk': use one of: desk"


def test_a_tag_of_exactly_100_characters_and_a_title_of_300_pass() -> None:
    assert findings(f"tags: [{'x' * 100}]\n") == []
    data = HEAD.replace("Court hears appeal", "y" * 300) + SOURCES + BODY
    assert check_entry("e.md", data.encode(), authors=None).diagnostics == ()


def test_a_single_tag_written_as_text_is_reported_at_the_field() -> None:
    assert findings(f"tags: {'x' * 101}\n") == [
        "entry.md:5:1: error ST062 tag 1 is 101 characters long: a tag names a topic in a few "
        "words, at most 100 characters; shorten it"
    ]


COMMA = (
    "entry.md:{at}: warning ST065 tag {tag} holds a comma, so it is one tag, not {n}: write "
    "tags as a list, one topic each (tags: [{parts}]); to keep a comma in a tag on purpose, "
    "put that tag in quotes"
)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "tags: economy, statistics\n",
            [COMMA.format(at="5:1", tag="'economy, statistics'", n=2, parts="economy, statistics")],
        ),
        (
            "tags:\n  - courts\n  - economy,statistics, trade\n",
            [
                COMMA.format(
                    at="7:5",
                    tag="'economy,statistics, trade'",
                    n=3,
                    parts="economy, statistics, trade",
                )
            ],
        ),
    ],
)
def test_a_comma_in_a_plain_tag_is_a_list_without_brackets(front: str, expected: list[str]) -> None:
    assert findings(front) == expected


@pytest.mark.parametrize(
    "front",
    [
        "tags: [economy, statistics]\n",
        "tags:\n  - economy\n  - statistics\n",
        'tags: [courts, "Washington, D.C."]\n',
        "tags:\n  - 'Washington, D.C.'\n",
        'tags: "Washington, D.C."\n',
    ],
)
def test_tags_as_a_list_or_a_quoted_comma_pass(front: str) -> None:
    assert findings(front) == []
