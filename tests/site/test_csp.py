"""The Content-Security-Policy: which inline scripts it allows, where it goes, the _headers file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from build_tools.site import csp
from build_tools.site.csp import (
    PagePolicy,
    apply_policy,
    headers_text,
    page_policy,
    policy,
    script_hash,
    template_scripts,
    with_policy,
)
from tests.site.building import FIXTURE_ENTRIES, build_config, site_config_text, write_docs

SCOPE = (
    '__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_'
    ".charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t."
    'pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+'
    '"."+e,JSON.stringify(_))}catch(e){}}'
)
FIXED = (
    "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)


def test_policy_text() -> None:
    assert policy(PagePolicy(("sha256-abc",))) == (
        f"default-src 'none'; script-src 'self' 'sha256-abc'; {FIXED}"
    )
    assert policy(PagePolicy((), wasm=True), header=True) == (
        f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; {FIXED}; frame-ancestors 'none'"
    )


def test_script_hash_is_the_base64_sha256_of_the_text() -> None:
    # printf 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert script_hash("alert(1)") == "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="


def test_materials_inline_scripts_are_hashed_at_every_depth() -> None:
    for depth in (".", "..", "../../.."):
        text = SCOPE.replace('"../.."', f'"{depth}"')
        assert page_policy(f"<head><script>{text}</script>") == PagePolicy((script_hash(text),))


@pytest.mark.parametrize(
    "script",
    [
        "<script>alert(1)</script>",
        "<script type=text/javascript>window.hostile = 1</script>",
        "<script type=module>window.hostile = 1</script>",
        # Material's scope script with a root address that breaks out of its string.
        "<script>" + SCOPE.replace('"../.."', '"");window.hostile=1;("') + "</script>",
    ],
)
def test_a_script_the_templates_do_not_write_is_never_hashed(script: str) -> None:
    assert page_policy(f"<head></head><body>{script}</body>") == PagePolicy(())


def test_data_blocks_and_files_need_no_hash() -> None:
    html = (
        '<script type="application/ld+json">{"a": 1}</script>'
        '<script id="__config" type="application/json">{}</script>'
        '<script src="assets/bundle.js"></script>'
    )
    assert page_policy(html) == PagePolicy(())


def test_pagefind_pages_may_run_webassembly() -> None:
    assert page_policy('<script src="../pagefind/pagefind-ui.js"></script>').wasm
    assert not page_policy('<script src="https://evil.example/pagefind/pagefind-ui.js">').wasm


def test_template_scripts_read_every_inline_script_of_the_templates(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "a.html").write_text(
        '<script>var a = "{{ config.x | e }}";</script>\n'
        "<script>{% if x %}var b{% endif %}</script>\n"
        '<script type="application/json">{}</script>\n',
        encoding="utf-8",
    )
    (pattern,) = template_scripts([tmp_path])
    assert pattern.fullmatch('var a = "../..";')
    assert not pattern.fullmatch('var a = "";alert(1);"";')


def test_table_alignment_is_allowed_by_hash_and_nothing_else() -> None:
    html = (
        '<td style="text-align: left;">a</td><td style="text-align: right;">b</td>'
        '<td style="text-align: left;">c</td><p style="color: red">d</p>'
    )
    left, right = script_hash("text-align: left;"), script_hash("text-align: right;")
    # printf 'text-align: left;' | openssl dgst -sha256 -binary | base64
    assert left == "sha256-RVUzT5WQgKUiRfwfZ5/d8nxqNBcGWoYqAQp72N/cCqE="
    page = page_policy(html)
    assert page == PagePolicy((), styles=tuple(sorted((left, right))))
    assert f"style-src 'self' 'unsafe-hashes' '{page.styles[0]}' '{page.styles[1]}';" in (
        policy(page)
    )


def test_the_policy_goes_right_after_the_charset_and_replaces_an_earlier_one() -> None:
    page = '<!doctype html><html><head>\n<meta charset="utf-8">\n<title>t</title><script>'
    once = with_policy(page, PagePolicy(("sha256-a",)))
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(PagePolicy(("sha256-a",)))}">'
    )
    assert once == page.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n{meta}')
    assert with_policy(once, PagePolicy(("sha256-a",))) == once
    again = with_policy(once, PagePolicy(("sha256-b",)))
    assert again.count("Content-Security-Policy") == 1 and "sha256-b" in again


def test_without_a_charset_the_policy_follows_head() -> None:
    assert with_policy("<html><head><script>", PagePolicy(())).startswith(
        '<html><head>\n<meta http-equiv="Content-Security-Policy"'
    )


def test_headers_hold_the_union_of_every_pages_hashes() -> None:
    text = headers_text([PagePolicy(("sha256-b", "sha256-a")), PagePolicy(("sha256-c",), True)])
    assert text == (
        "/*\n  Content-Security-Policy: default-src 'none'; script-src 'self' 'sha256-a' "
        f"'sha256-b' 'sha256-c' 'wasm-unsafe-eval'; {FIXED}; frame-ancestors 'none'\n"
    )


def test_apply_policy_rewrites_pages_in_place(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    page = tmp_path / "a" / "index.html"
    page.write_text(f'<head><meta charset="utf-8"><script>{SCOPE}</script>', encoding="utf-8")
    apply_policy(tmp_path)
    assert script_hash(SCOPE) in page.read_text(encoding="utf-8")
    assert script_hash(SCOPE) in (tmp_path / "_headers").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["_headers", "a", "index.html"]


def test_pages_written_with_their_policy_are_not_read_again(tmp_path: Path) -> None:
    given = tmp_path / "given.html"
    written = f'<head><meta charset="utf-8"><script>{SCOPE}</script>'
    given.write_text(written, encoding="utf-8")  # as if the build had given it its policy
    copied = tmp_path / "copied.html"
    copied.write_text(f'<head><meta charset="utf-8"><script>{SCOPE}x</script>', "utf-8")
    apply_policy(tmp_path, {"given.html": PagePolicy(("sha256-given",))})
    assert given.read_text(encoding="utf-8") == written
    assert 'http-equiv="Content-Security-Policy"' in copied.read_text(encoding="utf-8")
    headers = (tmp_path / "_headers").read_text(encoding="utf-8")
    assert "'sha256-given'" in headers
    assert script_hash(SCOPE + "x") not in headers  # not the theme's script: never allowed


def _inline_scripts(document: lxml.html.HtmlElement) -> list[str]:
    return [
        s.text or ""
        for s in document.iter("script")
        if s.get("src") is None and s.get("type") in (None, "text/javascript", "module")
    ]


def test_every_built_page_allows_exactly_its_own_inline_scripts(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        document = lxml.html.fromstring(html)
        (meta,) = document.xpath('//meta[@http-equiv="Content-Security-Policy"]')
        assert meta.getparent().tag == "head"
        # First after the charset: before any script, style or link.
        assert meta.getprevious().get("charset") == "utf-8", path
        scripts = _inline_scripts(document)
        # Every page the theme renders has inline scripts; the pages that only send a
        # reader on (a year address of the Sources index) have none.
        assert bool(scripts) != bool(document.xpath('//meta[@http-equiv="refresh"]')), path
        allowed = re.findall(r"'(sha256-[^']+)'", meta.get("content"))
        assert allowed == list(dict.fromkeys(script_hash(s) for s in scripts)), path
        assert "unsafe-inline" not in meta.get("content")


def test_the_headers_file_allows_every_pages_scripts(site: Path) -> None:
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert headers.startswith(
        "/*\n  Content-Security-Policy: default-src 'none'; script-src 'self'"
    )
    assert headers.endswith("frame-ancestors 'none'\n")
    for path in site.rglob("*.html"):
        for script in _inline_scripts(lxml.html.fromstring(path.read_bytes())):
            assert f"'{script_hash(script)}'" in headers


def test_a_thousand_pages_applied_at_once_each_get_one_policy(tmp_path: Path, site: Path) -> None:
    # Pages are given their policy by a pool of threads: none is skipped or done twice.
    # (What it costs is measured by `python -m bench.phases`, not here.)
    entry = (site / "entries" / "2016" / "harbour-closes" / "index.html").read_text("utf-8")
    without = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", entry)
    assert without != entry
    for n in range(1000):
        (tmp_path / f"p{n}.html").write_text(without, encoding="utf-8")
    apply_policy(tmp_path)
    for n in range(1000):
        html = (tmp_path / f"p{n}.html").read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, n
    assert {p.name for p in tmp_path.iterdir()} == {
        csp.HEADERS_FILE,
        *(f"p{n}.html" for n in range(1000)),
    }


def test_an_html_file_copied_from_the_docs_folder_gets_a_policy_too(tmp_path: Path) -> None:
    entries = tmp_path / "entries"
    (entries / "2016").mkdir(parents=True)
    shutil.copy(FIXTURE_ENTRIES / "2016" / "harbour-closes.md", entries / "2016")
    docs_dir, site_dir = tmp_path / "content", tmp_path / "site"
    write_docs(docs_dir, entries)
    (docs_dir / "extra").mkdir()
    (docs_dir / "extra" / "raw.html").write_text(
        '<html><head><meta charset="utf-8"></head><body><script>alert(1)</script></body></html>',
        encoding="utf-8",
    )
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(site_config_text(docs_dir, site_dir), encoding="utf-8")
    build_config(config_file)
    for path in (
        site_dir / "extra" / "raw.html",
        site_dir / "404.html",
        *site_dir.glob("entries/*/*/index.html"),
    ):
        html = path.read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, path
    raw = (site_dir / "extra" / "raw.html").read_text(encoding="utf-8")
    assert script_hash("alert(1)") not in raw
    assert script_hash("alert(1)") not in (site_dir / "_headers").read_text(encoding="utf-8")
