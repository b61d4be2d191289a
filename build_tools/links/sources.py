"""The web addresses the entries rely on: each source's ``url`` and ``archive_url``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from build_tools.content import Digest
from build_tools.links.external import WEB_SCHEMES
from build_tools.model import Position

LINK_FIELDS = ("url", "archive_url")


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One address written in an entry's front-matter, with where it is written.

    Attributes:
        path: the entry file, as diagnostics show it.
        source_id: the id of the source the address belongs to.
        field: ``url`` or ``archive_url``.
        url: the address.
        position: where the field is written in the file.
        archive_url: the source's ``archive_url`` (for a ``url``: the way out if it dies).

    """

    path: str
    source_id: str
    field: str
    url: str
    position: Position
    archive_url: str | None


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) address with a host (others are ST004's concern)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def source_links(digest: Digest) -> list[SourceLink]:
    """Every web address in the digest's sources, in file order.

    Entries that could not be read are skipped: ``sourcetrace check`` reports them.
    """
    links: list[SourceLink] = []
    for checked in digest.files:
        entry = checked.entry
        if entry is None:
            continue
        for source in entry.sources:
            for field in LINK_FIELDS:
                url = source.url if field == "url" else source.archive_url
                if url is None or not is_web_address(url):
                    continue
                links.append(
                    SourceLink(
                        path=checked.path,
                        source_id=source.id,
                        field=field,
                        url=url,
                        position=source.position_of(field),
                        archive_url=source.archive_url,
                    )
                )
    return links
