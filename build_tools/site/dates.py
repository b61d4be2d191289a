"""Dates as readers see them: one wording on entry pages, listings, tags and Sources pages.

Machines get ISO 8601 (``<time datetime>``, feeds, JSON-LD); readers get the long form
of the site's language, the form Material's blog listings used ("June 10, 2024",
"10. Juni 2024"), so one day never reads two ways on one site.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@functools.lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


# A digest shows the same few thousand days again and again (entry pages, listings, tag
# and Sources pages), and Babel takes tens of microseconds to format one.
@functools.lru_cache(maxsize=8192)
def shown_date(day: dt.date, language: str = "en") -> str:
    """``day`` in the long form of ``language`` (BCP 47; English where Babel has no data)."""
    return format_date(day, format="long", locale=_locale(language))
