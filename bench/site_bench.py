"""The reader's site at scale: build time, search index size, page sizes, time to first result.

Builds the benchmark corpus (bench/corpus.py) with the real mkdocs.yml, serves it on
127.0.0.1 and searches it in Debian's Chromium. Run with the project's virtualenv:

    .venv/bin/python -m bench.site_bench 2000 10000
"""

from __future__ import annotations

import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import lxml.html
from playwright.sync_api import sync_playwright

from bench.corpus import write_corpus
from build_tools.site.pagefind import BUNDLE_DIR, index_site, search_page_markdown
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve
from tests.site.building import site_config_text

REPO = Path(__file__).resolve().parent.parent
QUERY = "filtration"


def prepare(root: Path, entries: int, seed: int = 1) -> Path:
    """Write the corpus with the real site's pages; return the mkdocs.yml to build."""
    docs, site = root / "content", root / "site"
    write_corpus(docs, entries, seed=seed)
    for name in ("index.md", "guide.md"):
        shutil.copy(REPO / "content" / name, docs / name)
    shutil.copytree(REPO / "content" / "assets", docs / "assets", dirs_exist_ok=True)
    config = root / "mkdocs.yml"
    config.write_text(site_config_text(docs, site), encoding="utf-8")
    return config


def outside_article(path: Path) -> int:
    tree = lxml.html.fromstring(path.read_bytes())
    article = tree.cssselect("article.md-content__inner")[0]
    return path.stat().st_size - len(lxml.html.tostring(article, encoding="utf-8"))


def first_result(url: str, box: str, result: str, query: str) -> tuple[float, int, int]:
    """Open ``url`` and search for ``query`` at once, as a reader who came to search does.

    Returns the seconds from opening the page to the first result shown, the number of
    results shown, and the bytes the page fetched in all (Material's search downloads its
    whole index as the page loads; Pagefind fetches pieces as the query needs them).
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        fetched: list[int] = []
        page.on("requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]))
        started = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        field = page.locator(box)
        field.click()
        field.fill(query[:-1])
        field.press(query[-1])
        page.locator(result).first.wait_for(timeout=120_000)
        seconds = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        count = page.locator(result).count()
        browser.close()
    return seconds, count, sum(fetched)


def pagefind_page(site: Path) -> str:
    """A bare page with Pagefind's interface, as the site's search page has it."""
    body = search_page_markdown().split("# Search\n\n", 1)[1].replace("../pagefind/", "pagefind/")
    path = site / "pagefind-bench.html"
    path.write_text(f"<!doctype html><html lang=en><title>Search</title>{body}", encoding="utf-8")
    return path.name


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(entries: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"site-bench-{entries}-") as tmp:
        root = Path(tmp)
        config = prepare(root, entries)
        env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
            check=True,
            env=env,
            cwd=REPO,
        )
        build = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time is what to compare between sizes: wall time moves with the machine's load.
        cpu = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("ru_utime", "ru_stime"))
        site = root / "site"
        index = (site / "search" / "search_index.json").read_bytes()
        entry_pages = sorted((site / "entries").rglob("index.html"))
        largest = max(entry_pages, key=outside_article)
        claims = (site / "claims.json").stat().st_size / 1e6
        sources = (site / "sources.json").stat().st_size / 1e6
        largest_page = max(p.stat().st_size for p in site.rglob("*.html"))
        with serve(site) as url:
            material = first_result(url, "input.md-search__input", ".md-search-result__item", QUERY)
        started = time.perf_counter()
        index_site(site)
        indexing = time.perf_counter() - started
        with serve(site) as url:
            pagefind = first_result(
                url + pagefind_page(site),
                ".pagefind-ui__search-input",
                ".pagefind-ui__result",
                QUERY,
            )
        rows = [
            ("build wall time", f"{build:.1f} s"),
            ("build CPU time", f"{cpu:.1f} s ({cpu / entries * 1000:.1f} ms/entry)"),
            ("home page", f"{(site / 'index.html').stat().st_size / 1e3:.1f} KB"),
            ("largest entry page, outside text", f"{outside_article(largest) / 1e3:.1f} KB"),
            ("largest page of the site", f"{largest_page / 1e3:.1f} KB"),
            ("claims.json, sources.json", f"{claims:.1f} MB, {sources:.1f} MB"),
            ("Material index raw", f"{len(index) / 1e6:.2f} MB"),
            ("Material index per entry", f"{len(index) / entries:.0f} B"),
            ("Material index gzipped", f"{len(gzip.compress(index, 6)) / 1e6:.2f} MB"),
            (
                f"Material: open, search {QUERY!r}",
                f"{material[0]:.2f} s ({material[1]} shown, {material[2] / 1e6:.2f} MB fetched)",
            ),
            ("Pagefind indexing", f"{indexing:.1f} s"),
            ("Pagefind bundle on disk", f"{tree_size(site / BUNDLE_DIR) / 1e6:.2f} MB"),
            (
                f"Pagefind: open, search {QUERY!r}",
                f"{pagefind[0]:.2f} s ({pagefind[1]} shown, {pagefind[2] / 1e6:.2f} MB fetched)",
            ),
        ]
        print(f"entries: {entries}")
        for label, value in rows:
            print(f"  {label:<36} {value}")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [2000, 10000]
    for entries in sizes:
        measure(entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
