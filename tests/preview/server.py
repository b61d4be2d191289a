"""A preview server in its own process on a free loopback port, over a small copy of the site.

The site is the real mkdocs.yml, theme and pages (see tests/site/building.py) with a few
entries written for the test. The server is `sourcetrace serve` or plain `mkdocs serve`;
it is stopped with SIGINT, as an editor stops it with Ctrl-C, so that MkDocs removes its
temporary site folder, and killed if it does not stop.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.site.building import site_config_text, write_docs

HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # the first build of the whole small site, on a busy machine
REQUEST_TIMEOUT = 10.0  # a request that takes longer than this has hung


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def write_site(root: Path, entries: Path) -> Path:
    """Write the site under ``root`` with the entries under ``entries``; return mkdocs.yml."""
    write_docs(root / "content", entries)
    config = root / "mkdocs.yml"
    config.write_text(site_config_text(Path("content"), Path("site")), encoding="utf-8")
    return config


@dataclass
class Server:
    """A running preview: its address, its process and what it printed."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def get(self, path: str) -> httpx.Response:
        """GET ``path`` (relative to the site root); fails if it does not answer in time."""
        return httpx.get(self.url + path, timeout=REQUEST_TIMEOUT)

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log.read_text("utf-8", errors="replace")

    def wait_for(
        self, path: str, text: str, *, gone: bool = False, timeout: float = REQUEST_TIMEOUT
    ) -> float:
        """Poll ``path`` until its page holds ``text`` (or, ``gone``, no longer holds it).

        Returns the seconds it took.
        """
        start = time.monotonic()
        while True:
            response = self.get(path)
            if response.status_code == 200 and (text in response.text) is not gone:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise AssertionError(
                    f"{path} did not {'lose' if gone else 'show'} {text!r} within {timeout} s "
                    f"(status {response.status_code}):\n{self.output()}"
                )
            time.sleep(0.05)


def _environment() -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("SOURCETRACE_FOCUS", None)
    environ.pop("SOURCETRACE_STRICT", None)
    environ["NO_MKDOCS_2_WARNING"] = "1"
    environ["PYTHONUNBUFFERED"] = "1"
    return environ


@contextlib.contextmanager
def serving(root: Path, *argv: str, command: str = "sourcetrace") -> Iterator[Server]:
    """Run ``sourcetrace serve ARGV`` (or ``mkdocs serve``) in ``root`` until the block ends."""
    port = free_port()
    address = f"{HOST}:{port}"
    if command == "sourcetrace":
        args = [sys.executable, "-m", "build_tools", "serve", *argv, "--dev-addr", address]
    else:
        args = [sys.executable, "-m", "mkdocs", "serve", *argv, "--dev-addr", address]
    log = root / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=_environment()
        )
    server = Server(f"http://{address}/", process, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the server ended ({process.returncode}):\n{server.output()}")
            with contextlib.suppress(httpx.TransportError):
                if server.get("").status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"no answer within {START_TIMEOUT} s:\n{server.output()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
