"""What the preview shows in a page: an entry's findings, and the note of a focused preview.

Built with ElementTree, so every value (messages quote the entry's own text) is escaped
as text, never read as markup. Only Material's admonition classes are used, so the
banner is styled without inline styles the Content-Security-Policy would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from build_tools.model import Diagnostic, Severity


def _admonition(kind: str, title: str) -> ET.Element:
    block = ET.Element("div", {"class": f"admonition {kind}"})
    ET.SubElement(block, "p", {"class": "admonition-title"}).text = title
    return block


def _count(findings: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in findings if d.severity is Severity.ERROR)
    warnings = len(findings) - errors
    parts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    return " and ".join(parts)


def findings_banner(findings: Sequence[Diagnostic]) -> str:
    """Return the HTML of the banner listing ``findings``, or "" when there are none.

    Each finding shows its severity, rule id, line, column and message (which carries
    the fix). An entry with an error gets a ``failure`` block, one with warnings only a
    ``warning`` block; both say that the published build refuses what it would refuse.
    """
    if not findings:
        return ""
    errors = any(d.severity is Severity.ERROR for d in findings)
    title = f"Preview only: {_count(findings)} in {findings[0].path}"
    block = _admonition("failure" if errors else "warning", title)
    items = ET.SubElement(block, "ul")
    for finding in findings:
        item = ET.SubElement(items, "li")
        where = f"line {finding.position.line}, column {finding.position.column}: "
        ET.SubElement(item, "strong").text = f"{finding.severity.value} {finding.rule}"
        ET.SubElement(item, "span").text = " " + where + finding.message
    ET.SubElement(block, "p").text = (
        "The published build (make site) stops on every error, and on warnings too."
        if errors
        else "The published build (make site) stops on warnings."
    )
    return ET.tostring(block, encoding="unicode", method="html")


def focus_note(count: int) -> str:
    """Return the note shown at the top of every page of a preview focused on ``count`` entries."""
    noun = "entry" if count == 1 else "entries"
    block = _admonition("info", f"Focused preview of {count} {noun}")
    ET.SubElement(block, "p").text = (
        "Only the entries named to sourcetrace serve are built: listings, tag and Sources "
        "pages show those alone, other entries are missing, and search finds only what "
        "is built. Run sourcetrace serve without entries for the whole site."
    )
    return ET.tostring(block, encoding="unicode", method="html")
