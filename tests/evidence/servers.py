"""A loopback web server for the capture tests: realistic pages, a paywall, redirects, a stall.

It runs in a background thread on 127.0.0.1, answers from a table of routes and
stops when the test's fixture ends; a handler that stalls gives up by itself
after a few seconds, so nothing outlives the test run.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

Route = Callable[[BaseHTTPRequestHandler], None]
STALL_SECONDS = 4.0


def page(body: bytes, content_type: str, status: int = 200, **headers: str) -> Route:
    """A route answering ``status`` with ``body``."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def gzipped(body: bytes, content_type: str) -> Route:
    """A route answering with ``body`` gzip-encoded."""
    packed = gzip.compress(body)

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(packed)))
        handler.end_headers()
        handler.wfile.write(packed)

    return answer


def redirect(location: str, status: int = 302) -> Route:
    """A route redirecting to ``location``."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def stall(handler: BaseHTTPRequestHandler) -> None:
    """Promise a long body, send a few bytes, then wait: a page that never finishes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>Loading")
    handler.wfile.flush()
    time.sleep(STALL_SECONDS)


class _Handler(BaseHTTPRequestHandler):
    # Each server gets a subclass with its own routes and log (see ``serving``).
    routes: ClassVar[dict[str, Route]] = {}
    log: ClassVar[list[tuple[str, str, dict[str, str]]]] = []

    def do_GET(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        self.log.append((self.command, self.path, dict(self.headers.items())))
        # Routes are matched by path alone; a handler reads the query from self.path.
        route = self.routes.get(self.path.split("?", 1)[0])
        if route is None:
            page(b"not here", "text/plain", 404)(self)
        else:
            route(self)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the tests read ``log`` instead."""


class Server:
    """One running server: its base address and what it was asked."""

    def __init__(self, httpd: ThreadingHTTPServer, handler: type[_Handler]) -> None:
        self._httpd = httpd
        self.handler = handler

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def log(self) -> list[tuple[str, str, dict[str, str]]]:
        return self.handler.log


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[Server]:
    """Serve ``routes`` on 127.0.0.1 until the block ends."""
    handler = type("Handler", (_Handler,), {"routes": routes, "log": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield Server(httpd, handler)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
