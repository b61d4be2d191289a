from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.__main__ import main, parse_args
from bench.harness import (
    BenchError,
    Comparison,
    Runs,
    Sample,
    alternate,
    build_once,
    format_report,
    make_corpus,
    run_benchmark,
    run_check,
    site_config,
)

REAL_CONFIG = Path(__file__).resolve().parents[2] / "mkdocs.yml"

CONFIG_WITH_TAGS = """\
site_name: Example
markdown_extensions:
  - admonition
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji

  - tables
not_in_nav: |
  /entries/
"""


def test_plugin_variant_copies_the_real_extensions_verbatim(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG_WITH_TAGS, encoding="utf-8")
    assert site_config(footnotes=False, real_config=config) == (
        "site_name: Sourcetrace benchmark (plugin)\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        "strict: true\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - sourcetrace\n"
        "markdown_extensions:\n"
        "  - admonition\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "\n"
        "  - tables\n"
        "not_in_nav: |\n  /entries/\n"
        "nav:\n  - Home: index.md\n"
    )


def test_footnote_variant_adds_footnotes_and_drops_the_plugin(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG_WITH_TAGS, encoding="utf-8")
    text = site_config(footnotes=True, real_config=config)
    assert "plugins:\n  - search\nmarkdown_extensions:\n  - admonition\n" in text
    assert "  - tables\n  - footnotes\nnot_in_nav:" in text
    config.write_text(CONFIG_WITH_TAGS.replace("- tables", "- footnotes"), encoding="utf-8")
    assert site_config(footnotes=True, real_config=config).count("- footnotes") == 1


def test_the_real_config_has_extensions_to_copy() -> None:
    text = site_config(footnotes=False, real_config=REAL_CONFIG)
    assert re.search(r"^markdown_extensions:\n  - ", text, flags=re.MULTILINE)


def test_a_missing_real_config_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(BenchError) as raised:
        site_config(footnotes=False, real_config=tmp_path / "absent.yml")
    assert str(raised.value) == f"cannot read {tmp_path / 'absent.yml'}: No such file or directory"


def test_sides_take_turns_going_first() -> None:
    order: list[str] = []

    def task(label: str) -> tuple[str, Callable[[], Sample]]:
        def run() -> Sample:
            order.append(label)
            return Sample(wall=len(order), cpu=1.0)

        return label, run

    runs = alternate([task("a"), task("b"), task("c")], repeats=4)
    assert order == ["a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"]
    assert [r.label for r in runs] == ["a", "b", "c"]
    walls = [[s.wall for s in r.samples] for r in runs]
    assert walls == [[1, 6, 8, 10], [2, 4, 9, 11], [3, 5, 7, 12]]


def runs(label: str, *cpu: float) -> Runs:
    return Runs(label, tuple(Sample(wall=2 * c, cpu=c, max_rss_kib=int(c)) for c in cpu))


def test_ratio_uses_the_least_cpu_time_and_the_median_is_shown() -> None:
    comparison = Comparison("x", runs("m", 3.0, 2.0, 9.0), runs("b", 1.0, 2.0, 1.6), target=2.0)
    assert comparison.ratio == 2.0
    assert comparison.median_ratio == 3.0 / 1.6
    assert comparison.wall_ratio == 2.0
    assert comparison.measured.max_rss_kib == 9
    assert comparison.met
    assert not Comparison("x", runs("m", 2.1), runs("b", 1.0), target=2.0).met
    assert Runs("w", (Sample(1.0, 1.0),)).max_rss_kib is None


def test_a_failing_build_is_reported_in_one_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "site", 2, seed=1, footnotes=True)
    corpus.config_file.write_text(
        "site_name: Broken\ndocs_dir: docs\nplugins:\n  - no-such-plugin\n", encoding="utf-8"
    )
    with pytest.raises(BenchError) as raised:
        build_once(corpus)
    assert str(raised.value) == (
        f"building {corpus.config_file} failed: "
        "Config value 'plugins': The \"no-such-plugin\" plugin is not installed"
        " | mkdocs: Aborted with a configuration error!"
    )


def test_findings_in_the_corpus_stop_the_benchmark(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "site", 2, seed=1, footnotes=False)
    entry = sorted((corpus.docs_dir / "entries").rglob("*.md"))[0]
    entry.write_text(
        entry.read_text(encoding="utf-8") + "\nThe harbour closed at noon.\n", encoding="utf-8"
    )
    with pytest.raises(BenchError) as raised:
        run_check(corpus)
    line = entry.read_text(encoding="utf-8").count("\n")
    assert str(raised.value).startswith(
        "the checker reports 1 problem(s) in the synthetic corpus, first: "
    )
    assert f'.md:{line}:1: error ST020 uncited claim: "The harbour closed at noon."' in str(
        raised.value
    )


def test_bad_arguments_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--entries", "0"]) == 1
    assert capsys.readouterr().err == "error: --entries and --repeats must be at least 1\n"


def test_the_whole_benchmark_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    report = run_benchmark(tmp_path, entries=10, repeats=1)
    assert report.check.measured.label == "sourcetrace check"
    assert report.plugin.measured.label == "plugin, 10"
    assert report.plugin.baseline.label == "footnotes, 10"
    assert report.scaling.measured.label == "plugin, 20"
    assert report.scaling.baseline is report.plugin.measured
    for runs in (report.plugin.measured, report.plugin.baseline, report.scaling.measured):
        assert len(runs.samples) == 1
        assert 0 < runs.best <= runs.best_wall * 1.05  # one thread: CPU time within wall time
        assert runs.max_rss_kib is not None and runs.max_rss_kib > 10_000
    # The builds did what they claim: citations became links, footnotes became notes.
    plugin_pages = list((tmp_path / "plugin" / "site" / "entries").rglob("index.html"))
    footnote_pages = list((tmp_path / "footnotes" / "site" / "entries").rglob("index.html"))
    assert len(plugin_pages) == len(footnote_pages) == 10
    assert all('class="st-cite"' in p.read_text(encoding="utf-8") for p in plugin_pages)
    assert not any("[@" in p.read_text(encoding="utf-8") for p in plugin_pages)
    assert all('class="footnote-ref"' in p.read_text(encoding="utf-8") for p in footnote_pages)
    table = format_report(report)
    assert table.splitlines()[0].startswith(
        "Sourcetrace benchmark: 10 entries (0.1 MB of Markdown), seed 1, best of 1"
    )
    assert "| (b) mkdocs build, plugin vs plain footnotes, 10 entries |" in table
    assert "| (c) mkdocs build with plugin, 20 vs 10 entries |" in table
    row = r"^\| plugin, 20 entries \| [\d.]+ s \| [\d.]+ s \| [\d.]+ s \| \d+ MiB \|$"
    assert re.search(row, table, flags=re.MULTILINE)
    assert "; load average " in table.splitlines()[2]


def test_a_missing_plugin_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: ())
    with pytest.raises(BenchError) as raised:
        run_benchmark(tmp_path, entries=1, repeats=1)
    assert str(raised.value) == (
        "the sourcetrace MkDocs plugin is not installed in this Python: "
        "run 'make' or '.venv/bin/pip install -e .' first"
    )
    assert list(tmp_path.iterdir()) == []


def test_quick_means_fewer_entries_and_one_run() -> None:
    quick = parse_args(["--quick"])
    assert (quick.entries, quick.repeats, quick.seed) == (100, 1, 1)
    full = parse_args([])
    assert (full.entries, full.repeats) == (1000, 3)
    chosen = parse_args(["--quick", "--entries", "40", "--repeats", "2"])
    assert (chosen.entries, chosen.repeats) == (40, 2)
