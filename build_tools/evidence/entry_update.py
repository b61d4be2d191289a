"""Adding a captured source to an entry's front-matter without disturbing the rest.

The front-matter is edited with ``ruamel.yaml``'s round-trip mode, which keeps
comments, key order, quoting and folded text as the editor wrote them; only the
fields a capture sets change. The body is never parsed or rewritten, and the
file is replaced whole (``write_whole``), so a failure leaves the old file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from build_tools.fields import SOURCE_FIELDS, field_names
from build_tools.filing import write_whole

# The fields a capture always sets; every other field is filled only when missing.
ALWAYS_SET = ("snapshot", "accessed")
_ORDER = field_names(SOURCE_FIELDS)
_FIRST_ITEM = re.compile(r"^sources:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.MULTILINE)


class EntryUpdateError(Exception):
    """An entry whose front-matter cannot be edited safely."""


@dataclass(frozen=True, slots=True)
class Update:
    """What changed: whether the source was added, and each field set (old and new value)."""

    added: bool
    changed: tuple[tuple[str, Any, Any], ...]


def _split(text: str, path: Path) -> tuple[str, str]:
    if not text.startswith("---\n"):
        raise EntryUpdateError(f"{path}: no front-matter: the file must start with '---'")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise EntryUpdateError(f"{path}: the front-matter is never closed with '---'")
    return text[4 : end + 1], text[end + 1 :]


def _yaml(front: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the editor wrote
    found = _FIRST_ITEM.search(front)
    offset = len(found.group(1)) if found else 2
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _insert_in_order(item: CommentedMap, key: str, value: Any) -> None:
    """Put ``key`` where the documented field order says, after the fields before it."""
    rank = _ORDER.index(key) if key in _ORDER else len(_ORDER)
    position = len(item)
    for index, existing in enumerate(item):
        if existing in _ORDER and _ORDER.index(existing) > rank:
            position = index
            break
    item.insert(position, key, value)


def _load(path: Path) -> tuple[YAML, CommentedMap, str]:
    text = path.read_text(encoding="utf-8")
    front, rest = _split(text, path)
    yaml = _yaml(front)
    try:
        data = yaml.load(front)
    except YAMLError as error:
        raise EntryUpdateError(f"{path}: the front-matter is not valid YAML: {error}") from error
    if not isinstance(data, CommentedMap):
        raise EntryUpdateError(f"{path}: the front-matter is not a mapping")
    if not isinstance(data.get("sources", CommentedSeq()), CommentedSeq):
        raise EntryUpdateError(f"{path}: 'sources' is not a list")
    return yaml, data, rest


def check_editable(path: Path) -> None:
    """Raise what :func:`update_entry` would, before anything is captured.

    Raises:
        EntryUpdateError: when the file has no readable front-matter or ``sources``.
        OSError: when it cannot be read.

    """
    _load(path)


def update_entry(path: Path, source_id: str, fields: Mapping[str, Any]) -> Update:
    """Add source ``source_id`` to the entry at ``path``, or update it with ``fields``.

    An existing source gets ``snapshot`` and ``accessed`` set, and every other
    field of ``fields`` only where it has none: what the editor wrote stands.
    A new source is appended to ``sources`` with every field given.

    Raises:
        EntryUpdateError: when the file has no readable front-matter or ``sources``.
        OSError: when it cannot be read or written.

    """
    yaml, data, rest = _load(path)
    sources = data.get("sources")
    if sources is None:
        sources = data["sources"] = CommentedSeq()
    item = next(
        (s for s in sources if isinstance(s, CommentedMap) and str(s.get("id")) == source_id),
        None,
    )
    changed: list[tuple[str, Any, Any]] = []
    added = item is None
    if item is None:
        item = CommentedMap()
        item["id"] = source_id
        sources.append(item)
    for key, value in fields.items():
        if value is None or key == "id":
            continue
        old = item.get(key)
        if key in item and (key not in ALWAYS_SET or old == value):
            continue
        if key in item:
            item[key] = value
        else:
            _insert_in_order(item, key, value)
        changed.append((key, old, value))
    out = io.StringIO()
    yaml.dump(data, out)
    write_whole(path, "---\n" + out.getvalue() + rest)
    return Update(added, tuple(changed))
