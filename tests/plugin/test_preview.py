"""The plugin in the preview, built in this process as `mkdocs serve` builds: findings are
shown in the page and logged, never fatal; a focused preview builds only the entries named."""

from __future__ import annotations

import logging
from pathlib import Path

import lxml.html
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from build_tools.preview.focus import FOCUS_VARIABLE, focus_value, focused_view
from tests.plugin.test_build import _site

SERVE_URL = "http://127.0.0.1:8000/"
HARBOUR = Path("site/entries/2016/harbour/index.html")


def _serve_build(config_file: Path) -> None:
    """One build as `mkdocs serve` makes it: startup as serve, drafts and serve_url on."""
    config = load_config(str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url=SERVE_URL)
    finally:
        config.plugins.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()  # kept for serve; a fresh one next time


def _banner(html_file: Path) -> tuple[list[str], list[str]]:
    """The banner's classes and its findings as text, from the first admonition of a page."""
    page = lxml.html.fromstring(html_file.read_bytes())
    (block,) = page.cssselect("article .admonition.failure, article .admonition.warning")
    return block.get("class").split(), [li.text_content() for li in block.cssselect("li")]


def test_an_entry_with_an_error_is_served_with_its_findings_in_a_banner(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path, extra="\nNobody cites &lt;b&gt;this&lt;/b&gt; sentence.\n")
    with caplog.at_level(logging.INFO):
        _serve_build(config)
    classes, findings = _banner(tmp_path / HARBOUR)
    assert classes == ["admonition", "failure"]
    assert findings == [
        'error ST020 line 18, column 1: uncited claim: "Nobody cites <b>this</b> sentence." '
        "(cite one of: court)"
    ]
    html = (tmp_path / HARBOUR).read_text("utf-8")
    assert "&lt;b&gt;this&lt;/b&gt;" in html and "<b>this" not in html
    # The page is still the entry: its citations are rendered.
    assert 'href="#source-court" id="cite-1-1"' in html
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged == [
        "sourcetrace: content/entries/2016/harbour.md:18:1: error ST020 uncited claim: "
        '"Nobody cites <b>this</b> sentence." (cite one of: court)',
        "sourcetrace: 1 error in entries (listed above); the preview goes on",
    ]


def test_a_warning_is_shown_as_a_warning_and_a_clean_entry_has_no_banner(tmp_path: Path) -> None:
    config = _site(tmp_path)
    text = tmp_path / "content" / "entries" / "2016" / "harbour.md"
    text.write_text(text.read_text("utf-8").replace("draft:", "tilte: x\ndraft:"), "utf-8")
    _serve_build(config)
    classes, findings = _banner(tmp_path / HARBOUR)
    assert classes == ["admonition", "warning"]
    assert [f.split(":")[0] for f in findings] == ["warning ST005 line 5, column 1"]
    clean = _site(tmp_path / "clean")
    _serve_build(clean)
    page = lxml.html.fromstring((tmp_path / "clean" / HARBOUR).read_bytes())
    assert page.cssselect(".admonition") == []


def test_an_entry_whose_front_matter_cannot_be_read_is_a_page_of_its_findings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path)
    text = tmp_path / "content" / "entries" / "2016" / "harbour.md"
    broken = text.read_text("utf-8").replace("summary:", "summary: [unclosed\nx:")
    text.write_text(broken, "utf-8")
    with caplog.at_level(logging.ERROR):
        _serve_build(config)
    classes, findings = _banner(tmp_path / HARBOUR)
    assert classes == ["admonition", "failure"]
    assert findings == [
        "error ST001 line 5, column 2: front-matter is not valid YAML: expected ',' or ']', "
        "but got ':'"
    ]
    page = lxml.html.fromstring((tmp_path / HARBOUR).read_bytes())
    assert page.findtext(".//h1") == "Entry not readable: entries/2016/harbour.md"
    # The published build still stops on it, before anything is written.
    with pytest.raises(Abort, match="BuildError"):
        build(load_config(str(config)))


def test_a_draft_is_rendered_with_its_citations_in_the_preview(tmp_path: Path) -> None:
    _serve_build(_site(tmp_path, draft="true"))
    assert 'href="#source-court" id="cite-1-1"' in (tmp_path / HARBOUR).read_text("utf-8")


def test_a_focused_preview_builds_only_the_entries_named_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _site(tmp_path)
    other = tmp_path / "content" / "entries" / "2016" / "other.md"
    other.write_text("---\ntitle: [unclosed\n---\nNot read at all.\n", encoding="utf-8")
    monkeypatch.setenv(FOCUS_VARIABLE, focus_value(["entries/2016/harbour.md"]))
    _serve_build(config)
    assert not (tmp_path / "site" / "entries" / "2016" / "other").exists()
    for page_file in (tmp_path / HARBOUR, tmp_path / "site" / "index.html"):
        page = lxml.html.fromstring(page_file.read_bytes())
        (note,) = page.cssselect("article .admonition.info")
        assert note.findtext("p") == "Focused preview of 1 entry"


def test_the_focus_must_be_a_list_of_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(FOCUS_VARIABLE, "entries/2016/harbour.md")
    with pytest.raises(Abort, match="BuildError"):
        _serve_build(_site(tmp_path))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        "plugin sourcetrace: SOURCETRACE_FOCUS must be a JSON list of paths, not "
        "'entries/2016/harbour.md'"
    ]


@pytest.mark.parametrize(
    ("field", "value"), [("template", "nowhere.html"), ("search", "5"), ("hide", "[toc]")]
)
def test_a_field_the_theme_acts_on_is_refused_and_the_preview_ignores_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, field: str, value: str
) -> None:
    config = _site(tmp_path)
    text = tmp_path / "content" / "entries" / "2016" / "harbour.md"
    text.write_text(text.read_text("utf-8").replace("draft:", f"{field}: {value}\ndraft:"), "utf-8")
    with caplog.at_level(logging.INFO):
        _serve_build(config)  # "template: nowhere.html" stopped it with TemplateNotFound
    _, findings = _banner(tmp_path / HARBOUR)
    what = {
        "template": "the page's layout",
        "search": "how search indexes the page",
        "hide": "which parts of the page are shown",
    }[field]
    assert findings == [
        f"error ST003 line 5, column 1: entry field '{field}' is read by MkDocs and its theme, "
        f"not by the digest, and would change {what}: remove it"
    ]


def test_a_focused_entry_deleted_while_the_preview_runs_is_said_to_be_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = _site(tmp_path)
    docs = tmp_path / "content"
    view = focused_view(docs, "entries", ["entries/2016/harbour.md"], tmp_path / "view")
    monkeypatch.setenv(FOCUS_VARIABLE, focus_value(["entries/2016/harbour.md"]))
    (docs / "entries" / "2016" / "harbour.md").unlink()  # the editor deletes it
    config = load_config(str(config_file), docs_dir=str(view))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url=SERVE_URL)
    finally:
        config.plugins.on_shutdown()
        MkDocsConfig.plugins.plugin_cache.clear()
    _, findings = _banner(tmp_path / HARBOUR)
    assert findings == [
        "error ST000 line 1, column 1: the entry was deleted or renamed while the preview "
        "ran: put it back, or start the preview again with the entries as they are named now"
    ]


def test_a_link_to_nothing_is_in_the_banner_with_its_place_as_check_gives_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path, extra="\nSee [the ruling](../2015/nowhere.md) [@court].\n")
    with caplog.at_level(logging.INFO):
        _serve_build(config)
    message = (
        "link '../2015/nowhere.md' leads to 'entries/2015/nowhere.md', which the site does "
        "not have: correct the path (it is read from this file's folder)"
    )
    classes, findings = _banner(tmp_path / HARBOUR)
    assert classes == ["admonition", "warning"]
    assert findings == [f"warning ST054 line 18, column 18: {message}"]
    logged = [r.getMessage() for r in caplog.records if "ST054" in r.getMessage()]
    assert logged == [
        f"sourcetrace: content/entries/2016/harbour.md:18:18: warning ST054 {message}"
    ]
