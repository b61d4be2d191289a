from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from cli_harness import REPOSITORY, Run
from jsonschema import Draft7Validator

from build_tools.commands.new import render_entry
from build_tools.content import docs_dir_of
from build_tools.fields import CORRECTION_FIELDS, ENTRY_FIELDS, SOURCE_FIELDS, Field
from build_tools.schema import SCHEMA_FILE, entry_schema, schema_text

COMMITTED = REPOSITORY / "content" / SCHEMA_FILE


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "content/entry.schema.json is stale: run "
        "'sourcetrace schema --output content/entry.schema.json'"
    )


def test_the_schema_is_valid_draft_07() -> None:
    schema = entry_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


@pytest.mark.parametrize(
    ("where", "fields"),
    [
        ((), ENTRY_FIELDS),
        (("definitions", "source"), SOURCE_FIELDS),
        (("definitions", "correction"), CORRECTION_FIELDS),
    ],
)
def test_every_field_is_in_the_schema_with_its_description(
    where: tuple[str, ...], fields: tuple[Field, ...]
) -> None:
    node = entry_schema()
    for key in where:
        node = node[key]
    assert list(node["properties"]) == [f.name for f in fields]
    assert node["required"] == [f.name for f in fields if f.required]
    assert node["additionalProperties"] is False
    for f in fields:
        assert node["properties"][f.name]["description"] == f.description


def test_the_schema_is_published_at_the_site_root() -> None:
    # MkDocs copies every file of docs_dir into the site, at the same relative path.
    assert docs_dir_of(REPOSITORY / "mkdocs.yml") == COMMITTED.parent


def test_the_template_modeline_finds_the_schema_from_an_entry() -> None:
    text = render_entry("T", dt.date(2016, 2, 22), "content/entries/2016/t.md")
    modeline = text.splitlines()[1]
    assert modeline.startswith("# yaml-language-server: $schema=")
    relative = modeline.split("=", 1)[1]
    entry_folder = REPOSITORY / "content" / "entries" / "2016"
    assert (entry_folder / relative).resolve() == COMMITTED


def test_schema_prints_the_schema(run: Run) -> None:
    result = run("schema")
    assert (result.code, result.err) == (0, "")
    assert result.out == schema_text()
    assert json.loads(result.out) == entry_schema()


def test_output_writes_the_schema_and_check_confirms_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("entry.schema.json").write_text("{}\n", encoding="utf-8")
    written = run("schema", "--output", "entry.schema.json")
    assert (written.code, written.out, written.err) == (0, "wrote entry.schema.json\n", "")
    assert Path("entry.schema.json").read_text(encoding="utf-8") == schema_text()
    assert sorted(os.listdir(tmp_path)) == ["entry.schema.json"]
    checked = run("schema", "--check", "entry.schema.json")
    assert (checked.code, checked.out) == (0, "entry.schema.json is up to date\n")


def test_check_fails_on_a_stale_or_missing_schema(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("stale.json").write_text(schema_text().replace("Headline", "Heading"), encoding="utf-8")
    stale = run("schema", "--check", "stale.json")
    assert (stale.code, stale.out) == (1, "")
    assert stale.err == (
        "error: stale.json is out of date with the field tables: "
        "run 'sourcetrace schema --output stale.json'\n"
    )
    missing = run("schema", "--check", "missing.json")
    assert missing.code == 1
    assert missing.err == (
        "error: missing.json does not exist: run 'sourcetrace schema --output missing.json'\n"
    )


def test_output_into_a_missing_folder_is_an_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("schema", "--output", "nowhere/entry.schema.json")
    assert result.code == 1
    assert result.err == (
        "error: cannot write nowhere/entry.schema.json: No such file or directory\n"
    )


def test_output_and_check_together_is_a_usage_error(run: Run) -> None:
    result = run("schema", "--output", "a.json", "--check", "b.json")
    assert result.code == 2
    assert result.err == (
        "error: sourcetrace schema: argument --check: not allowed with argument "
        "-o/--output (see 'sourcetrace schema --help')\n"
    )


def test_help_explains_with_an_example(run: Run) -> None:
    result = run("schema", "--help")
    assert result.code == 0
    assert "sourcetrace schema --output content/entry.schema.json" in result.out


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        nested = [p for key, value in node.items() if key != "pattern" for p in _patterns(value)]
        return found + nested
    if isinstance(node, list):
        return [p for item in node for p in _patterns(item)]
    return []


def test_patterns_are_valid_for_editors_too() -> None:
    # Editors compile patterns as ECMAScript with the 'u' flag, which refuses
    # escapes Python allows, such as \" or \-.
    allowed = set("dDwWsSbBnrtfv0") | set("^$\\.*+?()[]{}|/")
    patterns = _patterns(entry_schema())
    assert len(patterns) > 10
    for pattern in patterns:
        escaped = set(re.findall(r"\\(.)", pattern))
        assert escaped <= allowed, (pattern, escaped - allowed)
