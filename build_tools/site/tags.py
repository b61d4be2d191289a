"""Tag pages: one generated page per tag listing its entries, and an index of tags.

Each page's listing is written here as HTML, like the Sources pages, rather than by
Material's tags plugin: that plugin matches every listing against every page, so its
cost grows with entries times tags, and the number of tags grows with the digest.

A tag's address depends only on the tag itself (see :func:`tag_slug`), so a link to a
tag page keeps working whatever tags are added later.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from build_tools.render.entry_parts import sourcing_line
from build_tools.site.dates import shown_date
from build_tools.site.generated import GeneratedPage
from build_tools.site.markup import inline_text, name_key, short_hash, slug, titled
from build_tools.site.published import PublishedEntry

TAGS_DIR = "tags"
INDEX_PATH = f"{TAGS_DIR}/index.md"
TO_ROOT = "../../"  # from tags/<slug>/ back to the site root

# tags/index.md is the index of tags: no tag's page may take its place.
_RESERVED_SLUGS = frozenset({"index"})


def tag_key(tag: str) -> str:
    """Return what spellings of one tag share: ``Brexit`` and ``brexit`` are one tag."""
    return name_key(tag)


def tag_slug(tag: str) -> str:
    """Return the slug of ``tag``'s page (``tags/<slug>/``), from the tag alone.

    A tag written exactly as its slug (``courts``, ``court-cases``) has that slug. Any
    other tag (``Court cases``, ``C++``, ``"quoted" tag``) gets eight hex digits of a
    hash of its :func:`tag_key` after its slug, so it can never take the address of a
    tag that slugifies alike, whether that tag exists yet or not. A tag with no letter
    or digit is ``tag-`` and the hash.
    """
    key = tag_key(tag)
    base = slug(key)
    suffix = short_hash(key)
    if not base:
        return f"tag-{suffix}"
    # A slug shortened by slug() already ends with this same hash.
    if (base == key and base not in _RESERVED_SLUGS) or base.endswith(f"-{suffix}"):
        return base
    return f"{base}-{suffix}"


def tag_url(tag: str) -> str:
    """Site-relative URL of the page listing ``tag`` (``tags/courts/``)."""
    return f"{TAGS_DIR}/{tag_slug(tag)}/"


@dataclass(frozen=True, slots=True)
class TaggedEntry:
    """An entry as a tag page lists it: what the home page's card shows, as text."""

    url: str
    title: str
    date: dt.date | None
    summary: str
    sourcing: str


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag: the spelling shown, its page's slug and its entries, newest first."""

    name: str
    slug: str
    entries: tuple[TaggedEntry, ...]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _plural(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


@dataclass(frozen=True, slots=True)
class TagPages:
    """Every tag in use, by :func:`tag_key`, with the entries that carry it.

    ``language`` is the site's: the pages show dates in its long form.
    """

    tags: Mapping[str, Tag]
    language: str = "en"

    @property
    def slugs(self) -> dict[str, str]:
        """Each tag's slug, by the spelling shown."""
        return {tag.name: tag.slug for tag in self.tags.values()}

    @property
    def counts(self) -> dict[str, int]:
        """How many entries carry each tag, by the spelling shown."""
        return {tag.name: len(tag.entries) for tag in self.tags.values()}

    def url(self, tag: str) -> str:
        """Site-relative URL of the page listing ``tag``, in any of its spellings."""
        return tag_url(tag)

    def path(self, tag: str) -> str:
        """Path of the generated Markdown page for ``tag``, relative to the docs dir."""
        return f"{TAGS_DIR}/{tag_slug(tag)}.md"

    def generated_pages(self) -> dict[str, GeneratedPage]:
        """Return every generated page by path: the index and one page per tag."""
        pages = {INDEX_PATH: GeneratedPage(self.index_markdown())}
        for tag in self.tags.values():
            pages[f"{TAGS_DIR}/{tag.slug}.md"] = tag_page(tag, self.language)
        return pages

    def pages(self) -> dict[str, str]:
        """Return every generated page, path to Markdown: the index and one page per tag."""
        return {path: page.document for path, page in self.generated_pages().items()}

    def index_markdown(self) -> str:
        """Markdown of ``tags/index.md``: every tag, alphabetically, with its entry count."""
        lines = ["# Tags", ""]
        if not self.tags:
            lines.append("No entry has a tag yet.")
        for tag in sorted(self.tags.values(), key=lambda t: (t.name.casefold(), t.slug)):
            count = _plural(len(tag.entries))
            lines.append(f"- [{inline_text(tag.name)}]({tag.slug}.md) ({count})")
        return "\n".join(lines) + "\n"


def _listed(item: PublishedEntry) -> TaggedEntry:
    entry = item.entry
    return TaggedEntry(item.url, entry.title, entry.date, entry.summary, sourcing_line(entry))


def _newest_first(entry: TaggedEntry) -> tuple[str, str, str]:
    return (entry.date.isoformat() if entry.date else "", entry.title, entry.url)


def tag_pages(published: Sequence[PublishedEntry], language: str = "en") -> TagPages:
    """Collect the tags of ``published``, merging spellings that differ only in case.

    A merged tag is shown as most of its entries spell it; ties go to the spelling that
    sorts first (``Brexit`` before ``brexit``). The pages show dates in the long form of
    ``language``, the site's language.
    """
    entries: dict[str, list[TaggedEntry]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for item in published:
        listed: TaggedEntry | None = None
        seen: set[str] = set()
        for tag in item.entry.tags:
            key = tag_key(tag)
            if key in seen:
                continue
            seen.add(key)
            listed = listed or _listed(item)
            entries[key].append(listed)
            spellings[key][" ".join(tag.split())] += 1
    tags = {
        key: Tag(
            name=min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0],
            slug=tag_slug(key),
            entries=tuple(sorted(listed, key=_newest_first, reverse=True)),
        )
        for key, listed in entries.items()
    }
    return TagPages(MappingProxyType(tags), language)


def tag_page(tag: Tag, language: str = "en") -> GeneratedPage:
    """Return one tag's page: its title, and its entries newest first as HTML.

    Each entry shows its date (in the long form of ``language``), title, summary and
    sourcing line, as on the home page.
    The page is left out of Material's search, whose whole index every reader
    downloads: it would hold every entry's summary once per tag, and the tags index,
    which is searched, already leads to it.
    """
    heading = f"Entries tagged {tag.name}"
    markdown = titled(heading) + f"# {inline_text(heading)}\n"
    lines = ['<ul class="st-listing">']
    for entry in tag.entries:
        day = entry.date
        when = (
            f'<time datetime="{day.isoformat()}">{shown_date(day, language)}</time> ' if day else ""
        )
        lines += [
            '<li class="st-listing__entry">',
            f'<p>{when}<a href="{_e(TO_ROOT + entry.url)}">{_e(entry.title)}</a></p>',
            f'<p class="st-listing__summary">{_e(entry.summary)}</p>',
            f'<p class="st-listing__sourcing">{_e(entry.sourcing)}</p>',
            "</li>",
        ]
    lines.append("</ul>")
    return GeneratedPage(markdown, "\n".join(lines) + "\n", searchable=False)
