"""A synthetic, clearly fictional digest for benchmarks: same seed, same bytes.

Every entry is drafted once as lines of text and citation markers, then
written either with Pandoc citations (``[@id, p. 4]``, the real format) or with
Markdown footnotes (``[^3]``, the baseline a site without the plugin would
use). Both variants therefore carry exactly the same prose.

Entry ``i`` depends only on ``(seed, i)``, so a corpus of 2,000 entries starts
with the same 1,000 entries as a corpus of 1,000: the two sizes being compared
differ in count, not in content.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ENTRIES_DIR = "entries"
FIRST_DAY = dt.date(2016, 1, 1)
DAYS_SPREAD = 8 * 365  # entries are dated over eight years

PLACES = (
    "Vellmar",
    "Karsholt",
    "Drevenna",
    "Ostrelle",
    "Brannock",
    "Hollowmere",
    "Quarran",
    "Lindqvale",
    "Marrowby",
    "Serrent",
    "Ulvhaven",
    "Tessaly Cove",
)
GIVEN_NAMES = (
    "Ilse",
    "Tomas",
    "Odile",
    "Jonas",
    "Petra",
    "Anselm",
    "Greta",
    "Ruven",
    "Sabeth",
    "Corin",
    "Noor",
    "Halvard",
    "Mireille",
    "Bastien",
)
FAMILY_NAMES = (
    "Varga",
    "Oderholm",
    "Castellan",
    "Brightwater",
    "Moravec",
    "Quill",
    "Asterby",
    "Kessenich",
    "Dunmore",
    "Falkrath",
    "Overgaard",
    "Pellinor",
)
TAGS = (
    "courts",
    "harbours",
    "budgets",
    "elections",
    "water",
    "transport",
    "health",
    "schools",
    "environment",
    "housing",
)
AUTHORS = {
    "ana-relling": ("Ana Relling", "Courts and councils desk (fictional)"),
    "bo-tamsin": ("Bo Tamsin", "Harbours and transport desk (fictional)"),
    "cato-morven": ("Cato Morven", "Budgets and audits desk (fictional)"),
    "dita-salk": ("Dita Salk", "Environment desk (fictional)"),
    "eamon-fisk": ("Eamon Fisk", "Night editor (fictional)"),
}

# (kind of body, the source type, the word used in the source id and title)
PRIMARY_KINDS = (
    ("court", "court-record", "ruling", "Judgment in the matter of"),
    ("council", "transcript", "minutes", "Minutes of the council session on"),
    ("authority", "statement", "notice", "Public notice on"),
    ("auditor", "report", "audit", "Audit report on"),
    ("registry", "dataset", "figures", "Published figures on"),
)
BODIES = {
    "court": "the {place} district court",
    "council": "the {place} city council",
    "authority": "the port authority of {place}",
    "auditor": "the {place} audit office",
    "registry": "the {place} statistics registry",
}
PUBLISHERS = {
    "court": "{place} District Court",
    "council": "{place} City Council",
    "authority": "Port Authority of {place}",
    "auditor": "{place} Audit Office",
    "registry": "{place} Statistics Registry",
}
OUTLETS = (
    ("The {place} Ledger", "ledger", "article"),
    ("{place} Evening Post", "post", "article"),
    ("Coastline Radio", "coastline", "video"),
    ("The Northern Courier", "courier", "article"),
    ("{place} Weekly", "weekly", "article"),
    ("Harbourwatch", "harbourwatch", "social-post"),
)
SUBJECTS = (
    "ballast water in the outer harbour",
    "the ferry timetable to the islands",
    "the rebuilding of the north quay",
    "the sale of the old grain store",
    "repairs to the river embankment",
    "the school meals contract",
    "the winter road-salt budget",
    "a leak at the filtration plant",
    "the count of postal ballots",
    "rents in the harbour district",
)
LOCATORS = ("p. {n}", "para {n}", "section {n}", "at {n}:{m:02d}", "table {n}", "line {n}")
OFFLINE_REASONS = (
    "interview notes, not published",
    "court file inspected in person, not online",
    "letter to the newsroom, not published",
)
LANGUAGES = ("en", "en", "en", "en", "nl", "fr")


@dataclass(frozen=True, slots=True)
class Cite:
    """A citation group in a draft: ``(source id, locator or None)`` pairs."""

    refs: tuple[tuple[str, str | None], ...]


Segment = str | Cite
Line = tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class DraftSource:
    """A source as the generator invents it; written out as front-matter or a footnote."""

    id: str
    title: str
    publisher: str
    role: str
    type: str
    url: str | None
    archive_url: str | None
    published: dt.date
    accessed: dt.date
    language: str
    via: tuple[str, ...] = ()
    offline: str | None = None
    quote: str | None = None

    def front_matter(self) -> dict[str, object]:
        """The source as a front-matter mapping, optional fields only when set."""
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "role": self.role,
            "type": self.type,
        }
        optional: dict[str, object | None] = {
            "url": self.url,
            "archive_url": self.archive_url,
            "published": self.published,
            "accessed": self.accessed,
            "language": self.language,
            "quote": self.quote,
            "via": list(self.via) or None,
            "offline": self.offline,
        }
        data.update((key, value) for key, value in optional.items() if value is not None)
        return data

    def footnote(self) -> str:
        """The source in full, as its first footnote names it: publisher, title, link."""
        where = f"<{self.url}>" if self.url else f"({self.offline})"
        return f"{self.publisher}, *{self.title}*, {self.published.isoformat()}, {where}"

    def short_footnote(self) -> str:
        """The source as later footnotes name it once it has been given in full."""
        return f"{self.publisher}, {self.published.isoformat()}"


@dataclass(frozen=True, slots=True)
class DraftEntry:
    """One invented entry: front-matter values, sources, and body lines with citations."""

    slug: str
    title: str
    date: dt.date
    summary: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[DraftSource, ...]
    lines: tuple[Line, ...]
    updated: dt.date | None = None
    corrections: tuple[tuple[dt.date, str], ...] = field(default=())

    @property
    def relative_path(self) -> str:
        """Where the entry lives under the docs dir: ``entries/YYYY/<slug>.md``."""
        return f"{ENTRIES_DIR}/{self.date.year}/{self.slug}.md"


def _slug(text: str) -> str:
    return "-".join("".join(c for c in word if c.isalnum()) for word in text.lower().split())


class _Drafter:
    """Invents one entry from its own random stream."""

    def __init__(self, seed: int, index: int) -> None:
        # A string seed hashes the same on every run and every platform.
        self.rng = random.Random(f"sourcetrace-bench:{seed}:{index}")
        self.index = index
        rng = self.rng
        self.place = rng.choice(PLACES)
        self.other_place = rng.choice([p for p in PLACES if p != self.place])
        self.date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS_SPREAD))
        self.subject = rng.choice(SUBJECTS)
        self.people = self._people(3)
        self.sources = self._sources()
        self.primary = [s for s in self.sources if s.role == "primary"]
        self.secondary = [s for s in self.sources if s.role == "secondary"]
        self.uncited = [s.id for s in self.sources]
        self.deck: list[int] = []

    def _people(self, n: int) -> list[str]:
        given = self.rng.sample(GIVEN_NAMES, n)
        family = self.rng.sample(FAMILY_NAMES, n)
        return [f"{g} {f}" for g, f in zip(given, family, strict=True)]

    def _amount(self) -> str:
        return f"{self.rng.randrange(12, 990)},{self.rng.randrange(1000):03d} crowns"

    def _day(self, before: int) -> dt.date:
        return self.date - dt.timedelta(days=self.rng.randrange(before))

    def _web(self, path: str, published: dt.date) -> tuple[str, str]:
        url = f"https://example.org/{path}"
        stamp = published.strftime("%Y%m%d") + "120000"
        return url, f"https://archive.example.org/web/{stamp}/{url}"

    def _sources(self) -> list[DraftSource]:
        rng = self.rng
        count = rng.randint(3, 6)
        primaries = rng.randint(1, min(2, count - 1))
        place_slug = _slug(self.place)
        sources: list[DraftSource] = []
        taken: set[str] = set()

        def unique(base: str) -> str:
            candidate, n = base, 2
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            taken.add(candidate)
            return candidate

        for kind, type_, word, title in rng.sample(PRIMARY_KINDS, primaries):
            source_id = unique(f"{place_slug}-{word}")
            published = self._day(20)
            offline = rng.choice(OFFLINE_REASONS) if rng.random() < 0.12 else None
            quote = f"The matter of {self.subject} is settled."
            url, archive = self._web(f"{place_slug}/{word}/{self.index}", published)
            sources.append(
                DraftSource(
                    id=source_id,
                    title=f"{title} {self.subject}",
                    publisher=PUBLISHERS[kind].format(place=self.place),
                    role="primary",
                    type=type_,
                    url=None if offline else url,
                    archive_url=None if offline else archive,
                    published=published,
                    accessed=self.date,
                    language=rng.choice(LANGUAGES),
                    offline=offline,
                    quote=quote if rng.random() < 0.3 else None,
                )
            )
        for k in range(count - primaries):
            outlet, short, type_ = rng.choice(OUTLETS)
            published = self._day(10)
            source_id = unique(f"{short}-{published.strftime('%m%d')}")
            # Most reports rest on a primary record; some rest on an earlier report,
            # which makes a chain of two or three links.
            if k > 0 and rng.random() < 0.4:
                via: tuple[str, ...] = (sources[-1].id,)
            else:
                via = (rng.choice(sources[:primaries]).id,)
            url, archive = self._web(f"{short}/{published.isoformat()}/{self.index}-{k}", published)
            sources.append(
                DraftSource(
                    id=source_id,
                    title=f"What next for {self.subject} in {self.place}",
                    publisher=outlet.format(place=self.place),
                    role="secondary",
                    type=type_,
                    url=url,
                    archive_url=archive,
                    published=published,
                    accessed=self.date,
                    language="en",
                    via=via,
                )
            )
        return sources

    def cite(self, *, several: bool = False) -> Cite:
        """A citation group, preferring sources not yet cited so that every one is used."""
        rng = self.rng
        pool = self.uncited or [s.id for s in self.sources]
        first = pool.pop(0) if self.uncited else rng.choice(pool)
        ids = [first]
        if several and len(self.sources) > 1:
            ids.append(rng.choice([s.id for s in self.sources if s.id != first]))
        refs = []
        for source_id in ids:
            locator = None
            if rng.random() < 0.45:
                pattern = rng.choice(LOCATORS)
                locator = pattern.format(n=rng.randint(1, 40), m=rng.randint(0, 59))
            refs.append((source_id, locator))
        return Cite(tuple(refs))

    def sentence(self) -> str:
        """One plain declarative sentence of invented news, without a final full stop."""
        rng = self.rng
        body = BODIES[rng.choice(list(BODIES))].format(place=self.place)
        body_ = body[0].upper() + body[1:]
        person, other = rng.sample(self.people, 2)
        templates = (
            f"{body_} took up {self.subject} at a meeting in {self.place} on "
            f"{self._day(30):%d %B %Y}",
            f"{person} told the meeting that the cost had risen to {self._amount()}",
            f"The budget for {self.subject} was set at {self._amount()} for the coming year",
            f"{person} of {self.other_place} asked for the papers to be published in full",
            f"Work on {self.subject} stopped for {rng.randint(2, 19)} days in the spring",
            f"The contract went to a firm from {self.other_place} after {rng.randint(2, 7)} bids",
            f"{body_} voted {rng.randint(5, 11)} to {rng.randint(1, 4)} in favour",
            f"{person} and {other} signed the agreement on behalf of {self.place}",
            f"Inspectors visited {rng.randint(3, 40)} sites along the coast between "
            f"{self.place} and {self.other_place}",
            f"The first hearing on {self.subject} lasted {rng.randint(2, 9)} hours",
            f"Residents of {self.place} sent {rng.randint(40, 900)} written objections",
            f"A second report put the shortfall at {self._amount()}",
            f"{person} resigned from the committee in {self._day(60):%B}",
            f"The ferry company cut {rng.randint(2, 12)} sailings a week to {self.other_place}",
            f"{body_} published its decision {rng.randint(2, 14)} days later",
            f"The plan sets a deadline of {rng.randint(2026, 2031)} for the remaining work",
            f"{person} called the delay avoidable in a letter to {body}",
            f"The audit found {rng.randint(3, 30)} payments without a signed invoice",
        )
        # Deal the templates like cards so a paragraph rarely repeats itself.
        if not self.deck:
            self.deck = list(range(len(templates)))
            rng.shuffle(self.deck)
        return templates[self.deck.pop()]

    def paragraph(self, sentences: int) -> Line:
        """Sentences in one block, cited often, and always at the end of the block."""
        line: list[Segment] = []
        for n in range(sentences):
            if line:
                line.append(" ")
            line.append(self.sentence())
            if n == sentences - 1 or self.rng.random() < 0.4:
                line.append(self.cite(several=self.rng.random() < 0.2))
            line.append(".")
        return tuple(line)

    def lines(self) -> list[Line]:
        """The body: prose, a list, a block quote, sometimes a table and an analysis."""
        rng = self.rng
        out: list[Line] = []

        def block(*lines: Line) -> None:
            if out:
                out.append(())
            out.extend(lines)

        block(self.paragraph(3))
        block(self.paragraph(4))
        items = rng.randint(3, 5)
        block(
            (f"The decision sets out {items} measures", self.cite(), "."),
        )
        block(*(("- ", *self.paragraph(1)) for _ in range(items)))
        block(self.paragraph(rng.randint(3, 5)))
        speaker = rng.choice(self.people)
        block((f"{speaker} put the case for the plan in writing", self.cite(), "."))
        block(("> ", *self.paragraph(2)))
        if rng.random() < 0.4:
            block((f"The figures for {self.place} over three years are these", self.cite(), "."))
            rows: list[Line] = [("| Year | Spending | Projects |",), ("| --- | ---: | ---: |",)]
            for year in range(self.date.year - 3, self.date.year):
                spending, projects = self._amount(), rng.randint(2, 30)
                rows.append(
                    # Every body cell is a claim, the year included, so each cites.
                    (
                        "| ",
                        str(year),
                        self.cite(),
                        f" | {spending}",
                        self.cite(),
                        f" | {projects}",
                        self.cite(),
                        " |",
                    )
                )
            block(*rows)
        while _words(out) < 585:
            block(self.paragraph(rng.randint(3, 5)))
        if rng.random() < 0.35:
            block(
                ('!!! editorial "Analysis"',),
                (),
                (
                    f"    The decision leaves {self.subject} to the next council, and the cost "
                    f"may well grow again. Readers in {self.place} should watch the spring budget.",
                ),
            )
        return out

    def draft(self) -> DraftEntry:
        """Invent the whole entry."""
        rng = self.rng
        lines = tuple(self.lines())
        title = f"{self.place}: decision on {self.subject}"
        updated = self.date + dt.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.2 else None
        corrections: tuple[tuple[dt.date, str], ...] = ()
        if updated is not None and rng.random() < 0.5:
            corrections = ((updated, "An earlier version gave the wrong date for the vote."),)
        return DraftEntry(
            slug=f"{_slug(self.place)}-{_slug(self.subject)[:40].rstrip('-')}-{self.index:05d}",
            title=title,
            date=self.date,
            summary=f"What {self.place} decided on {self.subject}, and what it will cost.",
            authors=tuple(sorted(rng.sample(sorted(AUTHORS), rng.randint(1, 2)))),
            tags=tuple(sorted(rng.sample(TAGS, rng.randint(1, 3)))),
            sources=tuple(self.sources),
            lines=lines,
            updated=updated,
            corrections=corrections,
        )


def _words(lines: Sequence[Line]) -> int:
    return sum(len(seg.split()) for line in lines for seg in line if isinstance(seg, str))


def draft_entry(index: int, seed: int = 1) -> DraftEntry:
    """Invent entry number ``index`` of the corpus for ``seed``."""
    return _Drafter(seed, index).draft()


def pandoc_citation(cite: Cite) -> str:
    """``[@a; @b, p. 2]``, preceded by the space an editor would type."""
    refs = "; ".join(f"@{sid}, {loc}" if loc else f"@{sid}" for sid, loc in cite.refs)
    return f" [{refs}]"


def _render(lines: Sequence[Line], cite: Callable[[Cite], str]) -> str:
    return "\n".join("".join(s if isinstance(s, str) else cite(s) for s in line) for line in lines)


class _PlainDumper(yaml.SafeDumper):
    """Writes every value out in full: no ``&id001`` anchors for repeated dates."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _front_matter(data: dict[str, object]) -> str:
    text = yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n\n"


def _meta(entry: DraftEntry) -> dict[str, object]:
    data: dict[str, object] = {
        "title": entry.title,
        "date": entry.date,
        "summary": entry.summary,
    }
    if entry.updated is not None:
        data["updated"] = entry.updated
    data["authors"] = list(entry.authors)
    data["tags"] = list(entry.tags)
    if entry.corrections:
        data["corrections"] = [{"date": d, "text": t} for d, t in entry.corrections]
    return data


def render_with_citations(entry: DraftEntry) -> str:
    """The entry as editors write it: sources in front-matter, ``[@id]`` in the body."""
    meta = _meta(entry)
    meta["sources"] = [s.front_matter() for s in entry.sources]
    return _front_matter(meta) + _render(entry.lines, pandoc_citation) + "\n"


def render_with_footnotes(entry: DraftEntry) -> str:
    """The same entry with Markdown footnotes instead of citations and no sources list.

    Each citation group becomes one numbered footnote, in the order written;
    the first note naming a source gives it in full, later ones in short form.
    """
    by_id = {s.id: s for s in entry.sources}
    notes: list[str] = []
    named: set[str] = set()

    def footnote(cite: Cite) -> str:
        parts = []
        for source_id, locator in cite.refs:
            # Notes style: a source is given in full once, then in short form.
            source = by_id[source_id]
            text = source.short_footnote() if source_id in named else source.footnote()
            named.add(source_id)
            parts.append(f"{text}, {locator}" if locator else text)
        notes.append("; ".join(parts))
        return f"[^{len(notes)}]"

    body = _render(entry.lines, footnote)
    definitions = "\n".join(f"[^{n}]: {text}." for n, text in enumerate(notes, start=1))
    return _front_matter(_meta(entry)) + body + "\n\n" + definitions + "\n"


def _index_page(n: int, footnotes: bool) -> str:
    style = "Markdown footnotes" if footnotes else "citations checked by Sourcetrace"
    return (
        "# A fictional digest\n\n"
        f"This site holds {n} invented entries about invented places, written with {style}. "
        "It exists to measure build times; none of it is news.\n"
    )


AVATAR_PATH = "assets/avatar.svg"
# A plain grey disc: Material's blog plugin needs an avatar for every author.
_AVATAR = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<circle cx="16" cy="16" r="16" fill="#9e9e9e"/></svg>\n'
)


def _authors_file() -> str:
    authors = {
        key: {"name": name, "description": desc, "avatar": AVATAR_PATH}
        for key, (name, desc) in AUTHORS.items()
    }
    return yaml.safe_dump({"authors": authors}, sort_keys=False, allow_unicode=True)


def write_corpus(docs_dir: Path, n: int, seed: int = 1, *, footnotes: bool = False) -> None:
    """Write ``n`` fictional entries under ``docs_dir/entries/YYYY/``, plus index and authors.

    The authors get an avatar (``assets/avatar.svg``), as Material's blog plugin requires.

    Args:
        docs_dir: the MkDocs docs directory to fill (created if missing).
        n: how many entries to write.
        seed: the corpus seed; the same seed always gives the same bytes.
        footnotes: write Markdown footnotes instead of citations, with no ``sources`` list.
    """
    render = render_with_footnotes if footnotes else render_with_citations
    docs_dir.mkdir(parents=True, exist_ok=True)
    (docs_dir / "index.md").write_text(_index_page(n, footnotes), encoding="utf-8")
    (docs_dir / ".authors.yml").write_text(_authors_file(), encoding="utf-8")
    avatar = docs_dir / AVATAR_PATH
    if not avatar.exists():  # a digest's own avatar, copied in beforehand, is kept
        avatar.parent.mkdir(parents=True, exist_ok=True)
        avatar.write_text(_AVATAR, encoding="utf-8")
    for index in range(n):
        entry = draft_entry(index, seed)
        path = docs_dir / entry.relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(entry), encoding="utf-8")
