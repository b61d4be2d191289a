"""The newsroom's vocabulary: entries, sources, claims, citations and diagnostics.

Everything here is a frozen value. Parsing builds these once per file; the
checker, the renderer and the commands only read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


def _no_positions() -> Mapping[str, Position]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A place in a source file: 1-based line and 1-based column (in characters)."""

    line: int
    column: int


class Severity(StrEnum):
    """How bad a finding is; errors always fail, warnings fail under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


class Role(StrEnum):
    """Whether a source is the thing itself or a report about it."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, formatted as ``path:line:col: severity RULE message``."""

    path: str
    position: Position
    rule: str
    severity: Severity
    message: str

    def format(self) -> str:
        """Return the one-line, compiler-style text of this finding."""
        return (
            f"{self.path}:{self.position.line}:{self.position.column}: "
            f"{self.severity.value} {self.rule} {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """What reading found wrong, by rule id; the checker gives it its severity."""

    rule: str
    position: Position
    message: str


@dataclass(frozen=True, slots=True)
class Source:
    """One source an entry relies on, as listed in its front-matter.

    A source whose fields are partly invalid is still built (with empty or
    ``None`` values) so that citations of it resolve and only the real problem
    is reported.
    """

    id: str
    title: str
    publisher: str
    role: Role | None
    position: Position
    type: str | None = None
    url: str | None = None
    archive_url: str | None = None
    published: dt.date | None = None
    accessed: dt.date | None = None
    language: str | None = None
    quote: str | None = None
    via: tuple[str, ...] = ()
    offline: str | None = None
    # "sha256:<hex>": the captured copy of the source in the snapshot store.
    snapshot: str | None = None
    field_positions: Mapping[str, Position] = field(default_factory=_no_positions, compare=False)
    # Where each id in via is written (its first mention).
    via_positions: Mapping[str, Position] = field(default_factory=_no_positions, compare=False)

    def position_of(self, name: str) -> Position:
        """Where field ``name`` is written, or where the source starts if it is absent."""
        return self.field_positions.get(name, self.position)

    def position_of_via(self, via_id: str) -> Position:
        """Where ``via_id`` is written in via, or where via is."""
        return self.via_positions.get(via_id, self.position_of("via"))


@dataclass(frozen=True, slots=True)
class Correction:
    """A published correction to an entry."""

    date: dt.date | None
    text: str
    # Where its date is written (or the correction itself): for messages, not equality.
    position: Position = field(default=Position(1, 1), compare=False)


@dataclass(frozen=True, slots=True)
class Reference:
    """One ``@id`` inside a citation, with its optional locator (``p. 4``)."""

    source_id: str
    locator: str | None
    position: Position


@dataclass(frozen=True, slots=True)
class Citation:
    """A bracketed citation group such as ``[@a; @b, p. 2]``.

    ``start`` and ``end`` are offsets into the entry body, so the renderer can
    replace exactly the characters the checker read.
    """

    index: int
    references: tuple[Reference, ...]
    position: Position
    start: int
    end: int
    # Where the page shows it: "prose", "editorial", or a place that cannot cite
    # ("heading", "table header", "title", "code", ...).
    context: str = "prose"


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence of prose in an entry's body.

    ``citations`` are the groups written in the sentence itself; ``support`` are
    the groups that cover it: its own, or else the next citation in the same
    block (Wikipedia's convention). Sentences of editorial analysis are not claims.
    """

    index: int
    text: str
    position: Position
    start: int
    end: int
    citations: tuple[Citation, ...]
    support: tuple[Citation, ...]
    # The sentence as readers read it, without citations or code: what hedges are looked for in.
    prose: str = ""
    # Ends with a colon before the list or quote it introduces, whose first claim's
    # citations are its support: that list is the rest of its sentence.
    lead_in: bool = False
    # Holds "[@" in raw HTML, which the page shows as written: a citation never read.
    html_citation: bool = False
    # The prose before an abbreviation that may end a sentence ("Smith reportedly fled
    # to the U.S. Moscow denied it [@a]."), when every citation of the claim stands
    # after it: read as one sentence, but a hedge there may be a sentence of its own.
    unreached: str = ""

    @property
    def cited(self) -> bool:
        """Whether some citation covers this claim."""
        return bool(self.support)


@dataclass(frozen=True, slots=True)
class MalformedCitation:
    """Text that starts like a citation but cannot be read as one.

    A ``loose`` one is square brackets around an ``@id`` with something before it
    (``[see @a]``, ``[ @a]``, Pandoc's ``[-@a]``): published as written, it is a
    citation mistyped only if its id is a listed source (``[via @nytimes]`` is not).
    """

    text: str
    reason: str
    position: Position
    loose: bool = False
    ids: tuple[str, ...] = ()  # the @ids a loose one names, as written
    suggested: str = ""  # a loose one written as a citation, its ids as written


@dataclass(frozen=True, slots=True)
class Link:
    """An address the body links to or loads from, as written (not yet judged).

    ``via`` says how it is written: ``link``, ``image``, ``autolink``,
    ``definition`` (a reference definition such as ``[x]: https://...``) or, for
    raw HTML, the tag and attribute (``<img src>``). ``loads`` is whether the
    browser fetches the address as soon as the page is shown (an image, a
    ``src``), rather than only when the reader follows it.
    """

    target: str
    via: str
    position: Position
    loads: bool = False


@dataclass(frozen=True, slots=True)
class HtmlAttribute:
    """One attribute of a raw HTML tag: its name in lowercase and its value as written."""

    name: str
    value: str | None
    position: Position


@dataclass(frozen=True, slots=True)
class HtmlTag:
    """A raw HTML start tag written in the body, outside code."""

    name: str
    attributes: tuple[HtmlAttribute, ...]
    position: Position


@dataclass(frozen=True, slots=True)
class Body:
    """The Markdown body of an entry, read once with positions.

    ``first_line`` is the file line on which ``text`` begins, so every position
    here is a position in the file, not in the body. ``links`` and
    ``html_tags`` are what the body links to and the raw HTML it writes,
    outside code, for the rules about what reaches a reader's browser.
    ``anchors`` are the ids the conversion gave elements (headings' ids from the
    table of contents, ids written with ``{#id}``), in document order, before the
    page sanitiser prefixes any.
    """

    text: str
    first_line: int
    claims: tuple[Claim, ...]
    citations: tuple[Citation, ...]
    malformed: tuple[MalformedCitation, ...]
    links: tuple[Link, ...] = ()
    html_tags: tuple[HtmlTag, ...] = ()
    anchors: tuple[str, ...] = ()
    # Attribute lists ("{: .lead }") Python-Markdown did not apply: the page shows them.
    stray_attributes: tuple[tuple[str, Position], ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """A digest entry: its front-matter, its sources and its parsed body."""

    path: str
    title: str
    date: dt.date | None
    summary: str
    body: Body
    sources: tuple[Source, ...] = ()
    updated: dt.date | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    corrections: tuple[Correction, ...] = ()
    language: str | None = None
    field_positions: Mapping[str, Position] = field(default_factory=_no_positions, compare=False)

    def source(self, source_id: str) -> Source | None:
        """Return the listed source with this id, if any."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None

    def position_of(self, name: str) -> Position:
        """Where front-matter field ``name`` is written, or the top of the file."""
        return self.field_positions.get(name, Position(1, 1))
