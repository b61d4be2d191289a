"""Columns of expanded tabs mapped back to the text as written: exact, and linear."""

from __future__ import annotations

import random
import time

from build_tools.parse.body import BodyReader
from build_tools.parse.reading import TabStops


def _walked(marked: str, start: int, column: int, tab: int = 4) -> int:
    """The mapping character by character, as the reading first did it: the reference."""
    line_end = marked.find("\n", start)
    if "\t" not in marked[start : line_end if line_end != -1 else len(marked)]:
        return start + column
    line_start = marked.rfind("\n", 0, start) + 1
    at_start = len(marked[line_start:start].expandtabs(tab))
    target = at_start + column
    expanded = at_start
    offset = start
    while expanded < target and offset < len(marked) and marked[offset] != "\n":
        expanded += tab - expanded % tab if marked[offset] == "\t" else 1
        offset += 1
    return offset


def test_every_column_maps_as_walking_the_line_does() -> None:
    rng = random.Random(7)
    for _ in range(300):
        lines = [
            "".join(rng.choice("ab \t") for _ in range(rng.randrange(0, 30)))
            for _ in range(rng.randrange(1, 5))
        ]
        marked = "\n".join(lines)
        stops = TabStops(marked)
        starts = [0] + [i + 1 for i, c in enumerate(marked) if c == "\n"]
        for start in starts:
            for column in range(0, 45):
                assert stops.offset(start, column) == _walked(marked, start, column), (
                    marked,
                    start,
                    column,
                )


def test_a_text_without_tabs_maps_straight() -> None:
    assert TabStops("no tabs here\nnor here").offset(13, 4) == 17


def test_one_long_paragraph_is_read_in_linear_time() -> None:
    # Every sentence's place was once found by scanning its whole line again.
    reader = BodyReader()
    seconds = []
    for sentences in (4_000, 16_000):
        text = "It sat. " * sentences + "It ruled [@court].\n"
        started = time.process_time()
        body = reader.read(text)
        seconds.append(time.process_time() - started)
        assert len(body.claims) == sentences + 1
        assert body.claims[-1].position.column == 8 * sentences + 1
    # Four times the sentences: about four times the time, where the square would be 16.
    assert seconds[1] < 8 * seconds[0] + 0.2, seconds
