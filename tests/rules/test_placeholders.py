"""Which text in a body is a placeholder left from the template, and which is not."""

from __future__ import annotations

import pytest
from test_rules import AUTHORS, BODY_LINE, PLACEHOLDER_TEXT, entry

from build_tools.check import check_entry
from build_tools.rules.placeholders import is_placeholder, placeholders


def placeholder_findings(body: str) -> list[tuple[int, int, str]]:
    checked = check_entry("entry.md", entry(body=body).encode(), authors=AUTHORS)
    return [
        (d.position.line, d.position.column, d.message)
        for d in checked.diagnostics
        if d.rule == "ST014"
    ]


@pytest.mark.parametrize(
    "body",
    [
        "<details><summary>The ruling</summary>It sat [@court].</details>\n",
        "The court sat [@court]. Editors write `<summary>` and `[@<source-id>]`.\n",
        "The court sat [@court].\n\n```\n<First claim of the entry, one sentence>\n```\n",
    ],
)
def test_markup_and_code_are_not_placeholders(body: str) -> None:
    assert placeholder_findings(body) == []


def test_an_unclosed_one_word_placeholder_is_one() -> None:
    assert placeholder_findings("The court sat <summary> [@court].\n") == [
        (BODY_LINE, 15, PLACEHOLDER_TEXT.format(p="<summary>"))
    ]


def test_a_placeholder_in_a_list_item_and_a_quote_is_found_where_written() -> None:
    assert placeholder_findings(
        "- It sat <topic> [@court].\n\n> It ruled <reason> [@court].\n"
    ) == [
        (BODY_LINE, 10, PLACEHOLDER_TEXT.format(p="<topic>")),
        (BODY_LINE + 2, 12, PLACEHOLDER_TEXT.format(p="<reason>")),
    ]


def test_front_matter_values_are_placeholders_only_when_left_whole() -> None:
    assert is_placeholder("<summary>") and is_placeholder(" <quote> ")
    assert not is_placeholder("The court said <quote>")
    assert not is_placeholder("<not a placeholder>") and not is_placeholder(7)
    assert "<First claim of the entry, one sentence>" in placeholders()
