"""Which text of an entry body is a claim, where it stands, and which citation covers it.

A claim is a sentence of prose in a paragraph, list item, table cell or block
quote. Headings, code, admonition titles, ``!!! editorial`` blocks and a
closing sentence that introduces a list or quote with a colon are not. A
citation covers its own sentence and the uncited sentences before it in the
same block: a paragraph, a list item, a table cell, or a whole block quote.
"""

from __future__ import annotations

import time

import markdown
import pytest

from build_tools.parse.body import (
    DEFAULT_EXTENSIONS,
    BodyReader,
    TooDeep,
    TooTangled,
    read_body,
)


def claims(text: str) -> list[tuple[str, int, int]]:
    """Each claim's text and 1-based (line, column) in ``text``."""
    return [(c.text, c.position.line, c.position.column) for c in read_body(text).claims]


def covered(text: str) -> list[tuple[str, list[str]]]:
    """Each claim's text and the source ids of the citations that cover it."""
    return [
        (c.text, [r.source_id for citation in c.support for r in citation.references])
        for c in read_body(text).claims
    ]


# Headings


def test_atx_headings_are_not_claims() -> None:
    text = "# The court sat.\n\n## It ruled? ##\n\n###### Six\n\nThe court sat [@a].\n"
    assert claims(text) == [("The court sat [@a].", 7, 1)]


def test_heading_cuts_a_paragraph_short() -> None:
    text = "The court sat.\n## It ruled\nIt adjourned [@a].\n"
    assert covered(text) == [("The court sat.", []), ("It adjourned [@a].", ["a"])]


def test_setext_heading_with_equals_signs_is_not_a_claim() -> None:
    text = "The hearing in Ankara\n=====================\n\nThe court sat [@a].\n"
    assert claims(text) == [("The court sat [@a].", 4, 1)]


def test_setext_heading_with_dashes_is_not_a_claim() -> None:
    text = "The hearing in Ankara\n---------------------\n\nThe court sat [@a].\n"
    assert claims(text) == [("The court sat [@a].", 4, 1)]


def test_hash_heading_without_space_is_not_a_claim() -> None:
    text = "#The hearing\n\nThe court sat [@a].\n"
    assert claims(text) == [("The court sat [@a].", 3, 1)]


@pytest.mark.parametrize(
    ("text", "expected_html"),
    [
        ("#The hearing", "<h1>The hearing</h1>"),
        ("####### Seven", "<h6># Seven</h6>"),
        ("  # Indented", "<p># Indented</p>"),
        ("Title\n---", "<h2>Title</h2>"),
        ("Title\n  ---", "<p>Title</p>\n<hr />"),
    ],
)
def test_headings_are_what_python_markdown_makes_headings(text: str, expected_html: str) -> None:
    assert markdown.markdown(text) == expected_html
    prose = expected_html.startswith("<p>")
    assert bool(claims(text)) == prose


@pytest.mark.parametrize(
    ("text", "expected_html", "expected_claims"),
    [
        (
            "Intro.\n> The quote\n---\n",
            "<p>Intro.</p>\n<blockquote>\n<p>The quote</p>\n</blockquote>\n<hr />",
            ["Intro.", "The quote"],
        ),
        ("> The quote\n---\n", "<h2>&gt; The quote</h2>", []),
        (
            "    code\nTitle\n---\n",
            "<pre><code>code\n</code></pre>\n<h2>Title</h2>",
            [],
        ),
        (
            "# Heading\nTitle\n---\n",
            "<h1>Heading</h1>\n<h2>Title</h2>",
            [],
        ),
        (
            "> The quote\n# Heading\n",
            "<blockquote>\n<p>The quote</p>\n</blockquote>\n<h1>Heading</h1>",
            ["The quote"],
        ),
    ],
)
def test_setext_headings_only_where_python_markdown_starts_a_block(
    text: str, expected_html: str, expected_claims: list[str]
) -> None:
    assert markdown.markdown(text) == expected_html
    assert [claim.text for claim in read_body(text).claims] == expected_claims


def test_hash_heading_without_space_cuts_a_paragraph_short() -> None:
    text = "The court sat.\n#Ruling\nIt adjourned [@a].\n"
    assert covered(text) == [("The court sat.", []), ("It adjourned [@a].", ["a"])]


def test_setext_heading_then_the_rest_of_its_block() -> None:
    text = "The hearing\n---\nThe court sat [@a].\n"
    assert claims(text) == [("The court sat [@a].", 3, 1)]


def test_rules_reference_definitions_and_attribute_lists_are_not_claims() -> None:
    text = "---\n\n***\n\n{: .lead }\n\n[ref]: https://example.org/ref\n\nSat [@a].\n"
    assert claims(text) == [("Sat [@a].", 9, 1)]


# Code


def test_fenced_and_indented_code_are_not_claims() -> None:
    text = (
        "```\nThe court sat.\n```\n\n"
        "~~~python\nx = 1. Y\n~~~\n\n"
        "````\n```\nAn inner fence does not close the outer one.\n```\nStill code.\n````\n\n"
        "    Indented code. It is not prose.\n\n"
        "\tTab-indented code.\n\n"
        "The court sat [@a].\n"
    )
    assert claims(text) == [("The court sat [@a].", 20, 1)]


def test_code_span_stays_in_its_sentence() -> None:
    assert claims("Run `check. Now` first [@a]. It works [@a].\n") == [
        ("Run `check. Now` first [@a].", 1, 1),
        ("It works [@a].", 1, 30),
    ]


def test_comments_are_not_claims_and_text_in_raw_html_is() -> None:
    # Readers see the text of a raw HTML block, so it is a claim; nothing can cite in it.
    text = (
        '<div class="aside">\nRaw HTML. Not checked.\n</div>\n\n'
        "<!-- A note to editors.\nStill a comment. -->\n\n"
        "The court sat [@a].\n"
    )
    assert covered(text) == [
        ("Raw HTML.", []),
        ("Not checked.", []),
        ("The court sat [@a].", ["a"]),
    ]
    # Each sentence is placed where it is written inside the block.
    assert [c[1:] for c in claims(text)] == [(2, 1), (2, 11), (8, 1)]


def test_text_in_raw_html_is_placed_run_by_run() -> None:
    text = (
        "<div>\n  <p>He left. She came.</p>\n  <p>It rained &amp; it rose.</p>\n</div>\n\n"
        "It sat. <b>It rose</b>. And <i>fell</i> [@a].\n"
    )
    assert [c[1:] for c in claims(text)] == [(2, 6), (2, 15), (3, 6), (6, 1), (6, 12), (6, 25)]


# Paragraphs


def test_citation_covers_its_sentence_and_uncited_ones_before_it() -> None:
    text = "The court sat. It heard him [@a]. It ruled. It adjourned [@b]. It rested.\n"
    assert covered(text) == [
        ("The court sat.", ["a"]),
        ("It heard him [@a].", ["a"]),
        ("It ruled.", ["b"]),
        ("It adjourned [@b].", ["b"]),
        ("It rested.", []),
    ]


def test_citation_does_not_reach_into_the_paragraph_before() -> None:
    text = "The court sat.\n\nIt ruled [@a].\n"
    assert covered(text) == [("The court sat.", []), ("It ruled [@a].", ["a"])]


def test_paragraph_lines_run_together() -> None:
    text = "The court\nsat on Monday. It\n  ruled [@a].\n"
    assert claims(text) == [("The court sat on Monday.", 1, 1), ("It ruled [@a].", 2, 16)]


# Tables


def test_table_header_row_is_not_a_claim_and_each_cell_is_a_block() -> None:
    text = (
        "| Defendant | Charge. | Outcome. |\n"
        "| --- | :---: | ---: |\n"
        "| Demir | Membership. Financing [@a]. | Acquitted. |\n"
        "| Kaya | | Convicted [@b]. |\n"
    )
    assert [
        (t, line, col, ids)
        for (t, line, col), (_, ids) in zip(claims(text), covered(text), strict=True)
    ] == [
        ("Demir", 3, 3, []),
        ("Membership.", 3, 11, ["a"]),
        ("Financing [@a].", 3, 23, ["a"]),
        ("Acquitted.", 3, 41, []),
        ("Kaya", 4, 3, []),
        ("Convicted [@b].", 4, 12, ["b"]),
    ]


def test_table_without_outer_pipes() -> None:
    text = "Name | Role\n--- | ---\nDemir | Officer [@a].\nKaya | Judge.\n"
    assert claims(text) == [
        ("Demir", 3, 1),
        ("Officer [@a].", 3, 9),
        ("Kaya", 4, 1),
        ("Judge.", 4, 8),
    ]


def test_pipes_in_code_spans_and_escaped_pipes_do_not_split_cells() -> None:
    text = (
        "| Code | Meaning |\n| --- | --- |\n"
        "| `a|b` | In code [@a]. |\n"
        "| x \\| y | Escaped [@a]. |\n"
    )
    # Claim texts are what readers see: the escaped pipe shows as a pipe.
    assert claims(text) == [
        ("`a|b`", 3, 3),
        ("In code [@a].", 3, 11),
        ("x | y", 4, 3),
        ("Escaped [@a].", 4, 12),
    ]


def test_first_column_cells_are_claims_too() -> None:
    text = "| Claim | Source |\n| --- | --- |\n| The court sat. | Hearing record |\n"
    assert claims(text) == [("The court sat.", 3, 3), ("Hearing record", 3, 20)]


TABLE = "| Year | Cargo |\n| --- | --- |\n| 2015 | 4.1 Mt |\n| 2016 | 3.2 Mt |\n"


@pytest.mark.parametrize(
    "line",
    [
        "Source: Vellmar Port Authority [@a]",
        "Sources: [@a; @b]",
        "source : [@a]",  # French puts a space before the colon
        "Quelle: Hafenbehörde [@a]",
        "Fuente: [@a]",
        "Kaynak: Liman idaresi [@a]",
        "Источник: [@a]",
    ],
)
def test_a_source_line_under_a_table_covers_every_cell(line: str) -> None:
    found = covered(TABLE + "\n" + line + "\n")
    cells = [ids for text, ids in found if text in ("2015", "4.1 Mt", "2016", "3.2 Mt")]
    assert len(cells) == 4
    assert all(ids and ids[0] == "a" for ids in cells), found


@pytest.mark.parametrize(
    ("after", "why"),
    [
        ("## Notes\n\nSource: [@a]", "not directly under the table"),
        ("Source: the port's yearbook.", "cites nothing"),
        ("Sourcing was thin [@a].", "a sentence, not a source line"),
    ],
)
def test_other_lines_under_a_table_cover_no_cell(after: str, why: str) -> None:
    found = covered(TABLE + "\n" + after + "\n")
    assert [ids for text, ids in found if text == "4.1 Mt"] == [[]], why


# Block quotes


def test_block_quote_is_one_block_across_blank_lines() -> None:
    text = (
        "> Where are you, big brother?\n"
        ">\n"
        "> At the place where I told you to be? [@a]\n"
        "\n"
        "> We also saw you.\n"
        "> Your men were there [@b].\n"
        "\n"
        "The officer answered.\n"
    )
    assert covered(text) == [
        ("Where are you, big brother?", ["a"]),
        ("At the place where I told you to be? [@a]", ["a"]),
        ("We also saw you.", ["b"]),
        ("Your men were there [@b].", ["b"]),
        ("The officer answered.", []),
    ]
    assert [c[1:] for c in claims(text)] == [(1, 3), (3, 3), (5, 3), (6, 3), (8, 1)]


def test_block_quote_lazy_continuation_and_nesting() -> None:
    text = "> The officer said\nhe would come. [@a]\n\n> > Nested.\n> Outer [@b].\n"
    assert covered(text) == [
        ("The officer said he would come. [@a]", ["a"]),
        ("Nested.", ["b"]),
        ("Outer [@b].", ["b"]),
    ]


def test_citation_after_a_quote_does_not_cover_it() -> None:
    text = "> The officer said he would come.\n\nThe transcript shows it [@a].\n"
    assert covered(text) == [
        ("The officer said he would come.", []),
        ("The transcript shows it [@a].", ["a"]),
    ]


# Lists


def test_each_list_item_is_its_own_block() -> None:
    text = (
        "- Six citizens told the police [@a].\n- Nineteen were watched.\n- 27 were charged [@b].\n"
    )
    assert covered(text) == [
        ("Six citizens told the police [@a].", ["a"]),
        ("Nineteen were watched.", []),
        ("27 were charged [@b].", ["b"]),
    ]
    assert [c[1:] for c in claims(text)] == [(1, 3), (2, 3), (3, 3)]


def test_list_item_lazy_continuation() -> None:
    text = "- Six citizens told\nthe police. Their relatives had joined [@a].\n- Next [@b].\n"
    assert covered(text) == [
        ("Six citizens told the police.", ["a"]),
        ("Their relatives had joined [@a].", ["a"]),
        ("Next [@b].", ["b"]),
    ]


def test_nested_list_items_are_blocks_of_their_own() -> None:
    text = (
        "1. The trial began.\n"
        "    - Prosecutors spoke [@a].\n"
        "    - The defence did not.\n"
        "2. It resumed in June [@b].\n"
    )
    assert covered(text) == [
        ("The trial began.", []),
        ("Prosecutors spoke [@a].", ["a"]),
        ("The defence did not.", []),
        ("It resumed in June [@b].", ["b"]),
    ]
    assert [c[1:] for c in claims(text)] == [(1, 4), (2, 7), (3, 7), (4, 4)]


def test_second_paragraph_of_an_item_is_in_the_same_block() -> None:
    text = "- The trial began.\n\n    It resumed in June [@a].\n\n- Next.\n"
    assert covered(text) == [
        ("The trial began.", ["a"]),
        ("It resumed in June [@a].", ["a"]),
        ("Next.", []),
    ]


def test_list_cannot_interrupt_a_paragraph() -> None:
    # Python-Markdown renders this as one paragraph, so the checker reads one too.
    text = "The court heard:\n- the appeal [@a].\n"
    assert claims(text) == [("The court heard: - the appeal [@a].", 1, 1)]


# Admonitions and editorial blocks


def test_admonition_title_is_not_a_claim_but_its_body_is() -> None:
    text = (
        '!!! note "What the court decided."\n'
        "    The court adjourned. It will sit again [@a].\n"
        "\n"
        '???+ note "Open."\n'
        "    Open body.\n"
    )
    details = BodyReader([*DEFAULT_EXTENSIONS, "pymdownx.details"])
    assert [
        (
            c.text,
            [r.source_id for x in c.support for r in x.references],
            c.position.line,
            c.position.column,
        )
        for c in details.read(text).claims
    ] == [
        ("The court adjourned.", ["a"], 2, 5),
        ("It will sit again [@a].", ["a"], 2, 26),
        ("Open body.", [], 5, 5),
    ]


def test_collapsible_blocks_without_their_extension_are_plain_prose() -> None:
    # Without pymdownx.details Python-Markdown publishes "???" lines as paragraphs.
    text = '??? editorial "Analysis"\n    The court erred.\n'
    assert claims(text) == [('??? editorial "Analysis" The court erred.', 1, 1)]


@pytest.mark.parametrize(
    "opening", ["!!! editorial", '!!! editorial "Why it matters."', "!!! Editorial"]
)
def test_editorial_blocks_hold_no_claims(opening: str) -> None:
    text = (
        f"{opening}\n"
        "    This looks like a delaying tactic. It may set a precedent.\n"
        "\n"
        "    - Not a claim.\n"
        "\n"
        "    > Nor is this.\n"
        "\n"
        "The court sat [@a].\n"
    )
    assert claims(text) == [("The court sat [@a].", 8, 1)]


def test_editorial_block_citation_covers_nothing_outside_it() -> None:
    text = "The court sat.\n\n!!! editorial\n    A view [@a].\n"
    assert covered(text) == [("The court sat.", [])]


# A sentence that introduces a list or quote


def test_a_lead_in_rests_on_the_list_or_quote_it_introduces() -> None:
    # The page shows "It gave three reasons:" as prose: it claims what its list supports.
    text = (
        "The court heard the appeal [@a]. It gave three reasons:\n"
        "\n"
        "1. The appeal was late [@c].\n"
        "\n"
        "The transcript reads:\n"
        "> Where are you? [@b]\n"
        "\n"
        "- Reasons:\n"
        "    - cost [@d]\n"
    )
    assert covered(text) == [
        ("The court heard the appeal [@a].", ["a"]),
        ("It gave three reasons:", ["c"]),
        ("The appeal was late [@c].", ["c"]),
        ("The transcript reads:", ["b"]),
        ("Where are you? [@b]", ["b"]),
        ("Reasons:", ["d"]),
        ("cost [@d]", ["d"]),
    ]
    assert [c.citations for c in read_body(text).claims][1] == ()  # not its own citation


def test_a_lead_in_into_a_list_that_opens_with_a_lead_in_rests_on_what_that_one_does() -> None:
    text = "The report lists:\n\n- Officials said:\n    - The mayor resigned [@a].\n"
    assert covered(text) == [
        ("The report lists:", ["a"]),
        ("Officials said:", ["a"]),
        ("The mayor resigned [@a].", ["a"]),
    ]


def test_a_lead_in_into_a_long_list_rests_on_its_first_item() -> None:
    text = "The order lists:\n\n" + "".join(f"- Group {i} [@a{i}].\n" for i in range(80))
    assert covered(text)[0] == ("The order lists:", ["a0"])


def test_a_lead_in_whose_list_cites_nothing_is_uncited() -> None:
    text = "It gave three reasons:\n\n- Cost.\n- Time.\n\nThe court sat [@a].\n"
    assert covered(text) == [
        ("It gave three reasons:", []),
        ("Cost.", []),
        ("Time.", []),
        ("The court sat [@a].", ["a"]),
    ]


def test_a_lead_in_before_a_quote_without_claims_rests_on_nothing_after_it() -> None:
    text = "The transcript reads:\n\n> ```\n\nThe court sat [@a].\n"
    assert covered(text)[0] == ("The transcript reads:", [])


def test_colon_before_a_paragraph_is_a_claim() -> None:
    text = "The court heard three witnesses:\n\nIt adjourned [@a].\n"
    assert covered(text) == [
        ("The court heard three witnesses:", []),
        ("It adjourned [@a].", ["a"]),
    ]


def test_colon_inside_a_sentence_is_a_claim() -> None:
    assert claims("He said: yes [@a].\n\n- Item [@a].\n") == [
        ("He said: yes [@a].", 1, 1),
        ("Item [@a].", 3, 3),
    ]


def test_colon_introduction_inside_a_quote() -> None:
    text = "> The officer's reply is quoted:\n>\n> > In the minefield. [@a]\n"
    assert claims(text) == [
        ("The officer's reply is quoted:", 1, 3),
        ("In the minefield. [@a]", 3, 5),
    ]
    assert covered(text)[0] == ("The officer's reply is quoted:", ["a"])


def test_footnote_text_is_a_claim() -> None:
    text = "The court sat [^1] [@a].\n\n[^1]: A footnote. It continues\n    here [@b].\n"
    footnotes = BodyReader([*DEFAULT_EXTENSIONS, "footnotes"])
    found = [
        (c.text, [r.source_id for x in c.support for r in x.references])
        for c in footnotes.read(text).claims
    ]
    assert found == [
        ("The court sat [@a].", ["a"]),
        ("A footnote.", ["b"]),
        ("It continues here [@b].", ["b"]),
    ]


# Hostile input


@pytest.mark.parametrize(
    "text",
    [
        "> " * 3000 + "It sat [@a].\n",
        "- " * 3000 + "It sat [@a].\n",
        ">" * 3000 + " It sat [@a].\n",
    ],
)
def test_nesting_thousands_deep_is_refused_before_it_exhausts_the_stack(text: str) -> None:
    # Python-Markdown itself (and so the build) dies of a RecursionError on such text.
    with pytest.raises(TooDeep, match=r"nested 3000 deep, deeper than Markdown can read"):
        read_body(text)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "It sat [@a].\n\nIt rose. " + "[@a " * 3000,
            3,
            10,
            "the body holds 3,000 '[' that never close (the most at this place)",
        ),
        # Many paragraphs each under the limit add up: the body is what costs.
        (
            "\n\n".join(["It sat [@a]. " + "[" * 1500] * 200),
            1,
            14,
            "the body holds 300,000 '[' that never close (the most at this place)",
        ),
        ("[" * 4000 + "]" * 4000, 1, 1, "the body holds '[' nested deep in each other"),
        # An escaped backslash leaves the bracket after it a bracket.
        ("It rose. " + "\\\\[@a " * 3000, 1, 12, "the body holds 3,000 '[' that never close"),
        (
            "It sat [@a].\n\nSee " + "<a " * 20_000,
            3,
            5,
            "20,000 '<' that open a tag and never close it ('>')",
        ),
    ],
)
def test_brackets_or_tags_left_open_by_the_thousand_are_refused_before_conversion(
    text: str, line: int, column: int, message: str
) -> None:
    # Python-Markdown (and so the build) would take minutes or hours over them.
    with pytest.raises(TooTangled) as refused:
        read_body(text)
    assert (refused.value.line, refused.value.column) == (line, column)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    "text",
    [
        "It sat [@a]. " * 5000,  # thousands of citations, each closed at once
        "[" + "word " * 200_000,  # one bracket open to the end of a megabyte
        "x " + "[" * 2000,
        "See <https://example.org/a> and <b>bold</b>. " * 3000,
        "It sat [@a]. " + "\\[@a " * 3000,  # an escaped bracket is no bracket
        "It sat [@a].\n\n" + "<a " * 20_000 + ">",  # one long tag, read once
    ],
    ids=["citations", "one open bracket", "two thousand open", "tags", "escaped", "one tag"],
)
def test_brackets_and_tags_as_entries_use_them_are_read(text: str) -> None:
    read_body(text)


def test_nesting_as_deep_as_real_entries_go_is_read_as_usual() -> None:
    text = "> " * 20 + "Deep [@a].\n"
    assert claims(text) == [("Deep [@a].", 1, 41)]


def _seconds(text: str) -> float:
    started = time.process_time()
    read_body(text)
    return time.process_time() - started


def test_a_paragraph_of_thousands_of_sentences_is_read_in_linear_time() -> None:
    read_body("It sat. " * 200)  # warm up
    # Best of three of each, so that a collection or a busy neighbour is not measured.
    single = min(_seconds("It sat. " * 4_000) for _ in range(3))
    double = min(_seconds("It sat. " * 8_000) for _ in range(3))
    assert double < 3 * single + 0.1  # quadratic work would cost four times


@pytest.mark.parametrize("unit", ["It sat.[@a] ", "It sat [@a]. It ruled.\n"])
def test_long_paragraphs_cost_what_python_markdown_s_own_reading_costs(unit: str) -> None:
    # Python-Markdown rebuilds a paragraph's text for every inline match, so a paragraph
    # of thousands of them costs it time that grows with the square of its length (the
    # build pays that too). The same text with emphasis in place of each citation is what
    # Python-Markdown alone costs; reading the claims may add a bounded factor only.
    text = unit * 8_000
    started = time.process_time()
    markdown.markdown(text.replace("[@a]", "*a*"), extensions=["toc", "tables", "admonition"])
    plain = time.process_time() - started
    # Every sentence here is a claim with an anchor, so the reading adds work for each
    # (about 5 times Python-Markdown's own here); work growing with the square of the
    # paragraph, as a quadratic walk once did, costs thirty times and more.
    assert _seconds(text) < 10 * plain + 1.0


@pytest.mark.parametrize("unit", ["[@a", "It sat [@a ", "[@a]" * 3 + "x"])
def test_runs_of_citation_openings_cost_what_python_markdown_s_own_reading_costs(
    unit: str,
) -> None:
    # Python-Markdown's own link reading is quadratic on a long run of "[", and its
    # inline reading on thousands of matches in one paragraph (the build pays both). The
    # same text with emphasis in place of each citation is what Python-Markdown alone
    # costs; reading the claims out of the tree may add a bounded factor only.
    text = unit * 1_000 + "]"
    started = time.process_time()
    markdown.markdown(text.replace("[@a]", "*a*"), extensions=["toc", "tables", "admonition"])
    plain = time.process_time() - started
    assert _seconds(text) < 10 * plain + 1.0  # see the test above for the bound
