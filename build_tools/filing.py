"""Writing a file whole: readers see the old file or the new one, never half of either.

Entries, the schema and the link state are all written this way. The text goes
to a temporary file beside the target, is flushed to disk, and only then takes
the target's name, so a full disk or a killed process leaves the old file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _usual_mode() -> int:
    """The permissions a newly created file would get (mkstemp makes it private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_whole(path: Path, text: str, *, replace: bool = True, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8, Unix line endings) to ``path`` completely or not at all.

    Args:
        path: the file to write; its folder must exist.
        text: the whole new content.
        replace: replace an existing file; when false, an existing file is never touched
            and ``FileExistsError`` is raised (the new file is hard-linked into place,
            which fails if the name is taken, even by a file created a moment ago).
        mode: permissions for the file; by default those of a newly created file.

    Raises:
        OSError: if the file cannot be written; ``FileExistsError`` as described above.

    """
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    placed = False
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            os.fchmod(handle.fileno(), _usual_mode() if mode is None else mode)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, path)
            placed = True
        else:
            os.link(temporary, path)
    finally:
        if not placed:
            temporary.unlink(missing_ok=True)
