"""``sourcetrace schema``: print, write or verify the JSON Schema of the front-matter."""

from __future__ import annotations

import argparse
from pathlib import Path

from build_tools.content import display_path
from build_tools.errors import FatalError
from build_tools.filing import write_whole
from build_tools.schema import schema_text

HELP = "print the JSON Schema of the front-matter"
DESCRIPTION = """\
Print the JSON Schema (draft-07) that editors' YAML language servers use for
completion and inline errors in an entry's front-matter. It is generated from
the same field tables the checker validates with. The site publishes it as
/entry.schema.json, from content/entry.schema.json.

examples:
  sourcetrace schema --output content/entry.schema.json
  sourcetrace schema --check content/entry.schema.json
"""


def write_replacing(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step, so a reader never sees half a file.

    Raises:
        FatalError: if the file cannot be written.

    """
    try:
        write_whole(path, text)
    except OSError as error:
        raise FatalError(f"cannot write {display_path(path)}: {error.strerror}") from error


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the --output and --check options."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the schema here")
    where.add_argument(
        "--check",
        type=Path,
        metavar="FILE",
        help="exit 1 if FILE is not exactly the schema the field tables give",
    )


def run(args: argparse.Namespace) -> int:
    """Print, write or compare the schema."""
    text = schema_text()
    if args.check is not None:
        shown = display_path(args.check)
        fix = f"run 'sourcetrace schema --output {shown}'"
        try:
            current = args.check.read_text(encoding="utf-8")
        except FileNotFoundError as error:
            raise FatalError(f"{shown} does not exist: {fix}") from error
        except (OSError, UnicodeDecodeError) as error:
            raise FatalError(f"cannot read {shown}: {error}") from error
        if current != text:
            raise FatalError(f"{shown} is out of date with the field tables: {fix}")
        print(f"{shown} is up to date")
    elif args.output is not None:
        write_replacing(args.output, text)
        print(f"wrote {display_path(args.output)}")
    else:
        print(text, end="")
    return 0
