"""Measure Sourcetrace against the plain tools it is built on, side by side in one run.

Machines are noisy, so nothing here is compared with a figure from another run:
each comparison alternates its two sides, repeats them, and quotes the ratio of
the best times (the median is printed beside it). Times are the CPU time of the
process doing the work: on a shared machine another process taking a core
stretches wall-clock time but not CPU time (wall-clock ratios are printed too).
Three comparisons:

(a) ``sourcetrace check`` against reading the same files with python-frontmatter
    and Python-Markdown alone (in this process), with the Markdown extensions and
    options the check itself converts with (the site's ``markdown_extensions`` and
    MkDocs' built-in ones), so that the ratio is the cost of checking over reading;
(b) ``mkdocs build`` with the plugin against the same entries written with
    plain footnotes and no plugin (one fresh process per build);
(c) the plugin build at N entries against 2N entries (is it linear?).

What the two sides of (b) build (see :func:`site_config`). Both: Material's theme,
its search plugin, the real ``mkdocs.yml``'s Markdown extensions, strict mode, a
short home page, the same prose in every entry, and entries out of the navigation.

- plugin side: ``sourcetrace`` with its defaults, and entries that list their
  sources in the front-matter and cite them as ``[@id, p. 4]``. The build does
  everything the plugin does on the real site except what needs the blog plugin:
  it checks every entry (stopping on an error), renders citations with tooltips,
  claim anchors, the byline and the Sources section, adds JSON-LD to each entry,
  generates the Sources pages (an index, a page per publisher and one per
  publisher and year) and the tag pages, and writes ``claims.json``,
  ``sources.json``, ``feed.xml`` and ``feed.json``.
- footnote side: ``footnotes`` added to the extensions, no plugin, and entries
  without ``sources`` whose citations are footnotes (``[^3]``) defined at the end
  with the source's publisher, title, date, address and locator.

Neither side has the real site's blog and tags plugins, so (b) does not measure
them (the blog plugin reads every entry's front-matter again itself).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import markdown

from bench.corpus import write_corpus
from build_tools.content import load_digest
from build_tools.site_config import site_setup

REPO = Path(__file__).resolve().parent.parent
REAL_CONFIG = REPO / "mkdocs.yml"

TARGET_CHECK_RATIO = 1.3  # the check now includes the conversion it shares with the site
TARGET_PLUGIN_RATIO = 1.10
TARGET_SCALING_RATIO = 2.2


class BenchError(Exception):
    """The benchmark cannot run or its input is wrong: one line for the user."""


@dataclass(frozen=True, slots=True)
class Machine:
    """What the figures were measured on."""

    cpus: int
    cpu_model: str
    python: str
    mkdocs: str
    markdown: str

    def describe(self) -> str:
        """One line naming the machine and the versions that matter."""
        return (
            f"{self.cpus} CPUs ({self.cpu_model}), Python {self.python}, "
            f"MkDocs {self.mkdocs}, Python-Markdown {self.markdown}"
        )


def machine() -> Machine:
    """Describe this machine: CPU count and model, Python and library versions."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass  # not Linux: platform.processor() is the best there is
    return Machine(
        cpus=os.cpu_count() or 1,
        cpu_model=model,
        python=platform.python_version(),
        mkdocs=importlib.metadata.version("mkdocs"),
        markdown=importlib.metadata.version("markdown"),
    )


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed run: wall-clock and CPU seconds, and its peak memory if measured."""

    wall: float
    cpu: float
    max_rss_kib: int | None = None


@dataclass(frozen=True, slots=True)
class Runs:
    """Repeated runs of one thing."""

    label: str
    samples: tuple[Sample, ...]

    @property
    def best(self) -> float:
        """The least CPU time: noise only ever adds time, so this is the least disturbed."""
        return min(s.cpu for s in self.samples)

    @property
    def median(self) -> float:
        """The median CPU time."""
        return statistics.median(s.cpu for s in self.samples)

    @property
    def best_wall(self) -> float:
        """The least wall-clock time."""
        return min(s.wall for s in self.samples)

    @property
    def max_rss_kib(self) -> int | None:
        """The highest peak memory of any run, if measured."""
        peaks = [s.max_rss_kib for s in self.samples if s.max_rss_kib is not None]
        return max(peaks) if peaks else None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two sides of one measurement and the target their ratio must meet."""

    name: str
    measured: Runs
    baseline: Runs
    target: float

    @property
    def ratio(self) -> float:
        """Best of the measured side over best of the baseline."""
        return self.measured.best / self.baseline.best

    @property
    def median_ratio(self) -> float:
        """The same ratio from the medians, to show how stable the best one is."""
        return self.measured.median / self.baseline.median

    @property
    def wall_ratio(self) -> float:
        """The ratio of the best wall-clock times."""
        return self.measured.best_wall / self.baseline.best_wall

    @property
    def met(self) -> bool:
        """Whether the ratio is within its target."""
        return self.ratio <= self.target


@dataclass(frozen=True, slots=True)
class Corpus:
    """A generated docs dir and its mkdocs.yml."""

    config_file: Path
    docs_dir: Path
    entries: int
    bytes: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one benchmark run measured."""

    machine: Machine
    entries: int
    repeats: int
    seed: int
    corpus_bytes: int
    generate_seconds: float
    load: tuple[float, float]  # one-minute load average before and after
    check: Comparison
    plugin: Comparison
    scaling: Comparison


def _block(text: str, key: str) -> str:
    """The top-level YAML block ``key:`` of ``text``, verbatim (tags and all)."""
    match = re.search(rf"^{key}:.*\n(?:(?:[ \t].*|[ \t]*)\n)*", text, flags=re.MULTILINE)
    return match.group(0).rstrip() + "\n" if match else ""


def site_config(*, footnotes: bool, real_config: Path = REAL_CONFIG) -> str:
    """The mkdocs.yml text for one variant of the benchmark site.

    Both variants keep entries out of the navigation, as the real site does
    (a nav that lists every entry makes each page's build cost grow with the
    number of entries). The plugin variant copies the Markdown extensions of the
    real ``mkdocs.yml`` verbatim; the footnote variant adds ``footnotes`` to them
    and drops the plugin.
    """
    try:
        extensions = _block(real_config.read_text(encoding="utf-8"), "markdown_extensions")
    except OSError as error:
        raise BenchError(f"cannot read {real_config}: {error.strerror}") from error
    if not extensions:
        extensions = "markdown_extensions:\n"
    plugins = "  - search\n"
    if footnotes:
        if not re.search(r"^\s*-\s*footnotes\b", extensions, flags=re.MULTILINE):
            extensions += "  - footnotes\n"
    else:
        plugins += "  - sourcetrace\n"
    return (
        f"site_name: Sourcetrace benchmark ({'footnotes' if footnotes else 'plugin'})\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        "strict: true\n"
        "theme:\n  name: material\n  font: false\n"
        f"plugins:\n{plugins}"
        f"{extensions}"
        "not_in_nav: |\n  /entries/\n"
        "nav:\n  - Home: index.md\n"
    )


def make_corpus(root: Path, entries: int, seed: int, *, footnotes: bool) -> Corpus:
    """Write a site (mkdocs.yml and docs/) with ``entries`` entries under ``root``."""
    root = root.resolve()  # the builds run in another working directory
    if root.exists():
        shutil.rmtree(root)
    docs_dir = root / "docs"
    write_corpus(docs_dir, entries, seed, footnotes=footnotes)
    config_file = root / "mkdocs.yml"
    config_file.write_text(site_config(footnotes=footnotes), encoding="utf-8")
    size = sum(p.stat().st_size for p in docs_dir.rglob("*.md"))
    return Corpus(config_file=config_file, docs_dir=docs_dir, entries=entries, bytes=size)


def run_check(corpus: Corpus, paths: Sequence[Path] | None = None) -> int:
    """What ``sourcetrace check`` does, in this process; returns the number of files."""
    digest = load_digest(list(paths) if paths else [corpus.docs_dir], corpus.config_file)
    problems = [d for f in digest.files for d in f.diagnostics]
    if problems:
        raise BenchError(
            f"the checker reports {len(problems)} problem(s) in the synthetic corpus, "
            f"first: {problems[0].format()}"
        )
    return len(digest.files)


def run_baseline_parse(corpus: Corpus, paths: Sequence[Path] | None = None) -> int:
    """Read the same entry files with python-frontmatter and Python-Markdown alone.

    Markdown gets the extensions and options the check converts with, read from the
    corpus's mkdocs.yml the same way.
    """
    setup = site_setup(corpus.config_file.read_text(encoding="utf-8"))
    files = list(paths) if paths else sorted((corpus.docs_dir / "entries").rglob("*.md"))
    for path in files:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        markdown.markdown(
            post.content, extensions=list(setup.extensions), extension_configs=setup.configs
        )
    return len(files)


def alternate(tasks: Sequence[tuple[str, Callable[[], Sample]]], repeats: int) -> list[Runs]:
    """Run each task ``repeats`` times, rotating the order every round.

    Rotating means no side always runs first (with a cold cache) or last (on a
    warm, possibly throttled CPU).
    """
    samples: dict[str, list[Sample]] = {label: [] for label, _ in tasks}
    for round_ in range(repeats):
        shift = round_ % len(tasks)
        for label, task in [*tasks[shift:], *tasks[:shift]]:
            samples[label].append(task())
    return [Runs(label, tuple(samples[label])) for label, _ in tasks]


def _timed(action: Callable[[], object]) -> Callable[[], Sample]:
    def run() -> Sample:
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        return Sample(time.perf_counter() - wall, time.process_time() - cpu)

    return run


def compare_check(corpus: Corpus, repeats: int) -> Comparison:
    """(a) ``sourcetrace check`` against frontmatter + Markdown, alternated in-process."""
    warm = sorted((corpus.docs_dir / "entries").rglob("*.md"))[:5]
    # One small pass each first, so neither side's timing includes importing
    # modules or compiling patterns that the other side already paid for.
    run_check(corpus, warm)
    run_baseline_parse(corpus, warm)
    check, baseline = alternate(
        [
            ("sourcetrace check", _timed(lambda: run_check(corpus))),
            ("frontmatter + Markdown", _timed(lambda: run_baseline_parse(corpus))),
        ],
        repeats,
    )
    return Comparison(
        f"(a) check vs frontmatter + Python-Markdown, {corpus.entries} entries",
        check,
        baseline,
        TARGET_CHECK_RATIO,
    )


def build_once(corpus: Corpus) -> Sample:
    """Build ``corpus`` with ``mkdocs build`` in a fresh process; return its times and memory."""
    site_dir = corpus.config_file.parent / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    process = subprocess.run(
        [sys.executable, "-m", "bench.build_once", str(corpus.config_file)],
        cwd=corpus.config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if process.returncode != 0:
        lines = [line for line in process.stderr.splitlines() if line.strip()]
        detail = " | ".join(lines[-3:]) or f"exit status {process.returncode}"
        raise BenchError(f"building {corpus.config_file} failed: {detail}")
    result = json.loads(process.stdout.strip().splitlines()[-1])
    return Sample(
        float(result["wall_seconds"]), float(result["cpu_seconds"]), int(result["max_rss_kib"])
    )


def require_plugin() -> None:
    """Fail with a hint when the ``sourcetrace`` MkDocs plugin is not installed."""
    if not importlib.metadata.entry_points(group="mkdocs.plugins", name="sourcetrace"):
        raise BenchError(
            "the sourcetrace MkDocs plugin is not installed in this Python: "
            "run 'make' or '.venv/bin/pip install -e .' first"
        )


def compare_builds(
    plugin: Corpus, footnotes: Corpus, double: Corpus, repeats: int
) -> tuple[Comparison, Comparison]:
    """(b) plugin vs footnotes at N, and (c) plugin at 2N vs N, all builds interleaved."""
    at_n, plain, at_2n = alternate(
        [
            (f"plugin, {plugin.entries}", lambda: build_once(plugin)),
            (f"footnotes, {footnotes.entries}", lambda: build_once(footnotes)),
            (f"plugin, {double.entries}", lambda: build_once(double)),
        ],
        repeats,
    )
    return (
        Comparison(
            f"(b) mkdocs build, plugin vs plain footnotes, {plugin.entries} entries",
            at_n,
            plain,
            TARGET_PLUGIN_RATIO,
        ),
        Comparison(
            f"(c) mkdocs build with plugin, {double.entries} vs {plugin.entries} entries",
            at_2n,
            at_n,
            TARGET_SCALING_RATIO,
        ),
    )


def run_benchmark(workdir: Path, entries: int, repeats: int = 3, seed: int = 1) -> Report:
    """Generate the corpora under ``workdir`` and run all three comparisons.

    Args:
        workdir: an empty or disposable directory for the corpora and built sites.
        entries: N, the corpus size of comparisons (a) and (b); (c) also builds 2N.
        repeats: how many times each side runs.
        seed: the corpus seed.

    Raises:
        BenchError: when the plugin is missing, the corpus has findings, or a build fails.
    """
    if entries < 1 or repeats < 1:
        raise BenchError("--entries and --repeats must be at least 1")
    require_plugin()
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    plugin = make_corpus(workdir / "plugin", entries, seed, footnotes=False)
    footnotes = make_corpus(workdir / "footnotes", entries, seed, footnotes=True)
    double = make_corpus(workdir / "plugin-double", 2 * entries, seed, footnotes=False)
    generated = time.perf_counter() - start
    check = compare_check(plugin, repeats)
    build, scaling = compare_builds(plugin, footnotes, double, repeats)
    return Report(
        machine=machine(),
        entries=entries,
        repeats=repeats,
        seed=seed,
        corpus_bytes=plugin.bytes,
        generate_seconds=generated,
        load=(load_before, os.getloadavg()[0]),
        check=check,
        plugin=build,
        scaling=scaling,
    )


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"


def format_report(report: Report) -> str:
    """The figures as a Markdown table, ready to paste into the README."""
    lines = [
        f"Sourcetrace benchmark: {report.entries} entries "
        f"({report.corpus_bytes / 1e6:.1f} MB of Markdown), seed {report.seed}, "
        f"best of {report.repeats} (median ratio in brackets)",
        f"Machine: {report.machine.describe()}",
        f"Corpora generated in {report.generate_seconds:.1f} s; load average "
        f"{report.load[0]:.2f} before, {report.load[1]:.2f} after",
        "",
        "| Comparison | Measured (CPU) | Baseline (CPU) | Ratio (median) | Wall ratio "
        "| Target | Met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for comparison in (report.check, report.plugin, report.scaling):
        lines.append(
            f"| {comparison.name} | {comparison.measured.best:.2f} s "
            f"| {comparison.baseline.best:.2f} s "
            f"| {comparison.ratio:.2f} ({comparison.median_ratio:.2f}) "
            f"| {comparison.wall_ratio:.2f} "
            f"| ≤ {comparison.target:.2f} | {'yes' if comparison.met else 'NO'} |"
        )
    lines += [
        "",
        "| Build | CPU best | CPU median | Wall best | Peak memory |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for runs in (report.plugin.measured, report.plugin.baseline, report.scaling.measured):
        lines.append(
            f"| {runs.label} entries | {runs.best:.2f} s | {runs.median:.2f} s "
            f"| {runs.best_wall:.2f} s | {_mib(runs.max_rss_kib)} |"
        )
    return "\n".join(lines)
