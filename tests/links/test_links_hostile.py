"""``sourcetrace links --external`` against sources and servers that aim inwards.

A hostile loopback server redirects to the cloud metadata service, to private
addresses, to loopback spelt to slip past filters, and to a name that resolves
to loopback. Entries name private addresses directly. The ``network`` log
(see ``conftest``) records every connection the process attempts and blocks
any that leaves loopback, so "never attempted" is checked on the sockets
themselves, not on what the checker says it did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.links.state import Verdict, load_state

from . import servers as s
from .conftest import NetworkLog
from .servers import Host, Servers

E = "content/entries/2016/probe.md"

# (path on the hostile server, where it redirects, the refusal reported)
REDIRECTS = [
    (
        "/metadata",
        "http://169.254.169.254/latest/meta-data/",
        "169.254.169.254 is a link-local address (169.254.0.0/16)",
    ),
    ("/private", "http://10.0.0.1/", "10.0.0.1 is a private address (10.0.0.0/8)"),
    (
        "/decimal",
        "http://2130706433:{port}/landing/decimal",
        "2130706433 is 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
    (
        "/mapped",
        "http://[::ffff:10.0.0.1]/",
        "::ffff:10.0.0.1 is ::ffff:a00:1, an IPv4-mapped form of 10.0.0.1, "
        "a private address (10.0.0.0/8)",
    ),
    (
        "/mapped-loopback",
        "http://[::ffff:127.0.0.1]:{port}/landing/mapped",
        "::ffff:127.0.0.1 is ::ffff:7f00:1, an IPv4-mapped form of 127.0.0.1, "
        "a loopback address (127.0.0.0/8)",
    ),
    (
        "/hex",
        "http://0x7f000001:{port}/landing/hex",
        "0x7f000001 is 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
    (
        "/octal",
        "http://0177.0.0.1:{port}/landing/octal",
        "0177.0.0.1 is 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
    (
        "/short",
        "http://127.1:{port}/landing/short",
        "127.1 is 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
    (
        "/localhost",
        "http://localhost:{port}/landing/localhost",
        "localhost resolves to 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
]

# Addresses written into the entry itself.
DIRECT = [
    ("http://10.0.0.1/report", "10.0.0.1 is a private address (10.0.0.0/8)"),
    ("http://[fd00::1]/report", "fd00::1 is a unique-local address (fc00::/7)"),
    (
        "http://0x7f.1:{port}/landing/direct",
        "0x7f.1 is 127.0.0.1, a loopback address (127.0.0.0/8)",
    ),
]


def _entry(base: str, port: int) -> str:
    sources = [
        "  - id: fine\n    title: Order\n    publisher: Court\n    role: primary\n"
        f"    url: {base}/fine\n"
    ]
    urls = [f"{base}{path}" for path, _, _ in REDIRECTS] + [u.format(port=port) for u, _ in DIRECT]
    for number, url in enumerate(urls):
        sources.append(
            f"  - id: s{number}\n    title: Report\n    publisher: Paper {number}\n"
            f"    role: secondary\n    via: [fine]\n    url: {url}\n"
        )
    cited = "; ".join(["@fine"] + [f"@s{n}" for n in range(len(urls))])
    return (
        "---\ntitle: Probe\ndate: 2016-03-01\nsummary: A probe.\nsources:\n"
        + "".join(sources)
        + f"---\n\nThe harbour closed on Monday [{cited}].\n"
    )


@pytest.fixture
def hostile(servers: Servers) -> Host:
    host = servers.add({"/fine": s.OK})
    for path, location, _ in REDIRECTS:
        host.routes[path] = s.redirect(location.format(port=host.port))
    # Where a followed redirect would land, were it followed: a visible trace.
    for name in ("decimal", "mapped", "hex", "octal", "short", "localhost", "direct"):
        host.routes[f"/landing/{name}"] = s.OK
    return host


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile: Host) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ndocs_dir: content\n", "utf-8")
    entry = tmp_path / E
    entry.parent.mkdir(parents=True)
    entry.write_text(_entry(hostile.url(""), hostile.port), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["links", "--external", "--retries", "0", "--timeout", "2", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_hostile_redirects_and_private_sources_are_refused_without_connecting(
    project: Path, hostile: Host, network: NetworkLog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--allow-host", "127.0.0.1")
    base = hostile.url("")
    assert (code, err) == (0, "")

    # Only the allowed server was ever connected to, and no redirect was followed.
    assert network.blocked == []
    assert set(network.connects) == {("127.0.0.1", hostile.port)}
    assert not [path for _, path, _ in hostile.log if path.startswith("/landing/")]
    assert sorted({path for _, path, _ in hostile.log}) == sorted(
        ["/fine", *(path for path, _, _ in REDIRECTS)]
    )

    expected = [f"{base}{path}: refused: redirects to " for path, _, _ in REDIRECTS]
    lines = out.splitlines()
    start = lines.index(
        "refused (not a public address, so not fetched and never counted as dead; "
        "--allow-host HOST fetches one anyway):"
    )
    refused = lines[start + 1 : start + 1 + len(REDIRECTS) + len(DIRECT)]
    for number, ((path, location, reason), line) in enumerate(
        zip(REDIRECTS, refused, strict=False)
    ):
        target = location.format(port=hostile.port)
        assert line == (
            f"  {E}:{16 + 6 * number} [s{number}]: {expected[number]}{target}; {reason}"
        ), path
    for (url, reason), line in zip(DIRECT, refused[len(REDIRECTS) :], strict=True):
        assert line.endswith(f"{url.format(port=hostile.port)}: refused: {reason}")
    assert lines[-1] == (
        "checked 13 addresses (13 uses in 1 entry): 1 alive, 0 failing, 0 dead, 0 unknown, "
        "12 refused; 0 redirected, 0 restricted"
    )

    state = load_state(project / "links-state.json")
    refused_records = [rec for url, rec in state.links.items() if url != f"{base}/fine"]
    assert len(refused_records) == 12
    assert {rec.verdict for rec in refused_records} == {Verdict.REFUSED}
    assert all(rec.failures == () for rec in refused_records)


def test_without_allow_host_a_loopback_source_is_not_fetched(
    project: Path, hostile: Host, network: NetworkLog, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert hostile.log == []
    assert network.connects == []
    assert (
        f"  {E}:10 [fine]: {hostile.url('/fine')}: refused: "
        "127.0.0.1 is a loopback address (127.0.0.0/8)"
    ) in out.splitlines()
    assert out.splitlines()[-1].endswith(
        "0 alive, 0 failing, 0 dead, 0 unknown, 13 refused; 0 redirected, 0 restricted"
    )


def test_refused_sources_never_become_dead(
    project: Path, hostile: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    state_file = project / "links-state.json"
    for night in range(4):
        code, _, _ = run(capsys, "--allow-host", "127.0.0.1")
        assert code == 0
        # Three nights, three days apart, as a dead link would need.
        data = json.loads(state_file.read_text("utf-8"))
        for record in data["links"].values():
            record["since"] = f"2026-01-{1 + 3 * night:02d}T02:00:00Z"
        state_file.write_text(json.dumps(data), "utf-8")
    state = load_state(state_file)
    assert not [rec for rec in state.links.values() if rec.failures]


def test_refused_sources_are_notices_in_github_format(
    project: Path, hostile: Host, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--allow-host", "127.0.0.1", "--format", "github")
    assert code == 0
    notices = [line for line in out.splitlines() if line.startswith("::notice")]
    assert len(notices) == 12
    assert notices[1] == (
        f"::notice file={E},line=22,col=5,title=refused link::source 's1' url "
        f"{hostile.url('/private')} was not fetched: refused: redirects to http://10.0.0.1/; "
        "10.0.0.1 is a private address (10.0.0.0/8)"
    )


def test_refused_sources_have_a_section_in_the_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--allow-host", "127.0.0.1", "--format", "markdown")
    assert code == 0
    assert (
        "### Refused (not a public address, so not fetched and never counted as dead; "
        "--allow-host HOST fetches one anyway)\n\n| Entry | Address |\n| --- | --- |\n"
    ) in out


@pytest.mark.parametrize(
    "value", ["", "http://127.0.0.1/", "127.0.0.1:8000", "user@127.0.0.1", "[localhost]"]
)
def test_allow_host_takes_a_host_alone(
    project: Path, hostile: Host, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, _, err = run(capsys, "--allow-host", value)
    assert (code, err) == (
        2,
        f"error: --allow-host {value!r}: expected a host alone, as URLs write it "
        "(e.g. 127.0.0.1, localhost or [::1]), without a scheme, port or path\n",
    )
    assert hostile.log == []


@pytest.mark.parametrize("value", ["[::1]", "::1", "LOCALHOST", "127.0.0.1"])
def test_allow_host_accepts_names_and_addresses(
    project: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code, _, err = run(capsys, "--allow-host", value)
    assert (code, err) == (0, "")


def test_allow_host_does_not_go_with_site(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["links", "--site", "site", "--allow-host", "127.0.0.1"]) == 2
    assert capsys.readouterr().err == (
        "error: --allow-host goes with --external; --site reads only the built site\n"
    )
