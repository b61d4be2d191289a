"""Reading a body's links and raw HTML tags: what is found, where, and what code hides."""

from __future__ import annotations

import time

import markdown
import pytest

from build_tools.model import Position
from build_tools.parse.body import read_body


def links(text: str) -> list[tuple[str, str, int, int, bool]]:
    body = read_body(text)
    return [
        (link.via, link.target, link.position.line, link.position.column, link.loads)
        for link in body.links
    ]


def tags(text: str) -> list[tuple[str, int, int, list[tuple[str, str | None]]]]:
    body = read_body(text)
    return [
        (
            tag.name,
            tag.position.line,
            tag.position.column,
            [(a.name, a.value) for a in tag.attributes],
        )
        for tag in body.html_tags
    ]


def test_inline_links_images_autolinks_and_definitions_with_positions() -> None:
    text = (
        "A [link](https://a.example/x) and ![pic](p.png 'Title').\n"
        "An <https://b.example/> autolink and a [ref][r], ![img][i].\n"
        "\n"
        "[r]: <mailto:desk@example.org>\n"
        "[i]:\n"
        "  https://c.example/i.png\n"
    )
    assert links(text) == [
        ("link", "https://a.example/x", 1, 10, False),
        ("image", "p.png", 1, 42, True),
        ("autolink", "https://b.example/", 2, 5, False),
        ("definition", "mailto:desk@example.org", 4, 7, False),
        ("image definition", "https://c.example/i.png", 6, 3, True),
    ]


def test_destination_keeps_balanced_parentheses_and_may_follow_a_line_break() -> None:
    assert links("See [it](https://a.example/f_(x)) and [that](\n  /path).\n") == [
        ("link", "https://a.example/f_(x)", 1, 10, False),
        ("link", "/path", 2, 3, False),
    ]


def test_nothing_is_read_inside_code_spans_blocks_or_real_escapes() -> None:
    text = (
        "Write `[x](javascript:a)` or ``<script>`` or \\<b> or \\[y\\](data:x).\n"
        "\n"
        "```\n"
        "<iframe src=x>\n"
        "```\n"
        "\n"
        "    <img src=https://a.example/p.png>\n"
        "\n"
        "- item\n"
        "\n"
        "        <object data=x>\n"
    )
    assert links(text) == []
    # Python-Markdown has no backslash escape for "<": "\<b>" publishes a real <b> tag.
    assert tags(text) == [("b", 1, 47, [])]


def test_a_code_span_does_not_reach_across_a_blank_line() -> None:
    text = "An opening ` tick.\n\n<b onclick=x>bold</b> and a closing ` tick.\n"
    assert tags(text) == [("b", 3, 1, [("onclick", "x")])]


def test_attributes_are_read_the_way_a_browser_reads_them() -> None:
    text = (
        '<a title=">" onclick="go()" href=\'/x\' hidden>a</a>\n'
        "<img/src=x/onerror=alert(1)>\n"
        "<IMG SRC = 'y.png' ALT=Seal>\n"
    )
    assert tags(text) == [
        ("a", 1, 1, [("title", ">"), ("onclick", "go()"), ("href", "/x"), ("hidden", None)]),
        ("img", 2, 1, [("src", "x/onerror=alert(1)")]),
        ("img", 3, 1, [("src", "y.png"), ("alt", "Seal")]),
    ]
    assert [(via, target) for via, target, *_ in links(text)] == [
        ("<a href>", "/x"),
        ("<img src>", "x/onerror=alert(1)"),
        ("<img src>", "y.png"),
    ]


def test_a_tag_never_closed_is_text_and_the_next_one_is_still_read() -> None:
    assert tags('A <a <script>x</script> and <b title="open.\n') == [("script", 1, 6, [])]


def test_a_script_s_own_text_is_not_read_as_tags() -> None:
    text = "<script>var a = '<iframe src=x>';</script> <b>b</b>\n"
    assert [name for name, *_ in tags(text)] == ["script", "b"]


def test_every_srcset_candidate_is_an_address_at_the_tag() -> None:
    text = 'x <img srcset="a.png 1x, //b.example/b.png 2x">\n'
    assert links(text) == [
        ("<img srcset>", "a.png", 1, 3, True),
        ("<img srcset>", "//b.example/b.png", 1, 3, True),
    ]


def test_a_citation_is_neither_a_link_nor_a_tag() -> None:
    text = "It sat [@court, p. 4]. [@court]: a note. [@a; @b]\n"
    assert (links(text), tags(text)) == ([], [])


def test_positions_are_file_positions() -> None:
    body = read_body("\nIt sat <b>here</b>.\n", first_line=12)
    assert body.html_tags[0].position == Position(13, 8)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "unit",
    ['<a title="', "<a ", "](", "[x]: ", "<b onclick='x' ", "`", "` ``", "<!-- ", "<a\n", "](<"],
)
def test_hostile_markup_costs_what_python_markdown_s_own_reading_costs(unit: str) -> None:
    # Python-Markdown's HTML reader is quadratic on some of these (the build pays that
    # too); reading the tree for the checker may add a bounded factor only.
    text = "x " + unit * 2_000 + "\n"
    started = time.process_time()
    markdown.markdown(text, extensions=["toc", "tables", "fenced_code", "admonition"])
    plain = time.process_time() - started
    started = time.process_time()
    read_body(text)
    assert time.process_time() - started < 10 * plain + 1.0
