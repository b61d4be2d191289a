"""ProperDocs, the continuation of MkDocs 1.x, builds the same site as MkDocs.

Both build the real content/ with the real mkdocs.yml, each in its own process (ProperDocs
makes every ``import mkdocs`` in its process mean ``properdocs``, so the two cannot share
one), side by side to keep the wait to one build. The sourcetrace plugin reaches ProperDocs
through its ``properdocs.plugins`` entry point.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

REPO = Path(__file__).resolve().parents[2]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real site built by MkDocs and by ProperDocs, keyed by generator."""
    root = tmp_path_factory.mktemp("generators")
    env = {
        **os.environ,
        # The plugin from this tree, whatever tree the .venv's editable install names.
        "PYTHONPATH": str(REPO),
        "SOURCETRACE_SITE_URL": "https://digest.example.org/",
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    sites = {name: root / name for name in ("mkdocs", "properdocs")}
    options = ["--strict", "--quiet", "--config-file", str(REPO / "mkdocs.yml")]
    running = {
        name: subprocess.Popen(
            [sys.executable, "-m", name, "build", *options, "--site-dir", str(site)],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, site in sites.items()
    }
    for name, process in running.items():
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, f"{name} build failed:\n{out}\n{err}"
    return sites


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def entry_pages(site: Path) -> list[str]:
    return [f for f in files(site) if f.startswith("entries/") and f.endswith("/index.html")]


def parts(page: Path, selector: str) -> list[str]:
    tree = lxml.html.fromstring(page.read_bytes())
    return [lxml.html.tostring(e, encoding="unicode") for e in tree.cssselect(selector)]


def test_properdocs_writes_the_same_pages_and_files(builds: dict[str, Path]) -> None:
    assert files(builds["properdocs"]) == files(builds["mkdocs"])
    assert entry_pages(builds["mkdocs"]) != []
    for page in ("index.html", "sources/index.html", "tags/index.html", "feed.xml"):
        assert (builds["properdocs"] / page).is_file()


def test_an_entry_page_has_the_same_citations_and_sources_section(
    builds: dict[str, Path],
) -> None:
    entry = entry_pages(builds["mkdocs"])[0]
    mkdocs_page, properdocs_page = (builds[name] / entry for name in ("mkdocs", "properdocs"))
    citations = parts(mkdocs_page, ".st-cite")
    sources = parts(mkdocs_page, ".st-sources")
    # The plugin ran under both: citations are links, and there is one Sources section.
    assert citations != [] and len(sources) == 1
    assert all('href="#' in citation for citation in citations)
    assert parts(properdocs_page, ".st-cite") == citations
    assert parts(properdocs_page, ".st-sources") == sources


def test_every_file_is_the_same_but_for_the_generator_s_name(builds: dict[str, Path]) -> None:
    differing = []
    for name in files(builds["mkdocs"]):
        ours, theirs = (
            GENERATOR.sub(b"", (builds[g] / name).read_bytes()) for g in ("mkdocs", "properdocs")
        )
        if ours != theirs:
            differing.append(name)
    assert differing == []
    home = (builds["properdocs"] / "index.html").read_bytes()
    assert b'<meta name="generator" content="mkdocs-ProperDocs ' in home
