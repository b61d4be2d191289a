"""``sourcetrace capture URL`` on a loopback server: pages, a PDF, a paywall, redirects, a stall."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from build_tools.cli import main
from build_tools.evidence.fetch import FetchError, FetchSettings, fetch
from build_tools.evidence.store import digest_of
from tests.evidence.conftest import FIXTURES
from tests.evidence.servers import Server, gzipped, page, redirect, serving, stall

HTML = "text/html; charset=utf-8"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    routes = {
        "/news": page(fixture("news_jsonld.html"), HTML),
        "/og": page(fixture("og_only.html"), HTML),
        "/highwire": page(fixture("highwire.html"), HTML),
        "/ruling.pdf": page(fixture("ruling.pdf"), "application/pdf"),
        "/turkish": page(fixture("turkish_1254.html"), "text/html"),
        "/paywall": page(b"<html><body>Subscribe to read</body></html>", HTML, 403),
        "/busy": page(b"slow down", "text/plain", 429, Retry_After="120"),
        "/gone": page(b"gone", "text/plain", 410),
        "/first": redirect("/second", 301),
        "/second": redirect("/news", 302),
        "/loop": redirect("/loop-back"),
        "/loop-back": redirect("/loop"),
        "/ftp": redirect("ftp://example.org/file"),
        "/stall": stall,
        "/packed": gzipped(fixture("og_only.html"), HTML),
    }
    with serving(routes) as running:
        yield running


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n")
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def capture(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["capture", *argv, "--allow-host", "127.0.0.1", "--accessed", "2016-02-23"])
    out, err = capsys.readouterr()
    return code, out, err


def warc_records(folder: Path) -> list[tuple[str, str, str | None, bytes]]:
    """Each record of the snapshot's WARC file: type, address, HTTP status, payload."""
    found = []
    with (folder / "response.warc.gz").open("rb") as stream:
        for record in ArchiveIterator(stream):
            status = record.http_headers.get_statuscode() if record.rec_type == "response" else None
            uri = record.rec_headers.get_header("WARC-Target-URI")
            found.append((record.rec_type, uri, status, record.content_stream().read()))
    return found


def allowed(**changes: object) -> FetchSettings:
    return FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), **changes)  # type: ignore[arg-type]


def test_a_news_article_with_json_ld_and_its_warc_record(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = capture(capsys, server.url("/news"))
    digest = digest_of(fixture("news_jsonld.html"))
    assert code == 0, err
    assert out == (
        "  - id: new-source\n"
        "    title: Court hears case of 27 defendants\n"
        "    publisher: Vellmar Gazette\n"
        "    role: secondary  # or primary: only you know which\n"
        f"    url: {server.url('/news')}\n"
        "    published: 2016-02-22\n"
        "    accessed: 2016-02-23\n"
        "    language: en\n"
        f"    snapshot: sha256:{digest}\n"
    )
    folder = project / "content" / "snapshots" / digest
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["how"], meta["status"], meta["redirects"]) == ("http", 200, [])
    records = warc_records(folder)
    assert [(kind, uri, status) for kind, uri, status, _ in records] == [
        ("request", server.url("/news"), None),
        ("response", server.url("/news"), "200"),
    ]
    assert records[1][3] == fixture("news_jsonld.html")


@pytest.mark.parametrize(
    ("path", "title", "published"),
    [
        ("/og", "Harbour closes for two weeks", "2016-03-01"),
        ("/highwire", "Surveillance orders in Turkish criminal procedure", "2015-11-04"),
        ("/turkish", "Subay ile I\u015e\u0130D \u00fcyesi aras\u0131ndaki konu\u015fmalar", None),
    ],
)
def test_pages_described_in_other_ways(
    server: Server,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    title: str,
    published: str | None,
) -> None:
    code, out, err = capture(capsys, server.url(path))
    assert code == 0, err
    assert f"    title: {title}\n" in out
    assert (f"    published: {published}\n" in out) is (published is not None)


def test_the_turkish_page_is_decoded_from_windows_1254(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture(capsys, server.url("/turkish"))[0] == 0
    folder = project / "content" / "snapshots" / digest_of(fixture("turkish_1254.html"))
    assert "\u0130lhami Bal\u0131" in (folder / "text.txt").read_text(encoding="utf-8")


def test_a_pdf(server: Server, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = capture(capsys, server.url("/ruling.pdf"))
    assert code == 0, err
    assert "    type: report\n" in out
    folder = project / "content" / "snapshots" / digest_of(fixture("ruling.pdf"))
    assert (folder / "original.pdf").read_bytes() == fixture("ruling.pdf")


def test_a_redirect_chain_is_followed_and_recorded(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = capture(capsys, server.url("/first"))
    assert code == 0, err
    assert f"    url: {server.url('/news')}\n" in out
    folder = project / "content" / "snapshots" / digest_of(fixture("news_jsonld.html"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["requested_url"] == server.url("/first")
    assert meta["redirects"] == [server.url("/second"), server.url("/news")]
    records = warc_records(folder)
    assert [status for kind, _, status, _ in records if kind == "response"] == [
        "301",
        "302",
        "200",
    ]


def test_a_gzipped_answer_is_stored_decoded(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert capture(capsys, server.url("/packed"))[0] == 0
    folder = project / "content" / "snapshots" / digest_of(fixture("og_only.html"))
    assert (folder / "original.html").read_bytes() == fixture("og_only.html")
    assert gzip.compress(fixture("og_only.html")) != fixture("og_only.html")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/paywall",
            "{url}: HTTP 403: a paywall or a block, not the source; read it in a browser, save "
            "the page and capture it with --file",
        ),
        ("/busy", "{url}: HTTP 429: the site asks to slow down; try again in 120 s"),
        ("/gone", "{url}: HTTP 410: the page is gone; look for an archived copy"),
        ("/loop", "redirect loop: {url} -> {base}/loop-back -> {url}"),
        ("/ftp", "{base}/ftp redirects to a non-web address: ftp://example.org/file"),
    ],
)
def test_failures_are_one_line_and_store_nothing(
    server: Server,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    path: str,
    message: str,
) -> None:
    code, out, err = capture(capsys, server.url(path))
    expected = message.format(url=server.url(path), base=server.base)
    assert (code, out, err) == (1, "", f"error: {expected}\n")
    assert not (project / "content" / "snapshots").exists()


def test_a_page_that_never_finishes_times_out(
    server: Server, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = capture(capsys, server.url("/stall"), "--timeout", "0.5")
    assert (code, err) == (
        1,
        f"error: {server.url('/stall')}: no complete answer within 0.5 s: try again, or save "
        "the page from a browser and capture it with --file\n",
    )


def test_a_body_over_the_cap_is_refused(server: Server) -> None:
    with pytest.raises(FetchError) as caught:
        asyncio.run(fetch(server.url("/news"), allowed(max_bytes=100)))
    assert str(caught.value) == (
        f"{server.url('/news')}: the answer is larger than 100 bytes (the cap): save it from a "
        "browser and capture it with --file"
    )


def test_too_many_redirects(server: Server) -> None:
    expected = r"/first: more than 1 redirects \(the last to .*/news\)\Z"
    with pytest.raises(FetchError, match=expected):
        asyncio.run(fetch(server.url("/first"), allowed(max_redirects=1)))


def test_a_loopback_address_is_refused_unless_allowed(server: Server) -> None:
    asked = len(server.log)
    with pytest.raises(FetchError) as caught:
        asyncio.run(fetch(server.url("/news")))
    assert str(caught.value).startswith(f"refused {server.url('/news')}: 127.0.0.1 is ")
    assert len(server.log) == asked  # refused before any connection was made
