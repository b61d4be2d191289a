"""Find the prose in an entry body, with positions, the way Python-Markdown will render it.

Python-Markdown keeps no line numbers, so the checker reads the body itself.
This reader follows Python-Markdown's own block rules (4-space indentation for
list continuation and admonition bodies, lists that cannot interrupt a
paragraph, block quotes that run on lazily and merge across blank lines) so
that what it calls prose is what the renderer puts in ``<p>``, ``<li>``,
``<td>`` and ``<blockquote>``; a test renders every fixture and compares.

The result is a list of :class:`Block` s. A block is the unit a citation covers
(a paragraph, a list item, a table cell or a whole block quote); each block is
made of :class:`Unit` s, runs of text that are split into sentences separately
(the paragraphs of a quote, say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TAB = 4
MAX_NESTING = 50  # containers inside containers; no real entry comes near it


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the body with container prefixes removed.

    ``offset`` is where ``text`` starts in the body string.
    """

    offset: int
    text: str


@dataclass(slots=True)
class Unit:
    """Lines of prose that run together, such as one paragraph."""

    lines: list[Line]
    introduces: bool = False  # followed by a list or quote: a closing colon is no claim


@dataclass(slots=True)
class Block:
    """What a citation covers: a paragraph, list item, table cell or whole quote."""

    kind: str
    units: list[Unit] = field(default_factory=list)
    editorial: bool = False


FENCE = re.compile(r"(`{3,}|~{3,})")
# Python-Markdown's HashHeaderProcessor takes any line that starts with '#' (no
# indentation, no space needed: '#Heading' is a heading), and its
# SetextHeaderProcessor any second line of a block made of '=' or '-' alone.
HASH_HEADING = re.compile(r"#")
SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ ]*$")
RULE = re.compile(r"(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})[ \t]*$")
LIST_MARKER = re.compile(r"([*+-]|\d+[.)])([ \t]+|$)")
ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)")
HTML_BLOCK = re.compile(
    r"<(?:!--|/?(?:address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|"
    r"figure|footer|form|h[1-6]|header|hr|iframe|main|nav|noscript|ol|p|pre|script|section|"
    r"style|summary|table|ul|video|audio|canvas|svg|math|center)\b)",
    re.IGNORECASE,
)
REFERENCE_DEFINITION = re.compile(r"\[[^\]^][^\]]*\]:[ \t]*\S")
FOOTNOTE_DEFINITION = re.compile(r"\[\^[^\]]+\]:[ \t]?")
ATTRIBUTE_LIST = re.compile(r"\{:?[^}]*\}[ \t]*$")
TABLE_SEPARATOR = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def indent_of(text: str) -> int:
    """Leading indentation in columns, a tab counting to the next multiple of four."""
    width = 0
    for char in text:
        if char == " ":
            width += 1
        elif char == "\t":
            width += TAB - width % TAB
        else:
            break
    return width


def dedent(line: Line, columns: int) -> Line:
    """Remove up to ``columns`` columns of leading whitespace, keeping the offset right."""
    width = 0
    cut = 0
    text = line.text
    while cut < len(text) and width < columns and text[cut] in " \t":
        width += 1 if text[cut] == " " else TAB - width % TAB
        cut += 1
    return Line(line.offset + cut, text[cut:])


def is_blank(line: Line) -> bool:
    """Whether the line holds only whitespace."""
    return not line.text.strip()


def _interrupts_paragraph(text: str) -> bool:
    # Python-Markdown searches the whole block for these, so they cut a paragraph
    # short; a list marker only counts at the start of a block.
    stripped = text.lstrip(" \t")
    return bool(
        FENCE.match(stripped)
        or HASH_HEADING.match(text)
        or stripped.startswith(">")
        or ADMONITION.match(stripped)
        or RULE.match(stripped)
    )


class _Reader:
    """A cursor over the lines of one container (the body, a quote, an item)."""

    def __init__(
        self,
        lines: list[Line],
        editorial: bool,
        depth: int = 0,
        code: list[tuple[int, int]] | None = None,
    ) -> None:
        self.lines = lines
        self.editorial = editorial
        self.depth = depth
        # Body offsets (start, end) of the code blocks skipped, shared with nested readers.
        self.code: list[tuple[int, int]] = [] if code is None else code
        self.pos = 0
        self.blocks: list[Block] = []
        # Whether the cursor is where Python-Markdown starts a block: after a blank
        # line or a heading or rule it split off. Only there is a setext heading.
        self.at_block_start = True

    def _nested(self, lines: list[Line], editorial: bool) -> list[Block]:
        """Read the lines of a container inside this one (a quote, an item, an admonition)."""
        if self.depth >= MAX_NESTING:
            # Hostile nesting ('> > > ...' a thousand deep) would exhaust the
            # stack; that deep, the text is read as one plain paragraph.
            text_lines = [line for line in lines if not is_blank(line)]
            return [Block("paragraph", [Unit(text_lines)], editorial)] if text_lines else []
        return _Reader(lines, editorial, self.depth + 1, self.code).read()

    def read(self) -> list[Block]:
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if is_blank(line):
                self.pos += 1
                self.at_block_start = True
                continue
            self._read_block(line)
        return self.blocks

    def _read_block(self, line: Line) -> None:
        indent = indent_of(line.text)
        stripped = line.text.lstrip(" \t")
        block_start, self.at_block_start = self.at_block_start, False
        if indent >= TAB:
            self._skip_indented_code()
            self.at_block_start = True  # the lines after code are a block of their own
        elif FENCE.match(stripped):
            self._skip_fence(stripped)
        elif HASH_HEADING.match(line.text) or RULE.match(stripped):
            self.pos += 1
            self.at_block_start = True
        elif match := ADMONITION.match(stripped):
            self._read_admonition(match.group(1))
            self.at_block_start = True
        elif block_start and self._at_setext_heading():
            # The heading's two lines; what follows in the block is read as a new block.
            self.pos += 2
            self.at_block_start = True
        elif stripped.startswith(">"):
            self._read_quote()
        elif LIST_MARKER.match(stripped):
            self._read_list()
        elif FOOTNOTE_DEFINITION.match(stripped):
            self._read_footnote()
        elif self._at_table():
            self._read_table()
        elif HTML_BLOCK.match(stripped):
            self._skip_until_blank()
        elif REFERENCE_DEFINITION.match(stripped) or ATTRIBUTE_LIST.match(stripped):
            self.pos += 1
        else:
            self._read_paragraph()

    def _skip_indented_code(self) -> None:
        first = self.pos
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if not is_blank(line) and indent_of(line.text) < TAB:
                break
            self.pos += 1
        self._mark_code(first)

    def _mark_code(self, first: int) -> None:
        """Record the lines from ``first`` up to the cursor as code."""
        if self.pos > first:
            last = self.lines[self.pos - 1]
            self.code.append((self.lines[first].offset, last.offset + len(last.text)))

    def _skip_fence(self, opening: str) -> None:
        fence = FENCE.match(opening)
        assert fence is not None
        marker = fence.group(1)
        first = self.pos
        self.pos += 1
        while self.pos < len(self.lines):
            text = self.lines[self.pos].text.strip()
            self.pos += 1
            if text.startswith(marker[0] * len(marker)) and not text.strip(marker[0]):
                break
        self._mark_code(first)

    def _skip_until_blank(self) -> None:
        while self.pos < len(self.lines) and not is_blank(self.lines[self.pos]):
            self.pos += 1

    def _paragraph_lines(self) -> list[Line]:
        """Lines of a paragraph from the cursor: until a blank line or a block that cuts it."""
        taken = [self.lines[self.pos]]
        self.pos += 1
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if is_blank(line) or _interrupts_paragraph(line.text):
                break
            taken.append(line)
            self.pos += 1
        return taken

    def _at_setext_heading(self) -> bool:
        after = self.pos + 1
        return after < len(self.lines) and bool(SETEXT_UNDERLINE.match(self.lines[after].text))

    def _read_paragraph(self) -> None:
        lines = self._paragraph_lines()
        block = Block("paragraph", [Unit(lines)], self.editorial)
        self.blocks.append(block)
        block.units[0].introduces = self._next_introduced()

    def _next_introduced(self) -> bool:
        """Whether the next block (after blank lines) is a list or a quote."""
        ahead = self.pos
        while ahead < len(self.lines) and is_blank(self.lines[ahead]):
            ahead += 1
        if ahead >= len(self.lines):
            return False
        text = self.lines[ahead].text
        stripped = text.lstrip(" \t")
        if self.pos < ahead and indent_of(text) < TAB and LIST_MARKER.match(stripped):
            return True
        return stripped.startswith(">") and indent_of(text) < TAB

    def _read_quote(self) -> None:
        inner: list[Line] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if is_blank(line):
                # A quote after blank lines joins this one, as Python-Markdown merges them.
                ahead = self.pos
                while ahead < len(self.lines) and is_blank(self.lines[ahead]):
                    ahead += 1
                if ahead < len(self.lines) and _starts_quote(self.lines[ahead]):
                    inner.append(Line(line.offset, ""))
                    self.pos = ahead
                    continue
                break
            if _starts_quote(line):
                stripped = dedent(line, TAB - 1)
                text = stripped.text[1:]
                skip = 1 + (1 if text.startswith(" ") else 0)
                inner.append(Line(stripped.offset + skip, stripped.text[skip:]))
            elif HASH_HEADING.match(line.text) or (
                indent_of(line.text) < TAB and RULE.match(line.text.lstrip(" \t"))
            ):
                # Python-Markdown splits a block at these before it looks for quotes,
                # so they end the quote rather than run on in it.
                break
            else:
                inner.append(line)  # lazy continuation
            self.pos += 1
        quote = Block("quote", editorial=self.editorial)
        for block in self._nested(inner, self.editorial):
            quote.units.extend(block.units)
        if quote.units:
            self.blocks.append(quote)

    def _indented_body(self) -> list[Line]:
        """The lines indented under the current line, dedented by one level."""
        body: list[Line] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if not is_blank(line) and indent_of(line.text) < TAB:
                break
            body.append(dedent(line, TAB))
            self.pos += 1
        while body and is_blank(body[-1]):
            body.pop()
        return body

    def _read_admonition(self, kind: str) -> None:
        self.pos += 1
        editorial = self.editorial or kind.lower() == "editorial"
        self.blocks.extend(self._nested(self._indented_body(), editorial))

    def _read_footnote(self) -> None:
        first = self.lines[self.pos]
        marker = FOOTNOTE_DEFINITION.match(first.text.lstrip(" \t"))
        assert marker is not None
        lead = len(first.text) - len(first.text.lstrip(" \t")) + marker.end()
        item = [Line(first.offset + lead, first.text[lead:])]
        self.pos += 1
        item.extend(self._lazy_lines())
        self._add_item(item, self._indented_body())

    def _lazy_lines(self) -> list[Line]:
        """Lines that continue an item's first paragraph, up to a blank line or nested list.

        As in Python-Markdown, an indented line with a list marker starts a nested
        list; any other line, indented or not, runs on in the paragraph.
        """
        taken: list[Line] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            stripped = line.text.lstrip(" \t")
            if is_blank(line) or LIST_MARKER.match(stripped):
                break
            if indent_of(line.text) < TAB and _interrupts_paragraph(line.text):
                break
            taken.append(line)
            self.pos += 1
        return taken

    def _read_list(self) -> None:
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            stripped = line.text.lstrip(" \t")
            marker = LIST_MARKER.match(stripped)
            if is_blank(line) or indent_of(line.text) >= TAB or marker is None:
                # After blank lines a new marker continues the list (a loose list).
                ahead = self.pos
                while ahead < len(self.lines) and is_blank(self.lines[ahead]):
                    ahead += 1
                if ahead > self.pos and ahead < len(self.lines):
                    nxt = self.lines[ahead]
                    if indent_of(nxt.text) < TAB and LIST_MARKER.match(nxt.text.lstrip(" \t")):
                        self.pos = ahead
                        continue
                return
            lead = len(line.text) - len(stripped) + marker.end()
            item = [Line(line.offset + lead, line.text[lead:])]
            self.pos += 1
            item.extend(self._lazy_lines())
            self._add_item(item, self._indented_body())

    def _add_item(self, lines: list[Line], indented: list[Line]) -> None:
        own = Block("item", editorial=self.editorial)
        nested: list[Block] = []
        first = self._nested(lines, self.editorial)
        for block in [*first, *self._nested(indented, self.editorial)]:
            if block.kind == "paragraph" and not nested:
                own.units.extend(block.units)
            else:
                nested.append(block)
        if own.units:
            self.blocks.append(own)
        self.blocks.extend(nested)

    def _at_table(self) -> bool:
        if self.pos + 1 >= len(self.lines):
            return False
        head, rule = self.lines[self.pos], self.lines[self.pos + 1]
        return "|" in head.text and "|" in rule.text and bool(TABLE_SEPARATOR.match(rule.text))

    def _read_table(self) -> None:
        # The header row names the columns: labels, not claims. Every body cell,
        # the first column's included, is a block of its own and may hold a claim.
        self.pos += 2
        while self.pos < len(self.lines) and not is_blank(self.lines[self.pos]):
            for cell in split_cells(self.lines[self.pos]):
                if cell.text.strip():
                    self.blocks.append(Block("cell", [Unit([cell])], self.editorial))
            self.pos += 1


def _starts_quote(line: Line) -> bool:
    return indent_of(line.text) < TAB and line.text.lstrip(" \t").startswith(">")


_CELL_SPLIT = re.compile(r"\\.|`+|\|")


def split_cells(line: Line) -> list[Line]:
    """Split a table row on pipes that are neither escaped nor inside code spans."""
    text = line.text
    bounds: list[int] = []
    code: str | None = None
    for match in _CELL_SPLIT.finditer(text):
        token = match.group()
        if token.startswith("`"):
            code = None if code == token else token if code is None else code
        elif token == "|" and code is None:
            bounds.append(match.start())
    cells: list[Line] = []
    start = 0
    for bound in [*bounds, len(text)]:
        cells.append(Line(line.offset + start, text[start:bound]))
        start = bound + 1
    stripped = text.strip()
    if stripped.startswith("|") and cells:
        cells = cells[1:]
    if stripped.endswith("|") and cells:
        cells = cells[:-1]
    return cells


def read_layout(body: str) -> tuple[list[Block], list[tuple[int, int]]]:
    """Return the prose blocks of ``body``, in reading order, and its code blocks.

    The code blocks are ``(start, end)`` offsets into ``body``, in no set order:
    what lies inside them is shown as written, never read as Markdown or HTML.
    """
    lines: list[Line] = []
    offset = 0
    for text in body.split("\n"):
        lines.append(Line(offset, text))
        offset += len(text) + 1
    reader = _Reader(lines, editorial=False)
    return reader.read(), reader.code


def read_blocks(body: str) -> list[Block]:
    """Return the prose blocks of ``body``, in reading order."""
    return read_layout(body)[0]
