"""``sourcetrace stats``: how well the digest is sourced, in a few figures."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.cli import counted
from build_tools.content import SNAPSHOTS_DIR, Digest, load_digest
from build_tools.evidence.verify import Evidence, SnapshotStore, assess, recorded
from build_tools.model import Entry
from build_tools.sourcing import Sourcing, sourcing_of

VERDICTS = ("verified", "altered", "not found", "no snapshot")

HELP = "print the digest's sourcing figures"
DESCRIPTION = """\
Count the published entries and their claims, and say how far up the evidence
ladder the claims go: cited, citing a primary source directly (a via chain does
not count), citing a source a reader can open, and with a passage verified in a
snapshot. Also: claims whose sources are not independent, sources with an
archived copy or a snapshot, and the verdicts on quoted passages. Drafts are not
counted; files that cannot be read are named on standard error ('sourcetrace
check' says why).

example:
  sourcetrace stats --per-entry
  sourcetrace stats content/entries/2016 --format json
"""


@dataclass(frozen=True, slots=True)
class EntryFigures:
    """The sourcing figures of one entry."""

    path: str
    sourcing: Sourcing
    sources: int
    archived: int
    snapshots: int = 0
    # Quoted passages (quotes and passage citations) by verdict.
    passages: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DigestFigures:
    """The sourcing figures of a set of entries, with the entries behind them."""

    entries: tuple[EntryFigures, ...]
    drafts: int
    unreadable: tuple[str, ...]

    @property
    def sourcing(self) -> Sourcing:
        """Claims, cited claims and traced claims over every counted entry."""
        return sum((e.sourcing for e in self.entries), Sourcing(0, 0))

    @property
    def sources(self) -> int:
        """Sources listed, over every counted entry."""
        return sum(e.sources for e in self.entries)

    @property
    def archived(self) -> int:
        """Sources with an archive_url, over every counted entry."""
        return sum(e.archived for e in self.entries)

    @property
    def snapshots(self) -> int:
        """Sources with a snapshot that verification read, over every counted entry."""
        return sum(e.snapshots for e in self.entries)

    @property
    def passages(self) -> dict[str, int]:
        """Quoted passages by verdict, over every counted entry."""
        counts = dict.fromkeys(VERDICTS, 0)
        for e in self.entries:
            for verdict, count in e.passages:
                counts[verdict] += count
        return counts


def entry_figures(path: str, entry: Entry, evidence: Evidence | None = None) -> EntryFigures:
    """Count one entry's claims and sources, with what verification found."""
    counts = dict.fromkeys(VERDICTS, 0)
    for check in evidence.passages if evidence else ():
        counts[check.verdict] += 1
    return EntryFigures(
        path=path,
        sourcing=sourcing_of(entry, evidence),
        sources=len(entry.sources),
        archived=sum(1 for source in entry.sources if source.archive_url),
        snapshots=sum(1 for s in entry.sources if evidence and evidence.snapshot(s.id)),
        passages=tuple(counts.items()),
    )


def digest_figures(digest: Digest, store: SnapshotStore | None = None) -> DigestFigures:
    """Count every published entry of ``digest``; drafts and unreadable files are set apart.

    Quotes and passages are verified against ``store`` (by default the docs_dir's
    ``snapshots/``, when there is a docs_dir).
    """
    # The check that read the digest verified each entry against the docs_dir's store
    # already: that is used as it is, and another store is verified against anew.
    given = store is not None
    if store is None and digest.docs_dir is not None:
        store = SnapshotStore(digest.docs_dir / SNAPSHOTS_DIR)
    kept: list[EntryFigures] = []
    drafts = 0
    unreadable: list[str] = []
    for checked in digest.files:
        if checked.entry is None:
            unreadable.append(checked.path)
        elif checked.entry.draft:
            drafts += 1
        else:
            evidence = None if given else recorded(checked.entry)
            if evidence is None:
                evidence = assess(checked.entry, store)
            kept.append(entry_figures(checked.path, checked.entry, evidence))
    return DigestFigures(tuple(kept), drafts, tuple(unreadable))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _percent(part: int, whole: int) -> str:
    share = _share(part, whole)
    return "-" if share is None else f"{share:.1%}"


def format_text(figures: DigestFigures, per_entry: bool) -> str:
    """Return the figures as an aligned table for the terminal."""
    total = figures.sourcing
    passages = figures.passages
    quoted = sum(passages.values())
    rows = [
        ("entries", str(len(figures.entries)), ""),
        ("claims", str(total.claims), ""),
        ("cited", str(total.cited), _percent(total.cited, total.claims)),
        ("citing a primary source", str(total.primary), _percent(total.primary, total.claims)),
        ("a reader can open", str(total.openable), _percent(total.openable, total.claims)),
        (
            "with a verified passage",
            str(total.verified),
            _percent(total.verified, total.claims),
        ),
        (
            "on dependent sources",
            str(total.not_independent),
            _percent(total.not_independent, total.claims),
        ),
        ("sources", str(figures.sources), ""),
        (
            "with an archived copy",
            str(figures.archived),
            _percent(figures.archived, figures.sources),
        ),
        ("with a snapshot", str(figures.snapshots), _percent(figures.snapshots, figures.sources)),
        ("quoted passages", str(quoted), ""),
        *(
            (f"  {verdict}", str(passages[verdict]), _percent(passages[verdict], quoted))
            for verdict in VERDICTS
        ),
    ]
    lines = [f"{label:<27}{count:>7}  {share}".rstrip() for label, count, share in rows]
    if figures.drafts:
        lines.append(f"({counted(figures.drafts, 'draft')} not counted)")
    if per_entry and figures.entries:
        lines += ["", _entry_table(figures.entries)]
    return "\n".join(lines)


def _entry_table(entries: Iterable[EntryFigures]) -> str:
    header = ("entry", "claims", "cited", "primary", "openable", "verified", "sources", "archived")
    rows = [
        (
            e.path,
            str(e.sourcing.claims),
            _percent(e.sourcing.cited, e.sourcing.claims),
            _percent(e.sourcing.primary, e.sourcing.claims),
            _percent(e.sourcing.openable, e.sourcing.claims),
            _percent(e.sourcing.verified, e.sourcing.claims),
            str(e.sources),
            str(e.archived),
        )
        for e in entries
    ]
    width = max(len(row[0]) for row in [header, *rows])
    return "\n".join(
        f"{row[0]:<{width}}  " + "  ".join(f"{cell:>8}" for cell in row[1:])
        for row in [header, *rows]
    )


def _ladder_json(sourcing: Sourcing) -> dict[str, Any]:
    return {
        "claims": sourcing.claims,
        "cited": sourcing.cited,
        "cited_share": _share(sourcing.cited, sourcing.claims),
        "primary": sourcing.primary,
        "primary_share": _share(sourcing.primary, sourcing.claims),
        "openable": sourcing.openable,
        "openable_share": _share(sourcing.openable, sourcing.claims),
        "verified": sourcing.verified,
        "verified_share": _share(sourcing.verified, sourcing.claims),
        "not_independent": sourcing.not_independent,
    }


def _entry_json(e: EntryFigures) -> dict[str, Any]:
    return {
        "path": e.path,
        **_ladder_json(e.sourcing),
        "sources": e.sources,
        "archived": e.archived,
        "archived_share": _share(e.archived, e.sources),
        "snapshots": e.snapshots,
        "passages": dict(e.passages),
    }


def format_json(figures: DigestFigures, per_entry: bool) -> str:
    """Return the figures as a JSON object; shares are fractions, or null when nothing counts.

    The ladder's rungs are counted on their own: ``primary`` is claims citing a
    primary source directly, ``openable`` claims citing a source a reader can
    open, ``verified`` claims with a passage verified in a snapshot.
    """
    total = figures.sourcing
    data: dict[str, Any] = {
        "entries": len(figures.entries),
        **_ladder_json(total),
        "sources": figures.sources,
        "archived": figures.archived,
        "archived_share": _share(figures.archived, figures.sources),
        "snapshots": figures.snapshots,
        "passages": figures.passages,
        "drafts_not_counted": figures.drafts,
        "unreadable": list(figures.unreadable),
    }
    if per_entry:
        data["per_entry"] = [_entry_json(e) for e in figures.entries]
    return json.dumps(data, indent=2, ensure_ascii=False)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the paths and the --per-entry, --format and --config options."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="entry files or folders (default: every entry of the site)",
    )
    parser.add_argument("--per-entry", action="store_true", help="add one row per entry")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the MkDocs configuration naming docs_dir (default: mkdocs.yml, if there is one "
        "when PATHs are given)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the figures; a file that cannot be read is named, not counted."""
    given = args.config is not None
    config = args.config if given else Path("mkdocs.yml")
    # A path named wrongly raises PathError, a usage error (exit status 2).
    digest = load_digest(args.paths, config_file=config, config_required=given)
    figures = digest_figures(digest)
    if args.format == "json":
        print(format_json(figures, args.per_entry))
    else:
        print(format_text(figures, args.per_entry))
    for path in figures.unreadable:
        print(
            f"{path}: not counted: it cannot be read as an entry (run 'sourcetrace check {path}')",
            file=sys.stderr,
        )
    return 0
