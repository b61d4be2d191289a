"""``sourcetrace check``: the CI gate for entries."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from build_tools.check_cache import CACHE_DIR, CheckCache
from build_tools.cli import EXIT_FINDINGS, EXIT_OK, counted
from build_tools.content import load_digest
from build_tools.evidence.require import LEVELS
from build_tools.model import Diagnostic, Severity
from build_tools.parse.text import printable

HELP = "check entries for uncited claims and bad sources"
DESCRIPTION = """\
Check entries: every claim cited, every citation known, every source well-formed.

Prints one line per finding, 'path:line:col: severity RULE message', and exits
0 when clean, 1 when a finding fails (errors; warnings too with --strict).
Relative links are judged against the whole site, as `mkdocs build` judges them.
Results are kept in .sourcetrace-cache/ beside mkdocs.yml, by content hash: an
unchanged entry is not checked again (--no-cache checks every entry afresh).

examples:
  sourcetrace check                         # every entry under mkdocs.yml's docs_dir
  sourcetrace check content/entries/2016/x.md
  sourcetrace check --format github --strict
  sourcetrace check --require cited --require quotes
  sourcetrace check --no-cache
"""


def _named_path(text: str) -> Path:
    """A PATH argument as a path; an empty one is refused rather than read as '.'.

    ``Path("")`` is the current folder, so ``check "$FILE"`` with the variable unset
    would check every entry under it and pass for a check of the one file.
    """
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty path names no file: give an entry file or a folder, or no PATH "
            "to check every entry"
        )
    return Path(text)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``check``."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=_named_path,
        metavar="PATH",
        help="entry files or folders (default: the docs_dir of ./mkdocs.yml)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text lines, a JSON list, or GitHub Actions annotations (default: text)",
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument(
        "--require",
        action="append",
        default=[],
        choices=LEVELS,
        metavar="LEVEL",
        help="fail unless every claim reaches LEVEL (cited, primary, openable, verified), "
        "or, with 'quotes', every quote and passage citation is verified; repeatable",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help=f"check every entry afresh, neither reading nor writing {CACHE_DIR}/",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the MkDocs configuration naming docs_dir (default: mkdocs.yml, if there is one "
        "when PATHs are given)",
    )


def _github(diagnostic: Diagnostic) -> str:
    """One workflow command: ``::error file=...,line=...::message``.

    GitHub reads %, CR and LF as escapes in the whole command, and : and , as
    separators in its properties; other controls are written as escapes first,
    so a file name can neither end the annotation nor start another.
    """
    level = "error" if diagnostic.severity is Severity.ERROR else "warning"

    def escape(text: str, properties: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        text = printable(text)
        return text.replace(":", "%3A").replace(",", "%2C") if properties else text

    return (
        f"::{level} file={escape(diagnostic.path, True)},line={diagnostic.position.line},"
        f"col={diagnostic.position.column},title={diagnostic.rule}::"
        f"{escape(diagnostic.rule + ' ' + diagnostic.message)}"
    )


# A lone surrogate (from a file name that is not UTF-8) cannot be written as
# UTF-8; as a JSON escape it reads back as the same string.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_escape(text: str) -> str:
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def render(diagnostics: list[Diagnostic], output_format: str) -> str:
    """Return the findings in ``output_format`` (text, json or github)."""
    if output_format == "json":
        return _json_escape(
            json.dumps(
                [
                    {
                        "path": d.path,
                        "line": d.position.line,
                        "column": d.position.column,
                        "rule": d.rule,
                        "severity": d.severity.value,
                        "message": d.message,
                    }
                    for d in diagnostics
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    if output_format == "github":
        return "\n".join(_github(d) for d in diagnostics)
    return "\n".join(printable(d.format()) for d in diagnostics)


def run(args: argparse.Namespace) -> int:
    """Check the entries and print the findings."""
    given = args.config is not None
    config = args.config if given else Path("mkdocs.yml")
    # The cache lives in the project (the folder of mkdocs.yml), only when there is one.
    cache = None
    if not args.no_cache and config.is_file():
        cache = CheckCache(config.parent / CACHE_DIR)
    # A path named wrongly raises PathError, a usage error (exit status 2).
    digest = load_digest(
        args.paths,
        config_file=config,
        config_required=given,
        require=args.require,
        cache=cache,
    )
    diagnostics = list(digest.findings)
    diagnostics.extend(d for checked in digest.files for d in checked.diagnostics)
    diagnostics.extend(digest.required)
    output = render(diagnostics, args.format)
    if output and (args.format == "json" or diagnostics):
        print(output)
    elif args.format == "json":
        print("[]")
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    failing = errors + (warnings if args.strict else 0)
    if args.format == "text":
        summary = (
            f"{counted(len(digest.files), 'entry', 'entries')} checked: "
            f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
        )
        print(summary, file=sys.stderr)
    return EXIT_FINDINGS if failing else EXIT_OK
