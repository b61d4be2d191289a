"""The texts of the evidence rules: snapshots and quoted passages (ST070 to ST073).

Their code is ``build_tools.evidence.verify``; they need the snapshot store, so
their examples describe a store rather than being whole entries.
"""

from __future__ import annotations

from build_tools.model import Severity
from build_tools.rules.rule import Rule

_VERDICTS = (
    "A quoted passage is a source's quote: or a citation whose locator is a passage in "
    'quotation marks, [@repost, "said to come from an ongoing court case"]. Both sides '
    "are normalised (Unicode NFC, curly and straight quotation marks, dashes, soft hyphens "
    "and zero-width characters, runs of white space, the Turkish i's, case), the quote is "
    "split at [...], [\u2026], \u2026 and ... into segments that must appear in order, and each "
    "is looked for exactly, then fuzzily. Verdicts: verified (shown on the page); altered "
    "(ST073); not found (ST072); no snapshot (counted in the sourcing figures, no finding). "
)

EVIDENCE_RULES: tuple[Rule, ...] = (
    Rule(
        "ST070",
        Severity.ERROR,
        "a source names a snapshot that is not in the snapshot store",
        "A source's snapshot: sha256:<hex> names a captured copy in content/snapshots/<hex>/. "
        "If that folder is missing or unreadable, nothing the entry says about the source can "
        "be verified. Capture the source again with 'sourcetrace capture' (it prints the "
        "value), or correct the value.",
        "source 'repost': snapshot: sha256:4f1c… but content/snapshots/4f1c…/ does not exist.",
        "'sourcetrace capture --file repost.html --url https://example.org/repost' stores "
        "content/snapshots/4f1c…/ and prints snapshot: sha256:4f1c….",
    ),
    Rule(
        "ST071",
        Severity.ERROR,
        "a snapshot's bytes or text do not hash to what its name records",
        "A snapshot is named by the SHA-256 of the bytes captured, and meta.json records the "
        "hash of each text extracted from them. A file that no longer hashes to its name was "
        "changed after capture, so a quote verified against it proves nothing. Restore the "
        "snapshot from version control, or capture the source again.",
        "content/snapshots/4f1c…/original.html was edited by hand: its SHA-256 is now 9a02….",
        "The snapshot as captured: original.html hashes to 4f1c…, its folder's name.",
    ),
    Rule(
        "ST072",
        Severity.ERROR,
        "a quoted passage is not in the source's snapshot",
        _VERDICTS + "Not found means some segment has no close match anywhere after the "
        "segment before it: the passage is from another source, was paraphrased, or its "
        "parts are out of order. Copy the passage from the snapshot, marking left-out words "
        "with [\u2026] in a quote: and with \u2026 in a citation, where a bracket would close "
        "the citation.",
        'quote: "The court sentenced all 27 defendants." (the snapshot never says so)',
        'quote: "prosecutors then charged 27 individuals" (the snapshot\'s own words)',
    ),
    Rule(
        "ST073",
        Severity.WARNING,
        "a quoted passage differs from the source's snapshot",
        _VERDICTS + "Altered means every segment has a close match but words differ; the "
        "message shows what the source says and what the quote says. A change that touches "
        "a number or a negation (not, never, no, değil, yok...) is never verified however "
        "close the rest is; a difference in punctuation alone is. Quote the source's own "
        "words, or mark a left-out word with [\u2026].",
        'quote: "At least 91 people came under surveillance" (the snapshot says 19)',
        'quote: "At least 19 people came under surveillance"',
    ),
    Rule(
        "ST074",
        Severity.ERROR,
        "a claim or passage falls short of the evidence level the digest requires",
        "Reported only when the digest asks for a level: 'sourcetrace check --require LEVEL' "
        "(repeatable) or the plugin's require: option. Levels are rungs of the evidence "
        "ladder every claim must reach: cited; primary (a primary source cited directly: a "
        "via chain does not count); openable (a source with a url, an archive_url or a "
        "published snapshot); verified (a passage citation verified in a snapshot). The "
        "level quotes asks that every quote and passage citation be verified, so a source "
        "quoted without a snapshot falls short. Raise the claim, or lower the requirement.",
        "--require quotes; source 'repost' has quote: but no snapshot.",
        "'sourcetrace capture --file repost.txt --entry ... --id repost' adds its snapshot, "
        "and the quote is verified.",
    ),
)
