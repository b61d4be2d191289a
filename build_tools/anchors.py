"""The ids that link a claim, a citation and a source together on a page.

The renderer writes these ids and the site-wide data files (claims.json,
sources.json, JSON-LD) point at them, so both take them from here.
"""

from __future__ import annotations

import hashlib
import re

from build_tools.model import Body

_SPACE = re.compile(r"\s+")

# The renderer writes its own ids with this private-use character in front. The page
# sanitiser keeps such an id (dropping the mark) and moves every other id that could
# collide with the page's own, or shadow a DOM property, under a "user-content-" prefix.
# Entry text can never carry the mark: the renderer strips it from the Markdown first.
OWN_ID = "\ue002"


def own(anchor: str) -> str:
    """``anchor`` marked as an id the renderer wrote itself (see ``OWN_ID``)."""
    return OWN_ID + anchor


def strip_own_marks(html: str) -> str:
    """``html`` without the marks of ``own``: for output that no sanitiser reads."""
    return html.replace(OWN_ID, "")


def source_anchor(source_id: str) -> str:
    """Id of a source's item in the entry's Sources section."""
    return f"source-{source_id}"


def citation_anchor(citation_index: int, reference_number: int) -> str:
    """Id of one reference inside a rendered citation (the target of a back-link)."""
    return f"cite-{citation_index + 1}-{reference_number + 1}"


def claim_anchors(body: Body) -> tuple[str, ...]:
    """Return a stable id for every claim of ``body``, in claim order.

    The id comes from the sentence's own words, not its position, so adding a
    sentence elsewhere does not change the links to the others. A sentence
    repeated on one page gets a numeric suffix.
    """
    seen: dict[str, int] = {}
    anchors = []
    for claim in body.claims:
        words = _SPACE.sub(" ", claim.text).strip()
        digest = hashlib.sha1(words.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
        anchor = f"claim-{digest}"
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.append(anchor if count == 0 else f"{anchor}-{count + 1}")
    return tuple(anchors)
