"""``sourcetrace serve``'s usage errors: one line, exit status 2, before anything is served."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.commands.serve import dev_address, focus
from tests.preview.server import write_site
from tests.site.writing import entry_text, write_entry


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small site with one entry, as the working folder."""
    write_entry(tmp_path / "entries", "harbour", entry_text("Harbour", dt.date(2016, 3, 1)))
    root = tmp_path / "site"
    write_site(root, tmp_path / "entries")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["content/entries/2016/nope.md"], "content/entries/2016/nope.md: no such entry file"),
        (["content/entries/2016"], "content/entries/2016: no such entry file"),
        (["content/guide.md"], "content/guide.md: not an entry (a .md file under {entries})"),
        (
            ["--dev-addr", "8000"],
            "--dev-addr must be HOST:PORT, such as 127.0.0.1:8000, not '8000'",
        ),
        (
            ["--dev-addr", "example.org:80"],
            "--dev-addr must be HOST:PORT, such as 127.0.0.1:8000, not 'example.org:80'",
        ),
        (["-f", "other.yml"], "other.yml: no such configuration file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["serve", *argv]) == 2
    captured = capsys.readouterr()
    entries = (site / "content" / "entries").resolve()
    assert captured.err == f"error: {message.format(entries=entries)}\n"
    assert captured.out == ""


def test_a_setting_of_the_wrong_shape_is_a_usage_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "plugins: 5\n", encoding="utf-8")
    assert main(["serve", "content/entries/2016/harbour.md"]) == 2
    assert capsys.readouterr().err == (
        "error: mkdocs.yml: plugins: expected a list of plugins ('- search'), found int\n"
    )


def test_entries_are_named_as_mkdocs_names_their_files(site: Path) -> None:
    named = [Path("content/entries/2016/harbour.md"), site / "content/entries/2016/harbour.md"]
    assert focus(named, Path("mkdocs.yml")) == [
        "entries/2016/harbour.md",
        "entries/2016/harbour.md",
    ]
    assert focus([], Path("mkdocs.yml")) == []


def test_addresses_as_mkdocs_accepts_them() -> None:
    assert dev_address("127.0.0.1:8001") == ("127.0.0.1", 8001)
    assert dev_address("localhost:0") == ("localhost", 0)
    assert dev_address("[::1]:8000") == ("::1", 8000)


def test_a_focused_preview_looks_for_saved_files_five_times_as_often(tmp_path: Path) -> None:
    from mkdocs.commands import serve as mkdocs_serve

    from build_tools.commands.serve import FOCUSED_POLLING, _polling_every

    original = mkdocs_serve.LiveReloadServer  # type: ignore[attr-defined]

    def made() -> float:
        # A real server on a free loopback port, closed again without serving.
        server = mkdocs_serve.LiveReloadServer(  # type: ignore[attr-defined]
            builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path)
        )
        try:
            return float(server.observer.timeout)
        finally:
            server.server_close()

    assert made() == 0.5  # MkDocs' own interval, which the whole-site preview keeps
    with _polling_every(FOCUSED_POLLING):
        assert made() == FOCUSED_POLLING == 0.1
    assert mkdocs_serve.LiveReloadServer is original  # type: ignore[attr-defined]
    assert made() == 0.5
