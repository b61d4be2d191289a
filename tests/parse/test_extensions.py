"""The site's extensions, loaded without Python-Markdown's entry-point scan, read the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from markdown import Markdown
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.toc import TocExtension

from build_tools.parse.extensions import ExtensionError, loaded, markdown_of
from build_tools.site_config import site_setup

REPO = Path(__file__).resolve().parents[2]
SAMPLE = """# The harbour {: #harbour }

!!! editorial "Analysis"
    The council has not said why.

| Year | Cost |
|------|------|
| 2020 | 5m   |

```text
code
```

The council met on Monday [@minutes].
"""


def test_names_become_the_extensions_they_name_with_their_options() -> None:
    extensions = loaded(
        ["toc", "markdown.extensions.admonition", "markdown.extensions.tables:TableExtension"],
        {"toc": {"permalink": "#"}},
    )
    toc, admonition, tables = extensions
    assert isinstance(toc, TocExtension) and toc.getConfig("permalink") == "#"
    assert isinstance(admonition, AdmonitionExtension)
    assert type(tables).__name__ == "TableExtension"


def test_a_name_that_cannot_be_loaded_is_left_to_python_markdown() -> None:
    given = ["no_such_extension_x", "markdown.extensions.toc:NoSuchClass"]
    assert loaded(given, {}) == given
    with pytest.raises(ImportError) as raised:
        Markdown(extensions=loaded(["no_such_extension_x"], {}))
    assert raised.value.args[0] == 'Failed loading extension "no_such_extension_x".'


def test_bad_options_fail_where_python_markdown_fails_on_them_and_say_which() -> None:
    with pytest.raises(KeyError, match="no_such_option"):
        Markdown(extensions=["toc"], extension_configs={"toc": {"no_such_option": 1}})
    with pytest.raises(ExtensionError) as raised:
        loaded(["toc"], {"toc": {"no_such_option": 1}})
    assert raised.value.name == "toc"
    assert isinstance(raised.value.__cause__, KeyError)
    assert str(raised.value) == (
        "'toc' cannot be used: it has no option 'no_such_option': check the option's spelling"
    )


def test_a_name_python_markdown_cannot_load_is_named_too() -> None:
    with pytest.raises(ExtensionError) as raised:
        markdown_of(["toc", "no_such_extension_x", "tables"], {})
    assert raised.value.name == "no_such_extension_x"
    assert isinstance(raised.value.__cause__, ImportError)
    assert markdown_of(["toc", "tables"], {}).convert("# A") == '<h1 id="a">A</h1>'


def test_the_sites_extensions_loaded_render_as_the_names_do() -> None:
    setup = site_setup((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    by_name = Markdown(extensions=list(setup.extensions), extension_configs=setup.configs)
    by_instance = Markdown(extensions=loaded(setup.extensions, setup.configs))
    assert by_instance.convert(SAMPLE) == by_name.convert(SAMPLE)
    assert 'class="admonition editorial"' in by_name.convert(SAMPLE)


def test_a_check_never_imports_importlib_metadata() -> None:
    # A fresh interpreter: this one has imported it long ago.
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from build_tools.content import load_digest\n"
        f"digest = load_digest([Path({str(REPO / 'content' / 'entries')!r})], "
        f"Path({str(REPO / 'mkdocs.yml')!r}))\n"
        "assert digest.files\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "False"
