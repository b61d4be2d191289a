"""The check cache: an unchanged entry is not checked again, and nothing else changes.

Conversions are counted by wrapping the reader's ``read`` (the real one still runs):
a result taken from the cache converts nothing.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import build_tools.check_cache as check_cache
from build_tools.check_cache import CACHE_DIR, CheckCache
from build_tools.cli import main
from build_tools.content import load_digest
from build_tools.parse.body import BodyReader
from tests.crossref.sites import entry, write_site

SNAPSHOT = "afa7d5c2e0229d0d5aba058b98a75cf08464dedf6895fac1bb9618cdcf271728"
FERRIES = entry("## The timetable\n\nFerries sail four times a day [@order].\n", "Ferries")
LINKING = entry(
    "## The closure\n\nThe harbour closed [as ferries did](ferries.md#the-timetable) [@order].\n"
)
EVIDENCE = f"""\
---
title: Documents from a court case
date: 2016-02-22
summary: A repost says the documents come from a court case.
authors: [desk]
sources:
  - id: repost
    title: Repost of the transcripts
    publisher: A journal
    role: secondary
    type: article
    offline: a saved copy only
    snapshot: sha256:{SNAPSHOT}
---

The documents come from a court case [@repost, "said to come from an ongoing court case"].
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three entries (one linking to another, one citing a snapshot); cwd is the project."""
    config_file = write_site(
        tmp_path,
        {"2016/a.md": LINKING, "2016/ferries.md": FERRIES, "2016/evidence.md": EVIDENCE},
    )
    monkeypatch.chdir(tmp_path)
    return config_file


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first line of every body converted, as it is converted."""
    seen: list[int] = []
    real = BodyReader.read

    def counted(self: BodyReader, text: str, first_line: int = 1, **kwargs: object) -> object:
        seen.append(first_line)
        return real(self, text, first_line, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(BodyReader, "read", counted)
    return seen


def run(config_file: Path, **options: object) -> tuple[CheckCache, list[str]]:
    """Check the digest with a cache on disk; the cache and every finding."""
    cache = CheckCache(config_file.parent / CACHE_DIR)
    digest = load_digest([], config_file, cache=cache, **options)  # type: ignore[arg-type]
    lines = [d.format() for c in digest.files for d in c.diagnostics]
    return cache, lines + [d.format() for d in digest.required]


def test_an_unchanged_entry_is_not_checked_again(site: Path, conversions: list[int]) -> None:
    cold, first = run(site)
    assert (cold.hits, cold.misses, len(conversions)) == (0, 3, 3)
    conversions.clear()
    warm, second = run(site)
    assert (warm.hits, warm.misses, conversions) == (3, 0, [])
    assert second == first


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS: dict[str, tuple[Callable[[Path], None], int]] = {
    "the entry's bytes": (
        lambda root: _edit(root / "content/entries/2016/a.md", "[@order].", "[@order]. "),
        1,
    ),
    "the authors file": (
        lambda root: _edit(root / "content/.authors.yml", "authors:\n", "authors:\n  pat: {}\n"),
        3,
    ),
    "a Markdown extension's options": (
        lambda root: _edit(root / "mkdocs.yml", "permalink: true", "permalink: false"),
        3,
    ),
    "the hedge lists": (
        lambda root: _edit(
            root / "mkdocs.yml",
            "      search: material\n",
            '      search: material\n      hedges:\n        en: {add: ["insiders say"]}\n',
        ),
        3,
    ),
    "the site's language": (
        lambda root: _edit(root / "mkdocs.yml", "  language: en\n", "  language: de\n"),
        3,
    ),
    "a cited snapshot's contents": (
        lambda root: _edit(
            root / f"content/snapshots/{SNAPSHOT}/text.txt", "court case", "court  case"
        ),
        1,
    ),
}


@pytest.mark.parametrize("part", sorted(EDITS))
def test_changing_any_part_of_the_key_checks_again(site: Path, part: str) -> None:
    edit, expected = EDITS[part]
    run(site)
    edit(site.parent)
    cache, _ = run(site)
    assert (cache.misses, cache.hits) == (expected, 3 - expected)


def test_the_require_levels_and_the_checker_version_are_in_the_key(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(site)
    cache, lines = run(site, require=["primary"])
    assert cache.misses == 3
    assert any(" ST074 " in line for line in lines)
    monkeypatch.setattr(check_cache, "checker_version", lambda: "another checker")
    cache, _ = run(site, require=["primary"])
    assert cache.misses == 3


def test_a_changed_snapshot_is_found_though_the_entry_is_unchanged(site: Path) -> None:
    _, before = run(site)
    assert not any(" ST071 " in line for line in before)
    _edit(site.parent / f"content/snapshots/{SNAPSHOT}/text.txt", "court case", "court  case")
    _, after = run(site)
    assert any(
        line.startswith("content/entries/2016/evidence.md:") and " ST071 " in line for line in after
    )


def test_a_link_is_judged_again_when_the_page_it_leads_to_changes(site: Path) -> None:
    _, before = run(site)
    assert not any(" ST054 " in line for line in before)
    _edit(site.parent / "content/entries/2016/ferries.md", "## The timetable", "## The schedule")
    cache, after = run(site)
    assert (cache.hits, cache.misses) == (2, 1)  # a.md's own result came from the cache
    assert [line for line in after if " ST054 " in line] == [
        "content/entries/2016/a.md:19:37: warning ST054 link 'ferries.md#the-timetable': "
        "'entries/2016/ferries.md' has no anchor '#the-timetable': anchors are the ids of the "
        "page's headings, as its table of contents shows them"
    ]


class _Planted:
    """A pickle that would make a folder if it were loaded with the standard unpickler."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def test_a_damaged_or_planted_cache_file_is_passed_over(
    site: Path, conversions: list[int], tmp_path: Path
) -> None:
    _, first = run(site)
    files = sorted((site.parent / CACHE_DIR).glob("v*/*.bin"))
    assert len(files) == 3
    marker = tmp_path / "planted-code-ran"
    for number, path in enumerate(files):
        header = path.read_bytes().split(b"\n", 2)
        if number == 0:
            path.write_bytes(b"not a cache file")
        elif number == 1:
            path.write_bytes(header[0] + b"\n" + header[1] + b"\n" + b"\x80\x05garbage")
        else:
            planted = pickle.dumps(_Planted(marker))
            path.write_bytes(header[0] + b"\n" + header[1] + b"\n" + planted)
    conversions.clear()
    cache, second = run(site)
    assert (cache.misses, len(conversions)) == (3, 3)
    assert second == first
    assert not marker.exists()


def test_another_version_s_results_are_pruned(site: Path) -> None:
    old = site.parent / CACHE_DIR / "v0-0123456789abcdef"
    old.mkdir(parents=True)
    (old / "x.bin").write_bytes(b"old")
    run(site)
    assert not old.exists()
    assert (site.parent / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_the_output_is_the_same_with_and_without_the_cache(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for options in ([], [], ["--no-cache"]):
        code = main(["check", "--format", "json", "--require", "cited", *options])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert '"rule": "ST054"' not in outputs[0][1]


def test_no_cache_writes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache"]) == 0
    assert not (site.parent / CACHE_DIR).exists()
    assert capsys.readouterr().err == "3 entries checked: 0 errors, 1 warning\n"  # ST022


def test_in_memory_one_cache_serves_every_run_of_a_process(
    site: Path, conversions: list[int]
) -> None:
    # The preview keeps one cache without a folder for as long as it serves.
    cache = CheckCache()
    first = load_digest([], site, cache=cache)
    conversions.clear()
    second = load_digest([], site, cache=cache)
    assert (cache.hits, cache.misses, conversions) == (3, 0, [])
    assert second == first
    assert not (site.parent / CACHE_DIR).exists()


def test_a_result_filed_under_another_key_is_passed_over(site: Path) -> None:
    # Another entry's result copied over this one's (by hand, or a restored cache that
    # mixed two trees) names its own key inside, so it is not taken for this entry's.
    _, first = run(site)
    files = sorted((site.parent / CACHE_DIR).glob("v*/*.bin"))
    others = [p.read_bytes() for p in files]
    for path, other in zip(files, others[1:] + others[:1], strict=True):
        path.write_bytes(other)
    cache, second = run(site)
    assert (cache.hits, cache.misses) == (0, 3)
    assert second == first


# The libraries' versions in the key, read without importing them or importlib.metadata.


def test_a_librarys_version_is_read_from_its_dist_info() -> None:
    import markdown
    import yaml

    assert check_cache.library_version("markdown", "markdown") == markdown.__version__
    assert check_cache.library_version("PyYAML", "yaml") == yaml.__version__


def test_the_version_is_the_distributions_not_a_namesakes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "harbourlib").mkdir()
    (tmp_path / "harbourlib" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "harbour_lib_extra-9.0.dist-info").mkdir()  # another distribution
    (tmp_path / "harbour_lib-1.2.3.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert check_cache.library_version("Harbour-Lib", "harbourlib") == "1.2.3"


def test_a_library_not_installed_is_absent() -> None:
    assert check_cache.library_version("no-such-distribution-x", "no_such_module_x") == "absent"
