"""ST054 in `sourcetrace check`: each kind of relative link, judged as MkDocs judges it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools.content import load_digest
from tests.crossref.sites import entry, write_site

FERRIES = entry("## The timetable\n\nFerries sail four times a day [@order].\n", "Ferries")


def st054(tmp_path: Path, body: str, config: str = "", **others: str) -> list[str]:
    """The ST054 lines of entries/2016/a.md with ``body`` (each sentence cited), beside others."""
    entries = {"2016/a.md": entry(body), "2016/ferries.md": FERRIES, **others}
    config_file = write_site(tmp_path, entries)
    if config:
        text = config_file.read_text(encoding="utf-8")
        config_file.write_text(text + config, encoding="utf-8")
    os.chdir(tmp_path)
    digest = load_digest([], config_file)
    return [
        d.format()
        for checked in digest.files
        for d in checked.diagnostics
        if d.rule == "ST054" or d.severity.value == "error"
    ]


A = "content/entries/2016/a.md"
SNAPSHOT = "afa7d5c2e0229d0d5aba058b98a75cf08464dedf6895fac1bb9618cdcf271728"  # the real store's


@pytest.mark.parametrize(
    "link",
    [
        "ferries.md",  # another entry
        "./ferries.md",
        "../2016/ferries.md",
        "ferries.md#the-timetable",  # one of its headings
        "ferries.md#source-order",  # the renderer's id for a source
        "#the-closure",  # a heading on this page
        "#source-order",
        "#sources",  # the Sources heading the renderer writes
        "../../guide.md",  # an ordinary page
        "../../guide.md#citing",
        "../../guide.md#st020",  # among the rules the plugin puts into the guide
        "../../assets/desk.svg",  # a file
        "../../sources.md",  # pages the plugin generates
        "../../sources.md#publisher-vellmar-port-authority",
        "../../tags/index.md",
        "../../tags/harbours.md",
        "../../archive/index.md",
        "draft.md",  # a draft: MkDocs says so at info level only
        f"../../snapshots/{SNAPSHOT}/text.txt",  # left out (exclude_docs): info level
        "/index.md",  # absolute: info level in mkdocs.yml
        "https://example.org/x.md",
        "mailto:desk@example.org",
        "ferries.md?print=1",
    ],
)
def test_a_link_the_build_accepts_is_no_finding(tmp_path: Path, link: str) -> None:
    body = f"## The closure\n\nThe harbour closed [on Monday]({link}) [@order].\n"
    others = {"2016/draft.md": entry(title="Draft", draft=True)}
    assert st054(tmp_path, body, **others) == []


@pytest.mark.parametrize(
    ("link", "column", "message"),
    [
        (
            "gone.md",
            "32",
            "link 'gone.md' leads to 'entries/2016/gone.md', which the site does not have: "
            "correct the path (it is read from this file's folder)",
        ),
        (
            "feries.md",
            "32",
            "link 'feries.md' leads to 'entries/2016/feries.md', which the site does not have: "
            "did you mean 'ferries.md'?",
        ),
        (
            "ferries",
            "32",
            "link 'ferries' names no file, and MkDocs leaves it as written, so it breaks where "
            "the page is published: link to the page's Markdown file, e.g. 'ferries.md'",
        ),
        (
            "ferries.md#timetable",
            "32",
            "link 'ferries.md#timetable': 'entries/2016/ferries.md' has no anchor '#timetable': "
            "did you mean '#the-timetable'?",
        ),
        (
            "#closure",
            "32",
            "link '#closure': this page has no anchor '#closure': did you mean '#the-closure'?",
        ),
        (
            "../../sources.md#vellmar",
            "32",
            "link '../../sources.md#vellmar': 'sources.md' has no anchor '#vellmar': anchors "
            "are the ids of the page's headings, as its table of contents shows them",
        ),
        (
            "../../tags/weather.md",
            "32",
            "link '../../tags/weather.md' leads to 'tags/weather.md', which the site does not "
            "have: correct the path (it is read from this file's folder)",
        ),
    ],
)
def test_a_link_the_build_warns_about_is_st054_at_its_place(
    tmp_path: Path, link: str, column: str, message: str
) -> None:
    body = f"## The closure\n\nThe harbour closed [on Monday]({link}) [@order].\n"
    assert st054(tmp_path, body) == [f"{A}:19:{column}: warning ST054 {message}"]


def test_a_reference_link_is_judged_at_its_definition(tmp_path: Path) -> None:
    body = "## The closure\n\nThe harbour closed [on Monday][order] [@order].\n\n[order]: gone.md\n"
    [line] = st054(tmp_path, body)
    assert line.startswith(f"{A}:21:10: warning ST054 link 'gone.md' leads to")


def test_raw_html_and_code_are_not_judged(tmp_path: Path) -> None:
    # MkDocs validates only the links Python-Markdown builds as elements.
    body = (
        '## The closure\n\nThe harbour closed <a href="gone.md">on Monday</a> [@order].\n\n'
        "    [code](gone.md)\n"
    )
    assert st054(tmp_path, body) == []


def test_an_id_written_in_raw_html_or_attr_list_is_an_anchor(tmp_path: Path) -> None:
    body = (
        "## The closure\n\nThe harbour closed [on Monday](#quay) [@order].\n{: #para }\n\n"
        'Divers found a crack <span id="quay"></span>near the quay [@order].\n\n'
        "It reopened [later](#para) [@order].\n"
    )
    assert st054(tmp_path, body) == []


def test_a_draft_s_links_are_not_judged(tmp_path: Path) -> None:
    draft = entry("The harbour closed [on Monday](gone.md) [@order].\n", "Draft", draft=True)
    assert st054(tmp_path, "The harbour closed [@order].\n", **{"2016/draft.md": draft}) == []


def test_validation_levels_in_mkdocs_yml_decide(tmp_path: Path) -> None:
    body = (
        "## The closure\n\nThe harbour closed [on Monday](#nowhere) [@order]. "
        "It reopened [later](/index.md) [@order].\n"
    )
    config_file = write_site(tmp_path, {"2016/a.md": entry(body)})
    text = config_file.read_text(encoding="utf-8")
    assert "    anchors: warn\n    absolute_links: info\n" in text
    stricter = "    anchors: info\n    absolute_links: warn\n"
    config_file.write_text(
        text.replace("    anchors: warn\n    absolute_links: info\n", stricter), encoding="utf-8"
    )
    os.chdir(tmp_path)
    lines = [d.format() for c in load_digest([], config_file).files for d in c.diagnostics]
    assert lines == [
        f"{A}:19:72: warning ST054 link '/index.md' is absolute: MkDocs leaves it as written, "
        "and it breaks when the site is not at the root of its address; write it relative to "
        "this file"
    ]


def test_a_link_to_an_entry_not_named_on_the_command_line_is_judged(tmp_path: Path) -> None:
    body = "## The closure\n\nThe harbour closed [on Monday](ferries.md#nope) [@order].\n"
    config_file = write_site(tmp_path, {"2016/a.md": entry(body), "2016/ferries.md": FERRIES})
    os.chdir(tmp_path)
    digest = load_digest([Path("content/entries/2016/a.md")], config_file)
    [line] = [d.format() for c in digest.files for d in c.diagnostics]
    assert line.startswith(f"{A}:19:32: warning ST054 link 'ferries.md#nope': ")
