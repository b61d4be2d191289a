"""`sourcetrace check` end to end: paths, formats, exit statuses 0 to 3, every command's help."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import build_tools.commands.check as check_command
from build_tools.cli import COMMANDS, main

FIXTURES = Path(__file__).parent / "fixtures" / "entries"

CLEAN = """\
---
title: Court hears appeal in Ankara case
date: 2016-02-22
summary: An Ankara court heard an appeal.
authors: [desk]
sources:
  - id: court
    title: Hearing record
    publisher: Ankara 3rd High Criminal Court
    role: primary
    offline: court file, not published
---

The court heard the appeal in İzmir [@court].
"""
UNCITED = CLEAN.replace("[@court].", "[@court]. It adjourned.")
UNARCHIVED = CLEAN.replace(
    "    offline: court file, not published\n", "    url: https://example.org/hearing\n"
)

UNCITED_LINE = (
    'content/entries/2016/uncited.md:14:47: error ST020 uncited claim: "It adjourned." '
    "(cite one of: court)"
)
UNARCHIVED_LINE = (
    "content/entries/2016/unarchived.md:11:5: warning ST030 source 'court' has a url but no "
    "archive_url: links rot; add an archived copy (or an offline: reason)"
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A digest folder with mkdocs.yml and content/; the working directory is its root."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test digest\n"
        "docs_dir: content\n"
        'site_url: !ENV [SOURCETRACE_SITE_URL, "https://example.org/"]\n'
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    content = tmp_path / "content"
    (content / "entries" / "2016").mkdir(parents=True)
    (content / ".authors.yml").write_text("authors:\n  desk:\n    name: The desk\n")
    # A page, not an entry: its uncited prose is not the checker's business.
    (content / "index.md").write_text("# Home\n\nThe digest is uncited here.\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add(root: Path, name: str, text: str) -> Path:
    path = root / "content" / "entries" / "2016" / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


# Exit status 0 and 1


def test_clean_digest_from_default_docs_dir(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check")
    assert result == Run(0, "", "1 entry checked: 0 errors, 0 warnings\n")


def test_errors_fail_with_one_line_each(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "clean.md", CLEAN)
    add(digest, "uncited.md", UNCITED)
    add(digest, "unarchived.md", UNARCHIVED)
    result = run(capsys, "check")
    assert result == Run(
        1,
        f"{UNARCHIVED_LINE}\n{UNCITED_LINE}\n",
        "3 entries checked: 1 error, 1 warning\n",
    )


def test_warnings_pass_unless_strict(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "unarchived.md", UNARCHIVED)
    expected_err = "1 entry checked: 0 errors, 1 warning\n"
    assert run(capsys, "check") == Run(0, UNARCHIVED_LINE + "\n", expected_err)
    assert run(capsys, "check", "--strict") == Run(1, UNARCHIVED_LINE + "\n", expected_err)


def test_named_file_and_folder(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "uncited.md", UNCITED)
    add(digest, "clean.md", CLEAN)
    named = run(capsys, "check", "content/entries/2016/uncited.md")
    assert named == Run(1, UNCITED_LINE + "\n", "1 entry checked: 1 error, 0 warnings\n")
    folder = run(capsys, "check", "content")
    assert folder == Run(1, UNCITED_LINE + "\n", "2 entries checked: 1 error, 0 warnings\n")


def test_path_outside_the_working_directory_is_shown_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = elsewhere / "uncited.md"
    path.write_text(UNCITED.replace("authors: [desk]\n", ""), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run(capsys, "check", str(path))
    assert result.out == (
        f'{path.as_posix()}:13:47: error ST020 uncited claim: "It adjourned." '
        "(cite one of: court)\n"
    )
    assert result.code == 1


@pytest.mark.parametrize("path", ["content/entries/2016/nope.md", "/nonexistent.md"])
def test_missing_path_is_a_usage_error_in_one_line(
    digest: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    result = run(capsys, "check", path)
    assert result == Run(2, "", f"error: {path}: no such file or directory\n")


@pytest.mark.parametrize("folder", ["content/pages", "elsewhere"])
def test_named_folder_without_entries_is_a_usage_error(
    digest: Path, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    add(digest, "clean.md", CLEAN)
    (digest / folder).mkdir(parents=True)
    (digest / folder / "about.md").write_text("# About\n")
    result = run(capsys, "check", folder)
    assert result == Run(
        2,
        "",
        f"error: {folder}: no entries in this folder (entries are .md files in an 'entries' "
        "folder of the docs folder)\n",
    )


def test_default_docs_dir_without_entries_is_not_a_usage_error(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new digest has no entries yet: only a folder the editor names must hold some."""
    assert run(capsys, "check") == Run(0, "", "0 entries checked: 0 errors, 0 warnings\n")


def test_no_mkdocs_yml_and_no_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check")
    assert result == Run(
        1,
        "",
        "error: no mkdocs.yml in .: name the files to check, e.g. 'sourcetrace check content/'\n",
    )


def test_config_option_names_another_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site-source"
    (site / "docs" / "entries").mkdir(parents=True)
    (site / "docs" / "entries" / "uncited.md").write_text(
        UNCITED.replace("authors: [desk]\n", "authors: [nobody]\n")
    )
    (site / "docs" / ".authors.yml").write_text("authors:\n  desk:\n    name: The desk\n")
    (site / "config.yml").write_text("site_name: x\n")  # docs_dir defaults to docs
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check", "--config", "site-source/config.yml")
    assert result.out.splitlines() == [
        "site-source/docs/entries/uncited.md:5:1: error ST002 unknown author 'nobody': "
        "use one of: desk",
        'site-source/docs/entries/uncited.md:14:47: error ST020 uncited claim: "It adjourned." '
        "(cite one of: court)",
    ]
    assert result.code == 1


def test_explicit_config_that_does_not_exist_is_an_error(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check", "--config", "nowhere.yml", "content/entries/2016/clean.md")
    assert result == Run(
        2,
        "",
        "error: no nowhere.yml in .: check the --config path, or leave --config out to "
        "check the files alone\n",
    )


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (".authors.yml", "authors: [desk\n", "2:1: not valid YAML: expected ',' or ']', but got"),
        ("../mkdocs.yml", "site_name: [x\n", "2:1: not valid YAML: expected ',' or ']', but got"),
        (
            ".authors.yml",
            "authors:\n\tdesk: x\n",
            "2:1: not valid YAML: a tab where YAML expects spaces: indent with spaces, not a tab",
        ),
        (
            "../mkdocs.yml",
            "nav:\n\t- x\n",
            "2:1: not valid YAML: a tab where YAML expects spaces: indent with spaces, not a tab",
        ),
    ],
)
def test_unreadable_configuration_gives_one_line(
    digest: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, problem: str
) -> None:
    path = digest / "content" / name
    path.write_text(text)
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check")
    assert result.code == 1
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    shown = "mkdocs.yml" if name == "../mkdocs.yml" else path.as_posix()
    assert result.err.startswith(f"error: cannot read {shown}:{problem}")


def _check_with_config(digest: Path, capsys: pytest.CaptureFixture[str], config: str) -> Run:
    """``sourcetrace check --no-cache`` of one clean entry, with ``config`` as mkdocs.yml."""
    (digest / "mkdocs.yml").write_text(config, encoding="utf-8")
    add(digest, "clean.md", CLEAN)
    return run(capsys, "check", "--no-cache")


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        pytest.param(
            "  - admonition\n  - no_such_extension_x\n",
            "mkdocs.yml:6:5: markdown_extensions: 'no_such_extension_x' cannot be used: No module "
            "named 'no_such_extension_x': check its name, or install the package that provides "
            "it",
            id="misspelt-name",
        ),
        pytest.param(
            "  - admonition\n  - 'toc':\n      permalink_tittle: Link\n",
            "mkdocs.yml:6:5: markdown_extensions: 'toc' cannot be used: it has no option "
            "'permalink_tittle': check the option's spelling",
            id="misspelt-option",
        ),
        pytest.param(
            "  - markdown.extensions.toc:NoSuchClass\n",
            "mkdocs.yml:5:5: markdown_extensions: 'markdown.extensions.toc:NoSuchClass' cannot be "
            "used: module 'markdown.extensions.toc' has no attribute 'NoSuchClass': check its "
            "name",
            id="missing-class",
        ),
        pytest.param(
            "  - toc:\n      slugify: !!python/name:pymdownx.slugs.no_such_slugify\n",
            "mkdocs.yml:4:1: markdown_extensions: toc: slugify: cannot find 'no_such_slugify' in "
            "the module 'pymdownx.slugs'",
            id="slugify-that-names-nothing",
        ),
        pytest.param(
            "  - toc:\n      slugify: 5\n",
            "mkdocs.yml:4:1: markdown_extensions: toc: slugify must name a function "
            "(!!python/name:module.function), found int",
            id="slugify-that-is-no-function",
        ),
        pytest.param(
            "  - toc:\n      slugify: !!python/name:os.getcwd\n",
            "mkdocs.yml:4:1: markdown_extensions: toc: slugify: called as toc calls it, "
            "slugify(text, separator), it fails: ",
            id="slugify-that-takes-other-arguments",
        ),
        pytest.param(
            "  - toc:\n      toc_depth: [1, 2]\n",
            "mkdocs.yml:5:5: markdown_extensions: 'toc' cannot be used: its options are wrong: ",
            id="wrong-kind-of-value",
        ),
    ],
)
def test_an_extension_that_cannot_be_used_is_named_at_its_line(
    digest: Path, capsys: pytest.CaptureFixture[str], extensions: str, message: str
) -> None:
    text = (digest / "mkdocs.yml").read_text(encoding="utf-8")
    head = text[: text.index("markdown_extensions:\n")]
    result = _check_with_config(digest, capsys, head + "markdown_extensions:\n" + extensions)
    assert (result.code, result.out) == (1, "")
    assert len(result.err.splitlines()) == 1, result.err
    assert result.err.startswith("error: " + message), result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        pytest.param(
            "markdown_extensions: toc\n",
            "mkdocs.yml:4:1: markdown_extensions: expected a list of extensions ('- toc'), "
            "found text 'toc'",
            id="extensions-as-text",
        ),
        pytest.param(
            "markdown_extensions:\n  - 5\n",
            "mkdocs.yml:4:1: markdown_extensions: 5 is not an extension's name",
            id="extension-not-a-name",
        ),
        pytest.param(
            "markdown_extensions:\n  - toc: 5\n",
            "mkdocs.yml:4:1: markdown_extensions: the options of 'toc' must be a map of option: "
            "value, found int 5",
            id="options-not-a-map",
        ),
        pytest.param(
            "markdown_extensions:\n  - {toc: {permalink: true}, admonition: {}}\n",
            "mkdocs.yml:4:1: markdown_extensions: item 1 names 2 extensions (toc, admonition): "
            "give each one its own '- name' item",
            id="two-extensions-in-one-item",
        ),
        pytest.param(
            "plugins: 5\n",
            "mkdocs.yml:4:1: plugins: expected a list of plugins ('- search'), found int",
            id="plugins-not-a-list",
        ),
    ],
)
def test_a_setting_of_the_wrong_shape_is_one_line_at_its_key(
    digest: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    result = _check_with_config(
        digest,
        capsys,
        "site_name: Test digest\ndocs_dir: content\nsite_url: https://example.org/\n" + setting,
    )
    assert (result.code, result.out, result.err) == (1, "", f"error: {message}\n")


def test_a_docs_dir_that_is_not_a_path_is_named(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (digest / "mkdocs.yml").write_text("site_name: x\ndocs_dir: [content]\n", encoding="utf-8")
    result = run(capsys, "check")
    assert (result.code, result.err) == (
        1,
        "error: mkdocs.yml:2:1: docs_dir: expected a folder's path, found list\n",
    )


def test_the_same_extensions_given_as_a_map_are_read_as_mkdocs_reads_them(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _check_with_config(
        digest,
        capsys,
        "site_name: x\ndocs_dir: content\nmarkdown_extensions:\n  admonition:\n"
        "  toc:\n    permalink_tittle: Link\n",
    )
    assert result.code == 1
    assert result.err.startswith(
        "error: mkdocs.yml: markdown_extensions: 'toc' cannot be used: it has no option "
        "'permalink_tittle'"
    ), result.err


def test_authors_file_of_the_wrong_shape(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (digest / "content" / ".authors.yml").write_text("authors: 5\n")
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check")
    authors = (digest / "content" / ".authors.yml").as_posix()
    assert result == Run(1, "", f"error: {authors}: expected a mapping 'authors:' of author ids\n")


# Formats


def test_json_is_a_list_of_findings(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "uncited.md", UNCITED)
    add(digest, "unarchived.md", UNARCHIVED)
    result = run(capsys, "check", "--format", "json")
    assert json.loads(result.out) == [
        {
            "path": "content/entries/2016/unarchived.md",
            "line": 11,
            "column": 5,
            "rule": "ST030",
            "severity": "warning",
            "message": "source 'court' has a url but no archive_url: links rot; add an "
            "archived copy (or an offline: reason)",
        },
        {
            "path": "content/entries/2016/uncited.md",
            "line": 14,
            "column": 47,
            "rule": "ST020",
            "severity": "error",
            "message": 'uncited claim: "It adjourned." (cite one of: court)',
        },
    ]
    assert result.code == 1
    assert result.err == ""


def test_json_keeps_non_ascii_readable(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "izmir.md", CLEAN.replace("[@court].", "[@court]. İzmir was quiet."))
    result = run(capsys, "check", "--format", "json")
    assert "İzmir was quiet." in result.out
    assert json.loads(result.out)[0]["message"].startswith('uncited claim: "İzmir was quiet."')


def test_json_of_a_clean_digest_is_an_empty_list(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check", "--format", "json")
    assert (result.code, json.loads(result.out), result.err) == (0, [], "")


def test_github_annotations(digest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(digest, "uncited.md", UNCITED)
    add(digest, "a,b:c.md", UNARCHIVED)
    result = run(capsys, "check", "--format", "github")
    assert result.out.splitlines() == [
        "::warning file=content/entries/2016/a%2Cb%3Ac.md,line=11,col=5,title=ST030::ST030 "
        "source 'court' has a url but no archive_url: links rot; add an archived copy "
        "(or an offline: reason)",
        "::error file=content/entries/2016/uncited.md,line=14,col=47,title=ST020::ST020 "
        'uncited claim: "It adjourned." (cite one of: court)',
    ]
    assert (result.code, result.err) == (1, "")


def test_github_escapes_percent_in_messages(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(
        digest,
        "percent.md",
        CLEAN.replace(
            "    offline: court file, not published\n",
            "    url: javascript:alert(%22x%22)\n    offline: court file, not published\n",
        ),
    )
    result = run(capsys, "check", "--format", "github")
    assert result.out == (
        "::error file=content/entries/2016/percent.md,line=11,col=5,title=ST004::ST004 "
        "source 'court' 'url' must be an absolute http(s) URL, found javascript: in "
        "'javascript:alert(%2522x%2522)'\n"
    )


def test_github_format_of_a_clean_digest_prints_nothing(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "clean.md", CLEAN)
    assert run(capsys, "check", "--format", "github") == Run(0, "", "")


# Exit status 2: usage errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["check", "--format", "xml"],
            "error: sourcetrace check: argument --format: invalid choice: 'xml' "
            "(choose from 'text', 'json', 'github') (see 'sourcetrace check --help')",
        ),
        (
            ["check", "--bogus"],
            "error: sourcetrace: unrecognized arguments: --bogus (see 'sourcetrace --help')",
        ),
        (
            ["chek"],
            "error: sourcetrace: argument COMMAND: invalid choice: 'chek' (choose from "
            + ", ".join(f"'{name}'" for name in COMMANDS)
            + ") (see 'sourcetrace --help')",
        ),
    ],
)
def test_usage_errors_exit_2(
    digest: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    result = run(capsys, *argv)
    assert result == Run(2, "", message + "\n")


def test_no_command_prints_help_and_exits_2(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(capsys)
    assert result.code == 2
    assert result.out.startswith("usage: sourcetrace [-h] COMMAND ...")


# Exit status 3: our own bug


def test_internal_error_exits_3_with_traceback(
    digest: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the digest could not be loaded")

    monkeypatch.setattr(check_command, "load_digest", explode)
    add(digest, "clean.md", CLEAN)
    result = run(capsys, "check")
    assert result.code == 3
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "RuntimeError: the digest could not be loaded" in lines
    assert lines[-1] == (
        "sourcetrace: unexpected internal error (a bug in sourcetrace, not in your entries); "
        "please report it with the traceback above"
    )


def test_bad_entries_never_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    names = sorted(p.name for p in (FIXTURES / "bad").glob("*.md"))
    paths = [str(FIXTURES / "bad" / name) for name in names]
    result = run(capsys, "check", *paths)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert re.fullmatch(rf"{len(names)} entries checked: \d+ errors?, \d+ warnings?\n", result.err)


# Help


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_an_example(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, name, "--help")
    assert result.code == 0
    assert result.out.startswith(f"usage: sourcetrace {name} ")
    assert re.search(rf"^examples?:\n  sourcetrace {name}\b", result.out, re.MULTILINE), result.out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "--help")
    assert result.code == 0
    for name, (_module, help_text) in COMMANDS.items():
        assert re.search(rf"^    {name} +{re.escape(help_text)}$", result.out, re.MULTILINE)


def test_check_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "check", "--help").out
    for option in (
        "PATH",
        "--format {text,json,github}",
        "--strict",
        "--no-cache",
        "--config CONFIG",
    ):
        assert option in out


# Links between pages (ST054), judged as the build judges them

LINKING = CLEAN.replace(
    "[@court].\n", "[@court]. It cited [the first hearing](first-hearing.md#ruling) [@court].\n"
)
LINK_LINE = (
    "content/entries/2016/linking.md:14:76: warning ST054 link 'first-hearing.md#ruling' "
    "leads to 'entries/2016/first-hearing.md', which the site does not have: correct the "
    "path (it is read from this file's folder)"
)


def test_a_broken_relative_link_is_a_warning_that_fails_with_strict(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "linking.md", LINKING)
    assert run(capsys, "check") == Run(
        0, f"{LINK_LINE}\n", "1 entry checked: 0 errors, 1 warning\n"
    )
    assert run(capsys, "check", "--strict").code == 1
    add(digest, "first-hearing.md", CLEAN.replace("\nThe court", "\n## Ruling\n\nThe court"))
    assert run(capsys, "check", "--strict") == Run(
        0, "", "2 entries checked: 0 errors, 0 warnings\n"
    )


def test_the_cache_is_kept_beside_mkdocs_yml_unless_no_cache(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(digest, "clean.md", CLEAN)
    assert run(capsys, "check", "--no-cache").code == 0
    assert not (digest / ".sourcetrace-cache").exists()
    assert run(capsys, "check").code == 0
    assert len(list((digest / ".sourcetrace-cache").glob("v*/*.bin"))) == 1


def test_an_entry_written_with_another_markdown_suffix_is_checked_and_refused_by_name(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # MkDocs publishes entries/x.markdown as a page: the check reads it too.
    add(digest, "clean.markdown", CLEAN.replace("[@court].", "[@court]. It fled."))
    result = run(capsys, "check", "--no-cache")
    assert result.code == 1
    assert result.out.splitlines() == [
        "content/entries/2016/clean.markdown:1:1: error ST000 an entry is a .md file, and "
        "MkDocs publishes this one as Markdown too: rename 'clean.markdown' to 'clean.md'",
        'content/entries/2016/clean.markdown:14:47: error ST020 uncited claim: "It fled." '
        "(cite one of: court)",
    ]
