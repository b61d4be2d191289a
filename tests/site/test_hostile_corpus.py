"""The hostile corpus, built with the project's own mkdocs.yml: nothing in it survives as code.

``fixtures/hostile`` holds entries whose payloads the checker lets through (``attr_list``
attributes, markup inside ``<svg>``, style escapes, ids that clobber) and ordinary pages,
which the checker never reads, holding every payload there is. Every built page is read
with lxml. Also here: the invisible characters of ST061, reported in names and folded
away when the Sources index groups publishers.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

from build_tools.anchors import OWN_ID
from build_tools.check import check_entry
from build_tools.site.catalogue import catalogue, publisher_key, publisher_name
from build_tools.site.published import PublishedEntry
from tests.site.building import REPO, build_config, site_config_text

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
HOSTILE_ENTRIES = HOSTILE / "entries"
HOSTILE_PAGES = HOSTILE / "pages"
# What a payload would leave behind if any of it became markup.
EVIL_HOST = "evil.example"
OFF_SITE = re.compile(r"[a-z][a-z0-9+.-]*:|[/\\\\]{2}", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background")


def build_hostile_site(root: Path, *, sanitize: bool = True) -> Path:
    """Build the real content/ pages, the hostile entries and pages; return the site dir.

    With ``sanitize`` false the plugin's sanitiser is off (its ``sanitize`` option): only
    the Content-Security-Policy is left to stop the payloads.
    """
    docs_dir, site_dir = root / "content", root / "site"
    shutil.copytree(REPO / "content", docs_dir, ignore=shutil.ignore_patterns("entries"))
    shutil.copytree(HOSTILE_ENTRIES, docs_dir / "entries")
    for page in HOSTILE_PAGES.glob("*.md"):
        shutil.copy(page, docs_dir / page.name)
    text = site_config_text(docs_dir, site_dir)
    if not sanitize:
        text = text.replace(
            "      search: material\n", "      search: material\n      sanitize: false\n"
        )
    config_file = root / "mkdocs.yml"
    config_file.write_text(text, encoding="utf-8")
    build_config(config_file)
    return site_dir


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile"))


def hostile_pages(site: Path) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), lxml.html.fromstring(path.read_bytes())


def problems(document: lxml.html.HtmlElement) -> list[str]:
    """Everything on a page that a payload would have left as live markup."""
    found = []
    ids: Counter[str] = Counter()
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            lowered = value.strip().lower()
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}>")
            if name in ("ping", "srcset", "formaction"):
                found.append(f"<{element.tag} {name}>")
            if name in URL_ATTRIBUTES and lowered.replace("\t", "").startswith("javascript:"):
                found.append(f"<{element.tag} {name}=javascript:>")
            if EVIL_HOST in value and (name in URL_ATTRIBUTES or name == "style"):
                found.append(f"<{element.tag} {name}={value}>")
            if name == "id":
                ids[value] += 1
        # Material's own header has a search form and svg icons; the content has neither.
        in_content = any(a.tag == "article" for a in element.iterancestors())
        if in_content and element.tag in ("iframe", "object", "embed", "form", "svg", "math"):
            found.append(f"<{element.tag}>")
        if element.tag == "base":
            found.append("<base>")
        if element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            # The site's own pages for moved addresses refresh to a relative address on
            # the site; any other refresh, and any refresh in content, is a payload.
            target = element.get("content", "").partition("url=")[2].strip()
            if in_content or not target or OFF_SITE.match(target):
                found.append("<meta refresh>")
        if element.tag == "script" and "stHostile" in (element.text or ""):
            found.append("<script> from content")
        if element.tag in ("link", "script") and EVIL_HOST in (
            element.get("href", "") + element.get("src", "")
        ):
            found.append(f"<{element.tag}> from {EVIL_HOST}")
    found += [f"id {value!r} {count} times" for value, count in ids.items() if count > 1]
    return found


def test_no_page_of_the_hostile_corpus_keeps_a_payload(hostile_site: Path) -> None:
    pages = dict(hostile_pages(hostile_site))
    assert {"hostile/index.html", "entries/2016/attribute-payloads/index.html"} <= set(pages)
    assert {path: problems(page) for path, page in pages.items() if problems(page)} == {}


def test_no_mark_reaches_any_built_file(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            assert OWN_ID not in path.read_text(encoding="utf-8"), path


def test_the_checks_see_payloads_when_the_sanitiser_is_off(tmp_path: Path) -> None:
    site = build_hostile_site(tmp_path, sanitize=False)
    page = lxml.html.fromstring((site / "hostile" / "index.html").read_bytes())
    assert "<script> from content" in problems(page)
    assert "<iframe>" in problems(page)
    assert "<h2 onfocus>" in problems(page)
    entry = site / "entries" / "2016" / "markup-payloads" / "index.html"
    assert "<svg>" in problems(lxml.html.fromstring(entry.read_bytes()))


def test_entry_payloads_are_gone_and_its_own_links_kept(hostile_site: Path) -> None:
    path = hostile_site / "entries" / "2016" / "attribute-payloads" / "index.html"
    page = lxml.html.fromstring(path.read_bytes())
    (heading,) = page.cssselect("article h2#hearing")
    assert dict(heading.attrib) == {"id": "hearing"}
    ids = [(e.tag, e.get("id")) for e in page.cssselect("article [id]")]
    assert [(tag, id_) for tag, id_ in ids if not id_.startswith(("claim-", "cite-"))] == [
        ("h1", "entry-title"),
        ("h2", "hearing"),
        ("p", "user-content-cite-1-1"),
        ("span", "user-content-source-court"),
        ("span", "user-content-__config"),
        ("img", "user-content-location"),
        ("h2", "sources"),
        ("li", "source-court"),
    ]
    names = [img.get("name") for img in page.cssselect("article img")]
    assert names == ["user-content-getElementById", "user-content-cookie"]
    (own_source,) = page.cssselect("#source-court")
    assert own_source.tag == "li" and "st-source" in own_source.get("class")
    assert page.cssselect("#cite-1-1")[0].tag == "a"
    assert page.cssselect("script#__config")[0].get("type") == "application/json"


# ST061's invisible characters, and the Sources index folding them away.

HEAD = "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
SOURCES = (
    "sources:\n  - id: court\n    title: Hearing record\n    publisher: Ankara court\n"
    "    role: primary\n    offline: court file, not published\n"
)
BODY = "---\n\nThe court heard the appeal [@court].\n"


def findings(sources: str) -> list[str]:
    checked = check_entry("e.md", (HEAD + sources + BODY).encode("utf-8"), authors=None)
    return [d.format() for d in checked.diagnostics]


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200c", "ZERO WIDTH NON-JOINER"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\u00ad", "SOFT HYPHEN"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
        ("\u180e", "MONGOLIAN VOWEL SEPARATOR"),
    ],
)
def test_an_invisible_character_in_a_publisher_is_st061(character: str, name: str) -> None:
    code = ord(character)
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for written in (character, escape):  # pasted in, or written as an escape
        sources = SOURCES.replace("Ankara court", f'"Ankara {written}court"')
        assert findings(sources) == [
            f"e.md:8:5: warning ST061 source 'court' 'publisher' holds the invisible "
            f"character U+{code:04X} ({name}), which shows as nothing: the name looks like "
            f"one it is not; delete it (written as an escape such as {escape}, or pasted "
            "in unseen)"
        ]


def test_an_invisible_character_in_a_title_is_st061() -> None:
    sources = SOURCES.replace("title: Hearing record", 'title: "Hearing\\u200brecord"')
    assert findings(sources) == [
        "e.md:7:5: warning ST061 source 'court' 'title' holds the invisible character U+200B "
        "(ZERO WIDTH SPACE), which shows as nothing: the name looks like one it is not; "
        "delete it (written as an escape such as \\u200b, or pasted in unseen)"
    ]


def test_invisible_characters_are_not_looked_for_in_quotes() -> None:
    quoted = SOURCES.replace("    offline:", '    quote: "a\\u200bb"\n    offline:')
    assert findings(quoted) == []


def _published(publisher: str, slug: str, url: str) -> PublishedEntry:
    sources = SOURCES.replace("Ankara court", f'"{publisher}"').replace(
        "    offline: court file, not published\n",
        f"    url: {url}\n    archive_url: {url.replace('example.org', 'archive.example.org')}\n",
    )
    entry = check_entry(f"{slug}.md", (HEAD + sources + BODY).encode(), authors=None).entry
    assert entry is not None
    return PublishedEntry(entry, f"entries/2016/{slug}/")


def test_the_sources_index_folds_invisible_characters_in_publishers() -> None:
    published = [
        _published("Reu\\u200bters", "a", "https://example.org/a"),
        _published("Reuters", "b", "https://example.org/b"),
        _published("Reu\\u00adters\\ufeff", "c", "https://example.org/c"),
    ]
    (reuters,) = catalogue(published)
    assert (reuters.name, reuters.anchor, reuters.page) == (
        "Reuters",
        "publisher-reuters",
        "sources/reuters/",
    )
    assert [s.publisher for s in reuters.sources] == ["Reuters"] * 3
    assert publisher_key("Reu\u200bters") == publisher_key(" reuters") == "reuters"
    assert publisher_name("\u2060Reu\u200cters ") == "Reuters"
