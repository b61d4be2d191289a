"""The link readers' bracket search gives what Python-Markdown's own loop gives."""

from __future__ import annotations

import random

import markdown
import pytest
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from build_tools.parse.body import BodyReader
from build_tools.parse.reading import bracket_text

_ORIGINAL = LinkInlineProcessor(LINK_RE, markdown.Markdown())


@pytest.mark.parametrize(
    ("data", "index", "expected"),
    [
        ("@a, p. 4] rest", 0, ("@a, p. 4", 9, True)),
        ("see [@a] here](x)", 0, ("see [@a] here", 14, True)),
        ("never closed [", 0, ("never closed [", 14, False)),
        ("", 0, ("", 0, False)),
        ("]", 0, ("", 1, True)),
    ],
)
def test_bracket_text_finds_the_closing_bracket(
    data: str, index: int, expected: tuple[str, int, bool]
) -> None:
    assert bracket_text(data, index) == expected
    assert _ORIGINAL.getText(data, index) == expected


def test_bracket_text_agrees_with_python_markdown_on_random_text() -> None:
    rng = random.Random(20261202)
    alphabet = "[]ab \n\\`\ue000"
    for _ in range(20_000):
        data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        index = rng.randint(0, len(data))
        assert bracket_text(data, index) == _ORIGINAL.getText(data, index), (data, index)


def test_python_markdowns_link_readers_get_the_search() -> None:
    patterns = BodyReader().markdown.inlinePatterns
    for name in ("link", "image_link", "image_reference", "short_reference", "short_image_ref"):
        assert patterns[name].getText is bracket_text, name


def test_an_extensions_own_get_text_is_kept() -> None:
    class OwnReader(LinkInlineProcessor):
        def getText(self, data: str, index: int) -> tuple[str, int, bool]:
            return "own", index, True

    class Own(markdown.extensions.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            md.inlinePatterns.register(OwnReader(LINK_RE, md), "link", 160)

    patterns = BodyReader([Own()]).markdown.inlinePatterns
    assert patterns["link"].getText("x]", 0) == ("own", 0, True)
    assert patterns["image_link"].getText is bracket_text
