"""Run every rule over one entry: bytes in, diagnostics out. No I/O, no MkDocs, no HTML."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from build_tools.evidence.verify import SnapshotStore, verify_entry
from build_tools.model import Diagnostic, Entry, Severity
from build_tools.parse.entry import parse_entry
from build_tools.rules.checks import ENTRY_RULES
from build_tools.rules.front_matter_text import shown
from build_tools.rules.registry import RULES


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
) -> CheckedFile:
    """Parse and check one entry file.

    Args:
        path: the path shown in diagnostics.
        data: the file's raw bytes.
        authors: the known author ids, or None when there is no authors file.
        snapshots: the store of captured sources that quotes are verified against.

    """
    parsed = parse_entry(path, data)
    diagnostics = list(parsed.diagnostics)
    entry = parsed.entry
    if entry is not None:
        diagnostics.extend(_unknown_authors(entry, authors))
        for rule_id, rule in ENTRY_RULES.items():
            severity = RULES[rule_id].severity
            for position, message in rule(entry):
                diagnostics.append(Diagnostic(path, position, rule_id, severity, message))
        for rule_id, position, message in verify_entry(entry, snapshots):
            severity = RULES[rule_id].severity
            diagnostics.append(Diagnostic(path, position, rule_id, severity, message))
    diagnostics.sort(key=lambda d: (d.position, d.rule))
    return CheckedFile(path, entry, tuple(diagnostics))


def _unknown_authors(entry: Entry, authors: Collection[str] | None) -> list[Diagnostic]:
    if not entry.authors:
        return []
    position = entry.position_of("authors")
    if authors is None:
        return [
            Diagnostic(
                entry.path,
                position,
                "ST002",
                Severity.ERROR,
                "'authors' names ids but there is no .authors.yml in the docs folder to "
                "define them",
            )
        ]
    return [
        Diagnostic(
            entry.path,
            position,
            "ST002",
            Severity.ERROR,
            f"unknown author {shown(author)}: use one of: {', '.join(sorted(authors)) or '(none)'}",
        )
        for author in entry.authors
        if author not in authors
    ]
