"""What `validation:` in mkdocs.yml makes a finding: only what MkDocs warns about."""

from __future__ import annotations

import os
from pathlib import Path

from build_tools.content import load_digest
from build_tools.crossref.validation import LinkValidation
from tests.crossref.sites import entry, write_site


def test_mkdocs_defaults_warn_only_about_missing_files() -> None:
    assert LinkValidation.from_config({}) == LinkValidation(
        not_found=True, anchors=False, absolute_links=False, unrecognized_links=False
    )


def test_a_level_under_validation_applies_to_links_unless_links_says_otherwise() -> None:
    config = {
        "validation": {"anchors": "warn", "not_found": "info", "links": {"not_found": "warn"}}
    }
    assert LinkValidation.from_config(config) == LinkValidation(
        not_found=True, anchors=True, absolute_links=False, unrecognized_links=False
    )


def test_the_site_s_own_settings() -> None:
    config = {
        "validation": {
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "info",
                "unrecognized_links": "warn",
            }
        }
    }
    assert LinkValidation.from_config(config) == LinkValidation(
        not_found=True, anchors=True, absolute_links=False, unrecognized_links=True
    )


def test_absolute_links_relative_to_docs_are_read_from_the_docs_folder(tmp_path: Path) -> None:
    body = (
        "## The closure\n\nThe harbour closed [on Monday](/guide.md#citing) [@order]. "
        "It reopened [later](/gone.md) [@order].\n"
    )
    config_file = write_site(tmp_path, {"2016/a.md": entry(body)})
    text = config_file.read_text(encoding="utf-8")
    assert "    absolute_links: info\n" in text
    config_file.write_text(
        text.replace("    absolute_links: info\n", "    absolute_links: relative_to_docs\n"),
        encoding="utf-8",
    )
    os.chdir(tmp_path)
    lines = [d.format() for c in load_digest([], config_file).files for d in c.diagnostics]
    assert lines == [
        "content/entries/2016/a.md:19:80: warning ST054 link '/gone.md' leads to 'gone.md', "
        "which the site does not have: correct the path (it is read from the docs folder)"
    ]
