"""Turn an entry file's bytes into text, or say exactly why it cannot be read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_tools.model import Position

MAX_BYTES = 1 << 20  # 1 MiB: about 150,000 words, far beyond any digest entry
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a file is not entry text, and where."""

    message: str
    position: Position


def _position_of_byte(data: bytes, index: int) -> Position:
    line_start = data.rfind(b"\n", 0, index) + 1
    column = len(data[line_start:index].decode("utf-8", errors="replace")) + 1
    return Position(data.count(b"\n", 0, index) + 1, column)


def too_large(size: int, *, at_least: bool = False) -> Unreadable:
    """The finding for an entry of ``size`` bytes (``at_least`` that many), over the limit."""
    shown = f"more than {MAX_BYTES:,}" if at_least else f"{size:,}"
    return Unreadable(
        f"file is too large ({shown} bytes); entries are limited to "
        f"{MAX_BYTES:,} bytes: split it into several entries",
        Position(1, 1),
    )


def decode(data: bytes) -> str | Unreadable:
    """Decode ``data`` as UTF-8 (a leading BOM is dropped, CRLF and CR become LF)."""
    if len(data) > MAX_BYTES:
        return too_large(len(data))
    if data.startswith(BOM):
        data = data[len(BOM) :]
    nul = data.find(b"\0")
    if nul != -1:
        return Unreadable(
            "file is binary (it contains a NUL byte), not UTF-8 text: "
            "is this the file you meant to save here?",
            _position_of_byte(data, nul),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex().upper()
        return Unreadable(
            f"file is not UTF-8: byte 0x{bad} cannot be decoded; re-save the file as UTF-8",
            _position_of_byte(data, error.start),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What must not reach a terminal or a CI log as it is: C0 and C1 controls (a
# newline ends a line and an annotation, ESC starts a terminal command), line and
# paragraph separators, the bidirectional controls that reorder what is shown,
# and lone surrogates (a file name's undecodable bytes, escaped by Python).
_UNSAFE_TO_PRINT = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` with every character a terminal or log would act on written as an escape.

    A file name's undecodable byte 0xff is shown ``\xff``, ESC ``\x1b``, a
    newline ``\x0a``: one finding stays one line, as it was written.
    """
    return _UNSAFE_TO_PRINT.sub(_escaped, text)
