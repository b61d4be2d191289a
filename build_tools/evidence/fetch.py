"""Fetching a source to capture it: the link checker's guarded client, and WARC records.

Every connection goes through the link checker's ``guarded_transport``, so a
capture reaches public addresses only (``--allow-host`` names the exceptions,
for tests against loopback servers), and a redirect to a private address is
refused where it connects. Redirects are followed by hand, up to a limit, to
web addresses only; the whole exchange, body included, has one deadline; the
body is read up to a size cap. Every answer on the way is kept as a WARC
``response`` record (``warcio``) beside the ``request`` that asked for it.

The body is stored decoded (``Content-Encoding`` undone), and the WARC record
says so: its headers drop ``Content-Encoding`` and give the decoded length, so
the record's payload is byte for byte the snapshot's ``original`` file.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from build_tools.links.external import retry_after_seconds
from build_tools.links.guard import AccessPolicy, RefusedAddress, guarded_transport

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RESTRICTED = frozenset({401, 402, 403, 451})
_DROPPED = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class FetchError(Exception):
    """A capture that failed: one line saying what happened and what to do instead."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits of one capture.

    Attributes:
        timeout: seconds for each request, from connecting to the last byte of the body.
        max_redirects: redirects followed before giving up.
        max_bytes: the largest body accepted.
        allow_hosts: hosts fetched even though they are not public (tests).
        user_agent: the ``User-Agent`` sent.

    """

    timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 50 * 1024 * 1024
    allow_hosts: frozenset[str] = frozenset()
    user_agent: str = "sourcetrace-capture/0.1 (evidence capture for a news digest)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a capture fetched: the final answer, the way there, and the WARC records."""

    requested: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes
    redirects: tuple[str, ...]
    warc: bytes
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class _Answer:
    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes
    request_headers: list[tuple[str, str]]


def _warc(answers: list[_Answer], when: dt.datetime) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    date = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for answer in answers:
        parts = urlsplit(answer.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(
            answer.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", answer.request_headers, is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        headers = [(k, v) for k, v in answer.headers if k.lower() not in _DROPPED]
        headers.append(("Content-Length", str(len(answer.body))))
        response = writer.create_warc_record(
            answer.url,
            "response",
            payload=io.BytesIO(answer.body),
            length=len(answer.body),
            http_headers=StatusAndHeaders(
                f"{answer.status} {answer.reason}".rstrip(), headers, protocol="HTTP/1.1"
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(request)
        writer.write_record(response)
    return out.getvalue()


async def _get(transport: httpx.AsyncHTTPTransport, url: str, settings: FetchSettings) -> _Answer:
    headers = [
        ("Host", urlsplit(url).netloc),
        ("User-Agent", settings.user_agent),
        ("Accept", "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8"),
        ("Accept-Encoding", "gzip, deflate"),
    ]
    request = httpx.Request("GET", url, headers=headers[1:])
    async with asyncio.timeout(settings.timeout):
        response = await transport.handle_async_request(request)
        try:
            body = bytearray()
            if response.status_code not in REDIRECTS:
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > settings.max_bytes:
                        raise FetchError(
                            f"{url}: the answer is larger than {settings.max_bytes:,} bytes "
                            "(the cap): save it from a browser and capture it with --file"
                        )
        finally:
            await response.aclose()
    return _Answer(
        url,
        response.status_code,
        response.reason_phrase,
        list(response.headers.multi_items()),
        bytes(body),
        headers,
    )


def _header(answer: _Answer, name: str) -> str | None:
    return next((v for k, v in answer.headers if k.lower() == name), None)


def _refusal(policy: AccessPolicy, url: str) -> None:
    reason = policy.refusal_for_url(url)
    if reason is not None:
        raise RefusedAddress(reason)


def _judge(answer: _Answer, requested: str) -> None:
    """Raise for an answer that is not the source: a paywall, a dead page, an error."""
    code = answer.status
    where = answer.url if answer.url == requested else f"{answer.url} (from {requested})"
    if 200 <= code < 300:
        return
    if code in RESTRICTED:
        raise FetchError(
            f"{where}: HTTP {code}: a paywall or a block, not the source; read it in a browser, "
            "save the page and capture it with --file"
        )
    if code == 429:
        wait = retry_after_seconds(
            dict((k.lower(), v) for k, v in answer.headers).get("retry-after")
        )
        later = f" in {wait:g} s" if wait is not None else " later"
        raise FetchError(f"{where}: HTTP 429: the site asks to slow down; try again{later}")
    if code in (404, 410):
        raise FetchError(f"{where}: HTTP {code}: the page is gone; look for an archived copy")
    raise FetchError(f"{where}: HTTP {code} {answer.reason}".rstrip())


async def fetch(url: str, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Fetch ``url`` for capture, following redirects, within ``settings``.

    Raises:
        FetchError: for every way a fetch can fail, with what to do instead.

    """
    policy = AccessPolicy.allowing(settings.allow_hosts)
    transport = guarded_transport(policy, connections=2, ssl_context=httpx.create_ssl_context())
    answers: list[_Answer] = []
    chain = [url]
    current = url
    when = dt.datetime.now(dt.UTC)
    try:
        for _hop in range(settings.max_redirects + 1):
            _refusal(policy, current)
            answer = await _get(transport, current, settings)
            answers.append(answer)
            location = _header(answer, "location")
            if answer.status not in REDIRECTS or not location:
                _judge(answer, url)
                content_type = _header(answer, "content-type")
                return Fetched(
                    url, current, answer.status, content_type, answer.body,
                    tuple(chain[1:]), _warc(answers, when), when,
                )  # fmt: skip
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise FetchError(f"{current} redirects to a non-web address: {target}")
            if target in chain:
                raise FetchError("redirect loop: " + " -> ".join([*chain, target]))
            chain.append(target)
            current = target
        limit = settings.max_redirects
        raise FetchError(f"{url}: more than {limit} redirects (the last to {current})")
    except RefusedAddress as refused:
        via = f" (redirected from {url})" if current != url else ""
        raise FetchError(f"refused {current}{via}: {refused}") from refused
    except TimeoutError as error:
        raise FetchError(
            f"{current}: no complete answer within {settings.timeout:g} s: try again, or save "
            "the page from a browser and capture it with --file"
        ) from error
    except (httpx.HTTPError, OSError) as error:
        raise FetchError(f"{current}: {type(error).__name__}: {error}".rstrip(": ")) from error
    finally:
        await transport.aclose()


def fetch_now(url: str, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Run :func:`fetch` in a new event loop, for the command line."""
    return asyncio.run(fetch(url, settings))
