"""Edit-to-page latency of the preview: save an entry, how long until the browser's next
request shows the change.

For each size N, the benchmark corpus is written as the real site, and
``sourcetrace serve`` is started on 127.0.0.1, once focused on one entry and once on
the whole site. Each edit appends a cited sentence with a fresh word to the entry; the
page is then requested every 20 ms until it holds that word. The clock starts when the
file is written, so the figure includes noticing the change, rebuilding and serving.

    .venv/bin/python -m bench.preview_latency 1000 10000
    .venv/bin/python -m bench.preview_latency --edits 5 --focused-only 10000
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.site_bench import prepare

POLL = 0.02
STARTUP_LIMIT = 3600.0  # a full preview of 10,000 entries builds the whole site first
EDIT_LIMIT = 1800.0


@dataclass(frozen=True, slots=True)
class Latency:
    entries: int
    mode: str
    startup: float
    edits: tuple[float, ...]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_LIMIT) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, word: str, limit: float, server: subprocess.Popen[bytes]) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if server.poll() is not None:
            raise RuntimeError(f"the preview stopped (exit status {server.returncode})")
        page = _fetch(url)
        if page is not None and word in page:
            return time.perf_counter() - started
        time.sleep(POLL)
    raise RuntimeError(f"{url} did not show {word!r} within {limit:.0f} s")


@contextlib.contextmanager
def serving(config: Path, entries: Sequence[Path], port: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        str(Path(sys.executable).with_name("sourcetrace")),
        "serve",
        "--config-file",
        str(config),
        "--dev-addr",
        f"127.0.0.1:{port}",
        *map(str, entries),
    ]
    server = subprocess.Popen(
        command,
        cwd=config.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    try:
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _first_source(text: str) -> str:
    found = re.search(r"^\s*-\s*id:\s*(\S+)", text, flags=re.MULTILINE)
    if found is None:
        raise RuntimeError("the benchmark entry lists no source")
    return found.group(1).strip("'\"")


def measure(root: Path, entries: int, mode: str, edits: int) -> Latency:
    config = root / "mkdocs.yml"
    docs = root / "content"
    entry = sorted((docs / "entries").rglob("*.md"))[entries // 2]
    url_path = entry.relative_to(docs).with_suffix("").as_posix() + "/"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    original = entry.read_text(encoding="utf-8")
    source = _first_source(original)
    focus = [entry] if mode == "focused" else []
    try:
        with serving(config, focus, port) as server:
            started = time.perf_counter()
            _wait_for(url, "<html", STARTUP_LIMIT, server)
            startup = time.perf_counter() - started
            times = []
            for number in range(edits):
                word = f"Zyxwvu{number}q"
                entry.write_text(
                    original.rstrip("\n") + f"\n\nThe court sat again as {word} [@{source}].\n",
                    encoding="utf-8",
                )
                times.append(_wait_for(url, word, EDIT_LIMIT, server))
    finally:
        entry.write_text(original, encoding="utf-8")
    return Latency(entries, mode, startup, tuple(times))


def format_latencies(results: Sequence[Latency]) -> str:
    lines = [
        "| entries | preview | first page after start | edit to page, median | worst |",
        "|---:|---|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.entries:,} | {result.mode} | {result.startup:.1f} s "
            f"| {statistics.median(result.edits):.2f} s | {max(result.edits):.2f} s |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.preview_latency",
        description="Edit-to-page latency of the focused and the full preview, at each size.",
        epilog="Example: python -m bench.preview_latency 1000 10000",
    )
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=5, help="edits timed per preview")
    parser.add_argument(
        "--focused-only", action="store_true", help="skip the full preview (slow at 10,000)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.edits < 1 or any(n < 2 for n in args.sizes):
        parser.error("--edits must be at least 1 and sizes at least 2")
    modes = ["focused"] if args.focused_only else ["focused", "full"]
    results = []
    for entries in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"sourcetrace-preview-{entries}-") as workdir:
            prepare(Path(workdir), entries)
            for mode in modes:
                results.append(measure(Path(workdir), entries, mode, args.edits))
                print(format_latencies(results[-1:]).splitlines()[-1], flush=True)
    print(format_latencies(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
