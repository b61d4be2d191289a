"""The internal link check against real builds: the digest itself and the benchmark corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from bench.corpus import write_corpus
from build_tools.cli import main

REPOSITORY = Path(__file__).resolve().parents[2]


def build_site(docs_dir: Path, site_dir: Path) -> str | None:
    """Build ``docs_dir`` with the repository's mkdocs.yml; return the configured site_url."""
    config = load_config(
        str(REPOSITORY / "mkdocs.yml"),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        strict=True,  # as `make site` builds
    )
    build(config)
    site_url: str | None = config.site_url
    return site_url


def check(site_dir: Path, site_url: str | None) -> int:
    argv = ["links", "--site", str(site_dir)]
    if site_url:
        # Canonical links and feeds use absolute addresses on the site's own host.
        argv += ["--site-url", site_url]
    return main(argv)


def test_the_digest_has_no_broken_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site_url = build_site(REPOSITORY / "content", site)
    capsys.readouterr()
    code = check(site, site_url)
    out = capsys.readouterr().out
    assert (code, out.splitlines()[:-1]) == (0, [])
    assert out.endswith(" 0 broken\n")


def test_the_benchmark_corpus_has_no_broken_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The digest's own pages and assets, with the entries replaced by generated ones.
    docs = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", docs, ignore=shutil.ignore_patterns("entries"))
    home = (docs / "index.md").read_bytes()
    write_corpus(docs, 12, seed=3)
    (docs / "index.md").write_bytes(home)
    site = tmp_path / "site"
    site_url = build_site(docs, site)
    capsys.readouterr()
    code = check(site, site_url)
    out = capsys.readouterr().out
    assert (code, out.splitlines()[:-1]) == (0, [])
    pages = len(list(site.rglob("*.html")))
    assert f" on {pages} pages in {site}: 0 broken\n" in out
    assert pages > 12
