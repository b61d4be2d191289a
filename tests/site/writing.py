"""Write small entries for a site built in a test: the fixture entries' shape, with the
values a test needs (a publisher, tags, a date) and one cited sentence."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path


def entry_text(
    title: str,
    day: dt.date,
    *,
    tags: tuple[str, ...] = (),
    publisher: str = "Vellmar Port Authority",
    url: str | None = None,
    summary: str = "What happened, in one line.",
) -> str:
    """One valid entry citing one primary source; strings are written as JSON (valid YAML)."""
    address = url or f"https://example.org/{hashlib.sha1(title.encode()).hexdigest()[:12]}"
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"date: {day.isoformat()}",
        f"summary: {json.dumps(summary)}",
        f"tags: {json.dumps(list(tags))}",
        "authors: [desk]",
        "sources:",
        "  - id: order",
        "    title: Closure order",
        f"    publisher: {json.dumps(publisher)}",
        "    role: primary",
        "    type: statement",
        f"    url: {json.dumps(address)}",
        f"    archive_url: {json.dumps(address.replace('example.org', 'archive.example.org'))}",
        f"    published: {day.isoformat()}",
        "---",
        "",
        "The port authority closed the harbour of Vellmar to all traffic [@order, p. 2].",
        "",
    ]
    return "\n".join(lines)


def write_entry(entries: Path, slug: str, text: str) -> None:
    """Write ``text`` (see :func:`entry_text`) as ``entries/<year>/<slug>.md``."""
    year = text.split("\ndate: ", 1)[1][:4]
    path = entries / year / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_series(entries: Path, count: int) -> None:
    """Write ``count`` entries, one a day from 1 March 2016, titled ``Entry 1`` onwards."""
    for n in range(1, count + 1):
        day = dt.date(2016, 3, 1) + dt.timedelta(n)
        write_entry(entries, f"entry-{n:03d}", entry_text(f"Entry {n}", day))
