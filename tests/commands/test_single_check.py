"""The single-entry timing benchmark runs the installed script and reports its figures."""

from __future__ import annotations

import re

import pytest
from cli_harness import REPOSITORY

from bench import single_check

ENTRIES = REPOSITORY / "tests/commands/fixtures/stats/content/entries"
ENTRY = ENTRIES / "2016/charges_traced_to_the_court.md"


def test_the_benchmark_times_the_check_beside_bare_python(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = single_check.main([str(ENTRY), "--runs", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "entry: tests/commands/fixtures/stats/content/entries/2016/"
        "charges_traced_to_the_court.md   runs: 2 of each, alternating"
    )
    figures = r"median +\d+\.\d ms   min +\d+\.\d   max +\d+\.\d"
    assert re.fullmatch(rf"sourcetrace check --no-cache <entry> +{figures}", lines[1])
    assert re.fullmatch(rf"sourcetrace check <entry>, cached +{figures}", lines[2])
    assert re.fullmatch(rf"python -c pass +{figures}", lines[3])
    assert re.fullmatch(r"sourcetrace's own share \(median difference\): -?\d+\.\d ms", lines[4])
    verdict = re.fullmatch(r"budget 300 ms: (within|OVER) \((\d+\.\d) ms median\)", lines[5])
    assert verdict is not None
    # The verdict is the fresh check's: its median, as printed on its line.
    fresh_median = re.search(r"median +(\d+\.\d) ms", lines[1])
    assert fresh_median is not None and verdict.group(2) == fresh_median.group(1)
    assert code == (0 if verdict.group(1) == "within" else 1)
    assert len(lines) == 6
