"""Every rule: examples that break it, with the exact message and position, and one that keeps it.

``FAILING`` and ``PASSING`` are keyed by rule id; a test checks that every
entry rule in ``build_tools.rules.registry.RULES`` has both, so a new rule cannot
be added without them. The link rules (ST040, ST041) are reported by
``sourcetrace links`` and tested with it, under ``tests/links``.
"""

from __future__ import annotations

import pytest

from build_tools.check import check_entry
from build_tools.model import Position, Severity
from build_tools.rules.evidence_texts import EVIDENCE_RULES
from build_tools.rules.registry import ENTRY_RULE_IDS, RULES

EVIDENCE_IDS = frozenset(r.id for r in EVIDENCE_RULES)
# Judged against the whole digest rather than one entry (a relative link to another
# page): tests/crossref has its examples.
DIGEST_IDS = frozenset({"ST054"})
ONE_ENTRY_IDS = ENTRY_RULE_IDS - EVIDENCE_IDS - DIGEST_IDS

AUTHORS = frozenset({"desk"})

COURT = """\
  - id: court
    title: Hearing record
    publisher: Ankara court
    role: primary
    offline: court file, not published
"""
PAPER = """\
  - id: paper
    title: Court hears appeal
    publisher: Example Daily
    role: secondary
    url: https://example.org/appeal
    archive_url: https://archive.example.org/appeal
    via: [court]
"""
BODY = "The court heard the appeal [@court].\n"


def entry(*, front: str = "", sources: str = COURT, body: str = BODY) -> str:
    """An entry whose front-matter starts on line 2 and whose sources start on line 6.

    ``front`` lines go after ``summary`` (line 4), so they push the sources down.
    """
    return (
        "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
        f"{front}sources:\n{sources}---\n\n{body}"
    )


# Line numbers of the default entry() for reference.
BODY_LINE = 13  # the first body line when front="" and sources=COURT
ST022_TEXT = (
    "claim rests only on secondary sources ({ids}) with no via chain to a primary source: "
    "{quote} (add via: [primary-id] to the source, or cite the primary source)"
)
BAD_ID = (
    "malformed citation {text!r} has a bad source id {id!r}: ids are lowercase letters, "
    "digits, '.', '_' and '-', and a locator follows a comma ([@id, p. 4])"
)

Expected = list[tuple[int, int, str]]

PLACEHOLDER_TEXT = (
    "unfilled placeholder '{p}' from the entry template: write the text it stands for in its place"
)
PLACEHOLDER_CITED = (
    "unfilled placeholder '<source-id>' from the entry template in a citation: write the id "
    "of a listed source in its place (cite one of: {ids})"
)

ST050_TEXT = (
    "{what} points to a {scheme}: address: only http(s) addresses, relative paths, #fragments "
    "and mailto: are allowed"
)
SCRIPT_TEXT = (
    "runs code in every reader's browser: remove it (the site's scripts come from the theme, "
    "never from an entry)"
)
EMBED_TEXT = (
    "embeds another site's content, which can run code and sees who reads the entry: remove "
    "it and link to the page instead ([description](https://...))"
)
REMOTE_TEXT = (
    "{what} loads from another site ({host}), which sees every reader and can change what "
    "they are shown: save a copy under the docs folder and use a relative path, or link to "
    "it instead"
)
ST060_TEXT = (
    "{where} holds the {kind} U+{code}, which XML 1.0 forbids: it would break the Atom feed "
    "for every subscriber; delete it (written as an escape such as {escape} in a "
    "double-quoted value)"
)

FAILING: dict[str, list[tuple[str, bytes, Expected]]] = {
    "ST000": [
        (
            "latin1",
            entry(body="The café sat [@court].\n").encode("latin-1"),
            [(13, 8, "file is not UTF-8: byte 0xE9 cannot be decoded; re-save the file as UTF-8")],
        ),
        (
            "nul",
            b"---\n\0",
            [
                (
                    2,
                    1,
                    "file is binary (it contains a NUL byte), not UTF-8 text: "
                    "is this the file you meant to save here?",
                )
            ],
        ),
    ],
    "ST001": [
        (
            "missing",
            BODY.encode(),
            [
                (
                    1,
                    1,
                    "no front-matter: an entry starts with a line '---', its YAML fields, "
                    "and another line '---'",
                )
            ],
        ),
        (
            "never closed",
            b"---\ntitle: Court hears appeal\n\nThe court sat.\n",
            [(1, 1, "front-matter is never closed: add a line '---' after the last field")],
        ),
        (
            "not a mapping",
            b"---\nCourt hears appeal\n---\n",
            [
                (
                    2,
                    1,
                    "front-matter must be a mapping of fields (title: ..., date: ...), found str",
                )
            ],
        ),
        (
            "invalid yaml",
            b"---\ntitle: Court\n  date: 2016-02-22\n---\n",
            [(3, 7, "front-matter is not valid YAML: mapping values are not allowed here")],
        ),
        (
            "repeated key",
            entry(front="title: Again\n").encode(),
            [(5, 1, "key 'title' is repeated; YAML would silently keep only the last one")],
        ),
    ],
    "ST002": [
        (
            "date not real",
            entry().replace("2016-02-22", "2016-02-30").encode(),
            [(3, 1, "entry 'date' is not a real date: 2016-02-30")],
        ),
        (
            "date not YYYY-MM-DD",
            entry().replace("2016-02-22", "22/02/2016").encode(),
            [(3, 1, "entry 'date' must be a date written YYYY-MM-DD, found '22/02/2016'")],
        ),
        (
            "title missing",
            entry().replace("title: Court hears appeal\n", "").encode(),
            [(1, 1, "entry has no 'title': add it")],
        ),
        (
            "draft not a boolean",
            entry(front="draft: sometimes\n").encode(),
            [(5, 1, "entry 'draft' must be true or false, found 'sometimes'")],
        ),
        (
            "unknown author",
            entry(front="authors: [desk, ghost]\n").encode(),
            [(5, 1, "unknown author 'ghost': use one of: desk")],
        ),
        (
            "authors written without brackets",
            entry(front="authors: desk, ghost\n").encode(),
            [
                (
                    5,
                    1,
                    "unknown author 'desk, ghost': several authors are written as a list, "
                    "authors: [desk, ghost]; use one of: desk",
                )
            ],
        ),
        (
            "sources missing",
            entry().split("sources:")[0].encode() + b"---\n\nThe court sat.\n",
            [(1, 1, "entry has no 'sources': add it")],
        ),
    ],
    "ST003": [
        (
            "role missing",
            entry(sources=COURT.replace("    role: primary\n", "")).encode(),
            [(6, 5, "source 'court' has no 'role': add it")],
        ),
        (
            "bad role",
            entry(sources=COURT.replace("role: primary", "role: main")).encode(),
            [(9, 5, "source 'court' 'role' must be one of primary, secondary; found 'main'")],
        ),
        (
            "bad id",
            entry(
                sources=COURT.replace("id: court", "id: Court"), body="The court sat.\n"
            ).encode(),
            [
                (
                    6,
                    5,
                    "source 'Court' 'id' must be a lowercase id matching "
                    "[a-z0-9][a-z0-9._-]* (letters, digits, '.', '_', '-'), found 'Court'",
                )
            ],
        ),
        (
            "repeated id",
            entry(sources=COURT + COURT).encode(),
            [(11, 5, "source id 'court' is listed twice: ids must be unique in the entry")],
        ),
        (
            "not a mapping",
            entry(sources="  - court\n" + COURT).encode(),
            [(6, 5, "each source must be a mapping (id: ..., title: ...)")],
        ),
    ],
    "ST004": [
        (
            "javascript",
            entry(sources=COURT + "    url: javascript:alert(1)\n").encode(),
            [
                (
                    11,
                    5,
                    "source 'court' 'url' must be an absolute http(s) URL, found javascript: "
                    "in 'javascript:alert(1)'",
                )
            ],
        ),
        (
            "data",
            entry(sources=COURT + "    archive_url: data:text/html,hi\n").encode(),
            [
                (
                    11,
                    5,
                    "source 'court' 'archive_url' must be an absolute http(s) URL, found data: "
                    "in 'data:text/html,hi'",
                )
            ],
        ),
        (
            "relative",
            entry(sources=COURT + "    url: ../hearing.html\n").encode(),
            [
                (
                    11,
                    5,
                    "source 'court' 'url' must be an absolute http(s) URL, found no scheme "
                    "(a relative address) in '../hearing.html'",
                )
            ],
        ),
        (
            "no host",
            entry(sources=COURT + "    url: https:///hearing\n").encode(),
            [
                (
                    11,
                    5,
                    "source 'court' 'url' is not a well-formed URL (no valid host): 'https:///hearing'",
                )
            ],
        ),
    ],
    "ST005": [
        (
            "entry field typo",
            entry(front="tilte: Court hears appeal\n").encode(),
            [(5, 1, "unknown entry field 'tilte' is ignored: did you mean 'title'?")],
        ),
        (
            "source field typo",
            entry(sources=COURT + "    publsher: Ankara court\n").encode(),
            [(11, 5, "unknown source field 'publsher' is ignored: did you mean 'publisher'?")],
        ),
        (
            "nothing near",
            entry(front="colour: red\n").encode(),
            [
                (
                    5,
                    1,
                    "unknown entry field 'colour' is ignored: known fields: title, date, "
                    "summary, sources, updated, authors, tags, draft, corrections, language",
                )
            ],
        ),
    ],
    "ST010": [
        (
            "unknown id",
            entry(body="The court sat [@cort].\n").encode(),
            [(13, 16, "unknown source '@cort': did you mean court? cite one of: court")],
        ),
        (
            "second reference unknown",
            entry(body="The court sat [@court; @ruling, p. 4].\n").encode(),
            [(13, 24, "unknown source '@ruling': cite one of: court")],
        ),
        (
            "via unknown",
            entry(
                sources=COURT + PAPER.replace("via: [court]", "via: [ruling]"),
                body="The court sat [@court; @paper].\n",
            ).encode(),
            [
                (
                    17,
                    11,
                    "source 'paper' is via 'ruling', which is not another listed source: "
                    "use one of: court",
                )
            ],
        ),
        (
            "via misspelt",
            entry(
                sources=COURT + PAPER.replace("via: [court]", "via: [cuort]"),
                body="The court sat [@paper].\n",
            ).encode(),
            [
                (
                    17,
                    11,
                    "source 'paper' is via 'cuort', which is not another listed source: "
                    "did you mean court? use one of: court",
                )
            ],
        ),
        (
            "via itself",
            entry(
                sources=COURT + PAPER.replace("via: [court]", "via: [paper]"),
                body="The court sat [@court; @paper].\n",
            ).encode(),
            [
                (
                    17,
                    11,
                    "source 'paper' names itself in via: via lists the other sources it relies "
                    "on (its chain), and a source cannot rest on itself; remove 'paper' from "
                    "via or replace it with one of: court",
                )
            ],
        ),
        (
            "a loop through another source's via",
            entry(
                sources=COURT
                + PAPER.replace("via: [court]", "via: [wire]")
                + PAPER.replace("id: paper", "id: wire").replace("via: [court]", "via: [paper]"),
                body="The court sat [@court; @paper; @wire].\n",
            ).encode(),
            [
                (
                    17,
                    5,
                    "source 'paper' rests on itself through wire (paper -> wire -> paper): a "
                    "chain runs from a report back to what it relies on, and never returns; "
                    "remove one of these via entries",
                )
            ],
        ),
        (
            "via itself, the only source",
            entry(
                sources=PAPER.replace("via: [court]", "via: [paper]"),
                body="The court sat [@paper].\n",
            ).encode(),
            [
                (
                    12,
                    11,
                    "source 'paper' names itself in via: via lists the other sources it relies "
                    "on (its chain), and a source cannot rest on itself; remove 'paper' from via",
                )
            ],
        ),
        (
            "a full stop typed into the id",
            entry(sources=COURT + PAPER, body="The court sat [@a.]. It ruled [@court; @paper].\n")
            .replace("id: court", "id: a")
            .replace("[@court; @paper]", "[@a; @paper]")
            .replace("via: [court]", "via: [a]")
            .encode(),
            [(BODY_LINE + 7, 16, "unknown source '@a.': did you mean a? cite one of: a, paper")],
        ),
        (
            "a near miss",
            entry(
                sources=COURT + COURT.replace("id: court", "id: coastpost"),
                body="The court sat [@coaspost]. It ruled [@court].\n",
            ).encode(),
            [
                (
                    BODY_LINE + 5,
                    16,
                    "unknown source '@coaspost': did you mean coastpost? "
                    "cite one of: court, coastpost",
                )
            ],
        ),
    ],
    "ST011": [
        (
            "bad id",
            entry(body="The court sat [@Court Record]. It ruled [@court].\n").encode(),
            [(13, 15, BAD_ID.format(text="[@Court Record]", id="Court Record"))],
        ),
        (
            "an id in capitals",
            entry(body="The court sat [@Court].\n").encode(),
            [(13, 15, BAD_ID.format(text="[@Court]", id="Court") + "; did you mean court?")],
        ),
        (
            "empty",
            entry(body="The court sat [@]. It ruled [@court].\n").encode(),
            [(13, 15, "malformed citation '[@]' names no source: write [@id]")],
        ),
        (
            "unclosed",
            entry(body="The court sat [@court. It ruled [@court].\n").encode(),
            [(13, 15, "malformed citation '[@court.' is never closed: add ']'")],
        ),
    ],
    "ST012": [
        (
            "never cited",
            entry(sources=COURT + COURT.replace("id: court", "id: ruling")).encode(),
            [(11, 5, "source 'ruling' is never cited: cite it as [@ruling] or remove it")],
        ),
    ],
    "ST013": [
        (
            "in a heading",
            entry(body="## The appeal [@court]\n\nThe court sat [@court].\n").encode(),
            [
                (
                    13,
                    15,
                    "citation [@court] stands in a heading, where it supports no sentence: "
                    "move it into the sentence that relies on the source",
                )
            ],
        ),
        (
            "in a table's header row",
            entry(
                body="| Port [@court] | Days |\n| --- | --- |\n| Vellmar [@court] | 14 [@court] |\n"
            ).encode(),
            [
                (
                    13,
                    8,
                    "citation [@court] stands in a table's header row, where it supports no "
                    "sentence: move it into the sentence that relies on the source",
                )
            ],
        ),
    ],
    "ST014": [
        (
            "summary left as written",
            entry().replace("An appeal was heard.", "<summary>").encode(),
            [
                (
                    4,
                    1,
                    "entry 'summary' is the template's placeholder '<summary>': fill it in "
                    "(one or two sentences saying what happened)",
                )
            ],
        ),
        (
            "an optional source field",
            entry(sources=COURT + "    quote: <quote>\n").encode(),
            [
                (
                    11,
                    5,
                    "source 'court' 'quote' is the template's placeholder '<quote>': fill it "
                    "in (the passage the entry relies on, verbatim), or delete the line",
                )
            ],
        ),
        (
            "a list item",
            entry(front="tags: [courts, <topic>]\n").encode(),
            [
                (
                    5,
                    16,
                    "entry 'tags' item 2 is the template's placeholder '<topic>': fill it in "
                    "(topic tags), or remove it",
                )
            ],
        ),
        (
            "the source id",
            entry(
                sources=COURT.replace("id: court", "id: <source-id>"),
                body="The court heard the appeal [@<source-id>].\n",
            ).encode(),
            [
                (
                    6,
                    5,
                    "source 1 'id' is the template's placeholder '<source-id>': fill it in "
                    "(short lowercase name cited as [@id]; unique in the entry)",
                ),
                (
                    BODY_LINE,
                    30,
                    PLACEHOLDER_CITED.format(ids="(none: add sources to the front-matter)"),
                ),
            ],
        ),
        (
            "the first claim",
            entry(body="<First claim of the entry, one sentence> [@court].\n").encode(),
            [(BODY_LINE, 1, PLACEHOLDER_TEXT.format(p="<First claim of the entry, one sentence>"))],
        ),
        (
            "a citation",
            entry(body="The court sat [@<source-id>].\n").encode(),
            [(BODY_LINE, 17, PLACEHOLDER_CITED.format(ids="court"))],
        ),
        (
            "read as links",
            entry(body="See <https://source address> and <sha256:...> [@court].\n").encode(),
            [
                (BODY_LINE, 5, PLACEHOLDER_TEXT.format(p="<https://source address>")),
                (BODY_LINE, 34, PLACEHOLDER_TEXT.format(p="<sha256:...>")),
            ],
        ),
    ],
    "ST020": [
        (
            "after the last citation",
            entry(body="The court sat [@court]. It will rule in March.\n").encode(),
            [(13, 25, 'uncited claim: "It will rule in March." (cite one of: court)')],
        ),
        (
            "long sentence quoted short",
            entry(body="It sat [@court].\n\n" + "The court " * 10 + "sat.\n").encode(),
            [
                (
                    15,
                    1,
                    'uncited claim: "The court The court The court The court The court '
                    'The court…" (cite one of: court)',
                )
            ],
        ),
    ],
    "ST021": [
        (
            "hedge cited later",
            entry(body="The officer reportedly met him. They spoke twice [@court].\n").encode(),
            [
                (
                    13,
                    1,
                    "hedged claim ('reportedly') has no citation of its own: \"The officer "
                    'reportedly met him." (cite who says so in this sentence, or state it '
                    "plainly with a source)",
                )
            ],
        ),
        (
            "hedge phrase",
            entry(body="It sat [@court]. Sources say\nit was short.\n").encode(),
            [
                (
                    13,
                    18,
                    "hedged claim ('Sources say') has no citation of its own: \"Sources say it "
                    'was short." (cite who says so in this sentence, or state it plainly with '
                    "a source)",
                ),
            ],
        ),
        (
            "hedged headline and summary",
            entry()
            .replace("title: Court hears appeal", "title: Court reportedly hears appeal")
            .replace("summary: An appeal was heard.", "summary: An appeal was heard, sources said.")
            .encode(),
            [
                (
                    2,
                    1,
                    "hedged title ('reportedly'): a title cannot cite, so name who says so "
                    "('the Gazette reports…') or state it plainly",
                ),
                (
                    4,
                    1,
                    "hedged summary ('sources said'): a summary cannot cite, so name who says "
                    "so ('the Gazette reports…') or state it plainly",
                ),
            ],
        ),
    ],
    "ST022": [
        (
            "secondary without via",
            entry(
                sources=COURT + PAPER.replace("    via: [court]\n", ""),
                body="The court sat [@court]. Prosecutors charged 27 [@paper].\n",
            ).encode(),
            [
                (
                    19,
                    25,
                    ST022_TEXT.format(ids="paper", quote='"Prosecutors charged 27 [@paper]."'),
                )
            ],
        ),
        (
            "via chain of secondaries only",
            entry(
                sources=PAPER.replace("via: [court]", "via: [agency]")
                + PAPER.replace("id: paper", "id: agency").replace("via: [court]", "via: [paper]"),
                body="Prosecutors charged 27 [@paper].\n",
            ).encode(),
            [
                (
                    22,
                    1,
                    ST022_TEXT.format(ids="paper", quote='"Prosecutors charged 27 [@paper]."'),
                )
            ],
        ),
    ],
    "ST053": [
        (
            "a private network and the cloud metadata address",
            entry(
                sources=COURT.replace(
                    "    offline: court file, not published\n",
                    "    url: http://10.0.0.7/ruling\n"
                    "    archive_url: http://[::ffff:169.254.169.254]/latest/\n",
                )
            ).encode(),
            [
                (
                    10,
                    5,
                    "source 'court' url http://10.0.0.7/ruling names a private address "
                    "(10.0.0.0/8): the link check will not fetch it, and readers cannot "
                    "reach it",
                ),
                (
                    11,
                    5,
                    "source 'court' archive_url http://[::ffff:169.254.169.254]/latest/ names "
                    "an IPv4-mapped form of 169.254.169.254, a link-local address "
                    "(169.254.0.0/16): the link check will not fetch it, and readers cannot "
                    "reach it",
                ),
            ],
        ),
    ],
    "ST030": [
        (
            "url without archive",
            entry(
                sources=COURT.replace(
                    "    offline: court file, not published\n", "    url: https://example.org/h\n"
                )
            ).encode(),
            [
                (
                    10,
                    5,
                    "source 'court' has a url but no archive_url: links rot; add an archived "
                    "copy (or an offline: reason)",
                )
            ],
        ),
        (
            "archive_url the url again",
            entry(
                sources=COURT.replace(
                    "    offline: court file, not published\n",
                    "    url: https://example.org/h\n    archive_url: HTTPS://Example.org/h/\n",
                )
            ).encode(),
            [
                (
                    11,
                    5,
                    "source 'court' archive_url is its url again, not an archived copy: links "
                    "rot; give the address of a copy kept by an archive",
                )
            ],
        ),
    ],
    "ST031": [
        (
            "nothing to follow",
            entry(sources=COURT.replace("    offline: court file, not published\n", "")).encode(),
            [
                (
                    6,
                    5,
                    "source 'court' has no url, no archive_url and no offline reason: readers "
                    "cannot follow it; add a url, or say why with offline:",
                )
            ],
        ),
    ],
    "ST050": [
        (
            "javascript link",
            entry(body="The court sat [@court]. [Ruling](javascript:alert(1)).\n").encode(),
            [(BODY_LINE, 34, ST050_TEXT.format(what="link", scheme="javascript"))],
        ),
        (
            "entity-encoded scheme with spaces",
            entry(body="The court sat [@court]. [R]( &#74;ava&#x09;script:x).\n").encode(),
            [(BODY_LINE, 30, ST050_TEXT.format(what="link", scheme="javascript"))],
        ),
        (
            "data image",
            entry(body="The court sat ![seal](data:image/png;base64,AA) [@court].\n").encode(),
            [(BODY_LINE, 23, ST050_TEXT.format(what="image", scheme="data"))],
        ),
        (
            "autolink in a list item",
            entry(body="- The court sat <javascript:alert(1)> [@court].\n").encode(),
            [(BODY_LINE, 18, ST050_TEXT.format(what="link", scheme="javascript"))],
        ),
        (
            "reference definition in a quote",
            entry(
                body="> The court [sat][x] [@court].\n>\n> [x]: <JavaScript:alert(1)>\n"
            ).encode(),
            [(BODY_LINE + 2, 9, ST050_TEXT.format(what="link definition", scheme="javascript"))],
        ),
        (
            "raw html href in a heading",
            entry(
                body="## The <a href='data:text/html,x'>ruling</a>\n\nIt sat [@court].\n"
            ).encode(),
            [(BODY_LINE, 8, ST050_TEXT.format(what="<a href>", scheme="data"))],
        ),
    ],
    "ST051": [
        (
            "a citation forged in raw HTML with the site's own class",
            entry(
                body='It sat [@court].<sup class="st-cite"><a href="#source-zzz">[2]</a></sup>\n'
            ).encode(),
            [
                (
                    BODY_LINE,
                    17,
                    "class st-cite on <sup> is the site's own: the page draws its citations, "
                    "claims and sources with st-* classes, and readers would take this for one "
                    "of them: remove it",
                )
            ],
        ),
        (
            "script in a paragraph",
            entry(body="The court sat [@court]. <SCRIPT>alert(1)</SCRIPT>\n").encode(),
            [(BODY_LINE, 25, "raw <script> " + SCRIPT_TEXT)],
        ),
        (
            "event attribute hidden after a quoted '>'",
            entry(body='The court <b title=">" onmouseover=alert(1)>sat</b> [@court].\n').encode(),
            [
                (
                    BODY_LINE,
                    11,
                    "event attribute onmouseover= on <b> runs code in every "
                    "reader's browser: remove it",
                )
            ],
        ),
        (
            "escaped tag before a real one",
            entry(body="The court \\<b> <object data=x.swf></object> sat [@court].\n").encode(),
            [(BODY_LINE, 16, "raw <object> " + EMBED_TEXT)],
        ),
        (
            "html block after a list",
            entry(body="- The court sat [@court].\n\n<embed src=x.swf>\n").encode(),
            [(BODY_LINE + 2, 1, "raw <embed> " + EMBED_TEXT)],
        ),
    ],
    "ST052": [
        (
            "remote markdown image",
            entry(body="The court sat ![seal](//example.org/s.png) [@court].\n").encode(),
            [(BODY_LINE, 23, REMOTE_TEXT.format(what="image", host="example.org"))],
        ),
        (
            "remote srcset candidate",
            entry(
                body="The court sat <img srcset='s.png 1x, https://t.example/s.png 2x'> [@court].\n"
            ).encode(),
            [(BODY_LINE, 15, REMOTE_TEXT.format(what="<img srcset>", host="t.example"))],
        ),
        (
            "image reference to a remote definition",
            entry(
                body="The court sat ![seal][s] [@court].\n\n[s]: https://t.example/s.png\n"
            ).encode(),
            [(BODY_LINE + 2, 6, REMOTE_TEXT.format(what="image definition", host="t.example"))],
        ),
    ],
    "ST060": [
        (
            "escape in the title",
            entry().replace("title: Court hears appeal", 'title: "Court\\ehears appeal"').encode(),
            [
                (
                    2,
                    1,
                    ST060_TEXT.format(
                        where="entry 'title'", kind="control character", code="001B", escape="\\x1b"
                    ),
                )
            ],
        ),
        (
            "escape in a source id's neighbour",
            entry(
                sources=COURT.replace("title: Hearing record", 'title: "Hearing\\b record"')
            ).encode(),
            [
                (
                    7,
                    5,
                    ST060_TEXT.format(
                        where="source 'court' 'title'",
                        kind="control character",
                        code="0008",
                        escape="\\x08",
                    ),
                )
            ],
        ),
    ],
    "ST061": [
        (
            "C1 control in the summary",
            entry()
            .replace("summary: An appeal", 'summary: "An\\x90 appeal')
            .replace("was heard.", 'was heard."')
            .encode(),
            [
                (
                    4,
                    1,
                    "entry 'summary' holds the invisible control character U+0090, shown as "
                    "nothing or as a box: delete it (written as an escape such as \\x90)",
                )
            ],
        ),
        (
            "isolate in a tag",
            entry(front='tags: ["\\u2066courts"]\n').encode(),
            [
                (
                    5,
                    8,
                    "tag 1 holds the bidirectional control U+2066, which makes text display "
                    "in another order than it is written: delete it (written as an escape such as "
                    "\\u2066, or pasted in unseen)",
                )
            ],
        ),
    ],
    "ST062": [
        (
            "a sentence as a tag",
            entry(front="tags: " + "x" * 101 + "\n").encode(),
            [
                (
                    5,
                    1,
                    "tag 1 is 101 characters long: a tag names a topic in a few words, at "
                    "most 100 characters; shorten it",
                )
            ],
        ),
    ],
    "ST063": [
        (
            "two spellings",
            entry(front="tags: [Türkiye, TÜRKİYE, türkiye]\n").encode(),
            [
                (
                    5,
                    26,
                    "tags 'Türkiye' and 'türkiye' differ only in case: they name one "
                    "topic two ways; keep one spelling",
                )
            ],
        ),
    ],
    "ST064": [
        (
            "a summary as the title",
            entry().replace("title: Court hears appeal", "title: " + "x" * 301).encode(),
            [
                (
                    2,
                    1,
                    "title is 301 characters long: feeds, search results and listings cut long "
                    "headlines short; keep it under 300 characters and move the detail to the "
                    "summary",
                )
            ],
        ),
    ],
    "ST065": [
        (
            "a list without its brackets",
            entry(front="tags: economy, statistics\n").encode(),
            [
                (
                    5,
                    1,
                    "tag 'economy, statistics' holds a comma, so it is one tag, not 2: write "
                    "tags as a list, one topic each (tags: [economy, statistics]); to keep a "
                    "comma in a tag on purpose, put that tag in quotes",
                )
            ],
        ),
    ],
    "ST066": [
        (
            "updated before published",
            entry(front="updated: 2016-02-21\n").encode(),
            [
                (
                    5,
                    1,
                    "entry 'updated' (2016-02-21) is before its 'date' (2016-02-22): an entry is "
                    "updated after it is published; correct one of them",
                )
            ],
        ),
        (
            "corrected before published",
            entry(
                front="corrections:\n  - date: 2016-02-23\n    text: Fixed.\n"
                "  - date: 2015-02-22\n    text: A typo in the year.\n"
            ).encode(),
            [
                (
                    8,
                    5,
                    "a correction is dated 2015-02-22, before the entry's 'date' (2016-02-22): "
                    "a correction follows what it corrects; correct its date",
                )
            ],
        ),
        (
            "a source read before it was published",
            entry(sources=COURT + "    published: 2016-02-20\n    accessed: 2016-02-02\n").encode(),
            [
                (
                    12,
                    5,
                    "source 'court' 'accessed' (2016-02-02) is before its 'published' "
                    "(2016-02-20): nobody reads a source before it is published; correct one "
                    "of them",
                )
            ],
        ),
    ],
    "ST069": [
        (
            "an attribute list on a line of its own after a blank line",
            entry(body="The court sat [@court].\n\n{: .lead }\n").encode(),
            [
                (
                    BODY_LINE + 2,
                    1,
                    "the attribute list '{: .lead }' is shown on the page as typed: one "
                    "applies only at the end of a paragraph or heading, or right after a link, "
                    "image or emphasis, with nothing between; move it there, or remove it",
                )
            ],
        ),
    ],
    "ST068": [
        (
            "an editor's own placeholder in angle brackets",
            entry(body="<Name of the judge> heard the appeal [@court].\n").encode(),
            [
                (
                    BODY_LINE,
                    1,
                    "<name of the judge> is no HTML element: the page reads it as a tag and "
                    "shows nothing of it; write the words without angle brackets, or write "
                    "&lt; for '<' to show them",
                )
            ],
        ),
        (
            "a long one, mid-sentence",
            entry(body="It sat <insert the quote of the day here please> [@court].\n").encode(),
            [
                (
                    BODY_LINE,
                    8,
                    "<insert the quote of the ...> is no HTML element: the page reads it as "
                    "a tag and shows nothing of it; write the words without angle brackets, or "
                    "write &lt; for '<' to show them",
                )
            ],
        ),
    ],
    "ST067": [
        (
            "a bell pasted after a full stop",
            entry(body="The court sat [@court].\x07\n").encode(),
            [
                (
                    BODY_LINE,
                    24,
                    "the body holds the control character U+0007, which readers see as "
                    "nothing or as a box and XML 1.0 forbids: delete it (it was pasted in unseen)",
                )
            ],
        ),
        (
            "an override that shows a hedge backwards",
            entry(body="The court \u202eyldetroper\u202c sat [@court].\n").encode(),
            [
                (
                    BODY_LINE,
                    11,
                    "the body holds the bidirectional override U+202E, which shows the text "
                    "after it in another order than it is written (a word such as 'reportedly' "
                    "can hide in it): delete it",
                )
            ],
        ),
        (
            "escapes and C1 controls, counted once",
            entry(body="The court sat [@court].\n\nIt \x1b[2Jruled\x85 [@court].\n").encode(),
            [
                (
                    BODY_LINE + 2,
                    4,
                    "the body holds the control character U+001B (2 such characters in the "
                    "body, the first here), which readers see as nothing or as a box and XML "
                    "1.0 forbids: delete it (it was pasted in unseen)",
                )
            ],
        ),
    ],
}

PASSING: dict[str, bytes] = {
    # Right under its paragraph, and after a link: applied, never shown.
    "ST069": entry(
        body="The court sat [@court].\n{: .lead }\n\nSee the [ruling](https://example.org/)"
        "{: .external } [@court].\n"
    ).encode(),
    # Known elements, a custom element, and brackets written to be shown.
    "ST068": entry(
        body='The <abbr title="court">HCC</abbr> sat <my-note>briefly</my-note> [@court]. '
        "In the file the judge is &lt;J1&gt; [@court].\n"
    ).encode(),
    "ST000": entry(body="The café in İzmir sat — “briefly” [@court].\n").encode(),
    # Tab, a no-break space, a joiner in a Persian word: characters prose needs.
    "ST067": entry(
        body="The court\tsat\u00a0today in "
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 [@court].\n"
    ).encode(),
    "ST001": entry().encode(),
    "ST002": entry(
        front="updated: 2016-02-29\nauthors: [desk]\ntags: [courts]\ndraft: true\n"
        "corrections:\n  - date: 2016-03-01\n    text: Fixed a name.\n"
    ).encode(),
    "ST003": entry(sources=COURT + PAPER, body="The court sat [@court; @paper].\n").encode(),
    "ST004": entry(
        sources=COURT.replace(
            "    offline: court file, not published\n",
            "    url: http://93.184.215.14:8000/hearing?id=1#p2\n"
            "    archive_url: https://archive.example.org/2016/https://example.org/h\n",
        )
    ).encode(),
    "ST005": entry(
        front="updated: 2016-03-01\ntags: [courts]\n",
        sources=COURT + "    type: court-record\n    language: tr\n    quote: Adjourned.\n",
    ).encode(),
    "ST010": entry(sources=COURT + PAPER, body="The court sat [@court; @paper, p. 2].\n").encode(),
    "ST011": entry(
        body="The court sat [@court, p. 4]. Editors write \\[@id] and `[@id]` [@court].\n"
    ).encode(),
    "ST013": entry(body="## The appeal\n\nThe court sat [@court].\n").encode(),
    "ST012": entry(
        sources=COURT
        + PAPER
        + PAPER.replace("id: paper", "id: agency").replace("[court]", "[paper]"),
        body="Prosecutors charged 27 [@agency].\n",
    ).encode(),
    "ST014": entry(
        body="The court sat [@court]. Its <abbr title='High Criminal Court'>HCC</abbr> "
        "ruled <b>at once</b> [@court]. Editors write `<summary>` [@court].\n"
    ).encode(),
    "ST020": entry(body="The court sat. It ruled. It will rule in March [@court].\n").encode(),
    "ST021": entry(body="The officer reportedly met him [@court]. They spoke [@court].\n").encode(),
    "ST022": entry(sources=COURT + PAPER, body="Prosecutors charged 27 [@paper].\n").encode(),
    "ST030": entry(
        sources=COURT.replace(
            "    offline: court file, not published\n",
            "    url: https://example.org/h\n    archive_url: https://archive.example.org/h\n",
        )
    ).encode(),
    "ST031": entry().encode(),
    "ST053": entry(
        sources=COURT.replace(
            "    offline: court file, not published\n",
            "    url: https://example.org/h\n    archive_url: https://archive.example.org/h\n",
        )
    ).encode(),
    "ST050": entry(
        body="The [court](HTTPS://example.org/c) sat [@court]. See [notes](#n), [the ruling]"
        "(ruling.md 'Ruling') and <mailto:desk@example.org> or `[x](javascript:x)` [@court].\n"
    ).encode(),
    "ST051": entry(
        body="The <abbr>HCC</abbr> sat<br/> at 10<sup>th</sup> [@court]. It wrote "
        "`<script>` and <!-- a note --> [@court].\n\n```\n<iframe>\n```\n"
    ).encode(),
    "ST052": entry(
        body="The court sat ![seal](../assets/seal.png) <img src='seal.png'> [@court]. "
        "[A photo](https://example.org/p.png) [@court].\n"
    ).encode(),
    "ST060": entry(front='tags: ["t\\u00fcrkiye\\tcourts"]\n').encode(),
    "ST061": entry(
        sources=COURT + '    quote: "\\u2067\u0645\u062d\u0643\u0645\u0629\\u2069"\n'
    ).encode(),
    "ST062": entry(front="tags: [" + "x" * 100 + "]\n").encode(),
    "ST063": entry(front="tags: [courts, court, Courtrooms]\n").encode(),
    "ST064": entry().replace("title: Court hears appeal", "title: " + "x" * 300).encode(),
    "ST065": entry(front='tags: [economy, statistics, "Washington, D.C."]\n').encode(),
    # The same day is in order: published, updated, corrected and read on one day.
    "ST066": entry(
        front="updated: 2016-02-22\ncorrections:\n  - date: 2016-02-22\n    text: Fixed.\n",
        sources=COURT + "    published: 2016-02-22\n    accessed: 2016-02-22\n",
    ).encode(),
}


def findings(data: bytes, rule_id: str) -> Expected:
    checked = check_entry("entry.md", data, authors=AUTHORS)
    return [
        (d.position.line, d.position.column, d.message)
        for d in checked.diagnostics
        if d.rule == rule_id
    ]


def test_every_rule_has_failing_and_passing_examples() -> None:
    # The evidence rules need a snapshot store: tests/evidence/ has their examples.
    assert set(FAILING) == ONE_ENTRY_IDS
    assert set(PASSING) == ONE_ENTRY_IDS
    assert all(FAILING[rule_id] for rule_id in ONE_ENTRY_IDS)


def test_entry_rules_are_every_rule_but_the_link_checks() -> None:
    assert set(RULES) - ENTRY_RULE_IDS == {"ST040", "ST041"}
    assert {RULES[rule_id].reported_by for rule_id in ("ST040", "ST041")} == {"links"}


@pytest.mark.parametrize(
    ("rule_id", "data", "expected"),
    [
        pytest.param(rule_id, data, expected, id=f"{rule_id}-{name}")
        for rule_id, cases in FAILING.items()
        for name, data, expected in cases
    ],
)
def test_failing_example(rule_id: str, data: bytes, expected: Expected) -> None:
    assert findings(data, rule_id) == expected


@pytest.mark.parametrize("rule_id", sorted(PASSING))
def test_passing_example_gives_no_finding_at_all(rule_id: str) -> None:
    checked = check_entry("entry.md", PASSING[rule_id], authors=AUTHORS)
    assert [d.format() for d in checked.diagnostics] == []


@pytest.mark.parametrize("rule_id", sorted(ONE_ENTRY_IDS))
def test_findings_carry_the_registered_severity(rule_id: str) -> None:
    name, data, _ = FAILING[rule_id][0]
    checked = check_entry("entry.md", data, authors=AUTHORS)
    severities = {d.severity for d in checked.diagnostics if d.rule == rule_id}
    assert severities == {RULES[rule_id].severity}, name


def test_warnings_are_exactly_the_documented_ones() -> None:
    warnings = {rule_id for rule_id, rule in RULES.items() if rule.severity is Severity.WARNING}
    assert warnings == {
        "ST005",
        "ST012",
        "ST022",
        "ST030",
        "ST031",
        "ST053",
        "ST054",
        "ST061",
        "ST063",
        "ST064",
        "ST065",
        "ST073",
    }


def test_authors_without_an_authors_file() -> None:
    checked = check_entry("entry.md", entry(front="authors: [desk]\n").encode(), authors=None)
    assert [(d.position, d.rule, d.message) for d in checked.diagnostics] == [
        (
            Position(5, 1),
            "ST002",
            "'authors' names ids but there is no .authors.yml in the docs folder to define them",
        )
    ]


def test_diagnostics_are_sorted_by_position_then_rule() -> None:
    data = entry(
        front="tagz: [x]\n",
        sources=COURT.replace("    offline: court file, not published\n", ""),
        body="The officer reportedly met him. It sat [@gazette].\n",
    ).encode()
    checked = check_entry("entry.md", data, authors=AUTHORS)
    assert [(d.position.line, d.position.column, d.rule) for d in checked.diagnostics] == [
        (5, 1, "ST005"),
        (7, 5, "ST012"),
        (7, 5, "ST031"),
        (13, 1, "ST021"),
        (13, 41, "ST010"),
    ]


def _full_entry(example: str) -> bytes:
    """The example as a whole entry: front-matter only examples get their closing fence."""
    closed = example.count("\n---\n") >= 1 or example.rstrip().endswith("---")
    return (example if closed else example + "---\n").encode()


REGISTRY_ENTRIES = [
    (rule_id, kind)
    for rule_id, rule in RULES.items()
    if rule.about_entries
    for kind in ("bad", "fixed")
    if getattr(rule, kind).startswith("---")
]


@pytest.mark.parametrize(("rule_id", "kind"), REGISTRY_ENTRIES)
def test_registry_examples_that_are_whole_entries_do_what_they_say(rule_id: str, kind: str) -> None:
    found = findings(_full_entry(getattr(RULES[rule_id], kind)), rule_id)
    assert bool(found) == (kind == "bad")


HEDGED = [
    ("The officer reportedly met him.", "reportedly"),
    ("Allegedly, the officer met him.", "Allegedly"),
    ("The officer is said to have met him.", "is said to"),
    ("The officer is believed to be in Ankara.", "is believed"),
    ("According to reports, the officer met him.", "According to reports"),
    ("Sources said the officer\nmet him.", "Sources said"),
    ("It is understood that they met.", "It is understood"),
    ("The officer was reported to have met him.", "was reported to have"),
    ("The officers were said to have met him.", "were said to"),
    ("The officer was said to have met him.", "was said to"),
]


@pytest.mark.parametrize(("sentence", "hedge"), HEDGED)
def test_hedge_phrases_are_named_as_written(sentence: str, hedge: str) -> None:
    data = entry(body=f"{sentence} They spoke twice [@court].\n").encode()
    quoted = " ".join(sentence.split())
    assert findings(data, "ST021") == [
        (
            13,
            1,
            f"hedged claim ('{hedge}') has no citation of its own: \"{quoted}\" (cite who says "
            "so in this sentence, or state it plainly with a source)",
        )
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The newspaper reported the count.",
        "The officer said the unit would come.",
        "The judge found the claim apparent to all.",
    ],
)
def test_plain_attribution_is_no_hedge(sentence: str) -> None:
    data = entry(body=f"{sentence} They spoke twice [@court].\n").encode()
    assert findings(data, "ST021") == []


def test_said_to_someone_is_no_hedge() -> None:
    data = entry(body="The officer said to Demir that he would come. They met [@court].\n")
    assert findings(data.encode(), "ST021") == []


def test_numeric_source_id_is_read_as_written() -> None:
    sources = COURT.replace("id: court", "id: 007") + PAPER.replace(
        "id: paper", "id: 0042"
    ).replace("via: [court]", "via: [007]")
    data = entry(sources=sources, body="The court sat [@007; @0042].\n").encode()
    checked = check_entry("entry.md", data, authors=AUTHORS)
    assert checked.diagnostics == ()
    assert checked.entry is not None
    assert [(s.id, s.via) for s in checked.entry.sources] == [("007", ()), ("0042", ("007",))]


def test_numeric_via_written_alone_is_refused_as_the_schema_does() -> None:
    sources = COURT.replace("id: court", "id: 007") + PAPER.replace("via: [court]", "via: 007")
    data = entry(sources=sources, body="The court sat [@007; @paper].\n").encode()
    assert findings(data, "ST003") == [
        (17, 5, "source 'paper' 'via' must be a list of source ids, found the number 7")
    ]


def test_via_written_without_brackets_is_one_finding_with_the_list_to_write() -> None:
    sources = PAPER.replace("via: [court]", "via: court, agency")
    data = entry(sources=sources, body="The court sat [@paper].\n").encode()
    checked = check_entry("entry.md", data, authors=AUTHORS)
    assert [(d.rule, d.position.line, d.message) for d in checked.diagnostics] == [
        (
            "ST003",
            12,
            "source 'paper' 'via' must be a list of source ids, found 'court, agency': write "
            "them as a list, [court, agency]",
        )
    ]  # not also ST022: where the chain leads is unknown until via is written as a list


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]:8000/hearing",
        "https://[2001:db8::1]/hearing",
        # Internationalised names, as readers' browsers open them.
        "https://bücher.example/hearing",
        "https://BÜCHER.example/hearing",
        "https://пример.рф/hearing",
        "https://例え.jp/hearing",
        "https://παράδειγμα.δοκιμή/",
        "https://µ.example/",  # the micro sign, which the name maps to Greek mu
        "https://example.org./hearing",  # a fully qualified name
        "https://сосо.рф/hearing",  # Cyrillic throughout, under a Cyrillic domain
    ],
)
def test_urls_with_ipv6_and_international_hosts_are_accepted(url: str) -> None:
    sources = COURT.replace(
        "    offline: court file, not published\n",
        f"    url: {url}\n    archive_url: https://archive.example.org/h\n",
    )
    assert findings(entry(sources=sources).encode(), "ST004") == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "https://ex\u0430mple.org/h",
            "is not a well-formed URL (its host mixes Latin and Cyrillic letters, as look-alike "
            "addresses do: '\u0430' is cyrillic small letter a): 'https://ex\u0430mple.org/h'",
        ),
        (
            "https://\u03bffficial.example/h",
            "is not a well-formed URL (its host mixes Latin and Greek letters, as look-alike "
            "addresses do: '\u03bf' is greek small letter omicron): "
            "'https://\u03bffficial.example/h'",
        ),
        (
            "https://b\u00fc\u2603cher.example/h",
            "is not a well-formed URL (no valid host): 'https://b\u00fc\u2603cher.example/h'",
        ),
        # As browsers read the name: full-width letters are plain ones, punycode is decoded.
        (
            "https://\uff50\uff41\uff59\uff50\u0430\uff4c.com/h",
            "is not a well-formed URL (its host mixes Latin and Cyrillic letters, as look-alike "
            "addresses do: '\u0430' is cyrillic small letter a): "
            "'https://\uff50\uff41\uff59\uff50\u0430\uff4c.com/h'",
        ),
        (
            "https://xn--pple-43d.com/h",
            "is not a well-formed URL (its host mixes Latin and Cyrillic letters, as look-alike "
            "addresses do: '\u0430' is cyrillic small letter a): 'https://xn--pple-43d.com/h'",
        ),
        (
            "https://\u0430\u0440\u0440\u04cf\u0435.com/h",
            "is not a well-formed URL (its host '\u0430\u0440\u0440\u04cf\u0435' is written in "
            "Cyrillic letters that pass for Latin ones, as look-alike addresses are): "
            "'https://\u0430\u0440\u0440\u04cf\u0435.com/h'",
        ),
        (
            "https://b\u00fccher.example\u200b/h",
            # An invisible character is shown as its escape, so the editor can find it.
            "is not a well-formed URL (no valid host): 'https://b\u00fccher.example\\u200b/h'",
        ),
        # Labels as DNS allows them: no hyphen at either end, none empty.
        (
            "https://-example.org/h",
            "is not a well-formed URL (no valid host): 'https://-example.org/h'",
        ),
        (
            "https://example..org/h",
            "is not a well-formed URL (no valid host): 'https://example..org/h'",
        ),
        (
            "https://clerk:s3cret@example.org/h",
            "holds a user name or password before its host: 'https://clerk:s3cret@example.org/h'; "
            "remove them (a source's address is published for every reader)",
        ),
        (
            "http://user@[::1]/h",
            "holds a user name or password before its host: 'http://user@[::1]/h'; "
            "remove them (a source's address is published for every reader)",
        ),
    ],
)
def test_look_alike_hosts_and_credentials_are_refused(url: str, problem: str) -> None:
    sources = COURT.replace(
        "    offline: court file, not published\n",
        f"    url: {url}\n    archive_url: https://archive.example.org/h\n",
    )
    assert findings(entry(sources=sources).encode(), "ST004") == [
        (10, 5, f"source 'court' 'url' {problem}")
    ]


def test_url_with_a_broken_ipv6_host_is_refused() -> None:
    sources = COURT + "    url: http://[zz]/h\n"
    assert findings(entry(sources=sources).encode(), "ST004") == [
        (11, 5, "source 'court' 'url' is not a well-formed URL: 'http://[zz]/h'")
    ]


def test_invalid_archive_url_is_reported_once() -> None:
    sources = COURT.replace(
        "    offline: court file, not published\n",
        "    url: https://example.org/h\n    archive_url: ftp://example.org/h\n",
    )
    checked = check_entry("entry.md", entry(sources=sources).encode(), authors=AUTHORS)
    assert [d.rule for d in checked.diagnostics] == ["ST004"]


@pytest.mark.parametrize(
    ("body", "text", "reason"),
    [
        (
            "The court sat [@ court].",
            "[@ court]",
            "has a space after '@': write the id straight after it (@court)",
        ),
        (
            "The court sat [@court;].",
            "[@court;]",
            "has nothing after a ';': remove the ';' or add another @id",
        ),
    ],
)
def test_spaces_and_trailing_semicolons_are_malformed(body: str, text: str, reason: str) -> None:
    assert findings(entry(body=body + "\n").encode(), "ST011") == [
        (13, 15, f"malformed citation {text!r} {reason}")
    ]


def test_first_of_two_adjacent_citations_is_checked() -> None:
    data = entry(body="The court sat [@zzz][@court].\n").encode()
    assert findings(data, "ST010") == [(13, 16, "unknown source '@zzz': cite one of: court")]


@pytest.mark.parametrize(
    ("body", "column", "hedge", "quoted"),
    [
        (
            "It sat [@court]; the officer reportedly left.\n",
            18,
            "reportedly",
            "the officer reportedly left.",
        ),
        (
            "It sat [@court] — sources say it was short.\n",
            19,
            "sources say",
            "sources say it was short.",
        ),
        (
            "It sat [@court]...and it was allegedly short.\n",
            19,
            "allegedly",
            "and it was allegedly short.",
        ),
    ],
)
def test_a_hedge_after_a_citation_and_a_clause_mark_has_no_citation(
    body: str, column: int, hedge: str, quoted: str
) -> None:
    assert findings(entry(body=body).encode(), "ST021") == [
        (
            13,
            column,
            f"hedged claim ('{hedge}') has no citation of its own: \"{quoted}\" (cite who says "
            "so in this sentence, or state it plainly with a source)",
        )
    ]


def test_a_clause_after_a_citation_needs_its_own() -> None:
    data = entry(body="It sat [@court]; two judges left.\n").encode()
    assert [(line, column) for line, column, _ in findings(data, "ST020")] == [(13, 18)]
    cited = entry(body="It sat [@court]; two judges left [@court].\n").encode()
    assert findings(cited, "ST020") == []
    assert findings(entry(body="It sat [@court], the paper said.\n").encode(), "ST020") == []


@pytest.mark.parametrize(
    "body",
    [
        "Details at <https://example.org/allegedly-fraud>.\n",
        "Details at https://example.org/allegedly-fraud.\n",
        "Write to <reportedly@example.org>.\n",
    ],
)
def test_a_hedge_word_in_an_address_is_no_hedge_but_the_claim_is_uncited(body: str) -> None:
    data = entry(body=body).encode()
    assert findings(data, "ST021") == []
    shown = body.strip().replace("<", "").replace(">", "")
    assert findings(data, "ST020") == [(13, 1, f'uncited claim: "{shown}" (cite one of: court)')]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "It sat [ @court].\n",
            "malformed citation '[ @court]' has a space after the '[': a citation opens "
            "with '@' right after '[' (write [@court])",
        ),
        (
            "It sat [see @court, p. 4].\n",
            "malformed citation '[see @court, p. 4]' has 'see' before the '@': a citation "
            "opens with '@' right after '[' (write [@court, p. 4])",
        ),
        (
            "It sat [-@court].\n",
            "malformed citation '[-@court]' has '-' before the '@': a citation opens with "
            "'@' right after '[' (write [@court])",
        ),
        (
            "It sat [cf. @Court].\n",
            "malformed citation '[cf. @Court]' has 'cf.' before the '@': a citation opens "
            "with '@' right after '[' (write [@court])",
        ),
        (
            "It sat [see @courts, p. 4].\n",
            "malformed citation '[see @courts, p. 4]' has 'see' before the '@': a citation "
            "opens with '@' right after '[' (write [@court, p. 4])",
        ),
        (
            "It sat [see @court.].\n",
            "malformed citation '[see @court.]' has 'see' before the '@': a citation opens "
            "with '@' right after '[' (write [@court])",
        ),
    ],
)
def test_a_citation_written_in_another_style_is_one_finding(body: str, message: str) -> None:
    checked = check_entry("entry.md", entry(body=body).encode(), authors=AUTHORS)
    assert [
        (d.rule, d.position.line, d.position.column, d.message) for d in checked.diagnostics
    ] == [("ST011", 13, 8, message)]


@pytest.mark.parametrize(
    "body",
    [
        "It sat [via @nytimes] [@court].\n",  # a handle in brackets names no listed source
        "It sat \\[see @court] [@court].\n",  # an escaped bracket is text meant to be shown
        "It sat [clerk@example.org] [@court].\n",  # an e-mail address
    ],
)
def test_brackets_around_an_at_sign_that_cite_nothing_listed_are_prose(body: str) -> None:
    assert check_entry("entry.md", entry(body=body).encode(), authors=AUTHORS).diagnostics == ()


def test_a_malformed_citation_of_a_listed_source_is_not_also_an_unused_source() -> None:
    data = entry(body="It sat [@court,].\n").encode()
    assert findings(data, "ST012") == []
    assert rules_found(data) == ["ST011"]


def rules_found(data: bytes) -> list[str]:
    return [d.rule for d in check_entry("entry.md", data, authors=AUTHORS).diagnostics]


def test_a_citation_in_raw_html_is_never_read_and_the_finding_says_so() -> None:
    data = entry(body="<div>It sat [@court].</div>\n").encode()
    assert rules_found(data) == ["ST020"]
    assert findings(data, "ST020") == [
        (
            13,
            6,
            'uncited claim: "It sat [@court]." (its [@...] stands in raw HTML, which the page '
            "shows as written and never reads as a citation: write this in Markdown)",
        )
    ]
    plain = entry(body="<div>It sat.</div>\n\nIt rose [@court].\n").encode()
    assert findings(plain, "ST020") == [(13, 6, 'uncited claim: "It sat." (cite one of: court)')]


def test_a_required_field_written_empty_is_named_where_it_stands() -> None:
    data = entry().replace("summary: An appeal was heard.", "summary:").encode()
    assert findings(data, "ST002") == [
        (4, 1, "entry 'summary' is written but empty: give it a value")
    ]
    nulled = entry().replace("summary: An appeal was heard.", "summary: null").encode()
    assert findings(nulled, "ST002") == findings(data, "ST002")
    source = entry(sources=COURT.replace("publisher: Ankara court", "publisher:"))
    assert [m for _, _, m in findings(source.encode(), "ST003")] == [
        "source 'court' 'publisher' is written but empty: give it a value"
    ]


def test_only_the_sentence_holding_raw_html_s_citation_is_told_so() -> None:
    data = entry(body="<div>It sat on Monday. It rose [@court] at once.</div>\n").encode()
    messages = [message for _, _, message in findings(data, "ST020")]
    assert messages == [
        'uncited claim: "It sat on Monday." (cite one of: court)',
        'uncited claim: "It rose [@court] at once." (its [@...] stands in raw HTML, which the '
        "page shows as written and never reads as a citation: write this in Markdown)",
    ]


def test_claims_after_an_e_mail_autolink_keep_their_positions() -> None:
    body = "Write to <clerk@example.org> now. He reportedly fled. Mail <b@x.org> [@court].\n"
    assert [(line, column) for line, column, _ in findings(entry(body=body).encode(), "ST021")] == [
        (13, 35)
    ]


def test_an_address_left_empty_is_no_address() -> None:
    # An optional field left empty is as good as absent, so the rules that need it apply.
    court = COURT.replace("    offline: court file, not published\n", "    url:\n    offline:\n")
    assert findings(entry(sources=court).encode(), "ST003") == []
    assert [m for _, _, m in findings(entry(sources=court).encode(), "ST031")] == [
        "source 'court' has no url, no archive_url and no offline reason: readers cannot "
        "follow it; add a url, or say why with offline:"
    ]
    online = COURT.replace(
        "    offline: court file, not published\n",
        "    url: https://example.org/a\n    archive_url:\n",
    )
    assert [m for _, _, m in findings(entry(sources=online).encode(), "ST030")] == [
        "source 'court' has a url but no archive_url: links rot; add an archived copy (or an "
        "offline: reason)"
    ]


def test_sources_written_empty_is_named_at_its_key() -> None:
    empty = entry(sources="")  # "sources:" with nothing under it
    assert findings(empty.encode(), "ST002") == [
        (5, 1, "entry 'sources' is written but empty: list the sources (- id: ..., title: ...)")
    ]


@pytest.mark.parametrize(
    ("via", "message"),
    [
        ("[~]", "item 1 is nothing: remove it"),
        ("[court, Court Record]", "item 2 is 'Court Record'"),
        ("[court, [agency]]", "item 2 is a list"),
    ],
)
def test_a_bad_item_in_via_is_named(via: str, message: str) -> None:
    sources = COURT + PAPER.replace("via: [court]", f"via: {via}")
    data = entry(sources=sources, body="The court sat [@court; @paper].\n").encode()
    assert findings(data, "ST003") == [
        (17, 5, f"source 'paper' 'via' must be a list of source ids, but {message}")
    ]
