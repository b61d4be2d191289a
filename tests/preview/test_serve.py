"""The preview as an editor uses it: a real server process on 127.0.0.1, real requests.

Every request has a deadline (tests/preview/server.py), so a preview that hangs on an
entry's error fails the test instead of waiting for ever.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from tests.preview.server import Server, serving, write_site
from tests.site.writing import entry_text, write_entry

UNCITED = "Nobody cites this sentence."
HARBOUR = "content/entries/2016/harbour.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Two clean entries tagged ports, a harbour closing and a ferry cut; return the root."""
    entries = tmp_path / "entries"
    harbour = entry_text("Harbour closes", dt.date(2016, 3, 1), tags=("ports",))
    write_entry(entries, "harbour", harbour)
    write_entry(entries, "ferry", entry_text("Ferry cut", dt.date(2016, 4, 1), tags=("ports",)))
    write_site(tmp_path / "site", entries)
    return tmp_path / "site"


def _edit(root: Path, old: str, new: str, path: str = HARBOUR) -> None:
    entry = root / path
    text = entry.read_text("utf-8")
    assert old in text
    entry.write_text(text.replace(old, new), "utf-8")


def _banner(server: Server, path: str) -> tuple[str, list[str]]:
    """The kind of the page's findings banner and its findings, as the reader sees them."""
    response = server.get(path)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    (block,) = page.cssselect("article .admonition.failure, article .admonition.warning")
    kind = "failure" if "failure" in block.get("class").split() else "warning"
    return kind, [li.text_content() for li in block.cssselect("li")]


def test_a_focused_preview_builds_only_the_entries_named(site: Path) -> None:
    with serving(site, HARBOUR) as server:
        harbour = server.get("entries/2016/harbour/")
        assert harbour.status_code == 200 and "Harbour closes" in harbour.text
        assert server.get("entries/2016/ferry/").status_code == 404
        tag = lxml.html.fromstring(server.get("tags/ports/").content)
        assert [a.text_content() for a in tag.cssselect("ul.st-listing a")] == ["Harbour closes"]
        home = lxml.html.fromstring(server.get("").content)
        # The first block of the page, before the home page's own "How to read an entry".
        note = home.cssselect(".md-content .admonition.info")[0]
        assert note.findtext("p") == "Focused preview of 1 entry"


def test_the_whole_site_without_entries_named(site: Path) -> None:
    with serving(site) as server:
        assert server.get("entries/2016/ferry/").status_code == 200
        assert server.get("entries/2016/harbour/").status_code == 200
        assert "Focused preview" not in server.get("").text


@pytest.mark.parametrize("command", ["sourcetrace", "mkdocs"])
def test_an_entry_with_an_error_is_served_with_its_findings(site: Path, command: str) -> None:
    _edit(site, "[@order, p. 2].\n", f"[@order, p. 2].\n\n{UNCITED}\n")
    with serving(site, command=command) as server:
        kind, findings = _banner(server, "entries/2016/harbour/")
        assert kind == "failure"
        assert findings == [
            f'error ST020 line 20, column 1: uncited claim: "{UNCITED}" (cite one of: order)'
        ]
        assert (
            'content/entries/2016/harbour.md:20:1: error ST020 uncited claim: "Nobody cites '
            'this sentence." (cite one of: order)'
        ) in server.output()


def test_a_warning_does_not_stop_the_preview(site: Path) -> None:
    ferry = site / "content/entries/2016/ferry.md"
    lines = ferry.read_text("utf-8").splitlines(keepends=True)
    ferry.write_text("".join(line for line in lines if "archive_url:" not in line), "utf-8")
    with serving(site) as server:
        kind, findings = _banner(server, "entries/2016/ferry/")
        assert kind == "warning"
        assert findings == [
            "warning ST030 line 13, column 5: source 'order' has a url but no archive_url: "
            "links rot; add an archived copy (or an offline: reason)"
        ]
        assert server.get("entries/2016/harbour/").status_code == 200


def test_an_edit_shows_in_the_next_request(site: Path) -> None:
    with serving(site, HARBOUR) as server:
        _edit(site, "Harbour closes", "Harbour shut for repairs")
        server.wait_for("entries/2016/harbour/", "Harbour shut for repairs")
        # An error appears in the page, and goes once it is fixed: the preview never hangs.
        _edit(site, "[@order, p. 2].\n", f"[@order, p. 2].\n\n{UNCITED}\n")
        server.wait_for("entries/2016/harbour/", "error ST020")
        _edit(site, f"\n{UNCITED}\n", "\n")
        server.wait_for("entries/2016/harbour/", "admonition failure", gone=True)
        assert "Harbour shut for repairs" in server.get("entries/2016/harbour/").text


def test_the_strict_build_still_fails_on_what_the_preview_shows(site: Path) -> None:
    _edit(site, "[@order, p. 2].\n", f"[@order, p. 2].\n\n{UNCITED}\n")
    with serving(site, HARBOUR) as server:
        assert _banner(server, "entries/2016/harbour/")[0] == "failure"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert build.returncode == 1
    assert "content/entries/2016/harbour.md:20:1: error ST020 uncited claim" in build.stderr
    assert "1 error in entries (listed above); the site was not built" in build.stderr
