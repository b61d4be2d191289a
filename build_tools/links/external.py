"""Fetching the sources' addresses and sorting each answer into a status.

Every address gets a HEAD request, then a GET where HEAD is refused or fails
(many servers answer HEAD wrongly, so a failure is only believed from a GET).
Redirects are followed by hand, so that loops, hops to non-web addresses and the
final address can be reported. Each request has a deadline of its own covering
the whole exchange, body included; at most ``max_bytes`` of a body are read.
Concurrency is bounded overall and per host (``host:port``); a host that asks
to slow down with 429 and ``Retry-After`` is left alone for that long.

Only the public internet is reached: an address written into a URL is refused
before any request, and every connection is vetted where it is opened, on the
address it is opened to (``guard``). A refusal is a class of its own, never a
failure of the link. Whatever a server says that is kept (its reason phrase,
its ``Location``, an error's text) is escaped and capped (``untrusted``).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import httpx

from build_tools.links.guard import AccessPolicy, RefusedAddress, guarded_transport
from build_tools.links.untrusted import printable

WEB_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


class Health(StrEnum):
    """What a status says about the link: alive, failed, or nothing either way."""

    ALIVE = "alive"
    FAILED = "failed"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """The class of one check's answer."""

    OK = "ok"
    REDIRECTED = "redirected"
    RESTRICTED = "restricted"  # 401, 402, 403, 451: a paywall or a block, not a dead page
    RATE_LIMITED = "rate-limited"  # 429 even after waiting as asked
    SERVER_ERROR = "server-error"  # 5xx
    TIMEOUT = "timeout"
    DNS_FAILURE = "dns-failure"
    CONNECTION_ERROR = "connection-error"  # refused, reset, or not HTTP
    DEAD = "dead"  # 404, 410
    CLIENT_ERROR = "client-error"  # any other 4xx, or an address that is not a valid URL
    REDIRECT_ERROR = "redirect-error"  # a loop, too many hops, or a hop off the web
    REFUSED = "refused"  # not fetched: it, or a redirect, leads off the public internet

    @property
    def health(self) -> Health:
        """Whether this answer counts for the link, against it, or neither."""
        if self in (Status.OK, Status.REDIRECTED, Status.RESTRICTED):
            return Health.ALIVE
        if self in (Status.RATE_LIMITED, Status.REFUSED):
            return Health.UNKNOWN
        return Health.FAILED


# Answers worth asking again within the same run: the site may be busy, not gone.
RETRYABLE = frozenset(
    {Status.RATE_LIMITED, Status.SERVER_ERROR, Status.TIMEOUT, Status.CONNECTION_ERROR}
)
RESTRICTED_CODES = frozenset({401, 402, 403, 451})
DEAD_CODES = frozenset({404, 410})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

# What a bad address or a misbehaving server can raise; anything else is our own bug.
_EXCHANGE_ERRORS = (httpx.HTTPError, httpx.InvalidURL, TimeoutError, OSError, ValueError)


@dataclass(frozen=True, slots=True)
class Settings:
    """How hard and how long to try.

    Attributes:
        concurrency: requests in flight at once, over all hosts.
        per_host: requests in flight at once to one ``host:port``.
        timeout: seconds allowed for one request, from connecting to the last byte read.
        retries: further attempts after a timeout, connection error, 5xx or 429.
        backoff: seconds before the first retry; each later retry waits twice as long.
        max_redirects: redirects followed before giving up.
        max_bytes: most bytes of a body read (the body itself is not needed).
        max_retry_after: the longest ``Retry-After`` honoured; a longer one ends the
            check as rate-limited at once.
        user_agent: the ``User-Agent`` header sent.
        allow_hosts: hosts fetched even though they are not public (as URLs write
            them, e.g. ``127.0.0.1`` for a test server); every other host must
            resolve only to public addresses.

    """

    concurrency: int = 32
    per_host: int = 4
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    max_bytes: int = 64 * 1024
    max_retry_after: float = 60.0
    user_agent: str = "sourcetrace-links/0.1 (source link checker)"
    allow_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer for one address: its status, a short detail, and where it now leads."""

    url: str
    status: Status
    detail: str
    final_url: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The parts of one HTTP response that decide its class."""

    code: int
    reason: str
    location: str | None
    retry_after: float | None


class _Limits:
    """The global and per-host slots, and each host's ``Retry-After`` pause."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._overall = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._resume_at: dict[str, float] = {}

    def host(self, key: str) -> asyncio.Semaphore:
        semaphore = self._hosts.get(key)
        if semaphore is None:
            semaphore = self._hosts[key] = asyncio.Semaphore(self._settings.per_host)
        return semaphore

    @property
    def overall(self) -> asyncio.Semaphore:
        return self._overall

    def pause(self, key: str, seconds: float) -> None:
        resume = time.monotonic() + seconds
        self._resume_at[key] = max(resume, self._resume_at.get(key, 0.0))

    async def wait_for_host(self, key: str) -> None:
        delay = self._resume_at.get(key, 0.0) - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)


def host_key(url: str) -> str:
    """Return the ``host:port`` that per-host limits count against.

    Raises:
        ValueError: when ``url`` has no host or an invalid port.

    """
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("no host")
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return f"{parts.hostname}:{port}"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Read a ``Retry-After`` header: delay-seconds or an HTTP date (RFC 9110, 10.2.3).

    Args:
        value: the header's value, if the response had one.
        now: the current POSIX time, for an HTTP date (default: the clock).

    Returns:
        The seconds to wait (never negative), or None when absent or unreadable.

    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None  # an HTTP date is always GMT; a date without a zone is not one
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _causes(error: BaseException) -> list[BaseException]:
    """The error and everything that caused it, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


_PLAIN_WORDS: dict[type[Exception], str] = {
    httpx.ConnectError: "cannot connect",
    httpx.ReadError: "the connection broke while reading the answer",
    httpx.WriteError: "the connection broke while sending the request",
    httpx.RemoteProtocolError: "not a valid HTTP answer",
}


def _describe(error: Exception) -> str:
    """Say what went wrong in plain words, with the system's reason where there is one."""
    words = next(
        (text for kind, text in _PLAIN_WORDS.items() if isinstance(error, kind)),
        type(error).__name__,
    )
    reason = str(error).strip()
    if not reason:
        reason = next(
            (c.strerror for c in _causes(error) if isinstance(c, OSError) and c.strerror), ""
        )
    return f"{words}: {reason}" if reason else words


def classify_error(url: str, error: Exception, timeout: float) -> Outcome:
    """Sort a failed exchange into timeout, DNS failure, connection error or client error."""
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return Outcome(url, Status.TIMEOUT, f"no complete answer within {timeout:g} s")
    if any(isinstance(cause, socket.gaierror) for cause in _causes(error)):
        return Outcome(url, Status.DNS_FAILURE, "the host name does not resolve")
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL | ValueError):
        return Outcome(url, Status.CLIENT_ERROR, f"not a valid web address: {error}")
    return Outcome(url, Status.CONNECTION_ERROR, _describe(error))


def classify_answer(url: str, answer: Answer, final_url: str | None) -> Outcome:
    """Sort a final (non-redirect) status line into its class."""
    code = answer.code
    detail = f"HTTP {code} {answer.reason}".rstrip()
    if final_url is not None and not 200 <= code < 300:
        detail += f" at {final_url}"
    if 200 <= code < 300:
        if final_url is not None:
            return Outcome(url, Status.REDIRECTED, detail, final_url)
        return Outcome(url, Status.OK, detail)
    if code in RESTRICTED_CODES:
        return Outcome(url, Status.RESTRICTED, detail, final_url)
    if code == 429:
        return Outcome(url, Status.RATE_LIMITED, detail, final_url)
    if code in DEAD_CODES:
        return Outcome(url, Status.DEAD, detail, final_url)
    if code >= 500:
        return Outcome(url, Status.SERVER_ERROR, detail, final_url)
    if 300 <= code < 400:
        return Outcome(url, Status.REDIRECT_ERROR, f"{detail} without a usable Location", final_url)
    return Outcome(url, Status.CLIENT_ERROR, detail, final_url)


class Checker:
    """Checks many addresses at once, within the limits of ``settings``.

    It talks to httpx's transports rather than its client: the client parses every
    ``Location`` header even when not following it, and raises on the malformed
    ones that a link checker most needs to report. Each host gets a pool of its
    own, because a pool's bookkeeping grows with its number of connections for
    every request, which made one shared pool the bottleneck. Every pool opens
    its connections through the access policy (``guard``). Proxies are not used.
    Call :meth:`aclose` when done.
    """

    def __init__(self, settings: Settings) -> None:
        self._pools: dict[str, httpx.AsyncHTTPTransport] = {}
        self._settings = settings
        self._policy = AccessPolicy.allowing(settings.allow_hosts)
        self._ssl_context: ssl.SSLContext | None = None
        self._headers = {"User-Agent": settings.user_agent, "Accept": "*/*"}
        # httpx's timeouts apply to each socket operation; ``_request`` adds the
        # deadline for the whole exchange on top.
        self._timeouts = {"timeout": httpx.Timeout(settings.timeout).as_dict()}
        self._limits = _Limits(settings)
        # The Retry-After of the last 429 for each address, read by ``check``.
        self._retry_after: dict[str, float] = {}

    def _pool(self, key: str) -> httpx.AsyncHTTPTransport:
        pool = self._pools.get(key)
        if pool is None:
            if self._ssl_context is None:
                self._ssl_context = httpx.create_ssl_context()
            pool = self._pools[key] = guarded_transport(
                self._policy, connections=self._settings.per_host, ssl_context=self._ssl_context
            )
        return pool

    async def aclose(self) -> None:
        """Close every connection still open."""
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()

    async def check(self, url: str) -> Outcome:
        """Check one address, retrying transient failures with a growing wait.

        The outcome's detail and final address are escaped and capped: they are
        the servers' words, on their way to the state file and to CI logs.
        """
        outcome = await self._check(url)
        final_url = outcome.final_url
        return replace(
            outcome,
            detail=printable(outcome.detail),
            final_url=None if final_url is None else printable(final_url),
        )

    async def _check(self, url: str) -> Outcome:
        settings = self._settings
        outcome = await self._follow(url)
        for attempt in range(settings.retries):
            if outcome.status not in RETRYABLE:
                break
            wait = settings.backoff * 2**attempt
            if outcome.status is Status.RATE_LIMITED:
                asked = self._retry_after.pop(url, None)
                if asked is not None and asked > settings.max_retry_after:
                    return Outcome(
                        url,
                        Status.RATE_LIMITED,
                        f"{outcome.detail}; asked to wait {asked:g} s, more than "
                        f"{settings.max_retry_after:g} s",
                    )
                wait = asked if asked is not None else wait
            await asyncio.sleep(wait)
            outcome = await self._follow(url)
        self._retry_after.pop(url, None)
        return outcome

    async def _follow(self, url: str) -> Outcome:
        """Request ``url`` and follow its redirects, up to the limit."""
        chain = [url]
        current = url
        for _hop in range(self._settings.max_redirects + 1):
            try:
                refusal = self._policy.refusal_for_url(current)
                if refusal is not None:
                    raise RefusedAddress(refusal)
                answer = await self._exchange(current)
            except RefusedAddress as refused:
                return _refused(url, refused.reason, current if len(chain) > 1 else None)
            except _EXCHANGE_ERRORS as error:
                outcome = classify_error(url, error, self._settings.timeout)
                if len(chain) > 1:
                    outcome = Outcome(url, outcome.status, f"{outcome.detail} at {current}")
                return outcome
            if answer.code == 429 and answer.retry_after is not None:
                self._retry_after[url] = answer.retry_after
            if answer.code not in REDIRECT_CODES or not answer.location:
                return classify_answer(url, answer, current if len(chain) > 1 else None)
            target = urljoin(current, answer.location.strip())
            scheme = urlsplit(target).scheme.lower()
            if scheme not in WEB_SCHEMES:
                return Outcome(
                    url, Status.REDIRECT_ERROR, f"redirects to a non-web address: {target}"
                )
            if target in chain:
                loop = " -> ".join([*chain[chain.index(target) :], target])
                return Outcome(url, Status.REDIRECT_ERROR, f"redirect loop: {loop}")
            chain.append(target)
            current = target
        return Outcome(
            url,
            Status.REDIRECT_ERROR,
            f"more than {self._settings.max_redirects} redirects (last: {current})",
        )

    async def _exchange(self, url: str) -> Answer:
        """HEAD ``url``, then GET it if HEAD is refused or fails, within the host's limits."""
        key = host_key(url)
        limits = self._limits
        async with limits.host(key):
            await limits.wait_for_host(key)
            async with limits.overall:
                answer = await self._request("HEAD", url)
                if answer.code >= 400 and answer.code != 429:
                    answer = await self._request("GET", url)
            retry_after = answer.retry_after if answer.code == 429 else None
            if retry_after is not None and retry_after <= self._settings.max_retry_after:
                # The host asked everyone to wait, not just this address.
                limits.pause(key, retry_after)
        return answer

    async def _request(self, method: str, url: str) -> Answer:
        """One request with a deadline for the whole exchange; the body is read only in part."""
        settings = self._settings
        deadline = asyncio.get_running_loop().time() + settings.timeout
        request = httpx.Request(method, url, headers=self._headers, extensions=self._timeouts)
        async with asyncio.timeout_at(deadline):
            response = await self._pool(host_key(url)).handle_async_request(request)
        try:
            answer = Answer(
                response.status_code,
                response.reason_phrase,
                response.headers.get("location"),
                retry_after_seconds(response.headers.get("retry-after")),
            )
            # The status is known. Reading the body to its end (a HEAD's empty one
            # included) lets the connection be reused; the byte cap and the deadline
            # keep a body that never ends from holding us.
            with contextlib.suppress(TimeoutError, httpx.HTTPError):
                async with asyncio.timeout_at(deadline):
                    await _skim(response, settings.max_bytes)
        finally:
            await response.aclose()
        return answer


def _refused(url: str, reason: str, redirected_to: str | None) -> Outcome:
    """The outcome of an address not fetched, or of a redirect not followed."""
    if redirected_to is None:
        return Outcome(url, Status.REFUSED, f"refused: {reason}")
    return Outcome(url, Status.REFUSED, f"refused: redirects to {redirected_to}; {reason}")


async def _skim(response: httpx.Response, max_bytes: int) -> None:
    """Read the body until it ends or ``max_bytes`` have come."""
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= max_bytes:
            break


async def check_urls(
    urls: Iterable[str],
    settings: Settings = Settings(),
    on_done: Callable[[Outcome], None] | None = None,
) -> dict[str, Outcome]:
    """Check every distinct address in ``urls`` and return its outcome by address.

    Args:
        urls: the addresses, in any order, repeats allowed.
        settings: limits, timeouts and retries.
        on_done: called with each outcome as it arrives (for a progress bar).

    """
    unique = list(dict.fromkeys(urls))
    checker = Checker(settings)

    async def one(url: str) -> Outcome:
        outcome = await checker.check(url)
        if on_done is not None:
            on_done(outcome)
        return outcome

    try:
        outcomes = await asyncio.gather(*(one(url) for url in unique))
    finally:
        await checker.aclose()
    return {outcome.url: outcome for outcome in outcomes}


def check_all(
    urls: Iterable[str],
    settings: Settings = Settings(),
    on_done: Callable[[Outcome], None] | None = None,
) -> Mapping[str, Outcome]:
    """Run :func:`check_urls` in a new event loop; for callers that are not async."""
    return asyncio.run(check_urls(urls, settings, on_done))
