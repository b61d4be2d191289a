"""The preview's compiled templates: kept between rebuilds, compiled again once edited."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment

from build_tools.preview.templates import MemoryBytecodeCache


class CountingEnvironment(Environment):
    """A Jinja environment that counts the templates it compiles from source."""

    compiled = 0

    def compile(self, *args: Any, **kwargs: Any) -> Any:
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def _render(templates: dict[str, str], cache: MemoryBytecodeCache) -> str:
    # A new environment each time, as MkDocs makes one for every build of the preview.
    env = CountingEnvironment(loader=DictLoader(templates), bytecode_cache=cache)
    return env.get_template("page.html").render(title="Harbour")


def test_an_unchanged_template_is_compiled_once_and_an_edited_one_again() -> None:
    cache = MemoryBytecodeCache()
    templates = {"page.html": "<h1>{{ title }}</h1>"}
    CountingEnvironment.compiled = 0
    assert _render(templates, cache) == "<h1>Harbour</h1>"
    assert _render(templates, cache) == "<h1>Harbour</h1>"
    assert CountingEnvironment.compiled == 1
    templates["page.html"] = "<h2>{{ title }}</h2>"
    assert _render(templates, cache) == "<h2>Harbour</h2>"
    assert CountingEnvironment.compiled == 2
    cache.clear()
    assert _render(templates, cache) == "<h2>Harbour</h2>"
    assert CountingEnvironment.compiled == 3
