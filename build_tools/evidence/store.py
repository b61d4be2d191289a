"""The snapshot store: captured sources kept by the SHA-256 of their bytes.

Each snapshot is a folder ``<root>/<hex>/`` named by the hash of the bytes that
were captured, holding:

- ``original.<ext>``: those bytes, exactly (the page, the PDF, the text file);
- ``text.txt``: every visible word of it, the text quotes are verified against;
- ``main.txt`` (HTML only): the article's main text as ``trafilatura`` reads it;
- ``meta.json``: where and when it was captured, what it is, the hash of each
  text file, and the metadata read from it with where each field came from;
- ``response.warc.gz`` (network captures only): the HTTP exchange as a WARC record.

The same bytes are one snapshot: adding them again returns the folder already
there and writes nothing. A snapshot is written into a temporary folder beside
the others and renamed into place, so a failed capture leaves nothing
half-written, and nothing is ever overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.evidence.normalise import Normalised, normalise

PREFIX = "sha256:"
META_FILE = "meta.json"
TEXT_FILE = "text.txt"
MAIN_FILE = "main.txt"
WARC_FILE = "response.warc.gz"
FORMAT_VERSION = 1
_HEX = re.compile(r"[0-9a-f]{64}\Z")


def digest_of(data: bytes) -> str:
    """The hexadecimal SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def reference(digest: str) -> str:
    """The ``snapshot:`` value naming a snapshot: ``sha256:<hex>``."""
    return PREFIX + digest


def short(digest: str) -> str:
    """The first 12 hex digits, as a page shows a snapshot."""
    return digest[:12]


class SnapshotError(Exception):
    """A snapshot that is missing, unreadable or not what its name says."""

    def __init__(self, message: str, *, tampered: bool = False) -> None:
        super().__init__(message)
        self.tampered = tampered


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One captured source, read from the store and checked against its name."""

    digest: str
    folder: Path
    meta: Mapping[str, Any]
    texts: Mapping[str, str]
    _normalised: dict[str, Normalised] = field(default_factory=dict, compare=False, repr=False)

    @property
    def captured(self) -> str | None:
        """When it was captured, an ISO 8601 time in UTC, if recorded."""
        value = self.meta.get("captured")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str | None:
        """What kind of copy it is, when the editor said (``a verbatim third-party copy``)."""
        value = self.meta.get("label")
        return value if isinstance(value, str) else None

    def normalised(self) -> list[Normalised]:
        """Each text of the snapshot, normalised once: the full visible text first."""
        for name, text in self.texts.items():
            if name not in self._normalised:
                self._normalised[name] = normalise(text)
        return [self._normalised[name] for name in self.texts]


@dataclass(frozen=True, slots=True)
class NewSnapshot:
    """What a capture hands to the store: the bytes and what was made of them."""

    data: bytes
    extension: str
    text: str
    meta: Mapping[str, Any]
    main_text: str | None = None
    warc: bytes | None = None


def parse_reference(value: str) -> str | None:
    """The hex digest of a ``sha256:<hex>`` value, or None if it is not one."""
    if not value.startswith(PREFIX):
        return None
    digest = value[len(PREFIX) :]
    return digest if _HEX.match(digest) else None


class SnapshotStore:
    """The content-addressed folder of captured sources.

    Reading memoises each snapshot, so one check of a whole digest reads and
    hashes a snapshot once however many entries cite it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._loaded: dict[str, Snapshot | SnapshotError] = {}

    def folder(self, digest: str) -> Path:
        """The folder that holds (or would hold) the snapshot ``digest``."""
        return self.root / digest

    def load(self, digest: str) -> Snapshot:
        """Read snapshot ``digest`` and check every file against its recorded hash.

        Raises:
            SnapshotError: when it is missing, unreadable, or its bytes or texts do
                not hash to what its name and ``meta.json`` say (``tampered``).

        """
        known = self._loaded.get(digest)
        if known is None:
            try:
                known = self._read(digest)
            except SnapshotError as error:
                known = error
            self._loaded[digest] = known
        if isinstance(known, SnapshotError):
            raise known
        return known

    def _read(self, digest: str) -> Snapshot:
        folder = self.folder(digest)
        shown = f"{PREFIX}{short(digest)}…"
        if not folder.is_dir():
            raise SnapshotError(f"snapshot {shown} is not in {self.root}")
        try:
            meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
            originals = sorted(folder.glob("original.*"))
            if len(originals) != 1:
                raise SnapshotError(f"snapshot {shown} has no single original.* file")
            data = originals[0].read_bytes()
            texts = {TEXT_FILE: (folder / TEXT_FILE).read_text(encoding="utf-8")}
            if (folder / MAIN_FILE).is_file():
                texts[MAIN_FILE] = (folder / MAIN_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SnapshotError(f"snapshot {shown} cannot be read: {error}") from error
        if not isinstance(meta, dict):
            raise SnapshotError(f"snapshot {shown}: {META_FILE} is not a JSON object")
        actual = digest_of(data)
        if actual != digest:
            raise SnapshotError(
                f"snapshot {shown}: the bytes of {originals[0].name} hash to "
                f"{PREFIX}{short(actual)}…, not to its name: the copy was changed after capture",
                tampered=True,
            )
        recorded = meta.get("texts", {})
        for name, text in texts.items():
            expected = recorded.get(name) if isinstance(recorded, dict) else None
            if expected != digest_of(text.encode("utf-8")):
                raise SnapshotError(
                    f"snapshot {shown}: {name} does not hash to the value in {META_FILE}: "
                    "the text was changed after capture",
                    tampered=True,
                )
        return Snapshot(digest, folder, meta, texts)

    def add(self, new: NewSnapshot) -> tuple[Snapshot, bool]:
        """Store ``new`` atomically; return the snapshot and whether it was created.

        The same bytes already stored are that snapshot: nothing is written, and
        the existing one is returned (checked like any other).
        """
        digest = digest_of(new.data)
        target = self.folder(digest)
        if target.exists():
            return self.load(digest), False
        self.root.mkdir(parents=True, exist_ok=True)
        texts = {TEXT_FILE: new.text}
        if new.main_text is not None:
            texts[MAIN_FILE] = new.main_text
        meta = {
            "format": FORMAT_VERSION,
            "sha256": digest,
            "original": f"original.{new.extension}",
            "bytes": len(new.data),
            **new.meta,
            "texts": {name: digest_of(text.encode("utf-8")) for name, text in texts.items()},
        }
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.root))
        try:
            (staging / f"original.{new.extension}").write_bytes(new.data)
            for name, text in texts.items():
                (staging / name).write_text(text, encoding="utf-8", newline="\n")
            if new.warc is not None:
                (staging / WARC_FILE).write_bytes(new.warc)
            (staging / META_FILE).write_text(
                json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                encoding="utf-8",
                newline="\n",
            )
            for child in staging.iterdir():
                with child.open("rb") as handle:
                    os.fsync(handle.fileno())
            try:
                # Renaming a folder onto an existing one fails: never an overwrite.
                os.rename(staging, target)
            except OSError:
                if not target.is_dir():
                    raise
                shutil.rmtree(staging)
                return self.load(digest), False
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._loaded.pop(digest, None)
        return self.load(digest), True
