"""Turning remembered answers into findings: which dead links fail the run, which only warn.

A dead ``url`` fails the run unless readers have a way round it: an
``archive_url`` that is not itself dead. Everything else (a dead link that has
a live archive, a dead archive, a link still only failing) is reported
without failing, because another site's outage must not stop publishing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from build_tools.links.external import Status
from build_tools.links.sources import SourceLink
from build_tools.links.state import CHECKS_TO_DEAD, LinkRecord, LinkState, Verdict
from build_tools.links.untrusted import printable
from build_tools.model import Diagnostic, Severity

DEAD_SOURCE_RULE = "ST041"


@dataclass(frozen=True, slots=True)
class Use:
    """One address as one entry uses it, with what is known about it."""

    link: SourceLink
    record: LinkRecord

    @property
    def verdict(self) -> Verdict:
        """The address's standing."""
        return self.record.verdict


@dataclass(frozen=True, slots=True)
class ExternalReport:
    """Every use of every address after a run, and the findings drawn from them."""

    uses: tuple[Use, ...]
    diagnostics: tuple[Diagnostic, ...]
    state: LinkState

    @property
    def failed(self) -> bool:
        """Whether some dead link has no way round it."""
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def addresses(self) -> Counter[Verdict]:
        """How many distinct addresses stand at each verdict."""
        seen = {use.link.url: use.verdict for use in self.uses}
        return Counter(seen.values())

    def statuses(self) -> Counter[Status]:
        """How many distinct addresses gave each class of answer last."""
        seen = {use.link.url: use.record.status for use in self.uses}
        return Counter(seen.values())


def _history(record: LinkRecord) -> str:
    days = ", ".join(moment.date().isoformat() for moment in record.failures)
    return f"{record.detail}; failed checks on {days}"


def _finding(use: Use, archive: LinkRecord | None) -> Diagnostic | None:
    link = use.link
    if use.verdict is not Verdict.DEAD:
        return None
    url = printable(link.url, limit=None)
    what = f"source '{link.source_id}' {link.field} {url} is dead ({_history(use.record)})"
    if link.field == "archive_url":
        severity, advice = Severity.WARNING, ": archive the page again, or remove the archive_url"
    elif link.archive_url is None:
        severity, advice = Severity.ERROR, " and the source has no archive_url: add one"
    elif archive is not None and archive.verdict is Verdict.DEAD:
        severity, advice = Severity.ERROR, " and so is its archive_url: find another copy"
    else:
        severity, advice = Severity.WARNING, "; readers still have its archive_url"
    return Diagnostic(link.path, link.position, DEAD_SOURCE_RULE, severity, what + advice)


def assess(links: Sequence[SourceLink], state: LinkState) -> ExternalReport:
    """Match every address in use with its record, and draw the findings.

    Addresses with no record (never checked) are left out.
    """
    uses = tuple(Use(link, state.links[link.url]) for link in links if link.url in state.links)
    diagnostics = []
    for use in uses:
        archive_url = use.link.archive_url
        archive = state.links.get(archive_url) if archive_url else None
        finding = _finding(use, archive)
        if finding is not None:
            diagnostics.append(finding)
    diagnostics.sort(key=lambda d: (d.path, d.position, d.message))
    return ExternalReport(uses, tuple(diagnostics), state)


def failing_progress(record: LinkRecord) -> str:
    """How far a failing link is from being called dead: "1 of 3 failed checks"."""
    return f"{len(record.failures)} of {CHECKS_TO_DEAD} failed checks"
