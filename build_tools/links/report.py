"""Printing link results: compiler-style lines, GitHub annotations, Markdown, a progress bar.

The Markdown suits a CI job summary; the progress bar is for people watching a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from build_tools.links.assess import ExternalReport, Use, failing_progress
from build_tools.links.external import Status
from build_tools.links.site import SiteReport
from build_tools.links.state import Verdict
from build_tools.links.untrusted import printable
from build_tools.model import Diagnostic, Position, Severity

BROKEN_LINK_RULE = "ST040"
FORMATS = ("text", "github", "markdown")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def site_diagnostics(report: SiteReport, shown_dir: str) -> list[Diagnostic]:
    """One error per broken link, on the page that holds it (``shown_dir`` prefixes the path)."""
    prefix = shown_dir.rstrip("/") + "/" if shown_dir else ""
    return [
        Diagnostic(
            prefix + broken.page,
            Position(broken.line, broken.column),
            BROKEN_LINK_RULE,
            Severity.ERROR,
            f'broken link {broken.attribute}="{broken.value}": {broken.reason}',
        )
        for broken in report.broken
    ]


def site_summary(report: SiteReport) -> str:
    """One line: how much was checked and how much is broken."""
    return (
        f"checked {_plural(report.links, 'link')} on {_plural(report.pages, 'page')} "
        f"in {report.site_dir}: {len(report.broken)} broken"
    )


def github_annotation(diagnostic: Diagnostic) -> str:
    """Return a workflow command that GitHub shows as an annotation on the file and line."""
    command = "error" if diagnostic.severity is Severity.ERROR else "warning"
    return (
        f"::{command} file={_property(diagnostic.path)},line={diagnostic.position.line},"
        f"col={diagnostic.position.column},title={_property(diagnostic.rule)}::"
        f"{_data(diagnostic.rule + ' ' + diagnostic.message)}"
    )


def _data(text: str) -> str:
    # Escaping of workflow command data, as GitHub's toolkit does it.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def site_markdown(report: SiteReport, shown_dir: str) -> str:
    """Return a Markdown summary of the internal check, for a CI job summary."""
    lines = ["## Site links", "", _sentence(site_summary(report)) + ".", ""]
    if report.broken:
        rows = [
            (f"{d.path}:{d.position.line}", f"`{_code(broken.value)}`", broken.reason)
            for d, broken in zip(site_diagnostics(report, shown_dir), report.broken, strict=True)
        ]
        lines += [*_table(("Page", "Link", "Problem"), rows), ""]
    return "\n".join(lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _code(text: str) -> str:
    return text.replace("`", "'")


def _where(use: Use) -> str:
    link = use.link
    return f"{link.path}:{link.position.line} [{link.source_id}]"


def _sorted(uses: Iterable[Use]) -> list[Use]:
    return sorted(uses, key=lambda u: (u.link.path, u.link.position, u.link.field))


REFUSED_HEADING = (
    "refused (not a public address, so not fetched and never counted as dead; "
    "--allow-host HOST fetches one anyway)"
)


def _url(link_url: str) -> str:
    # An entry's address is printed whole, but never with a character that moves the cursor.
    return printable(link_url, limit=None)


def _notes(report: ExternalReport) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group the uses worth a look that are not findings: (heading, [(where, what)])."""
    failing, redirected, restricted, unknown, refused = [], [], [], [], []
    for use in _sorted(report.uses):
        record, link = use.record, use.link
        if use.verdict is Verdict.FAILING:
            what = f"{_url(link.url)}: {record.detail} ({failing_progress(record)})"
            failing.append((_where(use), what))
        elif use.verdict is Verdict.UNKNOWN:
            unknown.append((_where(use), f"{_url(link.url)}: {record.detail}"))
        elif use.verdict is Verdict.REFUSED:
            refused.append((_where(use), f"{_url(link.url)}: {record.detail}"))
        elif record.status is Status.REDIRECTED:
            redirected.append((_where(use), f"{_url(link.url)} -> {record.redirect}"))
        elif record.status is Status.RESTRICTED:
            restricted.append((_where(use), f"{_url(link.url)}: {record.detail}"))
    return [
        ("failing (dead after 3 failed checks at least 3 days apart)", failing),
        ("unknown (rate-limited)", unknown),
        (REFUSED_HEADING, refused),
        ("redirected (consider the new address)", redirected),
        ("restricted (paywalled or blocked, not dead)", restricted),
    ]


def external_summary(report: ExternalReport) -> str:
    """One line: addresses checked and how they stand."""
    verdicts = report.addresses()
    statuses = report.statuses()
    entries = len({use.link.path for use in report.uses})
    counts = ", ".join(f"{verdicts.get(v, 0)} {v.value}" for v in Verdict)
    extra = ", ".join(
        f"{statuses.get(s, 0)} {s.value}" for s in (Status.REDIRECTED, Status.RESTRICTED)
    )
    return (
        f"checked {_plural(sum(verdicts.values()), 'address', 'addresses')} "
        f"({_plural(len(report.uses), 'use')} in {_plural(entries, 'entry', 'entries')}): "
        f"{counts}; {extra}"
    )


def external_text(report: ExternalReport) -> str:
    """Return the findings as compiler-style lines, then the notes, then the summary."""
    lines = [d.format() for d in report.diagnostics]
    for heading, items in _notes(report):
        if items:
            lines.append(f"{heading}:")
            lines.extend(f"  {where}: {what}" for where, what in items)
    lines.append(external_summary(report))
    return "\n".join(lines) + "\n"


def external_github(report: ExternalReport) -> str:
    """Return the findings as annotations, failing and refused links as notices, a summary."""
    lines = [github_annotation(d) for d in report.diagnostics]
    for use in _sorted(report.uses):
        link = use.link
        if use.verdict is Verdict.FAILING:
            title = "failing link"
            what = f"is failing: {use.record.detail} ({failing_progress(use.record)})"
        elif use.verdict is Verdict.REFUSED:
            title = "refused link"
            what = f"was not fetched: {use.record.detail}"
        else:
            continue
        lines.append(
            f"::notice file={_property(link.path)},line={link.position.line},"
            f"col={link.position.column},title={title}::"
            + _data(f"source '{link.source_id}' {link.field} {_url(link.url)} {what}")
        )
    lines.append(external_summary(report))
    return "\n".join(lines) + "\n"


def external_markdown(report: ExternalReport) -> str:
    """Return a Markdown summary of the external check, for a CI job summary."""
    summary = _sentence(external_summary(report))
    if report.state.checked is not None:
        summary += f" (as of {report.state.checked.strftime('%Y-%m-%d %H:%M UTC')})"
    lines = ["## Source links", "", summary + ".", ""]
    if report.diagnostics:
        lines += ["### Dead", ""]
        rows = [
            (f"{d.path}:{d.position.line}", d.severity.value, _inert(d.message))
            for d in report.diagnostics
        ]
        lines += [*_table(("Entry", "Severity", "Finding"), rows), ""]
    for heading, items in _notes(report):
        if items:
            lines += [f"### {heading[0].upper()}{heading[1:]}", ""]
            notes = [(where, _inert(what)) for where, what in items]
            lines += [*_table(("Entry", "Address"), notes), ""]
    return "\n".join(lines)


# Character references, not backslashes: ``_cell`` doubles every backslash.
_INERT = str.maketrans({"<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "`": "&#96;"})


def _inert(text: str) -> str:
    """Text that renders as itself in a job summary: no HTML, no links, no code spans.

    The findings quote servers (reason phrases, redirect targets); in Markdown,
    ``[Renew your login](https://…)`` or an ``<img>`` would become part of the page.
    """
    return text.translate(_INERT)


class Progress:
    """A one-line progress bar on a terminal; silent when ``enabled`` is false."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO, *, enabled: bool, label: str = "") -> None:
        self._total = total
        self._stream = stream
        self._enabled = enabled and total > 0
        self._label = label
        self._done = 0
        self._last_draw = 0.0

    def advance(self, _item: object = None) -> None:
        """Count one more item done, redrawing at most ten times a second."""
        self._done += 1
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last_draw >= 0.1 or self._done == self._total:
            self._last_draw = now
            filled = self.WIDTH * self._done // self._total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            self._stream.write(f"\r{self._label}[{bar}] {self._done}/{self._total}")
            self._stream.flush()

    def close(self) -> None:
        """Clear the bar's line so that the report starts on a clean line."""
        if self._enabled:
            self._stream.write("\r" + " " * (self.WIDTH + len(self._label) + 24) + "\r")
            self._stream.flush()


def append_summary(path: Path, markdown: str) -> None:
    """Append ``markdown`` to ``path`` (GitHub's ``$GITHUB_STEP_SUMMARY`` is appended to).

    Raises:
        OSError: when the file cannot be written.

    """
    with path.open("a", encoding="utf-8") as handle:
        handle.write(markdown.rstrip("\n") + "\n")
