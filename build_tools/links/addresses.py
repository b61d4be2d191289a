"""Which addresses are on the public internet, without asking the network.

The source link check fetches whatever an entry (or a server's redirect)
names, from the machine it runs on, which in CI can reach a cloud's metadata
service (169.254.169.254), the runner's own services and its private network.
So it connects only to public addresses; this module decides what is public.

It knows the special-purpose ranges of IANA's IPv4 and IPv6 registries
(RFC 6890 and its successors), the IPv6 forms that carry an IPv4 address
inside (IPv4-mapped, IPv4-compatible, SIIT, NAT64, 6to4, Teredo: each is
judged by the address it carries), and every spelling of an IPv4 address that
``inet_aton`` and browsers accept: ``2130706433``, ``0177.0.0.1``,
``0x7f.1`` and ``127.1`` are all 127.0.0.1. Those spellings matter because
the resolver accepts them too: a URL naming ``http://0x7f.1/`` reaches the
loopback interface, though no pattern written for "127." would say so.

Nothing here resolves a name. :func:`non_public_reason` answers for what a URL
*names*; the checker's connection layer (``guard``) applies
:func:`address_reason` to every address a name resolves to, just before it
connects.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# IANA's IPv4 special-purpose registry, less the ranges that are globally
# reachable by design (none of those a news source would be served from).
# The first match wins, so the broadcast address comes before 240.0.0.0/4.
_IPV4_RANGES: Sequence[tuple[_V4, str]] = (
    (_V4("0.0.0.0/32"), "the unspecified address"),
    (_V4("0.0.0.0/8"), "a 'this network' address"),
    (_V4("10.0.0.0/8"), "a private address"),
    (_V4("100.64.0.0/10"), "a shared address of carrier-grade NAT"),
    (_V4("127.0.0.0/8"), "a loopback address"),
    (_V4("169.254.0.0/16"), "a link-local address"),
    (_V4("172.16.0.0/12"), "a private address"),
    (_V4("192.0.0.0/24"), "an IETF protocol address"),
    (_V4("192.0.2.0/24"), "a documentation address"),
    (_V4("192.88.99.0/24"), "a reserved 6to4 relay address"),
    (_V4("192.168.0.0/16"), "a private address"),
    (_V4("198.18.0.0/15"), "a benchmarking address"),
    (_V4("198.51.100.0/24"), "a documentation address"),
    (_V4("203.0.113.0/24"), "a documentation address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("255.255.255.255/32"), "the broadcast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
)

# IPv6 ranges refused outright. The forms that carry an IPv4 address are
# handled before these (``_embedded``), and anything outside 2000::/3, the only
# block IANA allocates global unicast from, is refused after them.
_IPV6_RANGES: Sequence[tuple[_V6, str]] = (
    (_V6("::/128"), "the unspecified address"),
    (_V6("::1/128"), "a loopback address"),
    (_V6("64:ff9b:1::/48"), "a local-use NAT64 address"),
    (_V6("100::/64"), "a discard-only address"),
    (_V6("2001:2::/48"), "a benchmarking address"),
    (_V6("2001:10::/28"), "a deprecated ORCHID address"),
    (_V6("2001:db8::/32"), "a documentation address"),
    (_V6("3fff::/20"), "a documentation address"),
    (_V6("fc00::/7"), "a unique-local address"),
    (_V6("fe80::/10"), "a link-local address"),
    (_V6("fec0::/10"), "a deprecated site-local address"),
    (_V6("ff00::/8"), "a multicast address"),
)
_GLOBAL_UNICAST = _V6("2000::/3")

_MAPPED = _V6("::ffff:0:0/96")  # RFC 4291: how an IPv6 socket names an IPv4 peer
_TRANSLATED = _V6("::ffff:0:0:0/96")  # RFC 2765 (SIIT)
_COMPATIBLE = _V6("::/96")  # RFC 4291, deprecated
_NAT64 = _V6("64:ff9b::/96")  # RFC 6052 well-known prefix

# Names that stand for the loopback interface by definition (RFC 6761, 6.3):
# resolvers answer them without DNS, so naming one is naming 127.0.0.1.
_LOOPBACK_NAME = "localhost"

# Full stops that IDNA maps to "." (UTS 46), so that browsers read
# "127。0。0。1" as an address.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def _strip_scope(address: ipaddress.IPv6Address) -> ipaddress.IPv6Address:
    # A zone ("fe80::1%eth0") says which interface, not which address.
    return ipaddress.IPv6Address(address.packed)


def _ipv4_reason(address: ipaddress.IPv4Address) -> str | None:
    for network, kind in _IPV4_RANGES:
        if address in network:
            shown = str(address) if network.prefixlen == 32 else str(network)
            return f"{kind} ({shown})"
    return None


def _embedded(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 form carries, with the name of the form."""
    if address in _MAPPED:
        return "an IPv4-mapped form", ipaddress.IPv4Address(address.packed[12:])
    if address in _TRANSLATED:
        return "an IPv4-translated form", ipaddress.IPv4Address(address.packed[12:])
    if address in _NAT64:
        return "a NAT64 form", ipaddress.IPv4Address(address.packed[12:])
    if address in _COMPATIBLE and int(address) > 1:  # :: and ::1 are themselves
        return "an IPv4-compatible form", ipaddress.IPv4Address(address.packed[12:])
    if address.sixtofour is not None:
        return "a 6to4 form", address.sixtofour
    return None


def _ipv6_reason(address: ipaddress.IPv6Address) -> str | None:
    address = _strip_scope(address)
    carried = _embedded(address)
    if carried is not None:
        form, inner = carried
        inner_reason = _ipv4_reason(inner)
        if inner_reason is not None:
            return f"{form} of {inner}, {inner_reason}"
        if address in _COMPATIBLE:
            return "a deprecated IPv4-compatible address (::/96)"
        return None
    if address.teredo is not None:
        server, client = address.teredo
        for end in (server, client):
            end_reason = _ipv4_reason(end)
            if end_reason is not None:
                return f"a Teredo form of {end}, {end_reason}"
        return None
    for network, kind in _IPV6_RANGES:
        if address in network:
            shown = str(address) if network.prefixlen == 128 else str(network)
            return f"{kind} ({shown})"
    if address not in _GLOBAL_UNICAST:
        return "a reserved address (outside 2000::/3)"
    return None


def address_reason(address: IPAddress) -> str | None:
    """Say why ``address`` is not on the public internet, or return None if it is.

    Args:
        address: an IPv4 or IPv6 address (an IPv6 zone, ``%eth0``, is ignored).

    Returns:
        A phrase to follow "is", such as ``"a private address (10.0.0.0/8)"`` or
        ``"an IPv4-mapped form of 127.0.0.1, a loopback address (127.0.0.0/8)"``;
        None for a public address.

    """
    if isinstance(address, ipaddress.IPv4Address):
        return _ipv4_reason(address)
    return _ipv6_reason(address)


_DIGITS = {8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _ipv4_part(text: str) -> int | None:
    """One dotted part as ``inet_aton`` reads it: decimal, 0-led octal or 0x-led hex."""
    if text[:2] in ("0x", "0X"):
        digits, base = text[2:], 16
        if not digits:
            return 0  # browsers read a bare "0x" as 0 (WHATWG URL, IPv4 number parser)
    elif len(text) > 1 and text[0] == "0":
        digits, base = text[1:], 8
    else:
        digits, base = text, 10
    if not digits or any(ch not in _DIGITS[base] for ch in digits):
        return None
    return int(digits, base)


def _ipv4_literal(host: str) -> ipaddress.IPv4Address | None:
    """Read every IPv4 spelling the resolver accepts: a, a.b, a.b.c or a.b.c.d, any base."""
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # a trailing dot, as in "127.0.0.1."
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_ipv4_part(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    *leading, last = [number for number in numbers if number is not None]
    if any(number > 0xFF for number in leading) or last >= 256 ** (5 - len(parts)):
        return None
    value = last
    for position, number in enumerate(leading):
        value += number << (8 * (3 - position))
    return ipaddress.IPv4Address(value)


def _normalise(host: str) -> str:
    """The host as browsers compare it: percent-decoded, NFKC, lowercase, no trailing dot."""
    host = unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS).lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host[:-1] if host.endswith(".") else host


def literal_address(host: str) -> IPAddress | None:
    """Return the address a host names literally, in any spelling, or None for a name.

    Args:
        host: the host part of a URL, with or without IPv6 brackets, such as
            ``"example.org"``, ``"0x7f.1"`` or ``"[::ffff:10.0.0.1]"``.

    Returns:
        The address (``0x7f.1`` gives 127.0.0.1), or None when ``host`` is a name.

    """
    host = _normalise(host)
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    return _ipv4_literal(host)


def host_of(url_or_host: str) -> str | None:
    """The host a URL names (as a browser reads it), or the text itself if it is a host.

    A backslash in the authority counts as a slash, as browsers read ``http``
    and ``https`` URLs; a port is dropped. None when no host can be read.
    """
    text = url_or_host.strip()
    if "//" in text:
        scheme, _, rest = text.partition("//")
        authority, *_path = rest.replace("\\", "/").split("/", 1)
        try:
            return urlsplit(f"{scheme}//{authority}").hostname
        except ValueError:
            return None
    if text.startswith("["):
        return text[1:].partition("]")[0] or None
    if text.count(":") == 1:
        text = text.partition(":")[0]
    return text or None


def non_public_reason(url_or_host: str) -> str | None:
    """Say why a URL or host names an address off the public internet, without the network.

    Use it to warn about a source URL before anything fetches it. It reads the
    host the way browsers and the resolver do, so every spelling of an address
    counts: ``http://2130706433/``, ``http://0177.0.0.1/``, ``http://0x7f.1/``,
    ``http://127.1/`` and ``http://[::ffff:127.0.0.1]/`` all name 127.0.0.1.
    The name ``localhost`` (and any name under ``.localhost``) counts as
    loopback, since resolvers must answer it so (RFC 6761).

    Any other host name returns None: whether it resolves to a private address
    is for the connection layer to find out, on the address it connects to.

    Args:
        url_or_host: an absolute URL (``"http://10.0.0.1/report"``), or a host,
            with or without a port (``"10.0.0.1"``, ``"[fe80::1]:8080"``).

    Returns:
        A phrase to follow "names", such as ``"a loopback address (127.0.0.0/8)"``,
        ``"a private address (10.0.0.0/8)"`` or ``"an IPv4-mapped form of
        10.0.0.1, a private address (10.0.0.0/8)"``; None for a public address,
        a host name, or text with no host.

    Examples:
        >>> non_public_reason("http://169.254.169.254/latest/meta-data/")
        'a link-local address (169.254.0.0/16)'
        >>> non_public_reason("http://0x7f.1/") is None
        False
        >>> non_public_reason("https://example.org/") is None
        True

    """
    host = host_of(url_or_host)
    if host is None:
        return None
    normal = _normalise(host)
    if normal == _LOOPBACK_NAME or normal.endswith("." + _LOOPBACK_NAME):
        return "a loopback address (localhost)"
    address = literal_address(normal)
    return None if address is None else address_reason(address)
