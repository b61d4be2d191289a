"""Placeholders and citations left in the text of front-matter values, and in the body.

A placeholder from the entry template is reported once, as a placeholder (ST014),
however the editor left it: inside a longer value, in another case, wrapped
over lines or partly edited. A citation where nothing can be claimed (the title,
summary, a tag, a source's title, a correction's text) is ST013, at its '[@'.
"""

from __future__ import annotations

import pytest

from build_tools.check import check_entry

COURT = """\
  - id: court
    title: Hearing record
    publisher: Ankara 3rd High Criminal Court
    role: primary
    offline: court file, not published
"""
BODY = "The court heard the appeal [@court].\n"
SUMMARY = "summary: An Ankara court heard an appeal.\n"

# The sources start on line 5 when ``front`` is empty, the body on line 13.
BODY_LINE = 13


def entry(
    *, summary: str = SUMMARY, front: str = "", sources: str = COURT, body: str = BODY
) -> str:
    """An entry whose title is on line 2 and whose summary starts on line 4."""
    return (
        "---\ntitle: Court hears appeal in Ankara case\ndate: 2016-02-22\n"
        f"{summary}{front}sources:\n{sources}---\n\n{body}"
    )


def findings(text: str) -> list[str]:
    """Every finding for an entry, as ``sourcetrace check`` prints it."""
    return [d.format() for d in check_entry("entry.md", text.encode()).diagnostics]


def held(where: str, placeholder: str) -> str:
    return (
        f"error ST014 {where} holds the template's placeholder '{placeholder}': write the "
        "text it stands for in its place"
    )


def unfilled(placeholder: str) -> str:
    return (
        f"error ST014 unfilled placeholder '{placeholder}' from the entry template: write the "
        "text it stands for in its place"
    )


def cited_in(citation: str, where: str) -> str:
    return (
        f"error ST013 citation '{citation}' stands in {where}, which cannot cite and is "
        "published as written, the citation as its text: move it into the body's sentence "
        "that relies on the source, or name the source in words"
    )


def test_the_clean_entry_has_no_findings() -> None:
    assert findings(entry()) == []


@pytest.mark.parametrize(
    ("summary", "column", "written"),
    [
        ("summary: <summary>.\n", 10, "<summary>"),
        ("summary: An Ankara court <summary>\n", 26, "<summary>"),
        ('summary: "An Ankara court <Summary>."\n', 27, "<Summary>"),
        ("summary: An Ankara court < summary > heard it.\n", 26, "< summary >"),
    ],
)
def test_a_placeholder_inside_the_summary_is_unfilled(
    summary: str, column: int, written: str
) -> None:
    assert findings(entry(summary=summary)) == [
        f"entry.md:4:{column}: " + held("entry 'summary'", written)
    ]


def test_a_placeholder_in_a_folded_summary_is_found_on_the_line_it_is_written() -> None:
    summary = "summary: >\n  An Ankara court heard\n  an appeal <Summary>.\n"
    assert findings(entry(summary=summary)) == [
        "entry.md:6:13: " + held("entry 'summary'", "<Summary>")
    ]


def test_a_placeholder_written_with_an_escape_is_reported_where_its_value_is() -> None:
    summary = 'summary: "The court read \\x3csummary> aloud."\n'
    assert findings(entry(summary=summary)) == [
        "entry.md:4:1: " + held("entry 'summary'", "<summary>")
    ]


def test_a_placeholder_left_whole_in_another_case_is_the_template_s() -> None:
    assert findings(entry(summary="summary: <Summary>\n")) == [
        "entry.md:4:1: error ST014 entry 'summary' is the template's placeholder '<Summary>': "
        "fill it in (one or two sentences saying what happened)"
    ]


def test_a_placeholder_inside_a_quote_is_unfilled() -> None:
    sources = COURT + '    quote: "The court said <quote>"\n'
    assert findings(entry(sources=sources)) == [
        "entry.md:11:28: " + held("source 'court' 'quote'", "<quote>")
    ]


def test_a_placeholder_inside_a_tag_written_as_text_is_unfilled() -> None:
    assert findings(entry(front="tags: <topic>, courts\n")) == [
        "entry.md:5:1: warning ST065 tag '<topic>, courts' holds a comma, so it is one tag, "
        "not 2: write tags as a list, one topic each (tags: [<topic>, courts]); to keep a "
        "comma in a tag on purpose, put that tag in quotes",
        "entry.md:5:7: " + held("entry 'tags'", "<topic>"),
    ]


def test_a_placeholder_in_a_listed_tag_and_a_correction_is_found_in_each() -> None:
    front = (
        "tags: [courts, appeal <topic>]\ncorrections:\n  - date: 2016-02-23\n"
        "    text: The name was <correction>.\n"
    )
    assert findings(entry(front=front)) == [
        "entry.md:5:23: " + held("tag 2", "<topic>"),
        "entry.md:8:24: " + held("correction 1 'text'", "<correction>"),
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "summary: The court ruled that 3 < 4 and 5 > 2.\n",
        "summary: The court read <the verdict> aloud.\n",
    ],
)
def test_angle_brackets_that_are_no_template_placeholder_are_text(summary: str) -> None:
    assert findings(entry(summary=summary)) == []


@pytest.mark.parametrize(
    ("body", "written"),
    [
        (
            "<First claim of the entry,\none sentence> [@court].\n",
            "<First claim of the entry, one sentence>",
        ),
        (
            "<first claim of the entry, one sentence> [@court].\n",
            "<first claim of the entry, one sentence>",
        ),
        (
            "<First claim of  the entry,\u00a0one sentence> [@court].\n",
            "<First claim of the entry, one sentence>",
        ),
        (
            "<First claim of the entry one sentence> [@court].\n",
            "<First claim of the entry one sentence>",
        ),
        ("<First claim of the entry> [@court].\n", "<First claim of the entry>"),
        ("<First claim> [@court].\n", "<First claim>"),
    ],
)
def test_the_body_placeholder_as_edited_is_unfilled_and_no_html(body: str, written: str) -> None:
    assert findings(entry(body=body)) == [f"entry.md:{BODY_LINE}:1: " + unfilled(written)]


def test_a_summary_placeholder_on_its_own_line_is_one_finding_not_the_paragraph_after() -> None:
    body = "<summary>\n\nThe court heard the appeal [@court].\n"
    assert findings(entry(body=body)) == [f"entry.md:{BODY_LINE}:1: " + unfilled("<summary>")]


def test_a_summary_element_the_body_closes_is_markup() -> None:
    body = "<details><summary>The ruling</summary>It sat [@court].</details>\n"
    assert [f for f in findings(entry(body=body)) if "ST014" in f] == []


def test_an_event_attribute_beside_a_placeholder_is_still_refused() -> None:
    body = "The court sat <summary> [@court]. It <b onclick=x>ruled</b> [@court].\n"
    assert findings(entry(body=body)) == [
        f"entry.md:{BODY_LINE}:15: " + unfilled("<summary>"),
        f"entry.md:{BODY_LINE}:38: error ST051 event attribute onclick= on <b> runs code in "
        "every reader's browser: remove it",
    ]


def test_citations_in_the_title_summary_tags_and_a_source_title_are_st013_alone() -> None:
    text = (
        "---\ntitle: Court hears appeal [@court]\ndate: 2016-02-22\n"
        "summary: An Ankara court heard an appeal [@zzz].\n"
        'tags: ["[@court]"]\n'
        "sources:\n  - id: court\n    title: Hearing record [@court]\n"
        "    publisher: Ankara court\n    role: primary\n    offline: court file\n"
        '    quote: "The court sat [@court]"\n'
        "---\n\nThe court sat [@court].\n"
    )
    assert findings(text) == [
        "entry.md:2:27: " + cited_in("[@court]", "entry 'title'"),
        "entry.md:4:42: " + cited_in("[@zzz]", "entry 'summary'"),
        "entry.md:5:9: " + cited_in("[@court]", "tag 1"),
        "entry.md:8:27: " + cited_in("[@court]", "source 'court' 'title'"),
    ]


def test_a_citation_in_a_wrapped_summary_is_found_where_its_bracket_is() -> None:
    summary = 'summary: "An Ankara court heard\n  an appeal [@court; @zzz, p. 4]."\n'
    assert findings(entry(summary=summary)) == [
        "entry.md:5:13: " + cited_in("[@court; @zzz, p. 4]", "entry 'summary'")
    ]


def test_a_citation_and_a_hedge_in_a_correction_are_each_reported() -> None:
    front = "corrections:\n  - date: 2016-02-23\n    text: The mayor reportedly resigned [@zzz].\n"
    assert findings(entry(front=front)) == [
        "entry.md:6:5: error ST021 hedged correction ('reportedly'): a correction cannot "
        "cite, so name who says so ('the Gazette reports…') or state it plainly",
        "entry.md:7:41: " + cited_in("[@zzz]", "correction 1 'text'"),
    ]


def test_a_plain_correction_passes() -> None:
    front = "corrections:\n  - date: 2016-02-23\n    text: The mayor's name was misspelt.\n"
    assert findings(entry(front=front)) == []


def test_a_source_cited_only_in_the_title_is_not_also_reported_as_never_cited() -> None:
    text = entry(body="The court heard the appeal.\n").replace(
        "title: Court hears appeal in Ankara case", "title: Court hears appeal [@court]"
    )
    assert findings(text) == [
        "entry.md:2:27: " + cited_in("[@court]", "entry 'title'"),
        'entry.md:13:1: error ST020 uncited claim: "The court heard the appeal." (cite one '
        "of: court)",
    ]
