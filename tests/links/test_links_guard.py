"""The access policy and the connection layer: what is refused, and that nothing else connects.

Every test here runs under the ``network`` log of ``conftest``: an audit hook
that records each ``socket.connect`` and ``getaddrinfo`` of this process and
blocks any connection off loopback before it is made.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from typing import Any

import httpcore
import pytest

from build_tools.links.external import Outcome, Settings, Status, check_all
from build_tools.links.guard import AccessPolicy, PublicOnlyBackend, RefusedAddress

from . import servers as s
from .conftest import NetworkLog
from .servers import Servers

LOOPBACK = frozenset({"127.0.0.1"})
QUICK = Settings(timeout=2.0, retries=0)
ALLOWED = Settings(timeout=2.0, retries=0, allow_hosts=LOOPBACK)


def one(url: str, settings: Settings) -> Outcome:
    return check_all([url], settings)[url]


def fake_resolver(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """Answer the names in ``answers`` from the table; others as usual. Returns the names asked.

    A made-up name that resolves to a private address cannot be had from real
    DNS without sending queries off this machine, so the resolver is replaced
    for those names (asyncio calls ``socket.getaddrinfo`` in a thread).
    """
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            asked.append(host)
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (address, int(port), 0, 0) if ":" in address else (address, int(port)),
                )
                for address in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return asked


def test_policy_normalises_allowed_hosts() -> None:
    policy = AccessPolicy.allowing(["127.0.0.1", "[::1]", "LocalHost.", " "])
    assert policy.allowed_hosts == frozenset({"127.0.0.1", "::1", "localhost"})
    assert policy.allows("LOCALHOST")
    assert not policy.allows("2130706433")


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("http://10.0.0.1/", "10.0.0.1 is a private address (10.0.0.0/8)"),
        ("http://0x7f.1:8000/", "0x7f.1 is 127.0.0.1, a loopback address (127.0.0.0/8)"),
        ("http://2130706433/", "2130706433 is 127.0.0.1, a loopback address (127.0.0.0/8)"),
        (
            "http://[::ffff:10.0.0.1]/",
            "::ffff:10.0.0.1 is ::ffff:a00:1, an IPv4-mapped form of 10.0.0.1, "
            "a private address (10.0.0.0/8)",
        ),
        ("http://127.0.0.1:8000/", None),  # allowed
        ("http://localhost:8000/", None),  # a name: judged once it is resolved
        ("https://example.org/", None),
    ],
)
def test_refusal_for_url(url: str, refusal: str | None) -> None:
    assert AccessPolicy.allowing(["127.0.0.1"]).refusal_for_url(url) == refusal


def test_refusal_for_addresses() -> None:
    policy = AccessPolicy.allowing(["mirror.internal"])
    public = ipaddress.ip_address("93.184.216.34")
    private = ipaddress.ip_address("10.0.0.5")
    assert policy.refusal_for_addresses("news.example.org", [public]) is None
    assert policy.refusal_for_addresses("news.example.org", [public, private]) == (
        "news.example.org resolves to 10.0.0.5, a private address (10.0.0.0/8)"
    )
    assert policy.refusal_for_addresses("mirror.internal", [private]) is None


def test_loopback_is_refused_unless_allowed(servers: Servers, network: NetworkLog) -> None:
    host = servers.add({"/page": s.OK})
    url = host.url("/page")
    assert one(url, QUICK) == Outcome(
        url, Status.REFUSED, "refused: 127.0.0.1 is a loopback address (127.0.0.0/8)"
    )
    assert host.log == []
    assert (network.connects, network.lookups) == ([], [])
    assert one(url, ALLOWED).status is Status.OK
    assert network.connects == [("127.0.0.1", host.port)]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "a link-local address (169.254.0.0/16)"),
        ("http://10.0.0.1/", "a private address (10.0.0.0/8)"),
        ("http://192.168.0.1:8080/admin", "a private address (192.168.0.0/16)"),
        ("http://100.64.0.1/", "a shared address of carrier-grade NAT (100.64.0.0/10)"),
        ("http://0.0.0.0/", "the unspecified address (0.0.0.0)"),
        ("http://[::]/", "the unspecified address (::)"),
        ("http://[::1]/", "a loopback address (::1)"),
        ("http://[fe80::1]/", "a link-local address (fe80::/10)"),
        ("http://[fd00::1]/", "a unique-local address (fc00::/7)"),
        ("http://224.0.0.1/", "a multicast address (224.0.0.0/4)"),
        ("http://[64:ff9b::a00:1]/", "a NAT64 form of 10.0.0.1, a private address (10.0.0.0/8)"),
    ],
)
def test_urls_naming_non_public_addresses_are_refused_without_a_lookup(
    network: NetworkLog, url: str, reason: str
) -> None:
    outcome = one(url, ALLOWED)
    assert outcome.status is Status.REFUSED
    assert outcome.detail.startswith("refused: ")
    assert outcome.detail.endswith(reason)
    assert (network.connects, network.lookups) == ([], [])


@pytest.mark.parametrize(
    "host",
    ["2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"],
)
def test_other_spellings_of_an_allowed_address_are_refused(
    servers: Servers, network: NetworkLog, host: str
) -> None:
    # The allowance is for 127.0.0.1 as written: a spelling chosen to slip past a
    # filter is not what anyone allowed.
    served = servers.add({"/page": s.OK})
    url = f"http://{host}:{served.port}/page"
    outcome = one(url, ALLOWED)
    assert outcome.status is Status.REFUSED
    assert "a loopback address (127.0.0.0/8)" in outcome.detail
    assert served.log == []
    assert network.connects == []


def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch, network: NetworkLog
) -> None:
    asked = fake_resolver(monkeypatch, {"intranet.example.org": ["10.0.0.5"]})
    url = "http://intranet.example.org/wiki"
    assert one(url, ALLOWED) == Outcome(
        url,
        Status.REFUSED,
        "refused: intranet.example.org resolves to 10.0.0.5, a private address (10.0.0.0/8)",
    )
    assert asked == ["intranet.example.org"]
    assert network.connects == []


def test_a_name_with_any_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, network: NetworkLog
) -> None:
    # The public address comes first; the private one would be tried if it failed.
    fake_resolver(monkeypatch, {"mixed.example.org": ["93.184.216.34", "169.254.169.254"]})
    outcome = one("http://mixed.example.org/", ALLOWED)
    assert outcome.detail == (
        "refused: mixed.example.org resolves to 169.254.169.254, "
        "a link-local address (169.254.0.0/16)"
    )
    assert network.connects == []


def test_localhost_is_refused_by_what_it_resolves_to(servers: Servers, network: NetworkLog) -> None:
    host = servers.add({"/page": s.OK})
    url = f"http://localhost:{host.port}/page"
    outcome = one(url, ALLOWED)
    assert outcome.status is Status.REFUSED
    assert outcome.detail.startswith("refused: localhost resolves to ")
    assert "a loopback address" in outcome.detail
    assert host.log == []
    assert network.connects == []


def test_a_name_is_resolved_once_and_its_vetted_address_is_the_one_connected(
    servers: Servers, monkeypatch: pytest.MonkeyPatch, network: NetworkLog
) -> None:
    # A rebinding name: 127.0.0.1 the first time, 10.0.0.1 afterwards. The
    # connection must go to the address that was looked up and judged, so the
    # name is looked up once and the socket connected to that answer.
    host = servers.add({"/page": s.OK})
    answers = iter([["127.0.0.1"]])
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "rebind.example.org":
            asked.append(name)
            address = next(answers, ["10.0.0.1"])[0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))]
        return real(name, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    settings = Settings(timeout=2.0, retries=0, allow_hosts=frozenset({"rebind.example.org"}))
    url = f"http://rebind.example.org:{host.port}/page"
    assert one(url, settings).status is Status.OK
    assert asked == ["rebind.example.org"]
    assert network.connects == [("127.0.0.1", host.port)]
    assert [method for method, _, _ in host.log] == ["HEAD"]


def test_the_backend_never_opens_a_unix_socket() -> None:
    backend = PublicOnlyBackend(AccessPolicy())
    with pytest.raises(RefusedAddress, match=r"^/run/docker\.sock is a local socket$"):
        asyncio.run(backend.connect_unix_socket("/run/docker.sock"))


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    """A self-signed certificate for the name localhost only (not for 127.0.0.1)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return tmp_path


def test_tls_is_verified_for_the_name_in_the_url_not_the_address_connected(
    servers: Servers, certificate: Path, monkeypatch: pytest.MonkeyPatch, network: NetworkLog
) -> None:
    # The socket goes to the vetted 127.0.0.1, but the certificate must still
    # match the host the URL names; httpx reads SSL_CERT_FILE for its CAs.
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate / "cert.pem", certificate / "key.pem")
    host = servers.add({"/page": s.OK}, tls=context)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate / "cert.pem"))
    settings = Settings(timeout=5.0, retries=0, allow_hosts=frozenset({"localhost", "127.0.0.1"}))
    by_name = f"https://localhost:{host.port}/page"
    by_address = f"https://127.0.0.1:{host.port}/page"
    outcomes = check_all([by_name, by_address], settings)
    assert outcomes[by_name] == Outcome(by_name, Status.OK, "HTTP 200 OK")
    assert outcomes[by_address].status is Status.CONNECTION_ERROR
    assert "certificate verify failed" in outcomes[by_address].detail
    assert {address for address, _ in network.connects} == {"127.0.0.1"}


class FakeStream(httpcore.AsyncNetworkStream):
    def __init__(self, address: str) -> None:
        self.address = address
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True


class ScriptedNetwork(httpcore.AsyncNetworkBackend):
    """Sockets that hang, fail or connect as told, for each address.

    Racing addresses needs an address that never answers, and loopback answers
    every connection at once (accepting or refusing it), so the sockets below
    the guard are scripted here; the guard itself is the real one.
    """

    def __init__(self, script: dict[str, str]) -> None:
        self.script = script
        self.started: list[tuple[str, float]] = []
        self.cancelled: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        self.started.append((host, time.monotonic()))
        action = self.script[host]
        if action == "fail":
            raise httpcore.ConnectError(f"{host}: Connection refused")
        if action == "hang":
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                self.cancelled.append(host)
                raise
        return FakeStream(host)


def connect_through(
    monkeypatch: pytest.MonkeyPatch, addresses: list[str], script: dict[str, str]
) -> tuple[httpcore.AsyncNetworkStream, ScriptedNetwork, float]:
    fake_resolver(monkeypatch, {"race.example.org": addresses})
    network = ScriptedNetwork(script)
    backend = PublicOnlyBackend(AccessPolicy(), inner=network)
    start = time.monotonic()
    stream = asyncio.run(backend.connect_tcp("race.example.org", 443))
    return stream, network, start


PUBLIC_V6 = "2606:4700::6810:84e5"
PUBLIC_V4 = ["93.184.215.14", "93.184.216.34"]


def test_an_address_that_never_answers_costs_one_attempt_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream, network, start = connect_through(
        monkeypatch, [PUBLIC_V6, *PUBLIC_V4], {PUBLIC_V6: "hang", PUBLIC_V4[0]: "ok"}
    )
    assert isinstance(stream, FakeStream) and stream.address == PUBLIC_V4[0]
    assert [host for host, _ in network.started] == [PUBLIC_V6, PUBLIC_V4[0]]
    assert 0.2 <= network.started[1][1] - start < 1.0
    assert network.cancelled == [PUBLIC_V6]


def test_a_refused_address_starts_the_next_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    stream, network, start = connect_through(
        monkeypatch, [*PUBLIC_V4, PUBLIC_V6], {PUBLIC_V4[0]: "fail", PUBLIC_V6: "ok"}
    )
    assert isinstance(stream, FakeStream) and stream.address == PUBLIC_V6
    # Families alternate: the IPv6 address is second, not last.
    assert [host for host, _ in network.started] == [PUBLIC_V4[0], PUBLIC_V6]
    assert network.started[1][1] - start < 0.2


def test_when_every_address_fails_the_last_error_is_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(httpcore.ConnectError, match=r"^93\.184\.216\.34: Connection refused$"):
        connect_through(monkeypatch, PUBLIC_V4, {address: "fail" for address in PUBLIC_V4})


def test_a_public_name_resolving_to_nothing_usable_is_a_connection_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_resolver(monkeypatch, {"empty.example.org": []})
    backend = PublicOnlyBackend(AccessPolicy(), inner=ScriptedNetwork({}))
    with pytest.raises(
        httpcore.ConnectError, match=r"^empty\.example\.org resolves to no address$"
    ):
        asyncio.run(backend.connect_tcp("empty.example.org", 443))
