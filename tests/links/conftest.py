from __future__ import annotations

import ipaddress
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from .servers import Servers


@dataclass
class NetworkLog:
    """Every outgoing connection and name lookup this process attempted during one test.

    It is filled by a CPython audit hook, which sees ``socket.connect`` and
    ``socket.getaddrinfo`` however they are reached (asyncio, anyio, httpcore or
    anything else), so it is evidence independent of the code under test. A
    connection to anything but a loopback address is also *blocked* by the hook
    before the system call, so a test of the address guard can fail without
    sending a single packet off this machine.
    """

    connects: list[tuple[str, int]] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)
    blocked: list[tuple[str, int]] = field(default_factory=list)


_active: list[NetworkLog] = []


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.partition("%")[0]).is_loopback
    except ValueError:
        return False  # a name: sockets are connected to addresses, so refuse it


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _active:
        return
    log = _active[-1]
    if event == "socket.getaddrinfo":
        log.lookups.append(str(args[0]))
    elif event == "socket.connect":
        address = args[1]
        if not isinstance(address, tuple):
            return  # a Unix socket
        host, port = str(address[0]), int(address[1])
        log.connects.append((host, port))
        if not _is_loopback(host):
            log.blocked.append((host, port))
            raise ConnectionRefusedError(f"blocked by the test guard: {host}:{port}")


# Audit hooks cannot be removed; this one does nothing outside the tests below.
sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def network() -> Iterator[NetworkLog]:
    """Record, and keep to loopback, every connection a links test makes."""
    log = NetworkLog()
    _active.append(log)
    try:
        yield log
    finally:
        _active.remove(log)
    assert log.blocked == [], f"the test tried to leave loopback: {log.blocked}"


@pytest.fixture
def servers() -> Iterator[Servers]:
    pool = Servers(lifetime=120)
    yield pool
    pool.stop()
