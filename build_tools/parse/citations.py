"""The syntax inside one citation group: ``[@id]``, ``[@id, p. 4]``, ``[@a; @b, para 2]``.

Where citations stand is Python-Markdown's to say (see ``reading``); this reads
what one says.
"""

from __future__ import annotations

import html
import re

from build_tools.fields import SOURCE_ID_RE

# One reference: the id, its locator, and its offset in the citation as written.
Parsed = tuple[str, str | None, int]

# What a ';' inside does not end: a quoted passage ("he said; she left", “…”, „…“) and
# a character reference (&ndash;, &#8211;). Everything else runs to the next ';'.
# A quote left open is a character like any other.
_PART = re.compile(r'(?:"[^"]*"|“[^”]*”|„[^“”]*[“”]|&#?\w+;|[^;])*')


def _parts(inner: str) -> list[str]:
    """``inner`` split at the semicolons that separate references."""
    parts: list[str] = []
    at = 0
    while True:
        part = _PART.match(inner, at)
        assert part is not None  # every part of it is optional
        parts.append(part.group())
        at = part.end()
        if at >= len(inner):
            return parts
        at += 1  # the ';'


def read_group(written: str) -> list[Parsed] | str:
    """Read the citation ``written`` (``[@...]``); return its references or what is wrong."""
    references: list[Parsed] = []
    offset = 1
    for part in _parts(written[1:-1]):
        stripped = part.strip()
        part_offset = offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
        if not stripped and references:
            return "has nothing after a ';': remove the ';' or add another @id"
        if not stripped.startswith("@"):
            return f"has a part without '@': {stripped!r}"
        source_id, comma, locator = stripped[1:].partition(",")
        if source_id[:1].isspace():
            return f"has a space after '@': write the id straight after it (@{source_id.strip()})"
        source_id = source_id.strip()
        if not source_id:
            return "names no source: write [@id]"
        if not SOURCE_ID_RE.match(source_id):
            return (
                f"has a bad source id {source_id!r}: ids are lowercase letters, digits, "
                "'.', '_' and '-', and a locator follows a comma ([@id, p. 4])"
            )
        # Entities read as the characters they stand for, as in the text around it.
        locator = " ".join(html.unescape(locator).split())
        if comma and not locator:
            return "has an empty locator after the comma"
        references.append((source_id, locator or None, part_offset))
    return references
