from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_harness import Run

DIGEST = Path(__file__).parent / "fixtures" / "stats"
APPEAL = "content/entries/2016/appeal_with_uncited_and_untraced_claims.md"
CHARGES = "content/entries/2016/charges_traced_to_the_court.md"
UNREADABLE = "content/entries/2016/no_front_matter.md"
NOT_COUNTED = (
    f"{UNREADABLE}: not counted: it cannot be read as an entry "
    f"(run 'sourcetrace check {UNREADABLE}')\n"
)

TOTALS = """\
entries                          2
claims                           4
cited                            3  75.0%
citing a primary source          2  50.0%
a reader can open                2  50.0%
with a verified passage          0  0.0%
on dependent sources             0  0.0%
sources                          3
with an archived copy            1  33.3%
with a snapshot                  0  0.0%
quoted passages                  0
  verified                       0  -
  altered                        0  -
  not found                      0  -
  no snapshot                    0  -
(1 draft not counted)
"""

PER_ENTRY = f"""\
entry                                                              claims     cited   primary  openable  verified   sources  archived
{APPEAL}         3     66.7%     33.3%     66.7%      0.0%         2         1
{CHARGES}                     1    100.0%    100.0%      0.0%      0.0%         1         0
"""  # noqa: E501

NO_PASSAGES = {"verified": 0, "altered": 0, "not found": 0, "no snapshot": 0}


@pytest.fixture(autouse=True)
def in_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DIGEST)


def test_stats_prints_the_digest_figures(run: Run) -> None:
    result = run("stats")
    assert (result.code, result.out, result.err) == (0, TOTALS, NOT_COUNTED)


def test_per_entry_adds_a_row_for_each_counted_entry(run: Run) -> None:
    result = run("stats", "--per-entry")
    assert result.code == 0
    assert result.out == TOTALS + "\n" + PER_ENTRY


def test_json_gives_the_same_figures_as_fractions(run: Run) -> None:
    result = run("stats", "--format", "json", "--per-entry")
    assert (result.code, result.err) == (0, NOT_COUNTED)
    assert json.loads(result.out) == {
        "entries": 2,
        "claims": 4,
        "cited": 3,
        "cited_share": 0.75,
        "primary": 2,
        "primary_share": 0.5,
        "openable": 2,
        "openable_share": 0.5,
        "verified": 0,
        "verified_share": 0.0,
        "not_independent": 0,
        "sources": 3,
        "archived": 1,
        "archived_share": 1 / 3,
        "snapshots": 0,
        "passages": NO_PASSAGES,
        "drafts_not_counted": 1,
        "unreadable": [UNREADABLE],
        "per_entry": [
            {
                "path": APPEAL,
                "claims": 3,
                "cited": 2,
                "cited_share": 2 / 3,
                "primary": 1,
                "primary_share": 1 / 3,
                "openable": 2,
                "openable_share": 2 / 3,
                "verified": 0,
                "verified_share": 0.0,
                "not_independent": 0,
                "sources": 2,
                "archived": 1,
                "archived_share": 0.5,
                "snapshots": 0,
                "passages": NO_PASSAGES,
            },
            {
                "path": CHARGES,
                "claims": 1,
                "cited": 1,
                "cited_share": 1.0,
                "primary": 1,
                "primary_share": 1.0,
                "openable": 0,
                "openable_share": 0.0,
                "verified": 0,
                "verified_share": 0.0,
                "not_independent": 0,
                "sources": 1,
                "archived": 0,
                "archived_share": 0.0,
                "snapshots": 0,
                "passages": NO_PASSAGES,
            },
        ],
    }


def test_paths_narrow_the_figures_to_those_entries(run: Run) -> None:
    result = run("stats", CHARGES)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "entries                          1\n"
        "claims                           1\n"
        "cited                            1  100.0%\n"
        "citing a primary source          1  100.0%\n"
        "a reader can open                0  0.0%\n"
        "with a verified passage          0  0.0%\n"
        "on dependent sources             0  0.0%\n"
        "sources                          1\n"
        "with an archived copy            0  0.0%\n"
        "with a snapshot                  0  0.0%\n"
        "quoted passages                  0\n"
        "  verified                       0  -\n"
        "  altered                        0  -\n"
        "  not found                      0  -\n"
        "  no snapshot                    0  -\n"
    )


def test_with_nothing_to_count_shares_are_absent_not_zero(run: Run) -> None:
    result = run("stats", "--format", "json", UNREADABLE)
    assert result.code == 0
    data = json.loads(result.out)
    assert (data["entries"], data["cited_share"], data["archived_share"]) == (0, None, None)
    text = run("stats", UNREADABLE).out
    assert "cited                            0  -\n" in text
    assert "per_entry" not in data


def test_a_missing_path_is_a_usage_error_not_a_traceback(run: Run) -> None:
    result = run("stats", "content/entries/1999")
    assert (result.code, result.out) == (2, "")
    assert result.err == "error: content/entries/1999: no such file or directory\n"


def test_an_unknown_format_is_a_usage_error(run: Run) -> None:
    result = run("stats", "--format", "csv")
    assert result.code == 2
    # How argparse lists the choices differs between Python versions.
    assert result.err.startswith(
        "error: sourcetrace stats: argument --format: invalid choice: 'csv'"
    )
    assert result.err.endswith(" (see 'sourcetrace stats --help')\n")


def test_help_explains_with_an_example(run: Run) -> None:
    result = run("stats", "--help")
    assert result.code == 0
    assert "sourcetrace stats --per-entry" in result.out
    for option in ("--per-entry", "--format", "--config"):
        assert option in result.out


def test_a_missing_config_is_an_error_even_with_paths(run: Run) -> None:
    result = run("stats", "--config", "elsewhere/mkdocs.yml", CHARGES)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: no mkdocs.yml in elsewhere: check the --config path, or leave --config out "
        "to check the files alone\n"
    )


def test_a_named_config_is_read(run: Run) -> None:
    result = run("stats", "--config", "mkdocs.yml")
    assert (result.code, result.out, result.err) == (0, TOTALS, NOT_COUNTED)


def test_one_draft_and_several_are_counted_in_words(run: Run, tmp_path: Path) -> None:
    draft = (DIGEST / "content" / "entries" / "2016").glob("*.md")
    drafts = [path for path in draft if "draft: true" in path.read_text(encoding="utf-8")]
    assert len(drafts) == 1
    entries = tmp_path / "entries"
    entries.mkdir()
    for copy in ("a.md", "b.md"):
        (entries / copy).write_bytes(drafts[0].read_bytes())
    assert "(2 drafts not counted)" in run("stats", str(entries)).out
    assert "(1 draft not counted)" in run("stats", str(entries / "a.md")).out
