"""Zensical, the generator after Material, with the sourcetrace Markdown extension alone.

Zensical does not run MkDocs plugins, so what the plugin does (the check inside the
build, the Sources index, tag pages, feeds, data files) is not there; what is tested here
is what remains: the extension renders an entry's citations and Sources section, and the
template overrides work in Zensical's template engine (MiniJinja, not Jinja2).

Zensical reads the front-matter before any extension runs and passes on only the body;
the extension reads it again from the file Zensical names. Each build is a real
``zensical build --strict`` in its own process, offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
from markdown import Markdown

from build_tools.render.extension import SourcetraceExtension

REPO = Path(__file__).resolve().parents[2]
ENTRY = Path(__file__).parent / "fixtures" / "harbour-closes.md"
EXTENSION = "build_tools.render.extension"


def zensical_build(project: Path, config: str) -> subprocess.CompletedProcess[str]:
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--clean", "--strict"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def entry_project(root: Path, extensions: list[str], custom_dir: Path | None = None) -> Path:
    docs = root / "docs"
    (docs / "entries").mkdir(parents=True)
    (docs / "index.md").write_text("# Digest\n", encoding="utf-8")
    shutil.copy(ENTRY, docs / "entries" / "harbour-closes.md")
    config = "site_name: Digest\ndocs_dir: docs\nsite_dir: site\n"
    if custom_dir is not None:
        config += f"theme:\n  name: material\n  custom_dir: {custom_dir}\n"
    config += "markdown_extensions:\n" + "".join(f"  - {name}\n" for name in extensions)
    result = zensical_build(root, config)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site" / "entries" / "harbour-closes" / "index.html"


def parts(html: str, selector: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [lxml.html.tostring(e, encoding="unicode").strip() for e in tree.cssselect(selector)]


def python_markdown(text: str) -> str:
    """The entry rendered by Python-Markdown and the extension, with no generator at all."""
    return Markdown(extensions=[SourcetraceExtension()]).convert(text)


def test_the_extension_renders_citations_and_sources_under_zensical(tmp_path: Path) -> None:
    page = entry_project(tmp_path, [EXTENSION]).read_text(encoding="utf-8")
    citations = parts(page, ".st-cite a")
    assert [lxml.html.fromstring(c).get("href") for c in citations] == [
        "#source-order",
        "#source-ledger",
        "#source-order",
    ]
    sources = lxml.html.fromstring(page).cssselect("ol.st-sources > li.st-source")
    assert [s.get("id") for s in sources] == ["source-order", "source-ledger"]
    assert "[@" not in page
    # The same markup as Python-Markdown alone gives: Zensical changes nothing of it.
    alone = python_markdown(ENTRY.read_text(encoding="utf-8"))
    assert parts(page, ".st-cite") == parts(alone, ".st-cite")
    assert parts(page, "ol.st-sources") == parts(alone, "ol.st-sources")
    assert parts(page, ".st-claim") == parts(alone, ".st-claim")


def test_the_extension_alone_finds_the_front_matter_under_zensical(tmp_path: Path) -> None:
    page = entry_project(tmp_path, [EXTENSION]).read_text(encoding="utf-8")
    assert len(parts(page, ".st-sources")) == 1


BLOG = """\
site_name: Digest <&>
docs_dir: docs
site_dir: site
theme:
  name: material
  custom_dir: {custom_dir}
plugins:
  - blog:
      blog_dir: .
      post_dir: entries
      post_url_format: "entries/{{date}}/{{file}}"
      post_url_date_format: yyyy
      archive: false
      categories: false
      authors: false
      pagination: true
      pagination_per_page: 2
      pagination_format: "$link_first $link_previous ~2~ $link_next $link_last"
markdown_extensions:
  - {extension}
"""


def blog_project(root: Path, custom_dir: Path) -> subprocess.CompletedProcess[str]:
    """Five entries, two a page, built by Zensical's own blog with ``custom_dir``."""
    entries = root / "docs" / "entries" / "2016"
    entries.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Latest\n", encoding="utf-8")
    text = ENTRY.read_text(encoding="utf-8")
    for day in range(1, 6):
        (entries / f"entry-{day}.md").write_text(
            text.replace(
                "title: Vellmar harbour closes after storm damage",
                f"title: Entry {day} & <b>bold</b>",
            ).replace("date: 2016-03-01", f"date: 2016-03-0{day}"),
            encoding="utf-8",
        )
    config = BLOG.format(custom_dir=custom_dir, extension=EXTENSION)
    return zensical_build(root, config)


def test_the_partials_work_in_zensical_s_template_engine(tmp_path: Path) -> None:
    # overrides/ with main.html set aside (it is tested below), so that every partial
    # of ours is drawn by Zensical: header, content, tags, the listing's cards and pager.
    overrides = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    (overrides / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    result = blog_project(tmp_path / "project", overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "project" / "site"
    second = (site / "page" / "2" / "index.html").read_text(encoding="utf-8")
    pager = lxml.html.fromstring(second).cssselect("nav.md-pagination a[aria-label]")
    assert [(a.get("aria-label"), a.get("href")) for a in pager] == [
        ("First page", "../.."),
        ("Previous page", "../.."),
        ("Next page", "../3/"),
        ("Last page", "../3/"),
    ]
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    assert [t.get("datetime") for t in home.cssselect(".st-card time")] == [
        "2016-03-05",
        "2016-03-04",
    ]
    assert [h.text_content() for h in home.cssselect(".st-card__title")] == [
        "Entry 5 & <b>bold</b>",
        "Entry 4 & <b>bold</b>",
    ]
    entry = (site / "entries" / "2016" / "entry-1" / "index.html").read_text(encoding="utf-8")
    topic = lxml.html.fromstring(entry).cssselect('[data-md-component="header-topic"]')[0]
    assert topic.text_content().strip() == "Entry 1 & <b>bold</b>"
    assert "<b>bold</b>" not in entry.split("<body", 1)[1]
    assert [t.text_content() for t in lxml.html.fromstring(entry).cssselect(".md-tag")] == [
        "harbours",
        "weather",
    ]


def test_the_overrides_work_in_zensical_s_template_engine(tmp_path: Path) -> None:
    result = blog_project(tmp_path, REPO / "overrides")
    assert result.returncode == 0, result.stdout + result.stderr
