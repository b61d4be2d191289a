"""Unfilled placeholders of the entry template (ST014).

``sourcetrace new`` writes an entry from the packaged template, with a
placeholder in angle brackets (``<summary>``, ``[@<source-id>]``) wherever the
editor has something to write. The placeholders are read from that same
template, so every one ``new`` can write is recognised, and a placeholder
added to the template is recognised without a change here.

Left in place, a placeholder is not what it looks like to the other rules: in
the body Python-Markdown reads ``<First claim of the entry, one sentence>`` as
a raw HTML tag with an attribute ``one`` (which ST051 would call an event
attribute), ``<sha256:...>`` as a link; in the front-matter ``<summary>`` is
valid text and ``<source-id>`` a bad id. Each is reported once, as what it is,
and the rules it would otherwise trip pass over it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources

from build_tools.model import Entry, Position
from build_tools.rules.wording import cite_one_of

Finding = tuple[Position, str]

# What the template's comment calls "a placeholder in angle brackets".
PLACEHOLDER = re.compile(r"<[^<>\n]+>")
# A placeholder that is one name, like an HTML tag (<summary>, <quote>): in the body it
# is markup rather than a placeholder when the body also closes it (<details><summary>).
_TAG_LIKE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)>\Z")
_IN_A_CITATION = re.compile(r"\[@[^\]\n]*\Z")


def template_text() -> str:
    """The entry template ``sourcetrace new`` fills in, as packaged."""
    template = resources.files("build_tools").joinpath("templates", "entry.md")
    return template.read_text(encoding="utf-8")


@functools.cache
def placeholders() -> frozenset[str]:
    """Every placeholder the entry template holds, in its front-matter and its body."""
    return frozenset(PLACEHOLDER.findall(template_text()))


def is_placeholder(value: object) -> bool:
    """Whether a front-matter value is a template placeholder left as written."""
    return isinstance(value, str) and value.strip() in placeholders()


def _placeholder_at(line: str, column: int) -> str | None:
    """The placeholder starting at ``column`` (1-based) of ``line``, if one does."""
    if line[column - 1 : column] != "<":
        return None
    found = PLACEHOLDER.match(line, column - 1)
    if found is None or found.group() not in placeholders():
        return None
    return found.group()


class BodyPlaceholders:
    """The placeholders left in an entry's body, found where the reading saw markup.

    The reading (Python-Markdown) says where raw HTML tags and autolinks stand,
    outside code; a placeholder is one of those whose text as written is a
    template placeholder. Code spans and blocks are never looked in.
    """

    def __init__(self, entry: Entry) -> None:
        body = entry.body
        self._entry = entry
        self.found: dict[Position, str] = {}
        # Where each spot's text starts as written: a tag at its '<', an autolink at
        # the address inside its brackets.
        spots = {tag.position: tag.position for tag in body.html_tags}
        for link in body.links:
            if link.via == "autolink" and link.position.column > 1:
                spots[link.position] = Position(link.position.line, link.position.column - 1)
        self._spots: set[Position] = set()
        if not spots:
            return
        self._lines = body.text.split("\n")
        lowered: str | None = None
        for spot, position in sorted(spots.items()):
            placeholder = _placeholder_at(self._line(position), position.column)
            if placeholder is None:
                continue
            tag = _TAG_LIKE.match(placeholder)
            if tag is not None:
                lowered = body.text.lower() if lowered is None else lowered
                if f"</{tag.group(1).lower()}>" in lowered:
                    continue  # markup the body closes, such as <summary> inside <details>
            self.found[position] = placeholder
            self._spots.add(spot)

    def _line(self, position: Position) -> str:
        index = position.line - self._entry.body.first_line
        return self._lines[index] if 0 <= index < len(self._lines) else ""

    def __contains__(self, position: Position) -> bool:
        """Whether a tag or autolink the reading found at ``position`` is a placeholder."""
        return position in self._spots

    def in_citation_at(self, position: Position) -> bool:
        """Whether the citation written at ``position`` holds a placeholder (``[@<source-id>]``)."""
        if not self.found:
            return False
        line = self._line(position)
        return any(
            at.line == position.line
            and at.column > position.column
            and _IN_A_CITATION.match(line, position.column - 1, at.column - 1) is not None
            for at in self.found
        )

    def in_a_citation(self) -> bool:
        """Whether some placeholder stands in a citation, as ``[@<source-id>]`` does."""
        return any(self._cited(position) for position in self.found)

    def _cited(self, position: Position) -> bool:
        return _IN_A_CITATION.search(self._line(position)[: position.column - 1]) is not None

    def findings(self) -> Iterator[Finding]:
        """One finding for each placeholder, saying what to write in its place."""
        for position, placeholder in self.found.items():
            if self._cited(position):
                fix = "write the id of a listed source in its place (" + cite_one_of(
                    [s.id for s in self._entry.sources]
                )
                yield (
                    position,
                    f"unfilled placeholder '{placeholder}' from the entry template in a "
                    f"citation: {fix})",
                )
            else:
                yield (
                    position,
                    f"unfilled placeholder '{placeholder}' from the entry template: write "
                    "the text it stands for in its place",
                )


def unfilled_placeholder(entry: Entry) -> Iterator[Finding]:
    """A template placeholder left in the body (the front-matter's are found as it is read)."""
    yield from BodyPlaceholders(entry).findings()
