"""Run every rule over one entry: bytes in, diagnostics out. No I/O, no MkDocs, no HTML.

Reading (``parse``) reports only what stops a part of the entry being read; the
judgements are the rules'. The body is read by the site's own Markdown through the
:class:`BodyReader` given, so what is checked is what the site renders.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePath

from build_tools.evidence.verify import SnapshotStore, verify_entry
from build_tools.model import Diagnostic, Entry, Position, Problem, Severity
from build_tools.parse.body import BodyReader
from build_tools.parse.entry import ParsedFile, read_entry, read_entry_body
from build_tools.quoting import shown
from build_tools.rules.checks import ENTRY_RULES, HEDGES
from build_tools.rules.front_matter_text import (
    Report,
    check_characters,
    check_placeholders_and_citations,
    check_tags_and_title,
)
from build_tools.rules.hedges import Hedges
from build_tools.rules.registry import RULES
from build_tools.rules.wording import listed
from build_tools.site_config import MARKDOWN_SUFFIXES


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """How a site reads and checks its entries: its Markdown, hedge lists and snapshots.

    ``hedges`` is the plugin's ``hedges`` option as mkdocs.yml holds it
    (``{en: {add: [...], remove: [...]}}``); the list in force for each language is
    worked out once.
    """

    reader: BodyReader | None = None
    hedges: object = None
    snapshots: SnapshotStore | None = None
    language: str | None = None  # the site's; default: the reader's, else English
    _lists: dict[str, Hedges] = field(default_factory=dict, compare=False)

    @classmethod
    def of(
        cls,
        reader: BodyReader | None,
        hedges: object,
        snapshots: SnapshotStore | None,
        language: str | None = None,
    ) -> CheckSettings:
        """Settings whose hedge option is checked now (raises ``HedgeListError``)."""
        settings = cls(reader, hedges, snapshots, language)
        settings.hedges_for("en")
        return settings

    def hedges_for(self, language: str | None) -> Hedges:
        """The hedge phrases in force for ``language``."""
        key = language or self.language or (self.reader.language if self.reader else "en")
        known = self._lists.get(key)
        if known is None:
            known = self._lists[key] = Hedges.from_option(key, self.hedges)
        return known


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """An entry file after checking: the entry (None if it could not be read) and its findings."""

    path: str
    entry: Entry | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The findings that always fail."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def check_entry(
    path: str,
    data: bytes,
    *,
    authors: Collection[str] | None = None,
    snapshots: SnapshotStore | None = None,
    reader: BodyReader | None = None,
    settings: CheckSettings | None = None,
) -> CheckedFile:
    """Read and check one entry file.

    Args:
        path: the path shown in diagnostics.
        data: the file's raw bytes.
        authors: the known author ids, or None when there is no authors file.
        snapshots: the store of captured sources that quotes are verified against.
        reader: reads the body with the site's Markdown extensions (default: MkDocs').
        settings: the site's reader, hedge lists and snapshots, all at once (given, they
            take the place of ``snapshots`` and ``reader``).

    """
    settings = settings or CheckSettings(reader, None, snapshots)
    parsed = read_entry_body(read_entry(path, data), settings.reader)
    return check_parsed(path, parsed, authors=authors, settings=settings)


def _misnamed(path: str) -> list[Problem]:
    """An entry file MkDocs publishes as Markdown under another suffix than .md."""
    suffix = PurePath(path).suffix
    if suffix.lower() not in MARKDOWN_SUFFIXES or suffix == ".md":
        return []
    # The digest's links, listings and cross-references all read entries as .md files.
    name = PurePath(path).name
    return [
        Problem(
            "ST000",
            Position(1, 1),
            f"an entry is a .md file, and MkDocs publishes this one as Markdown too: rename "
            f"{name!r} to {name.removesuffix(suffix) + '.md'!r}",
        )
    ]


def check_parsed(
    path: str,
    parsed: ParsedFile,
    *,
    authors: Collection[str] | None = None,
    settings: CheckSettings | None = None,
) -> CheckedFile:
    """Check an entry whose body has been read (by ``read_entry_body`` or in a build)."""
    settings = settings or CheckSettings()
    found: list[Problem] = list(parsed.problems)
    found.extend(_misnamed(path))
    entry = parsed.entry
    if parsed.front_matter is not None:
        check_characters(parsed.front_matter, _collect(found))
        check_placeholders_and_citations(parsed.front_matter, _collect(found))
        check_tags_and_title(parsed.front_matter, parsed.values, _collect(found))
    if entry is not None:
        found.extend(_unknown_authors(entry, authors))
        token = HEDGES.set(settings.hedges_for(entry.language))
        try:
            for rule_id, rule in ENTRY_RULES.items():
                found.extend(Problem(rule_id, where, message) for where, message in rule(entry))
        finally:
            HEDGES.reset(token)
        found.extend(
            Problem(rule_id, position, message)
            for rule_id, position, message in verify_entry(entry, settings.snapshots)
        )
    diagnostics = [
        Diagnostic(path, p.position, p.rule, RULES[p.rule].severity, p.message) for p in found
    ]
    diagnostics.sort(key=lambda d: (d.position, d.rule))
    return CheckedFile(path, entry, tuple(diagnostics))


def _collect(found: list[Problem]) -> Report:
    def report(rule_id: str, position: Position, message: str) -> None:
        found.append(Problem(rule_id, position, message))

    return report


def _unknown_authors(entry: Entry, authors: Collection[str] | None) -> list[Problem]:
    if not entry.authors:
        return []
    position = entry.position_of("authors")
    if authors is None:
        return [
            Problem(
                "ST002",
                position,
                "'authors' names ids but there is no .authors.yml in the docs folder to "
                "define them",
            )
        ]
    return [
        Problem(
            "ST002",
            position,
            f"unknown author {shown(author)}: {_as_a_list(author, authors)}use one of: "
            f"{listed(sorted(authors)) if authors else '(none)'}",
        )
        for author in entry.authors
        if author not in authors
    ]


def _as_a_list(author: str, authors: Collection[str]) -> str:
    """For "desk, wire", written without brackets: the list that was meant."""
    parts = [part.strip() for part in author.split(",")]
    if len(parts) < 2 or not any(part in authors for part in parts):
        return ""
    return f"several authors are written as a list, authors: [{', '.join(parts)}]; "
