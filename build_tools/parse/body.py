"""Read entry bodies with the site's own Markdown: one conversion per body, nothing else."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from typing import Any, cast

from markdown import Markdown

from build_tools.model import Body
from build_tools.parse.extensions import markdown_of
from build_tools.parse.reading import ReadingExtension

# The extensions MkDocs always adds, and admonition, which every Sourcetrace site needs
# for its editorial analysis: the reading when no site configuration is given.
DEFAULT_EXTENSIONS: tuple[str, ...] = ("toc", "tables", "fenced_code", "admonition", "attr_list")


# Python-Markdown reads nested lists and quotes by recursion, and a few hundred levels
# exhaust Python's stack (the build would crash with it). No entry nests this deep.
MAX_NESTING = 100
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.MULTILINE)
_ONE_CONTAINER = re.compile(r">|[*+-]|\d{1,9}[.)]")


class TooDeep(ValueError):
    """A body nests lists or quotes deeper than Python-Markdown can read."""

    def __init__(self, line: int, depth: int) -> None:
        super().__init__(
            f"lists or quotes nested {depth} deep, deeper than Markdown can read "
            f"(at most {MAX_NESTING}): flatten them"
        )
        self.line = line


def nesting_check(text: str, first_line: int) -> None:
    """Raise :class:`TooDeep` if a line of ``text`` opens more than ``MAX_NESTING`` containers."""
    if len(text) < 2 * MAX_NESTING:
        return
    for match in _CONTAINERS.finditer(text):
        if len(match.group()) > 2 * MAX_NESTING:
            depth = len(_ONE_CONTAINER.findall(match.group()))
            if depth > MAX_NESTING:
                raise TooDeep(first_line + text.count("\n", 0, match.start()), depth)


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
        self.extensions = list(extensions)
        self.configs = dict(configs or {})
        self.language = language
        self.reading = ReadingExtension()
        self.reading.marks_page = False  # the tree is read, never rendered
        self.markdown = self._new_markdown()

    def _new_markdown(self) -> Markdown:
        return markdown_of([*self.extensions, self.reading], self.configs)

    def read(self, text: str, first_line: int = 1, *, language: str | None = None) -> Body:
        """Convert ``text`` (a body starting on file line ``first_line``) and read it.

        Raises:
            TooDeep: the body nests lists or quotes too deep to be read at all.

        """
        nesting_check(text, first_line)
        self.markdown.reset()
        self.reading.first_line = first_line
        self.reading.language = language or self.language
        try:
            self._build_tree(text)
        except BaseException:
            self.markdown = self._new_markdown()  # a half-run conversion leaves state behind
            raise
        body = self.reading.body
        if body is None:  # an empty document never reaches the tree processors
            return Body(text=text, first_line=first_line, claims=(), citations=(), malformed=())
        return body

    def _build_tree(self, text: str) -> None:
        """Run ``Markdown.convert`` up to its finished tree; the reading is done by then.

        The steps are ``convert``'s own, in its order. What follows them (serialising the
        tree, putting raw HTML back) makes the page's HTML, which the check has no use
        for: the build, which does need it, runs the whole ``convert``.
        """
        md = self.markdown
        if not text.strip():
            return  # convert returns at once, before any processor
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        # parseDocument always makes a root element; ElementTree's types allow none.
        root = cast(etree.Element, md.parser.parseDocument(lines).getroot())
        for treeprocessor in md.treeprocessors:
            replaced = treeprocessor.run(root)
            if replaced is not None:
                root = replaced


_DEFAULT: BodyReader | None = None


def read_body(text: str, first_line: int = 1, *, reader: BodyReader | None = None) -> Body:
    """Read ``text`` (an entry body that starts on file line ``first_line``)."""
    global _DEFAULT
    if reader is None:
        if _DEFAULT is None:
            _DEFAULT = BodyReader()
        reader = _DEFAULT
    return reader.read(text, first_line)
