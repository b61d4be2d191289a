"""What a full build costs per entry, next to a plain Material build of the same text.

For each size N: the benchmark corpus built as the real site (the real mkdocs.yml:
the plugin, its checks, listings, Sources and tag pages, feeds, the policy) and the
same prose as a plain Material site (footnotes instead of sources, no plugin, no
listings). Each build runs in a fresh process; the two sides alternate. Times are
CPU seconds, so another process on the machine does not stretch them.

    .venv/bin/python -m bench.build_cost 1000 2000 10000
    .venv/bin/python -m bench.build_cost --repeats 3 1000
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.harness import Corpus, Runs, alternate, build_once, make_corpus, require_plugin
from bench.site_bench import prepare

TARGET_RATIO = 1.3  # full build CPU per entry against the plain Material build


@dataclass(frozen=True, slots=True)
class Size:
    entries: int
    site: Runs
    plain: Runs

    def per_entry_ms(self, runs: Runs) -> float:
        return runs.best / self.entries * 1000

    @property
    def ratio(self) -> float:
        return self.site.best / self.plain.best


def real_site(root: Path, entries: int) -> Corpus:
    """The corpus as the real site builds it."""
    config = prepare(root, entries)
    docs = root / "content"
    size = sum(p.stat().st_size for p in docs.rglob("*.md"))
    return Corpus(config_file=config, docs_dir=docs, entries=entries, bytes=size)


def measure(workdir: Path, sizes: Sequence[int], repeats: int) -> list[Size]:
    require_plugin()
    results = []
    for entries in sizes:
        site = real_site(workdir / f"site-{entries}", entries)
        plain = make_corpus(workdir / f"plain-{entries}", entries, seed=1, footnotes=True)
        ran = alternate(
            [
                ("site", functools.partial(build_once, site)),
                ("plain", functools.partial(build_once, plain)),
            ],
            repeats,
        )
        results.append(Size(entries, ran[0], ran[1]))
    return results


def _mib(runs: Runs) -> str:
    peak = runs.max_rss_kib
    return f"{peak / 1024:.0f} MiB" if peak else "?"


def format_sizes(results: Sequence[Size]) -> str:
    lines = [
        "| entries | real site CPU | per entry | plain Material CPU | per entry | ratio "
        f"(target <= {TARGET_RATIO}) | peak memory site / plain |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        lines.append(
            f"| {size.entries:,} | {size.site.best:.1f} s | {size.per_entry_ms(size.site):.1f} ms "
            f"| {size.plain.best:.1f} s | {size.per_entry_ms(size.plain):.1f} ms "
            f"| {size.ratio:.2f} | {_mib(size.site)} / {_mib(size.plain)} |"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = size_growth(first, last)
        lines.append(
            f"\nper-entry cost at {last.entries:,} against {first.entries:,}: "
            f"{growth:.2f} (1.00 is linear)"
        )
    return "\n".join(lines)


def size_growth(small: Size, large: Size) -> float:
    """How much more each entry costs in the larger build (1.0: linear)."""
    return large.per_entry_ms(large.site) / small.per_entry_ms(small.site)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.build_cost",
        description="Full build CPU per entry against a plain Material build, at each size.",
        epilog="Example: python -m bench.build_cost 1000 2000 10000",
    )
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 2000, 10000])
    parser.add_argument("--repeats", type=int, default=1, help="builds of each side per size")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.repeats < 1 or any(n < 1 for n in args.sizes):
        parser.error("sizes and --repeats must be at least 1")
    with tempfile.TemporaryDirectory(prefix="sourcetrace-build-cost-") as workdir:
        print(format_sizes(measure(Path(workdir), args.sizes, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
