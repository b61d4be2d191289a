"""Build a real site in a temporary directory: the real mkdocs.yml, theme and pages, with
the small set of entries under ``fixtures/entries`` instead of the digest's own."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

REPO = Path(__file__).resolve().parents[2]
FIXTURE_ENTRIES = Path(__file__).parent / "fixtures" / "entries"
SITE_URL = "https://digest.example.org/"


def site_config_text(docs_dir: Path, site_dir: Path, search: str = "material") -> str:
    """The real mkdocs.yml, pointed at ``docs_dir`` and ``site_dir``, searching with ``search``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    replacements = {
        "docs_dir: content\n": f"docs_dir: {docs_dir}\n",
        "site_dir: site\n": f"site_dir: {site_dir}\n",
        "custom_dir: overrides\n": f"custom_dir: {REPO / 'overrides'}\n",
        "      search: material\n": f"      search: {search}\n",
    }
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"mkdocs.yml no longer has {old.strip()!r}")
        text = text.replace(old, new)
    return text


def write_docs(docs_dir: Path, entries: Path = FIXTURE_ENTRIES) -> None:
    """The real content/ pages (home, guide, authors, assets) with ``entries`` as entries."""
    shutil.copytree(REPO / "content", docs_dir, ignore=shutil.ignore_patterns("entries"))
    shutil.copytree(entries, docs_dir / "entries")


def build_site(root: Path, entries: Path = FIXTURE_ENTRIES, search: str = "material") -> Path:
    """Build the site under ``root`` and return its site directory."""
    docs_dir, site_dir = root / "content", root / "site"
    write_docs(docs_dir, entries)
    config_file = root / "mkdocs.yml"
    config_file.write_text(site_config_text(docs_dir, site_dir, search), encoding="utf-8")
    build_config(config_file)
    return site_dir


def build_config(config_file: Path, *, strict: bool = True) -> None:
    """Build the site ``config_file`` describes, as `mkdocs build --strict` does (`make
    site`), in this process."""
    previous = os.environ.get("SOURCETRACE_SITE_URL")
    os.environ["SOURCETRACE_SITE_URL"] = SITE_URL
    # MkDocs' end-of-life banner for Material goes to the terminal, not the log.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
            # MkDocs keeps plugins that have startup or shutdown hooks for the next
            # load_config in the process (for `mkdocs serve`); after on_shutdown Material's
            # blog plugin has removed its temporary folder, so it must not be reused.
            MkDocsConfig.plugins.plugin_cache.clear()
    finally:
        if previous is None:
            del os.environ["SOURCETRACE_SITE_URL"]
        else:
            os.environ["SOURCETRACE_SITE_URL"] = previous
