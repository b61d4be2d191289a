"""Read entry bodies with the site's own Markdown: one conversion per body, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markdown import Markdown

from build_tools.model import Body
from build_tools.parse.reading import ReadingExtension

# The extensions MkDocs always adds, and admonition, which every Sourcetrace site needs
# for its editorial analysis: the reading when no site configuration is given.
DEFAULT_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code", "admonition", "attr_list")


class BodyReader:
    """Converts bodies with one Markdown instance, set up as the site's, and reads them.

    Args:
        extensions: the site's Markdown extensions (names or instances), as in
            ``markdown_extensions`` of mkdocs.yml.
        configs: their options, by name.
        language: the default language of entries (the site's ``theme.language``).

    """

    def __init__(
        self,
        extensions: Sequence[Any] = DEFAULT_EXTENSIONS,
        configs: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        language: str = "en",
    ) -> None:
        self.reading = ReadingExtension()
        self.language = language
        self.markdown = Markdown(
            extensions=[*extensions, self.reading],
            extension_configs=dict(configs or {}),
        )

    def read(self, text: str, first_line: int = 1, *, language: str | None = None) -> Body:
        """Convert ``text`` (a body starting on file line ``first_line``) and read it."""
        self.markdown.reset()
        self.reading.first_line = first_line
        self.reading.language = language or self.language
        self.markdown.convert(text)
        body = self.reading.body
        if body is None:  # an empty document never reaches the tree processors
            return Body(text=text, first_line=first_line, claims=(), citations=(), malformed=())
        return body


_DEFAULT: BodyReader | None = None


def read_body(text: str, first_line: int = 1, *, reader: BodyReader | None = None) -> Body:
    """Read ``text`` (an entry body that starts on file line ``first_line``)."""
    global _DEFAULT
    if reader is None:
        if _DEFAULT is None:
            _DEFAULT = BodyReader()
        reader = _DEFAULT
    return reader.read(text, first_line)
