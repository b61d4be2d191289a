"""The JSON Schema accepts exactly the front-matter the checker's field rules accept.

"Accepts" means: the checker reports nothing under ST001 to ST005 or about the
text of values, ST060 to ST064 (warnings included, since the site is built with
--strict), and the schema, run by the ``jsonschema`` library with formats
checked, reports nothing either. The text rules are all checker-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_harness import REPOSITORY
from jsonschema import Draft7Validator

from build_tools.check import check_entry
from build_tools.schema import entry_schema

# The rules about the text of values: what characters it holds, how long a tag or
# title is, whether tags repeat. The schema is generated from the field tables,
# which describe shapes only, so these are checker-only; three of them are
# warnings, which a schema cannot give.
TEXT_RULES = {"ST060", "ST061", "ST062", "ST063", "ST064", "ST065"}
FRONT_MATTER_RULES = {"ST001", "ST002", "ST003", "ST004", "ST005", "ST014", *TEXT_RULES}
VALIDATOR = Draft7Validator(entry_schema(), format_checker=Draft7Validator.FORMAT_CHECKER)


class _EditorLoader(yaml.SafeLoader):
    """Reads dates as text, as a YAML 1.2 language server (and the checker) does."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str) -> str | None:
    """The YAML between the opening and closing '---' lines, if there is front-matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "".join(lines[1:index])
    return None


def schema_accepts(front_matter: str | None) -> bool:
    if front_matter is None:
        return False
    try:
        data: Any = yaml.load(front_matter, Loader=_EditorLoader)
    except yaml.YAMLError:
        return False
    return not list(VALIDATOR.iter_errors(data))


def schema_errors(front_matter: str) -> list[str]:
    data = yaml.load(front_matter, Loader=_EditorLoader)
    return [error.message for error in VALIDATOR.iter_errors(data)]


def checker_findings(text: str, authors: frozenset[str]) -> list[str]:
    checked = check_entry("entry.md", text.encode("utf-8"), authors=authors)
    return [d.format() for d in checked.diagnostics if d.rule in FRONT_MATTER_RULES]


BASE = """\
title: Court hears appeal
date: 2016-02-22
summary: An appeal was heard.
sources:
  - id: court
    title: Hearing record
    publisher: Ankara court
    role: primary
"""
SECOND_SOURCE = """\
  - id: agency
    title: Agency report
    publisher: News agency
    role: secondary
"""


def entry_with(lines: str) -> str:
    return BASE + lines


def source_with(lines: str) -> str:
    return BASE + "".join(f"    {line}\n" for line in lines.splitlines())


def replacing(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


ACCEPTED = {
    "minimal": BASE,
    "every entry field": entry_with(
        "updated: 2016-03-01\nauthors: [desk]\ntags: [courts, turkey]\ndraft: false\n"
        "corrections:\n  - date: 2016-03-02\n    text: The hearing was on Monday.\n"
    ),
    "every source field": source_with(
        "type: court-record\nurl: https://example.org/hearing\n"
        "archive_url: https://archive.example.org/hearing\npublished: 2016-02-20\n"
        "accessed: 2016-02-21\nlanguage: tr\nquote: |\n  The hearing is adjourned.\n  Next week.\n"
        "offline: court file, not published\nvia: []"
    ),
    "a single tag as text": entry_with("tags: courts\n"),
    "a single author as text": entry_with("authors: desk\n"),
    "an empty tag list": entry_with("tags: []\n"),
    "an optional field left empty": entry_with("updated:\ncorrections:\n"),
    "an optional source field left empty": source_with("url:\ntype:"),
    "a leap day": replacing("2016-02-22", "2016-02-29"),
    "a numeric source id": replacing("id: court", "id: 2016"),
    "an id with dots, underscores and hyphens": replacing("id: court", "id: ap.news_2016-1"),
    "via naming another source": source_with("via: [agency]") + SECOND_SOURCE,
    "via as a single id": source_with("via: agency") + SECOND_SOURCE,
    "a url with port, query and fragment": source_with("url: HTTPS://Example.org:8080/a/b?c=d#e"),
    "a url with an international host": source_with("url: https://bücher.example/a"),
    "a url with a bare host": source_with("url: http://example.org"),
    "a quoted url with spaces around it": source_with('url: " https://example.org/ "'),
    "a script and region language tag": source_with("language: zh-Hant-TW"),
    "a numeric region language tag": source_with("language: es-419"),
    "a quoted date": replacing("date: 2016-02-22", 'date: "2016-02-22"'),
    "a draft": entry_with("draft: true\n"),
}

REJECTED = {
    "a url with a user name": source_with("url: https://clerk@example.org/a"),
    "a url with a user name and password": source_with("url: https://clerk:pw@example.org/a"),
    "no title": replacing("title: Court hears appeal\n", ""),
    "no date": replacing("date: 2016-02-22\n", ""),
    "no summary": replacing("summary: An appeal was heard.\n", ""),
    "no sources": BASE.split("sources:")[0],
    "an empty source list": BASE.split("sources:")[0] + "sources: []\n",
    "sources as text": BASE.split("sources:")[0] + "sources: court\n",
    "the template's summary placeholder": replacing(
        "summary: An appeal was heard.", "summary: <summary>"
    ),
    "the template's tag placeholder": entry_with("tags: [courts, <topic>]\n"),
    "a blank title": replacing("title: Court hears appeal", 'title: "   "'),
    "an empty title": replacing("title: Court hears appeal", "title:"),
    "a number as title": replacing("title: Court hears appeal", "title: 2016"),
    "a date that does not exist": replacing("2016-02-22", "2016-02-30"),
    "a date without leading zeros": replacing("2016-02-22", "2016-2-22"),
    "a date written day first": replacing("2016-02-22", "22/02/2016"),
    "a year as date": replacing("2016-02-22", "2016"),
    "a date with time": replacing("2016-02-22", "2016-02-22T10:00:00"),
    "a bad updated date": entry_with("updated: 2016-13-01\n"),
    "draft as text": entry_with("draft: maybe\n"),
    "draft as a number": entry_with("draft: 1\n"),
    "a number as tag": entry_with("tags: [1]\n"),
    "a blank author": entry_with('authors: [" "]\n'),
    "tags as a mapping": entry_with("tags: {a: b}\n"),
    "corrections as text": entry_with("corrections: fixed\n"),
    "a correction without a date": entry_with("corrections:\n  - text: Fixed.\n"),
    "a correction with an unknown field": entry_with(
        "corrections:\n  - date: 2016-03-02\n    text: Fixed.\n    by: desk\n"
    ),
    "an unknown entry field": entry_with("tilte: Court hears appeal\n"),
    "an unknown source field": source_with("auther: desk"),
    "a source that is not a mapping": BASE + "  - court\n",
    "a source id with capitals and a space": replacing("id: court", "id: Court Record"),
    "a source id starting with a hyphen": replacing("id: court", "id: -court"),
    "a negative number as source id": replacing("id: court", "id: -1"),
    "a source id ending in a newline": replacing("id: court", 'id: "court\\n"'),
    "no role": replacing("    role: primary\n", ""),
    "an unknown role": replacing("role: primary", "role: tertiary"),
    "an unknown type": source_with("type: book"),
    "a javascript url": source_with("url: javascript:alert(1)"),
    "a relative url": source_with("url: /hearing"),
    "an ftp url": source_with("url: ftp://example.org/hearing"),
    "a url without host": source_with("url: https://"),
    "a url with a space": source_with('url: "https://example.org/a b"'),
    "a url with quotes": source_with('url: https://example.org/"x"'),
    "a url with an underscore in the host": source_with("url: http://exa_mple.org/"),
    "a url with a port out of range": source_with("url: https://example.org:99999/"),
    "a url with a port that is not a number": source_with("url: https://example.org:80a/"),
    "an archive_url without scheme": source_with("archive_url: archive.example.org/hearing"),
    "a language name": source_with("language: english"),
    "a language with an underscore": source_with("language: en_US"),
    "a bad published date": source_with("published: yesterday"),
    "via as a number": source_with("via: 5"),
    "via with a bad id": source_with("via: [Bad Id]"),
    "front-matter that is a list": "- title\n- date\n",
}

# What only the checker can see: these need the whole entry, the YAML text or the
# authors file, so the schema accepts them and 'sourcetrace check' refuses them.
CHECKER_ONLY = {
    "a source id listed twice": (
        BASE + SECOND_SOURCE.replace("id: agency", "id: court"),
        "entry.md:10:5: error ST003 source id 'court' is listed twice: ids must be unique "
        "in the entry",
    ),
    "a key written twice": (
        replacing("summary: An appeal was heard.\n", "summary: A.\nsummary: B.\n"),
        "entry.md:5:1: error ST001 key 'summary' is repeated; YAML would silently keep only "
        "the last one",
    ),
    "an author not in .authors.yml": (
        entry_with("authors: [nobody]\n"),
        "entry.md:10:1: error ST002 unknown author 'nobody': use one of: desk",
    ),
    "a control character written as an escape": (
        replacing("title: Court hears appeal", 'title: "Court\\x1bhears appeal"'),
        "entry.md:2:1: error ST060 entry 'title' holds the control character U+001B, which "
        "XML 1.0 forbids: it would break the Atom feed for every subscriber; delete it "
        "(written as an escape such as \\x1b in a double-quoted value)",
    ),
    "a bidirectional override in a publisher": (
        replacing("publisher: Ankara court", 'publisher: "Ankara \\u202ecourt"'),
        "entry.md:8:5: warning ST061 source 'court' 'publisher' holds the bidirectional "
        "control U+202E, which makes text display in another order than it is written: "
        "delete it (written as an escape such as \\u202e, or pasted in unseen)",
    ),
    "a tag over 100 characters": (
        entry_with("tags: [" + "x" * 101 + "]\n"),
        "entry.md:10:8: error ST062 tag 1 is 101 characters long: a tag names a topic in a "
        "few words, at most 100 characters; shorten it",
    ),
    "tags that differ only in case": (
        entry_with("tags: [courts, Courts]\n"),
        "entry.md:10:16: warning ST063 tags 'courts' and 'Courts' differ only in case: they "
        "name one topic two ways; keep one spelling",
    ),
    "a title over 300 characters": (
        replacing("title: Court hears appeal", "title: " + "x" * 301),
        "entry.md:2:1: warning ST064 title is 301 characters long: feeds, search results and "
        "listings cut long headlines short; keep it under 300 characters and move the detail "
        "to the summary",
    ),
}


def as_entry(front_matter: str) -> str:
    return f"---\n{front_matter}---\n"


@pytest.mark.parametrize("front_matter", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_both_accept(front_matter: str) -> None:
    text = as_entry(front_matter)
    assert checker_findings(text, frozenset({"desk"})) == []
    assert schema_accepts(front_matter), schema_errors(front_matter)


@pytest.mark.parametrize("front_matter", REJECTED.values(), ids=REJECTED.keys())
def test_both_refuse(front_matter: str) -> None:
    text = as_entry(front_matter)
    assert checker_findings(text, frozenset({"desk"})) != []
    assert not schema_accepts(front_matter)


@pytest.mark.parametrize(
    ("front_matter", "finding"), CHECKER_ONLY.values(), ids=CHECKER_ONLY.keys()
)
def test_what_only_the_checker_refuses(front_matter: str, finding: str) -> None:
    assert schema_accepts(front_matter)
    assert checker_findings(as_entry(front_matter), frozenset({"desk"})) == [finding]


def _entry_files() -> list[Path]:
    fixtures = [
        path
        for path in sorted((REPOSITORY / "tests").rglob("*.md"))
        if "fixtures" in path.relative_to(REPOSITORY).parts
    ]
    return fixtures + sorted((REPOSITORY / "content" / "entries").rglob("*.md"))


@pytest.mark.parametrize(
    "path", _entry_files(), ids=lambda path: path.relative_to(REPOSITORY).as_posix()
)
def test_fixture_and_content_entries_get_the_same_verdict(path: Path) -> None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any front-matter is read")
    front_matter = split(text)
    checker = checker_findings(text, _authors_named_in(front_matter))
    checker_only = [
        f
        for f in checker
        if " is listed twice: " in f or " is repeated; " in f or f.split(" ")[2] in TEXT_RULES
    ]
    if checker_only:
        assert schema_accepts(front_matter)
        return
    assert schema_accepts(front_matter) == (checker == []), checker


def _authors_named_in(front_matter: str | None) -> frozenset[str]:
    """Every author the entry names, so that the authors file is not what is compared."""
    try:
        data = yaml.load(front_matter or "", Loader=_EditorLoader)
    except yaml.YAMLError:
        return frozenset()
    authors = data.get("authors") if isinstance(data, dict) else None
    if isinstance(authors, str):
        return frozenset({authors})
    if isinstance(authors, list):
        return frozenset(a for a in authors if isinstance(a, str))
    return frozenset()
