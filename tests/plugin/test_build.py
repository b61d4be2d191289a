"""Build real sites with the plugin in a temporary directory, as MkDocs' own tests do."""

from __future__ import annotations

import gc
import json
import logging
import re
import textwrap
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from build_tools.model import Body
from build_tools.parse.reading import Reading, ReadingExtension
from build_tools.render import extension
from build_tools.site import datasets

ENTRY = """\
---
title: {title}
date: 2016-03-01
summary: The harbour closed.
draft: {draft}
sources:
  - id: court
    title: "{source_title}"
    publisher: Vellmar district court
    role: primary
    url: https://example.org/order
    archive_url: https://archive.example.org/order
    quote: "{quote}"
---

The harbour of Vellmar closed on Monday [@court, p. 2].
{extra}
"""


def _site(tmp_path: Path, *, extra: str = "", draft: str = "false", **values: str) -> Path:
    docs = tmp_path / "content"
    (docs / "entries" / "2016").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    fields = {"title": "Harbour closes", "source_title": "Order", "quote": "Closed."} | values
    (docs / "entries" / "2016" / "harbour.md").write_text(
        ENTRY.format(extra=extra, draft=draft, **fields), encoding="utf-8"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        textwrap.dedent(
            """\
            site_name: Test digest
            docs_dir: content
            site_dir: site
            theme: {name: material, font: false}
            plugins: [search, sourcetrace]
            markdown_extensions: [admonition, attr_list, tables, {toc: {permalink: true}}]
            not_in_nav: /entries/
            nav: [{Home: index.md}]
            """
        ),
        encoding="utf-8",
    )
    return config


def _build(config_file: Path, strict: bool = False) -> None:
    config = load_config(str(config_file), strict=strict)
    build(config)


def test_clean_entry_builds_with_citations_and_sources(tmp_path: Path) -> None:
    _build(_site(tmp_path))
    html = (tmp_path / "site" / "entries" / "2016" / "harbour" / "index.html").read_text("utf-8")
    assert 'href="#source-court" id="cite-1-1"' in html
    assert "[1, p. 2]" in html
    assert 'title="Vellmar district court: Order"' in html
    assert 'id="source-court"' in html and 'href="#cite-1-1"' in html
    assert 'rel="noopener noreferrer"' in html
    assert (
        "1 claim: 1 cited, 1 citing a primary source, 1 a reader can open, 0 with a verified "
        "passage; all rest on one source: Vellmar district court"
    ) in html
    ids = set(re.findall(r'id="([^"]+)"', html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, f"dangling anchor #{target}"


def test_uncited_claim_fails_the_build_naming_file_line_and_rule(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path, extra="\nNobody cites this sentence.\n")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="BuildError"):
        _build(config)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins")]
    assert messages == [
        "sourcetrace: content/entries/2016/harbour.md:18:1: error ST020 uncited claim: "
        '"Nobody cites this sentence." (cite one of: court)'
    ]
    assert "1 error in entries (listed above); the site was not built" in caplog.text
    assert not (tmp_path / "site" / "entries").exists()


def test_a_body_too_tangled_to_convert_is_refused_before_mkdocs_converts_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 30,000 "[@court " never closed would keep Python-Markdown busy for about an hour.
    config = _site(tmp_path, extra="\nIt sat. " + "[@court " * 30_000 + "\n")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="BuildError"):
        _build(config)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins")]
    assert messages == [
        "sourcetrace: content/entries/2016/harbour.md:18:9: error ST000 the body holds 30,000 "
        "'[' that never close (the most at this place), which Markdown reads in a time that "
        "grows with the square of their number: close each soon after it opens, or write it "
        "as \\["
    ]


def test_warnings_fail_only_in_strict_mode(tmp_path: Path) -> None:
    config = _site(tmp_path, extra="\nAlso [@court]. And [@extra].\n")
    with pytest.raises(Abort, match="BuildError"):
        _build(config)
    typo = _site(tmp_path / "typo")
    text = typo.parent / "content" / "entries" / "2016" / "harbour.md"
    text.write_text(text.read_text("utf-8").replace("draft:", "tilte: x\ndraft:"), "utf-8")
    _build(typo)  # a warning alone builds
    with pytest.raises(Abort, match="warnings in strict mode"):
        _build(typo, strict=True)


def test_the_collector_is_as_it_was_after_a_build_and_after_a_failed_one(
    tmp_path: Path,
) -> None:
    before = gc.get_threshold()
    _build(_site(tmp_path))
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    with pytest.raises(Abort, match="BuildError"):
        _build(_site(tmp_path / "bad", extra="\nUncited.\n"))
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def test_drafts_are_checked_but_not_published(tmp_path: Path) -> None:
    _build(_site(tmp_path, draft="true"))
    assert not (tmp_path / "site" / "entries" / "2016" / "harbour").exists()
    with pytest.raises(Abort, match="BuildError"):
        _build(_site(tmp_path / "bad", draft="true", extra="\nUncited.\n"))


def test_hostile_front_matter_is_escaped(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    _build(_site(tmp_path, source_title=hostile, quote="</script><script>alert(2)</script>"))
    html = (tmp_path / "site" / "entries" / "2016" / "harbour" / "index.html").read_text("utf-8")
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def _count_body_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every body the reading starts on: one per conversion of an entry."""
    reads: list[str] = []
    begin = ReadingExtension.begin

    def counted(self: ReadingExtension, text: str) -> Reading:
        reads.append(text)
        return begin(self, text)

    monkeypatch.setattr(ReadingExtension, "begin", counted)
    return reads


def _entry_html(tmp_path: Path) -> str:
    return (tmp_path / "site" / "entries" / "2016" / "harbour" / "index.html").read_text("utf-8")


def test_each_entry_is_converted_once_and_checked_from_that_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_body_reads(monkeypatch)
    _build(_site(tmp_path, extra="\n\nThe port reopened on Friday [@court, p. 3].\n"))
    # One entry, read once: by the conversion that rendered it. Ordinary pages are not read.
    assert len(reads) == 1 and "Friday" in reads[0]
    html = _entry_html(tmp_path)
    assert "Monday <sup" in html and "Friday <sup" in html
    assert 'id="cite-2-1" title="Vellmar district court: Order">[1, p. 3]</a>' in html


def test_markdown_another_plugin_changed_is_what_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _site(tmp_path)
    hooks = tmp_path / "hooks.py"
    hooks.write_text(
        "def on_page_markdown(markdown, **kwargs):\n"
        "    return markdown.replace('on Monday', 'early on Monday morning')\n",
        encoding="utf-8",
    )
    config.write_text(config.read_text("utf-8") + "hooks: [hooks.py]\n", encoding="utf-8")
    reads = _count_body_reads(monkeypatch)
    _build(config)
    assert reads == ["The harbour of Vellmar closed early on Monday morning [@court, p. 2].\n\n"]
    assert "early on Monday morning <sup" in _entry_html(tmp_path)
    assert "[@court" not in _entry_html(tmp_path)


def test_links_to_anchors_of_generated_pages_are_checked(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = _site(tmp_path)
    config.write_text(config.read_text("utf-8") + "validation: {anchors: warn}\n", encoding="utf-8")
    (tmp_path / "content" / "index.md").write_text(
        "# Home\n\n[Court](sources.md#publisher-vellmar-district-court), "
        "[nobody](sources.md#publisher-nobody)\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        _build(config)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "Doc file 'index.md' contains a link 'sources.md#publisher-nobody', but the doc "
        "'sources.md' does not contain an anchor '#publisher-nobody'."
    ]
    sources = (tmp_path / "site" / "sources" / "index.html").read_text("utf-8")
    assert '<li id="publisher-vellmar-district-court"><a href="vellmar-district-court/' in sources


def test_claim_anchors_are_worked_out_once_for_page_and_claims_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies: list[str] = []
    claim_anchors = extension.claim_anchors

    def counted(body: Body) -> tuple[str, ...]:
        bodies.append(body.text)
        return claim_anchors(body)

    monkeypatch.setattr(extension, "claim_anchors", counted)
    monkeypatch.setattr(datasets, "claim_anchors", counted)
    _build(_site(tmp_path))
    assert len(bodies) == 1 and "closed on Monday [@court, p. 2]." in bodies[0]
    claims = json.loads((tmp_path / "site" / "claims.json").read_text("utf-8"))
    (anchor,) = [c["anchor"] for c in claims["entries"][0]["claims"]]
    assert f'<span class="st-claim" id="{anchor}"></span>' in _entry_html(tmp_path)


@pytest.mark.parametrize(("command", "policies"), [("build", 1), ("serve", 0)])
def test_the_policy_is_left_out_of_the_preview_only(
    tmp_path: Path, command: str, policies: int
) -> None:
    # `mkdocs serve` writes its live-reload script into each page as it serves it; the
    # policy would stop it. Every published build carries the policy.
    config = load_config(str(_site(tmp_path)))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        MkDocsConfig.plugins.plugin_cache.clear()  # kept for serve; a fresh one next time
    html = _entry_html(tmp_path)
    assert html.count('http-equiv="Content-Security-Policy"') == policies


def test_entries_live_in_entries_for_the_build_as_for_the_check(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # There is no option to move them: a folder the check did not also read would let
    # the build publish entries `sourcetrace check` never judged, or the other way round.
    config = _site(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "plugins: [search, sourcetrace]",
            "plugins: [search, {sourcetrace: {entries_dir: posts}}]",
        ),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="configuration warnings"):
        _build(config, strict=True)
    assert "Unrecognised configuration name: entries_dir" in caplog.text


@pytest.mark.parametrize("name", ["a_first.md", "z_last.md"])
def test_an_entry_with_a_blank_body_is_checked_and_never_given_another_entrys_body(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    # Python-Markdown returns at once for a blank body: no processor of ours runs. Before
    # and after the harbour entry, so that the entry converted just before it is not it.
    config = _site(tmp_path)
    blank = ENTRY.split("---\n\n")[0].format(
        title="Blank", draft="false", source_title="Order", quote="Closed.", extra=""
    )
    blank = blank.replace("role: primary", "role: tertiary") + "---\n"
    (tmp_path / "content" / "entries" / "2016" / name).write_text(blank, encoding="utf-8")
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="BuildError"):
        _build(config)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins")]
    assert messages == [
        f"sourcetrace: content/entries/2016/{name}:7:5: warning ST012 source 'court' is never "
        "cited: cite it as [@court] or remove it",
        f"sourcetrace: content/entries/2016/{name}:10:5: error ST003 source 'court' 'role' "
        "must be one of primary, secondary; found 'tertiary'",
    ]
