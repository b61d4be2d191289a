"""What the site renders as prose is what the checker judges: the cases that slipped past.

Each case was published uncited, or refused wrongly, while the checker read bodies by
hand; each is now read in the tree Python-Markdown builds with the site's extensions, so
the findings below are those of the page readers get. Every case is a whole entry and its
exact findings.
"""

from __future__ import annotations

import lxml.html
import markdown
import pytest

from build_tools.check import CheckSettings, check_entry
from build_tools.render.extension import SourcetraceExtension
from build_tools.site_config import SiteSetup

HEAD = """---
title: Mayor resigns
date: 2016-02-22
summary: The mayor resigned.
sources:
  - id: a
    title: Council minutes
    publisher: Vellmar City Council
    role: primary
    offline: minutes read at the town hall
---

"""
SETTINGS = CheckSettings(SiteSetup().reader())  # the project's own extension list
UNCITED = 'error ST020 uncited claim: "{}" (cite one of: a)'
_STRAY = (
    "error ST069 the attribute list '{}' is shown on the page as typed: one applies only at "
    "the end of a paragraph or heading, or right after a link, image or emphasis, with "
    "nothing between; move it there, or remove it"
)
NEVER_CITED = "warning ST012 source 'a' is never cited: cite it as [@a] or remove it"


def findings(body: str) -> list[str]:
    checked = check_entry("e.md", (HEAD + body).encode(), settings=SETTINGS)
    return [d.format().removeprefix("e.md:") for d in checked.diagnostics]


def rendered(body: str) -> str:
    return markdown.markdown(body, extensions=list(SiteSetup().extensions))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "<!-- checked with the desk -->\nThe mayor resigned.\n",
            ["6:5: " + NEVER_CITED, "14:1: " + UNCITED.format("The mayor resigned.")],
            id="a paragraph right after an HTML comment",
        ),
        pytest.param(
            "[Correction, 2 March]: The mayor resigned.\n\nIt sat [@a].\n",
            ["13:1: " + UNCITED.format("[Correction, 2 March]: The mayor resigned.")],
            id="a line shaped like a link definition",
        ),
        pytest.param(
            '!!!  editorial "Analysis"\n    The mayor resigned.\n\nIt sat [@a].\n',
            ["13:1: " + UNCITED.format("!!! editorial 'Analysis' The mayor resigned.")],
            id="an admonition header Python-Markdown does not read",
        ),
        pytest.param(
            "It sat [@a].\n\n```\ncode\n\nThe mayor resigned.\n",
            [
                "15:1: " + UNCITED.format("``` code"),
                "18:1: " + UNCITED.format("The mayor resigned."),
            ],
            id="a fence never closed",
        ),
        pytest.param(
            "It sat [@a].\n\n```\ncode\n~~~\n\nThe mayor resigned.\n",
            [
                "15:1: " + UNCITED.format("``` code ~~~"),
                "19:1: " + UNCITED.format("The mayor resigned."),
            ],
            id="a fence closed by another kind of fence",
        ),
        pytest.param(
            "It sat.\n[@a]\nThe mayor resigned.\n",
            ["15:1: " + UNCITED.format("The mayor resigned.")],
            id="a sentence on the line after a citation on a line of its own",
        ),
        pytest.param(
            '- The mayor resigned.\n\n    !!! editorial "Analysis"\n        It matters [@a].\n',
            ["13:3: " + UNCITED.format("The mayor resigned.")],
            id="a list item whose only citation is in editorial analysis inside it",
        ),
        pytest.param(
            "The mayor resigned.\n{: .editorial }\n\nIt sat [@a].\n",
            ["13:1: " + UNCITED.format("The mayor resigned.")],
            id="a paragraph given the class editorial, shown as reporting",
        ),
        pytest.param(
            "- The mayor resigned.\n{: .editorial }\n\nIt sat [@a].\n",
            ["13:3: " + UNCITED.format("The mayor resigned.")],
            id="a list item given the class editorial",
        ),
        # In a tight list item the line after a heading, a rule or an admonition is
        # that block's tail in the tree: prose of the item all the same.
        pytest.param(
            "- ## The harbour\n  will reopen in May.\n\nIt sat [@a].\n",
            ["14:3: " + UNCITED.format("will reopen in May.")],
            id="the line after a heading in a tight list item",
        ),
        pytest.param(
            "- ***\n  The harbour will reopen in May.\n\nIt sat [@a].\n",
            ["14:3: " + UNCITED.format("The harbour will reopen in May.")],
            id="the line after a rule in a tight list item",
        ),
        pytest.param(
            "- !!! editorial\n      It matters.\n  The harbour will *reopen* in May.\n\n"
            "It sat [@a].\n",
            ["15:3: " + UNCITED.format("The harbour will reopen in May.")],
            id="the line after editorial analysis in a tight list item",
        ),
        pytest.param(
            "- ## Where it stands\n  The harbour will reopen in May [@a].\n",
            [],
            id="a cited line after a heading in a tight list item",
        ),
        # Python-Markdown keeps a raw HTML block with its spaces tidied; it is the
        # editor's HTML all the same, and its text is published.
        pytest.param(
            "It sat [@a].\n\n<div>The harbour will reopen in May.</div>   \n",
            ["15:6: " + UNCITED.format("The harbour will reopen in May.")],
            id="raw HTML with trailing spaces",
        ),
        pytest.param(
            "It sat [@a].\n\n<div>\n   \nThe harbour will reopen in May.</div>\n",
            ["17:1: " + UNCITED.format("The harbour will reopen in May.")],
            id="raw HTML holding a line of spaces",
        ),
        pytest.param(
            "It sat [@a].\n\n<div>\tThe harbour will reopen in May.</div>\n",
            ["15:7: " + UNCITED.format("The harbour will reopen in May.")],
            id="raw HTML holding a tab",
        ),
        pytest.param(
            "It sat [@a].\n\n<div>The harbour will reopen in May.\n",
            ["15:6: " + UNCITED.format("The harbour will reopen in May.")],
            id="raw HTML never closed",
        ),
        # A sentence in braces is prose; only an attribute list is a slip.
        pytest.param(
            "{The harbour will reopen in May.}\n\n- {Ships: 14, days: 2}\n\n"
            "{: .lead }\n\n{#top .wide}\n\n> {: The mayor resigned.}\n\nIt sat [@a].\n",
            [
                "13:1: " + UNCITED.format("{The harbour will reopen in May.}"),
                "15:3: " + UNCITED.format("{Ships: 14, days: 2}"),
                # A slip of an attribute list is no claim, but the page shows it.
                "17:1: " + _STRAY.format("{: .lead }"),
                "19:1: " + _STRAY.format("{#top .wide}"),
                "21:3: " + UNCITED.format("{: The mayor resigned.}"),
            ],
            id="a sentence in braces",
        ),
        # A line break after a citation ends the clause it supports.
        pytest.param(
            "It sat [@a]<br>Turnout fell.\n\nIt rose [@a]  \nTurnout fell.\n",
            [
                "13:16: " + UNCITED.format("Turnout fell."),
                "16:1: " + UNCITED.format("Turnout fell."),
            ],
            id="a line break after a citation",
        ),
        # "<!-->" is a whole, empty comment to a browser, which shows what follows.
        pytest.param(
            "It sat [@a].\n\n<!--> The harbour will reopen in May. -->\n",
            ["15:7: " + UNCITED.format("The harbour will reopen in May.")],
            id="an abruptly closed comment",
        ),
        pytest.param(
            "It sat [@a]. <!---> The harbour will reopen in May. -->\n",
            ["13:21: " + UNCITED.format("The harbour will reopen in May.")],
            id="an abruptly closed comment inline",
        ),
        # Text shown as code is published all the same: a paragraph of it is a claim.
        pytest.param(
            "`The mayor took bribes.`\n\nIt sat [@a].\n",
            ["13:1: " + UNCITED.format("`The mayor took bribes.`")],
            id="a paragraph of code alone",
        ),
        # Raw HTML a browser reads otherwise than Python's parser: a marked section
        # ("<![x") is a comment to the next ">", and so is CDATA; "--!>" ends a comment;
        # an inline tag left open ends with its block; Python-Markdown's rewriting of
        # the editor's HTML does not make it its own.
        pytest.param(
            "<div><![x</div>\n\nIt sat [@a].\n\n<div><![CDATA[ x > It fell. ]]></div>\n",
            ["17:20: " + UNCITED.format("It fell.")],
            id="marked sections and CDATA in raw HTML",
        ),
        pytest.param(
            "<div><!-- c --!>It fell.<!-- d --></div>\n\nIt sat [@a].\n",
            ["13:1: " + UNCITED.format("It fell.")],
            id="a comment closed by --!>",
        ),
        pytest.param(
            "<div><p>Press <kbd>Ctrl.</p><p>It fell.</p></div>\n\nIt sat [@a].\n",
            ["13:9: " + UNCITED.format("Press Ctrl. It fell.")],
            id="an inline tag left open",
        ),
        # Raw HTML that starts a block ends the sentence before it, cited or not.
        pytest.param(
            'It sat [@a]<br class="x">It fell.\n\nIt sat [@a]<p>It fell.\n\n'
            "The mayor reportedly resigned<hr>It sat [@a].\n",
            [
                "13:26: " + UNCITED.format("It fell."),
                "15:15: " + UNCITED.format("It fell."),
                "17:1: error ST021 hedged claim ('reportedly') has no citation of its own: "
                '"The mayor reportedly resigned" (cite who says so in this sentence, or state '
                "it plainly with a source)",
            ],
            id="raw HTML that starts a block",
        ),
    ],
)
def test_prose_the_page_shows_is_judged(body: str, expected: list[str]) -> None:
    assert findings(body) == expected


def test_the_cases_above_are_prose_on_the_page_itself() -> None:
    # Not a second opinion: the rendered page shows these sentences as paragraphs.
    assert "<p>The mayor resigned.</p>" in rendered("<!-- note -->\nThe mayor resigned.\n")
    assert "<p>[Correction, 2 March]: The mayor resigned.</p>" in rendered(
        "[Correction, 2 March]: The mayor resigned.\n"
    )


def test_a_citation_after_a_block_in_a_tight_list_item_is_rendered() -> None:
    # Read as prose, its citation is numbered like any other: the renderer once
    # failed on a citation the reading had never seen.
    html = markdown.markdown(
        HEAD + "- ## Where it stands\n  The harbour will reopen in May [@a].\n",
        extensions=[SourcetraceExtension(), *SiteSetup().extensions],
    )
    tree = lxml.html.fromstring(html)
    item = tree.xpath("//li[h2]")[0]
    assert item.xpath("./span[@data-st-claim or contains(@class, 'st-claim')]")
    assert item.xpath(".//sup[@class='st-cite']/a[@href='#source-a']/text()") == ["[1]"]


def test_analysis_is_what_the_page_shows_as_analysis() -> None:
    # The admonition is boxed and labelled; {: .editorial } only adds a class.
    assert findings('!!! editorial "Analysis"\n    The mayor resigned.\n\nIt sat [@a].\n') == []
    assert 'class="admonition editorial"' in rendered("!!! editorial\n    It matters.\n")
    assert rendered("It matters.\n{: .editorial }\n") == '<p class="editorial">It matters.</p>'


def test_the_table_of_contents_marker_is_no_claim() -> None:
    # The toc extension puts the table of contents where its marker stands alone.
    assert findings("[TOC]\n\n- [TOC]\n\nIt sat [@a].\n") == []
    assert findings("It sat [@a]. See [TOC].\n\n[TOC] is our word.\n") == [
        "13:14: " + UNCITED.format("See [TOC]."),
        "15:1: " + UNCITED.format("[TOC] is our word."),
    ]
    assert "[TOC]" not in rendered("[TOC]\n\n# Head\n")


def test_a_citation_before_a_colon_is_a_citation() -> None:
    assert findings("It gave its reasons [@a]: cost, time.\n") == []


def test_a_citation_in_a_heading_is_refused_and_never_published_raw() -> None:
    assert findings("## Port [@zzz]\n\nIt sat [@a].\n") == [
        "13:9: error ST013 citation [@zzz] stands in a heading, where it supports no "
        "sentence: move it into the sentence that relies on the source",
        "13:10: error ST010 unknown source '@zzz': cite one of: a",
    ]


IN_ATTRIBUTE = (
    "error ST013 citation [{}] stands in {}, where it supports no sentence: "
    "move it into the sentence that relies on the source"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "![Council chamber [@zzz]](chamber.png)\n\nIt sat [@a].\n",
            [
                "13:19: " + IN_ATTRIBUTE.format("@zzz", "an image's description (its alt text)"),
                "13:20: error ST010 unknown source '@zzz': cite one of: a",
            ],
            id="image description",
        ),
        pytest.param(
            "![Chamber [@a]][pic]\n\nIt sat [@a].\n\n[pic]: chamber.png\n",
            ["13:11: " + IN_ATTRIBUTE.format("@a", "an image's description (its alt text)")],
            id="image description, reference style",
        ),
        pytest.param(
            'It sat [@a], per [the minutes](https://example.org/m "see [@a, p. 4]").\n',
            ["13:59: " + IN_ATTRIBUTE.format("@a", "a link's or image's title")],
            id="link title",
        ),
        pytest.param(
            "![Chamber [@a b]](chamber.png)\n\nIt sat [@a].\n",
            [
                "13:11: error ST011 malformed citation '[@a b]' has a bad source id 'a b': ids "
                "are lowercase letters, digits, '.', '_' and '-', and a locator follows a "
                "comma ([@id, p. 4])"
            ],
            id="malformed, in an image description",
        ),
    ],
)
def test_a_citation_in_an_attribute_is_refused_and_never_published_raw(
    body: str, expected: list[str]
) -> None:
    # Python-Markdown writes link and image text it does not render into attributes,
    # where a citation shows as "[@a]" and supports nothing.
    assert findings(body) == expected
    assert "[@" in rendered(body)  # what the page would show, were it published


def test_a_hedged_lead_in_is_cited_by_the_list_it_introduces() -> None:
    # The list is the rest of its sentence: as "Sources said he will resign [@a]."
    assert findings("Sources close to the minister said:\n\n- He will resign [@a].\n") == []
    assert findings("It sat [@a]. Sources close to the minister said:\n\n- He will go.\n") == [
        "13:14: error ST021 hedged claim ('Sources close to') has no citation of its own: "
        '"Sources close to the minister said:" (cite who says so in this sentence, or state '
        "it plainly with a source)",
        "15:3: " + UNCITED.format("He will go."),
    ]


def test_a_citation_written_as_code_in_an_image_description_is_code() -> None:
    assert findings("![The form `[@a]`](form.png)\n\nIt sat [@a].\n") == []


def test_hedges_are_looked_for_in_prose_only() -> None:
    body = (
        "It sat [here](https://example.org/reportedly) [@a].\n\n"
        "The [report](https://example.org/reportedly-x) was published [@a].\n\n"
        "The flag `--reportedly` is set [@a].\n"
    )
    assert findings(body) == []


def test_a_soft_hyphen_does_not_hide_a_hedge() -> None:
    assert findings("The mayor re\u00adportedly resigned. It sat [@a].\n") == [
        "13:1: error ST021 hedged claim ('reportedly') has no citation of its own: "
        '"The mayor re\u00adportedly resigned." (cite who says so in this sentence, or state '
        "it plainly with a source)"
    ]


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("r\u0435portedly", "r\u0435portedly"),  # a Cyrillic "е"
        ("\uff52\uff45\uff50\uff4f\uff52\uff54\uff45\uff44\uff4c\uff59", None),  # full-width
        ("re\u2063portedly", "reportedly"),  # an invisible separator
    ],
)
def test_letters_that_only_look_alike_do_not_hide_a_hedge(written: str, named: str | None) -> None:
    assert findings(f"The mayor {written} resigned. It sat [@a].\n") == [
        f"13:1: error ST021 hedged claim ('{named or written}') has no citation of its own: "
        f'"The mayor {written} resigned." (cite who says so in this sentence, or state '
        "it plainly with a source)"
    ]


def test_a_space_left_out_after_a_full_stop_does_not_hide_a_hedge() -> None:
    assert findings("The mayor resigned [@a].The minister reportedly fled.\n") == [
        "13:25: error ST021 hedged claim ('reportedly') has no citation of its own: "
        '"The minister reportedly fled." (cite who says so in this sentence, or state '
        "it plainly with a source)"
    ]


def test_a_citation_after_an_abbreviation_does_not_lend_itself_to_the_next_sentence() -> None:
    assert findings("The talks were held in the U.S. [@a] Minister Smith reportedly fled.\n") == [
        "13:38: error ST021 hedged claim ('reportedly') has no citation of its own: "
        '"Minister Smith reportedly fled." (cite who says so in this sentence, or state '
        "it plainly with a source)"
    ]


@pytest.mark.parametrize(
    ("body", "at"),
    [
        ("It sat [@a] The mayor reportedly resigned.\n", "13:13"),
        ("It sat [@a]\nThe mayor reportedly resigned.\n", "14:1"),
        ("It sat\n[@a]\nThe mayor reportedly resigned.\n", "15:1"),
    ],
)
def test_a_full_stop_left_out_after_a_citation_does_not_lend_it_to_the_next_sentence(
    body: str, at: str
) -> None:
    assert findings(body) == [
        f"{at}: error ST021 hedged claim ('reportedly') has no citation of its own: "
        '"The mayor reportedly resigned." (cite who says so in this sentence, or state '
        "it plainly with a source)"
    ]


def test_a_no_break_space_entity_after_a_full_stop_ends_the_sentence() -> None:
    assert findings("It sat [@a].&nbsp;The mayor reportedly resigned.\n") == [
        "13:19: error ST021 hedged claim ('reportedly') has no citation of its own: "
        '"The mayor reportedly resigned." (cite who says so in this sentence, or state it '
        "plainly with a source)",
    ]


def test_an_entry_s_language_chooses_its_sentence_ends() -> None:
    german = HEAD.replace("summary:", "language: de\nsummary:")
    body = "Der Rat tagte am 1. März im Rathaus [@a].\n"
    checked = check_entry("e.md", (german + body).encode(), settings=SETTINGS)
    assert checked.diagnostics == ()
    assert checked.entry is not None
    assert [c.text for c in checked.entry.body.claims] == [
        "Der Rat tagte am 1. März im Rathaus [@a]."
    ]


def test_the_reading_keeps_the_ids_a_link_can_point_at() -> None:
    from build_tools.parse.body import BodyReader

    reader = BodyReader(configs={"toc": {"permalink": True}})
    body = reader.read(
        "# The ruling\n\nText.\n\n## Again {#own}\n\nPara.\n{: #para }\n\n    # code\n"
    )
    assert body.anchors == ("the-ruling", "own", "para")


def test_a_malformed_citation_is_quoted_as_written_not_as_markdown_placeholders() -> None:
    assert findings("It sat [@A <i>x</i>].\n\nIt ruled [@a<i>y\n") == [
        "6:5: " + NEVER_CITED,
        "13:8: error ST011 malformed citation '[@A <i>x</i>]' has a bad source id "
        "'A <i>x</i>': ids are lowercase letters, digits, '.', '_' and '-', and a locator "
        "follows a comma ([@id, p. 4])",
        "15:10: error ST011 malformed citation '[@a<i>y' is never closed: add ']'",
    ]


def test_the_same_raw_html_written_twice_is_found_at_each_place() -> None:
    assert findings(
        "A <b onclick=x>bold</b> claim [@a].\n\nA <b onclick=x>bold</b> one [@a].\n"
    ) == [
        "13:3: error ST051 event attribute onclick= on <b> runs code in every reader's "
        "browser: remove it",
        "15:3: error ST051 event attribute onclick= on <b> runs code in every reader's "
        "browser: remove it",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "It sat [@a].\n\n<script>alert(1)</script> \n",
            "15:1: error ST051 raw <script> runs code in every reader's browser: remove it "
            "(the site's scripts come from the theme, never from an entry)",
        ),
        (
            'It sat [@a].\n\n<p><a href="javascript:alert(1)">Where</a></p> \n',
            "15:4: error ST050 <a href> points to a javascript: address: only http(s) "
            "addresses, relative paths, #fragments and mailto: are allowed",
        ),
        (
            "It sat [@a].\n\n<!--> <script>alert(1)</script> -->\n",
            "15:7: error ST051 raw <script> runs code in every reader's browser: remove it "
            "(the site's scripts come from the theme, never from an entry)",
        ),
        (
            "It sat [@a].\n\n<div>\t<script>alert(1)</script></div>\n",
            "15:7: error ST051 raw <script> runs code in every reader's browser: remove it "
            "(the site's scripts come from the theme, never from an entry)",
        ),
    ],
)
def test_raw_html_a_browser_reads_is_judged(body: str, expected: str) -> None:
    assert expected in findings(body)


def _page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        markdown.markdown(HEAD + body, extensions=[SourcetraceExtension(), *SiteSetup().extensions])
    )


@pytest.mark.parametrize(
    "body",
    [
        "It sat [@a][^1].\n",  # no footnotes on this site: [^1] is text
        "It sat [@a][note].\n",  # no such note
        "It sat [@a][].\n",
        "It sat [@a] [note].\n\n[note]: https://example.org/\n",
        "It sat [@a]\n[note].\n\n[note]: https://example.org/\n",
    ],
)
def test_a_citation_before_brackets_is_a_citation_on_the_page(body: str) -> None:
    # Never published as the raw text "[@a]", and never swallowed into a link's text.
    assert findings(body) == []
    page = _page(body)
    assert page.xpath("//p//sup[@class='st-cite']/a[@href='#source-a']/text()") == ["[1]"]
    assert "[@a]" not in page.text_content()
    assert "@a" not in "".join(page.xpath("//a/text()"))


@pytest.mark.parametrize(
    ("body", "written"),
    [
        ("It sat [@a, p. `4`].\n", "[@a, p. `4`]"),
        ("It sat [@a, see <https://example.org/>].\n", "[@a, see <https://example.org/>]"),
        ("It sat [@a, <b>p. 4</b>].\n", "[@a, <b>p. 4</b>]"),
        ("It sat [@a, [p. 4](https://example.org/)].\n", "[@a, [p. 4](https://example.org/)]"),
    ],
)
def test_markup_in_a_locator_is_refused_and_never_published_as_a_placeholder(
    body: str, written: str
) -> None:
    assert findings(body) == [
        f"13:8: error ST011 malformed citation '{written}' holds code, a link or HTML: "
        "write its locator as plain text"
    ]
    assert "\x02" not in lxml.html.tostring(_page(body), encoding="unicode")


@pytest.mark.parametrize(
    "body",
    [
        "- Intro [@a].\n\n    | Port | Days |\n    | --- | --- |\n    | Vellmar | 14 |\n\n"
        "    Source: the notice [@a].\n",
        "> Intro [@a].\n>\n> | Port | Days |\n> | --- | --- |\n> | Vellmar | 14 |\n>\n"
        "> Source: the notice [@a].\n",
    ],
    ids=["in a list item", "in a block quote"],
)
def test_a_source_line_under_a_table_after_a_paragraph_covers_its_cells(body: str) -> None:
    assert findings(body) == []


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # A sentence that opens with an entity is where its paragraph is.
        ("It sat [@a].\n\n&ldquo;It will reopen,&rdquo; the mayor said.\n", 15),
        # The same words in a comment, in code or in raw HTML before it do not draw
        # the finding back to them.
        ("It sat [@a].\n\n<!-- It will reopen. -->\nIt will reopen.\n", 16),
        ("It sat [@a].\n\n    It will reopen.\n\nIt will reopen.\n", 17),
        ("It sat [@a].\n\n<div>old</div>\n\n<div>old</div> \n", 17),
    ],
)
def test_a_finding_is_at_the_line_of_its_sentence(body: str, line: int) -> None:
    lines = [f.split(":")[0] for f in findings(body) if "ST020" in f]
    assert lines[-1] == str(line)


def _findings_in(language: str, body: str) -> list[str]:
    head = HEAD.replace(
        "summary: The mayor resigned.\n", f"summary: The mayor resigned.\nlanguage: {language}\n"
    )
    checked = check_entry("e.md", (head + body).encode(), settings=SETTINGS)
    return [d.format().removeprefix("e.md:") for d in checked.diagnostics]


def _may_end(hedge: str, unreached: str, last: str) -> str:
    return (
        f"14:1: error ST021 hedged claim ('{hedge}') has no citation of its own: "
        f'"{unreached}" (a sentence may end at {last!r}, and the citation stands after it: '
        "cite who says so before it)"
    )


@pytest.mark.parametrize(
    ("language", "body", "expected"),
    [
        # A hedge before an abbreviation that may end its sentence, the citation after it.
        (
            "en",
            "Smith reportedly fled to the U.S. Moscow denied it [@a].\n",
            [_may_end("reportedly", "Smith reportedly fled to the U.S.", "U.S.")],
        ),
        (
            "de",
            "Bayern gewann angeblich 3:1. Trainer Müller bestätigte das [@a].\n",
            [_may_end("angeblich", "Bayern gewann angeblich 3:1.", "3:1.")],
        ),
        (
            "es",
            "Al parecer huyó a EE. UU. Trump lo negó [@a].\n",
            [_may_end("Al parecer", "Al parecer huyó a EE. UU.", "UU.")],
        ),
        (
            "it",
            "Secondo fonti lavora per Fiat S.p.A. Rossi ha smentito [@a].\n",
            [_may_end("Secondo fonti", "Secondo fonti lavora per Fiat S.p.A.", "S.p.A.")],
        ),
        # ... and where the words after it plainly run on, or the hedge is after it.
        ("en", "He reportedly met U.S. Senator Smith [@a].\n", []),
        ("en", "The U.S. Treasury reportedly imposed sanctions [@a].\n", []),
        ("en", "The group reportedly met at 8 p.m. Moscow time [@a].\n", []),
        ("en", "Smith fled to the U.S. Moscow denied it [@a].\n", []),
        ("en", "He reportedly met Acme Inc. Chief Executive Jane Roe [@a].\n", []),
        ("en", "Smith reportedly met J.P. Morgan bankers [@a].\n", []),
        ("en", "The court heard [@a] that J.P. Morgan agreed.\n", []),
        ("en", "He reportedly flew to the U.S. Virgin Islands [@a].\n", []),
        ("en", "He was reportedly 5 ft. 10 in. tall [@a].\n", []),
        ("de", "Angeblich begann der 2. Weltkrieg 1939 [@a].\n", []),
    ],
)
def test_a_hedge_before_a_possible_sentence_end_needs_a_citation_before_it(
    language: str, body: str, expected: list[str]
) -> None:
    assert _findings_in(language, body) == expected


@pytest.mark.parametrize(
    ("body", "label"),
    [
        # A ';' in a quoted passage or an entity does not separate references.
        ('It sat [@a, "the council met; the mayor resigned"].\n', "[1]"),
        ("It sat [@a, p. 4&ndash;5].\n", "[1, p. 4\u20135]"),
        # A backslash escape in a locator is the character it escapes.
        ("It sat [@a, p. 4\\*].\n", "[1, p. 4*]"),
        ("It sat [@a, pp. 4\\-5].\n", "[1, pp. 4-5]"),
    ],
)
def test_locators_are_read_as_written(body: str, label: str) -> None:
    assert findings(body) == []
    assert _page(body).xpath("//sup[@class='st-cite']/a/text()") == [label]


@pytest.mark.parametrize(
    "body",
    [
        "It sat [@a].\n\n[It fell.]: https://example.org/\n\nIt fell.\n",
        'It sat [@a].\n\n[x]: https://example.org/ "It fell."\n\nIt fell.\n',
    ],
)
def test_a_finding_is_never_placed_in_a_link_definition(body: str) -> None:
    # Python-Markdown takes definitions out of the tree: no sentence stands in one.
    assert findings(body) == ["17:1: " + UNCITED.format("It fell.")]


def test_a_citation_inside_a_raw_html_link_is_refused() -> None:
    body = (
        '<a href="https://example.org/">It fell [@a] and rose</a>.\n\n'
        'See <a href="https://example.org/">it</a> [@a].\n'
    )
    assert findings(body) == [
        "13:40: error ST013 citation [@a] stands inside a link written in raw HTML (<a>): its own "
        "link to the source would be a link in a link, which browsers break apart; put it after "
        "the link"
    ]


_HEDGED = (
    "error ST021 hedged claim ('reportedly') has no citation of its own: \"{}\" (cite who "
    "says so in this sentence, or state it plainly with a source)"
)


@pytest.mark.parametrize(
    "glue",
    ["\\", "\u200b", "\u00ad", "&#8203;", "\u2060", "\ufeff", "¹", "†", "[^1]", "<sup>1</sup>"],
)
def test_what_shows_as_no_space_after_a_citation_does_not_hide_the_next_sentence(
    glue: str,
) -> None:
    body = f"It sat [@a].{glue} The mayor reportedly left.\n"
    assert findings(body) == [
        f"13:{14 + len(glue)}: " + _HEDGED.format("The mayor reportedly left.")
    ]


def test_a_backslash_before_a_line_break_does_not_join_two_sentences() -> None:
    # Python-Markdown has no backslash line break: the page shows "[1].\ The mayor ...".
    body = "It sat [@a].\\\nThe mayor reportedly left.\n"
    assert findings(body) == ["14:1: " + _HEDGED.format("The mayor reportedly left.")]


def test_an_invisible_character_between_two_sentences_parts_them() -> None:
    body = "The mayor reportedly left.\u200bIt sat [@a].\n"
    assert findings(body) == ["13:1: " + _HEDGED.format("The mayor reportedly left.")]


@pytest.mark.parametrize(
    ("body", "place"),
    [
        # A code span's sentence starts at its first backtick, however many open it.
        ("It sat [@a].\n\n``The mayor`` quit.\n", "15:1"),
        ("It sat [@a].\n\n```The mayor quit.```\n", "15:1"),
        ("It sat [@a].\n\nHe said. ``Smith`` left.\n", "15:10"),
        # The same backticks in a fenced block before it are code, not this paragraph.
        ("It sat [@a].\n\n````\ncode\n````\n\n  ```\n  The mayor quit.\n  ```\n", "19:3"),
        ("It sat [@a].\n\n```\nThe mayor quit.\n```\n\nThe mayor quit.\n", "19:1"),
    ],
)
def test_a_sentence_of_code_is_placed_where_it_is_written(body: str, place: str) -> None:
    assert [f.split(": ")[0] for f in findings(body) if "ST020" in f][-1] == place


def test_a_code_span_is_quoted_as_the_page_shows_it() -> None:
    assert findings("It sat [@a].\n\n`a < b & c` is true.\n") == [
        "15:1: " + UNCITED.format("`a < b & c` is true.")
    ]


_WITH_EXTENSIONS = CheckSettings(
    SiteSetup(
        extensions=("toc", "tables", "fenced_code", "admonition", "footnotes", "pymdownx.tasklist")
    ).reader()
)


@pytest.mark.parametrize(
    ("body", "places"),
    [
        # Footnotes are moved to the end of the page; each is placed where it is written.
        (
            "It sat [@a].[^1]\n\n[^1]: The mayor resigned.\n\nIt rose [@a].\n",
            ["15:7"],
        ),
        (
            "It sat [@a].\n\n!!! editorial\n    It was late.[^e]\n\n    [^e]: The mayor left.\n\n"
            "It rose [@a].[^f]\n\n[^f]: The mayor quit.\n",
            ["18:11", "22:7"],
        ),
        # A task list's box is a placeholder before the item's words.
        ("It sat [@a].\n\n- [ ] The mayor left.\n- [x] The mayor quit.\n", ["15:7", "16:7"]),
    ],
)
def test_extensions_text_is_placed_where_it_is_written(body: str, places: list[str]) -> None:
    checked = check_entry("e.md", (HEAD + body).encode(), settings=_WITH_EXTENSIONS)
    found = [d.format().removeprefix("e.md:") for d in checked.diagnostics]
    assert sorted(f.split(": ")[0] for f in found if "ST020" in f) == sorted(places)


def test_inline_code_in_raw_html_is_quoted_as_the_page_shows_it() -> None:
    # The words of <kbd>, <samp> and <code> are shown, so they are in the claim (as a
    # code span's are); a <pre> block is code, as a fenced one is.
    body = (
        "It sat [@a].\n\n<p>The <kbd>minister</kbd> left.</p>\n\n"
        "<div>Press <samp>Enter</samp> now.</div>\n\n<pre>The mayor fled.</pre>\n"
    )
    assert findings(body) == [
        "15:4: " + UNCITED.format("The minister left."),
        "17:6: " + UNCITED.format("Press Enter now."),
    ]
