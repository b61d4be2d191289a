"""Run every rule over one entry: bytes in, diagnostics out. No I/O, no MkDocs, no HTML."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model import Diagnostic, Entry, Severity


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


def check_entry(path: str, data: bytes, *, authors: frozenset[str] | None = None) -> CheckedFile:
    """Parse and check one entry file.

    Args:
        path: the path shown in diagnostics.
        data: the file's raw bytes.
        authors: the known author ids, or None when there is no authors file.
    """
    raise NotImplementedError
