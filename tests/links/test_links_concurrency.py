"""Runs that overlap keep each other's records: real processes sharing one state file."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest

from build_tools.errors import FatalError
from build_tools.links.external import Outcome, Status
from build_tools.links.state import (
    EMPTY_STATE,
    load_state,
    lock_path,
    record_run,
    save_state,
    update,
)

from . import servers as s
from .servers import Host, Servers

REPOSITORY = Path(__file__).resolve().parents[2]
OTHER = "https://example.org/recorded-by-another-run"

ENTRY = """\
---
title: Entry {name}
date: 2016-03-01
summary: An entry.
sources:
  - id: first
    title: Order
    publisher: Court
    role: primary
    url: {base}/{name}/1
  - id: second
    title: Notice
    publisher: Court
    role: primary
    url: {base}/{name}/2
---

The harbour closed on Monday [@first; @second].
"""


def gate(prefixes: set[str]) -> s.Handler:
    """Hold every request until requests under all of ``prefixes`` have arrived.

    So both runs are known to have read the state file (they read it before
    their first request) before either may finish and write it.
    """
    seen: set[str] = set()
    opened: asyncio.Event | None = None

    async def handler(request: s.Request) -> bool:
        nonlocal opened
        if opened is None:
            opened = asyncio.Event()
        seen.add(request.path.split("/")[1])
        if seen >= prefixes:
            opened.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(opened.wait(), timeout=20)
        return await s.send(request, 200, "OK", body=b"ok")

    return handler


def make_project(root: Path, site: Host, *names: str) -> None:
    (root / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", "utf-8")
    folder = root / "content" / "entries"
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"{name}.md").write_text(ENTRY.format(name=name, base=site.url("")), "utf-8")


def start_run(root: Path, *paths: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "build_tools",
            "links",
            "--external",
            "--allow-host",
            "127.0.0.1",
            "--retries",
            "0",
            "--timeout",
            "30",
            *paths,
        ],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY), "CI": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, err


def test_two_overlapping_runs_keep_each_others_records(tmp_path: Path, servers: Servers) -> None:
    site = servers.add({})
    handler = gate({"a", "b"})
    site.routes.update({f"/{name}/{n}": handler for name in "ab" for n in (1, 2)})
    make_project(tmp_path, site, "a", "b")
    runs = [start_run(tmp_path, f"content/entries/{name}.md") for name in "ab"]
    results = [finish(run) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    state = load_state(tmp_path / "links-state.json")
    assert sorted(state.links) == sorted(site.url(f"/{name}/{n}") for name in "ab" for n in (1, 2))
    assert {rec.status for rec in state.links.values()} == {Status.OK}


def test_a_run_waits_for_the_lock_and_merges_what_was_written_meanwhile(
    tmp_path: Path, servers: Servers
) -> None:
    site = servers.add({"/a/1": s.OK, "/a/2": s.OK})
    make_project(tmp_path, site, "a")
    state_file = tmp_path / "links-state.json"
    lock = filelock.FileLock(lock_path(state_file))
    with lock:
        run = start_run(tmp_path, "content/entries/a.md")
        deadline = time.monotonic() + 30
        while {path for _, path, _ in site.log} != {"/a/1", "/a/2"}:
            assert time.monotonic() < deadline, "the run never checked its addresses"
            assert run.poll() is None, finish(run)
            time.sleep(0.05)
        # Another run, holding the lock, records an address of its own.
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        save_state(state_file, update(EMPTY_STATE, [Outcome(OTHER, Status.OK, "HTTP 200 OK")], now))
        written = state_file.read_bytes()
        time.sleep(1.0)
        assert run.poll() is None, "the run finished while another held the lock"
        assert state_file.read_bytes() == written
    code, _, err = finish(run)
    assert (code, err) == (0, "")
    state = load_state(state_file)
    assert sorted(state.links) == sorted([OTHER, site.url("/a/1"), site.url("/a/2")])


HOLD_LOCK = """
import sys, time, filelock
with filelock.FileLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_lock_held_too_long_is_a_clear_error(tmp_path: Path) -> None:
    state_file = tmp_path / "links-state.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path(state_file))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(FatalError) as error:
            record_run(state_file, [], dt.datetime.now(dt.UTC), wait=0.2)
    finally:
        holder.kill()
        holder.communicate()
    assert str(error.value) == (
        f"{state_file}: another run has held its lock (.links-state.json.lock) for over 0.2 s; "
        "wait for it to finish, or delete .links-state.json.lock if no other run is going"
    )
    assert not state_file.exists()


def test_a_missing_folder_is_a_clear_error_and_is_not_created(tmp_path: Path) -> None:
    state_file = tmp_path / "no-such-folder" / "links-state.json"
    with pytest.raises(FatalError) as error:
        record_run(state_file, [], dt.datetime.now(dt.UTC), wait=0.2)
    assert str(error.value) == (
        f"{state_file}: cannot write the link state: the folder {state_file.parent} does not exist"
    )
    assert list(tmp_path.iterdir()) == []
