r"""The JSON Schema of an entry's front-matter, generated from the field tables.

Editors whose YAML language server reads it get completion, hover text and
inline errors while they type. It is built from ``build_tools.fields``, the same
tables the checker validates with, so the two cannot drift apart; a test holds
them to accepting the same front-matter.

Draft-07 is used because it is the draft YAML language servers support best.
Patterns are written for both regex dialects that will run them: ECMAScript in
editors and Python's ``re`` in tests, hence the ``(?![\s\S])`` end anchor
(Python's ``$`` would also match before a final newline).
"""

from __future__ import annotations

import json
from typing import Any

from build_tools.fields import (
    CORRECTION_FIELDS,
    DATE_PATTERN,
    ENTRY_FIELDS,
    LANGUAGE_PATTERN,
    SNAPSHOT_PATTERN,
    SOURCE_FIELDS,
    SOURCE_ID_PATTERN,
    Field,
    Kind,
)
from build_tools.rules.placeholders import placeholders

SCHEMA_FILE = "entry.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"

JsonObject = dict[str, Any]


def _whole(pattern: str) -> str:
    """Anchor ``pattern`` to the whole string, in ECMAScript and in Python alike."""
    return f"^(?:{pattern})(?![\\s\\S])"


# Not blank (at least one character that is not white space), and not a placeholder
# of the entry template left unfilled (the checker's ST014).
_TEXT: JsonObject = {
    "type": "string",
    "pattern": r"\S",
    "not": {"enum": sorted(placeholders())},
}
_DATE: JsonObject = {
    "type": "string",
    "pattern": _whole(DATE_PATTERN),
    "format": "date",
    "patternErrorMessage": "Write the date as YYYY-MM-DD, e.g. 2016-02-22.",
}
_SOURCE_ID_TEXT: JsonObject = {
    "type": "string",
    "pattern": _whole(SOURCE_ID_PATTERN),
    "patternErrorMessage": (
        "Lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."
    ),
}
# YAML reads an id such as 2016 as a number; the checker takes it as the text "2016".
_SOURCE_ID: JsonObject = {"anyOf": [_SOURCE_ID_TEXT, {"type": "integer", "minimum": 0}]}
# The checker's reading of a URL (``parse.values.read_url``) as one pattern: scheme,
# no user or password, a host name of dotted labels, international ones too (or a
# bracketed IPv6 address), an optional port up to 65535, then no spaces, quotes or
# angle brackets. A pattern cannot apply IDNA's rules or tell a look-alike host
# (Latin and Cyrillic letters mixed) from a right one: the checker does.
_PORT = r"[0-9]{0,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]"
# A host name's label: letters (beyond ASCII too, written as themselves so that the
# pattern keeps to escapes every editor reads) and digits, hyphens only inside.
_LABEL_CHAR = "A-Za-z0-9" + "\u00a0-\uffff\U00010000-\U0010ffff"
_LABEL = f"[{_LABEL_CHAR}](?:[{_LABEL_CHAR}-]*[{_LABEL_CHAR}])?"
_URL_PATTERN = (
    r"\s*[Hh][Tt][Tt][Pp][Ss]?://"
    rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])"
    rf"(?::(?:{_PORT}))?"
    r'(?:[/?#][^\s<>"`]*)?\s*'
)
_URL: JsonObject = {
    "type": "string",
    "pattern": _whole(_URL_PATTERN),
    "patternErrorMessage": "An absolute http:// or https:// address.",
}
_LANGUAGE: JsonObject = {
    "type": "string",
    "pattern": _whole(LANGUAGE_PATTERN),
    "patternErrorMessage": "A BCP 47 language tag such as en, tr or pt-BR.",
}
_SNAPSHOT: JsonObject = {
    "type": "string",
    "pattern": _whole(r"\s*" + SNAPSHOT_PATTERN + r"\s*"),
    "patternErrorMessage": "sha256: and 64 lowercase hex digits, as 'sourcetrace capture' "
    "prints it.",
}


_NULL: JsonObject = {"type": "null"}


def _object(name: str, fields: tuple[Field, ...], description: str) -> JsonObject:
    """Build a closed object: only the listed fields, the required ones present."""
    return {
        "title": name,
        "description": description,
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def field_schema(field: Field) -> JsonObject:
    """Return the JSON Schema of one front-matter field, with its description.

    Args:
        field: a row of one of the tables in ``build_tools.fields``.

    """
    shape: JsonObject
    match field.kind:
        case Kind.TEXT:
            shape = dict(_TEXT)
        case Kind.DATE:
            shape = dict(_DATE)
        case Kind.BOOL:
            shape = {"type": "boolean"}
        case Kind.TEXT_LIST:
            # A single text is read as a list of one.
            shape = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
        case Kind.ID_LIST:
            # A single id is read as a list of one, but only when written as text.
            ref = {"$ref": "#/definitions/source_id"}
            shape = {"anyOf": [_SOURCE_ID_TEXT, {"type": "array", "items": ref}]}
        case Kind.CHOICE:
            shape = {"type": "string", "enum": list(field.choices)}
        case Kind.SOURCE_ID:
            shape = {"$ref": "#/definitions/source_id"}
        case Kind.URL:
            shape = dict(_URL)
        case Kind.LANGUAGE:
            shape = dict(_LANGUAGE)
        case Kind.SNAPSHOT:
            shape = dict(_SNAPSHOT)
        case Kind.CORRECTIONS:
            shape = {"type": "array", "items": {"$ref": "#/definitions/correction"}}
        case Kind.SOURCES:
            shape = {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/source"}}
    if not field.required:
        shape = _or_null(shape)
    # A $ref would hide sibling keywords in draft-07, so describe through allOf.
    if "$ref" in shape:
        shape = {"allOf": [shape]}
    return {"description": field.description, **shape}


def _or_null(shape: JsonObject) -> JsonObject:
    """Let an optional field also be written empty (``updated:``), which means absent."""
    if "anyOf" in shape:
        return {**shape, "anyOf": [*shape["anyOf"], _NULL]}
    if "type" in shape:
        widened = {**shape, "type": [shape["type"], "null"]}
        if "enum" in shape:
            widened["enum"] = [*shape["enum"], None]
        return widened
    return {"anyOf": [shape, _NULL]}


def entry_schema() -> JsonObject:
    """Return the JSON Schema (draft-07) of an entry's front-matter."""
    schema = _object(
        "Sourcetrace entry front-matter",
        ENTRY_FIELDS,
        "The YAML between the two '---' lines at the top of content/entries/YYYY/<slug>.md. "
        "Run 'sourcetrace check' for the rules a schema cannot express: unique source ids, "
        "citations that name listed sources, and author ids from content/.authors.yml.",
    )
    return {
        "$schema": DRAFT,
        **schema,
        "definitions": {
            "source_id": {"description": "A source id, cited as [@id].", **_SOURCE_ID},
            "source": _object("Source", SOURCE_FIELDS, "One source the entry relies on."),
            "correction": _object(
                "Correction", CORRECTION_FIELDS, "A published correction to the entry."
            ),
        },
    }


def schema_text() -> str:
    """Return the schema as the committed file holds it: indented JSON and a final newline."""
    return json.dumps(entry_schema(), indent=2, ensure_ascii=False) + "\n"
