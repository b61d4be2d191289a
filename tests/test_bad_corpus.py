"""The corpus of entries: each bad one gives exactly its expected lines, each good one none.

Every ``bad/NAME.md`` has a sibling ``bad/NAME.expected`` holding the exact text
lines ``sourcetrace check NAME.md`` prints, run from inside ``bad/`` so the
paths read as they do there. Each expected line was checked by hand against
the rules, not copied from the checker's output; where the checker is known
to be wrong the fixture is listed in ``KNOWN_WRONG`` and the test is a strict
expected failure until it is fixed.

Cases that are about bytes rather than text (a byte-order mark, CRLF line
endings, Latin-1, NUL bytes, sizes) are built here, in ``tmp_path``, so that
no editor or git setting can change them on the way.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.parse.text import MAX_BYTES
from build_tools.rules.evidence_texts import EVIDENCE_RULES
from build_tools.rules.registry import ENTRY_RULE_IDS

# The evidence rules need a snapshot store: their corpus is tests/evidence/fixtures/.
EVIDENCE_IDS = frozenset(r.id for r in EVIDENCE_RULES)
# A relative link to another page is judged against the whole digest: tests/crossref.
DIGEST_IDS = frozenset({"ST054"})

FIXTURES = Path(__file__).parent / "fixtures" / "entries"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"

KNOWN_WRONG: dict[str, str] = {}

# The good fixture that shows each rule kept (its "fixed" form).
GOOD_FOR_RULE = {
    "ST000": "utf8_non_ascii_text.md",
    "ST001": "every_field_valid.md",
    "ST002": "date_leap_day.md",
    "ST003": "source_ids_well_formed.md",
    "ST004": "urls_absolute_http.md",
    "ST005": "every_field_valid.md",
    "ST010": "citations_resolve.md",
    "ST011": "citation_syntax_variants.md",
    "ST012": "every_source_cited_or_via.md",
    "ST013": "headings_and_editorial_blocks.md",
    "ST014": "every_field_valid.md",
    "ST020": "citation_covers_sentences_before_it.md",
    "ST021": "hedge_with_own_citation.md",
    "ST022": "secondary_traced_by_via_chain.md",
    "ST030": "url_with_archive.md",
    "ST031": "offline_reason.md",
    "ST050": "links_and_inline_html_allowed.md",
    "ST051": "links_and_inline_html_allowed.md",
    "ST052": "links_and_inline_html_allowed.md",
    "ST053": "urls_absolute_http.md",
    "ST060": "front_matter_escapes_and_scripts.md",
    "ST061": "front_matter_escapes_and_scripts.md",
    "ST062": "tags_and_title_within_limits.md",
    "ST063": "tags_and_title_within_limits.md",
    "ST064": "tags_and_title_within_limits.md",
    "ST065": "tags_and_title_within_limits.md",
    "ST066": "every_field_valid.md",
    "ST067": "body_text_characters.md",
    "ST068": "links_and_inline_html_allowed.md",
    "ST069": "links_and_inline_html_allowed.md",
}

BAD_NAMES = sorted(p.name for p in BAD.glob("*.md"))
GOOD_NAMES = sorted(p.name for p in GOOD.glob("*.md"))

ENTRY = """\
---
title: Court hears appeal in Ankara case
date: 2016-02-22
summary: An Ankara court heard an appeal in a case against 27 people.
sources:
  - id: court
    title: Hearing record
    publisher: Ankara 3rd High Criminal Court
    role: primary
    offline: court file, not published
---

The court heard the appeal on Monday [@court]. Prosecutors charged 27 people.
"""
UNCITED = 'error ST020 uncited claim: "Prosecutors charged 27 people." (cite one of: court)'


def _config(tmp_path: Path, docs_dir: Path) -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Corpus\ndocs_dir: {docs_dir.as_posix()}\n"
        "markdown_extensions: [admonition, attr_list]\n",
        encoding="utf-8",
    )
    return config


def _check(
    capsys: pytest.CaptureFixture[str], config: Path, name: str
) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["check", "--config", str(config), name])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _case(name: str) -> object:
    if name in KNOWN_WRONG:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
    return name


def test_corpus_is_complete() -> None:
    assert len(BAD_NAMES) >= 40
    assert len(GOOD_NAMES) >= 15
    expected = sorted(p.name for p in BAD.glob("*.expected"))
    assert expected == sorted(name.removesuffix(".md") + ".expected" for name in BAD_NAMES)


def test_every_rule_has_a_good_fixture_showing_it_kept() -> None:
    assert set(GOOD_FOR_RULE) == ENTRY_RULE_IDS - EVIDENCE_IDS - DIGEST_IDS
    assert set(GOOD_FOR_RULE.values()) <= set(GOOD_NAMES)


def test_every_rule_is_broken_by_some_bad_fixture() -> None:
    shown = {
        line.split(" ")[2]
        for path in BAD.glob("*.expected")
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    # ST000 is about bytes, so its cases are built below rather than kept as files.
    assert shown | {"ST000"} == ENTRY_RULE_IDS - EVIDENCE_IDS - DIGEST_IDS


@pytest.mark.parametrize("name", [_case(name) for name in BAD_NAMES])
def test_bad_entry_gives_exactly_its_expected_lines(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docs_dir is the bad/ folder itself, so its .authors.yml defines the authors.
    config = _config(tmp_path, BAD)
    monkeypatch.chdir(BAD)
    expected = (BAD / name).with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    code, lines, err = _check(capsys, config, name)
    assert lines == expected
    assert expected, "a bad fixture must give at least one finding"
    failing = any(" error " in line for line in expected)
    assert code == (1 if failing else 0)
    assert "Traceback" not in err


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_good_entry_gives_no_finding(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / ".authors.yml").write_text("authors:\n  desk:\n    name: The desk\n")
    config = _config(tmp_path, docs)
    monkeypatch.chdir(GOOD)
    code, lines, err = _check_strict(capsys, config, name)
    assert lines == []
    assert err == "1 entry checked: 0 errors, 0 warnings\n"
    assert code == 0


def _check_strict(
    capsys: pytest.CaptureFixture[str], config: Path, name: str
) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["check", "--strict", "--config", str(config), name])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_setext_heading_with_dashes_is_not_a_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = ENTRY.replace(
        "The court heard",
        "What the court heard\n--------------------\n\nThe court heard",
    ).replace(" Prosecutors charged 27 people.", "")
    (tmp_path / "setext.md").write_text(entry, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, lines, _ = _check(capsys, _config(tmp_path, tmp_path), "setext.md")
    assert lines == []
    assert code == 0


# Byte-level cases, written in tmp_path at run time.


def _write_and_check(
    data: bytes,
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, list[str], str]:
    (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return _check(capsys, _config(tmp_path, tmp_path), name)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("lf_line_endings.md", ENTRY.encode()),
        ("crlf_line_endings.md", ENTRY.replace("\n", "\r\n").encode()),
        ("cr_line_endings.md", ENTRY.replace("\n", "\r").encode()),
        ("bom_then_front_matter.md", b"\xef\xbb\xbf" + ENTRY.encode()),
        ("bom_and_crlf.md", b"\xef\xbb\xbf" + ENTRY.replace("\n", "\r\n").encode()),
    ],
)
def test_line_endings_and_bom_keep_positions(
    name: str,
    data: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = _write_and_check(data, name, tmp_path, monkeypatch, capsys)
    assert lines == [f"{name}:13:48: {UNCITED}"]
    assert code == 1
    assert err == "1 entry checked: 1 error, 0 warnings\n"


def test_bom_before_an_unknown_field_keeps_column_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = ENTRY.replace("---\ntitle:", "---\ntitel: x\ntitle:", 1)
    data = b"\xef\xbb\xbf" + entry.replace(" Prosecutors charged 27 people.", "").encode()
    code, lines, _ = _write_and_check(data, "bom.md", tmp_path, monkeypatch, capsys)
    assert lines == [
        "bom.md:2:1: warning ST005 unknown entry field 'titel' is ignored: did you mean 'title'?"
    ]
    assert code == 0


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "latin1_bytes.md",
            ENTRY.replace("on Monday", "at the café").encode("latin-1"),
            "latin1_bytes.md:13:38: error ST000 file is not UTF-8: byte 0xE9 cannot be "
            "decoded; re-save the file as UTF-8",
        ),
        (
            "latin1_in_front_matter.md",
            ENTRY.replace("Hearing record", "Duruşma tutanağı").encode("iso-8859-9"),
            "latin1_in_front_matter.md:7:16: error ST000 file is not UTF-8: byte 0xFE cannot "
            "be decoded; re-save the file as UTF-8",
        ),
        (
            "truncated_utf8.md",
            ENTRY.encode() + "é".encode()[:1],
            "truncated_utf8.md:14:1: error ST000 file is not UTF-8: byte 0xC3 cannot be "
            "decoded; re-save the file as UTF-8",
        ),
        (
            "binary_nul.md",
            ENTRY.replace("on Monday", "on\0Monday").encode(),
            "binary_nul.md:13:30: error ST000 file is binary (it contains a NUL byte), not "
            "UTF-8 text: is this the file you meant to save here?",
        ),
        (
            "png_saved_as_entry.md",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
            "png_saved_as_entry.md:3:1: error ST000 file is binary (it contains a NUL byte), "
            "not UTF-8 text: is this the file you meant to save here?",
        ),
        (
            "utf16.md",
            ENTRY.encode("utf-16-le"),
            "utf16.md:1:2: error ST000 file is binary (it contains a NUL byte), not UTF-8 "
            "text: is this the file you meant to save here?",
        ),
        (
            "too_large.md",
            ENTRY.encode() + b"x" * (MAX_BYTES + 1 - len(ENTRY.encode())),
            f"too_large.md:1:1: error ST000 file is too large ({MAX_BYTES + 1:,} bytes); "
            f"entries are limited to {MAX_BYTES:,} bytes: split it into several entries",
        ),
        (
            "only_a_bom.md",
            b"\xef\xbb\xbf",
            "only_a_bom.md:1:1: error ST001 no front-matter: an entry starts with a line "
            "'---', its YAML fields, and another line '---'",
        ),
    ],
)
def test_unreadable_bytes_give_one_line_and_no_traceback(
    name: str,
    data: bytes,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = _write_and_check(data, name, tmp_path, monkeypatch, capsys)
    assert lines == [expected]
    assert code == 1
    assert err == "1 entry checked: 1 error, 0 warnings\n"


def test_unreadable_entry_is_reported_not_dropped_among_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = tmp_path / "content" / "entries" / "2016"
    entries.mkdir(parents=True)
    (entries / "a_good.md").write_text(ENTRY.replace(" Prosecutors charged 27 people.", ""))
    (entries / "b_binary.md").write_bytes(b"\0")
    (entries / "c_empty.md").write_bytes(b"")
    (entries / "d_latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(["check"])
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "content/entries/2016/b_binary.md:1:1: error ST000 file is binary (it contains a NUL "
        "byte), not UTF-8 text: is this the file you meant to save here?",
        "content/entries/2016/c_empty.md:1:1: error ST001 no front-matter: an entry starts "
        "with a line '---', its YAML fields, and another line '---'",
        "content/entries/2016/d_latin1.md:1:4: error ST000 file is not UTF-8: byte 0xE9 "
        "cannot be decoded; re-save the file as UTF-8",
    ]
    assert captured.err == "4 entries checked: 3 errors, 0 warnings\n"
    assert code == 1


def test_largest_allowed_entry_is_read_whole_and_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    head = ENTRY.replace(" Prosecutors charged 27 people.", "").encode()
    paragraph = (
        b"Lt. Col. Demir met him on Feb. 22 at 3.5 p.m. [@court]. The officer said "
        b'"come at once [...] now," the record shows [@court].\n\n'
    )
    count = (MAX_BYTES - len(head)) // len(paragraph)
    tail = b"The last sentence is uncited.\n"
    data = head + paragraph * count
    data += b"\n" * (MAX_BYTES - len(data) - len(tail)) + tail
    assert len(data) == MAX_BYTES
    last_line = data.count(b"\n")
    # CPU time, which another process on the machine does not stretch as it does the clock.
    started = time.process_time()
    code, lines, _ = _write_and_check(data, "largest.md", tmp_path, monkeypatch, capsys)
    elapsed = time.process_time() - started
    assert lines == [
        f"largest.md:{last_line}:1: error ST020 uncited claim: "
        '"The last sentence is uncited." (cite one of: court)'
    ]
    assert code == 1
    assert elapsed < 20


@pytest.mark.timeout(60)
def test_one_long_paragraph_is_checked_in_linear_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    head = ENTRY.replace(" Prosecutors charged 27 people.", "").encode()
    seconds = []
    for sentences in (8_000, 16_000):
        data = head + b"It sat. " * sentences + b"It ruled [@court].\n"
        name = f"long{sentences}.md"
        (tmp_path / name).write_bytes(data)
        monkeypatch.chdir(tmp_path)
        config = _config(tmp_path, tmp_path)
        runs = []
        for _ in range(3):  # the best of three: a busy machine only ever adds time
            started = time.process_time()  # CPU time: not stretched by other processes
            code = main(["check", "--no-cache", "--config", str(config), name])
            runs.append(time.process_time() - started)
            assert (capsys.readouterr().out, code) == ("", 0)
        seconds.append(min(runs))
    # Twice the sentences, about twice the time; a cost that grew with the square of the
    # paragraph would take four times as long. Timed against itself, not a machine's speed.
    assert seconds[1] < 3 * seconds[0] + 0.2, seconds


def test_quotes_nested_thousands_deep_give_a_finding_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ENTRY.encode() + b"\n" + b"> " * 3000 + b"It sat.\n"
    code, lines, err = _write_and_check(data, "deep.md", tmp_path, monkeypatch, capsys)
    assert "Traceback" not in err
    # Python-Markdown, and so the build, dies of a RecursionError on such nesting: the
    # whole entry is refused, at the line, before it is converted.
    assert lines == [
        "deep.md:15:1: error ST000 lists or quotes nested 3000 deep, deeper than Markdown "
        "can read (at most 100): flatten them"
    ]
    assert code == 1


def test_control_character_in_front_matter_is_an_st001_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ENTRY.replace("title: Court", "title: \x07Court").encode()
    code, lines, err = _write_and_check(data, "bell.md", tmp_path, monkeypatch, capsys)
    assert "Traceback" not in err
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("bell.md:2:8: error ST001 front-matter is not valid YAML: ")
    assert "#x0007" in lines[0]
