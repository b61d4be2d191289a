"""Split the YAML front-matter from the body and read it with positions.

MkDocs' ``page.meta`` drops YAML errors silently and forgets line numbers, so
the front-matter is read here with PyYAML's node tree, which keeps a mark for
every key and item. Dates are left as text so that ``2016-02-30`` is reported
as a bad date by the rules rather than crashing the YAML constructor.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import yaml

from build_tools.model import Position

# The same opening and closing lines MkDocs accepts, so both agree where the body starts.
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """YAML's safe loader without the date resolver: dates stay text until validated."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front-matter mapping, where each key and item stands, and where the body starts."""

    data: dict[str, Any]
    positions: dict[Path, Position]
    body: str
    body_first_line: int

    def position(self, *path: str | int) -> Position:
        """Where the value at ``path`` is written, or its nearest written parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return Position(1, 1)


@dataclass(frozen=True, slots=True)
class FrontMatterError:
    """Why the front-matter cannot be read, at YAML's own position."""

    message: str
    position: Position


def _mark(mark: yaml.Mark, first_line: int) -> Position:
    return Position(first_line + mark.line, mark.column + 1)


def _walk(
    node: yaml.Node,
    path: Path,
    positions: dict[Path, Position],
    first_line: int,
    problems: list[FrontMatterError],
    seen: set[int],
) -> None:
    # Aliases share nodes; visiting each once keeps a hostile "billion laughs"
    # document linear.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[Hashable] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                continue
            if key in keys:
                problems.append(
                    FrontMatterError(
                        f"key {key!r} is repeated; YAML would silently keep only the last one",
                        _mark(key_node.start_mark, first_line),
                    )
                )
            keys.add(key)
            positions.setdefault((*path, key), _mark(key_node.start_mark, first_line))
            _walk(value_node, (*path, key), positions, first_line, problems, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            positions.setdefault((*path, index), _mark(item.start_mark, first_line))
            _walk(item, (*path, index), positions, first_line, problems, seen)


def read_front_matter(text: str) -> FrontMatter | list[FrontMatterError]:
    """Split ``text`` into front-matter and body and read the front-matter."""
    opening = _OPENING.match(text)
    if opening is None:
        return [
            FrontMatterError(
                "no front-matter: an entry starts with a line '---', its YAML fields, "
                "and another line '---'",
                Position(1, 1),
            )
        ]
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return [
            FrontMatterError(
                "front-matter is never closed: add a line '---' after the last field",
                Position(1, 1),
            )
        ]
    yaml_text = text[opening.end() : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body_first_line = text.count("\n", 0, body_start) + 1
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _mark(mark, 2) if mark is not None else Position(2, 1)
        problem = error.problem or error.context or "not valid YAML"
        return [FrontMatterError(f"front-matter is not valid YAML: {problem}", where)]
    except yaml.YAMLError as error:
        return [FrontMatterError(f"front-matter is not valid YAML: {error}", Position(2, 1))]
    except RecursionError:
        return [FrontMatterError("front-matter nests too deeply to read", Position(2, 1))]
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        return [
            FrontMatterError(
                f"front-matter must be a mapping of fields (title: ..., date: ...), found {found}",
                Position(2, 1),
            )
        ]
    positions: dict[Path, Position] = {}
    problems: list[FrontMatterError] = []
    assert node is not None
    _walk(node, (), positions, 2, problems, set())
    if problems:
        return problems
    return FrontMatter(
        data={str(k): v for k, v in data.items()},
        positions=positions,
        body=text[body_start:],
        body_first_line=body_first_line,
    )
