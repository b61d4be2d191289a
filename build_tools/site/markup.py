"""Front-matter text placed into generated Markdown, made inert.

Titles, publishers and tags are plain text written by editors. Markdown passes raw HTML
through, so a ``<script>`` in a publisher's name would run in every reader's browser;
and ``*`` or ``[`` would turn into emphasis or links. These helpers make such text
display exactly as written.
"""

from __future__ import annotations

import html
import re

from pymdownx.slugs import slugify

# The characters Python-Markdown lets a backslash escape (its ESCAPED_CHARS, plus "|" from
# the tables extension). Others would keep the backslash visible. ">" is written as &gt;
# below instead, which no Markdown syntax starts with.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACE = re.compile(r"\s+")
_slugify = slugify(case="lower")


def inline_text(text: str) -> str:
    """Return ``text`` as Markdown that renders as exactly this text on one line.

    Markdown punctuation is escaped with a backslash, then ``&``, ``<`` and ``>`` become
    entities (in that order, so no entity gets a backslash inside it); runs of whitespace
    (line breaks included) become one space so the text cannot start a new block.
    """
    flat = _SPACE.sub(" ", text).strip()
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", flat), quote=False)


def slug(text: str) -> str:
    """Return the lowercase URL slug of ``text``, as Material's tags plugin makes it.

    Letters of every script are kept (``Türkiye`` -> ``türkiye``); text with no letter or
    digit gives an empty slug, which callers must replace.
    """
    return str(_slugify(text.strip(), "-")).strip("-")
