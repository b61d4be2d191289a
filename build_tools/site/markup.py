"""Front-matter text placed into generated pages and URLs, made inert.

Titles, publishers and tags are plain text written by editors. Markdown passes raw HTML
through, so a ``<script>`` in a publisher's name would run in every reader's browser;
and ``*`` or ``[`` would turn into emphasis or links. These helpers make such text
display exactly as written, and give it a URL slug that fits in a file name.
"""

from __future__ import annotations

import hashlib
import html
import re

from pymdownx.slugs import slugify

# The characters Python-Markdown lets a backslash escape (its ESCAPED_CHARS, plus "|" from
# the tables extension). Others would keep the backslash visible. ">" is written as &gt;
# below instead, which no Markdown syntax starts with.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_SPACE = re.compile(r"\s+")
_slugify = slugify(case="lower")

# A slug becomes a directory name: most file systems allow 255 bytes in one, and a letter
# of Cyrillic or Greek takes two bytes in UTF-8, of Chinese three, an emoji four. Sixty
# characters and a hash stay below the limit in any script.
MAX_SLUG = 60

# What PyYAML reads as text inside a double-quoted scalar. Anything else (control
# characters, line separators, the byte-order mark, surrogates) is written as an escape.
_YAML_PLAIN = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def inline_text(text: str) -> str:
    """Return ``text`` as Markdown that renders as exactly this text on one line.

    Markdown punctuation is escaped with a backslash, then ``&``, ``<`` and ``>`` become
    entities (in that order, so no entity gets a backslash inside it); runs of whitespace
    (line breaks included) become one space so the text cannot start a new block.
    """
    flat = _SPACE.sub(" ", text).strip()
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", flat), quote=False)


def name_key(text: str) -> str:
    """Return what two spellings of one name share: whitespace collapsed, case folded.

    ``"Reuters"`` and ``" reuters "`` are one name; ``"C++ Weekly"`` and ``"C Weekly"``,
    or ``"<b>Reuters</b>"`` and ``"Reuters"``, are not.
    """
    return " ".join(text.split()).casefold()


def short_hash(text: str, length: int = 8) -> str:
    """Return the first ``length`` hex digits of the SHA-1 of ``text``: a stable suffix."""
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return digest.hexdigest()[:length]


def slug(text: str) -> str:
    """Return the lowercase URL slug of ``text``, at most ``MAX_SLUG`` characters and a hash.

    Letters of every script are kept (``Türkiye`` -> ``türkiye``). A longer slug is cut
    to ``MAX_SLUG`` characters and followed by ``-`` and eight hex digits of a hash of
    the whole ``text``, so two long names that start alike still differ. Text with no
    letter or digit gives an empty slug, which callers must replace.
    """
    plain = str(_slugify(text.strip(), "-")).strip("-")
    if len(plain) <= MAX_SLUG:
        return plain
    return f"{plain[:MAX_SLUG].rstrip('-')}-{short_hash(text.strip())}"


def _yaml_char(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if _YAML_PLAIN.fullmatch(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def yaml_string(text: str) -> str:
    """Return ``text`` as a double-quoted YAML scalar that reads back as exactly ``text``."""
    return '"' + "".join(map(_yaml_char, text)) + '"'


def titled(title: str) -> str:
    """Return the front-matter that gives a generated page ``title``, as raw text.

    MkDocs takes a page's title from its first heading as rendered HTML, so a heading
    holding ``AT&amp;T`` gives the title ``AT&amp;T``, which the templates escape once
    more. A front-matter title is the text itself and is escaped once, by the templates
    (see overrides/main.html and overrides/partials/header.html). Keeping a page out of
    search is ``GeneratedPage.searchable``'s job.
    """
    return "\n".join(["---", f"title: {yaml_string(title)}", "---", "", ""])
