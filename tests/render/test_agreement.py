"""The checker and the renderer share one reading of what is prose.

There is no second reading: the claims the checker judges are read from the tree of the
very conversion that renders the page (the first test says so directly). Every claim then
gets an anchor in the rendered page; the tests parse the real HTML and check that each
anchor sits in prose (a paragraph, list item, table cell or block quote, never a heading
or code), and that every piece of prose the renderer produced holds a claim, unless it is
editorial analysis or a sentence introducing a list or quote.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest

from build_tools.check import CheckSettings, check_entry
from build_tools.parse.body import BodyReader
from build_tools.parse.entry import parse_entry, read_entry
from build_tools.render.extension import SourcetraceExtension

FIXTURE = Path(__file__).parent / "fixtures" / "mixed_blocks.md"
PROSE = {"p", "li", "td", "blockquote"}
NOT_PROSE = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "th"}
EXTENSIONS = ["admonition", "attr_list", "tables", "toc", "footnotes"]
# Parts of the page the renderer adds around the entry's own text.
FURNITURE = {"st-byline", "st-sources", "admonition-title", "st-editorial-note", "editorial"}


def _walk(
    element: etree.Element, ancestors: tuple[etree.Element, ...] = ()
) -> Iterator[tuple[etree.Element, tuple[etree.Element, ...]]]:
    yield element, ancestors
    for child in element:
        yield from _walk(child, (*ancestors, element))


def _classes(element: etree.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _own_text(element: etree.Element) -> str:
    """Text of ``element`` outside nested prose, citations and code."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in PROSE | {"sup", "ul", "ol", "code"}:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _render(raw: str) -> tuple[str, int]:
    html, extension = _convert(raw)
    assert extension.entry is not None
    return html, len(extension.entry.body.claims)


def _convert(raw: str) -> tuple[str, SourcetraceExtension]:
    parsed = read_entry("fixture.md", raw.encode("utf-8"))
    assert parsed.entry is not None
    extension = SourcetraceExtension(standalone=False)
    md = markdown.Markdown(extensions=[extension, *EXTENSIONS])
    extension.set_entry(parsed.entry, parsed.body_first_line)
    return md.convert(parsed.body_text), extension


def test_the_check_judges_the_claims_of_the_conversion_that_renders_the_page() -> None:
    raw = FIXTURE.read_text(encoding="utf-8")
    _, extension = _convert(raw)
    assert extension.entry is not None
    checked = check_entry(
        "fixture.md", raw.encode("utf-8"), settings=CheckSettings(BodyReader(EXTENSIONS))
    )
    assert checked.entry is not None
    # The same extensions read the same text once each way: the same claims, citations
    # and positions, because both are this one reading of Python-Markdown's tree.
    assert checked.entry.body.claims == extension.entry.body.claims
    assert checked.entry.body.citations == extension.entry.body.citations


def _tree(html: str) -> etree.Element:
    return etree.fromstring(f"<div>{html}</div>")


def test_every_claim_gets_one_anchor_in_prose() -> None:
    html, claims = _render(FIXTURE.read_text(encoding="utf-8"))
    anchors = [
        (element, ancestors)
        for element, ancestors in _walk(_tree(html))
        if "st-claim" in _classes(element)
    ]
    assert len(anchors) == claims == 20
    assert len({element.get("id") for element, _ in anchors}) == claims
    for element, ancestors in anchors:
        tags = {a.tag for a in ancestors}
        assert tags & PROSE, f"{element.get('id')} is not inside prose"
        assert not tags & NOT_PROSE, f"{element.get('id')} is inside a heading or code"


def test_all_rendered_prose_holds_a_claim() -> None:
    html, _ = _render(FIXTURE.read_text(encoding="utf-8"))
    unclaimed = []
    for element, ancestors in _walk(_tree(html)):
        if element.tag not in PROSE - {"blockquote"}:
            continue
        if any(_classes(a) & FURNITURE for a in (*ancestors, element)):
            continue
        if any(a.tag in NOT_PROSE for a in ancestors):
            continue
        text = _own_text(element)
        if not any(ch.isalnum() for ch in text) or text.endswith(":"):
            continue  # empty, or a sentence introducing a list or quote
        if not any("st-claim" in _classes(child) for child in element.iter()):
            unclaimed.append(text)
    assert unclaimed == []


def test_editorial_analysis_is_labelled_and_not_claimed() -> None:
    html, _ = _render(FIXTURE.read_text(encoding="utf-8"))
    editorial = next(e for e, _ in _walk(_tree(html)) if "editorial" in _classes(e))
    assert not [e for e in editorial.iter() if "st-claim" in _classes(e)]
    note = next(e for e in editorial.iter() if "st-editorial-note" in _classes(e))
    assert note.text == "The digest's own analysis: these sentences are not sourced claims."


@pytest.mark.parametrize(
    "snippet",
    [
        "`[@court] in code` is code.",
        "```\n[@court] in a fence\n```",
        "    [@court] in indented code",
    ],
)
def test_citations_in_code_are_left_alone(snippet: str) -> None:
    raw = FIXTURE.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n\n" + snippet + "\n"
    html, _ = _render(raw)
    assert "st-cite" not in html
    assert "[@court]" in html


@pytest.mark.parametrize(
    ("snippet", "context"),
    [
        ("# A heading [@court]", "heading"),
        ("| Port [@court] | Days |\n| --- | --- |\n| Vellmar | 14 |", "table header"),
        ('!!! note "Closure [@court]"\n    The port closed.', "title"),
    ],
)
def test_citations_in_labels_are_rendered_and_named_never_published_raw(
    snippet: str, context: str
) -> None:
    head = FIXTURE.read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n\n"
    html, _ = _render(head + snippet + "\n")
    assert "[@court]" not in html
    body = parse_entry("fixture.md", (head + snippet + "\n").encode("utf-8")).entry
    assert body is not None
    assert [c.context for c in body.body.citations] == [context]


def _structure(element: etree.Element) -> list[str]:
    """The element tags in document order, leaving out what the renderer adds."""
    tags = []
    for child in element:
        classes = _classes(child)
        if classes & ({"st-claim", "st-cite", "st-editorial-note"} | FURNITURE - {"editorial"}):
            continue
        if child.tag == "h2" and child.get("id") == "sources":
            continue
        tags.append(child.tag)
        tags.extend(_structure(child))
    return tags


def test_markers_do_not_change_the_document_structure() -> None:
    raw = FIXTURE.read_text(encoding="utf-8")
    ours, _ = _render(raw)
    body = parse_entry("fixture.md", raw.encode("utf-8")).entry.body.text  # type: ignore[union-attr]
    plain = markdown.markdown(body, extensions=EXTENSIONS)
    assert _structure(_tree(ours)) == _structure(_tree(plain))
