"""``python -m bench``: time the checker and the plugin build against plain tools.

Examples:
    python -m bench                  # 1,000 and 2,000 entries, best of 3
    python -m bench --quick          # 100 and 200 entries, one run each
    python -m bench --entries 500 --keep bench/out
    python -m bench corpus 1000 /tmp/digest   # just write a 1,000-entry site to try
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.harness import BenchError, format_report, run_benchmark

QUICK_ENTRIES = 100


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Generate a fictional corpus and compare, in one run: sourcetrace check vs "
            "python-frontmatter + Python-Markdown; mkdocs build with the plugin vs plain "
            "footnotes; and the plugin build at N vs 2N entries."
        ),
        epilog="Example: python -m bench --entries 1000 --repeats 3",
    )
    parser.add_argument(
        "--entries", type=int, help="corpus size N (default 1000, or 100 with --quick)"
    )
    parser.add_argument(
        "--repeats", type=int, help="runs of each side (default 3, or 1 with --quick)"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--quick", action="store_true", help="a small, single-run smoke test")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write corpora and sites under DIR and keep them"
    )
    args = parser.parse_args(argv)
    if args.entries is None:
        args.entries = QUICK_ENTRIES if args.quick else 1000
    if args.repeats is None:
        args.repeats = 1 if args.quick else 3
    return args


def parse_corpus_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench corpus",
        description=(
            "Write the benchmark corpus as a whole site (the real mkdocs.yml, home page, "
            "guide and assets, and N fictional entries) into DIR, to build or preview."
        ),
        epilog="Example: python -m bench corpus 1000 /tmp/digest && "
        "sourcetrace serve -f /tmp/digest/mkdocs.yml",
    )
    parser.add_argument("entries", type=int, metavar="N", help="number of entries")
    parser.add_argument("directory", type=Path, metavar="DIR", help="an empty or new folder")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("N must be at least 1")
    return args


def write_site_corpus(argv: Sequence[str]) -> int:
    """``python -m bench corpus N DIR``: write a site, refusing to overwrite anything."""
    from bench.site_bench import prepare

    args = parse_corpus_args(argv)
    target: Path = args.directory
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(f"error: {target} exists and is not an empty folder", file=sys.stderr)
        return 1
    target.mkdir(parents=True, exist_ok=True)
    config = prepare(target.resolve(), args.entries, seed=args.seed)
    print(f"wrote {args.entries:,} entries and {config}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["corpus"]:
        return write_site_corpus(argv[1:])
    args = parse_args(argv)
    try:
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            report = run_benchmark(args.keep, args.entries, args.repeats, args.seed)
        else:
            with tempfile.TemporaryDirectory(prefix="sourcetrace-bench-") as workdir:
                report = run_benchmark(Path(workdir), args.entries, args.repeats, args.seed)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
