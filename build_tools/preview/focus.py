"""Which entries a focused preview builds, passed from ``sourcetrace serve`` to the plugin.

MkDocs loads the configuration, and so the plugin's options, again on every rebuild,
from mkdocs.yml; the command cannot set a plugin option there. It sets an environment
variable instead, which the plugin reads on each build, before any entry is read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

FOCUS_VARIABLE = "SOURCETRACE_FOCUS"


def focus_value(src_uris: Sequence[str]) -> str:
    """The variable's value naming ``src_uris`` (paths relative to the docs folder)."""
    return json.dumps(sorted(set(src_uris)))


def focused(environ: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The entries to build (paths relative to the docs folder), or None for all of them."""
    value = (os.environ if environ is None else environ).get(FOCUS_VARIABLE)
    if not value:
        return None
    try:
        names = json.loads(value)
    except ValueError:
        names = None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{FOCUS_VARIABLE} must be a JSON list of paths, not {value!r}")
    return frozenset(names)


def focused_view(docs_dir: Path, entries_dir: str, src_uris: Sequence[str], into: Path) -> Path:
    """Make ``into`` a docs folder holding only the named entries, linked to the real files.

    MkDocs lists, and its live server polls, every file of the docs folder on every
    rebuild: at 10,000 entries that alone takes longer than building one entry. The
    view holds a link to each of the docs folder's other files and folders, and the
    entries folder again with a link to each named entry only, so both stay small.
    Edits go to the real files (the links point at them); the view is the caller's to
    remove, which removes the links alone.
    """
    into.mkdir(parents=True, exist_ok=True)
    entries = entries_dir.strip("/")
    for item in docs_dir.iterdir():
        if item.name != entries:
            (into / item.name).symlink_to(item.resolve(), item.is_dir())
    for name in src_uris:
        link = into / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((docs_dir / name).resolve())
    return into
