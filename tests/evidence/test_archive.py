"""``capture --archive``: the Wayback Machine's availability API and Save Page Now 2."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from build_tools.cli import main
from build_tools.evidence.archive import ArchiveError, ArchiveSettings, archive
from tests.evidence.conftest import FIXTURES
from tests.evidence.servers import Route, Server, page, serving

SOURCE = "https://example.org/news/court-hears-case"


def send_json(
    handler: BaseHTTPRequestHandler, data: object, status: int = 200, **headers: str
) -> None:
    page(json.dumps(data).encode(), "application/json", status, **headers)(handler)


class Archive:
    """A fake Wayback Machine: which addresses it holds, and how its save jobs go."""

    def __init__(self) -> None:
        self.held: dict[str, str] = {}
        self.pending_polls = 2
        self.job_error: str | None = None
        self.submit_busy = 0  # how many submissions to answer with 429 first
        self.retry_after = "0"
        self.polls = 0

    def routes(self) -> dict[str, Route]:
        def available(handler: BaseHTTPRequestHandler) -> None:
            url = parse_qs(urlsplit(handler.path).query)["url"][0]
            if url in self.held:
                closest = {
                    "available": True,
                    "url": self.held[url],
                    "timestamp": "20160223090000",
                    "status": "200",
                }
                send_json(handler, {"url": url, "archived_snapshots": {"closest": closest}})
            else:
                send_json(handler, {"url": url, "archived_snapshots": {}})

        def save(handler: BaseHTTPRequestHandler) -> None:
            if self.submit_busy:
                self.submit_busy -= 1
                send_json(handler, {"message": "slow down"}, 429, Retry_After=self.retry_after)
                return
            url = parse_qs(handler.body.decode())["url"][0]  # type: ignore[attr-defined]
            send_json(handler, {"url": url, "job_id": "spn2-abc"})

        def status(handler: BaseHTTPRequestHandler) -> None:
            self.polls += 1
            if self.polls <= self.pending_polls:
                send_json(handler, {"status": "pending", "job_id": "spn2-abc"})
            elif self.job_error:
                send_json(handler, {"status": "error", "message": self.job_error})
            else:
                send_json(
                    handler,
                    {"status": "success", "timestamp": "20261201084500", "original_url": SOURCE},
                )

        return {"/wayback/available": available, "/save": save, "/save/status/spn2-abc": status}


@pytest.fixture
def wayback() -> Iterator[tuple[Archive, Server]]:
    fake = Archive()
    with serving(fake.routes()) as server:
        yield fake, server


def settings(server: Server, **changes: object) -> ArchiveSettings:
    return ArchiveSettings.at(
        server.base,
        poll_interval=0.01,
        allow_hosts=frozenset({"127.0.0.1"}),
        **changes,  # type: ignore[arg-type]
    )


def test_an_existing_copy_is_used_and_nothing_is_saved(wayback: tuple[Archive, Server]) -> None:
    fake, server = wayback
    fake.held[SOURCE] = "http://web.archive.org/web/20160223090000/" + SOURCE
    found = asyncio.run(archive(SOURCE, settings(server)))
    assert (found.url, found.existing) == (
        "https://web.archive.org/web/20160223090000/" + SOURCE,
        True,
    )
    assert [(method, path.split("?")[0]) for method, path, _ in server.log] == [
        ("GET", "/wayback/available")
    ]


def test_save_page_now_is_asked_polled_and_its_copy_recorded(
    wayback: tuple[Archive, Server],
) -> None:
    _fake, server = wayback
    made = asyncio.run(archive(SOURCE, settings(server)))
    assert (made.url, made.existing) == (f"{server.base}/web/20261201084500/{SOURCE}", False)
    assert [(m, p.split("?")[0]) for m, p, _ in server.log] == [
        ("GET", "/wayback/available"),
        ("POST", "/save"),
        ("GET", "/save/status/spn2-abc"),
        ("GET", "/save/status/spn2-abc"),
        ("GET", "/save/status/spn2-abc"),
    ]


def test_a_rate_limit_is_waited_out_as_asked(wayback: tuple[Archive, Server]) -> None:
    fake, server = wayback
    fake.submit_busy, fake.retry_after, fake.pending_polls = 1, "0", 0
    said: list[str] = []
    made = asyncio.run(archive(SOURCE, settings(server), said.append))
    assert not made.existing
    assert said[0] == "the archive asks to wait 0 s"
    assert [m for m, _, _ in server.log].count("POST") == 2


def test_a_long_retry_after_ends_the_attempt(wayback: tuple[Archive, Server]) -> None:
    fake, server = wayback
    fake.submit_busy, fake.retry_after = 1, "3600"
    with pytest.raises(ArchiveError) as caught:
        asyncio.run(archive(SOURCE, settings(server)))
    assert str(caught.value) == (
        "the archive asks to wait 3600 s (more than 120 s): run the capture again later"
    )


def test_the_polls_are_capped(wayback: tuple[Archive, Server]) -> None:
    fake, server = wayback
    fake.pending_polls = 100
    with pytest.raises(ArchiveError) as caught:
        asyncio.run(archive(SOURCE, settings(server, max_polls=3)))
    assert str(caught.value) == (
        f"Save Page Now job spn2-abc for {SOURCE} is still pending after 3 polls: run the "
        "capture with --archive again later"
    )
    assert fake.polls == 3


def test_a_failed_job_says_why(wayback: tuple[Archive, Server]) -> None:
    fake, server = wayback
    fake.pending_polls, fake.job_error = 0, "The server refused the connection."
    with pytest.raises(
        ArchiveError, match=r"could not archive .*: The server refused the connection\.\Z"
    ):
        asyncio.run(archive(SOURCE, settings(server)))


def test_the_archive_is_refused_on_a_private_address_unless_allowed(
    wayback: tuple[Archive, Server],
) -> None:
    _fake, server = wayback
    with pytest.raises(ArchiveError, match=r"^refused: 127\.0\.0\.1 is "):
        asyncio.run(archive(SOURCE, ArchiveSettings.at(server.base)))
    assert server.log == []


def test_capture_with_archive_prints_the_archive_url(
    wayback: tuple[Archive, Server],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _fake, server = wayback
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ndocs_dir: content\n")
    code = main(
        [
            "capture", "--file", str(FIXTURES / "news_jsonld.html"), "--url", SOURCE,
            "--archive", "--archive-api", server.base, "--archive-interval", "0.01",
            "--allow-host", "127.0.0.1", "--accessed", "2016-02-23",
        ]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    archive_url = f"{server.base}/web/20261201084500/{SOURCE}"
    assert f"    url: {SOURCE}\n    archive_url: {archive_url}\n" in out
    assert err.splitlines()[-1] == f"archived copy made: {archive_url}"


def test_archive_needs_an_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["capture", "--file", str(FIXTURES / "hearing.txt"), "--archive", "--store", "s"])
    assert (code, capsys.readouterr().err) == (
        2,
        "error: --archive needs the source's address: give --url with --file\n",
    )
