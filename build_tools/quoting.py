"""How a value from an entry is quoted in a message."""

from __future__ import annotations


def shown(text: str) -> str:
    """``text`` quoted for a message, escaped where it holds characters a terminal would act on."""
    return f"'{text}'" if text.isprintable() else ascii(text)
