from __future__ import annotations

import socket
import time
from typing import Any

import pytest

from build_tools.links.external import (
    Outcome,
    Settings,
    Status,
    check_all,
    host_key,
    retry_after_seconds,
)

from . import servers as s
from .servers import Servers

# The servers are on 127.0.0.1, which the checker refuses unless it is allowed.
LOOPBACK = frozenset({"127.0.0.1"})


def loopback(**settings: Any) -> Settings:
    return Settings(allow_hosts=LOOPBACK, **settings)


# Small waits so that every fault resolves in well under a second or two.
FAST = loopback(timeout=0.5, retries=1, backoff=0.05, max_retry_after=3.0)


def check_one(url: str, settings: Settings = FAST) -> tuple[Outcome, float]:
    start = time.monotonic()
    outcome = check_all([url], settings)[url]
    return outcome, time.monotonic() - start


def test_ok(servers: Servers) -> None:
    host = servers.add({"/page": s.OK})
    outcome, elapsed = check_one(host.url("/page"))
    assert outcome == Outcome(host.url("/page"), Status.OK, "HTTP 200 OK")
    assert host.methods("/page") == ["HEAD"]
    assert elapsed < 2


def test_head_refused_falls_back_to_get(servers: Servers) -> None:
    host = servers.add({"/page": s.head_not_allowed()})
    outcome, _ = check_one(host.url("/page"))
    assert outcome.status is Status.OK
    assert host.methods("/page") == ["HEAD", "GET"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [(401, "Unauthorized"), (402, "Payment Required"), (403, "Forbidden"), (451, "Unavailable")],
)
def test_paywalls_and_blocks_are_restricted_not_dead(
    servers: Servers, code: int, reason: str
) -> None:
    host = servers.add({"/paywall": s.status(code, reason)})
    outcome, _ = check_one(host.url("/paywall"))
    assert outcome == Outcome(host.url("/paywall"), Status.RESTRICTED, f"HTTP {code} {reason}")


@pytest.mark.parametrize(("code", "reason"), [(404, "Not Found"), (410, "Gone")])
def test_not_found_and_gone_are_dead_after_a_get(servers: Servers, code: int, reason: str) -> None:
    host = servers.add({"/gone": s.status(code, reason)})
    outcome, _ = check_one(host.url("/gone"))
    assert outcome == Outcome(host.url("/gone"), Status.DEAD, f"HTTP {code} {reason}")
    # A HEAD failure is not believed: the page is asked for properly before it is called dead.
    assert host.methods("/gone") == ["HEAD", "GET"]


def test_other_client_errors(servers: Servers) -> None:
    host = servers.add({"/teapot": s.status(418, "I'm a teapot")})
    outcome, _ = check_one(host.url("/teapot"))
    assert outcome == Outcome(host.url("/teapot"), Status.CLIENT_ERROR, "HTTP 418 I'm a teapot")


def test_server_error_is_retried_then_classified(servers: Servers) -> None:
    host = servers.add({"/broken": s.status(500, "Internal Server Error")})
    outcome, elapsed = check_one(host.url("/broken"))
    assert outcome == Outcome(
        host.url("/broken"), Status.SERVER_ERROR, "HTTP 500 Internal Server Error"
    )
    assert host.methods("/broken") == ["HEAD", "GET", "HEAD", "GET"]  # two attempts
    assert elapsed < 2


def test_redirect_reports_the_new_address(servers: Servers) -> None:
    host = servers.add(
        {"/old": s.redirect("/middle", 301, "Moved Permanently"), "/middle": s.redirect("/new")}
    )
    host.routes["/new"] = s.OK
    outcome, _ = check_one(host.url("/old"))
    assert outcome == Outcome(host.url("/old"), Status.REDIRECTED, "HTTP 200 OK", host.url("/new"))


def test_redirect_to_a_dead_page_is_dead(servers: Servers) -> None:
    host = servers.add({"/old": s.redirect("/nowhere")})
    outcome, _ = check_one(host.url("/old"))
    assert outcome == Outcome(
        host.url("/old"),
        Status.DEAD,
        f"HTTP 404 Not Found at {host.url('/nowhere')}",
        host.url("/nowhere"),
    )


def test_redirect_loop(servers: Servers) -> None:
    host = servers.add({"/a": s.redirect("/b"), "/b": s.redirect("/a")})
    outcome, elapsed = check_one(host.url("/a"))
    a, b = host.url("/a"), host.url("/b")
    assert outcome == Outcome(a, Status.REDIRECT_ERROR, f"redirect loop: {a} -> {b} -> {a}")
    assert elapsed < 2


def test_too_many_redirects(servers: Servers) -> None:
    host = servers.add({f"/{n}": s.redirect(f"/{n + 1}") for n in range(10)})
    outcome, _ = check_one(host.url("/0"), loopback(max_redirects=3, timeout=0.5, retries=0))
    assert outcome == Outcome(
        host.url("/0"), Status.REDIRECT_ERROR, f"more than 3 redirects (last: {host.url('/4')})"
    )
    assert [path for _, path, _ in host.log] == ["/0", "/1", "/2", "/3"]


@pytest.mark.parametrize(
    "location",
    ["ftp://files.example.org/report.pdf", "javascript:alert(1)", "mailto:x@example.org"],
)
def test_redirect_to_a_non_web_scheme(servers: Servers, location: str) -> None:
    host = servers.add({"/away": s.redirect(location)})
    outcome, _ = check_one(host.url("/away"))
    assert outcome == Outcome(
        host.url("/away"), Status.REDIRECT_ERROR, f"redirects to a non-web address: {location}"
    )


def test_redirect_without_location(servers: Servers) -> None:
    host = servers.add({"/odd": s.status(302, "Found")})
    outcome, _ = check_one(host.url("/odd"))
    assert outcome == Outcome(
        host.url("/odd"), Status.REDIRECT_ERROR, "HTTP 302 Found without a usable Location"
    )


def test_slow_answer_within_the_timeout_is_ok(servers: Servers) -> None:
    host = servers.add({"/slow": s.slow(0.3)})
    outcome, _ = check_one(host.url("/slow"), loopback(timeout=2.0, retries=0))
    assert outcome.status is Status.OK


def test_no_answer_is_a_timeout_in_bounded_time(servers: Servers) -> None:
    host = servers.add({"/hang": s.hang()})
    outcome, elapsed = check_one(host.url("/hang"))
    assert outcome == Outcome(host.url("/hang"), Status.TIMEOUT, "no complete answer within 0.5 s")
    # two attempts of 0.5 s and one backoff of 0.05 s, with room for a slow machine
    assert 1.0 <= elapsed < 3.0


def test_endless_body_is_cut_off(servers: Servers) -> None:
    host = servers.add({"/stream": s.head_not_allowed(s.endless_body())})
    outcome, elapsed = check_one(host.url("/stream"))
    assert outcome == Outcome(host.url("/stream"), Status.OK, "HTTP 200 OK")
    assert elapsed < 2


def test_trickling_body_does_not_hold_the_check(servers: Servers) -> None:
    host = servers.add({"/trickle": s.head_not_allowed(s.endless_body(chunk_delay=0.2))})
    outcome, elapsed = check_one(
        host.url("/trickle"), loopback(timeout=0.6, retries=0, max_bytes=10**9)
    )
    # The status came in time; the body that never ends is abandoned at the deadline.
    assert outcome.status is Status.OK
    assert elapsed < 2


@pytest.mark.parametrize(
    ("handler", "detail"),
    [
        (s.reset(), "the connection broke while reading the answer: Connection reset by peer"),
        (
            s.close_silently(),
            "not a valid HTTP answer: Server disconnected without sending a response.",
        ),
        (
            s.garbage(),
            "not a valid HTTP answer: illegal status line: "
            "bytearray(b'\\x00\\x01 this is not HTTP at all \\xff')",
        ),
    ],
    ids=["reset", "closed", "garbage"],
)
def test_connection_broken(servers: Servers, handler: s.Handler, detail: str) -> None:
    host = servers.add({"/drop": handler})
    outcome, elapsed = check_one(host.url("/drop"))
    assert outcome == Outcome(host.url("/drop"), Status.CONNECTION_ERROR, detail)
    assert host.methods("/drop") == ["HEAD", "HEAD"]  # retried once
    assert elapsed < 2


def test_connection_refused() -> None:
    url = f"http://127.0.0.1:{s.free_port()}/"
    outcome, elapsed = check_one(url)
    assert outcome.status is Status.CONNECTION_ERROR
    assert outcome.detail == "cannot connect: All connection attempts failed"
    assert elapsed < 2


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    # The resolver is replaced so that no query leaves the machine.
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "no-such-host.example.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = "http://no-such-host.example.invalid/page"
    outcome, _ = check_one(url)
    assert outcome == Outcome(url, Status.DNS_FAILURE, "the host name does not resolve")


def test_rate_limit_honours_retry_after(servers: Servers) -> None:
    host = servers.add({"/busy": s.rate_limited(1, "1")})
    outcome, _ = check_one(host.url("/busy"), loopback(retries=1, backoff=0.01))
    assert outcome.status is Status.OK
    first, second = (arrived for _, _, arrived in host.log)
    assert second - first >= 0.95


def test_rate_limit_without_retry_after_backs_off(servers: Servers) -> None:
    host = servers.add({"/busy": s.rate_limited(1, None)})
    outcome, _ = check_one(host.url("/busy"), loopback(retries=1, backoff=0.3))
    assert outcome.status is Status.OK
    first, second = (arrived for _, _, arrived in host.log)
    assert second - first >= 0.28


def test_persistent_rate_limit_is_unknown_not_dead(servers: Servers) -> None:
    host = servers.add({"/busy": s.rate_limited(100, None)})
    outcome, elapsed = check_one(host.url("/busy"))
    assert outcome == Outcome(host.url("/busy"), Status.RATE_LIMITED, "HTTP 429 Too Many Requests")
    assert host.methods("/busy") == ["HEAD", "HEAD"]
    assert elapsed < 2


def test_retry_after_beyond_the_cap_gives_up_at_once(servers: Servers) -> None:
    host = servers.add({"/busy": s.rate_limited(100, "3600")})
    outcome, elapsed = check_one(host.url("/busy"))
    assert outcome == Outcome(
        host.url("/busy"),
        Status.RATE_LIMITED,
        "HTTP 429 Too Many Requests; asked to wait 3600 s, more than 3 s",
    )
    assert elapsed < 1


def test_invalid_address_is_a_client_error() -> None:
    outcome, _ = check_one("http://127.0.0.1:99999/")
    assert outcome == Outcome(
        "http://127.0.0.1:99999/",
        Status.CLIENT_ERROR,
        "not a valid web address: Port out of range 0-65535",
    )


def test_per_host_limit(servers: Servers) -> None:
    host = servers.add({"/slow": s.slow(0.2)})
    urls = [host.url(f"/slow?n={n}") for n in range(12)]
    outcomes = check_all(urls, loopback(per_host=3, concurrency=50))
    assert {o.status for o in outcomes.values()} == {Status.OK}
    assert host.most_in_flight == 3


def test_global_limit(servers: Servers) -> None:
    hosts = [servers.add({"/slow": s.slow(0.2)}) for _ in range(3)]
    urls = [h.url(f"/slow?n={n}") for h in hosts for n in range(4)]
    outcomes = check_all(urls, loopback(per_host=10, concurrency=5))
    assert len(outcomes) == 12
    assert servers.most_in_flight == 5


def test_rate_limit_pauses_the_whole_host(servers: Servers) -> None:
    host = servers.add({"/first": s.rate_limited(1, "1"), "/second": s.slow(0.3)})
    start = time.monotonic()
    outcomes = check_all(
        [host.url("/first"), host.url("/second"), host.url("/second?again")],
        loopback(per_host=1, retries=1, backoff=0.01),
    )
    assert {o.status for o in outcomes.values()} == {Status.OK}
    later = [arrived - start for _, path, arrived in host.log if path != "/first"]
    # /first answered 429 with Retry-After: 1 before the others were asked at all.
    assert min(later) >= 0.95


def test_repeated_addresses_are_checked_once(servers: Servers) -> None:
    host = servers.add({"/page": s.OK})
    outcomes = check_all([host.url("/page")] * 5, FAST)
    assert list(outcomes) == [host.url("/page")]
    assert host.methods("/page") == ["HEAD"]


def test_many_hosts_answering_slowly(servers: Servers) -> None:
    # A bounded version of the benchmark: 20 hosts that answer after 100 ms,
    # 10 addresses each, at most 10 requests per host at once.
    hosts = [servers.add({"/slow": s.slow(0.1)}) for _ in range(20)]
    urls = [h.url(f"/slow?n={n}") for h in hosts for n in range(10)]
    start = time.monotonic()
    outcomes = check_all(urls, loopback(per_host=10, concurrency=200))
    elapsed = time.monotonic() - start
    assert len(outcomes) == 200
    assert {o.status for o in outcomes.values()} == {Status.OK}
    assert max(h.most_in_flight for h in hosts) <= 10
    assert elapsed < 10


def test_progress_callback_sees_every_address(servers: Servers) -> None:
    host = servers.add({"/page": s.OK})
    seen: list[str] = []
    check_all([host.url(f"/page?{n}") for n in range(5)], FAST, lambda o: seen.append(o.url))
    assert sorted(seen) == sorted(host.url(f"/page?{n}") for n in range(5))


def test_host_key() -> None:
    assert host_key("https://Example.org/a") == "example.org:443"
    assert host_key("http://example.org/a") == "example.org:80"
    assert host_key("http://127.0.0.1:8080/") == "127.0.0.1:8080"
    with pytest.raises(ValueError, match="no host"):
        host_key("http:///path")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Thu, 01 Jan 2026 00:01:40 GMT", 100.0),
        ("Thu, 01 Jan 2026 00:00:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-3", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    now = 1767225600.0  # 2026-01-01T00:00:00Z
    assert retry_after_seconds(value, now=now) == seconds


def test_server_text_is_escaped_and_capped_before_it_is_kept(servers: Servers) -> None:
    # A reason phrase with a C1 control and a Location with an escape sequence,
    # a right-to-left override (as latin-1 bytes) and 2,000 more characters.
    async def hostile(request: s.Request) -> bool:
        request.writer.write(
            b"HTTP/1.1 302 Fo\x9bund\r\nContent-Length: 0\r\n"
            b"Location: /x\x9b[2J\xe2\x80\xae" + b"y" * 2000 + b"\r\n\r\n"
        )
        await request.writer.drain()
        return True

    host = servers.add({"/away": hostile})
    outcome, _ = check_one(host.url("/away"))
    assert outcome.status is Status.DEAD
    assert outcome.detail.startswith(f"HTTP 404 Not Found at {host.url('/x')}\\x9b[2J")
    assert outcome.final_url is not None
    assert outcome.final_url.startswith(f"{host.url('/x')}\\x9b[2J\u00e2\\x80\u00ae")
    for text in (outcome.detail, outcome.final_url):
        assert len(text) <= 300
        assert text.endswith(" more characters)")
        assert all(ch.isprintable() for ch in text)


def test_a_reason_phrase_cannot_break_a_line(servers: Servers) -> None:
    async def hostile(request: s.Request) -> bool:
        request.writer.write(b"HTTP/1.1 200 O\x85K\x9b31m\r\nContent-Length: 0\r\n\r\n")
        await request.writer.drain()
        return True

    host = servers.add({"/page": hostile})
    outcome, _ = check_one(host.url("/page"))
    assert outcome.status is Status.OK
    assert all(ch.isprintable() for ch in outcome.detail)
