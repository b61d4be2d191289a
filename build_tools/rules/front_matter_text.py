"""The rules about the text of front-matter values (ST060 to ST065, and ST013, ST014 there).

The front-matter's values reach the Atom and JSON feeds, the tag pages and
the Sources index as they are written, so characters XML cannot carry, text
that displays differently from what it says, and tags or titles no page can
show well are caught here. So are a citation written in a value, which is
published as the text '[@id]' (ST013), and a template placeholder left inside
a value's text (ST014). They are applied where the file is read
(``parse.entry``), because they need the front-matter's positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from build_tools.model import Position
from build_tools.parse.frontmatter import FrontMatter
from build_tools.rules.placeholders import (
    PLACEHOLDER_IN_TEXT,
    is_placeholder,
    template_placeholder,
)

Report = Callable[[str, Position, str], None]
Path = tuple[str | int, ...]

MAX_TAG_LENGTH = 100
MAX_TITLE_LENGTH = 300
# The commas a list of tags is typed with: the ASCII one, and those of other scripts,
# which split a list as surely (full-width and ideographic in Chinese and Japanese
# text, the Arabic comma).
_COMMAS = re.compile("[,\uff0c\u3001\u060c]")

# Any character one of the rules below is about, to pass over clean text in one search.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u180e\u200b-\u200d\u2060\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff\ufeff\ufffe\uffff]"
)
# YAML refuses the other characters above written as they are, so without an escape
# (only double-quoted values have them), NEL, a bidirectional control or one of the
# invisible characters below in the YAML text, no value can hold one: most entries
# are passed over in one search.
_MAY_HOLD_SUSPECT = re.compile(
    "[\\\\\x85\xad\u180e\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff]"
)
# What XML 1.0 forbids: C0 controls other than tab, newline and carriage return,
# lone surrogates, and U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Legal in XML but shown as nothing (or a box): DEL and the C1 controls.
_INVISIBLE = re.compile("[\x7f-\x9f]")
# Embeddings, overrides and isolates: they reorder what is displayed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters with no width and no glyph: "Reu\u200bters" shows as "Reuters" and is
# not the same name. (The Sources index folds them away when it groups publishers.)
# Zero-width space, non-joiner and joiner, word joiner, soft hyphen, the byte-order mark
# as a zero-width no-break space, and the Mongolian vowel separator.
INVISIBLE_IN_NAMES = "\xad\u180e\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{INVISIBLE_IN_NAMES}]")
# The values that name things in listings, feeds and the Sources index, where
# reordered text would pass one thing off as another. A quote or the summary
# of a source in Arabic or Hebrew may need isolates; a name should not.
_NAMES: frozenset[Path] = frozenset(
    {("title",), ("summary",), ("tags",), ("sources", "title"), ("sources", "publisher")}
)

# The values published as prose or as names: on the page, in feeds, listings and the
# Sources index. Each is shown as written, so neither a placeholder nor a citation in
# one is ever read as what it stands for.
_PROSE: frozenset[Path] = _NAMES | {
    ("sources", "quote"),
    ("sources", "offline"),
    ("corrections", "text"),
}
# A quote is the source's own words, verbatim: a '[@' in it is what the source says.
_CITING: frozenset[Path] = _PROSE - {("sources", "quote")}
_CITATION = re.compile(r"\[@")
_CITATION_AS_WRITTEN = re.compile(r"\[@[^\]\n]{0,60}\]?")


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _kind(code: int) -> str:
    if code < 0x20:
        return "the control character"
    if 0xD800 <= code <= 0xDFFF:
        return "the lone surrogate"
    return "the noncharacter"


def shown(text: str) -> str:
    """``text`` quoted for a message, escaped where it holds characters a terminal would act on."""
    return f"'{text}'" if text.isprintable() else ascii(text)


def _where(data: Mapping[str, Any], path: Path) -> str:
    """The value at ``path`` in the words of a message: title, tag 2, source 'court' publisher."""
    top, rest = path[0], path[1:]
    if top == "tags" and rest:
        return f"tag {int(rest[0]) + 1}"
    if top in ("sources", "corrections") and rest and isinstance(rest[0], int):
        index = rest[0]
        item = data[top][index]
        named = item.get("id") if top == "sources" and isinstance(item, dict) else None
        if (
            isinstance(named, str | int)
            and not isinstance(named, bool)
            and str(named).isprintable()
        ):
            owner = f"source '{named}'"
        else:
            owner = f"{top[:-1]} {index + 1}"
        parts = [owner]
        rest = rest[1:]
    else:
        parts = [f"entry '{top}'"]
    parts.extend(f"'{part}'" if isinstance(part, str) else f"item {part + 1}" for part in rest)
    return " ".join(parts)


def _strings(data: Mapping[str, Any]) -> Iterator[tuple[Path, str]]:
    """Every text value in ``data``, with its path; keys are left to the field rules.

    A list or mapping that YAML aliases share is read once, so that a hostile
    document of aliases of aliases stays linear; the walk keeps its own stack,
    so that deep nesting cannot exhaust Python's.
    """
    seen: set[int] = set()
    stack: list[tuple[Path, Any]] = [((key,), value) for key, value in reversed(list(data.items()))]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict | list) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend(((*path, key), item) for key, item in reversed(list(items)))


def _shape(path: Path) -> Path:
    return tuple(part for part in path if isinstance(part, str))


def _is_name(path: Path) -> bool:
    return _shape(path) in _NAMES


def _offset(fm: FrontMatter, position: Position) -> int:
    """The offset in ``fm.text`` of a position in the file."""
    lines = fm.text.split("\n")
    index = min(max(position.line - fm.first_line, 0), len(lines))
    return sum(len(line) + 1 for line in lines[:index]) + position.column - 1


def _position_at(fm: FrontMatter, offset: int) -> Position:
    line_start = fm.text.rfind("\n", 0, offset) + 1
    return Position(fm.first_line + fm.text.count("\n", 0, offset), offset - line_start + 1)


def _written_spots(fm: FrontMatter, path: Path, found: list[re.Match[str]]) -> list[Position]:
    """Where each of ``found`` (matches in the value at ``path``) is written in the file.

    A value's text is read from its key (or its item's dash) up to the next key or
    item written: the same pattern's matches there, in order, are the value's own,
    whether it is quoted, folded or wrapped over lines. A match the YAML does not
    hold as written (one made by an escape) falls back to where the value stands.
    """
    start = fm.position(*path)
    later = [at for at in fm.positions.values() if at > start]
    begin = _offset(fm, start)
    end = _offset(fm, min(later)) if later else len(fm.text)
    pattern = found[0].re if found else _CITATION
    written = [
        match.start()
        for match in pattern.finditer(fm.text, begin, end)
        if pattern is not PLACEHOLDER_IN_TEXT or template_placeholder(match.group())
    ]
    return [
        _position_at(fm, written[index]) if index < len(written) else start
        for index in range(len(found))
    ]


def check_placeholders_and_citations(fm: FrontMatter, report: Report) -> None:
    """Report a placeholder left inside a value's text (ST014), and a citation in one (ST013).

    A value that is a placeholder and nothing else is reported as the file is read
    (``parse.entry``): only placeholders with other text around them are left here.
    """
    for path, text in _strings(fm.data):
        shape = _shape(path)
        if shape not in _PROSE:
            continue
        if "<" in text and not is_placeholder(text):
            left = [
                match
                for match in PLACEHOLDER_IN_TEXT.finditer(text)
                if template_placeholder(match.group()) is not None
            ]
            for match, position in zip(left, _written_spots(fm, path, left), strict=True):
                on_one_line = " ".join(match.group().split())
                report(
                    "ST014",
                    position,
                    f"{_where(fm.data, path)} holds the template's placeholder "
                    f"{shown(on_one_line)}: write the text it stands for in its place",
                )
        if shape in _CITING and "[@" in text:
            cited = list(_CITATION.finditer(text))
            for match, position in zip(cited, _written_spots(fm, path, cited), strict=True):
                written = _CITATION_AS_WRITTEN.match(text, match.start())
                citation = written.group() if written is not None else "[@"
                report(
                    "ST013",
                    position,
                    f"citation {shown(citation)} stands in {_where(fm.data, path)}, which "
                    "cannot cite and is published as written, the citation as its text: move "
                    "it into the body's sentence that relies on the source, or name the "
                    "source in words",
                )


def check_characters(fm: FrontMatter, report: Report) -> None:
    """Report characters XML refuses (ST060) and characters that disguise text (ST061)."""
    if not _MAY_HOLD_SUSPECT.search(fm.text):
        return
    for path, text in _strings(fm.data):
        if _SUSPECT.search(text) is None:
            continue
        position = fm.position(*path)
        where = _where(fm.data, path)
        if (bad := _NOT_XML.search(text)) is not None:
            code = ord(bad.group())
            report(
                "ST060",
                position,
                f"{where} holds {_kind(code)} U+{code:04X}, which XML 1.0 forbids: it "
                "would break the Atom feed for every subscriber; delete it (written as an "
                f"escape such as {_escape(code)} in a double-quoted value)",
            )
        if (bad := _INVISIBLE.search(text)) is not None:
            code = ord(bad.group())
            report(
                "ST061",
                position,
                f"{where} holds the invisible control character U+{code:04X}, shown as nothing "
                f"or as a box: delete it (written as an escape such as {_escape(code)})",
            )
        if _is_name(path) and (bad := _BIDI.search(text)) is not None:
            code = ord(bad.group())
            report(
                "ST061",
                position,
                f"{where} holds the bidirectional control U+{code:04X}, which makes text "
                "display in another order than it is written: delete it (written as an "
                f"escape such as {_escape(code)}, or pasted in unseen)",
            )
        if _is_name(path) and (bad := _ZERO_WIDTH.search(text)) is not None:
            code = ord(bad.group())
            report(
                "ST061",
                position,
                f"{where} holds the invisible character U+{code:04X} "
                f"({unicodedata.name(bad.group())}), which shows as nothing: the name looks "
                "like one it is not; delete it (written as an escape such as "
                f"{_escape(code)}, or pasted in unseen)",
            )


def _quoted_tag(fm: FrontMatter, index: int | None) -> bool:
    """Whether tag ``index`` (None: the one tag written as text) is written in quotes.

    A comma inside quotes was meant ("Washington, D.C."); one in a plain value is
    almost always a list written without its brackets.
    """
    if index is not None:
        written = fm.written_at(fm.position("tags", index))
    else:
        written = fm.written_at(fm.position("tags")).partition(":")[2].lstrip()
    return written[:1] in ("'", '"')


def check_tags_and_title(fm: FrontMatter, values: Mapping[str, Any], report: Report) -> None:
    """Report tags too long (ST062), repeated (ST063) or holding a comma (ST065), long titles.

    A long title is ST064; a tag with a comma is most likely a list of tags written
    without its brackets.
    """
    tags: tuple[str, ...] = values.get("tags", ())
    listed = isinstance(fm.data.get("tags"), list)
    seen: dict[str, str] = {}
    for index, tag in enumerate(tags):
        position = fm.position("tags", index) if listed else fm.position("tags")
        if len(tag) > MAX_TAG_LENGTH:
            report(
                "ST062",
                position,
                f"tag {index + 1} is {len(tag)} characters long: a tag names a topic in a few "
                f"words, at most {MAX_TAG_LENGTH} characters; shorten it",
            )
        key = tag.casefold()
        if key not in seen:
            seen[key] = tag
        elif seen[key] == tag:
            report("ST063", position, f"tag {shown(tag)} is listed twice: remove one")
        else:
            report(
                "ST063",
                position,
                f"tags {shown(seen[key])} and {shown(tag)} differ only in case: they name "
                "one topic two ways; keep one spelling",
            )
    for index, tag in enumerate(tags):
        # A sentence pasted in as a tag is ST062's: its commas are not a list's.
        if (
            _COMMAS.search(tag)
            and len(tag) <= MAX_TAG_LENGTH
            and not _quoted_tag(fm, index if listed else None)
        ):
            parts = [part.strip() for part in _COMMAS.split(tag) if part.strip()]
            if not parts:
                continue  # nothing but commas: ST062's or no tag's business
            # "economy," is one tag and a comma typed after it, not a list of one.
            found = (
                f"holds a comma, so it is one tag, not {len(parts)}"
                if len(parts) > 1
                else "holds a comma with no second tag beside it, most likely a slip"
            )
            fix = (
                f"write tags as a list, one topic each (tags: [{', '.join(parts)}])"
                if len(parts) > 1
                else f"remove the comma (tags: [{parts[0]}])"
            )
            report(
                "ST065",
                fm.position("tags", index) if listed else fm.position("tags"),
                f"tag {shown(tag)} {found}: {fix}; to keep a comma in a tag on purpose, "
                "put that tag in quotes",
            )
    title = values.get("title")
    if isinstance(title, str) and len(title) > MAX_TITLE_LENGTH:
        report(
            "ST064",
            fm.position("title"),
            f"title is {len(title)} characters long: feeds, search results and listings cut "
            f"long headlines short; keep it under {MAX_TITLE_LENGTH} characters and move the "
            "detail to the summary",
        )
