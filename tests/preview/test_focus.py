import os
from pathlib import Path

import pytest

from build_tools.preview.focus import FOCUS_VARIABLE, focus_value, focused, focused_view


def _docs(root: Path) -> Path:
    docs = root / "content"
    for name in ("entries/2016/a.md", "entries/2016/b.md", "entries/2017/c.md", "index.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "site.css").write_text("a {}\n", encoding="utf-8")
    (docs / ".authors.yml").write_text("authors: {}\n", encoding="utf-8")
    return docs


def test_the_view_holds_the_named_entries_and_every_other_file(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    view = focused_view(docs, "entries", ["entries/2016/b.md"], tmp_path / "view")
    # Walked as MkDocs walks the docs folder, following links.
    listed = sorted(
        (Path(folder) / name).relative_to(view).as_posix()
        for folder, _, names in os.walk(view, followlinks=True)
        for name in names
    )
    assert listed == [".authors.yml", "assets/site.css", "entries/2016/b.md", "index.md"]
    # An edit through the view is an edit of the real file, and the real files stay whole.
    (view / "entries" / "2016" / "b.md").write_text("# edited\n", encoding="utf-8")
    assert (docs / "entries" / "2016" / "b.md").read_text(encoding="utf-8") == "# edited\n"
    assert (docs / "entries" / "2017" / "c.md").is_file()


def test_the_focus_travels_as_a_json_list_and_a_bad_one_is_refused() -> None:
    value = focus_value(["entries/2016/b.md", "entries/2016/a.md", "entries/2016/b.md"])
    assert value == '["entries/2016/a.md", "entries/2016/b.md"]'
    assert focused({FOCUS_VARIABLE: value}) == {"entries/2016/a.md", "entries/2016/b.md"}
    assert focused({}) is None
    with pytest.raises(ValueError, match="must be a JSON list of paths"):
        focused({FOCUS_VARIABLE: '{"a": 1}'})
