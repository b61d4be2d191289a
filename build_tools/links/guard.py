"""The source link check's only way onto the network: public addresses, vetted where they connect.

A source URL, or a redirect from any server on the way, can name an address
inside the machine or its network: the cloud metadata service at
169.254.169.254, a database on 10.0.0.5, the runner itself on 127.0.0.1.
Fetching it would make the nightly job a tool for probing them. So every
connection goes through :class:`PublicOnlyBackend`, the network backend of
httpcore's connection pool (the layer below httpx that opens sockets).

Why there: httpcore hands each new connection's host and port to its network
backend, and to nothing else. The backend resolves the host once, refuses it
if any address it resolves to is off the public internet, and then connects
to the vetted address itself, written as a literal, so that nothing resolves
the name a second time. A name that answers with a public address when it is
checked and a private one when it is connected to (DNS rebinding) therefore
has no second answer to give. TLS is unchanged: httpcore verifies the
certificate against the host in the URL (``server_hostname``), whatever
address the socket is connected to, and the ``Host`` header comes from the URL.

Two simpler designs were rejected. Checking the URL's host before the
request cannot know what a name resolves to when the socket is opened (it is
still done first, by :meth:`AccessPolicy.refusal_for_url`, so that an address
written into a URL is refused without any lookup, in every spelling).
Rewriting the URL to a resolved address would need the ``Host`` header and the
TLS name put back by hand, and would report addresses where users wrote names.

A host is refused when *any* of its addresses is not public, not just the one
that would be tried first: a public site has no business answering with a
private address, and which address is tried first is up to the resolver.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpcore
import httpx

from build_tools.links.addresses import (
    IPAddress,
    address_reason,
    host_of,
    literal_address,
)

# How long an idle connection is kept for reuse (httpx's own default).
_KEEPALIVE_SECONDS = 5.0
# RFC 8305's connection attempt delay: how long one address may take to connect
# before the next is tried beside it.
_ATTEMPT_DELAY = 0.25


class RefusedAddress(Exception):
    """A connection that was not made, because its address is not on the public internet."""

    def __init__(self, reason: str) -> None:
        """Record ``reason``: what was refused and why, e.g. "10.0.0.1 is a private address"."""
        super().__init__(reason)
        self.reason = reason


def _normal_host(host: str) -> str:
    """A host as written in a URL, made comparable: lowercase, no brackets, no final dot."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host[:-1] if host.endswith(".") else host


@dataclass(frozen=True, slots=True)
class AccessPolicy:
    """Which hosts may be reached: every public address, and the hosts allowed by name.

    Attributes:
        allowed_hosts: hosts reached whatever they resolve to, compared with the
            host as the URL writes it (``--allow-host 127.0.0.1`` allows
            ``http://127.0.0.1:8000/`` but not ``http://localhost:8000/`` or
            ``http://2130706433/``: an allowance is for one spelling of one host).

    """

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, hosts: Iterable[str]) -> AccessPolicy:
        """A policy that also allows ``hosts`` (names or addresses, as URLs write them)."""
        return cls(frozenset(_normal_host(host) for host in hosts if host.strip()))

    def allows(self, host: str) -> bool:
        """Whether ``host`` was allowed by name."""
        return _normal_host(host) in self.allowed_hosts

    def refusal_for_url(self, url: str) -> str | None:
        """Say why ``url`` must not be fetched, judging only the address it writes.

        A host written as an address, in any spelling, is judged without a lookup;
        a host name is left to :meth:`refusal_for_addresses`, once it is resolved.

        Returns:
            e.g. ``"0x7f.1 is 127.0.0.1, a loopback address (127.0.0.0/8)"``, or None.

        """
        host = host_of(url)
        if host is None or self.allows(host):
            return None
        address = literal_address(host)
        if address is None:
            return None
        reason = address_reason(address)
        if reason is None:
            return None
        written = _normal_host(host)
        if written == str(address):
            return f"{written} is {reason}"
        return f"{written} is {address}, {reason}"

    def refusal_for_addresses(self, host: str, addresses: Iterable[IPAddress]) -> str | None:
        """Say why ``host``, resolved to ``addresses``, must not be connected to; None if it may."""
        if self.allows(host):
            return None
        for address in addresses:
            reason = address_reason(address)
            if reason is not None:
                if _normal_host(host) == str(address):
                    return f"{address} is {reason}"
                return f"{_normal_host(host)} resolves to {address}, {reason}"
        return None


async def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, in the resolver's order, each once.

    Raises:
        httpcore.ConnectError: when the name does not resolve (caused by the
            ``socket.gaierror``, which is how a DNS failure is recognised later).

    """
    loop = asyncio.get_running_loop()
    try:
        found = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise httpcore.ConnectError(str(error)) from error
    addresses: dict[IPAddress, None] = {}
    for *_kind, sockaddr in found:
        addresses[ipaddress.ip_address(str(sockaddr[0]))] = None
    return list(addresses)


def _interleaved(addresses: list[IPAddress]) -> list[IPAddress]:
    """The addresses in the order to try them: families alternating, the resolver's first first.

    As RFC 8305 (Happy Eyeballs) orders them, so that a family that is broken
    on this network (often IPv6) costs one attempt delay, not a whole timeout.
    """
    first = [a for a in addresses if a.version == addresses[0].version]
    other = [a for a in addresses if a.version != addresses[0].version]
    order: list[IPAddress] = []
    for pair in itertools.zip_longest(first, other):
        order.extend(address for address in pair if address is not None)
    return order


async def _first_to_connect(
    addresses: list[IPAddress],
    attempt: Callable[[IPAddress], Awaitable[httpcore.AsyncNetworkStream]],
) -> httpcore.AsyncNetworkStream:
    """Connect to the first address that answers, starting the next every 250 ms (RFC 8305).

    An attempt that fails starts the next at once; the first to connect wins,
    and every other attempt is cancelled, or closed if it connected too.

    Raises:
        Exception: the last attempt's error, when every attempt failed.

    """
    waiting = list(addresses)
    running: set[asyncio.Task[httpcore.AsyncNetworkStream]] = set()
    failures: list[BaseException] = []
    try:
        while waiting or running:
            if waiting:
                running.add(asyncio.ensure_future(attempt(waiting.pop(0))))
            done, running = await asyncio.wait(
                running,
                timeout=_ATTEMPT_DELAY if waiting else None,
                return_when=asyncio.FIRST_COMPLETED,
            )
            connected = []
            for task in done:
                error = task.exception()
                if error is None:
                    connected.append(task.result())
                else:
                    failures.append(error)
            if connected:
                for extra in connected[1:]:
                    await extra.aclose()
                return connected[0]
    finally:
        for task in running:
            task.cancel()
        for late in await asyncio.gather(*running, return_exceptions=True):
            if isinstance(late, httpcore.AsyncNetworkStream):
                await late.aclose()
    raise failures[-1]


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to vetted addresses.

    Every TCP connection of the link check is opened here: the host is
    resolved once, every address it resolves to is judged by ``policy``, and
    the socket is connected to a vetted address written as a literal (several
    addresses are raced as Happy Eyeballs does, as the default backend would
    have done with the name). Unix sockets are never opened.
    """

    def __init__(
        self, policy: AccessPolicy, inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        """Vet with ``policy``; open sockets with ``inner`` (default: httpcore's anyio backend)."""
        self._policy = policy
        self._inner = inner if inner is not None else httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve ``host``, refuse it unless every address is allowed, then connect.

        Raises:
            RefusedAddress: when some address ``host`` resolves to is not public.
            httpcore.ConnectError: when the name does not resolve or no address accepts.

        """
        addresses = await _resolve(host, port)
        reason = self._policy.refusal_for_addresses(host, addresses)
        if reason is not None:
            raise RefusedAddress(reason)
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")

        async def attempt(address: IPAddress) -> httpcore.AsyncNetworkStream:
            return await self._inner.connect_tcp(
                str(address),
                port,
                timeout=timeout,
                local_address=local_address,
                socket_options=socket_options,
            )

        if len(addresses) == 1:
            return await attempt(addresses[0])
        return await _first_to_connect(_interleaved(addresses), attempt)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Refuse: a Unix socket is a local service by definition."""
        raise RefusedAddress(f"{path} is a local socket")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the inner backend does (httpcore waits between its own retries)."""
        await self._inner.sleep(seconds)


def guarded_transport(
    policy: AccessPolicy, *, connections: int, ssl_context: ssl.SSLContext
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose connection pool opens every connection through the policy.

    httpx builds its transport's pool itself and offers no way to choose the
    pool's network backend, so the pool is replaced by one built the same way
    with :class:`PublicOnlyBackend`. The replacement checks that the attribute
    it replaces exists and holds a pool, so that an httpx that keeps its pool
    elsewhere fails here, loudly, instead of connecting unguarded.

    Args:
        policy: what may be connected to.
        connections: the pool's size (connections open and kept alive).
        ssl_context: shared by every pool, since loading the CA bundle is slow.

    Raises:
        RuntimeError: when httpx's transport is not built as expected.

    """
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, retries=0)
    if not isinstance(getattr(transport, "_pool", None), httpcore.AsyncConnectionPool):
        raise RuntimeError("httpx.AsyncHTTPTransport no longer keeps its pool in _pool")
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=connections,
        max_keepalive_connections=connections,
        keepalive_expiry=_KEEPALIVE_SECONDS,
        retries=0,  # retries are the checker's, with backoff and a class for each failure
        network_backend=PublicOnlyBackend(policy),
    )
    return transport
