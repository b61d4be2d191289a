from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.links.page import locate, read_page
from build_tools.links.site import check_site

FIXTURES = Path(__file__).parent / "fixtures"

BROKEN = "".join(
    line + "\n"
    for line in (
        "site/about/index.html:9:4:"
        ' error ST040 broken link href="../../secret.html": '
        "leads outside the site",
        "site/index.html:16:4:"
        ' error ST040 broken link href="about/#missing": '
        "about/index.html has no id or <a name> 'missing'",
        "site/index.html:17:4:"
        ' error ST040 broken link href="missing/": '
        "no folder missing/ in the site",
        "site/index.html:20:4:"
        ' error ST040 broken link href="Notes.html": '
        "no file Notes.html in the site (did you mean notes.html?)",
        "site/index.html:22:6:"
        ' error ST040 broken link src="assets/logo.png": '
        "no file assets/logo.png in the site",
        "site/index.html:26:4:"
        ' error ST040 broken link href="../outside.html": '
        "leads outside the site",
        "site/index.html:28:4:"
        ' error ST040 broken link href="#nowhere": '
        "index.html has no id or <a name> 'nowhere'",
        "site/index.html:30:4:"
        ' error ST040 broken link href="empty/": '
        "the folder empty/ has no index.html",
        "site/index.html:35:4:"
        ' error ST040 broken link href="notes.html?a=1&b=2#gone": '
        "notes.html has no id or <a name> 'gone'",
        "site/index.html:36:4:"
        ' error ST040 broken link href="#nowhere": '
        "index.html has no id or <a name> 'nowhere'",
        "site/notes.html:8:4:"
        ' error ST040 broken link href="notes.html#not-a-target": '
        "notes.html has no id or <a name> 'not-a-target'",
    )
)


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


def test_every_kind_of_broken_link_is_reported_once_with_its_place(
    in_fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["links", "--site", "site"]) == 1
    captured = capsys.readouterr()
    assert captured.out == BROKEN + "checked 28 links on 4 pages in site: 11 broken\n"
    assert captured.err == ""


def test_github_annotations(in_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", "--site", "site", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "::error file=site/about/index.html,line=9,col=4,title=ST040::ST040 broken link "
        'href="../../secret.html": leads outside the site'
    )
    assert len(lines) == 12
    assert lines[-1] == "checked 28 links on 4 pages in site: 11 broken"


def test_markdown_summary(
    in_fixtures: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    assert main(["links", "--site", "site", "--format", "markdown", "--summary", str(summary)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "## Site links\n\nChecked 28 links on 4 pages in site: 11 broken.\n\n"
        "| Page | Link | Problem |\n| --- | --- | --- |\n"
        "| site/about/index.html:9 | `../../secret.html` | leads outside the site |\n"
    )
    assert summary.read_text(encoding="utf-8") == "# Earlier step\n" + out


def test_a_clean_site_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<h1 id="top-story">x</h1><a href="a/#b">a</a>', "utf-8")
    (site / "a" / "index.html").write_text('<p id="b"><a href="../#top-story">back</a>', "utf-8")
    assert main(["links", "--site", str(site)]) == 0
    assert capsys.readouterr().out == f"checked 2 links on 2 pages in {site}: 0 broken\n"


def test_absolute_links_to_the_site_itself(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="https://digest.example.org/news/missing/">own</a>'
        '<a href="https://digest.example.org/news/#here">own, fine</a>'
        '<a href="https://other.example.org/news/missing/">not ours</a><p id="here">'
        '<a href="https://digest.example.org/news#gone">home, no slash</a>',
        "utf-8",
    )
    report = check_site(site, site_url="https://digest.example.org/news")
    assert report.links == 3
    assert [(b.value, b.reason) for b in report.broken] == [
        ("https://digest.example.org/news/missing/", "no folder missing/ in the site"),
        ("https://digest.example.org/news#gone", "index.html has no id or <a name> 'gone'"),
    ]
    assert check_site(site).links == 0


def test_missing_site_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nothing-here"
    assert main(["links", "--site", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"error: {missing}: no such folder; build the site first ('make site')\n"
    )


@pytest.mark.timeout(20)
def test_a_named_pipe_in_the_site_is_named_not_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<a href="pipe.html">x</a>', encoding="utf-8")
    os.mkfifo(site / "pipe.html")  # opening it to read would block until a writer came
    assert main(["links", "--site", str(site)]) == 1
    assert capsys.readouterr().err == (
        f"error: {site}/pipe.html: cannot read: not a regular file; a built page is one\n"
    )


def test_entry_paths_do_not_go_with_site(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", "--site", "site", "content/entries"]) == 2
    assert capsys.readouterr().err == (
        "error: entry paths go with --external; --site checks the whole built site\n"
    )


def test_a_mode_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links"]) == 2
    assert capsys.readouterr().err == (
        "error: sourcetrace links: one of the arguments --site --external is required "
        "(see 'sourcetrace links --help')\n"
    )


def test_the_two_modes_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", "--site", "site", "--external"]) == 2
    assert "argument --external: not allowed with argument --site" in capsys.readouterr().err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["links", "--help"]) == 0
    out = capsys.readouterr().out
    assert "sourcetrace links --site site/" in out
    assert "sourcetrace links --external" in out


def test_read_page_anchors_are_ids_and_a_names() -> None:
    page = read_page(
        b'<h2 id="one">x</h2><a name="two">y</a><p name="three">z</p><div id="">e</div>'
        b'<img src="i.png"><a href="#one">1</a><link href="s.css"><script>"<a href=no>"</script>'
    )
    assert page.anchors == frozenset({"one", "two"})
    assert page.links == (("src", "i.png"), ("href", "#one"), ("href", "s.css"))


def test_locate_finds_every_occurrence_in_one_pass() -> None:
    text = '<a href="x">\n<a href="x">\n<p>\n  <img alt=y src=\'a&amp;b\'>\n<a\nhref=plain>'
    wanted = {("href", "x"), ("src", "a&b"), ("href", "plain"), ("href", "absent")}
    assert locate(text, wanted) == {
        ("href", "x"): [(1, 4), (2, 4)],
        ("src", "a&b"): [(4, 14)],
        ("href", "plain"): [(6, 1)],
        ("href", "absent"): [],
    }
