"""One mistake, one finding: the rule that names the cause reports it, and no rule its effects.

A misspelt key leaves a field missing; a malformed or misspelt citation leaves a
claim uncited and a source unused; a hedge with no citation is an uncited claim;
a placeholder left from the template reads as raw HTML. Each case asserts every
finding of the entry, not only the one expected, so that a second finding for
the same mistake fails the test.
"""

from __future__ import annotations

import pytest
from test_rules import AUTHORS, BAD_ID, BODY_LINE, COURT, PAPER, PLACEHOLDER_TEXT, entry

from build_tools.check import check_entry

Finding = tuple[int, int, str, str]

CASES: dict[str, tuple[str, list[Finding]]] = {
    "a misspelt required source field is the missing field": (
        entry(sources=COURT.replace("publisher:", "publsher:")),
        [
            (
                8,
                5,
                "ST003",
                "source 'court' has no 'publisher': the field written 'publsher' is a "
                "misspelling of it; rename it to 'publisher'",
            )
        ],
    ),
    "a misspelt required entry field is the missing field": (
        entry().replace("summary:", "summry:"),
        [
            (
                4,
                1,
                "ST002",
                "entry has no 'summary': the field written 'summry' is a misspelling of it; "
                "rename it to 'summary'",
            )
        ],
    ),
    "misspelt sources: no citation is unknown because of it": (
        entry().replace("sources:", "surces:"),
        [
            (
                5,
                1,
                "ST002",
                "entry has no 'sources': the field written 'surces' is a misspelling of it; "
                "rename it to 'sources'",
            )
        ],
    ),
    "a misspelt correction field is the missing field": (
        entry(front="corrections:\n  - date: 2016-03-01\n    txet: A name was wrong.\n"),
        [
            (
                7,
                5,
                "ST002",
                "correction 1 has no 'text': the field written 'txet' is a misspelling of it; "
                "rename it to 'text'",
            )
        ],
    ),
    "a misspelt archive_url is not also a missing one": (
        entry(
            sources=COURT.replace(
                "    offline: court file, not published\n",
                "    url: https://example.org/h\n    archiv_url: https://archive.example.org/h\n",
            )
        ),
        [
            (
                11,
                5,
                "ST005",
                "unknown source field 'archiv_url' is ignored: did you mean 'archive_url'?",
            )
        ],
    ),
    "a misspelt offline is not also a source nobody can follow": (
        entry(sources=COURT.replace("offline:", "ofline:")),
        [(10, 5, "ST005", "unknown source field 'ofline' is ignored: did you mean 'offline'?")],
    ),
    "a misspelling beside the field itself is only unknown": (
        entry(sources=COURT + "    publsher: Ankara court\n"),
        [(11, 5, "ST005", "unknown source field 'publsher' is ignored: did you mean 'publisher'?")],
    ),
    "a hedge with no citation at all is the hedge": (
        entry(body="The officer reportedly met him.\n\nThe court sat [@court].\n"),
        [
            (
                BODY_LINE,
                1,
                "ST021",
                "hedged claim ('reportedly') has no citation of its own: \"The officer "
                'reportedly met him." (cite who says so in this sentence, or state it plainly '
                "with a source)",
            )
        ],
    ),
    "an id in capitals is the malformed citation, not an uncited claim or unused source": (
        entry(body="The court sat [@Court].\n"),
        [
            (
                BODY_LINE,
                15,
                "ST011",
                BAD_ID.format(text="[@Court]", id="Court") + "; did you mean court?",
            )
        ],
    ),
    "a hedge whose own citation is malformed is the malformed citation": (
        entry(body="The court reportedly sat [@Court].\n"),
        [
            (
                BODY_LINE,
                26,
                "ST011",
                BAD_ID.format(text="[@Court]", id="Court") + "; did you mean court?",
            )
        ],
    ),
    "a hedge before a malformed citation still needs its own": (
        entry(body="The court reportedly met. It ruled [@Court].\n"),
        [
            (
                BODY_LINE,
                1,
                "ST021",
                "hedged claim ('reportedly') has no citation of its own: \"The court "
                'reportedly met." (cite who says so in this sentence, or state it plainly '
                "with a source)",
            ),
            (
                BODY_LINE,
                36,
                "ST011",
                BAD_ID.format(text="[@Court]", id="Court") + "; did you mean court?",
            ),
        ],
    ),
    "a malformed citation was meant for the sentences before it in its paragraph": (
        entry(body="The court met.\nIt ruled [@Court].\n\nIt sat.\n"),
        [
            (
                BODY_LINE + 1,
                10,
                "ST011",
                BAD_ID.format(text="[@Court]", id="Court") + "; did you mean court?",
            ),
            (BODY_LINE + 3, 1, "ST020", 'uncited claim: "It sat." (cite one of: court)'),
        ],
    ),
    "an unclosed citation of the only source": (
        entry(body="The court sat [@court.\n"),
        [(BODY_LINE, 15, "ST011", "malformed citation '[@court.' is never closed: add ']'")],
    ),
    "a misspelt citation is not also a source never cited": (
        entry(
            sources=COURT + COURT.replace("id: court", "id: coastpost"),
            body="The court sat [@coaspost]. It ruled [@court].\n",
        ),
        [
            (
                BODY_LINE + 5,
                16,
                "ST010",
                "unknown source '@coaspost': did you mean coastpost? cite one of: court, coastpost",
            )
        ],
    ),
    "a misspelt via is not also an untraced claim or a source never cited": (
        entry(
            sources=COURT + PAPER.replace("via: [court]", "via: [cuort]"),
            body="Prosecutors charged 27 [@paper].\n",
        ),
        [
            (
                17,
                11,
                "ST010",
                "source 'paper' is via 'cuort', which is not another listed source: did you "
                "mean court? use one of: court",
            )
        ],
    ),
    "a placeholder claim is not raw HTML with an event attribute": (
        entry(body="<First claim of the entry, one sentence> [@court].\n"),
        [
            (
                BODY_LINE,
                1,
                "ST014",
                PLACEHOLDER_TEXT.format(p="<First claim of the entry, one sentence>"),
            )
        ],
    ),
    "a placeholder citation is not also a source never cited": (
        entry(body="The court sat [@<source-id>].\n"),
        [
            (
                BODY_LINE,
                17,
                "ST014",
                "unfilled placeholder '<source-id>' from the entry template in a citation: "
                "write the id of a listed source in its place (cite one of: court)",
            )
        ],
    ),
    "a placeholder role is not a bad role": (
        entry(sources=COURT.replace("role: primary", "role: <primary or secondary>")),
        [
            (
                9,
                5,
                "ST014",
                "source 'court' 'role' is the template's placeholder '<primary or secondary>': "
                "fill it in (primary: the thing itself; secondary: a report about it; one of: "
                "primary, secondary)",
            )
        ],
    ),
    "a placeholder url is not a relative address": (
        entry(sources=COURT + "    url: <https://source address>\n"),
        [
            (
                11,
                5,
                "ST014",
                "source 'court' 'url' is the template's placeholder '<https://source address>': "
                "fill it in (absolute http(s) address of the source), or delete the line",
            )
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=list(CASES))
def test_one_mistake_gives_one_finding(text: str, expected: list[Finding]) -> None:
    checked = check_entry("entry.md", text.encode(), authors=AUTHORS)
    found = [(d.position.line, d.position.column, d.rule, d.message) for d in checked.diagnostics]
    assert found == expected


def test_two_mistakes_still_give_two_findings() -> None:
    # An uncited claim in another paragraph is not the malformed citation's.
    checked = check_entry(
        "entry.md",
        entry(body="It sat.\n\nThe court ruled [@Court].\n").encode(),
        authors=AUTHORS,
    )
    assert [(d.position.line, d.rule) for d in checked.diagnostics] == [
        (BODY_LINE, "ST020"),
        (BODY_LINE + 2, "ST011"),
    ]
