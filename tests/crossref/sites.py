"""Small digests for the link tests: the real mkdocs.yml and pages, with entries written here."""

from __future__ import annotations

from pathlib import Path

from tests.site.building import site_config_text, write_docs

# An entry whose body the tests fill in; its sources give it the renderer's ids
# (#source-order, a claim's, a citation's).
ENTRY = """\
---
title: {title}
date: 2016-03-01
summary: The harbour authority closed the port for repairs.
tags: [harbours]
authors: [desk]
{draft}sources:
  - id: order
    title: Closure order 2016/14
    publisher: Vellmar Port Authority
    role: primary
    type: statement
    url: https://example.org/vellmar/order-14
    archive_url: https://archive.example.org/vellmar/order-14
---

{body}
"""

PLAIN_BODY = "## The closure\n\nThe harbour closed on Monday [@order].\n"


def entry(
    body: str = PLAIN_BODY, title: str = "Vellmar harbour closes", *, draft: bool = False
) -> str:
    """An entry's text with ``body`` under its front-matter."""
    return ENTRY.format(title=title, body=body, draft="draft: true\n" if draft else "")


def write_site(root: Path, entries: dict[str, str]) -> Path:
    """A digest under ``root`` (mkdocs.yml, content/ with ``entries`` by path); its config file."""
    folder = root / "fixture-entries"
    for path, text in entries.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    docs_dir, site_dir = root / "content", root / "site"
    write_docs(docs_dir, folder)
    config_file = root / "mkdocs.yml"
    config_file.write_text(site_config_text(docs_dir, site_dir), encoding="utf-8")
    return config_file
