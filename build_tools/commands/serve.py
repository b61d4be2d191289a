"""``sourcetrace serve``: the editor's live preview, whole or focused on a few entries."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from build_tools.cli import EXIT_OK
from build_tools.content import ENTRIES_DIR
from build_tools.errors import FatalError, UsageError
from build_tools.parse.text import printable
from build_tools.preview.focus import FOCUS_VARIABLE, focus_value, focused_view
from build_tools.site_config import ConfigError, site_setup

HELP = "preview the site live, or only the entries named"
DESCRIPTION = """\
Serve the site at http://HOST:PORT/ and rebuild it on every save, as `mkdocs serve`
does, for writing entries.

With ENTRY files named, only those entries are built (with the ordinary pages and the
listings, tag and Sources pages they appear in), so a save shows in the browser within
a second however large the digest; search then finds only what is built, and every
page says so. Without ENTRY, the whole site.

Findings never stop the preview: an entry with errors is shown with its findings in a
banner at the top of its page, and each is printed here; warnings never stop it either.
The published build (`make site`) still fails on them.

examples:
  sourcetrace serve                                      # the whole site
  sourcetrace serve content/entries/2016/harbour-closes.md
  sourcetrace serve content/entries/2016/*.md --dev-addr 127.0.0.1:8001
"""

DEFAULT_ADDRESS = "127.0.0.1:8000"
# How often a focused preview looks for a saved file. MkDocs looks every 0.5 s, which is
# half of the second an edit has to reach the page; a focused view holds a few files
# (and the theme's), so looking five times as often costs little. The whole site's
# preview keeps MkDocs' interval: it has every entry to look at.
FOCUSED_POLLING = 0.1
_SERVER_CLASS = "LiveReloadServer"  # the name mkdocs.commands.serve makes its server with


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``serve``."""
    parser.add_argument(
        "entries",
        nargs="*",
        type=Path,
        metavar="ENTRY",
        help="entry files to build alone (default: every entry)",
    )
    parser.add_argument(
        "--dev-addr",
        default=DEFAULT_ADDRESS,
        metavar="HOST:PORT",
        help=f"address to serve on (default: {DEFAULT_ADDRESS})",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="FILE",
        help="the MkDocs configuration (default: mkdocs.yml)",
    )


def dev_address(value: str) -> tuple[str, int]:
    """``HOST:PORT`` as MkDocs accepts it (an IP address or localhost, a port number).

    Raises:
        UsageError: it is not one.

    """
    host, colon, port = value.rpartition(":")
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        if bare != "localhost":
            ipaddress.ip_address(bare)
        number = int(port)
    except ValueError:
        number = -1
    if not colon or not 0 <= number <= 65535:
        raise UsageError(f"--dev-addr must be HOST:PORT, such as {DEFAULT_ADDRESS}, not {value!r}")
    return bare, number


def _folders(config_file: Path) -> tuple[Path, str]:
    """mkdocs.yml's ``docs_dir``, and the entries folder within it."""
    try:
        setup = site_setup(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"cannot read {printable(str(config_file))}: {error}") from error
    except ConfigError as error:  # a setting of a shape MkDocs refuses as well
        raise UsageError(f"{printable(str(config_file))}: {error}") from error
    return (config_file.parent / setup.docs_dir).resolve(), ENTRIES_DIR


def focus(entries: Sequence[Path], config_file: Path) -> list[str]:
    """The entries named, as paths relative to the docs folder (as MkDocs names files).

    Raises:
        UsageError: an entry does not exist, or is not a Markdown file in the entries folder.

    """
    if not entries:
        return []
    docs_dir, entries_dir = _folders(config_file)
    folder = docs_dir / entries_dir
    names = []
    for entry in entries:
        shown = printable(str(entry))
        if not entry.is_file():
            raise UsageError(f"{shown}: no such entry file")
        path = entry.resolve()
        if not path.is_relative_to(folder) or path.suffix != ".md":
            raise UsageError(f"{shown}: not an entry (a .md file under {printable(str(folder))})")
        names.append(path.relative_to(docs_dir).as_posix())
    return names


@contextlib.contextmanager
def _polling_every(seconds: float) -> Iterator[None]:
    """Have MkDocs' live server look for changed files every ``seconds`` while serving.

    MkDocs' ``serve`` takes no interval; its server class does. Where MkDocs' layout is
    not the one this knows, the preview keeps MkDocs' own interval.
    """
    from mkdocs.commands import serve as mkdocs_serve

    server_class = getattr(mkdocs_serve, _SERVER_CLASS, None)
    if not isinstance(server_class, type):
        yield
        return

    class Server(server_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("polling_interval", seconds)
            super().__init__(*args, **kwargs)

    setattr(mkdocs_serve, _SERVER_CLASS, Server)
    try:
        yield
    finally:
        setattr(mkdocs_serve, _SERVER_CLASS, server_class)


def _show_the_log() -> None:
    """Print MkDocs' log (the build, the server, every finding) as `mkdocs serve` does."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "name", None) == "SourcetraceServe" for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(ColorFormatter())
        handler.name = "SourcetraceServe"
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; a usage error or a failed first build ends it at once."""
    config_file: Path = args.config_file
    if not config_file.is_file():
        raise UsageError(f"{printable(str(config_file))}: no such configuration file")
    host, port = dev_address(args.dev_addr)
    names = focus(args.entries, config_file)
    if names:
        os.environ[FOCUS_VARIABLE] = focus_value(names)
    else:
        os.environ.pop(FOCUS_VARIABLE, None)
    # MkDocs' own server: it rebuilds on every change and reloads the page it serves.
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    _show_the_log()
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    with tempfile.TemporaryDirectory(prefix="sourcetrace-focus-") as view:
        docs_view = None  # MkDocs leaves an option given as None as mkdocs.yml has it
        if names:
            docs_dir, entries_dir = _folders(config_file)
            docs_view = str(focused_view(docs_dir, entries_dir, names, Path(view)))
        try:
            # Not strict, whatever mkdocs.yml or SOURCETRACE_STRICT say: warnings never
            # stop the preview.
            with _polling_every(FOCUSED_POLLING) if names else contextlib.nullcontext():
                serve(
                    config_file=str(config_file), dev_addr=address, strict=False, docs_dir=docs_view
                )
        except MkDocsException as error:
            raise FatalError(f"the preview could not start: {error}") from error
        except OSError as error:
            raise FatalError(f"cannot serve on {address}: {error.strerror or error}") from error
    return EXIT_OK
