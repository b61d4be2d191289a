"""Real HTTP servers on 127.0.0.1 that misbehave on purpose, for the source link tests.

Each server is a plain asyncio TCP listener speaking just enough HTTP/1.1 by
hand, so that it can do what no well-behaved framework would: hang, reset the
connection, send an endless body, answer HEAD with 405, send garbage. All
servers of a ``Servers`` share one event loop in a background thread and stop
by themselves after ``lifetime`` seconds even if a test forgets them.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    arrived: float


Handler = Callable[[Request], Awaitable[bool]]  # returns whether to keep the connection


@dataclass
class Host:
    """One listening server: its port, routes and request log."""

    routes: dict[str, Handler]
    port: int = 0
    log: list[tuple[str, str, float]] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def methods(self, path: str) -> list[str]:
        return [method for method, logged, _ in self.log if logged == path]


class Servers:
    """A background event loop hosting any number of misbehaving servers."""

    def __init__(self, lifetime: float = 60.0) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(lifetime,), daemon=True)
        self._listeners: list[asyncio.Server] = []
        self._thread.start()
        self.in_flight = 0
        self.most_in_flight = 0

    def _run(self, lifetime: float) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.call_later(lifetime, self._loop.stop)
        self._loop.run_forever()
        for listener in self._listeners:
            listener.close()
        self._loop.run_until_complete(self._cancel_all())
        self._loop.close()

    async def _cancel_all(self) -> None:
        tasks = [t for t in asyncio.all_tasks(self._loop) if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def add(
        self,
        routes: dict[str, Handler],
        host: str = "127.0.0.1",
        tls: ssl.SSLContext | None = None,
    ) -> Host:
        """Start a server with ``routes`` (path -> handler) and return it once it listens.

        With ``tls`` (a server context holding a certificate), it speaks HTTPS.
        """
        served = Host(dict(routes))

        async def start() -> None:
            listener = await asyncio.start_server(
                lambda r, w: self._serve(served, r, w), host, 0, backlog=512, ssl=tls
            )
            self._listeners.append(listener)
            served.port = listener.sockets[0].getsockname()[1]

        asyncio.run_coroutine_threadsafe(start(), self._loop).result(timeout=10)
        return served

    def stop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _serve(
        self, host: Host, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while True:
                request = await _read_request(reader, writer)
                if request is None:
                    break
                host.log.append((request.method, request.path, request.arrived))
                handler = host.routes.get(request.path.partition("?")[0], not_found)
                host.in_flight += 1
                self.in_flight += 1
                host.most_in_flight = max(host.most_in_flight, host.in_flight)
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
                try:
                    keep = await handler(request)
                finally:
                    host.in_flight -= 1
                    self.in_flight -= 1
                if not keep:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()


async def _read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> Request | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return Request(method, path, headers, reader, writer, time.monotonic())


async def send(
    request: Request,
    status: int,
    reason: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bool:
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
    if request.method != "HEAD":
        payload += body
    request.writer.write(payload)
    await request.writer.drain()
    return True


# Handlers. Each returns a Handler; those with state keep it in a closure.


async def not_found(request: Request) -> bool:
    return await send(request, 404, "Not Found", body=b"no such page")


def status(code: int, reason: str, headers: dict[str, str] | None = None) -> Handler:
    async def handler(request: Request) -> bool:
        return await send(request, code, reason, headers, body=b"<p>fixture</p>")

    return handler


OK = status(200, "OK")


def slow(delay: float, then: Handler = OK) -> Handler:
    async def handler(request: Request) -> bool:
        await asyncio.sleep(delay)
        return await then(request)

    return handler


def hang() -> Handler:
    async def handler(request: Request) -> bool:
        await asyncio.sleep(3600)
        return False

    return handler


def redirect(location: str, code: int = 302, reason: str = "Found") -> Handler:
    return status(code, reason, {"Location": location})


def head_not_allowed(then: Handler = OK) -> Handler:
    async def handler(request: Request) -> bool:
        if request.method == "HEAD":
            return await send(request, 405, "Method Not Allowed", {"Allow": "GET"})
        return await then(request)

    return handler


def reset() -> Handler:
    """Close with a TCP reset (SO_LINGER 0) before any answer."""

    async def handler(request: Request) -> bool:
        sock = request.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        request.writer.transport.abort()
        return False

    return handler


def close_silently() -> Handler:
    async def handler(request: Request) -> bool:
        request.writer.close()
        return False

    return handler


def garbage() -> Handler:
    async def handler(request: Request) -> bool:
        request.writer.write(b"\x00\x01 this is not HTTP at all \xff\r\n\r\n")
        await request.writer.drain()
        request.writer.close()
        return False

    return handler


def endless_body(chunk_delay: float = 0.0) -> Handler:
    """200 with a chunked body that never ends (one chunk per ``chunk_delay`` seconds)."""

    async def handler(request: Request) -> bool:
        writer = request.writer
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        if request.method == "HEAD":
            await writer.drain()
            return True
        chunk = b"x" * 4096
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        for _ in range(1_000_000):
            writer.write(frame)
            await writer.drain()
            if chunk_delay:
                await asyncio.sleep(chunk_delay)
        return False

    return handler


def rate_limited(times: int, retry_after: str | None, then: Handler = OK) -> Handler:
    """429 for the first ``times`` requests (any method), then ``then``."""
    count = 0

    async def handler(request: Request) -> bool:
        nonlocal count
        count += 1
        if count <= times:
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return await send(request, 429, "Too Many Requests", headers)
        return await then(request)

    return handler


def free_port() -> int:
    """A loopback port with nothing listening on it (for connection-refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
