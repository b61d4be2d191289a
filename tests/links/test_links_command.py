"""``sourcetrace links --external`` end to end: entries, loopback servers, a state file."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.links.external import Outcome, Status
from build_tools.links.state import EMPTY_STATE, load_state, save_state, update

from . import servers as s
from .servers import Host, Servers

REPOSITORY = Path(__file__).resolve().parents[2]

ENTRY = """\
---
title: Harbour closes
date: 2016-03-01
summary: The harbour closed.
sources:
  - id: court
    title: Order
    publisher: Vellmar district court
    role: primary
    url: {base}/order
    archive_url: {base}/archive/order
  - id: paper
    title: Report
    publisher: The Vellmar Ledger
    role: secondary
    via: [court]
    url: {base}/gone
  - id: agency
    title: Wire
    publisher: Coastline Wire
    role: secondary
    via: [court]
    url: {base}/withdrawn
    archive_url: {base}/archive/withdrawn
  - id: blog
    title: Notes
    publisher: Harbourwatch
    role: secondary
    via: [court]
    url: {base}/moved
  - id: paywalled
    title: Analysis
    publisher: The Northern Courier
    role: secondary
    via: [court]
    url: {base}/paywall
  - id: busy
    title: Figures
    publisher: Vellmar Statistics Registry
    role: primary
    url: {base}/busy
---

The harbour of Vellmar closed on Monday [@court; @paper; @agency; @blog; @paywalled; @busy].
"""


@pytest.fixture
def site(servers: Servers) -> Host:
    return servers.add(
        {
            "/order": s.OK,
            "/archive/order": s.OK,
            "/gone": s.status(404, "Not Found"),
            "/withdrawn": s.status(410, "Gone"),
            "/archive/withdrawn": s.OK,
            "/moved": s.redirect("/order", 301, "Moved Permanently"),
            "/paywall": s.status(402, "Payment Required"),
            "/busy": s.rate_limited(10_000, None),
        }
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Host) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", "utf-8")
    entry = tmp_path / "content" / "entries" / "2016" / "harbour.md"
    entry.parent.mkdir(parents=True)
    entry.write_text(ENTRY.format(base=site.url("")), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


FAST = ["--retries", "0", "--timeout", "2", "--allow-host", "127.0.0.1"]
E = "content/entries/2016/harbour.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["links", "--external", *FAST, *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_first_run_records_everything_and_fails_nothing(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys)
    base = site.url("")
    assert (code, err) == (0, "")
    assert out == (
        "failing (dead after 3 failed checks at least 3 days apart):\n"
        f"  {E}:17 [paper]: {base}/gone: HTTP 404 Not Found (1 of 3 failed checks)\n"
        f"  {E}:23 [agency]: {base}/withdrawn: HTTP 410 Gone (1 of 3 failed checks)\n"
        "unknown (rate-limited):\n"
        f"  {E}:41 [busy]: {base}/busy: HTTP 429 Too Many Requests\n"
        "redirected (consider the new address):\n"
        f"  {E}:30 [blog]: {base}/moved -> {base}/order\n"
        "restricted (paywalled or blocked, not dead):\n"
        f"  {E}:36 [paywalled]: {base}/paywall: HTTP 402 Payment Required\n"
        "checked 8 addresses (8 uses in 1 entry): 5 alive, 2 failing, 0 dead, 1 unknown, "
        "0 refused; 1 redirected, 1 restricted\n"
    )
    state = load_state(project / "links-state.json")
    assert {url: rec.status for url, rec in state.links.items()} == {
        f"{base}/order": Status.OK,
        f"{base}/archive/order": Status.OK,
        f"{base}/gone": Status.DEAD,
        f"{base}/withdrawn": Status.DEAD,
        f"{base}/archive/withdrawn": Status.OK,
        f"{base}/moved": Status.REDIRECTED,
        f"{base}/paywall": Status.RESTRICTED,
        f"{base}/busy": Status.RATE_LIMITED,
    }


def seed_failures(project: Path, site: Host, *paths: str) -> None:
    """Two failed checks a week and four days ago, so that tonight's makes three."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    state = EMPTY_STATE
    for days in (7, 4):
        failed = [Outcome(site.url(p), Status.DEAD, "HTTP 404 Not Found") for p in paths]
        state = update(state, failed, now - dt.timedelta(days=days))
    save_state(project / "links-state.json", state)


def test_third_failure_kills_and_only_an_unarchived_link_fails_the_run(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_failures(project, site, "/gone", "/withdrawn")
    code, out, _ = run(capsys)
    base = site.url("")
    lines = out.splitlines()
    assert code == 1
    today = dt.datetime.now(dt.UTC).date()
    days = ", ".join((today - dt.timedelta(days=n)).isoformat() for n in (7, 4, 0))
    assert lines[:2] == [
        f"{E}:17:5: error ST041 source 'paper' url {base}/gone is dead (HTTP 404 Not Found; "
        f"failed checks on {days}) and the source has no archive_url: add one",
        f"{E}:23:5: warning ST041 source 'agency' url {base}/withdrawn is dead (HTTP 410 Gone; "
        f"failed checks on {days}); readers still have its archive_url",
    ]
    assert lines[-1] == (
        "checked 8 addresses (8 uses in 1 entry): 5 alive, 0 failing, 2 dead, 1 unknown, "
        "0 refused; 1 redirected, 1 restricted"
    )


def test_a_dead_archive_does_not_rescue_a_dead_url(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    site.routes["/archive/withdrawn"] = s.status(404, "Not Found")
    seed_failures(project, site, "/gone", "/withdrawn", "/archive/withdrawn")
    code, out, _ = run(capsys)
    assert code == 1
    findings = [line.split(" is dead")[0] for line in out.splitlines() if "ST041" in line]
    base = site.url("")
    assert findings == [
        f"{E}:17:5: error ST041 source 'paper' url {base}/gone",
        f"{E}:23:5: error ST041 source 'agency' url {base}/withdrawn",
        f"{E}:24:5: warning ST041 source 'agency' archive_url {base}/archive/withdrawn",
    ]
    assert out.splitlines()[1].endswith(" and so is its archive_url: find another copy")
    assert out.splitlines()[2].endswith(": archive the page again, or remove the archive_url")


def test_github_annotations(project: Path, site: Host, capsys: pytest.CaptureFixture[str]) -> None:
    seed_failures(project, site, "/gone")
    code, out, _ = run(capsys, "--format", "github")
    base = site.url("").replace(":", "%3A")
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(
        f"::error file={E},line=17,col=5,title=ST041::ST041 source 'paper' url "
        f"{site.url('/gone')} is dead (HTTP 404 Not Found; failed checks on "
    )
    assert lines[1] == (
        f"::notice file={E},line=23,col=5,title=failing link::source 'agency' url "
        f"{site.url('/withdrawn')} is failing: HTTP 410 Gone (1 of 3 failed checks)"
    )
    assert base not in out  # the address is data, not a property: no escaping needed
    assert lines[-1].startswith("checked 8 addresses")


def test_markdown_summary(project: Path, site: Host, capsys: pytest.CaptureFixture[str]) -> None:
    summary = project / "summary.md"
    code, out, _ = run(capsys, "--format", "markdown", "--summary", str(summary))
    assert code == 0
    assert out.startswith(
        "## Source links\n\nChecked 8 addresses (8 uses in 1 entry): 5 alive, 2 failing, "
        "0 dead, 1 unknown, 0 refused; 1 redirected, 1 restricted (as of "
    )
    assert "### Failing (dead after 3 failed checks at least 3 days apart)\n\n" in out
    assert "| Entry | Address |\n| --- | --- |\n" in out
    assert f"| {E}:30 [blog] | {site.url('/moved')} -&gt; {site.url('/order')} |\n" in out
    assert summary.read_text("utf-8") == out


def test_a_damaged_state_file_stops_before_any_request(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "links-state.json").write_text("{not json", "utf-8")
    code, out, err = run(capsys)
    assert (code, out) == (1, "")
    assert err == (
        "error: links-state.json: not a link state file: not valid JSON (line 1, column 2: "
        "Expecting property name enclosed in double quotes); restore it from version control "
        "or delete it to start afresh\n"
    )
    assert site.log == []


def test_checking_some_entries_keeps_the_rest_of_the_state(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "https://example.org/kept"
    save_state(
        project / "links-state.json",
        update(EMPTY_STATE, [Outcome(other, Status.OK, "HTTP 200 OK")], dt.datetime.now(dt.UTC)),
    )
    run(capsys, "content/entries/2016/harbour.md")
    assert other in load_state(project / "links-state.json").links
    run(capsys)
    assert other not in load_state(project / "links-state.json").links


def test_progress_bar_only_when_asked_or_on_a_terminal(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run(capsys)
    assert err == ""
    _, _, err = run(capsys, "--progress")
    assert err.startswith("\rchecking [")
    assert "] 8/8" in err


def test_site_url_does_not_go_with_external(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--site-url", "https://example.org/")
    assert (code, err) == (2, "error: --site-url goes with --site\n")


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--per-host", "0", "must be at least 1, got 0"),
        ("--timeout", "soon", "expected a number of seconds, got 'soon'"),
        ("--timeout", "-1", "must be a positive number of seconds, got -1"),
        ("--retries", "two", "expected a whole number, got 'two'"),
    ],
)
def test_bad_settings_are_usage_errors(
    capsys: pytest.CaptureFixture[str], option: str, value: str, problem: str
) -> None:
    assert main(["links", "--external", option, value]) == 2
    assert capsys.readouterr().err == (
        f"error: sourcetrace links: argument {option}: {problem} (see 'sourcetrace links --help')\n"
    )


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "interrupted"])
def test_a_stopped_run_leaves_the_old_state(project: Path, site: Host, how: signal.Signals) -> None:
    site.routes["/order"] = s.hang()
    state_file = project / "links-state.json"
    seed_failures(project, site, "/gone")
    before = state_file.read_bytes()
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "CI": "true",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "build_tools",
            "links",
            "--external",
            "--timeout",
            "30",
            "--allow-host",
            "127.0.0.1",
        ],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not any(path == "/order" for _, path, _ in site.log):
            assert time.monotonic() < deadline, "the run never reached the hanging server"
            time.sleep(0.05)
        process.send_signal(how)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if how is signal.SIGINT:
        assert (process.returncode, err) == (130, "interrupted\n")
    else:
        assert process.returncode == -signal.SIGKILL
    assert state_file.read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == [
        "content",
        "links-state.json",
        "mkdocs.yml",
    ]


class FakeTerminal:
    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_shows_on_a_terminal_but_not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools.commands.links import _show_progress

    monkeypatch.setattr(sys, "stderr", FakeTerminal())
    monkeypatch.delenv("CI", raising=False)
    assert _show_progress(None) is True
    monkeypatch.setenv("CI", "true")
    assert _show_progress(None) is False
    assert _show_progress(True) is True


def test_progress_bar_draws_and_clears() -> None:
    from build_tools.links.report import Progress

    terminal = FakeTerminal()
    bar = Progress(4, terminal, enabled=True, label="checking ")  # type: ignore[arg-type]
    for _ in range(4):
        bar.advance()
    bar.close()
    assert terminal.written[0] == "\rchecking [#######.......................] 1/4"
    assert terminal.written[-2] == "\rchecking [##############################] 4/4"
    assert terminal.written[-1].startswith("\r ") and terminal.written[-1].endswith("\r")
    quiet = FakeTerminal()
    silent = Progress(4, quiet, enabled=False)  # type: ignore[arg-type]
    silent.advance()
    silent.close()
    assert quiet.written == []


def test_a_missing_config_named_with_external_stops_before_any_request(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--config", "elsewhere/mkdocs.yml", E)
    assert (code, out) == (2, "")
    assert err == (
        "error: no mkdocs.yml in elsewhere: check the --config path, or leave --config out "
        "to check the files alone\n"
    )
    assert not (project / "links-state.json").exists()


def test_config_named_with_external_sets_the_docs_dir_and_the_state_file(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "mkdocs.yml").rename(project / "site.yml")
    code, out, _ = run(capsys, "--config", "site.yml")
    assert code == 0
    assert out.splitlines()[-1].startswith("checked 8 addresses (8 uses in 1 entry): ")
    assert (project / "links-state.json").is_file()


def test_config_does_not_go_with_site(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["links", "--site", "site", "--config", "mkdocs.yml"])
    assert (code, capsys.readouterr().err) == (
        2,
        "error: --config goes with --external; --site reads only the built site\n",
    )


def _huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse, so nothing that size is written
        handle.truncate(64 * 1024 * 1024 + 1)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda p: p.write_text("[" * 100_000 + "]" * 100_000, "utf-8"),
            "nested too deeply to be a link state file",
        ),
        (_huge, "larger than 64 MiB"),
        (lambda p: p.write_text("[1, 2, 3]", "utf-8"), "expected an object with a 'links' object"),
        (
            lambda p: p.write_text('{"links": {"u": "dead"}, "version": 1}', "utf-8"),
            "links['u']: expected an object",
        ),
        (
            lambda p: p.write_bytes(b'{"links": {}, "version": 1}\xff'),
            "not UTF-8 text (byte 0xff at offset 27)",
        ),
        (lambda p: p.mkdir(), "it is a folder"),
    ],
    ids=["deep", "huge", "not-an-object", "wrong-type", "not-utf8", "folder"],
)
def test_a_pathological_state_file_is_one_line_and_exit_1(
    project: Path,
    site: Host,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], object],
    problem: str,
) -> None:
    make(project / "links-state.json")
    code, out, err = run(capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"error: links-state.json: not a link state file: {problem}; restore it from version "
        "control or delete it to start afresh\n"
    )
    assert site.log == []


def test_server_words_are_inert_in_the_markdown_summary(
    project: Path, site: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    site.routes["/gone"] = s.status(404, "[Log in again](https://evil.example/) <img src=x>")
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == 0
    assert (
        f"| {E}:17 [paper] | {site.url('/gone')}: HTTP 404 &#91;Log in again&#93;"
        "(https://evil.example/) &lt;img src=x&gt; (1 of 3 failed checks) |\n"
    ) in out
    assert "<img" not in out
