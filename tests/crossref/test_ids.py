"""The ids the check expects on a page are the ids the page's conversion gives it."""

from __future__ import annotations

import re

import markdown

from build_tools.check import CheckSettings, check_entry
from build_tools.crossref.ids import entry_page_ids, raw_html_ids, renderer_ids
from build_tools.parse.body import BodyReader
from build_tools.parse.entry import read_entry
from build_tools.render.extension import SourcetraceExtension
from tests.crossref.sites import entry

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list"]
BODY = """\
## The closure

The harbour closed on Monday [@order, p. 2]. Divers found a crack [@order; @gone].
{: #divers }

- The port reopened [@order].

<span id="quay"></span>The quay was repaired [@order].
"""
_ID = re.compile(r'\bid="([^"]*)"')


def test_the_ids_of_an_entry_page_are_those_the_renderer_and_the_body_write() -> None:
    raw = entry(BODY).encode("utf-8")
    parsed = read_entry("a.md", raw)
    assert parsed.entry is not None
    extension = SourcetraceExtension(standalone=False)
    md = markdown.Markdown(extensions=[extension, *EXTENSIONS])
    extension.set_entry(parsed.entry, parsed.body_first_line)
    html = md.convert(parsed.body_text)
    checked = check_entry("a.md", raw, settings=CheckSettings(BodyReader(EXTENSIONS)))
    assert checked.entry is not None
    rendered = set(_ID.findall(html))
    assert entry_page_ids(checked.entry) == rendered
    assert {"sources", "source-order", "cite-1-1", "cite-2-1", "the-closure"} <= rendered
    # A reference to a source the entry does not list gets no id: it is shown as missing.
    assert "cite-2-2" not in renderer_ids(checked.entry)


def test_raw_html_ids_are_read_as_mkdocs_reads_them() -> None:
    text = '<a name="old"></a> <p id="x">\n\n    <b id="in-code"></b>\n<img name="no">'
    assert raw_html_ids(text) == {"old", "x", "in-code"}
    assert raw_html_ids("No markup.") == frozenset()
