from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import frontmatter
import markdown
import pytest
import yaml

from bench.corpus import AUTHORS, TAGS, write_corpus
from build_tools.content import load_digest
from build_tools.fields import SOURCE_ID_RE

ENTRIES = 20
CITATION = re.compile(r" \[@[^\]]+\]")
FOOTNOTE_REF = re.compile(r"\[\^\d+\]")
FOOTNOTE_DEF = re.compile(r"^\[\^(\d+)\]: (.*)$", re.MULTILINE)
HEDGES = re.compile(
    r"reportedly|allegedly|according to reports|said to|believed|sources say|purportedly",
    re.IGNORECASE,
)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def entries(root: Path) -> dict[str, Any]:
    """Each entry's frontmatter.Post (typed loosely: its metadata values are plain YAML)."""
    return {
        p.relative_to(root).as_posix(): frontmatter.loads(p.read_text(encoding="utf-8"))
        for p in sorted((root / "entries").rglob("*.md"))
    }


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("cited") / "docs"
    write_corpus(docs, ENTRIES)
    return docs


@pytest.fixture(scope="module")
def footnoted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("footnoted") / "docs"
    write_corpus(docs, ENTRIES, footnotes=True)
    return docs


def test_same_seed_writes_the_same_bytes(cited: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path / "again", ENTRIES)
    assert tree(tmp_path / "again") == tree(cited)


def test_another_seed_writes_other_entries(cited: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path / "other", ENTRIES, seed=2)
    other = {b for p, b in tree(tmp_path / "other").items() if p.startswith("entries/")}
    ours = {b for p, b in tree(cited).items() if p.startswith("entries/")}
    assert len(other) == len(ours) == ENTRIES
    assert other.isdisjoint(ours)


def test_a_larger_corpus_starts_with_the_smaller_one(cited: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path / "double", 2 * ENTRIES)
    double = tree(tmp_path / "double")
    ours = tree(cited)
    assert len([p for p in double if p.startswith("entries/")]) == 2 * ENTRIES
    assert {p: double[p] for p in ours if p.startswith("entries/")} == {
        p: b for p, b in ours.items() if p.startswith("entries/")
    }


def test_layout_index_and_authors(cited: Path) -> None:
    posts = entries(cited)
    assert len(posts) == ENTRIES
    for path, post in posts.items():
        match = re.fullmatch(r"entries/(\d{4})/[a-z0-9-]+\.md", path)
        assert match is not None
        assert match.group(1) == str(post["date"].year)
        assert set(post["authors"]) <= set(AUTHORS)
        assert set(post["tags"]) <= set(TAGS)
    assert len({p.split("/")[1] for p in posts}) >= 4  # dates spread over several years
    assert sorted(p[-8:-3] for p in posts) == [f"{i:05d}" for i in range(ENTRIES)]
    authors = yaml.safe_load((cited / ".authors.yml").read_text(encoding="utf-8"))
    assert authors["authors"]["ana-relling"] == {
        "name": "Ana Relling",
        "description": "Courts and councils desk (fictional)",
        "avatar": "assets/avatar.svg",
    }
    assert (cited / "assets" / "avatar.svg").read_text(encoding="utf-8").startswith("<svg ")
    assert (cited / "index.md").read_text(encoding="utf-8").startswith("# A fictional digest\n")


def test_the_checker_accepts_every_entry_without_a_finding(cited: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    # The checker reads bodies with the site's extensions: the ones the real site lists.
    config.write_text(
        f"site_name: Bench\ndocs_dir: {cited}\nmarkdown_extensions: [admonition, attr_list]\n",
        encoding="utf-8",
    )
    digest = load_digest([cited], config)
    assert len(digest.files) == ENTRIES
    assert [d.format() for f in digest.files for d in f.diagnostics] == []
    claims = sum(len(f.entry.body.claims) for f in digest.files if f.entry is not None)
    assert claims > 30 * ENTRIES  # about 600 words of prose each, not a stub


def test_entries_have_the_shape_of_real_ones(cited: Path) -> None:
    posts = entries(cited)
    bodies = "\n".join(post.content for post in posts.values())
    for post in posts.values():
        sources = post["sources"]
        assert 3 <= len(sources) <= 6
        assert {s["role"] for s in sources} == {"primary", "secondary"}
        assert all(SOURCE_ID_RE.match(s["id"]) for s in sources)
        assert all(s["via"] for s in sources if s["role"] == "secondary")
        for source in sources:
            for key in ("url", "archive_url"):
                if key in source:
                    assert re.match(r"https://(archive\.)?example\.org/", source[key])
        words = len(CITATION.sub("", post.content).split())
        assert 520 <= words <= 700
    assert "\n- " in bodies  # lists
    assert "\n> " in bodies  # block quotes
    assert "\n| --- |" in bodies  # tables
    assert '!!! editorial "Analysis"' in bodies
    assert re.search(r"\[@[^\]]+; @", bodies)  # several sources in one citation
    assert re.search(r"\[@[^\]]+, p\. \d+\]", bodies)  # locators
    assert any(any("offline" in s for s in p["sources"]) for p in posts.values())
    assert not HEDGES.search(bodies)
    assert "Vellmar" in bodies or "Karsholt" in bodies  # invented places, not real ones


def test_footnote_variant_carries_the_same_text(cited: Path, footnoted: Path) -> None:
    ours, theirs = entries(cited), entries(footnoted)
    assert list(ours) == list(theirs)
    for path, post in ours.items():
        plain = theirs[path]
        assert "sources" not in plain.metadata
        assert {k: v for k, v in post.metadata.items() if k != "sources"} == plain.metadata
        body, _, notes = plain.content.partition("\n\n[^1]: ")
        definitions = FOOTNOTE_DEF.findall("[^1]: " + notes)
        citations = CITATION.findall(post.content)
        assert [int(n) for n, _ in definitions] == list(range(1, len(citations) + 1))
        assert FOOTNOTE_REF.findall(body) == [f"[^{n}]" for n in range(1, len(citations) + 1)]
        assert FOOTNOTE_REF.sub("", body) == CITATION.sub("", post.content).rstrip("\n")
        first = post["sources"][0]
        # The first note naming a source gives it in full; later ones are short.
        full = [text for _, text in definitions if first["title"] in text]
        assert len(full) == 1


def test_footnote_variant_renders_every_note(footnoted: Path) -> None:
    for post in entries(footnoted).values():
        html = markdown.markdown(post.content, extensions=["footnotes", "tables", "admonition"])
        refs = len(FOOTNOTE_REF.findall(post.content.partition("\n\n[^1]: ")[0]))
        assert refs > 10
        assert html.count('class="footnote-ref"') == refs
        assert html.count('class="footnote-backref"') == refs
        assert "[^" not in html


def test_the_corpus_command_writes_a_site_that_checks_clean(tmp_path: Path) -> None:
    from bench.__main__ import main

    target = tmp_path / "digest"
    assert main(["corpus", "4", str(target)]) == 0
    assert len(list((target / "content" / "entries").rglob("*.md"))) == 4
    assert (target / "content" / "index.md").is_file()
    digest = load_digest([target / "content"], target / "mkdocs.yml")
    assert len(digest.files) == 4
    assert [d for f in digest.files for d in f.diagnostics] == []


def test_the_corpus_command_never_writes_over_a_folder_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.__main__ import main

    (tmp_path / "notes.md").write_text("mine", encoding="utf-8")
    assert main(["corpus", "2", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path} exists and is not an empty folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]
