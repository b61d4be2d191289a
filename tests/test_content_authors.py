"""Reading .authors.yml: the ids the checker accepts and the names readers see."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.content import Authors, clean_name, load_authors, read_authors
from build_tools.errors import FatalError


def test_authors_map_ids_to_names_and_fall_back_to_the_id(tmp_path: Path) -> None:
    (tmp_path / ".authors.yml").write_text(
        "authors:\n  desk:\n    name: Night desk\n  ana:\n    description: no name\n  7: {}\n",
        encoding="utf-8",
    )
    assert read_authors(tmp_path) == {"desk": "Night desk", "ana": "ana", "7": "7"}


def test_no_authors_file_means_no_author_list(tmp_path: Path) -> None:
    assert read_authors(tmp_path) is None
    assert read_authors(None) is None


def test_authors_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / ".authors.yml").write_text("authors: [desk]\n", encoding="utf-8")
    with pytest.raises(FatalError, match=r"expected a mapping 'authors:' of author ids$"):
        read_authors(tmp_path)


def _authors(tmp_path: Path, text: str) -> Authors:
    (tmp_path / ".authors.yml").write_text(text, encoding="utf-8")
    found = load_authors(tmp_path, shown="content/.authors.yml")
    assert found is not None
    return found


def test_a_bidirectional_override_in_a_name_is_a_warning_at_its_place(tmp_path: Path) -> None:
    found = _authors(tmp_path, 'authors:\n  desk:\n    name: "Night \\u202edesk"\n')
    assert [d.format() for d in found.findings] == [
        "content/.authors.yml:3:5: warning ST061 author 'desk' 'name' holds U+202E "
        "(right-to-left override), which shows as nothing or changes the order the name is "
        "shown in: delete it"
    ]
    assert found.names == {"desk": "Night desk"}


def test_an_invisible_character_in_a_name_is_removed_from_the_page(tmp_path: Path) -> None:
    found = _authors(tmp_path, 'authors:\n  ana: {name: "A\\u200bna\\x85 Lima"}\n')
    assert [(d.rule, d.position.line, d.position.column) for d in found.findings] == [
        ("ST061", 2, 9)
    ]
    assert "U+200B (zero width space)" in found.findings[0].message
    assert found.names == {"ana": "Ana Lima"}


def test_a_control_character_xml_forbids_is_an_error(tmp_path: Path) -> None:
    found = _authors(tmp_path, 'authors:\n  desk:\n    name: Desk\n    description: "a\\eb"\n')
    assert [d.format() for d in found.findings] == [
        "content/.authors.yml:4:5: error ST060 author 'desk' 'description' holds the control "
        "character U+001B, which XML 1.0 forbids: it would break the Atom feed for every "
        "subscriber; delete it"
    ]


def test_an_author_id_is_held_to_the_rules_of_names(tmp_path: Path) -> None:
    found = _authors(tmp_path, 'authors:\n  "de\\u2066sk": {name: Desk}\n')
    assert [(d.rule, d.position.line, d.position.column) for d in found.findings] == [
        ("ST061", 2, 3)
    ]
    assert found.findings[0].message.startswith("author 'de\\u2066sk' holds U+2066")


def test_a_description_may_hold_bidirectional_isolates(tmp_path: Path) -> None:
    found = _authors(
        tmp_path, 'authors:\n  desk: {name: Desk, description: "\\u2067عربي\\u2069"}\n'
    )
    assert found.findings == ()


def test_a_name_made_only_of_controls_shows_the_id(tmp_path: Path) -> None:
    found = _authors(tmp_path, 'authors:\n  desk: {name: "\\u202e\\u200b"}\n')
    assert found.names == {"desk": "desk"}


def test_zero_width_joiners_stay_in_names(tmp_path: Path) -> None:
    name = "Mehr\u200cnoosh"  # Persian names are spelt with the zero-width non-joiner
    found = _authors(tmp_path, f"authors:\n  m: {{name: {name}}}\n")
    assert (found.names, found.findings) == ({"m": name}, ())


def test_clean_name_leaves_plain_names_alone() -> None:
    assert clean_name("İzmir desk") == "İzmir desk"
    assert clean_name("The\x1b[2J desk\n") == "The[2J desk"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "authors:\n  desk: {name: A}\n  desk: {name: B}\n",
            "3:3: key 'desk' is repeated; YAML would silently keep only the last one",
        ),
        (
            "authors:\n  desk: {name: " + "1" * 5000 + "}\n",
            "2:16: the number 111111111111111… is too long to read (more than 4,300 digits): "
            "put it in quotes if it is text, or shorten it",
        ),
    ],
)
def test_an_authors_file_yaml_would_misread_is_refused_at_its_place(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / ".authors.yml").write_text(text, encoding="utf-8")
    shown = (tmp_path / ".authors.yml").as_posix()
    with pytest.raises(FatalError) as raised:
        read_authors(tmp_path)
    assert str(raised.value) == f"cannot read {shown}:{message}"


def test_the_check_prints_the_authors_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n")
    (tmp_path / "content" / "entries").mkdir(parents=True)
    (tmp_path / "content" / ".authors.yml").write_text(
        'authors:\n  desk:\n    name: "The \\u202edesk"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (
        "content/.authors.yml:3:5: warning ST061 author 'desk' 'name' holds U+202E "
        "(right-to-left override), which shows as nothing or changes the order the name is "
        "shown in: delete it\n"
    )
    assert captured.err == "0 entries checked: 0 errors, 1 warning\n"
    assert main(["check", "--strict"]) == 1
