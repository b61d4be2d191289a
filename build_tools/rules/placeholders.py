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

A placeholder is recognised as the editor leaves it, not only as the template
writes it: case, spacing, line breaks and commas aside (``<first claim of the
entry,`` wrapped onto a second line), and a long one partly edited down while
it still opens with the template's words (``<First claim of the entry>``).
Inside a front-matter value (``summary: An Ankara court <summary>``) it is
found by ``front_matter_text``, which knows where each value is written.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from importlib import resources

from build_tools.model import Entry, Position
from build_tools.rules.wording import cite_one_of

Finding = tuple[Position, str]

# What the template's comment calls "a placeholder in angle brackets".
PLACEHOLDER = re.compile(r"<[^<>\n]+>")
# The same, as an editor may leave it in running text: wrapped over lines, but never
# across a blank line, which ends the paragraph it stands in.
PLACEHOLDER_IN_TEXT = re.compile(r"<(?:[^<>\n]|\n(?![ \t]*\n)){1,200}>")
# A placeholder that is one name, like an HTML tag (<summary>, <quote>): in the body it
# is markup rather than a placeholder when the body also closes it (<details><summary>).
_TAG_LIKE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)>\Z")
_IN_A_CITATION = re.compile(r"\[@[^\]\n]*\Z")
# What tells one placeholder from another: its words, whatever their case, the spaces
# and line breaks between them, or the commas after them.
_SEPARATORS = re.compile(r"[\s,]+")
# How many of a placeholder's first words identify it once the rest is edited away.
# Two ("first claim") are words no real tag or value opens with; one ("source") is not.
_STEM_WORDS = 2


def template_text() -> str:
    """The entry template ``sourcetrace new`` fills in, as packaged."""
    template = resources.files("build_tools").joinpath("templates", "entry.md")
    return template.read_text(encoding="utf-8")


@functools.cache
def placeholders() -> frozenset[str]:
    """Every placeholder the entry template holds, in its front-matter and its body."""
    return frozenset(PLACEHOLDER.findall(template_text()))


def _words(written: str) -> str:
    return _SEPARATORS.sub(" ", written.strip("<> \t\n")).strip().casefold()


@functools.cache
def _by_words() -> dict[str, str]:
    return {_words(placeholder): placeholder for placeholder in placeholders()}


@functools.cache
def _by_stem() -> dict[str, str]:
    """The placeholders of more words than their stem, by their first words."""
    stems: dict[str, str] = {}
    for words, placeholder in _by_words().items():
        split = words.split(" ")
        if len(split) > _STEM_WORDS:
            stems[" ".join(split[:_STEM_WORDS])] = placeholder
    return stems


def template_placeholder(written: str) -> str | None:
    """The template placeholder that ``written`` (``<...>`` as an editor left it) stands for.

    ``<Summary>``, ``< summary >`` and ``<first claim of the entry one sentence>``
    stand for the template's own; so does ``<First claim of the entry>``, a long
    placeholder partly edited, while its first words are still the template's.
    """
    words = _words(written)
    found = _by_words().get(words)
    if found is not None:
        return found
    split = words.split(" ")
    if len(split) < _STEM_WORDS:
        return None
    return _by_stem().get(" ".join(split[:_STEM_WORDS]))


def is_placeholder(value: object) -> bool:
    """Whether a front-matter value is a template placeholder left whole (``<Summary>``)."""
    if not isinstance(value, str):
        return False
    written = value.strip()
    return (
        PLACEHOLDER_IN_TEXT.fullmatch(written) is not None
        and template_placeholder(written) is not None
    )


def _placeholder_at(text: str, offset: int) -> str | None:
    """The placeholder starting at ``offset`` of ``text``, on one line, if one does."""
    found = PLACEHOLDER_IN_TEXT.match(text, offset)
    if found is None or template_placeholder(found.group()) is None:
        return None
    return " ".join(found.group().split())


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
        starts = list(itertools.accumulate((len(line) + 1 for line in self._lines), initial=0))
        lowered: str | None = None
        for spot, position in sorted(spots.items()):
            index = position.line - body.first_line
            if not 0 <= index < len(self._lines):
                continue
            # Matched in the body as written, so that one wrapped over lines is found whole.
            placeholder = _placeholder_at(body.text, starts[index] + position.column - 1)
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

    def opens_block_at(self, position: Position) -> bool:
        """Whether a placeholder stands at or before a claim read at ``position`` in raw HTML.

        ``<summary>`` on a line of its own opens a block of raw HTML that swallows
        what follows it, whose sentences are read as raw HTML: a claim after such a
        placeholder is one mistake, and ST014's finding. (Once it is filled in, any
        other raw HTML after it is judged again.)
        """
        return any(at <= position for at in self.found)

    def cuts_short(self, position: Position, text: str) -> bool:
        """Whether the sentence ``text``, read at ``position``, ends where a placeholder stands.

        ``The court sat <summary> [@court].``: Python-Markdown ends the paragraph at a
        block-level tag, so the words before the placeholder are read as a sentence of
        their own, cut off from the citation after it. That is the placeholder's
        finding, not an uncited claim.
        """
        line = self._line(position) if self.found else ""
        return any(
            at.line == position.line
            and at.column > position.column
            and line[position.column - 1 : at.column - 1].split() == text.split()
            for at in self.found
        )

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
    """A template placeholder left in the body.

    The front-matter's are found as it is read: a value left whole as a placeholder
    by ``parse.entry``, one inside a value's text by ``front_matter_text``.
    """
    yield from BodyPlaceholders(entry).findings()
