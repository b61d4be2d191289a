"""Compiled templates kept from one rebuild of the preview to the next.

MkDocs makes a new Jinja environment for every build, so on every save of the preview
each of Material's templates and ours is parsed and compiled again: most of a focused
rebuild's time. Jinja's bytecode cache keys each template by its name and a checksum of
its source, so an edited template is compiled afresh and an unchanged one never again.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache in this process's memory, for the life of the preview."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with the code kept for its key, if any (a stale one is refused)."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code ``bucket`` holds, under its key."""
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        """Forget every template."""
        self._code.clear()
