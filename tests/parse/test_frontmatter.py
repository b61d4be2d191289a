"""Reading the front-matter: values, positions, and YAML's own errors at YAML's own marks.

The front-matter is read with libyaml where PyYAML has it, and its plain
documents are built without PyYAML's constructor; each case here is also read
by the pure-Python loader and its constructor, and the two must agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from build_tools.model import Position
from build_tools.parse import frontmatter
from build_tools.parse.frontmatter import FrontMatter, FrontMatterError, read_front_matter


def _read(yaml_text: str) -> FrontMatter | list[FrontMatterError]:
    return read_front_matter(f"---\n{yaml_text}---\n\nThe body.\n")


def _errors(yaml_text: str) -> list[tuple[str, Position]]:
    found = _read(yaml_text)
    assert isinstance(found, list)
    return [(error.message, error.position) for error in found]


def _data(yaml_text: str) -> dict[str, Any]:
    found = _read(yaml_text)
    assert isinstance(found, FrontMatter)
    return found.data


DOCUMENTS = {
    "plain fields": "title: Court\ndraft: true\ncount: 27\nratio: 1.5\nnothing: ~\n",
    "a date stays text": "date: 2016-02-22\n",
    "an explicit timestamp": "date: !!timestamp 2016-02-22\n",
    "an explicit string": "id: !!str 2016\n",
    "a merge key": "base: &b {role: primary}\nsource:\n  <<: *b\n  id: court\n",
    "shared aliases": "a: &x [1, 2]\nb: *x\nc: [*x, *x]\n",
    "a set": "s: !!set {a, b}\n",
    "a number as key": "2016: year\n",
    "nested lists": "sources:\n  - id: a\n    via: [b, c]\n  - id: b\n",
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_values_agree_with_pyyaml_without_timestamps(text: str) -> None:
    loader = frontmatter._Loader(text)
    try:
        expected = loader.get_single_data()
    finally:
        loader.dispose()
    assert _data(text) == {str(key): value for key, value in expected.items()}


def test_a_recursive_alias_is_left_to_pyyaml() -> None:
    data = _data("a: &x [1, *x]\n")
    assert data["a"][0] == 1
    assert data["a"][1] is data["a"]


def test_dates_are_left_as_text_unless_tagged() -> None:
    assert _data("a: 2016-02-22\nb: !!timestamp 2016-02-22\n") == {
        "a": "2016-02-22",
        "b": dt.date(2016, 2, 22),
    }


def test_positions_of_keys_and_items() -> None:
    found = _read("title: Court\nsources:\n  - id: court\n    via: [a,  b]\n")
    assert isinstance(found, FrontMatter)
    assert found.positions == {
        ("title",): Position(2, 1),
        ("sources",): Position(3, 1),
        ("sources", 0): Position(4, 5),
        ("sources", 0, "id"): Position(4, 5),
        ("sources", 0, "via"): Position(5, 5),
        ("sources", 0, "via", 0): Position(5, 11),
        ("sources", 0, "via", 1): Position(5, 15),
    }


def test_numbers_are_also_kept_as_written() -> None:
    found = _read("sources:\n  - id: 007\n    via: [0042, x]\n")
    assert isinstance(found, FrontMatter)
    # YAML 1.1 reads 0042 as octal: the text is the only faithful id.
    assert found.data["sources"] == [{"id": 7, "via": [34, "x"]}]
    assert found.numbers_as_written == {
        ("sources", 0, "id"): "007",
        ("sources", 0, "via", 0): "0042",
    }


def test_repeated_key_is_reported_where_it_is_repeated() -> None:
    assert _errors("title: a\nsummary: b\ntitle: c\n") == [
        ("key 'title' is repeated; YAML would silently keep only the last one", Position(4, 1))
    ]


def test_unclosed_quote_is_reported_at_yamls_problem_mark() -> None:
    text = 'title: "Unclosed quote\ndate: 2016-02-22\n'
    loader = yaml.SafeLoader(text)
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        loader.get_single_node()
    mark = raised.value.problem_mark
    assert mark is not None
    assert _errors(text) == [
        (
            "front-matter is not valid YAML: found unexpected end of stream",
            Position(2 + mark.line, mark.column + 1),
        )
    ]
    assert Position(2 + mark.line, mark.column + 1) == Position(4, 1)


def test_errors_are_worded_as_the_python_loader_words_them() -> None:
    assert _errors("tags: [a, b\n") == [
        (
            "front-matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
            Position(3, 1),
        )
    ]


@pytest.mark.parametrize(
    ("text", "position", "code"),
    [
        ("title: \x07Court\n", Position(2, 8), "0007"),
        ("title: Court\ntags: [é, \x1f]\n", Position(3, 11), "001f"),
    ],
)
def test_control_character_is_an_error_at_its_own_position(
    text: str, position: Position, code: str
) -> None:
    assert _errors(text) == [
        (
            f"front-matter is not valid YAML: unacceptable character #x{code}: special "
            "characters are not allowed; delete it",
            position,
        )
    ]


def test_front_matter_that_is_not_a_mapping() -> None:
    assert _errors("- a\n- b\n") == [
        (
            "front-matter must be a mapping of fields (title: ..., date: ...), found list",
            Position(2, 1),
        )
    ]


def test_an_alias_bomb_is_read_in_linear_time() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    found = _read("\n".join(lines) + "\n")
    assert isinstance(found, FrontMatter)
    assert len(found.positions) == 9 + 9 * 10


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_libyaml_and_the_python_loader_give_the_same_reading(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _read(text)
    monkeypatch.setattr(frontmatter, "_FastLoader", frontmatter._Loader)
    slow = _read(text)
    assert isinstance(fast, FrontMatter)
    assert isinstance(slow, FrontMatter)
    assert (fast.data, fast.positions, fast.numbers_as_written) == (
        slow.data,
        slow.positions,
        slow.numbers_as_written,
    )


# Numbers too long for Python to hold as text (sys.int_info.default_max_str_digits).

TOO_LONG = "(more than 4,300 digits): put it in quotes if it is text, or shorten it"


@pytest.mark.parametrize(
    ("text", "position", "written"),
    [
        ("id: " + "1" * 5000 + "\n", Position(2, 5), "111111111111111…"),
        ("date: 1" + "0" * 5000 + "\n", Position(2, 7), "100000000000000…"),
        # Written with fewer characters than the digits it holds.
        ("n: 0x" + "f" * 4000 + "\n", Position(2, 4), "0xfffffffffffff…"),
        ("n: 1" + ":59" * 2000 + "\n", Position(2, 4), "1:59:59:59:59:5…"),
        ("sources:\n  - via: [a, " + "9" * 5000 + "]\n", Position(3, 14), "999999999999999…"),
        # A merge key sends the document to PyYAML's constructor, which cannot build it.
        ("s:\n  <<: {id: " + "7" * 5000 + "}\n", Position(3, 12), "777777777777777…"),
    ],
)
def test_a_number_too_long_to_read_is_an_error_at_its_position(
    text: str, position: Position, written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [(f"the number {written} is too long to read {TOO_LONG}", position)]
    assert _errors(text) == expected
    monkeypatch.setattr(frontmatter, "_FastLoader", frontmatter._Loader)
    assert _errors(text) == expected


def test_every_number_too_long_is_reported() -> None:
    found = _errors("a: " + "1" * 4301 + "\nb: fine\nc: " + "2" * 4301 + "\n")
    assert [position for _, position in found] == [Position(2, 4), Position(4, 4)]


def test_a_number_at_the_limit_is_read() -> None:
    assert _data("n: " + "9" * 4300 + "\n")["n"] == 10**4300 - 1


def test_a_quoted_long_number_is_text() -> None:
    assert _data('id: "' + "1" * 5000 + '"\n')["id"] == "1" * 5000


# Merge keys


MERGED = "base: &base\n  id: court\n  role: primary\nsource:\n  <<: *base\n  id: other\n"


def test_a_key_written_after_a_merge_overrides_the_merged_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for loader in (frontmatter._FastLoader, frontmatter._Loader):
        monkeypatch.setattr(frontmatter, "_FastLoader", loader)
        found = _read(MERGED)
        assert isinstance(found, FrontMatter)
        assert found.data["source"] == {"id": "other", "role": "primary"}
        # The written key where it is written; a merged one where the merge took it from.
        assert found.position("source", "id") == Position(7, 3)
        assert found.position("source", "role") == Position(4, 3)


def test_a_key_written_before_a_merge_also_wins() -> None:
    found = _read("base: &b {id: court, role: primary}\nsource:\n  id: other\n  <<: *b\n")
    assert isinstance(found, FrontMatter)
    assert found.data["source"] == {"id": "other", "role": "primary"}
    assert found.position("source", "id") == Position(4, 3)


def test_positions_follow_the_merged_mapping_pyyaml_reads_the_value_from() -> None:
    text = "a: &a {id: first}\nb: &b {id: second, role: primary}\ns:\n  <<: [*a, *b]\n"
    found = _read(text)
    assert isinstance(found, FrontMatter)
    # YAML's specification gives the first mapping precedence; PyYAML, like MkDocs
    # reading the same page, keeps the last. The position is where the value came from.
    expected = yaml.load(text, Loader=yaml.SafeLoader)["s"]
    assert found.data["s"] == expected
    first = expected["id"] == "first"
    assert found.position("s", "id") == (Position(2, 8) if first else Position(3, 8))
    assert found.position("s", "role") == Position(3, 20)


def test_a_merged_number_keeps_its_text() -> None:
    found = _read("base: &b {id: 007}\nsource:\n  <<: *b\n  title: t\n")
    assert isinstance(found, FrontMatter)
    assert found.numbers_as_written[("source", "id")] == "007"


def test_a_key_written_twice_beside_a_merge_is_still_repeated() -> None:
    assert _errors("base: &b {role: primary}\ns:\n  <<: *b\n  id: a\n  id: b\n") == [
        ("key 'id' is repeated; YAML would silently keep only the last one", Position(6, 3))
    ]


@pytest.mark.parametrize(
    ("text", "position"),
    [("sources:\n\t- id: a\n", Position(3, 1)), ("s:\n  a: 1\n\tb: 2\n", Position(4, 1))],
)
def test_a_tab_is_named_as_a_tab(text: str, position: Position) -> None:
    assert _errors(text) == [
        (
            "front-matter is not valid YAML: a tab where YAML expects spaces: "
            "indent with spaces, not a tab",
            position,
        )
    ]
