"""``sourcetrace links``: the built site's own links, or the sources' addresses on the web."""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import sys
from collections.abc import Callable
from pathlib import Path

from build_tools.cli import EXIT_FINDINGS, EXIT_OK
from build_tools.content import display_path, load_digest
from build_tools.errors import FatalError, UsageError
from build_tools.links.addresses import literal_address
from build_tools.links.assess import ExternalReport, assess
from build_tools.links.external import Settings, check_all
from build_tools.links.report import (
    FORMATS,
    Progress,
    append_summary,
    external_github,
    external_markdown,
    external_text,
    github_annotation,
    site_diagnostics,
    site_markdown,
    site_summary,
)
from build_tools.links.site import check_site
from build_tools.links.sources import SourceLink, source_links
from build_tools.links.state import check_folder, load_state, record_run
from build_tools.model import Diagnostic

STATE_FILE = "links-state.json"
DEFAULTS = Settings()

HELP = "check internal links of a built site, or source URLs"
DESCRIPTION = f"""\
Check links, in one of two ways.

--site DIR checks every href and src of the built site that points inside it,
#fragments included, offline. Each broken link is printed as
'page:line:col: error ST040 message'; the exit status is 1 if any is broken.

--external fetches every source url and archive_url of the entries and
remembers the answers in {STATE_FILE} (next to mkdocs.yml). An address is dead
only after three failed checks at least three days apart; until then it is
failing. The exit status is 1 only for a dead address that readers cannot get
round: a url with no archive_url (or a dead one). Needs the network.

Only public addresses are fetched. An address that is loopback, private,
link-local or otherwise not on the public internet, whether written in the
entry, reached by a redirect or resolved from a name, is refused before any
connection and reported as refused, which never counts towards dead.
--allow-host lets one host through (a test server, an intranet mirror).

examples:
  sourcetrace links --site site/
  sourcetrace links --site site/ --format github
  sourcetrace links --external
  sourcetrace links --external content/entries/2016/ --per-host 2 --timeout 20
  sourcetrace links --external --format github --summary "$GITHUB_STEP_SUMMARY"
  sourcetrace links --external --allow-host 127.0.0.1
"""


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``links``."""
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--site", type=Path, metavar="DIR", help="check the links inside the site built in DIR"
    )
    mode.add_argument(
        "--external", action="store_true", help="check the sources' url and archive_url"
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="with --external: entry files or folders (default: the docs_dir of mkdocs.yml)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text lines, GitHub Actions annotations, or a Markdown summary (default: text)",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help='also append a Markdown summary to FILE, e.g. "$GITHUB_STEP_SUMMARY"',
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="with --site: the site's public address; absolute links to it are checked too",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="with --external: the MkDocs configuration naming docs_dir (default: mkdocs.yml, "
        "if there is one when PATHs are given)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help=f"with --external: the state file (default: {STATE_FILE} next to the configuration)",
    )
    web = parser.add_argument_group("with --external")
    web.add_argument(
        "--concurrency",
        metavar="N",
        type=_count(1),
        default=DEFAULTS.concurrency,
        help=f"requests in flight at once (default: {DEFAULTS.concurrency})",
    )
    web.add_argument(
        "--per-host",
        metavar="N",
        type=_count(1),
        default=DEFAULTS.per_host,
        help=f"requests in flight at once to one host (default: {DEFAULTS.per_host})",
    )
    web.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULTS.timeout,
        help=f"seconds allowed for one request (default: {DEFAULTS.timeout:g})",
    )
    web.add_argument(
        "--retries",
        metavar="N",
        type=_count(0),
        default=DEFAULTS.retries,
        help=f"retries after a timeout, reset, 5xx or 429 (default: {DEFAULTS.retries})",
    )
    web.add_argument(
        "--max-redirects",
        metavar="N",
        type=_count(0),
        default=DEFAULTS.max_redirects,
        help=f"redirects followed per address (default: {DEFAULTS.max_redirects})",
    )
    web.add_argument(
        "--allow-host",
        metavar="HOST",
        action="append",
        default=[],
        help="also fetch HOST although it is not a public address, as URLs write it "
        "(e.g. 127.0.0.1 or localhost); repeatable",
    )
    web.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar (default: on a terminal, and not when CI is set)",
    )


def _allowed_host(value: str) -> str:
    """Check one ``--allow-host``: a host alone, as a URL writes it (no scheme, port or path).

    Raises:
        UsageError: for anything else, since it could never match and would allow nothing.

    """
    bracketed = value.startswith("[") and value.endswith("]")
    bare = value[1:-1] if bracketed else value
    is_ipv6 = ":" in bare and isinstance(literal_address(bare), ipaddress.IPv6Address)
    needs_ipv6 = bracketed or ":" in bare
    if not bare or any(c in bare for c in "/@[] \t") or (needs_ipv6 and not is_ipv6):
        raise UsageError(
            f"--allow-host {value!r}: expected a host alone, as URLs write it "
            "(e.g. 127.0.0.1, localhost or [::1]), without a scheme, port or path"
        )
    return value


def _write_summary(path: Path | None, markdown: str) -> None:
    if path is None:
        return
    try:
        append_summary(path, markdown)
    except OSError as error:
        raise FatalError(f"{path}: cannot write the summary: {error.strerror}") from error


def _run_site(args: argparse.Namespace) -> int:
    if args.paths:
        raise UsageError("entry paths go with --external; --site checks the whole built site")
    if args.config is not None:
        raise UsageError("--config goes with --external; --site reads only the built site")
    if args.allow_host:
        raise UsageError("--allow-host goes with --external; --site reads only the built site")
    report = check_site(args.site, site_url=args.site_url)
    shown = display_path(args.site)
    diagnostics = site_diagnostics(report, shown)
    if args.format == "markdown":
        print(site_markdown(report, shown), end="")
    else:
        render: Callable[[Diagnostic], str] = (
            github_annotation if args.format == "github" else Diagnostic.format
        )
        for diagnostic in diagnostics:
            print(render(diagnostic))
        print(site_summary(report))
    _write_summary(args.summary, site_markdown(report, shown))
    return EXIT_FINDINGS if report.broken else EXIT_OK


def _show_progress(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    return sys.stderr.isatty() and not os.environ.get("CI")


def run_external(
    links: list[SourceLink],
    state_file: Path,
    settings: Settings,
    now: dt.datetime,
    *,
    prune: bool,
    progress: Progress | None = None,
) -> ExternalReport:
    """Check ``links``, record the answers in ``state_file`` and assess the result.

    Args:
        links: the addresses in use.
        state_file: the state file to read and replace.
        settings: limits, timeouts and retries.
        now: the time of this run.
        prune: whether to forget addresses no longer in ``links`` (on a full run).
        progress: advanced once per address checked.

    Raises:
        FatalError: when the state file cannot be read or written.

    """
    # Read now only to stop before any request if the file is damaged; the answers
    # are folded into the file as it is at the end, under its lock.
    load_state(state_file)
    check_folder(state_file)
    urls = [link.url for link in links]
    on_done = progress.advance if progress is not None else None
    try:
        outcomes = check_all(urls, settings, on_done)
    finally:
        if progress is not None:
            progress.close()
    state = record_run(state_file, outcomes.values(), now, keep=urls if prune else None)
    return assess(links, state)


def _run_external(args: argparse.Namespace) -> int:
    if args.site_url:
        raise UsageError("--site-url goes with --site")
    allowed = frozenset(_allowed_host(value) for value in args.allow_host)
    given = args.config is not None
    config = args.config if given else Path("mkdocs.yml")
    digest = load_digest(args.paths, config, config_required=given)
    links = source_links(digest)
    state_file = args.state or config.parent / STATE_FILE
    settings = Settings(
        concurrency=args.concurrency,
        per_host=args.per_host,
        timeout=args.timeout,
        retries=args.retries,
        max_redirects=args.max_redirects,
        allow_hosts=allowed,
    )
    distinct = len({link.url for link in links})
    progress = Progress(
        distinct, sys.stderr, enabled=_show_progress(args.progress), label="checking "
    )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    report = run_external(links, state_file, settings, now, prune=not args.paths, progress=progress)
    if args.format == "markdown":
        print(external_markdown(report), end="")
    elif args.format == "github":
        print(external_github(report), end="")
    else:
        print(external_text(report), end="")
    _write_summary(args.summary, external_markdown(report))
    return EXIT_FINDINGS if report.failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``links``: the site check with ``--site``, the source check with ``--external``."""
    if args.site is not None:
        return _run_site(args)
    return _run_external(args)
