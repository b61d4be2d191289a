"""The rules that read a whole entry: citations, claims, sources and markup (ST010 on).

Each rule is one small function from an entry to its findings, registered in
``ENTRY_RULES`` under its id; texts and severities live in ``registry``. The
rules about links and raw HTML (ST050 to ST052) live in ``markup``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from urllib.parse import urlsplit

from build_tools.fields import SOURCE_FIELDS, SOURCE_ID_RE, misspelt_fields
from build_tools.links.addresses import non_public_reason
from build_tools.model import Claim, Entry, MalformedCitation, Position, Role, Source
from build_tools.rules import markup, placeholders
from build_tools.rules.hedges import Hedges
from build_tools.rules.wording import cite_one_of, did_you_mean, listed, nearest
from build_tools.sourcing import reaches_primary

Finding = tuple[Position, str]
EntryRule = Callable[[Entry], Iterator[Finding]]

ENTRY_RULES: dict[str, EntryRule] = {}
# The hedge phrases in force for the entry being checked (the site's list for its
# language); None outside a check, where the language's default list is used.
HEDGES: ContextVar[Hedges | None] = ContextVar("hedges", default=None)
QUOTE_CHARS = 60


def entry_rule(rule_id: str) -> Callable[[EntryRule], EntryRule]:
    """Register a function as the implementation of ``rule_id``."""

    def register(function: EntryRule) -> EntryRule:
        ENTRY_RULES[rule_id] = function
        return function

    return register


def quoted(claim: Claim) -> str:
    """The start of a claim, quoted for a message."""
    text = claim.text
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return '"' + text.replace('"', "'") + '"'


def known_ids(entry: Entry) -> str:
    """The entry's source ids, as a message lists them (at most eight, then a count)."""
    return listed([s.id for s in entry.sources])


@entry_rule("ST010")
def unknown_source(entry: Entry) -> Iterator[Finding]:
    """A citation names an id the entry does not list.

    With no source read at all, the front-matter's finding (no 'sources', or none
    readable) is the mistake: every citation would be unknown because of it.
    """
    ids = [s.id for s in entry.sources]
    for citation in entry.body.citations if ids else ():
        for reference in citation.references:
            if entry.source(reference.source_id) is None:
                hint = did_you_mean(reference.source_id, ids)
                yield (
                    reference.position,
                    f"unknown source '@{reference.source_id}': "
                    f"{hint + ' ' if hint else ''}{cite_one_of(ids)}",
                )
    for source in entry.sources:
        others = [i for i in ids if i != source.id]
        for via_id in source.via:
            if via_id == source.id:
                instead = f" or replace it with one of: {listed(others)}" if others else ""
                yield (
                    source.position_of_via(via_id),
                    f"source '{source.id}' names itself in via: via lists the other sources "
                    f"it relies on (its chain), and a source cannot rest on itself; remove "
                    f"'{via_id}' from via{instead}",
                )
            elif entry.source(via_id) is None:
                hint = did_you_mean(via_id, others)
                yield (
                    source.position_of_via(via_id),
                    f"source '{source.id}' is via '{via_id}', which is not another listed "
                    f"source: {hint + ' ' if hint else ''}use one of: {listed(others)}",
                )
    # A loop (a via b, b via a) is the same mistake as a source via itself, once per loop.
    looped: set[str] = set()
    for source in entry.sources:
        loop = [] if source.id in looped else _loop_through(source, entry)
        if loop:
            looped.update(loop)
            yield (
                source.position_of("via"),
                f"source '{source.id}' rests on itself through {listed(loop[1:-1])} "
                f"({' -> '.join(loop)}): a chain runs from a report back to what it "
                "relies on, and never returns; remove one of these via entries",
            )


def _loop_through(source: Source, entry: Entry) -> list[str]:
    """The ids from ``source`` back to itself through other sources' via, or [] if none."""
    came_from: dict[str, str] = {}
    pending = [source]
    while pending:
        current = pending.pop(0)
        for via_id in current.via:
            if via_id == source.id and current is not source:
                path = [current.id]
                while path[-1] != source.id:
                    path.append(came_from[path[-1]])
                return [*reversed(path), source.id]
            target = entry.source(via_id)
            if target is not None and target.id != source.id and target.id not in came_from:
                came_from[target.id] = current.id
                pending.append(target)
    return []


@entry_rule("ST011")
def malformed_citation(entry: Entry) -> Iterator[Finding]:
    """Text that opens like a citation but is not one."""
    if not entry.body.malformed:
        return
    left = placeholders.BodyPlaceholders(entry)
    ids = [s.id for s in entry.sources]
    for bad in _mistyped(entry):
        if left.in_citation_at(bad.position):
            continue  # [@<source-id>] left from the template: ST014's finding
        if bad.loose:
            yield (
                bad.position,
                (
                    f"malformed citation {bad.text!r} {bad.reason}: a citation opens with '@' "
                    f"right after '[' (write {_as_meant(bad, ids)})"
                ),
            )
            continue
        # Only for an id that cannot be one (capitals, spaces): where the id is well
        # formed, as in an unclosed [@court., the mistake is elsewhere.
        meant = [i for written, i in _meant_by(bad, ids) if not SOURCE_ID_RE.match(written)]
        hint = f"; did you mean {' and '.join(dict.fromkeys(meant))}?" if meant else ""
        yield bad.position, f"malformed citation {bad.text!r} {bad.reason}{hint}"


_WRITTEN_ID = re.compile(r"@\s*([^\s,;\]]+(?:\s+[^\s,;@\]]+)*)")


def _listed_as(written: str, ids: Sequence[str]) -> str | None:
    """The listed id ``written`` (an id as an editor typed it) stands for, if any."""
    if written in ids:
        return written
    folded = "-".join(written.lower().split())
    return folded if folded in ids else nearest(folded, ids)


def _as_meant(bad: MalformedCitation, ids: Sequence[str]) -> str:
    """A loose citation's suggested form, with each id put right ([see @Court] -> [@court])."""
    suggested = bad.suggested
    for written in bad.ids:
        meant = _listed_as(written, ids)
        if meant is not None and meant != written:
            suggested = re.sub(rf"@{re.escape(written)}(?![\w.:-]*\w)", f"@{meant}", suggested)
    return suggested


def _mistyped(entry: Entry) -> list[MalformedCitation]:
    """The malformed citations that are mistakes.

    A loose one (``[see @a]``) is one only if it names a listed source, or one close to
    it: ``[via @nytimes]`` is a handle.
    """
    ids = [s.id for s in entry.sources]
    return [
        bad
        for bad in entry.body.malformed
        if not bad.loose or any(_listed_as(i, ids) is not None for i in bad.ids)
    ]


def _meant_by(bad: MalformedCitation, ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The listed ids a malformed citation most likely means: (as written, the id).

    ``[@Judgment]`` means ``judgment``: an id written in capitals, or with a space
    or a letter wrong, that is close to a listed one.
    """
    for match in _WRITTEN_ID.finditer(bad.text):
        written = match.group(1)
        meant = None if written in ids else _listed_as(written, ids)
        if meant is not None:
            yield written, meant


# Where a citation stands, in the words of a message.
_PLACES = {
    "heading": "a heading",
    "table header": "a table's header row",
    "title": "an admonition's title",
    "definition term": "a definition term",
    "summary": "a collapsible block's title",
    "table caption": "a table caption",
    "caption": "a caption",
    "image description": "an image's description (its alt text)",
    "link title": "a link's or image's title",
}


@entry_rule("ST013")
def citation_in_a_label(entry: Entry) -> Iterator[Finding]:
    """A citation in a heading, header cell or title, where no claim is read."""
    for citation in entry.body.citations:
        if citation.context == "raw link":
            ids = "; ".join("@" + r.source_id for r in citation.references)
            yield (
                citation.position,
                f"citation [{ids}] stands inside a link written in raw HTML (<a>): its own "
                "link to the source would be a link in a link, which browsers break apart; "
                "put it after the link",
            )
            continue
        place = _PLACES.get(citation.context)
        if place is not None:
            ids = "; ".join("@" + r.source_id for r in citation.references)
            yield (
                citation.position,
                f"citation [{ids}] stands in {place}, where it supports no sentence: "
                "move it into the sentence that relies on the source",
            )


@entry_rule("ST053")
def non_public_address(entry: Entry) -> Iterator[Finding]:
    """A source url or archive_url that names a host off the public internet."""
    for source in entry.sources:
        for name in ("url", "archive_url"):
            address = getattr(source, name)
            reason = non_public_reason(address) if address else None
            if reason is not None:
                yield (
                    source.position_of(name),
                    f"source '{source.id}' {name} {address} names {reason}: the link check "
                    "will not fetch it, and readers cannot reach it",
                )


@entry_rule("ST012")
def uncited_source(entry: Entry) -> Iterator[Finding]:
    """A listed source that nothing cites (a via chain counts as use)."""
    used = {r.source_id for c in entry.body.citations for r in c.references}
    used.update(via for source in entry.sources for via in source.via if via != source.id)
    # A source meant by a misspelt citation or via is ST010's or ST011's finding, which
    # names it ("did you mean court?"): the misspelling is the mistake, not the source.
    used.update(_meant(entry))
    # One cited in the title or another field is ST013's finding, which says to move it.
    used.update(_cited_in_fields(entry))
    unused = [source for source in entry.sources if source.id not in used]
    if unused and placeholders.BodyPlaceholders(entry).in_a_citation():
        return  # [@<source-id>] left from the template: ST014's finding names the ids
    for source in unused:
        yield (
            source.position_of("id"),
            f"source '{source.id}' is never cited: cite it as [@{source.id}] or remove it",
        )


def _cited_in_fields(entry: Entry) -> Iterator[str]:
    """The ids cited in the front-matter's text, where no citation is read (ST013)."""
    texts = [entry.title, entry.summary, *entry.tags, *(c.text for c in entry.corrections)]
    texts.extend(text for s in entry.sources for text in (s.title, s.publisher, s.offline or ""))
    for text in texts:
        if "[@" in text:
            yield from (m.group(1) for m in _WRITTEN_ID.finditer(text))


def _meant(entry: Entry) -> Iterator[str]:
    """The listed ids that an unknown or malformed citation, or an unknown via, means."""
    ids = [s.id for s in entry.sources]
    for citation in entry.body.citations:
        for reference in citation.references:
            if entry.source(reference.source_id) is None:
                yield nearest(reference.source_id, ids) or ""
    for bad in _mistyped(entry):
        # [@Court], [@court,] and [see @court] name the source they were meant to cite.
        written = bad.ids if bad.loose else [m.group(1) for m in _WRITTEN_ID.finditer(bad.text)]
        yield from (_listed_as(i, ids) or "" for i in written)
    for claim in entry.body.claims:
        if claim.html_citation:  # [@court] in raw HTML: ST020 says it is never read
            yield from (m.group(1) for m in _WRITTEN_ID.finditer(claim.text) if m.group(1) in ids)
    for source in entry.sources:
        for via_id in source.via:
            if entry.source(via_id) is None:
                yield nearest(via_id, [i for i in ids if i != source.id]) or ""


def _meant_to_cite(entry: Entry, *, own: bool = False) -> set[int]:
    """The claims a malformed citation was meant to cover: ST011's finding, not ST020's.

    A citation covers its own sentence and the uncited ones before it in its block.
    The reading does not say which block a malformed citation stands in, so a
    paragraph as written stands for it: the claim the citation stands in, and the
    uncited claims before it with no blank line between. With ``own``, only the
    claim it stands in: a hedge needs a citation of its own (ST021).
    """
    malformed = [bad.position for bad in _mistyped(entry)]
    if not malformed:
        return set()
    lines = entry.body.text.split("\n")
    first = entry.body.first_line

    def joined(top: int, bottom: int) -> bool:
        """Whether file lines ``top`` to ``bottom`` are one run of non-blank lines."""
        last = min(bottom, first + len(lines) - 1)
        return all(lines[n - first].strip() for n in range(top, last + 1))

    claims = sorted(entry.body.claims, key=lambda c: c.position)
    starts = [c.position for c in claims]
    meant: set[int] = set()
    for position in malformed:
        at = bisect.bisect_right(starts, position) - 1
        if at < 0 or not joined(claims[at].position.line, position.line):
            continue
        if own:
            meant.add(claims[at].index)
            continue
        while at >= 0 and not claims[at].cited and joined(claims[at].position.line, position.line):
            meant.add(claims[at].index)
            at -= 1
    return meant


@entry_rule("ST020")
def uncited_claim(entry: Entry) -> Iterator[Finding]:
    """A sentence no citation covers.

    Two kinds of uncited claim are another rule's finding, which says more: a
    hedged one (ST021: cite who says so) and one a malformed citation was meant
    to cover (ST011: how to write it).
    """
    fix = cite_one_of([s.id for s in entry.sources])  # once per entry, not per claim
    hedges = HEDGES.get() or Hedges.for_language(entry.language)
    meant: set[int] | None = None
    left: placeholders.BodyPlaceholders | None = None
    for claim in entry.body.claims:
        if claim.cited or hedges.find(claim.prose or claim.text) is not None:
            continue
        if meant is None:
            meant = _meant_to_cite(entry)
        if claim.index in meant:
            continue
        if entry.body.html_tags:
            # A placeholder that reads as a block-level tag (<summary>) swallows the
            # paragraph after it, or cuts off the words before it: ST014's finding.
            left = placeholders.BodyPlaceholders(entry) if left is None else left
            if (claim.html_citation and left.opens_block_at(claim.position)) or left.cuts_short(
                claim.position, claim.text
            ):
                continue
        if claim.html_citation:
            yield (
                claim.position,
                (
                    f"uncited claim: {quoted(claim)} (its [@...] stands in raw HTML, which the "
                    "page shows as written and never reads as a citation: write this in Markdown)"
                ),
            )
        else:
            yield claim.position, f"uncited claim: {quoted(claim)} ({fix})"


@entry_rule("ST021")
def hedged_claim(entry: Entry) -> Iterator[Finding]:
    """A hedged attribution without a citation in the same sentence, or in the headline."""
    hedges = HEDGES.get() or Hedges.for_language(entry.language)
    # The title and summary are read first, in listings, feeds and search, and cannot
    # cite: a hedge there launders a report as surely as one in the body.
    # A correction is shown in the Corrections box and cannot cite either.
    headline = [(entry.position_of("title"), "title", entry.title)]
    headline.append((entry.position_of("summary"), "summary", entry.summary))
    headline.extend((c.position, "correction", c.text) for c in entry.corrections)
    for position, name, text in headline:
        hedge = hedges.find(text)
        if hedge is not None:
            yield (
                position,
                f"hedged {name} ('{hedge}'): a {name} cannot cite, so name who says so "
                "('the Gazette reports…') or state it plainly",
            )
    meant: set[int] | None = None
    for claim in entry.body.claims:
        if claim.citations and claim.unreached:
            hedge = hedges.find(claim.unreached)
            if hedge is not None:
                last = claim.unreached.rsplit(maxsplit=1)[-1]
                yield (
                    claim.position,
                    f"hedged claim ('{hedge}') has no citation of its own: "
                    f'"{claim.unreached}" (a sentence may end at {last!r}, and the citation '
                    "stands after it: cite who says so before it)",
                )
                continue
        if claim.citations or (claim.lead_in and claim.support):
            continue  # cited in the sentence itself (or the list it leads into): it says who
        hedge = hedges.find(claim.prose or claim.text)
        if hedge is not None:
            if meant is None:
                meant = _meant_to_cite(entry, own=True)
            if claim.index in meant:
                continue  # its citation is malformed: ST011 says how to write it

            yield (
                claim.position,
                f"hedged claim ('{hedge}') has no citation of its own: {quoted(claim)} "
                "(cite who says so in this sentence, or state it plainly with a source)",
            )


@entry_rule("ST022")
def untraced_claim(entry: Entry) -> Iterator[Finding]:
    """A claim resting only on secondary sources that lead to no primary one."""
    by_id = {source.id: source for source in entry.sources}
    # Whether each source reaches a primary one, worked out once per entry, not per claim.
    traced = {source.id: reaches_primary(source, entry) for source in entry.sources}
    # A via naming an unlisted source, or the source itself, is ST010's finding: where
    # the chain leads is unknown until it is corrected, not known to stop short.
    # So is a via written but not readable as a list of ids (ST003's finding).
    broken = {
        source.id: any(v == source.id or v not in by_id for v in source.via)
        or (not source.via and _written(source, "via"))
        for source in entry.sources
    }
    for claim in entry.body.claims:
        cited = [r.source_id for c in claim.support for r in c.references]
        listed = [by_id[i] for i in cited if i in by_id]
        if not listed or any(traced[s.id] or broken[s.id] for s in listed):
            continue
        if all(s.role is Role.SECONDARY for s in listed):
            ids = ", ".join(dict.fromkeys(s.id for s in listed))
            yield (
                claim.position,
                f"claim rests only on secondary sources ({ids}) with no via chain to a primary "
                f"source: {quoted(claim)} (add via: [primary-id] to the source, or cite the "
                "primary source)",
            )


def _written(source: Source, name: str) -> bool:
    """Whether the source writes field ``name``, if need be under a misspelt name."""
    written = source.field_positions
    return name in written or name in misspelt_fields(written, SOURCE_FIELDS).values()


@entry_rule("ST030")
def unarchived_source(entry: Entry) -> Iterator[Finding]:
    """An online source with no archived copy."""
    for source in entry.sources:
        # An archive_url that is written but invalid is ST004's finding, and one written
        # under a misspelt name is ST005's ("did you mean 'archive_url'?"): not a missing one.
        written = _written(source, "archive_url")
        if source.url and not written and not source.offline:
            yield (
                source.position_of("url"),
                f"source '{source.id}' has a url but no archive_url: links rot; add an "
                "archived copy (or an offline: reason)",
            )
        elif source.url and source.archive_url and _same_address(source.url, source.archive_url):
            yield (
                source.position_of("archive_url"),
                f"source '{source.id}' archive_url is its url again, not an archived copy: "
                "links rot; give the address of a copy kept by an archive",
            )


def _same_address(one: str, other: str) -> bool:
    """Whether two addresses name the same page: case of scheme and host, a final '/'."""

    def normal(url: str) -> str:
        parts = urlsplit(url.strip())
        path = parts.path.rstrip("/")
        return f"{parts.netloc.lower()}{path}?{parts.query}"

    return normal(one) == normal(other)


@entry_rule("ST031")
def unfollowable_source(entry: Entry) -> Iterator[Finding]:
    """A source readers cannot follow and whose gap is not explained."""
    for source in entry.sources:
        written = any(_written(source, name) for name in ("url", "archive_url", "offline"))
        if not written and not source.offline:
            yield (
                source.position_of("id"),
                f"source '{source.id}' has no url, no archive_url and no offline reason: "
                "readers cannot follow it; add a url, or say why with offline:",
            )


entry_rule("ST014")(placeholders.unfilled_placeholder)
entry_rule("ST050")(markup.unsafe_link)
entry_rule("ST051")(markup.unsafe_html)
entry_rule("ST068")(markup.unknown_element)
entry_rule("ST069")(markup.stray_attributes)
entry_rule("ST052")(markup.remote_load)


@entry_rule("ST066")
def dates_out_of_order(entry: Entry) -> Iterator[Finding]:
    """Dates that cannot follow each other: updated before published, and the like."""
    if entry.date is not None and entry.updated is not None and entry.updated < entry.date:
        yield (
            entry.position_of("updated"),
            f"entry 'updated' ({entry.updated.isoformat()}) is before its 'date' "
            f"({entry.date.isoformat()}): an entry is updated after it is published; "
            "correct one of them",
        )
    if entry.date is not None:
        for correction in entry.corrections:
            if correction.date is not None and correction.date < entry.date:
                yield (
                    correction.position,
                    f"a correction is dated {correction.date.isoformat()}, before the "
                    f"entry's 'date' ({entry.date.isoformat()}): a correction follows what "
                    "it corrects; correct its date",
                )
    for source in entry.sources:
        published, accessed = source.published, source.accessed
        if published is not None and accessed is not None and accessed < published:
            yield (
                source.position_of("accessed"),
                f"source '{source.id}' 'accessed' ({accessed.isoformat()}) is before its "
                f"'published' ({published.isoformat()}): nobody reads a source before it is "
                "published; correct one of them",
            )


# Controls other than tab, newline and carriage return, DEL and the C1 controls, and the
# noncharacters U+FFFE and U+FFFF: what XML forbids or shows as nothing (ST060, ST061 in
# the front-matter). NUL stops the file being read at all (ST000).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


# Overrides show the text after them in another order than it is written: "\u202e
# yldetroper" displays as "reportedly". Isolates and marks, which quotes in Arabic or
# Hebrew may need, are left alone.
_OVERRIDE = re.compile("[\u202d\u202e]")


@entry_rule("ST067")
def control_character_in_body(entry: Entry) -> Iterator[Finding]:
    """A control character in the body: published unseen in pages, data files and search."""
    text = entry.body.text
    override = _OVERRIDE.search(text)
    if override is not None:
        yield (
            _body_position(entry, override.start()),
            f"the body holds the bidirectional override U+{ord(override.group()):04X}, which "
            "shows the text after it in another order than it is written (a word such as "
            "'reportedly' can hide in it): delete it",
        )
    found = _CONTROL.search(text)
    if found is None:
        return
    position = _body_position(entry, found.start())
    code = ord(found.group())
    times = len(_CONTROL.findall(text))
    more = f" ({times:,} such characters in the body, the first here)" if times > 1 else ""
    yield (
        position,
        f"the body holds the control character U+{code:04X}{more}, which readers see as "
        "nothing or as a box and XML 1.0 forbids: delete it (it was pasted in unseen)",
    )


def _body_position(entry: Entry, at: int) -> Position:
    """The file position of offset ``at`` of the body."""
    text = entry.body.text
    line_start = text.rfind("\n", 0, at) + 1
    return Position(entry.body.first_line + text.count("\n", 0, at), at - line_start + 1)
