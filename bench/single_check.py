"""How long an editor waits for ``sourcetrace check`` on the one entry they changed.

Each run is a fresh process of the installed ``sourcetrace`` script, so the
figure includes everything the editor pays: interpreter start-up, imports,
reading the configuration, and checking the entry. The budget is for the entry
checked afresh (``--no-cache``), as the entry an editor has just changed is; the
same entry found in the check cache is timed too. ``python -c pass`` with the same
interpreter is timed alongside (the three alternate, so drift on a busy machine
hits all) to show how much of the time is Python itself.

Examples:
    python -m bench.single_check
    python -m bench.single_check content/entries/2016/some-entry.md --runs 50
    python -m bench.single_check --imports     # also list the slowest imports
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 0.300


def _script(name: str) -> Path:
    for folder in (REPO / ".venv" / "bin", Path(sys.executable).parent):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"error: no {name} script in .venv/bin: run 'make test' first to install")


def _default_entry() -> Path:
    entries = sorted((REPO / "content" / "entries").rglob("*.md"))
    if not entries:
        raise SystemExit("error: no entry under content/entries: name one to check")
    return entries[0]


# As an installed package runs: Python keeps compiled modules. A shell that turns that
# off (PYTHONDONTWRITEBYTECODE) would charge every run for compiling every module.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(command: Sequence[str]) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, check=False, env=_ENV)
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1 is a finding in the entry, still a full check
        output = completed.stderr.decode(errors="replace").strip()
        raise SystemExit(f"error: {' '.join(command)} exited {completed.returncode}: {output}")
    return seconds


def _summary(label: str, times: list[float]) -> str:
    milliseconds = sorted(t * 1000 for t in times)
    return (
        f"{label:<38} median {statistics.median(milliseconds):6.1f} ms   "
        f"min {milliseconds[0]:6.1f}   max {milliseconds[-1]:6.1f}"
    )


def slowest_imports(python: Path, entry: Path, count: int) -> list[tuple[int, str]]:
    """Return the ``count`` imports with the largest cumulative time, in microseconds."""
    program = "import sys; from build_tools.cli import main; sys.exit(main(sys.argv[1:]))"
    completed = subprocess.run(
        [str(python), "-X", "importtime", "-c", program, "check", str(entry)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in completed.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(2)) <= 3:  # top-level imports only, not their parts
            rows.append((int(match.group(1)), match.group(3)))
    return sorted(rows, reverse=True)[:count]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.single_check",
        description="Time 'sourcetrace check ENTRY' as fresh processes, next to 'python -c pass'.",
    )
    parser.add_argument("entry", nargs="?", type=Path, help="entry file (default: the first)")
    parser.add_argument("--runs", type=int, default=20, help="runs of each (default 20)")
    parser.add_argument("--imports", action="store_true", help="list the slowest imports too")
    args = parser.parse_args(argv)
    entry: Path = (args.entry or _default_entry()).resolve()
    sourcetrace = _script("sourcetrace")
    python = _script("python")
    # The entry an editor has just changed is checked afresh; --no-cache is that check.
    fresh = [str(sourcetrace), "check", "--no-cache", str(entry)]
    cached = [str(sourcetrace), "check", str(entry)]
    bare = [str(python), "-c", "pass"]

    for command in (fresh, cached, bare):
        _time(command)  # one untimed run each: compiled modules written, disk cache warm
    check_times: list[float] = []
    cached_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(args.runs):
        check_times.append(_time(fresh))
        cached_times.append(_time(cached))
        bare_times.append(_time(bare))

    median = statistics.median(check_times)
    shown = entry.relative_to(REPO) if entry.is_relative_to(REPO) else entry
    print(f"entry: {shown}   runs: {args.runs} of each, alternating")
    print(_summary("sourcetrace check --no-cache <entry>", check_times))
    print(_summary("sourcetrace check <entry>, cached", cached_times))
    print(_summary("python -c pass", bare_times))
    print(
        f"sourcetrace's own share (median difference): "
        f"{(median - statistics.median(bare_times)) * 1000:.1f} ms"
    )
    verdict = "within" if median <= BUDGET_SECONDS else "OVER"
    print(f"budget {BUDGET_SECONDS * 1000:.0f} ms: {verdict} ({median * 1000:.1f} ms median)")
    if args.imports:
        print("\nslowest imports (cumulative):")
        for microseconds, module in slowest_imports(python, entry, 10):
            print(f"  {microseconds / 1000:7.1f} ms  {module}")
    return 0 if median <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
