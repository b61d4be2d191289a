"""Where a full build's time goes, phase by phase.

Builds a site in this process with each phase's entry point wrapped in a CPU timer
(a wrapper costs about a microsecond a call, so the figures are those of an ordinary
build, not of a profiler's). Phases nest: the reading of claims and the rendering of
citations happen inside Python-Markdown's conversion, and are listed under it.
Garbage collection is timed through ``gc.callbacks``, wherever it strikes.

    .venv/bin/python -m bench.phases 1000            # the benchmark corpus, real mkdocs.yml
    .venv/bin/python -m bench.phases --config path/to/mkdocs.yml
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# (label, module, attribute path): where each phase is entered. Indented labels are
# phases inside the one above them.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("Python-Markdown conversion", "markdown.core", "Markdown.convert"),
    ("  reading claims (tree walk)", "build_tools.parse.reading", "ReadClaims.run"),
    ("  rendering citations, sources", "build_tools.render.extension", "RenderEntry.run"),
    ("entry front-matter (sourcetrace)", "build_tools.plugin", "read_entry"),
    ("checking rules (sourcetrace)", "build_tools.plugin", "check_parsed"),
    ("sanitising pages (sourcetrace)", "build_tools.plugin", "sanitize_page"),
    ("generated pages (sourcetrace)", "build_tools.plugin", "site_pages"),
    ("claims.json, sources.json, feeds", "build_tools.plugin", "site_files"),
    ("policy, as pages are written", "build_tools.plugin", "page_policy"),
    ("policy, after the build (_headers)", "build_tools.plugin", "apply_policy"),
    ("Jinja templates", "jinja2.environment", "Template.render"),
    ("search index (page)", "material.plugins.search.plugin", "SearchPlugin.on_page_context"),
    ("search index (write)", "material.plugins.search.plugin", "SearchPlugin.on_post_build"),
)


@dataclass
class Clock:
    """CPU seconds and calls of one phase; re-entry is counted once."""

    seconds: float = 0.0
    calls: int = 0
    depth: int = 0


@dataclass
class Timings:
    clocks: dict[str, Clock] = field(default_factory=dict)
    gc_seconds: float = 0.0
    total: float = 0.0
    missing: list[str] = field(default_factory=list)  # entry points this code base lacks


def _resolve(module: str, path: str) -> tuple[Any, str] | None:
    try:
        owner: Any = importlib.import_module(module)
    except ImportError:
        return None
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent, None)
        if owner is None:
            return None
    return (owner, name) if hasattr(owner, name) else None


def _timed(function: Callable[..., Any], clock: Clock) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        clock.calls += 1
        if clock.depth:
            return function(*args, **kwargs)
        clock.depth += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            clock.seconds += time.process_time() - started
            clock.depth -= 1

    return wrapper


@contextmanager
def instrumented(timings: Timings) -> Iterator[None]:
    """Wrap every phase's entry point, and time garbage collection, while inside."""
    restore: list[tuple[Any, str, Any]] = []
    for label, module, path in PHASES:
        found = _resolve(module, path)
        if found is None:
            timings.missing.append(label)
            continue
        owner, name = found
        original = getattr(owner, name)
        clock = timings.clocks.setdefault(label, Clock())
        setattr(owner, name, _timed(original, clock))
        restore.append((owner, name, original))
    collecting: list[float] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collecting.append(time.process_time())
        elif collecting:
            timings.gc_seconds += time.process_time() - collecting.pop()

    gc.callbacks.append(on_gc)
    try:
        yield
    finally:
        gc.callbacks.remove(on_gc)
        for owner, name, original in reversed(restore):
            setattr(owner, name, original)


def measure(config_file: Path) -> Timings:
    """Build ``config_file`` once, in this process, phase by phase."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    timings = Timings()
    with instrumented(timings):
        started = time.process_time()
        build(load_config(str(config_file)))
        timings.total = time.process_time() - started
    return timings


def format_timings(timings: Timings, entries: int | None) -> str:
    per = f" ({timings.total / entries * 1000:.1f} ms/entry)" if entries else ""
    lines = [f"{'whole build (CPU)':<36} {timings.total:8.2f} s  100%{per}"]
    for label, clock in timings.clocks.items():
        share = clock.seconds / timings.total * 100 if timings.total else 0.0
        lines.append(f"{label:<36} {clock.seconds:8.2f} s  {share:3.0f}%  ({clock.calls:,} calls)")
    lines.extend(f"{label:<36} not measured: no such function" for label in timings.missing)
    share = timings.gc_seconds / timings.total * 100 if timings.total else 0.0
    lines.append(f"{'garbage collection':<36} {timings.gc_seconds:8.2f} s  {share:3.0f}%")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.phases",
        description="Build a site once and say where its CPU time went, phase by phase.",
        epilog="Example: python -m bench.phases 1000",
    )
    parser.add_argument("entries", type=int, nargs="?", default=1000, help="corpus size")
    parser.add_argument("--config", type=Path, help="build this mkdocs.yml instead")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.config is not None:
        print(format_timings(measure(args.config), None))
        return 0
    from bench.site_bench import prepare

    with tempfile.TemporaryDirectory(prefix="sourcetrace-phases-") as workdir:
        config = prepare(Path(workdir), args.entries)
        print(f"entries: {args.entries:,} (benchmark corpus, the real mkdocs.yml)")
        print(format_timings(measure(config), args.entries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
