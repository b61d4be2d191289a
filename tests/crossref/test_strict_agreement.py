"""`sourcetrace check --strict` and `mkdocs build --strict` fail on the same links.

Each site here is checked by the command and built for real, with the real mkdocs.yml
(``strict: true``, ``validation: links: {not_found: warn, anchors: warn}``).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from build_tools.cli import main
from tests.crossref.sites import entry, write_site
from tests.site.building import build_config

FERRIES = entry("## The timetable\n\nFerries sail four times a day [@order].\n", "Ferries")
GOOD = (
    "## The closure\n\nThe harbour closed [on Monday](ferries.md) [@order]. "
    "Ferries kept [their timetable](ferries.md#the-timetable) [@order]. "
    "The order is [listed](../../sources.md#publisher-vellmar-port-authority) [@order]. "
    "An [earlier draft](draft.md) said so [@order].\n"
)
BROKEN = (
    "## The closure\n\nThe harbour closed [on Monday](feries.md) [@order]. "
    "Ferries kept [their timetable](ferries.md#timetable) [@order].\n"
)
# MkDocs' words for a warning about a link in a page (mkdocs/structure/pages.py).
_MKDOCS_LINK = re.compile(
    r"Doc file '(?P<page>[^']+)' contains (?:a|an unrecognized relative) link '(?P<link>[^']+)'"
)
_CHECK_LINK = re.compile(r"^content/(?P<page>\S+?):\d+:\d+: warning ST054 link '(?P<link>[^']+)'")


def checked(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[tuple[str, str]]]:
    """Exit status of `sourcetrace check --strict` in ``root``, and the links it names."""
    os.chdir(root)
    code = main(["check", "--strict", "--no-cache"])
    out = capsys.readouterr().out
    return code, {
        (m["page"], m["link"]) for line in out.splitlines() if (m := _CHECK_LINK.match(line))
    }


def built(config_file: Path, caplog: pytest.LogCaptureFixture) -> tuple[bool, set[tuple[str, str]]]:
    """Whether the strict build succeeds, and the links its warnings name."""
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        try:
            build_config(config_file)
            succeeded = True
        except Abort as error:
            assert "warnings in strict mode" in str(error)
            succeeded = False
    return succeeded, {
        (m["page"], m["link"])
        for record in caplog.records
        if record.levelno == logging.WARNING and (m := _MKDOCS_LINK.search(record.getMessage()))
    }


def test_good_links_pass_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(
        tmp_path,
        {
            "2016/a.md": entry(GOOD),
            "2016/ferries.md": FERRIES,
            "2016/draft.md": entry(title="Draft", draft=True),  # logged at info by MkDocs
        },
    )
    assert checked(tmp_path, capsys) == (0, set())
    assert built(config_file, caplog) == (True, set())


def test_a_broken_page_link_and_anchor_fail_both_on_the_same_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    config_file = write_site(tmp_path, {"2016/a.md": entry(BROKEN), "2016/ferries.md": FERRIES})
    expected = {
        ("entries/2016/a.md", "feries.md"),
        ("entries/2016/a.md", "ferries.md#timetable"),
    }
    assert checked(tmp_path, capsys) == (1, expected)
    assert built(config_file, caplog) == (False, expected)


def test_an_editors_sources_heading_and_the_renderers_agree_in_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # The editor's own "Sources" heading and the renderer's Sources section: "#sources"
    # is found (the renderer's), and no "_1" twin is made for either.
    body = (
        "## Sources\n\nThe desk read the order [@order]. See [the list](#sources) and "
        "[the heading](#sources_1), and [theirs](ferries.md#sources) [@order].\n"
    )
    config_file = write_site(tmp_path, {"2016/a.md": entry(body), "2016/ferries.md": FERRIES})
    expected = {("entries/2016/a.md", "#sources_1")}
    assert checked(tmp_path, capsys) == (1, expected)
    assert built(config_file, caplog) == (False, expected)
