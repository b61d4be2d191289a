"""Author names, for the places that show a name rather than an id (feeds, JSON-LD)."""

from __future__ import annotations

from pathlib import Path

import yaml


def read_author_names(path: Path) -> dict[str, str]:
    """Return author names by id from ``.authors.yml`` (Material's blog format).

    A missing file, or an author without a name, gives no entry: callers then show the
    id. The file's validity is checked elsewhere (``content.read_authors``).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        return {}
    return {
        str(key): str(value["name"])
        for key, value in authors.items()
        if isinstance(value, dict) and isinstance(value.get("name"), str)
    }
