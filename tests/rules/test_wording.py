"""Capped lists of ids and near-miss hints in messages."""

from __future__ import annotations

import json

import pytest

from build_tools.rules.wording import cite_one_of, did_you_mean, listed

LETTERS = list("abcdefghij")


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], "cite one of: (none: add sources to the front-matter)"),
        (["court"], "cite one of: court"),
        (LETTERS[:8], "cite one of: a, b, c, d, e, f, g, h"),
        (LETTERS[:9], "cite one of: a, b, c, d, e, f, g, h and 1 more"),
        (
            [f"s{i}" for i in range(1500)],
            "cite one of: s0, s1, s2, s3, s4, s5, s6, s7 and 1,492 more",
        ),
    ],
)
def test_cite_one_of_names_at_most_eight(ids: list[str], expected: str) -> None:
    assert cite_one_of(ids) == expected


def test_the_limit_can_be_set() -> None:
    assert cite_one_of(LETTERS, limit=2) == "cite one of: a, b and 8 more"
    assert listed(LETTERS, limit=10) == "a, b, c, d, e, f, g, h, i, j"


def test_the_message_stays_short_however_many_sources() -> None:
    """The case that made 1.8 GB of JSON: 1,500 sources named in each of 60,000 findings."""
    ids = [f"source-{i:04d}" for i in range(1500)]
    message = f'uncited claim: "It adjourned." ({cite_one_of(ids)})'
    assert len(message) < 200
    assert len(json.dumps([{"message": message}] * 60_000)) < 15_000_000


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("coastpst", ["court", "coastpost", "gazette"], "did you mean coastpost?"),
        ("gazete", ["court", "gazette"], "did you mean gazette?"),
        ("cuort", ["court"], "did you mean court?"),
        ("ministry", ["court", "gazette"], ""),
        ("coast", ["coastguard-report"], ""),
        ("court", [], ""),
    ],
)
def test_did_you_mean_only_a_near_miss(name: str, candidates: list[str], expected: str) -> None:
    assert did_you_mean(name, candidates) == expected
