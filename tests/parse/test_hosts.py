"""The plain-host fast path says yes only where IDNA's own reading finds nothing wrong."""

from __future__ import annotations

import pytest

from build_tools.parse.values import _international_host_problem, is_plain_host, read_url

PLAIN = [
    "example.org",
    "EXAMPLE.ORG",
    "news.example.org.",
    "a.b",
    "x1-y2.example",
    "1.2.3.4",
    "a" * 63 + ".example",
    ".".join(["a" * 63] * 3) + "." + "b" * 61,  # 253 characters, the longest name
]
NOT_PLAIN = [
    "xn--bcher-kva.example",  # punycode: its letters need IDNA to be read
    "ab--cd.example",  # hyphens in the third and fourth places, refused by IDNA 2008
    "-lead.example",
    "trail-.example",
    "a..b",
    "under_score.example",
    "a" * 64 + ".example",
    ".".join(["a" * 63] * 3) + "." + "b" * 62,  # 254 characters, one too many
    "bücher.example",
    # Letters that IGNORECASE would match to [a-z]: dotless i, dotted capital I, long s,
    # and the Kelvin sign.
    "\u0131.com",
    "\u0130stanbul.example",
    "\u017fecure.example",
    "\u212aelvin.example",
    "ex\u0430mple.org",
    "",
]


@pytest.mark.parametrize("host", PLAIN)
def test_a_plain_host_is_one_idna_accepts(host: str) -> None:
    assert is_plain_host(host)
    assert _international_host_problem(host) is None


@pytest.mark.parametrize("host", NOT_PLAIN)
def test_anything_else_is_left_to_idna(host: str) -> None:
    assert not is_plain_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "ab--cd.example",
        "-lead.example",
        "a..b",
        "a" * 64 + ".example",
        "ex\u0430mple.org",
        "\u0131.com",  # a dotless i passes for a Latin i
        "\u0130" * 63 + ".com",  # too long once written in punycode
    ],
)
def test_hosts_off_the_fast_path_are_still_refused(host: str) -> None:
    url, problem = read_url(f"https://{host}/page")
    assert url is None
    assert problem is not None and "is not a well-formed URL" in problem
