"""Split the YAML front-matter from the body and read it with positions.

MkDocs' ``page.meta`` drops YAML errors silently and forgets line numbers, so
the front-matter is read here with PyYAML's node tree, which keeps a mark for
every key and item. Dates are left as text so that ``2016-02-30`` is reported
as a bad date by the rules rather than crashing the YAML constructor.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.reader import ReaderError

from build_tools.model import Position

# The same opening and closing lines MkDocs accepts, so both agree where the body starts.
_OPENING = re.compile(r"\A---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

Path = tuple[str | int, ...]


def _without_timestamps(
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]],
) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    return {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in resolvers.items()
    }


class _Loader(yaml.SafeLoader):
    """YAML's safe loader without the date resolver: dates stay text until validated."""


_Loader.yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)

# libyaml's parser, where PyYAML was built with it, reads the same node tree with
# the same marks several times faster. Its error messages are worded differently,
# so a document it refuses is read again by the pure-Python loader, whose words
# the editor sees either way.
_FastLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's safe loader without the date resolver."""

    _CLoader.yaml_implicit_resolvers = _without_timestamps(yaml.CSafeLoader.yaml_implicit_resolvers)
    _FastLoader = _CLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader

_INT_TAG = "tag:yaml.org,2002:int"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front-matter mapping, where each key and item stands, and where the body starts.

    ``numbers_as_written`` keeps the text of every integer scalar, so that a
    source id written ``007`` can be read as written rather than as the number 7.
    ``text`` is the YAML as written, between the two ``---`` lines.
    """

    data: dict[str, Any]
    positions: dict[Path, Position]
    body: str
    body_first_line: int
    numbers_as_written: dict[Path, str] = field(default_factory=dict)
    text: str = ""

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


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_PLAIN_SCALAR_TAGS = frozenset(
    [
        _STR_TAG,
        _INT_TAG,
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:float",
    ]
)


class _NeedsConstructor(Exception):
    """The document needs PyYAML's constructor to be built right.

    A merge key, an explicit tag, a mapping used as a key or a recursive alias.
    """


_IN_PROGRESS = object()


class _Reading:
    """One walk over the node tree: positions, repeated keys, numbers, values.

    It records every position, every repeated key and every integer as
    written, and (unless ``build`` is false) builds the values themselves.
    Building the values here, rather than with PyYAML's constructor, saves a
    second walk over the tree for the plain documents front-matter always is;
    anything else raises :class:`_NeedsConstructor` and is left to PyYAML.
    """

    def __init__(
        self,
        loader: yaml.SafeLoader | yaml.CSafeLoader,
        front: FrontMatter,
        first_line: int,
        build: bool,
    ) -> None:
        self.loader = loader
        self.front = front
        self.first_line = first_line
        self.build = build
        self.problems: list[FrontMatterError] = []
        # Aliases share nodes; reading each once keeps a hostile "billion laughs"
        # document linear.
        self.done: dict[int, Any] = {}

    def read(self, node: yaml.Node, path: Path) -> Any:
        key = id(node)
        if key in self.done:
            value = self.done[key]
            if value is _IN_PROGRESS and self.build:
                raise _NeedsConstructor  # an alias inside its own anchor
            return value
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG:
                self.front.numbers_as_written[path] = node.value
            value = self._scalar(node) if self.build else None
        elif isinstance(node, yaml.MappingNode):
            self.done[key] = _IN_PROGRESS
            value = self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            self.done[key] = _IN_PROGRESS
            value = self._sequence(node, path)
        else:  # pragma: no cover - PyYAML has no other kind of node
            raise _NeedsConstructor
        self.done[key] = value
        return value

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag not in _PLAIN_SCALAR_TAGS:
            raise _NeedsConstructor
        return self.loader.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any] | None:
        if self.build and node.tag != _MAP_TAG:
            raise _NeedsConstructor
        result: dict[Any, Any] = {}
        keys: set[Hashable] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                if self.build:
                    raise _NeedsConstructor
                continue
            if self.build and key_node.tag not in _PLAIN_SCALAR_TAGS:
                raise _NeedsConstructor  # a merge key '<<' among them
            name = key_node.value
            where = _mark(key_node.start_mark, self.first_line)
            if name in keys:
                self.problems.append(
                    FrontMatterError(
                        f"key {name!r} is repeated; YAML would silently keep only the last one",
                        where,
                    )
                )
            keys.add(name)
            self.front.positions.setdefault((*path, name), where)
            value = self.read(value_node, (*path, name))
            if self.build:
                result[self._scalar(key_node)] = value
        return result if self.build else None

    def _sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any] | None:
        if self.build and node.tag != _SEQ_TAG:
            raise _NeedsConstructor
        result = []
        positions = self.front.positions
        for index, item in enumerate(node.value):
            positions.setdefault((*path, index), _mark(item.start_mark, self.first_line))
            result.append(self.read(item, (*path, index)))
        return result if self.build else None


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
    front = FrontMatter(
        data={},
        positions={},
        body=text[body_start:],
        body_first_line=text.count("\n", 0, body_start) + 1,
        text=yaml_text,
    )
    loaded = _load(_FastLoader, yaml_text, front)
    if isinstance(loaded, FrontMatterError) and _FastLoader is not _Loader:
        loaded = _load(_Loader, yaml_text, front)
    if isinstance(loaded, FrontMatterError):
        return [loaded]
    if isinstance(loaded, list):
        return loaded
    return front


def _unprintable(yaml_text: str, error: ReaderError) -> FrontMatterError:
    """Where the character YAML refuses stands, and which it is."""
    at = min(max(error.position, 0), len(yaml_text))
    character = error.character
    code = ord(character) if isinstance(character, str) else int(character)
    line_start = yaml_text.rfind("\n", 0, at) + 1
    return FrontMatterError(
        f"front-matter is not valid YAML: unacceptable character #x{code:04x}: "
        "special characters are not allowed; delete it",
        Position(2 + yaml_text.count("\n", 0, at), at - line_start + 1),
    )


def _load(
    loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader],
    yaml_text: str,
    front: FrontMatter,
) -> FrontMatterError | list[FrontMatterError] | None:
    """Read ``yaml_text`` into ``front``, or say why YAML refuses it, at YAML's own mark."""
    front.positions.clear()
    front.numbers_as_written.clear()
    try:
        # PyYAML's reader refuses control characters as soon as it is made.
        loader = loader_class(yaml_text)
    except ReaderError as error:
        return _unprintable(yaml_text, error)
    except UnicodeEncodeError as error:  # a lone surrogate: libyaml cannot take it
        return FrontMatterError(f"front-matter is not valid YAML: {error}", Position(2, 1))
    try:
        node = loader.get_single_node()
        if node is None:
            data = None
        else:
            try:
                reading = _Reading(loader, front, 2, build=True)
                data = reading.read(node, ())
            except _NeedsConstructor:
                front.positions.clear()
                front.numbers_as_written.clear()
                data = loader.construct_document(node)
                reading = _Reading(loader, front, 2, build=False)
                reading.read(node, ())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _mark(mark, 2) if mark is not None else Position(2, 1)
        problem = error.problem or error.context or "not valid YAML"
        return FrontMatterError(f"front-matter is not valid YAML: {problem}", where)
    except yaml.YAMLError as error:
        return FrontMatterError(f"front-matter is not valid YAML: {error}", Position(2, 1))
    except RecursionError:
        return FrontMatterError("front-matter nests too deeply to read", Position(2, 1))
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        return FrontMatterError(
            f"front-matter must be a mapping of fields (title: ..., date: ...), found {found}",
            Position(2, 1),
        )
    if reading.problems:
        return reading.problems
    front.data.update((str(k), v) for k, v in data.items())
    return None
