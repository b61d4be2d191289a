"""Build an :class:`Entry` from a file, reporting every problem with the file itself.

Problems that stop an entry being read at all (ST000, ST001), problems of
shape in the front-matter (ST002 to ST005) and of its text (ST060 to ST064)
are found here, because this is where the values are read. The entry is still
built from whatever is valid, so that the rules about claims and citations can
run and report too.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from build_tools.fields import CORRECTION_FIELDS, ENTRY_FIELDS, SOURCE_FIELDS, Field, Kind
from build_tools.model import Correction, Diagnostic, Entry, Position, Role, Source
from build_tools.parse.body import read_body
from build_tools.parse.frontmatter import FrontMatter, read_front_matter
from build_tools.parse.text import Unreadable, decode
from build_tools.parse.values import read_value
from build_tools.rules.front_matter_text import check_characters, check_tags_and_title, shown
from build_tools.rules.registry import RULES


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """The entry read from a file (None if unreadable) and the problems found reading it."""

    entry: Entry | None
    diagnostics: tuple[Diagnostic, ...]


class _Reporter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[Diagnostic] = []

    def __call__(self, rule_id: str, position: Position, message: str) -> None:
        rule = RULES[rule_id]
        self.found.append(Diagnostic(self.path, position, rule_id, rule.severity, message))


def _unknown_fields(
    data: Mapping[str, Any],
    fields: tuple[Field, ...],
    where: str,
    fm: FrontMatter,
    path: tuple[str | int, ...],
    report: _Reporter,
) -> None:
    known = [f.name for f in fields]
    for key in data:
        if key in known:
            continue
        nearest = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
        hint = f"did you mean '{nearest[0]}'?" if nearest else f"known fields: {', '.join(known)}"
        report(
            "ST005",
            fm.position(*path, key),
            f"unknown {where} field {shown(str(key))} is ignored: {hint}",
        )


def _read_fields(
    data: Mapping[str, Any],
    fields: tuple[Field, ...],
    fm: FrontMatter,
    path: tuple[str | int, ...],
    rule_id: str,
    what: str,
    report: _Reporter,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.kind in (Kind.SOURCES, Kind.CORRECTIONS):
            continue
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                report(rule_id, fm.position(*path), f"{what} has no '{spec.name}': add it")
            continue
        value, problem = read_value(spec, data[spec.name])
        if problem is not None:
            rule = "ST004" if spec.kind is Kind.URL else rule_id
            report(rule, fm.position(*path, spec.name), f"{what} '{spec.name}' {problem}")
        else:
            values[spec.name] = value
    return values


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


def _read_sources(fm: FrontMatter, report: _Reporter) -> tuple[Source, ...]:
    raw = fm.data.get("sources")
    if raw is None:
        report("ST002", fm.position(), "entry has no 'sources': add it")
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
    for index, item in enumerate(raw):
        path = ("sources", index)
        if not isinstance(item, dict):
            report(
                "ST003", fm.position(*path), "each source must be a mapping (id: ..., title: ...)"
            )
            continue
        item = _ids_as_written(item, fm, path)
        named = item.get("id")
        what = (
            f"source {shown(named)}" if isinstance(named, str) and named else f"source {index + 1}"
        )
        values = _read_fields(item, SOURCE_FIELDS, fm, path, "ST003", what, report)
        _unknown_fields(item, SOURCE_FIELDS, "source", fm, path, report)
        source_id = values.get("id")
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
                via=values.get("via", ()),
                offline=values.get("offline"),
                snapshot=values.get("snapshot"),
                field_positions=_positions(fm, path, [str(k) for k in item]),
            )
        )
    return tuple(sources)


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
        values = _read_fields(item, CORRECTION_FIELDS, fm, path, "ST002", what, report)
        _unknown_fields(item, CORRECTION_FIELDS, "correction", fm, path, report)
        if "text" in values:
            corrections.append(Correction(values.get("date"), values["text"]))
    return tuple(corrections)


def parse_entry(path: str, data: bytes) -> ParsedFile:
    """Read entry file ``data`` (shown as ``path`` in diagnostics) into an Entry."""
    report = _Reporter(path)
    text = decode(data)
    if isinstance(text, Unreadable):
        report("ST000", text.position, text.message)
        return ParsedFile(None, tuple(report.found))
    fm = read_front_matter(text)
    if isinstance(fm, list):
        for problem in fm:
            report("ST001", problem.position, problem.message)
        return ParsedFile(None, tuple(report.found))
    values = _read_fields(fm.data, ENTRY_FIELDS, fm, (), "ST002", "entry", report)
    _unknown_fields(fm.data, ENTRY_FIELDS, "entry", fm, (), report)
    check_characters(fm, report)
    check_tags_and_title(fm, values, report)
    sources = _read_sources(fm, report)
    corrections = _read_corrections(fm, report)
    entry = Entry(
        path=path,
        title=values.get("title", ""),
        date=values.get("date"),
        summary=values.get("summary", ""),
        body=read_body(fm.body, fm.body_first_line),
        sources=sources,
        updated=values.get("updated"),
        authors=values.get("authors", ()),
        tags=values.get("tags", ()),
        draft=values.get("draft", False),
        corrections=corrections,
        language=values.get("language"),
        field_positions=_positions(fm, (), list(fm.data)),
    )
    return ParsedFile(entry, tuple(report.found))
