"""Build an :class:`Entry` from a file, reporting what stops any part of it being read.

Problems that stop an entry being read at all (ST000, ST001) and values that
cannot be read as their field's shape (ST002 to ST005) are found here, because
this is where the values are read; every other judgement is a rule. The entry is
still built from whatever is valid, so that the rules can run and report too. The
body is read by Python-Markdown itself (see ``reading``), through the
:class:`BodyReader` given, which holds the site's extensions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from build_tools.fields import (
    CORRECTION_FIELDS,
    ENTRY_FIELDS,
    SOURCE_FIELDS,
    SOURCE_ID_RE,
    THEME_KEYS,
    Field,
    Kind,
    misspelt_fields,
    nearest_field,
)
from build_tools.model import Body, Correction, Entry, Position, Problem, Role, Source
from build_tools.parse.body import BodyReader, Unconvertible, body_check, read_body
from build_tools.parse.frontmatter import FrontMatter, read_front_matter
from build_tools.parse.text import Unreadable, decode
from build_tools.parse.values import read_source_id, read_value
from build_tools.quoting import shown
from build_tools.rules.placeholders import is_placeholder


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """An entry file as read: the entry (None if unreadable) and what stopped its reading.

    ``front_matter`` and ``values`` are kept for the rules about front-matter text;
    ``body_text`` and ``body_first_line`` are the body as written, for the reader.
    """

    entry: Entry | None
    problems: tuple[Problem, ...]
    front_matter: FrontMatter | None = None
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    body_text: str = ""
    body_first_line: int = 1


class _Reporter:
    def __init__(self) -> None:
        self.found: list[Problem] = []

    def __call__(self, rule_id: str, position: Position, message: str) -> None:
        self.found.append(Problem(rule_id, position, message))


def _unknown_fields(
    data: Mapping[str, Any],
    fields: tuple[Field, ...],
    where: str,
    fm: FrontMatter,
    path: tuple[str | int, ...],
    report: _Reporter,
    explained: frozenset[str] = frozenset(),
) -> None:
    """Report every key that is not a field (ST005), but those ``explained`` already.

    A misspelling of a required field that is missing is reported as the missing
    field (by ``_read_fields``), once.
    """
    known = [f.name for f in fields]
    for key in data:
        if key in known or str(key) in explained:
            continue
        if where == "entry" and key in THEME_KEYS:
            report(
                "ST003",
                fm.position(*path, key),
                f"entry field {shown(str(key))} is read by MkDocs and its theme, not by the "
                f"digest, and would change {THEME_KEYS[key]}: remove it",
            )
            continue
        nearest = nearest_field(str(key), known)
        hint = f"did you mean '{nearest}'?" if nearest else f"known fields: {', '.join(known)}"
        report(
            "ST005",
            fm.position(*path, key),
            f"unknown {where} field {shown(str(key))} is ignored: {hint}",
        )


def _missing(
    name: str,
    data: Mapping[str, Any],
    fields: tuple[Field, ...],
    fm: FrontMatter,
    path: tuple[str | int, ...],
    finding: tuple[str, str],
    report: _Reporter,
    explained: set[str] | None,
) -> None:
    """Report required field ``name`` missing, at a misspelling of it if one is written.

    ``finding`` is the rule id and how the message names the record. A misspelling
    taken for the cause is added to ``explained``, so that ST005 does not report it too.
    """
    rule_id, what = finding
    taken = explained if explained is not None else set()
    written = next(
        (
            key
            for key, meant in misspelt_fields((str(k) for k in data), fields).items()
            if meant == name and key not in taken
        ),
        None,
    )
    if written is None or explained is None:
        report(rule_id, fm.position(*path), f"{what} has no '{name}': add it")
        return
    explained.add(written)
    report(
        rule_id,
        fm.position(*path, written),
        f"{what} has no '{name}': the field written {shown(written)} is a misspelling of it; "
        f"rename it to '{name}'",
    )


def _read_fields(
    data: Mapping[str, Any],
    fields: tuple[Field, ...],
    fm: FrontMatter,
    path: tuple[str | int, ...],
    rule_id: str,
    what: str,
    report: _Reporter,
    explained: set[str] | None = None,
) -> dict[str, Any]:
    """Read each field of ``data``; a missing required one is reported under ``rule_id``.

    A missing field with a misspelling of it written in its place is reported at the
    misspelling, which is added to ``explained`` so that ST005 does not report it again.
    """
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.kind in (Kind.SOURCES, Kind.CORRECTIONS):
            continue
        if spec.name in data and data[spec.name] is None:
            # "summary:" with nothing after it, or "summary: null": a value left out. An
            # optional field left empty is as good as absent (the schema says the same).
            if spec.required:
                report(
                    rule_id,
                    fm.position(*path, spec.name),
                    f"{what} '{spec.name}' is written but empty: give it a value",
                )
            continue
        if spec.name not in data:
            if spec.required:
                _missing(spec.name, data, fields, fm, path, (rule_id, what), report, explained)
            continue
        written = _without_placeholders(spec, data[spec.name], fm, (*path, spec.name), what, report)
        if written is None:
            continue
        value, problem = read_value(spec, written)
        if problem is not None:
            rule = "ST004" if spec.kind is Kind.URL else rule_id
            report(rule, fm.position(*path, spec.name), f"{what} '{spec.name}' {problem}")
        else:
            values[spec.name] = value
    return values


def _without_placeholders(
    spec: Field,
    value: Any,
    fm: FrontMatter,
    path: tuple[str | int, ...],
    what: str,
    report: _Reporter,
) -> Any:
    """``value`` without the template's unfilled placeholders, each reported (ST014).

    A placeholder is reported as one, not as a value of the wrong shape: a list
    keeps its other items, and a field left with nothing is passed over (None),
    neither read nor reported missing.
    """
    fix = spec.description[:1].lower() + spec.description[1:].rstrip(".")
    if spec.choices:
        fix += f"; one of: {', '.join(spec.choices)}"
    fill = f"fill it in ({fix})"
    if is_placeholder(value):
        report(
            "ST014",
            fm.position(*path),
            f"{what} '{spec.name}' is the template's placeholder {shown(value.strip())}: {fill}"
            + ("" if spec.required else ", or delete the line"),
        )
        return None
    if not isinstance(value, list) or not any(is_placeholder(item) for item in value):
        return value
    kept = []
    for index, item in enumerate(value):
        if is_placeholder(item):
            report(
                "ST014",
                fm.position(*path, index),
                f"{what} '{spec.name}' item {index + 1} is the template's placeholder "
                f"{shown(item.strip())}: {fill}, or remove it",
            )
        else:
            kept.append(item)
    return kept or None


def _positions(
    fm: FrontMatter, path: tuple[str | int, ...], names: list[str]
) -> Mapping[str, Position]:
    return MappingProxyType(
        {name: fm.positions[(*path, name)] for name in names if (*path, name) in fm.positions}
    )


def _ids_as_written(
    item: dict[str, Any], fm: FrontMatter, path: tuple[str | int, ...]
) -> dict[str, Any]:
    """The source with ids YAML read as numbers put back as written (007, not 7).

    An id is a name that happens to be made of digits: ``[@007]`` must find the
    source written ``id: 007``, so the scalar's text is kept rather than refused.
    """
    written = fm.numbers_as_written
    if not written:
        return item
    fixed = dict(item)
    if (*path, "id") in written:
        fixed["id"] = written[(*path, "id")]
    via = item.get("via")
    # A single via id is taken only when written as text, as the JSON Schema says.
    if isinstance(via, list):
        fixed["via"] = [written.get((*path, "via", index), v) for index, v in enumerate(via)]
    return fixed


def _as_id(value: Any) -> str | None:
    """The id ``value`` is, or evidently means: ``Court`` is court, ``Court Record`` court-record.

    None when it means none: an id left out, a placeholder, a value no folding makes
    an id of.
    """
    read, problem = read_source_id(value)
    if problem is None:
        return str(read)
    if not isinstance(value, str) or is_placeholder(value):
        return None
    folded = "-".join(value.lower().split())
    return folded if SOURCE_ID_RE.match(folded) else None


def _id_meant(item: Mapping[str, Any]) -> str | None:
    """The id source ``item`` evidently means, written right, wrongly or under a misspelt key.

    The citations of that id are taken as meant, so that the one mistake in the
    source (ST003) is not also an unknown source (ST010) at every citation of it.
    """
    if "id" in item:
        return _as_id(item["id"])
    misspelt = misspelt_fields((str(key) for key in item), SOURCE_FIELDS)
    written = next((key for key, meant in misspelt.items() if meant == "id"), None)
    return None if written is None else _as_id(item[written])


def _via_as_meant(
    item: dict[str, Any],
    ids: frozenset[str],
    fm: FrontMatter,
    path: tuple[str | int, ...],
    what: str,
    report: _Reporter,
) -> dict[str, Any]:
    """The source with each via item that evidently means a listed id put right.

    ``[Court]`` for the source ``court`` is reported (ST003, at the item) as an id in
    the wrong case with the id meant, as ``[@Court]`` is, not as a list of the wrong
    shape; the chain is then read as meant. ``[Paper]`` on ``paper`` itself is read as
    ``paper``, so that ST010 says the source names itself: that is the mistake, and
    its fix removes the item whatever its case.
    """
    via = item.get("via")
    if not isinstance(via, list):
        return item
    own = _id_meant(item)
    fixed = list(via)
    for index, written in enumerate(via):
        if not isinstance(written, str) or SOURCE_ID_RE.match(written):
            continue
        meant = _as_id(written)
        if meant is None or meant not in ids:
            continue
        fixed[index] = meant
        if meant != own:
            problem = read_source_id(written)[1]
            report(
                "ST003",
                fm.position(*path, "via", index),
                f"{what} 'via' item {index + 1} {problem}: did you mean {meant}?",
            )
    return {**item, "via": fixed}


def _read_sources(fm: FrontMatter, report: _Reporter, explained: set[str]) -> tuple[Source, ...]:
    raw = fm.data.get("sources")
    if raw is None and "sources" in fm.data:
        report(
            "ST002",
            fm.position("sources"),
            "entry 'sources' is written but empty: list the sources (- id: ..., title: ...)",
        )
        return ()
    if raw is None:
        _missing("sources", fm.data, ENTRY_FIELDS, fm, (), ("ST002", "entry"), report, explained)
        return ()
    if not isinstance(raw, list) or not raw:
        report(
            "ST002",
            fm.position("sources"),
            "'sources' must be a non-empty list of sources (- id: ..., title: ...)",
        )
        return ()
    sources: list[Source] = []
    seen: set[str] = set()
    items = {
        index: _ids_as_written(item, fm, ("sources", index))
        for index, item in enumerate(raw)
        if isinstance(item, dict)
    }
    # Every id meant, before any source is read: a via may name a later source.
    meant_ids = frozenset(i for i in map(_id_meant, items.values()) if i is not None)
    for index, item in enumerate(raw):
        path = ("sources", index)
        if index not in items:
            report(
                "ST003", fm.position(*path), "each source must be a mapping (id: ..., title: ...)"
            )
            continue
        item = items[index]
        named = item.get("id")
        what = (
            f"source {shown(named)}"
            if isinstance(named, str) and named and not is_placeholder(named)
            else f"source {index + 1}"
        )
        item = _via_as_meant(item, meant_ids, fm, path, what, report)
        renamed: set[str] = set()
        values = _read_fields(item, SOURCE_FIELDS, fm, path, "ST003", what, report, renamed)
        _unknown_fields(item, SOURCE_FIELDS, "source", fm, path, report, frozenset(renamed))
        # An id written wrongly or under a misspelt key is ST003's finding, made above;
        # the source is still listed under the id it means, for its citations.
        source_id = values.get("id") or _id_meant(item)
        if source_id is None:
            continue
        if source_id in seen:
            report(
                "ST003",
                fm.position(*path, "id"),
                f"source id '{source_id}' is listed twice: ids must be unique in the entry",
            )
            continue
        seen.add(source_id)
        role = values.get("role")
        sources.append(
            Source(
                id=source_id,
                title=values.get("title", ""),
                publisher=values.get("publisher", ""),
                role=Role(role) if role else None,
                position=fm.position(*path),
                type=values.get("type"),
                url=values.get("url"),
                archive_url=values.get("archive_url"),
                published=values.get("published"),
                accessed=values.get("accessed"),
                language=values.get("language"),
                quote=values.get("quote"),
                # [court, court] names one source: its chain is read, and reported, once.
                via=tuple(dict.fromkeys(values.get("via", ()))),
                offline=values.get("offline"),
                snapshot=values.get("snapshot"),
                # Only fields with a value: "url:" left empty is no url (ST031 may apply),
                # and "via: []" is no chain, as "via:" is (ST022 may apply).
                field_positions=_positions(
                    fm, path, [str(k) for k, v in item.items() if v is not None and v != []]
                ),
                via_positions=_via_positions(fm, path, item, values.get("via", ())),
            )
        )
    return tuple(sources)


def _via_positions(
    fm: FrontMatter, path: tuple[str | int, ...], item: dict[str, Any], via: Sequence[str]
) -> Mapping[str, Position]:
    """Where each id of a source's via is first written, if its items were all read."""
    written = item.get("via")
    if not isinstance(written, list) or len(written) != len(via):
        return MappingProxyType({})  # an item was refused: the list's own place will do
    places: dict[str, Position] = {}
    for index, via_id in enumerate(via):
        at = fm.positions.get((*path, "via", index))
        if at is not None:
            places.setdefault(via_id, at)
    return MappingProxyType(places)


def _read_corrections(fm: FrontMatter, report: _Reporter) -> tuple[Correction, ...]:
    raw = fm.data.get("corrections")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report("ST002", fm.position("corrections"), "'corrections' must be a list of {date, text}")
        return ()
    corrections = []
    for index, item in enumerate(raw):
        path = ("corrections", index)
        if not isinstance(item, dict):
            report("ST002", fm.position(*path), "each correction must be a mapping {date, text}")
            continue
        what = f"correction {index + 1}"
        explained: set[str] = set()
        values = _read_fields(item, CORRECTION_FIELDS, fm, path, "ST002", what, report, explained)
        _unknown_fields(
            item, CORRECTION_FIELDS, "correction", fm, path, report, frozenset(explained)
        )
        if "text" in values:
            corrections.append(
                Correction(values.get("date"), values["text"], fm.position(*path, "date"))
            )
    return tuple(corrections)


def read_entry(path: str, data: bytes) -> ParsedFile:
    """Read entry file ``data`` (shown as ``path``): its front-matter; the body unread.

    The entry's ``body`` holds the text as written and nothing read from it yet: the
    MkDocs plugin reads it while MkDocs converts the page, ``parse_entry`` at once.
    """
    report = _Reporter()
    text = decode(data)
    if isinstance(text, Unreadable):
        report("ST000", text.position, text.message)
        return ParsedFile(None, tuple(report.found))
    fm = read_front_matter(text)
    if isinstance(fm, list):
        for problem in fm:
            report("ST001", problem.position, problem.message)
        return ParsedFile(None, tuple(report.found))
    explained: set[str] = set()
    values = _read_fields(fm.data, ENTRY_FIELDS, fm, (), "ST002", "entry", report, explained)
    sources = _read_sources(fm, report, explained)
    _unknown_fields(fm.data, ENTRY_FIELDS, "entry", fm, (), report, frozenset(explained))
    corrections = _read_corrections(fm, report)
    entry = Entry(
        path=path,
        title=values.get("title", ""),
        date=values.get("date"),
        summary=values.get("summary", ""),
        body=Body(fm.body, fm.body_first_line, (), (), ()),
        sources=sources,
        updated=values.get("updated"),
        authors=values.get("authors", ()),
        tags=values.get("tags", ()),
        draft=values.get("draft", False),
        corrections=corrections,
        language=values.get("language"),
        field_positions=_positions(fm, (), list(fm.data)),
    )
    return ParsedFile(
        entry, tuple(report.found), fm, MappingProxyType(values), fm.body, fm.body_first_line
    )


def first_line_of(parsed: ParsedFile, given: str) -> int:
    """The file line ``given`` starts on, for a body a generator handed over.

    MkDocs (and Zensical) drop the blank lines after the front-matter; a body another
    plugin changed is read as given, from the body's first line.
    """
    body = parsed.body_text
    if body.endswith(given):
        return parsed.body_first_line + body[: len(body) - len(given)].count("\n")
    return parsed.body_first_line


def convertible(parsed: ParsedFile) -> ParsedFile:
    """``parsed``, or it refused (ST000) if its body cannot be converted in good time.

    For a build, which converts bodies with MkDocs' own Markdown: a body refused here
    is never handed to it.
    """
    if parsed.entry is None:
        return parsed
    try:
        body_check(parsed.body_text, parsed.body_first_line)
    except Unconvertible as error:
        return _refused(parsed, error)
    return parsed


def _refused(parsed: ParsedFile, error: Unconvertible) -> ParsedFile:
    """``parsed`` with no entry, and the ST000 that says why its body cannot be read."""
    problem = Problem("ST000", Position(error.line, error.column), str(error))
    return dataclasses.replace(parsed, entry=None, problems=(*parsed.problems, problem))


def read_entry_body(parsed: ParsedFile, reader: BodyReader | None = None) -> ParsedFile:
    """``parsed`` with its entry's body read by ``reader`` (the site's Markdown)."""
    if parsed.entry is None:
        return parsed
    language = parsed.entry.language
    try:
        body = (
            reader.read(parsed.body_text, parsed.body_first_line, language=language)
            if reader is not None
            else read_body(parsed.body_text, parsed.body_first_line)
        )
    except Unconvertible as error:
        return _refused(parsed, error)
    return dataclasses.replace(parsed, entry=dataclasses.replace(parsed.entry, body=body))


def parse_entry(path: str, data: bytes, reader: BodyReader | None = None) -> ParsedFile:
    """Read entry file ``data`` (shown as ``path``) whole: front-matter, then the body."""
    return read_entry_body(read_entry(path, data), reader)
