"""An entry as the site publishes it: the checked entry and the address of its page."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model import Entry


@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """A published (non-draft) entry and the site-relative URL of its page.

    ``url`` is relative to the site root, without a leading slash, as MkDocs writes
    it: ``"entries/2016/foo/"``.
    """

    entry: Entry
    url: str
