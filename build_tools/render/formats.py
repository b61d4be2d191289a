"""What a link to a source opens, when it is not a web page: readers are told before they click.

A PDF opens in a viewer or downloads, can be large, and is often unreadable on a phone or
to a screen reader; WCAG's technique G197 asks for the format in the link's own text.
The schema has no format field, so the address decides: a path ending in ``.pdf``.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

PDF_LABEL = "PDF"


def opens_pdf(url: str | None) -> bool:
    """Whether ``url``'s path names a PDF (``/report.pdf``, ``/A.PDF?page=2``).

    Only the path counts: ``/download?file=a.pdf`` may answer with anything.
    """
    # Most addresses never mention it: they are spared the parse.
    if not url or "pdf" not in url.casefold():
        return False
    try:
        path = urlsplit(url.strip()).path
    except ValueError:  # an unclosed IPv6 bracket: the checker reports the address
        return False
    return unquote(path).casefold().endswith(".pdf")


def with_format(label: str, url: str | None) -> str:
    """``label`` followed by the format ``url`` opens, if it is one readers should know."""
    return f"{label} ({PDF_LABEL})" if opens_pdf(url) else label
