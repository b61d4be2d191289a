"""Text from other servers, made safe to store and print: escaped and capped.

A server chooses its reason phrase, its ``Location`` header and, through
them, most of an error's text. That text is stored in the state file, printed
on terminals (where an escape sequence can rewrite the screen), written into
GitHub annotations and job summaries (where a line break starts a new
workflow command) and reviewed in pull requests (where a bidirectional
override makes text read differently from what it is). So every such text is
passed through :func:`printable` before it is kept: control, format and
line-separator characters become visible escapes, and the text is cut to
:data:`MAX_CHARS`.
"""

from __future__ import annotations

import unicodedata

MAX_CHARS = 300

# Control (Cc), format (Cf: bidirectional overrides, zero-width characters),
# line and paragraph separators, and lone surrogates.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(character: str) -> str:
    if unicodedata.category(character) not in _UNSAFE_CATEGORIES:
        return character
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, limit: int | None = MAX_CHARS) -> str:
    r"""Return ``text`` with unsafe characters escaped, cut to at most ``limit`` characters.

    A cut text ends in "… (N more characters)", counted within ``limit``, so the
    result is never longer than ``limit`` (of 40 or more) and passing it through
    again changes nothing. An escape is never cut in half.

    Args:
        text: text from outside (a header, an error, a stored record).
        limit: the longest result; None for escaping only.

    Examples:
        >>> printable("Moved\x1b[2J")
        'Moved\\x1b[2J'

    """
    pieces = [_escape(character) for character in text]
    total = sum(len(piece) for piece in pieces)
    if limit is None or total <= limit:
        return "".join(pieces)
    kept: list[str] = []
    used = 0
    for piece in pieces:
        # Keep a piece only if the marker for what would still be left fits after it.
        after = used + len(piece)
        if after + len(_marker(total - after)) > limit:
            break
        kept.append(piece)
        used = after
    return "".join(kept) + _marker(total - used)


def _marker(left: int) -> str:
    return f"… ({left} more characters)"
