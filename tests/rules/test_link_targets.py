"""Reading a link target the way a browser does: its scheme, and whether it names another site."""

from __future__ import annotations

import pytest

from build_tools.rules.markup import remote_host, scheme_of


@pytest.mark.parametrize(
    ("target", "scheme"),
    [
        ("https://example.org/", "https"),
        ("HTTP://example.org/", "http"),
        ("mailto:desk@example.org", "mailto"),
        ("javascript:alert(1)", "javascript"),
        (" \x01javascript:alert(1)", "javascript"),
        ("java\tscr\nipt:alert(1)", "javascript"),
        ("&#106;avascript&colon;alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("data:text/html,hi", "data"),
        ("vbscript:msgbox", "vbscript"),
        ("/path/to/page", None),
        ("../assets/seal.png", None),
        ("#notes", None),
        ("?q=1", None),
        ("page.md#part", None),
        ("javascript%3Aalert(1)", None),
    ],
)
def test_scheme_of(target: str, scheme: str | None) -> None:
    assert scheme_of(target) == scheme


@pytest.mark.parametrize(
    ("target", "host"),
    [
        ("https://example.org/p.png", "example.org"),
        ("//cdn.example.net/p.png", "cdn.example.net"),
        ("/\\evil.example/p.png", "evil.example"),
        ("http:///p.png", "an address without a host"),
        ("p.png", None),
        ("/assets/p.png", None),
        ("data:image/png;base64,AA", None),
        ("javascript://example.org/%0aalert(1)", None),
    ],
)
def test_remote_host(target: str, host: str | None) -> None:
    assert remote_host(target) == host
