"""Read an entry body once: its claims, its citations, and what covers what."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from build_tools.model import Body, Citation, Claim, MalformedCitation, Position, Reference
from build_tools.parse.blocks import Block, Unit, read_layout
from build_tools.parse.citations import find_citations, mask
from build_tools.parse.markup import read_markup
from build_tools.parse.sentences import split_sentences

_SPACE = re.compile(r"\s+")


class _Locator:
    """Turns a body offset into a file position."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def __call__(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(self.first_line + index, offset - self.starts[index] + 1)


class _UnitText:
    """The text of a unit, joined from its lines, with a map back to body offsets."""

    def __init__(self, unit: Unit) -> None:
        self.text = "\n".join(line.text for line in unit.lines)
        self.unit_starts: list[int] = []
        self.body_starts: list[int] = []
        at = 0
        for line in unit.lines:
            self.unit_starts.append(at)
            self.body_starts.append(line.offset)
            at += len(line.text) + 1

    def body_offset(self, offset: int) -> int:
        index = bisect.bisect_right(self.unit_starts, offset) - 1
        return self.body_starts[index] + offset - self.unit_starts[index]


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` span (they may overlap) filled with U+0001."""
    if not spans:
        return text
    pieces = []
    at = 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        start = max(start, at)
        pieces.append(text[at:start])
        pieces.append("\x01" * (end - start))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    start: int
    end: int
    citations: tuple[Citation, ...]


class _BodyReader:
    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.locate = _Locator(text, first_line)
        self.claims: list[Claim] = []
        self.citations: list[Citation] = []
        self.malformed: list[MalformedCitation] = []

    def read(self) -> Body:
        blocks, code = read_layout(self.text)
        for block in blocks:
            self._read_block(block)
        self.citations.sort(key=lambda c: c.start)
        links, html_tags = read_markup(self.text, code, self.locate)
        return Body(
            text=self.text,
            first_line=self.locate.first_line,
            claims=tuple(self.claims),
            citations=tuple(self.citations),
            malformed=tuple(self.malformed),
            links=links,
            html_tags=html_tags,
        )

    def _read_block(self, block: Block) -> None:
        sentences: list[_Sentence] = []
        for unit in block.units:
            sentences.extend(self._read_unit(unit))
        if block.editorial:
            return  # analysis, labelled as such: exempt from the claim rules
        # Wikipedia's convention: a citation covers its own sentence and the
        # uncited sentences before it in the same block, so walk backwards.
        support: tuple[Citation, ...] = ()
        supports: list[tuple[Citation, ...]] = []
        for sentence in reversed(sentences):
            if sentence.citations:
                support = sentence.citations
            supports.append(support)
        for sentence, covering in zip(sentences, reversed(supports), strict=True):
            self.claims.append(
                Claim(
                    index=len(self.claims),
                    text=sentence.text,
                    position=self.locate(sentence.start),
                    start=sentence.start,
                    end=sentence.end,
                    citations=sentence.citations,
                    support=covering,
                )
            )

    def _read_unit(self, unit: Unit) -> list[_Sentence]:
        joined = _UnitText(unit)
        literal_free, masked = mask(joined.text)
        found, malformed = find_citations(literal_free, joined.text)
        for bad in malformed:
            start = joined.body_offset(bad.start)
            snippet = _SPACE.sub(" ", joined.text[bad.start : bad.end])
            self.malformed.append(MalformedCitation(snippet, bad.reason, self.locate(start)))
        groups: list[tuple[int, int, Citation]] = []
        for group in found:
            start = joined.body_offset(group.start)
            citation = Citation(
                index=len(self.citations),
                references=tuple(
                    Reference(
                        ref.source_id, ref.locator, self.locate(joined.body_offset(ref.offset))
                    )
                    for ref in group.references
                ),
                position=self.locate(start),
                start=start,
                end=joined.body_offset(group.end),
            )
            self.citations.append(citation)
            groups.append((group.start, group.end, citation))
        # A citation is neither words nor punctuation to the sentence splitter.
        blanked = _blank_spans(
            masked, [(s, e) for s, e, _ in groups] + [(bad.start, bad.end) for bad in malformed]
        )
        spans = split_sentences(blanked, [(s, e) for s, e, _ in groups])
        if unit.introduces and spans and masked[: spans[-1][1]].rstrip().endswith(":"):
            spans.pop()  # "The transcript reads:" introduces the quote; it claims nothing
        sentences = []
        # Sentences and citations both come in order: walk them together.
        groups.sort(key=lambda group: group[0])
        at = 0
        for start, end in spans:
            while at < len(groups) and groups[at][0] < start:
                at += 1
            first = at
            while at < len(groups) and groups[at][1] <= end:
                at += 1
            own = tuple(c for _, _, c in groups[first:at])
            text = _SPACE.sub(" ", joined.text[start:end])
            sentences.append(
                _Sentence(text, joined.body_offset(start), joined.body_offset(end), own)
            )
        return sentences


def read_body(text: str, first_line: int = 1) -> Body:
    """Read ``text`` (an entry body that starts on file line ``first_line``)."""
    return _BodyReader(text, first_line).read()
