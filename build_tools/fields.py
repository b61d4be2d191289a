"""The front-matter format, written down once.

The validator (``rules.frontmatter``) and the JSON Schema for editors are both
generated from these tables, so they cannot drift apart.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The shape a front-matter value must have."""

    TEXT = "text"  # a non-empty string
    DATE = "date"  # a real calendar date written YYYY-MM-DD
    BOOL = "bool"
    TEXT_LIST = "text-list"  # a list of non-empty strings
    ID_LIST = "id-list"  # a list of source ids
    CHOICE = "choice"  # one of ``choices``
    SOURCE_ID = "source-id"
    URL = "url"  # an absolute http(s) URL
    LANGUAGE = "language"  # a BCP 47 tag
    SNAPSHOT = "snapshot"  # sha256:<64 hex digits>, a snapshot in the store
    CORRECTIONS = "corrections"  # a list of {date, text}
    SOURCES = "sources"  # a non-empty list of sources


@dataclass(frozen=True, slots=True)
class Field:
    """One front-matter key: its name, shape, whether it is required, and what it means."""

    name: str
    kind: Kind
    required: bool
    description: str
    choices: tuple[str, ...] = ()


SOURCE_ID_PATTERN = r"[a-z0-9][a-z0-9._-]*"
SOURCE_ID_RE = re.compile(SOURCE_ID_PATTERN + r"\Z")
DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
# BCP 47 in the shape editors actually write (en, tr, pt-BR, zh-Hant-TW, es-419).
SNAPSHOT_PATTERN = r"sha256:[0-9a-f]{64}"
LANGUAGE_PATTERN = r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?(-[A-Za-z0-9]{5,8})*"

ROLES = ("primary", "secondary")
SOURCE_TYPES = (
    "article",
    "court-record",
    "transcript",
    "statement",
    "dataset",
    "report",
    "social-post",
    "video",
    "other",
)

ENTRY_FIELDS: tuple[Field, ...] = (
    Field("title", Kind.TEXT, True, "Headline of the entry, plain text."),
    Field("date", Kind.DATE, True, "Publication date, YYYY-MM-DD."),
    Field("summary", Kind.TEXT, True, "One or two sentences saying what happened."),
    Field("sources", Kind.SOURCES, True, "Every source the entry relies on."),
    Field("updated", Kind.DATE, False, "Date of the last substantive update, YYYY-MM-DD."),
    Field("authors", Kind.TEXT_LIST, False, "Author ids defined in content/.authors.yml."),
    Field("tags", Kind.TEXT_LIST, False, "Topic tags."),
    Field("draft", Kind.BOOL, False, "Drafts are checked but not published."),
    Field("corrections", Kind.CORRECTIONS, False, "Published corrections, each {date, text}."),
    Field(
        "language",
        Kind.LANGUAGE,
        False,
        "Language the entry is written in, a BCP 47 tag; default: the site's theme.language.",
    ),
)

SOURCE_FIELDS: tuple[Field, ...] = (
    Field("id", Kind.SOURCE_ID, True, "Short lowercase name cited as [@id]; unique in the entry."),
    Field("title", Kind.TEXT, True, "Title of the article, record or document."),
    Field("publisher", Kind.TEXT, True, "Who published it: newspaper, agency, court, ministry."),
    Field(
        "role",
        Kind.CHOICE,
        True,
        "primary: the thing itself; secondary: a report about it.",
        ROLES,
    ),
    Field("type", Kind.CHOICE, False, "What kind of source it is.", SOURCE_TYPES),
    Field("url", Kind.URL, False, "Absolute http(s) address of the source."),
    Field("archive_url", Kind.URL, False, "Address of an archived copy, against link rot."),
    Field("published", Kind.DATE, False, "When the source was published, YYYY-MM-DD."),
    Field("accessed", Kind.DATE, False, "When the editor last read it, YYYY-MM-DD."),
    Field("language", Kind.LANGUAGE, False, "Language of the source, a BCP 47 tag: en, tr."),
    Field("quote", Kind.TEXT, False, "The passage the entry relies on, verbatim."),
    Field("via", Kind.ID_LIST, False, "Ids of listed sources this one relies on (its chain)."),
    Field("offline", Kind.TEXT, False, "Why readers cannot follow this source (a known gap)."),
    Field(
        "snapshot",
        Kind.SNAPSHOT,
        False,
        "The captured copy in content/snapshots/, sha256:<hex> as 'sourcetrace capture' "
        "prints it; quotes are verified against it.",
    ),
)

CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("date", Kind.DATE, True, "When the correction was made, YYYY-MM-DD."),
    Field("text", Kind.TEXT, True, "What was wrong and what is right now."),
)


def field_names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """Return the names of ``fields`` in their documented order."""
    return tuple(f.name for f in fields)


# How close an unknown key must be to a known field to be taken for its misspelling:
# difflib's ratio, loose enough for "publsher" and "archiv_url".
NEAR_FIELD = 0.5


def nearest_field(key: str, known: Iterable[str]) -> str | None:
    """The known field name ``key`` is most likely a misspelling of, or None.

    ST005 names it ("did you mean 'publisher'?"), and the rules that would report
    that field as missing take the misspelling for the cause and stay quiet.
    """
    names = list(known)
    # A key in capitals is the field in the wrong case: "ID" has no letter in common
    # with "id" for difflib, though "Role" and "Title" are near enough for it.
    same = next((name for name in names if name.casefold() == key.casefold()), None)
    if same is not None:
        return same
    nearest = difflib.get_close_matches(key, names, n=1, cutoff=NEAR_FIELD)
    return nearest[0] if nearest else None


SOURCE_FIELD_NAMES = field_names(SOURCE_FIELDS)


def misspelt_fields(written: Iterable[str], fields: tuple[Field, ...]) -> dict[str, str]:
    """Each written key that is not a field but looks like one: key -> the field's name."""
    names = field_names(fields)
    found: dict[str, str] = {}
    for key in written:
        if key not in names and (nearest := nearest_field(key, names)) is not None:
            found[key] = nearest
    return found


# Front-matter keys MkDocs or Material read from a page and act on: in an entry they
# would change its layout or its place in search (a "template" that does not exist,
# or a "search" that is not a mapping, stops the build). The digest lays out its
# entries itself, so an entry may not set them.
THEME_KEYS: dict[str, str] = {
    "template": "the page's layout",
    "search": "how search indexes the page",
    "hide": "which parts of the page are shown",
    "status": "the page's status badge",
    "icon": "the page's icon",
    "subtitle": "the page's subtitle",
    "description": "the page's description for search engines (the summary is that)",
}
