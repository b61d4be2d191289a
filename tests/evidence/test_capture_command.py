"""``sourcetrace capture --file``: the printed item, the store, and the entry updated in place."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.check import check_entry
from build_tools.cli import main
from build_tools.evidence import fetch
from build_tools.evidence.store import SnapshotStore, digest_of
from tests.evidence.conftest import FIXTURES, HEARING


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n")
    (tmp_path / "content" / "entries").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> object:
    def call(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


ENTRY = """\
---
title: Court hears the case  # the headline
date: 2016-02-22
summary: >-
  The court heard the case
  on Monday.
sources:
  # the paper's own report
  - id: gazette
    title: "Court hears case of 27 defendants"
    publisher: 'Vellmar Gazette'
    role: secondary
    url: https://example.org/news/court-hears-case
    archive_url: https://archive.example.org/news/court-hears-case
    quote: >-
      Prosecutors have charged
      27 people.
    via: [court]
  - id: court
    title: Case file
    publisher: Ankara 3rd High Criminal Court
    role: primary
    offline: court file, not published
---

The court heard the case [@gazette, "heard the case on Monday"].
"""


def test_printing_a_ready_sources_item(run, project: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "capture",
        "--file",
        str(FIXTURES / "news_jsonld.html"),
        "--url",
        "https://example.org/news/court-hears-case",
        "--accessed",
        "2016-02-23",
    )
    digest = digest_of((FIXTURES / "news_jsonld.html").read_bytes())
    assert (result.code, result.out) == (
        0,
        "  - id: new-source\n"
        "    title: Court hears case of 27 defendants\n"
        "    publisher: Vellmar Gazette\n"
        "    role: secondary  # or primary: only you know which\n"
        "    url: https://example.org/news/court-hears-case\n"
        "    published: 2016-02-22\n"
        "    accessed: 2016-02-23\n"
        "    language: en\n"
        f"    snapshot: sha256:{digest}\n",
    )
    assert result.err.splitlines() == [
        f"content/snapshots/{digest}: stored, text/html",
        "  title: 'Court hears case of 27 defendants' (from JSON-LD headline)",
        "  publisher: 'Vellmar Gazette' (from JSON-LD publisher)",
        "  authors: 'Ayşe Yılmaz; Jon Berg' (from JSON-LD author)",
        "  published: '2016-02-22T18:00:00+02:00' (from JSON-LD datePublished)",
        "  warning: published disagrees: OpenGraph article:published_time says "
        "'2016-02-23T07:30:00+02:00'",
        "  warning: published disagrees: htmldate says '2016-02-23'",
        "  modified: '2016-02-23T09:00:00+02:00' (from JSON-LD dateModified)",
        "  language: 'en' (from JSON-LD inLanguage)",
        "  url: 'https://example.org/news/court-hears-case' (from JSON-LD mainEntityOfPage)",
    ]
    again = run("capture", "--file", str(FIXTURES / "news_jsonld.html"))
    assert again.err.splitlines()[0] == (
        f"content/snapshots/{digest}: already stored (the same bytes), text/html"
    )
    assert [p.name for p in (project / "content" / "snapshots").iterdir()] == [digest]


def test_updating_an_entry_keeps_comments_order_and_quoting(run, project: Path) -> None:  # type: ignore[no-untyped-def]
    path = project / "content" / "entries" / "court.md"
    path.write_text(ENTRY, encoding="utf-8")
    result = run(
        "capture",
        "--file",
        str(FIXTURES / "news_jsonld.html"),
        "--url",
        "https://example.org/news/court-hears-case",
        "--accessed",
        "2016-02-23",
        "--entry",
        str(path),
        "--id",
        "gazette",
    )
    digest = digest_of((FIXTURES / "news_jsonld.html").read_bytes())
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.splitlines()[-4:] == [
        "content/entries/court.md: gazette.published: 2016-02-22",
        "content/entries/court.md: gazette.accessed: 2016-02-23",
        "content/entries/court.md: gazette.language: en",
        f"content/entries/court.md: gazette.snapshot: sha256:{digest}",
    ]
    # Only the new lines differ; what the editor wrote stands, title and quoting included.
    assert path.read_text(encoding="utf-8") == ENTRY.replace(
        "    archive_url: https://archive.example.org/news/court-hears-case\n",
        "    archive_url: https://archive.example.org/news/court-hears-case\n"
        "    published: 2016-02-22\n"
        "    accessed: 2016-02-23\n"
        "    language: en\n",
    ).replace(
        "    via: [court]\n",
        f"    via: [court]\n    snapshot: sha256:{digest}\n",
    )
    checked = check_entry(
        "court.md", path.read_bytes(), snapshots=SnapshotStore(project / "content" / "snapshots")
    )
    assert [d.format() for d in checked.diagnostics] == []


def test_a_new_source_is_appended_without_a_role(run, project: Path) -> None:  # type: ignore[no-untyped-def]
    path = project / "content" / "entries" / "court.md"
    path.write_text(ENTRY, encoding="utf-8")
    result = run(
        "capture", "--file", str(HEARING), "--entry", str(path), "--id", "hearing",
        "--accessed", "2016-02-23",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "content/entries/court.md: added source 'hearing' (set its role: primary or " \
        "secondary)" in result.err.splitlines()  # fmt: skip
    assert path.read_text(encoding="utf-8").endswith(
        "    offline: court file, not published\n"
        "  - id: hearing\n"
        "    accessed: 2016-02-23\n"
        f"    snapshot: sha256:{digest_of(HEARING.read_bytes())}\n"
        '---\n\nThe court heard the case [@gazette, "heard the case on Monday"].\n'
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--entry", "x.md"],
            "error: --entry and --id go together: name the entry and the source's id\n",
        ),
        (
            ["--url", "ftp://example.org/x"],
            "error: --url must be an absolute http(s) URL, found ftp: in 'ftp://example.org/x'\n",
        ),
        (["--accessed", "2016-02-30"], "error: --accessed is not a real date: 2016-02-30\n"),
        (
            ["--entry", "x.md", "--id", "Bad Id"],
            "error: --id 'Bad Id' is not a source id (lowercase letters, digits, . _ -)\n",
        ),
    ],
)
def test_usage_errors(run, project: Path, argv: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("capture", "--file", str(HEARING), *argv)
    assert (result.code, result.out, result.err) == (2, "", message)


def test_failures_are_one_line_without_a_traceback(run, project: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run("capture", "--file", "nowhere.html")
    assert (missing.code, missing.err) == (
        1,
        "error: cannot read nowhere.html: No such file or directory\n",
    )
    bad = project / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    result = run("capture", "--file", str(bad))
    assert (result.code, result.err) == (
        1,
        "error: bad.txt: not utf-8 text (byte 3): give the file's encoding with --encoding, "
        "e.g. --encoding windows-1254\n",
    )
    not_an_entry = project / "plain.md"
    not_an_entry.write_text("no front-matter\n", encoding="utf-8")
    result = run("capture", "--file", str(HEARING), "--entry", str(not_an_entry), "--id", "x")
    assert (result.code, result.err) == (
        1,
        f"error: {not_an_entry}: no front-matter: the file must start with '---'\n",
    )
    assert not_an_entry.read_text(encoding="utf-8") == "no front-matter\n"


@pytest.mark.timeout(20)
def test_a_file_that_is_no_saved_page_is_refused_before_it_is_read(  # type: ignore[no-untyped-def]
    run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.mkfifo(project / "pipe.html")  # reading it would block until a writer came
    (project / "folder.html").mkdir()
    for name in ("pipe.html", "folder.html", "/dev/zero"):
        result = run("capture", "--file", name)
        assert (result.code, result.out, result.err) == (
            1,
            "",
            f"error: cannot read {name}: not a regular file, as a saved page is\n",
        )
    # At most what a fetch keeps is read; a smaller limit keeps the test's file small.
    monkeypatch.setattr(
        fetch, "FetchSettings", functools.partial(fetch.FetchSettings, max_bytes=10)
    )
    (project / "long.html").write_bytes(b"<p>eleven b</p>")
    result = run("capture", "--file", "long.html")
    assert (result.code, result.err) == (
        1,
        "error: cannot read long.html: larger than 10 bytes, the most kept\n",
    )
    assert not (project / "content" / "snapshots").exists()


def test_help_has_an_example(run) -> None:  # type: ignore[no-untyped-def]
    result = run("capture", "--help")
    assert result.code == 0
    assert (
        "sourcetrace capture --file saved/ruling.pdf --url https://example.org/ruling.pdf"
        in result.out
    )
