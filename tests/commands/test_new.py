from __future__ import annotations

import datetime as dt
import errno
import os
import re
from pathlib import Path

import pytest
import yaml
from cli_harness import Run

from build_tools.commands import new
from build_tools.fields import CORRECTION_FIELDS, ENTRY_FIELDS, SOURCE_FIELDS, SOURCE_TYPES
from build_tools.rules.placeholders import placeholders

PLACEHOLDER = re.compile(r"<[^<>\n]+>")

# What an editor writes in place of each placeholder of the template.
FILLED = {
    "<summary>": "The appeal was heard in Ankara.",
    "<YYYY-MM-DD>": "2016-02-22",  # the entry's own date: every date after it is in order
    "<author-id>": "desk",
    "<topic>": "courts",
    "<correction>": "The hearing was on Monday, not Tuesday.",
    "<source-id>": "court",
    "<source title>": "Hearing record",
    "<publisher>": "Ankara 3rd High Criminal Court",
    "<primary or secondary>": "primary",
    "<type>": "court-record",
    "<https://source address>": "https://example.org/hearing",
    "<https://archived copy address>": "https://archive.example.org/hearing",
    "<language>": "tr",
    "<quote>": "The hearing is adjourned.",
    "<reason>": "court file, not published",
    "<sha256:...>": "sha256:" + "0" * 64,
    "<First claim of the entry, one sentence>": "The court heard the appeal on Monday",
}


def fill(text: str) -> str:
    return PLACEHOLDER.sub(lambda match: FILLED[match.group()], text)


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Court hears appeal", "court-hears-appeal"),
        (
            "Işık Çağrı's appeal — Ankara court: “hearing” ends",
            "isik-cagris-appeal-ankara-court-hearing-ends",
        ),
        ("Ærø, Łódź & Straße", "aero-lodz-strasse"),
        ("  --Hello__World--  ", "hello-world"),
        ("2016: 27 charged", "2016-27-charged"),
        ("Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "fullwidth-abc"),
        ("北京", ""),
        ("!!!", ""),
    ],
)
def test_slug_is_lowercase_ascii_words_joined_by_hyphens(title: str, slug: str) -> None:
    assert new.slugify(title) == slug


def test_a_long_title_is_cut_at_a_word_boundary() -> None:
    title = (
        "The court in Ankara heard the appeal of the newspaper's editors against their conviction"
    )
    slug = new.slugify(title)
    assert slug == "the-court-in-ankara-heard-the-appeal-of-the-newspapers"
    assert len(slug) <= new.MAX_SLUG_LENGTH


def test_new_writes_the_entry_under_its_year_and_says_where(run: Run, project: Path) -> None:
    result = run("new", "Court hears appeal", "--date", "2016-02-22")
    path = "content/entries/2016/court-hears-appeal.md"
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"created {path}\nnext: replace every <...> in it, then run 'sourcetrace check {path}'\n"
    )
    data = front_matter(project / path)
    assert data["title"] == "Court hears appeal"
    assert data["date"] == dt.date(2016, 2, 22)
    assert f"then run:  sourcetrace check {path}\n" in (project / path).read_text(encoding="utf-8")
    assert os.listdir(project / "content/entries/2016") == ["court-hears-appeal.md"]


def test_the_title_is_written_as_given_whatever_it_holds(run: Run, project: Path) -> None:
    title = 'He said: "no" \\ # not a comment — «Çağrı»'
    result = run("new", title, "--date", "2016-02-22", "--slug", "quotes")
    assert result.code == 0
    assert front_matter(project / "content/entries/2016/quotes.md")["title"] == title


def test_the_date_defaults_to_today(run: Run, project: Path) -> None:
    before = dt.date.today()
    assert run("new", "Court hears appeal").code == 0
    after = dt.date.today()
    written = {front_matter(path)["date"] for path in (project / "content/entries").glob("*/*.md")}
    assert written <= {before, after} and len(written) == 1


def test_slug_option_names_the_file(run: Run, project: Path) -> None:
    result = run("new", "Court hears appeal", "--date", "2017-01-05", "--slug", "appeal-2")
    assert result.code == 0
    assert (project / "content/entries/2017/appeal-2.md").is_file()


def test_the_content_folder_comes_from_mkdocs_yml(run: Run, project: Path) -> None:
    (project / "site.yml").write_text("site_name: Other\ndocs_dir: docs\n")
    result = run("new", "Court hears appeal", "--date", "2016-02-22", "--config", "site.yml")
    assert result.code == 0
    assert result.out.startswith("created docs/entries/2016/court-hears-appeal.md\n")


def test_an_existing_entry_is_never_overwritten(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    path = project / "content/entries/2016/court-hears-appeal.md"
    path.write_text("the editor's work\n", encoding="utf-8")
    result = run("new", "Court hears appeal!", "--date", "2016-03-01")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "error: content/entries/2016/court-hears-appeal.md already exists: "
        "edit it, or choose another name with --slug\n"
    )
    assert path.read_text(encoding="utf-8") == "the editor's work\n"
    assert os.listdir(path.parent) == ["court-hears-appeal.md"]


def test_a_failed_write_leaves_nothing_behind(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "link", disk_full)
    result = run("new", "Court hears appeal", "--date", "2016-02-22")
    assert result.code == 1
    assert result.err == (
        "error: cannot create content/entries/2016/court-hears-appeal.md: No space left on device\n"
    )
    assert os.listdir(project / "content/entries/2016") == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["x", "--date", "2016-02-30"],
            "sourcetrace new: argument --date: not a real date written YYYY-MM-DD "
            "(e.g. 2016-02-22): '2016-02-30'",
        ),
        (
            ["x", "--date", "22/02/2016"],
            "sourcetrace new: argument --date: not a real date written YYYY-MM-DD "
            "(e.g. 2016-02-22): '22/02/2016'",
        ),
        (
            ["x", "--slug", "Court_Appeal"],
            "sourcetrace new: argument --slug: a slug is lowercase ASCII letters and digits "
            "joined by single hyphens, at most 60 characters (e.g. court-hears-appeal): "
            "'Court_Appeal'",
        ),
        (
            ["x", "--slug", "../escape"],
            "sourcetrace new: argument --slug: a slug is lowercase ASCII letters and digits "
            "joined by single hyphens, at most 60 characters (e.g. court-hears-appeal): "
            "'../escape'",
        ),
    ],
)
def test_a_bad_date_or_slug_is_a_usage_error(
    run: Run, project: Path, argv: list[str], message: str
) -> None:
    result = run("new", *argv)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: {message} (see 'sourcetrace new --help')\n"
    assert not (project / "content/entries").exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "北京",
            "cannot make a file name from the title '北京' (no Latin letters or digits): "
            "give one with --slug, e.g. --slug court-hears-appeal",
        ),
        (
            "   ",
            "the title is empty: give the entry's headline, "
            'e.g. sourcetrace new "Court hears appeal"',
        ),
        (
            "Court\nhears appeal",
            "the title contains a control character ('\\n'): write the headline on one line",
        ),
    ],
)
def test_a_title_that_cannot_make_an_entry_is_a_usage_error(
    run: Run, project: Path, title: str, message: str
) -> None:
    result = run("new", title, "--date", "2016-02-22")
    assert (result.code, result.err) == (2, f"error: {message}\n")
    assert not (project / "content/entries").exists()


def test_without_mkdocs_yml_it_says_where_to_run(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "Court hears appeal")
    assert result.code == 1
    assert result.err == (
        "error: no mkdocs.yml here: run 'sourcetrace new' in the digest's folder, "
        "or name its configuration with --config\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_template_passes_the_check_once_filled(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    path = project / "content/entries/2016/court-hears-appeal.md"
    text = path.read_text(encoding="utf-8")
    assert set(PLACEHOLDER.findall(text)) == set(FILLED)
    path.write_text(fill(text), encoding="utf-8")
    result = run("check", "--strict", str(path))
    assert result.code == 0, result.out + result.err
    assert "error" not in result.out and "warning" not in result.out


def test_the_template_fails_the_check_until_filled(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    path = project / "content/entries/2016/court-hears-appeal.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    shown = "content/entries/2016/court-hears-appeal.md"
    result = run("check", shown)
    assert result.code == 1
    findings = [line for line in result.out.splitlines() if line.startswith(f"{shown}:")]
    assert findings
    # Every finding points at a line the editor still has to fill in.
    for finding in findings:
        line_number = int(finding.split(":")[1])
        assert PLACEHOLDER.search(lines[line_number - 1]), finding


def test_the_template_uncommented_in_full_passes_too(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    path = project / "content/entries/2016/court-hears-appeal.md"
    text = fill(path.read_text(encoding="utf-8"))
    # Every optional field switched on, except the offline reason that replaces a url
    # and the snapshot, which only 'sourcetrace capture' can name.
    optional = re.compile(r"^(\s*)# (?!offline|snapshot)(\w+:|  - date:|    text:)", re.MULTILINE)
    text = optional.sub(r"\1\2", text.replace("# via: [court]", "# via: []"))
    path.write_text(text, encoding="utf-8")
    data = front_matter(path)
    assert set(data) == {f.name for f in ENTRY_FIELDS}
    assert set(data["sources"][0]) == {f.name for f in SOURCE_FIELDS} - {"offline", "snapshot"}
    result = run("check", "--strict", str(path))
    assert result.code == 0, result.out + result.err


def test_the_template_names_and_explains_every_field() -> None:
    text = new.render_entry("T", dt.date(2016, 2, 22), "content/entries/2016/t.md")
    lines = text.splitlines()
    for field in (*ENTRY_FIELDS, *SOURCE_FIELDS, *CORRECTION_FIELDS):
        written = re.compile(rf"\s*(# )?\s*(- )?{field.name}:[^#]*  # \w")
        assert any(written.match(line) for line in lines), f"{field.name} is not explained"
    assert f"    # type is the kind of source, one of: {', '.join(SOURCE_TYPES)}" in lines


def test_the_template_points_editors_at_the_schema() -> None:
    text = new.render_entry("T", dt.date(2016, 2, 22), "content/entries/2016/t.md")
    assert text.splitlines()[1] == "# yaml-language-server: $schema=../../entry.schema.json"


def test_help_explains_with_an_example(run: Run) -> None:
    result = run("new", "--help")
    assert result.code == 0
    assert 'sourcetrace new "Court hears appeal in Ankara" --date 2016-02-22' in result.out
    for option in ("--date", "--slug", "--config"):
        assert option in result.out


def test_the_checker_knows_every_placeholder_the_template_writes() -> None:
    text = new.render_entry("T", dt.date(2016, 2, 22), "content/entries/2016/t.md")
    assert set(PLACEHOLDER.findall(text)) == placeholders() == set(FILLED)


def _values_with_placeholders(text: str) -> list[tuple[int, str]]:
    """(line, placeholder) for each placeholder written outside a YAML comment."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = line if line.startswith("<") else line.split("#", 1)[0]
        found.extend((number, match) for match in PLACEHOLDER.findall(value))
    return found


def test_every_placeholder_left_is_one_finding_saying_so(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    shown = "content/entries/2016/court-hears-appeal.md"
    path = project / shown
    # Every optional field switched on too, its placeholder left as written.
    optional = re.compile(r"^(\s*)# (?!type is)(\w+:|  - date:|    text:)", re.MULTILINE)
    text = optional.sub(r"\1\2", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    result = run("check", shown)
    assert result.code == 1
    findings = result.out.splitlines()
    assert {line.split(" ")[2] for line in findings} == {"ST014"}
    placed = _values_with_placeholders(text)
    assert len(findings) == len(placed)
    for finding, (number, placeholder) in zip(findings, placed, strict=True):
        assert finding.startswith(f"{shown}:{number}:"), finding
        assert f"'{placeholder}'" in finding


def test_a_new_entry_is_refused_for_its_placeholders_alone(run: Run, project: Path) -> None:
    assert run("new", "Court hears appeal", "--date", "2016-02-22").code == 0
    shown = "content/entries/2016/court-hears-appeal.md"
    result = run("check", shown)
    assert result.out.splitlines()[-2:] == [
        f"{shown}:35:1: error ST014 unfilled placeholder '<First claim of the entry, one "
        "sentence>' from the entry template: write the text it stands for in its place",
        f"{shown}:35:44: error ST014 unfilled placeholder '<source-id>' from the entry "
        "template in a citation: write the id of a listed source in its place (cite one of: "
        "(none: add sources to the front-matter))",
    ]
    assert result.out.splitlines()[0] == (
        f"{shown}:7:1: error ST014 entry 'summary' is the template's placeholder '<summary>': "
        "fill it in (one or two sentences saying what happened)"
    )
    assert result.err == "1 entry checked: 14 errors, 0 warnings\n"
