"""``sourcetrace new``: start an entry from the template, never overwriting one."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import string
import unicodedata
from pathlib import Path

from build_tools.content import ENTRIES_DIR, display_path, docs_dir_of
from build_tools.errors import FatalError, UsageError
from build_tools.fields import DATE_PATTERN, SOURCE_TYPES
from build_tools.filing import write_whole
from build_tools.rules.placeholders import template_text

HELP = "start a new entry from the template"
DESCRIPTION = """\
Write content/entries/YYYY/<slug>.md: front-matter with one source stub, each
field explained in a comment, and a first sentence to replace. Fill in every
<...> placeholder and the entry passes 'sourcetrace check'.

The slug is made from the title (lowercase ASCII letters, digits and hyphens;
accents are transliterated) unless --slug gives one. The date defaults to today.
An existing file is never overwritten.

example:
  sourcetrace new "Court hears appeal in Ankara" --date 2016-02-22
  creates content/entries/2016/court-hears-appeal-in-ankara.md
"""

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
MAX_SLUG_LENGTH = 60

_SLUG_RE = re.compile(SLUG_PATTERN + r"\Z")
_DATE_RE = re.compile(DATE_PATTERN + r"\Z")
# Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATION = str.maketrans(
    {
        "\u0131": "i",  # dotless i, as in Turkish
        "\u0130": "I",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "ħ": "h",
        "Ħ": "H",
    }
)
# An apostrophe joins a word ("court's" -> "courts") rather than splitting it.
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """Return the file name stem for ``title``: lowercase ASCII words joined by hyphens.

    Accented letters lose their accents (``Şükrü Çelik`` becomes ``sukru-celik``); anything
    that is not a letter or digit separates words. Long titles are cut at a
    word boundary. The result is empty when the title has no Latin letters or
    digits at all.

    Args:
        title: the entry's headline.

    """
    decomposed = unicodedata.normalize("NFKD", title.translate(_TRANSLITERATION))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    words = _NOT_SLUG.split(_APOSTROPHES.sub("", ascii_text).lower())
    slug = "-".join(word for word in words if word)
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[: MAX_SLUG_LENGTH + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG_LENGTH]
    return slug


def _date(value: str) -> dt.date:
    if _DATE_RE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        f"not a real date written YYYY-MM-DD (e.g. 2016-02-22): {value!r}"
    )


def _slug(value: str) -> str:
    if _SLUG_RE.match(value) and len(value) <= MAX_SLUG_LENGTH:
        return value
    raise argparse.ArgumentTypeError(
        f"a slug is lowercase ASCII letters and digits joined by single hyphens, "
        f"at most {MAX_SLUG_LENGTH} characters (e.g. court-hears-appeal): {value!r}"
    )


def _title(value: str) -> str:
    title = value.strip()
    if not title:
        raise UsageError(
            "the title is empty: give the entry's headline, "
            'e.g. sourcetrace new "Court hears appeal"'
        )
    # Control characters and line separators have no place in a one-line headline.
    bad = [c for c in title if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")]
    if bad:
        raise UsageError(
            f"the title contains a control character ({bad[0]!a}): write the headline on one line"
        )
    return title


def render_entry(title: str, date: dt.date, shown_path: str) -> str:
    """Return the text of a new entry from the packaged template.

    Args:
        title: the headline, written into the front-matter as a quoted YAML string.
        date: the publication date.
        shown_path: the entry's path as the template's comment should name it.

    """
    # A JSON string is also a valid double-quoted YAML scalar, whatever the title holds.
    # The checker reads its placeholders from the same template (ST014).
    return string.Template(template_text()).substitute(
        title=json.dumps(title, ensure_ascii=False),
        date=date.isoformat(),
        path=shown_path,
        source_types=", ".join(SOURCE_TYPES),
    )


def create_exclusively(path: Path, text: str) -> None:
    """Write ``text`` to a new file at ``path``, completely or not at all.

    The text goes to a temporary file beside ``path``, which is then hard-linked
    into place: linking fails if ``path`` exists, so nothing is overwritten, and
    a reader never sees a half-written entry.

    Raises:
        FatalError: if ``path`` exists or cannot be written.

    """
    shown = display_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, text, replace=False)
    except FileExistsError as error:
        raise FatalError(
            f"{shown} already exists: edit it, or choose another name with --slug"
        ) from error
    except OSError as error:
        raise FatalError(f"cannot create {shown}: {error.strerror}") from error


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the title and the --date, --slug and --config options."""
    parser.add_argument("title", help="the entry's headline, in quotes")
    parser.add_argument("--date", type=_date, help="publication date, YYYY-MM-DD (default: today)")
    parser.add_argument("--slug", type=_slug, help="file name without .md (default: from title)")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration naming docs_dir (default: %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    """Create the entry file and say where it is."""
    title = _title(args.title)
    date: dt.date = args.date or dt.date.today()
    slug: str = args.slug or slugify(title)
    if not slug:
        raise UsageError(
            f"cannot make a file name from the title {title!r} (no Latin letters or "
            "digits): give one with --slug, e.g. --slug court-hears-appeal"
        )
    config_file: Path = args.config
    if not config_file.is_file():
        raise FatalError(
            f"no {config_file} here: run 'sourcetrace new' in the digest's folder, "
            "or name its configuration with --config"
        )
    docs_dir = docs_dir_of(config_file)
    path = docs_dir / ENTRIES_DIR / f"{date.year:04d}" / f"{slug}.md"
    try:
        project_path = path.relative_to(config_file.resolve().parent).as_posix()
    except ValueError:
        project_path = path.as_posix()
    create_exclusively(path, render_entry(title, date, project_path))
    shown = display_path(path)
    print(f"created {shown}")
    print(f"next: replace every <...> in it, then run 'sourcetrace check {shown}'")
    return 0
