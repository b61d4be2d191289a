from __future__ import annotations

import markdown
import pytest
from cli_harness import Run

from build_tools.commands.explain import format_hedges, format_rule, likely_rules
from build_tools.guide import as_text, hedges_markdown, rule_markdown, rules_markdown
from build_tools.rules.hedges import DEFAULT_HEDGES, ENGLISH, GERMAN, Hedges
from build_tools.rules.registry import RULES

ST020 = """\
ST020 (error): an uncited claim

Every sentence of prose in a paragraph, list item, table cell or block quote
is a claim and needs a citation; in a table every body cell counts, the first
column's too, and only the header row is not a claim. A citation covers its
own sentence and the uncited sentences before it in the same block, so a
sentence after the block's last citation is uncited; a citation followed by a
semicolon, a dash or an ellipsis closes its clause, so what follows is a claim
of its own. The text of raw HTML is claimed too, and a [@id] inside it is
never read: write such prose in Markdown. Put analysis in an !!! editorial
admonition instead.

Bad:
    The court heard the appeal [@court]. It will rule in March.

Fixed:
    The court heard the appeal. It will rule in March [@court].
"""


def test_explain_prints_the_rule_with_a_bad_and_a_fixed_example(run: Run) -> None:
    result = run("explain", "ST020")
    assert (result.code, result.err) == (0, "")
    assert result.out == ST020


def test_the_rule_id_may_be_written_in_any_case(run: Run) -> None:
    assert run("explain", "st020").out == ST020


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_explained_in_the_words_of_the_guide(rule_id: str) -> None:
    rule = RULES[rule_id]
    text = format_rule(rule)
    lines = text.splitlines()
    assert lines[0] == f"{rule.id} ({rule.severity.value}): {rule.summary}"
    assert max(len(line) for line in lines[2 : lines.index("Bad:")]) <= 78
    explanation = " ".join(lines[2 : lines.index("", 2)]).split()
    assert explanation == rule.explanation.split()
    bad = "\n".join(line.removeprefix("    ") for line in lines[lines.index("Bad:") + 1 :])
    assert bad.split("\n\nFixed:\n")[0] == rule.bad.rstrip("\n")
    assert text.endswith(
        "Fixed:\n" + "\n".join("    " + line for line in rule.fixed.rstrip("\n").split("\n"))
    )
    # The guide shows the same explanation and examples, from the same table.
    guide = rule_markdown(rule)
    assert as_text(" ".join(explanation)) in " ".join(guide.split())
    assert rule.bad.rstrip() in guide and rule.fixed.rstrip() in guide


WHERE = (
    "'sourcetrace explain' lists every rule (ST000 to ST074), and the editor guide explains each"
)


def test_an_unknown_rule_is_a_usage_error_naming_the_likely_ones(run: Run) -> None:
    result = run("explain", "ST02")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: unknown rule 'ST02'; did you mean ST020, ST021 or ST022? {WHERE}\n"
    )


def test_an_id_no_typo_away_suggests_none_and_says_where_the_rules_are(run: Run) -> None:
    result = run("explain", "ST999")
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: unknown rule 'ST999': {WHERE}\n"


def test_the_range_named_is_the_registry_s() -> None:
    ids = sorted(RULES)
    assert f"({ids[0]} to {ids[-1]})" in WHERE


@pytest.mark.parametrize(
    ("typed", "likely"),
    [
        ("ST02", ["ST020", "ST021", "ST022"]),
        ("ST21", ["ST021"]),
        ("ST0300", ["ST030", "ST000"]),
        ("ST-4", ["ST004"]),
        ("020", ["ST020"]),
        ("ST105", ["ST005"]),  # two neighbours swapped
        ("ST012a", ["ST012"]),
        ("ST031 ", ["ST031"]),
        ("ST999", []),  # never the far-off ST000
        ("ST015", []),  # one digit from eight ids: none is likelier than another
        ("ST6", []),
        ("XYZ", []),
        ("", []),
    ],
)
def test_only_a_plausible_typo_is_suggested(typed: str, likely: list[str]) -> None:
    assert likely_rules(typed) == likely


def test_without_an_id_every_rule_is_listed(run: Run) -> None:
    result = run("explain")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[: len(RULES)] == [
        f"{r.id}  {r.severity.value:<7}  {r.summary}" for r in RULES.values()
    ]
    assert lines[len(RULES) :] == [
        "",
        "Run 'sourcetrace explain RULE' for one rule's explanation and examples.",
    ]


def test_help_explains_with_an_example(run: Run) -> None:
    result = run("explain", "--help")
    assert result.code == 0
    assert "sourcetrace explain ST020" in result.out


@pytest.mark.parametrize(
    ("rule_id", "first_line", "command"),
    [
        ("ST040", "ST040 (error): a link or #anchor inside the built site is broken", "--site"),
        (
            "ST041",
            "ST041 (error): a source url is dead and the source has no archive_url",
            "--external",
        ),
    ],
)
def test_link_rules_are_explained(run: Run, rule_id: str, first_line: str, command: str) -> None:
    result = run("explain", rule_id.lower())
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == first_line
    assert f"'sourcetrace links {command}" in " ".join(result.out.split())
    assert lines[lines.index("Bad:") + 1] == "    " + RULES[rule_id].bad.split("\n")[0]
    assert result.out.endswith("\n    " + RULES[rule_id].fixed.split("\n")[-1] + "\n")


def test_guide_lists_the_link_rules() -> None:
    guide = rules_markdown()
    assert "### ST040: a link or #anchor inside the built site is broken { #st040 }" in guide
    assert "### ST041: a source url is dead and the source has no archive_url { #st041 }" in guide


@pytest.mark.parametrize(
    ("rule_id", "first_line"),
    [
        (
            "ST050",
            "ST050 (error): a link or address in the body is not http(s), a relative "
            "path, a #fragment or mailto:",
        ),
        (
            "ST051",
            "ST051 (error): raw HTML in the body that runs code, embeds another site or "
            "restyles the page",
        ),
        ("ST052", "ST052 (error): an image or other file in the body loads from another site"),
        ("ST060", "ST060 (error): a front-matter value holds a control character that XML forbids"),
        (
            "ST061",
            "ST061 (warning): a front-matter value holds an invisible control, an invisible "
            "character or a bidirectional override",
        ),
        ("ST062", "ST062 (error): a tag is longer than 100 characters"),
        (
            "ST063",
            "ST063 (warning): an entry lists the same tag twice, or two tags that differ "
            "only in case",
        ),
        ("ST064", "ST064 (warning): a title is longer than 300 characters"),
    ],
)
def test_the_safety_rules_are_explained_and_in_the_guide(
    run: Run, rule_id: str, first_line: str
) -> None:
    result = run("explain", rule_id.lower())
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == first_line
    assert lines[lines.index("Bad:") + 1] == "    " + RULES[rule_id].bad.split("\n")[0]
    summary = first_line.split(": ", 1)[1]
    assert f"### {rule_id}: {summary} {{ #{rule_id.lower()} }}" in rules_markdown()


def test_tags_named_in_explanations_are_shown_as_text_in_the_guide() -> None:
    html = markdown.markdown(rule_markdown(RULES["ST051"]), extensions=["attr_list"])
    assert "<script>" not in html and "<iframe>" not in html
    assert "&lt;script&gt;, &lt;style&gt;, &lt;link&gt;" in html
    assert "The court heard the appeal [@court].&lt;script src=" in html


def _phrases_shown(text: str) -> list[str]:
    """The phrases of the indented list under the 'Hedges looked for' heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Hedges looked for"))
    listed = []
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        listed.append(line.strip())
    return [phrase.strip() for phrase in " ".join(listed).split(",")]


def test_st021_shows_the_english_hedge_list_in_force(run: Run) -> None:
    result = run("explain", "ST021")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    heading = lines.index("Hedges looked for in English (en), the default list:")
    assert heading == lines.index("", 2) + 1
    assert _phrases_shown(result.out) == list(ENGLISH)
    # A phrase is never broken across lines, and every line fits the terminal.
    for line in lines[heading + 1 : lines.index("", heading)]:
        assert all(item.strip() in ENGLISH for item in line.split(",") if item.strip()), line
    assert all(len(line) <= 78 for line in lines[heading : lines.index("Bad:")])
    assert (
        " ".join(result.out.split()).count(
            "Lists of their own: ar, de, es, fr, he, hi, it, ja, ko, nl, pl, pt, ru, tr, zh "
            "(sourcetrace explain ST021 --language ar). "
            "A digest adds or removes phrases per language with the hedges option of the "
            "sourcetrace plugin in mkdocs.yml, e.g. 'hedges: {en: {add: [...], remove: [...]}}'; "
            "a language without a list of its own is held to the English one."
        )
        == 1
    )


def test_st021_shows_the_list_of_the_language_asked_for(run: Run) -> None:
    result = run("explain", "st021", "--language", "de-AT")
    assert (result.code, result.err) == (0, "")
    assert "Hedges looked for in German (de), a starter list:" in result.out.splitlines()
    assert _phrases_shown(result.out) == list(GERMAN)
    assert (
        "Lists of their own: ar, en, es, fr, he, hi, it, ja, ko, nl, pl, pt, ru, tr, zh "
        "(sourcetrace explain ST021 --language ar)."
    ) in " ".join(result.out.split())
    held = run("explain", "ST021", "--language", "sv-FI")
    assert "Hedges looked for in sv, which is held to the English list:" in held.out
    assert _phrases_shown(held.out) == list(ENGLISH)


def test_a_changed_list_is_shown_as_it_is_in_force() -> None:
    hedges = Hedges.for_language("en", add={"en": ["sources in the party"]})
    shown = _phrases_shown(format_hedges(hedges))
    assert shown == [*ENGLISH, "sources in the party"]


def test_other_rules_show_no_list_and_ignore_the_language(run: Run) -> None:
    assert run("explain", "ST020", "--language", "de").out == ST020


def test_the_guide_lists_the_hedges_of_every_language() -> None:
    section = rule_markdown(RULES["ST021"])
    assert hedges_markdown() in section
    assert section.index(hedges_markdown()) < section.index("Refused:")
    html = markdown.markdown(section, extensions=["attr_list"])
    for language, phrases in DEFAULT_HEDGES.items():
        for phrase in phrases:
            assert f"<code>{phrase}</code>" in html, (language, phrase)
    assert "<strong>English (en):</strong> <code>reportedly</code>, <code>allegedly</code>" in html
    assert "<strong>German (de), a starter list:</strong> <code>angeblich</code>" in html
    assert "<code>hedges: {en: {add: [...], remove: [...]}}</code>" in html
    assert "ST021" not in hedges_markdown()
    assert "Hedges looked for" not in rule_markdown(RULES["ST020"])
