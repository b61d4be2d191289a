"""Split the YAML front-matter from the body and read it with positions.

MkDocs' ``page.meta`` drops YAML errors silently and forgets line numbers, so
the front-matter is read here with PyYAML's node tree, which keeps a mark for
every key and item. Dates are left as text so that ``2016-02-30`` is reported
as a bad date by the rules rather than crashing the YAML constructor.
"""

from __future__ import annotations

import functools
import re
import sys
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
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _max_digits() -> int:
    """The most digits Python turns an integer into text with, as it is set now."""
    limit = sys.get_int_max_str_digits()
    return limit if limit else sys.int_info.default_max_str_digits


@functools.cache
def _ten_to_the(digits: int) -> int:
    power: int = 10**digits
    return power


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
    first_line: int = 2  # the file line ``text`` starts on

    def written_at(self, position: Position) -> str:
        """The YAML as written from ``position`` to the end of its line."""
        lines = self.text.split("\n")
        index = position.line - self.first_line
        return lines[index][position.column - 1 :] if 0 <= index < len(lines) else ""

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
                value = self._number(node)
                if not self.build:
                    value = None
            else:
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

    def _number(self, node: yaml.ScalarNode) -> int | None:
        """The integer ``node`` holds, or None and a problem when Python cannot hold it as text.

        Python refuses to turn an integer of more than a few thousand digits into
        text (and takes quadratic time to read one), so such a number would crash
        every message and page that shows it. The length of what is written is
        checked before the number is built, its size after: 0x and 1:30:00 forms
        hold more digits than they are written with.
        """
        limit = _max_digits()
        if len(node.value) <= limit:
            value = self.loader.construct_object(node)
            if isinstance(value, int) and abs(value) < _ten_to_the(limit):
                return value
        written = node.value if len(node.value) <= 16 else node.value[:15] + "…"
        self.problems.append(
            FrontMatterError(
                f"the number {written} is too long to read (more than {limit:,} digits): "
                "put it in quotes if it is text, or shorten it",
                _mark(node.start_mark, self.first_line),
            )
        )
        return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _INT_TAG:
            return self._number(node)
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
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                if self.build:
                    raise _NeedsConstructor
                continue
            if self.build and key_node.tag not in _PLAIN_SCALAR_TAGS:
                raise _NeedsConstructor  # a merge key '<<' among them
            if key_node.tag == _INT_TAG and self._number(key_node) is None:
                continue
            name = key_node.value
            where = _mark(key_node.start_mark, self.first_line)
            if key_node.tag == _MERGE_TAG:
                # Several merge keys are a list of merges, not a repeated key.
                merged.append(value_node)
            elif name in keys:
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
        if merged:
            self._merge_positions(merged, path, set(keys))
        return result if self.build else None

    def _merge_positions(self, merged: list[yaml.Node], path: Path, taken: set[Hashable]) -> None:
        """Give each key a merge brings in the position of the key its value comes from.

        A key written in the mapping wins over every merged one. Among merged
        keys the one PyYAML keeps wins, which is the last of its flattened
        pairs (:func:`_merged_pairs`), whatever YAML's specification says of
        ``<<: [*a, *b]``: the positions must point where the value read came
        from. Below a merged key, positions fall back to the key itself.
        """
        for key_node, value_node in reversed(_merged_pairs(merged, set())):
            name = key_node.value
            if name in taken:
                continue
            taken.add(name)
            self.front.positions.setdefault(
                (*path, name), _mark(key_node.start_mark, self.first_line)
            )
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag == _INT_TAG:
                self.front.numbers_as_written[(*path, name)] = value_node.value

    def _sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any] | None:
        if self.build and node.tag != _SEQ_TAG:
            raise _NeedsConstructor
        result = []
        positions = self.front.positions
        for index, item in enumerate(node.value):
            positions.setdefault((*path, index), _mark(item.start_mark, self.first_line))
            result.append(self.read(item, (*path, index)))
        return result if self.build else None


Pair = tuple[yaml.Node, yaml.Node]


def _merged_pairs(merged: list[yaml.Node], within: set[int]) -> list[Pair]:
    """The pairs the merge keys of one mapping bring in, in PyYAML's order.

    This follows ``SafeConstructor.flatten_mapping``: each merged mapping's own
    merges come before its written keys, and a pair already brought in is
    skipped (PyYAML tells pairs apart by their key's string object). ``within``
    holds the mappings being flattened, so that a mapping merging itself ends.
    """
    pairs: list[Pair] = []
    brought: set[int] = set()
    for value in merged:
        sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, yaml.MappingNode) or id(source) in within:
                continue  # not a mapping: PyYAML's constructor says so
            for pair in _flattened(source, within | {id(source)}):
                if id(pair[0].value) not in brought:
                    brought.add(id(pair[0].value))
                    pairs.append(pair)
    return pairs


def _flattened(node: yaml.MappingNode, within: set[int]) -> list[Pair]:
    """A mapping's pairs once its merges are folded in: merged pairs, then written ones."""
    merged = [value for key, value in node.value if key.tag == _MERGE_TAG]
    written = [(key, value) for key, value in node.value if key.tag != _MERGE_TAG]
    if not merged:
        return written
    return _merged_pairs(merged, within) + written


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


def read_yaml_file(text: str, name: str) -> FrontMatter | list[FrontMatterError]:
    """Read a whole YAML file, such as ``.authors.yml``, as front-matter is read.

    The same positions, repeated keys, numbers too long and wording; messages
    name the file (``name``) where they would say front-matter.
    """
    front = FrontMatter(data={}, positions={}, body="", body_first_line=0, text=text, first_line=1)
    loaded = _load(_FastLoader, text, front, name, 1)
    if isinstance(loaded, FrontMatterError) and _FastLoader is not _Loader:
        loaded = _load(_Loader, text, front, name, 1)
    if isinstance(loaded, FrontMatterError):
        return [loaded]
    if isinstance(loaded, list):
        return loaded
    return front


def _unprintable(yaml_text: str, error: ReaderError, what: str, first: int) -> FrontMatterError:
    """Where the character YAML refuses stands, and which it is."""
    at = min(max(error.position, 0), len(yaml_text))
    character = error.character
    code = ord(character) if isinstance(character, str) else int(character)
    line_start = yaml_text.rfind("\n", 0, at) + 1
    return FrontMatterError(
        f"{what} is not valid YAML: unacceptable character #x{code:04x}: "
        "special characters are not allowed; delete it",
        Position(first + yaml_text.count("\n", 0, at), at - line_start + 1),
    )


_TAB_PROBLEM = "found character '\\t' that cannot start any token"


def plain_problem(problem: str) -> str:
    """PyYAML's ``problem`` in an editor's words where PyYAML's own are obscure."""
    if problem.startswith(_TAB_PROBLEM):
        return "a tab where YAML expects spaces: indent with spaces, not a tab"
    return problem


def _load(
    loader_class: type[yaml.SafeLoader] | type[yaml.CSafeLoader],
    yaml_text: str,
    front: FrontMatter,
    what: str = "front-matter",
    first: int = 2,
) -> FrontMatterError | list[FrontMatterError] | None:
    """Read ``yaml_text`` into ``front``, or say why YAML refuses it, at YAML's own mark."""
    front.positions.clear()
    front.numbers_as_written.clear()
    try:
        # PyYAML's reader refuses control characters as soon as it is made.
        loader = loader_class(yaml_text)
    except ReaderError as error:
        return _unprintable(yaml_text, error, what, first)
    except UnicodeEncodeError as error:  # a lone surrogate: libyaml cannot take it
        return FrontMatterError(f"{what} is not valid YAML: {error}", Position(first, 1))
    problems: list[FrontMatterError] = []
    try:
        node = loader.get_single_node()
        if node is None:
            data = None
        else:
            try:
                reading = _Reading(loader, front, first, build=True)
                data = reading.read(node, ())
                problems = reading.problems
            except _NeedsConstructor:
                front.positions.clear()
                front.numbers_as_written.clear()
                # Read before PyYAML builds the values: its constructor folds
                # merged keys into each mapping's own, and cannot build a number
                # too long to read.
                reading = _Reading(loader, front, first, build=False)
                reading.read(node, ())
                problems = reading.problems
                data = None if problems else loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _mark(mark, first) if mark is not None else Position(first, 1)
        problem = plain_problem(error.problem or error.context or "not valid YAML")
        return FrontMatterError(f"{what} is not valid YAML: {problem}", where)
    except yaml.YAMLError as error:
        return FrontMatterError(f"{what} is not valid YAML: {error}", Position(first, 1))
    except RecursionError:
        return FrontMatterError(f"{what} nests too deeply to read", Position(first, 1))
    except ValueError:
        # Python's own refusal of a number in a place the reading above does not
        # walk (inside a list or mapping used as a key).
        return FrontMatterError(
            f"{what} holds a number too long to read (more than {_max_digits():,} "
            "digits): put it in quotes if it is text, or shorten it",
            Position(first, 1),
        )
    finally:
        loader.dispose()
    if problems:
        return problems
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        fields = " of fields (title: ..., date: ...)" if what == "front-matter" else ""
        return FrontMatterError(
            f"{what} must be a mapping{fields}, found {found}", Position(first, 1)
        )
    front.data.update((str(k), v) for k, v in data.items())
    return None
