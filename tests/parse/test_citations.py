"""Citation syntax: what is a citation, what is a malformed one, and what is neither."""

from __future__ import annotations

import pytest

from build_tools.model import Position
from build_tools.parse.body import read_body

BAD_ID = (
    "has a bad source id {!r}: ids are lowercase letters, digits, '.', '_' and '-', "
    "and a locator follows a comma ([@id, p. 4])"
)


def references(text: str) -> list[list[tuple[str, str | None]]]:
    """The citations of ``text``, each as its (id, locator) pairs."""
    return [
        [(r.source_id, r.locator) for r in citation.references]
        for citation in read_body(text).citations
    ]


def malformed(text: str) -> list[tuple[str, str, Position]]:
    return [(m.text, m.reason, m.position) for m in read_body(text).malformed]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court sat [@court].", [[("court", None)]]),
        ("The court sat [@court, p. 4].", [[("court", "p. 4")]]),
        ("The court sat [@a; @b, p. 2].", [[("a", None), ("b", "p. 2")]]),
        ("The court sat [@a;@b].", [[("a", None), ("b", None)]]),
        ("The court sat [@a, pp. 3-5; @b, para 2].", [[("a", "pp. 3-5"), ("b", "para 2")]]),
        ("The court sat [@a, p.   4].", [[("a", "p. 4")]]),
        ("The court sat [@a, p.\n  4].", [[("a", "p. 4")]]),
        ("The court sat [@a, p. 4;\n@b].", [[("a", "p. 4"), ("b", None)]]),
        ("The court sat [@court.2016_a-b].", [[("court.2016_a-b", None)]]),
        ("The court sat [@27].", [[("27", None)]]),
        (
            "It sat [@a]. It ruled. [@b] It adjourned [@c]!",
            [[("a", None)], [("b", None)], [("c", None)]],
        ),
        ("The court sat **[@court]**.", [[("court", None)]]),
        ("He said “I was there […]” [@court].", [[("court", None)]]),
        ("He said “I was there [...]” [@court].", [[("court", None)]]),
    ],
)
def test_citations_are_read(text: str, expected: list[list[tuple[str, str | None]]]) -> None:
    assert references(text) == expected
    assert malformed(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Editors write \\[@court] for the literal text.",
        "Editors write `[@court]` in code.",
        "Editors write ``a `[@court]` inside`` double backticks.",
        "The court posts as [@ankara_court](https://example.org/court).",
        "The court posts as [@ankara_court][feed].\n\n[feed]: https://example.org/",
        'The court posts as [@ankara_court](https://example.org/court "its account").',
        "Write to clerk@example.org for the record.",
        "Write to <clerk@example.org> for the record.",
        "Write to [clerk@example.org] for the record.",
        "Read <https://example.org/[@court]> for the record.",
        'Read <span title="[@court]">the record</span>.',
        "He said “I was there […] at the place” and left.",
    ],
)
def test_not_citations(text: str) -> None:
    assert references(text) == []
    assert malformed(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('It sat [@a, "met; resigned"; @b].', [[("a", '"met; resigned"'), ("b", None)]]),
        ("It sat [@a, “met; resigned”].", [[("a", "“met; resigned”")]]),
        ("It sat [@a, p. 4&ndash;5; @b].", [[("a", "p. 4\u20135"), ("b", None)]]),
    ],
)
def test_a_semicolon_in_a_passage_or_an_entity_is_no_separator(
    text: str, expected: list[list[tuple[str, str | None]]]
) -> None:
    assert references(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # No link is made of these, so they are citations, never the raw text "[@...]"
        # on the page: an id that is no source's is ST010's finding.
        "The court posts as [@ankara_court][feed].",
        "The court posts as [@ankara_court][].",
        # A link definition does not take a citation's text for its own.
        "The court posts as [@ankara_court] [feed].\n\n[feed]: https://example.org/",
    ],
)
def test_a_citation_before_brackets_is_a_citation(text: str) -> None:
    assert references(text) == [[("ankara_court", None)]]
    assert malformed(text) == []


def test_nothing_in_code_blocks_is_a_citation() -> None:
    text = (
        "```markdown\nThe court sat [@court]. [@] [@Bad Id] [@x\n```\n\n"
        "~~~\n[@court]\n~~~\n\n"
        "    [@court] in indented code [@x\n\n"
        "- item\n\n        [@court] in code inside a list item\n"
    )
    body = read_body(text)
    assert body.citations == ()
    assert body.malformed == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court sat [@].", ("[@]", "names no source: write [@id]")),
        ("The court sat [@Bad Id].", ("[@Bad Id]", BAD_ID.format("Bad Id"))),
        ("The court sat [@Court].", ("[@Court]", BAD_ID.format("Court"))),
        ("The court sat [@-court].", ("[@-court]", BAD_ID.format("-court"))),
        ("The court sat [@a @b].", ("[@a @b]", BAD_ID.format("a @b"))),
        ("The court sat [@court p. 4].", ("[@court p. 4]", BAD_ID.format("court p. 4"))),
        ("The court sat [@court, ].", ("[@court, ]", "has an empty locator after the comma")),
        ("The court sat [@a; b].", ("[@a; b]", "has a part without '@': 'b'")),
        (
            "The court sat [@ a].",
            ("[@ a]", "has a space after '@': write the id straight after it (@a)"),
        ),
        (
            "The court sat [@a;].",
            ("[@a;]", "has nothing after a ';': remove the ';' or add another @id"),
        ),
        (
            "The court sat [@a; ].",
            ("[@a; ]", "has nothing after a ';': remove the ';' or add another @id"),
        ),
        ("The court sat [@court. It ruled.", ("[@court.", "is never closed: add ']'")),
        ("The court sat [@court", ("[@court", "is never closed: add ']'")),
    ],
)
def test_malformed_citations(text: str, expected: tuple[str, str]) -> None:
    assert malformed(text) == [(*expected, Position(1, 15))]
    assert references(text) == []


def test_unclosed_citation_before_a_good_one_keeps_the_good_one() -> None:
    text = "The court sat [@court. It ruled [@ruling]."
    assert malformed(text) == [("[@court.", "is never closed: add ']'", Position(1, 15))]
    assert references(text) == [[("ruling", None)]]


def test_malformed_citation_text_is_shown_on_one_line() -> None:
    text = "The court sat [@Court\nRecord]."
    assert malformed(text) == [("[@Court Record]", BAD_ID.format("Court\nRecord"), Position(1, 15))]


def test_positions_of_citation_and_references() -> None:
    text = "Intro [@x].\n\nThe court sat\n  [@a; @b, p. 2] on Monday.\n"
    body = read_body(text, first_line=20)
    second = body.citations[1]
    assert second.position == Position(23, 3)
    assert [r.position for r in second.references] == [Position(23, 4), Position(23, 8)]
    assert text[second.start : second.end] == "[@a; @b, p. 2]"
    assert [c.index for c in body.citations] == [0, 1]


def test_citation_positions_inside_containers() -> None:
    text = "> - The court sat [@a].\n\n| Day | Event |\n| --- | --- |\n| Monday | Sat [@b]. |\n"
    body = read_body(text)
    assert [(c.references[0].source_id, c.position) for c in body.citations] == [
        ("a", Position(1, 19)),
        ("b", Position(5, 16)),
    ]
    assert [text[c.start : c.end] for c in body.citations] == ["[@a]", "[@b]"]


def test_each_citation_belongs_to_its_own_sentence() -> None:
    body = read_body("The court sat. [@a] It ruled [@b]. It adjourned.")
    assert [
        ([r.source_id for c in claim.citations for r in c.references], claim.text)
        for claim in body.claims
    ] == [
        (["a"], "The court sat. [@a]"),
        (["b"], "It ruled [@b]."),
        ([], "It adjourned."),
    ]


def test_adjacent_citations_are_both_read() -> None:
    assert references("The court sat [@a][@b].") == [[("a", None)], [("b", None)]]


def test_adjacent_citations_keep_their_own_positions() -> None:
    text = "The court sat [@zzz][@court]."
    body = read_body(text)
    assert [text[c.start : c.end] for c in body.citations] == ["[@zzz]", "[@court]"]
    assert [c.position for c in body.citations] == [Position(1, 15), Position(1, 21)]


def test_a_comment_hides_a_citation_and_an_unclosed_one_does_not() -> None:
    assert references("It sat <!-- [@a] --> here [@b].") == [[("b", None)]]
    assert references("It sat <!-- here [@b].") == [[("b", None)]]
