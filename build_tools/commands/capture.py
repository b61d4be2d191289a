"""``sourcetrace capture``: keep a copy of a source as evidence, and say how to cite it."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import stat
import sys
import textwrap
from pathlib import Path
from typing import Any

from build_tools.content import SNAPSHOTS_DIR, display_path, docs_dir_of
from build_tools.errors import FatalError, UsageError
from build_tools.parse.values import read_date, read_source_id, read_url

HELP = "keep a copy of a source, print its sources: item"
DESCRIPTION = """\
Store a copy of a source in the snapshot store (content/snapshots/, named by
the SHA-256 of its bytes), read its text and metadata, and print a ready
'sources:' item with snapshot: sha256:..., accessed and what the page says
about itself. 'sourcetrace check' then verifies the source's quote and every
passage cited from it against the copy, offline.

Given a URL, the source is fetched (public addresses only, with a timeout, a
redirect limit and a size cap) and the exchange is kept as a WARC record beside
the snapshot. A copy an editor saved (HTML, PDF or plain text) is captured with
--file instead; say where it was published with --url. A paywall (401, 402,
403, 451) is never taken for the source: save the page from a browser and use
--file. --entry and --id add the item to an entry,
or update that source (snapshot and accessed are set; other fields only where
the entry has none), keeping the front-matter's comments, order and quoting.

examples:
  sourcetrace capture https://example.org/news/court-hears-case
  sourcetrace capture --file saved/ruling.pdf --url https://example.org/ruling.pdf
  sourcetrace capture --file repost.txt --label "verbatim third-party copy" \\
      --entry content/entries/2016/x.md --id repost
"""


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``capture``."""
    parser.add_argument("address", nargs="?", metavar="URL", help="fetch and capture this page")
    parser.add_argument(
        "--file", type=Path, default=None, metavar="PATH", help="a saved copy: HTML, PDF or text"
    )
    parser.add_argument("--url", default=None, help="where the --file source is published")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="fetch from HOST although it is not a public address (for test servers)",
    )
    parser.add_argument(
        "--archive",
        action="store_true",
        help="record an archived copy: the Wayback Machine's, or a new one from Save Page Now",
    )
    parser.add_argument(
        "--archive-api",
        default=None,
        metavar="BASE",
        help="the Wayback Machine's APIs under another address (a mirror, a test server)",
    )
    parser.add_argument(
        "--archive-polls",
        type=int,
        default=24,
        metavar="N",
        help="how many times to ask whether Save Page Now is done (default: %(default)s)",
    )
    parser.add_argument(
        "--archive-interval",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="seconds between those questions (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="seconds allowed for each request, body included (default: %(default)s)",
    )
    parser.add_argument(
        "--entry", type=Path, default=None, metavar="FILE", help="add or update the source here"
    )
    parser.add_argument("--id", default=None, help="the source's id in --entry")
    parser.add_argument(
        "--label",
        default=None,
        help='what kind of copy this is, kept with it (e.g. "verbatim third-party copy")',
    )
    parser.add_argument(
        "--encoding", default=None, help="the file's text encoding, e.g. windows-1254"
    )
    parser.add_argument(
        "--accessed", default=None, metavar="YYYY-MM-DD", help="when it was read (default: today)"
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="the snapshot store (default: snapshots/ in the docs_dir of mkdocs.yml)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration naming docs_dir (default: %(default)s)",
    )


def _store_folder(args: argparse.Namespace) -> Path:
    if args.store is not None:
        return Path(args.store)
    if not args.config.is_file():
        raise UsageError(
            f"no {args.config} here: run in the digest's folder, or name the store with --store"
        )
    return docs_dir_of(args.config) / SNAPSHOTS_DIR


def _checked(args: argparse.Namespace) -> dt.date:
    if (args.address is None) == (args.file is None):
        raise UsageError("give a URL to fetch, or --file PATH for a saved copy (not both)")
    if args.address is not None and args.url is not None:
        raise UsageError("--url is for --file; a fetched page is recorded at its own address")
    if args.address is not None and (problem := read_url(args.address)[1]) is not None:
        raise UsageError(f"URL {problem}")
    if args.archive and args.address is None and args.url is None:
        raise UsageError("--archive needs the source's address: give --url with --file")
    if (args.entry is None) != (args.id is None):
        raise UsageError("--entry and --id go together: name the entry and the source's id")
    if args.id is not None and read_source_id(args.id)[1] is not None:
        raise UsageError(f"--id {args.id!r} is not a source id (lowercase letters, digits, . _ -)")
    if args.url is not None and (problem := read_url(args.url)[1]) is not None:
        raise UsageError(f"--url {problem}")
    if args.accessed is None:
        return dt.date.today()
    day, problem = read_date(args.accessed)
    if problem is not None:
        raise UsageError(f"--accessed {problem}")
    assert isinstance(day, dt.date)
    return day


def source_yaml(source_id: str, fields: dict[str, Any]) -> str:
    """The ``sources:`` item as YAML, ready to paste, with the role left for the editor."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap()
    item["id"] = source_id
    # Placeholders in angle brackets, as 'sourcetrace new' writes them, where the copy
    # did not say (a plain-text file says nothing about itself).
    item["title"] = fields.get("title", "<title of the source>")
    item["publisher"] = fields.get("publisher", "<who published it>")
    item["role"] = "secondary"
    item.yaml_add_eol_comment("or primary: only you know which", "role")
    for key, value in fields.items():
        if key not in item:
            item[key] = value
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump([item], out)
    # Indented to paste straight under 'sources:'.
    return textwrap.indent(textwrap.dedent(out.getvalue()), "  ")


def _fetched(args: argparse.Namespace, store: Any) -> tuple[Any, str]:
    """Fetch ``args.address`` and capture the answer; return the capture and its final URL."""
    from build_tools.evidence.capture import capture_bytes
    from build_tools.evidence.fetch import FetchError, FetchSettings, fetch_now

    settings = FetchSettings(timeout=args.timeout, allow_hosts=frozenset(args.allow_host))
    if sys.stderr.isatty():
        print(f"fetching {args.address} ...", file=sys.stderr)
    try:
        fetched = fetch_now(args.address, settings)
    except FetchError as error:
        raise FatalError(str(error)) from error
    capture = capture_bytes(
        store,
        fetched.body,
        url=fetched.final_url,
        how="http",
        captured=fetched.fetched_at,
        declared=fetched.content_type,
        encoding=args.encoding,
        label=args.label,
        warc=fetched.warc,
        extra={
            "requested_url": fetched.requested,
            "status": fetched.status,
            "content_type": fetched.content_type,
            "redirects": list(fetched.redirects),
        },
    )
    return capture, fetched.final_url


def _with_archive(args: argparse.Namespace, url: str, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the ``archive_url`` of an existing or a new Wayback Machine copy."""
    from build_tools.evidence.archive import ArchiveError, ArchiveSettings, archive_now

    patience = {
        "max_polls": args.archive_polls,
        "poll_interval": args.archive_interval,
        "allow_hosts": frozenset(args.allow_host),
        "timeout": args.timeout,
    }
    settings = (
        ArchiveSettings.at(args.archive_api, **patience)
        if args.archive_api
        else ArchiveSettings(**patience)
    )
    on_terminal = sys.stderr.isatty()

    def progress(text: str) -> None:
        if on_terminal:
            print(text, file=sys.stderr)

    try:
        archived = archive_now(url, settings, progress)
    except ArchiveError as error:
        raise FatalError(
            f"{error} (the snapshot is stored; only the archived copy is missing)"
        ) from error
    how = "found" if archived.existing else "made"
    print(f"archived copy {how}: {archived.url}", file=sys.stderr)
    ordered = dict(fields)
    ordered["archive_url"] = archived.url
    order = ("title", "publisher", "type", "url", "archive_url")
    return {
        **{k: ordered[k] for k in order if k in ordered},
        **{k: v for k, v in ordered.items() if k not in order},
    }


def _read_saved(path: Path) -> bytes:
    """The bytes of a saved copy, looked at before it is read: at most what a fetch takes.

    A named pipe would block, and ``/dev/zero`` or a huge file would be read into memory
    whole; neither is a saved page.
    """
    from build_tools.evidence.fetch import FetchSettings

    limit = FetchSettings().max_bytes
    shown = display_path(path)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise FatalError(f"cannot read {shown}: not a regular file, as a saved page is")
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise FatalError(f"cannot read {shown}: {error.strerror or error}") from error
    if len(data) > limit:
        raise FatalError(f"cannot read {shown}: larger than {limit:,} bytes, the most kept")
    return data


def run(args: argparse.Namespace) -> int:
    """Capture the file, print the item, and update the entry if asked."""
    from build_tools.evidence.capture import capture_bytes
    from build_tools.evidence.entry_update import EntryUpdateError, check_editable, update_entry
    from build_tools.evidence.extract import ExtractionError
    from build_tools.evidence.store import SnapshotError, SnapshotStore

    accessed = _checked(args)
    store = SnapshotStore(_store_folder(args))
    if args.entry is not None:
        # Refuse an entry that cannot be edited before anything is stored.
        try:
            check_editable(args.entry)
        except EntryUpdateError as error:
            raise FatalError(str(error)) from error
        except OSError as error:
            raise FatalError(
                f"cannot read {display_path(args.entry)}: {error.strerror or error}"
            ) from error
    url = args.url
    try:
        if args.address is not None:
            capture, url = _fetched(args, store)
        else:
            data = _read_saved(args.file)
            capture = capture_bytes(
                store,
                data,
                url=args.url,
                how="file",
                captured=dt.datetime.now(dt.UTC),
                name=args.file.name,
                encoding=args.encoding,
                label=args.label,
            )
    except ExtractionError as error:
        shown = args.address or display_path(args.file)
        raise FatalError(f"{shown}: {error}") from error
    except SnapshotError as error:
        raise FatalError(str(error)) from error
    except OSError as error:
        raise FatalError(f"cannot write to {store.root}: {error.strerror or error}") from error
    snapshot = capture.snapshot
    state = "stored" if capture.created else "already stored (the same bytes)"
    print(
        f"{display_path(snapshot.folder)}: {state}, {capture.extracted.media_type}",
        file=sys.stderr,
    )
    for readings in capture.metadata.fields.values():
        chosen = readings.chosen
        if chosen is None:
            continue
        print(f"  {readings.name}: {chosen.value!r} (from {chosen.origin})", file=sys.stderr)
        for other in readings.disagreeing:
            print(
                f"  warning: {readings.name} disagrees: {other.origin} says {other.value!r}",
                file=sys.stderr,
            )
    fields = capture.source_fields(url, accessed)
    if args.archive and url is not None:
        fields = _with_archive(args, url, fields)
    if args.entry is None:
        print(source_yaml("new-source", fields), end="")
        return 0
    try:
        update = update_entry(args.entry, args.id, fields)
    except EntryUpdateError as error:
        raise FatalError(str(error)) from error
    except OSError as error:
        raise FatalError(
            f"cannot update {display_path(args.entry)}: {error.strerror or error}"
        ) from error
    if update.added:
        print(
            f"{display_path(args.entry)}: added source '{args.id}' (set its role: primary or "
            "secondary)",
            file=sys.stderr,
        )
    for key, old, new in update.changed:
        was = "" if old is None else f" (was {old})"
        print(f"{display_path(args.entry)}: {args.id}.{key}: {new}{was}", file=sys.stderr)
    if not update.added and not update.changed:
        print(f"{display_path(args.entry)}: source '{args.id}' already up to date", file=sys.stderr)
    return 0
