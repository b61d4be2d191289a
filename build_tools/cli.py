"""The ``sourcetrace`` command line: ``main(argv) -> int`` and one module per command.

Only the module of the command being run is imported, so checking a single
entry does not pay for the link checker's or the site builder's imports.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn, Protocol

from build_tools.errors import FatalError, UsageError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with its noun in the right number: 1 entry, 2 entries, 0 errors."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


class Command(Protocol):
    """What a module under ``build_tools.commands`` provides."""

    HELP: str
    DESCRIPTION: str

    def configure(self, parser: argparse.ArgumentParser) -> None:
        """Add this command's arguments to ``parser``."""

    def run(self, args: argparse.Namespace) -> int:
        """Run the command and return its exit status."""


# name -> (module, one-line help). The help is repeated here so that
# ``sourcetrace --help`` lists every command without importing any of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("build_tools.commands.check", "check entries for uncited claims and bad sources"),
    "explain": ("build_tools.commands.explain", "explain a rule, with a bad and a fixed example"),
    "new": ("build_tools.commands.new", "start a new entry from the template"),
    "stats": ("build_tools.commands.stats", "print the digest's sourcing figures"),
    "schema": ("build_tools.commands.schema", "print the JSON Schema of the front-matter"),
    "links": ("build_tools.commands.links", "check internal links of a built site, or source URLs"),
    "capture": ("build_tools.commands.capture", "keep a copy of a source, print its sources: item"),
    "serve": ("build_tools.commands.serve", "preview the site live, or only the entries named"),
}


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so tests can call ``main``."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def load_command(name: str) -> Command:
    """Import and return the module implementing command ``name``."""
    module: Command = importlib.import_module(COMMANDS[name][0])
    return module


def _parser(selected: str | None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sourcetrace",
        description="Check and publish a source-traced news digest.",
        epilog="Run 'sourcetrace COMMAND --help' for a command's options and an example.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (_module, help_text) in COMMANDS.items():
        if name == selected:
            command = load_command(name)
            sub = subparsers.add_parser(
                name,
                help=help_text,
                description=command.DESCRIPTION,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            command.configure(sub)
        else:
            subparsers.add_parser(name, help=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` and return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    selected = next((arg for arg in argv if not arg.startswith("-")), None)
    if selected is not None and selected not in COMMANDS:
        selected = None
    try:
        parser = _parser(selected)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # --help and --version print and exit 0
            return int(exit_.code or 0)
        if args.command is None:
            parser.print_help()
            return EXIT_USAGE
        return load_command(args.command).run(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except FatalError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FINDINGS
    except BrokenPipeError:
        # The reader went away (``sourcetrace check | head``): not an error of ours.
        sys.stderr.close()
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print(
            "sourcetrace: unexpected internal error (a bug in sourcetrace, not in your "
            "entries); please report it with the traceback above",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
