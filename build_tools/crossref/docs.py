"""The files MkDocs finds in the docs folder, and the ones it leaves out of the site.

MkDocs walks the docs folder following links, and leaves out of the built site what
``exclude_docs`` names (after its own default, every name starting with a dot and
``/templates/``) and, in a build, what ``draft_docs`` names. A link to a file left
out is logged at ``info`` level only, so it is no finding; a link to a file that is
not there at all is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# MkDocs' own (mkdocs/structure/files.py, _default_exclude).
_DEFAULT_EXCLUDE = (".*", "/templates/")


@dataclass(frozen=True, slots=True)
class DocsFiles:
    """Every file of the docs folder by its path there (``src_uri``), and those left out."""

    root: Path
    files: Mapping[str, Path]
    excluded: frozenset[str]

    def included(self, src_uri: str) -> bool:
        """Whether ``src_uri`` is a file that the built site has."""
        return src_uri in self.files and src_uri not in self.excluded


def _patterns(value: object) -> list[str]:
    if isinstance(value, str):
        return value.splitlines()
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def docs_files(docs_dir: Path, config: Mapping[str, object]) -> DocsFiles:
    """Walk ``docs_dir`` as MkDocs does and mark what ``config`` (an mkdocs.yml) leaves out."""
    # Imported only when a link is judged: pathspec takes 20 ms to import, a tenth of a
    # single entry's check.
    from pathspec import GitIgnoreSpec

    exclude = GitIgnoreSpec.from_lines([*_DEFAULT_EXCLUDE, *_patterns(config.get("exclude_docs"))])
    drafts = _patterns(config.get("draft_docs"))
    draft = GitIgnoreSpec.from_lines(drafts) if drafts else None
    files: dict[str, Path] = {}
    excluded: set[str] = set()
    for folder, _subfolders, names in os.walk(docs_dir, followlinks=True):
        relative = os.path.relpath(folder, docs_dir)
        for name in names:
            src_uri = Path(relative, name).as_posix() if relative != "." else name
            files[src_uri] = Path(folder, name)
            if exclude.match_file(src_uri) or (draft is not None and draft.match_file(src_uri)):
                excluded.add(src_uri)
    return DocsFiles(docs_dir, files, frozenset(excluded))
