"""Which addresses are public: every special range, every spelling, no network."""

from __future__ import annotations

import ipaddress

import pytest

from build_tools.links.addresses import (
    address_reason,
    host_of,
    literal_address,
    non_public_reason,
)

from .conftest import NetworkLog

LOOPBACK = "a loopback address (127.0.0.0/8)"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", LOOPBACK),
        ("http://127.255.255.254:8080/x", LOOPBACK),
        ("http://10.0.0.1/", "a private address (10.0.0.0/8)"),
        ("http://172.16.5.4/", "a private address (172.16.0.0/12)"),
        ("http://172.31.255.255/", "a private address (172.16.0.0/12)"),
        ("http://192.168.1.1/", "a private address (192.168.0.0/16)"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address (169.254.0.0/16)"),
        ("http://100.64.0.1/", "a shared address of carrier-grade NAT (100.64.0.0/10)"),
        ("http://100.127.255.255/", "a shared address of carrier-grade NAT (100.64.0.0/10)"),
        ("http://0.0.0.0/", "the unspecified address (0.0.0.0)"),
        ("http://0.1.2.3/", "a 'this network' address (0.0.0.0/8)"),
        ("http://224.0.0.251/", "a multicast address (224.0.0.0/4)"),
        ("http://239.255.255.250/", "a multicast address (224.0.0.0/4)"),
        ("http://255.255.255.255/", "the broadcast address (255.255.255.255)"),
        ("http://240.0.0.1/", "a reserved address (240.0.0.0/4)"),
        ("http://192.0.0.8/", "an IETF protocol address (192.0.0.0/24)"),
        ("http://192.0.2.10/", "a documentation address (192.0.2.0/24)"),
        ("http://198.51.100.7/", "a documentation address (198.51.100.0/24)"),
        ("http://203.0.113.9/", "a documentation address (203.0.113.0/24)"),
        ("http://198.18.0.1/", "a benchmarking address (198.18.0.0/15)"),
        ("http://192.88.99.1/", "a reserved 6to4 relay address (192.88.99.0/24)"),
    ],
)
def test_ipv4_special_ranges(url: str, reason: str) -> None:
    assert non_public_reason(url) == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # one decimal number
        "http://0x7f000001/",  # one hex number
        "http://017700000001/",  # one octal number
        "http://0177.0.0.1/",  # octal parts
        "http://0x7f.0.0.1/",  # a hex part
        "http://0x7F.1/",  # two parts: 8 bits and 24
        "http://127.1/",
        "http://127.0.1/",  # three parts: 8, 8 and 16 bits
        "http://127.0.0.1./",  # a trailing dot
        "http://%31%32%37.0.0.1/",  # percent-encoded, which browsers decode
        "http://\uff11\uff12\uff17\u3002\uff10\u3002\uff10\u3002\uff11/",  # full-width
        "http://127.0.0.1\\@example.org/",  # browsers read the backslash as a slash
        "http://example.org@127.0.0.1/",  # user information is not the host
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_every_spelling_of_loopback(url: str) -> None:
    assert non_public_reason(url) is not None
    assert "127.0.0.0/8" in str(non_public_reason(url))


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("0x0a.0x00.0x00.0x01", "10.0.0.1"),
        ("012.0.0.1", "10.0.0.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),  # as browsers read it
        ("[::ffff:10.0.0.1]", "::ffff:a00:1"),
        ("::1", "::1"),
    ],
)
def test_literal_address_reads_what_the_resolver_reads(host: str, address: str) -> None:
    assert literal_address(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize(
    "host",
    [
        "example.org",
        "256.0.0.1",  # out of range: not an address, and no resolver takes it as one
        "1.2.3.4.5",
        "0x7g.1",
        "08.0.0.1",  # 8 is not an octal digit
        "4294967296",
        "127.0.0.1.example.org",
        "",
    ],
)
def test_names_and_impossible_addresses_are_not_literals(host: str) -> None:
    assert literal_address(host) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1]/", "a loopback address (::1)"),
        ("http://[::]/", "the unspecified address (::)"),
        ("http://[fe80::1]/", "a link-local address (fe80::/10)"),
        ("http://[fe80::1%25eth0]:8080/", "a link-local address (fe80::/10)"),
        ("http://[fc00::1]/", "a unique-local address (fc00::/7)"),
        ("http://[fd12:3456::1]/", "a unique-local address (fc00::/7)"),
        ("http://[ff02::1]/", "a multicast address (ff00::/8)"),
        ("http://[2001:db8::1]/", "a documentation address (2001:db8::/32)"),
        ("http://[fec0::1]/", "a deprecated site-local address (fec0::/10)"),
        ("http://[100::1]/", "a discard-only address (100::/64)"),
        ("http://[64:ff9b:1::1]/", "a local-use NAT64 address (64:ff9b:1::/48)"),
        ("http://[4000::1]/", "a reserved address (outside 2000::/3)"),
        (
            "http://[::ffff:10.0.0.1]/",
            "an IPv4-mapped form of 10.0.0.1, a private address (10.0.0.0/8)",
        ),
        (
            "http://[::ffff:7f00:1]/",
            "an IPv4-mapped form of 127.0.0.1, a loopback address (127.0.0.0/8)",
        ),
        (
            "http://[::ffff:169.254.169.254]/",
            "an IPv4-mapped form of 169.254.169.254, a link-local address (169.254.0.0/16)",
        ),
        (
            "http://[::127.0.0.1]/",
            "an IPv4-compatible form of 127.0.0.1, a loopback address (127.0.0.0/8)",
        ),
        ("http://[::93.184.216.34]/", "a deprecated IPv4-compatible address (::/96)"),
        (
            "http://[::ffff:0:10.0.0.1]/",
            "an IPv4-translated form of 10.0.0.1, a private address (10.0.0.0/8)",
        ),
        (
            "http://[64:ff9b::10.0.0.1]/",
            "a NAT64 form of 10.0.0.1, a private address (10.0.0.0/8)",
        ),
        (
            "http://[64:ff9b::a9fe:a9fe]/",
            "a NAT64 form of 169.254.169.254, a link-local address (169.254.0.0/16)",
        ),
        (
            "http://[2002:7f00:1::]/",
            "a 6to4 form of 127.0.0.1, a loopback address (127.0.0.0/8)",
        ),
        (
            "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo, client 10.0.0.1
            "a Teredo form of 10.0.0.1, a private address (10.0.0.0/8)",
        ),
    ],
)
def test_ipv6_special_ranges_and_embedded_ipv4(url: str, reason: str) -> None:
    assert non_public_reason(url) == reason


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/report",
        "https://intranet/",  # a name: what it resolves to is found out when connecting
        "https://10.0.0.1.example.org/",
        "http://93.184.216.34/",
        "http://8.8.8.8/",
        "http://[2606:4700:4700::1111]/",
        "http://[::ffff:93.184.216.34]/",  # a public IPv4 address, written for IPv6
        "http://[64:ff9b::5db8:d822]/",  # NAT64 of a public address is how IPv6 reaches it
        "http://[2002:5db8:d822::1]/",
        "mailto:desk@example.org",
        "not a url",
        "",
    ],
)
def test_public_addresses_and_names_are_not_flagged(url: str) -> None:
    assert non_public_reason(url) is None


@pytest.mark.parametrize(
    "url", ["http://localhost/", "http://LOCALHOST.:8000/", "http://preview.localhost/"]
)
def test_localhost_is_loopback_by_definition(url: str) -> None:
    assert non_public_reason(url) == "a loopback address (localhost)"


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("http://10.0.0.1:8080/x", "10.0.0.1"),
        ("10.0.0.1:8080", "10.0.0.1"),
        ("10.0.0.1", "10.0.0.1"),
        ("[::1]:80", "::1"),
        ("::1", "::1"),
        ("https://[fe80::1%25eth0]/", "fe80::1%25eth0"),
        ("https://Example.ORG/", "example.org"),
        ("http://[::1/", None),
        ("", None),
    ],
)
def test_host_of(text: str, host: str | None) -> None:
    assert host_of(text) == host


def test_address_reason_takes_addresses() -> None:
    assert address_reason(ipaddress.ip_address("10.9.8.7")) == "a private address (10.0.0.0/8)"
    assert address_reason(ipaddress.ip_address("fe80::1%eth0")) == (
        "a link-local address (fe80::/10)"
    )
    assert address_reason(ipaddress.ip_address("93.184.216.34")) is None
    assert address_reason(ipaddress.ip_address("2a00:1450:4001::1")) is None


def test_classification_uses_no_network(network: NetworkLog) -> None:
    non_public_reason("http://example.org/")
    non_public_reason("http://0x7f.1/")
    assert (network.lookups, network.connects) == ([], [])
