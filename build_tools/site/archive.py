"""The archive's index page: every month with entries, grouped by year, newest first.

Each month has its own listing (``archive/2016/02/``, see :mod:`build_tools.site.listings`);
the navigation links to this one page, not to a hundred months.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Sequence

from build_tools.site.published import PublishedEntry

DIR = "archive"
INDEX_PATH = f"{DIR}/index.md"


def month_page(year: int, month: int) -> str:
    """Path of the listing page of one month, relative to ``archive/`` (``2016/02.md``)."""
    return f"{year:04d}/{month:02d}.md"


def year_anchor(year: int) -> str:
    """The stable id of a year's heading on the archive index (``y2017``)."""
    return f"y{year:04d}"


def archive_index_markdown(published: Sequence[PublishedEntry]) -> str:
    """Return the Markdown of ``archive/index.md`` for ``published`` entries."""
    months = Counter((p.entry.date.year, p.entry.date.month) for p in published if p.entry.date)
    lines = ["# Archive", ""]
    if not months:
        lines.append("No entry has been published yet.")
    years = sorted({year for year, _ in months}, reverse=True)
    for year in years:
        total = sum(n for (y, _), n in months.items() if y == year)
        # An id of its own (attr_list): the default one would hold the count, and change.
        noun = "entry" if total == 1 else "entries"
        lines += ["", f"## {year} ({total} {noun}) {{#{year_anchor(year)}}}", ""]
        for month in sorted((m for y, m in months if y == year), reverse=True):
            count = months[year, month]
            noun = "entry" if count == 1 else "entries"
            lines.append(
                f"- [{calendar.month_name[month]} {year}]({month_page(year, month)}) "
                f"({count} {noun})"
            )
    return "\n".join(lines) + "\n"
