"""Check results kept by content hash, so that an unchanged entry is never checked twice.

Modelled on ruff's cache. A result is kept under a key made of everything that can
change it:

- the entry file's bytes and the path its findings show;
- the checker's version: Python's, the versions of the libraries that read entries
  (Python-Markdown, pymdown-extensions, PyYAML, rapidfuzz), and a hash of every file
  of ``build_tools`` (its Python and the entry template a rule reads), which changes
  whenever the package's version could. The source hash, not a schema number bumped by hand,
  because a rule edited without a bump would otherwise serve yesterday's findings;
  hashing the sources (and asking for the libraries' versions) costs about 40 ms a run.
  ``SCHEMA`` is bumped only when the stored record changes shape;
- the settings: Markdown extensions and their options, the site's language, the
  hedge lists, the snapshot store's folder, the author ids of ``.authors.yml`` and
  the ``--require`` levels;
- the snapshots the entry cites, by content: each cited snapshot's folder is hashed
  (names and bytes) when the result is kept, and again, once a run, before it is used.

A result is kept in memory for the process (the preview checks the same entries
again and again) and, given a folder, on disk for CI: one file per result, written
to a temporary file and renamed into place, so a reader never sees half a file. A
file that is damaged, was written by another version, or holds anything but a
result is passed over and the entry checked again: the cache can make a run faster,
never different. Results read from disk are unpickled with only the model's own
classes allowed, so a planted file cannot run code.

Links between entries (ST054) are not kept here: they depend on the other files, and
are worked out again every run from the entries the results hold.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import datetime
import hashlib
import importlib.util
import io
import json
import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import build_tools
from build_tools import model
from build_tools.check import CheckedFile, CheckSettings
from build_tools.evidence.verify import SnapshotStore
from build_tools.model import Diagnostic, Entry

CACHE_DIR = ".sourcetrace-cache"
# The layout of a stored record; bump it when CachedCheck or the file format changes.
SCHEMA = 1
_MAGIC = b"sourcetrace-check-cache\n"
# The libraries that read entries: distribution, and its top-level package.
_LIBRARIES = (
    ("markdown", "markdown"),
    ("pymdown-extensions", "pymdownx"),
    ("PyYAML", "yaml"),
    ("rapidfuzz", "rapidfuzz"),
)
_SNAPSHOT_PREFIX = "sha256:"


@dataclass(frozen=True, slots=True)
class CachedCheck:
    """One entry's result: its check, its ``--require`` findings, the snapshots they rest on.

    ``snapshots`` pairs each snapshot the entry cites with the hash of its folder
    when the result was made (``"absent"`` for one not in the store).
    """

    checked: CheckedFile
    required: tuple[Diagnostic, ...] = ()
    snapshots: tuple[tuple[str, str], ...] = ()


def _sha(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _normal(distribution: str) -> str:
    """A distribution's name as its ``.dist-info`` folder spells it (PEP 503, then 427)."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


def library_version(distribution: str, module: str) -> str:
    """The installed version of ``distribution``, whose top-level package is ``module``.

    Read from the name of the ``.dist-info`` folder beside the package, as installers
    write it, without importing the package (rapidfuzz alone takes 30 ms) or
    ``importlib.metadata`` (50 ms, a sixth of a one-entry check); where there is no such
    folder, ``importlib.metadata`` is asked.
    """
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent.parent
        wanted = _normal(distribution)
        with contextlib.suppress(OSError), os.scandir(folder) as listing:
            for found in listing:
                # "name-version.dist-info", the name with no "-" in it (PEP 427).
                stem = found.name.removesuffix(".dist-info")
                name, _, version = stem.partition("-")
                if stem != found.name and version and _normal(name) == wanted:
                    return version
    from importlib import metadata  # only for an unusual installation: see above

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def checker_version() -> str:
    """A hash naming this checker: its sources (so its version), Python's and its libraries'."""
    parts = [f"schema {SCHEMA}", sys.version]
    parts += [f"{name} {library_version(name, module)}" for name, module in _LIBRARIES]
    package = Path(build_tools.__file__).parent
    # Every file, not only the Python: the rules read the entry template, for one.
    sources = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    hashed = [p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes() for p in sources]
    return _sha(*(p.encode() for p in parts), *hashed)


def _stable(value: Any) -> Any:
    """``value`` as JSON that is the same in every process (functions by their names)."""
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_stable(v) for v in value]
        return sorted(items, key=json.dumps) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    kind = type(value)
    name = getattr(value, "__qualname__", None)
    if callable(value) and name is not None:
        return f"{getattr(value, '__module__', '?')}.{name}"
    configs = getattr(value, "getConfigs", None)  # a Markdown extension given as an object
    shown = _stable(configs()) if callable(configs) else repr(value)
    return [f"{kind.__module__}.{kind.__qualname__}", shown]


def settings_key(
    settings: CheckSettings, authors: Collection[str] | None, require: Iterable[str] = ()
) -> str:
    """A hash of every setting that can change a check's result."""
    reader = settings.reader
    described = {
        "extensions": _stable(reader.extensions) if reader else None,
        "configs": _stable(reader.configs) if reader else None,
        "reader language": reader.language if reader else None,
        "language": settings.language,
        "hedges": _stable(settings.hedges),
        "snapshots": str(settings.snapshots.root) if settings.snapshots else None,
        "authors": sorted(authors) if authors is not None else None,
        "require": sorted(set(require)),
    }
    return _sha(checker_version().encode(), json.dumps(described, sort_keys=True).encode())


def entry_key(settings: str, shown: str, data: bytes) -> str:
    """The key of one entry file's result: its bytes, its shown path and the settings."""
    return _sha(settings.encode(), shown.encode("utf-8", "surrogateescape"), data)


def cited_snapshots(entry: Entry | None) -> tuple[str, ...]:
    """The snapshots (by digest) that ``entry``'s sources name."""
    if entry is None:
        return ()
    named = {
        s.snapshot.removeprefix(_SNAPSHOT_PREFIX)
        for s in entry.sources
        if s.snapshot and s.snapshot.startswith(_SNAPSHOT_PREFIX)
    }
    return tuple(sorted(named))


# Pickling: MappingProxyType (the model's read-only maps) by way of a named function,
# and only the model's classes allowed back.


def _proxy(items: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(items)


def _reduce_proxy(value: MappingProxyType[str, Any]) -> tuple[Callable[..., Any], tuple[Any]]:
    return _proxy, (dict(value),)


def _reduce_by_fields(value: Any) -> tuple[type, tuple[Any, ...]]:
    """A model object as its class and its fields, rebuilt by calling the class.

    The default for a slotted dataclass restores each object through a Python-level
    ``__setstate__`` that looks its fields up every time: most of the time a warm run
    took, for the few hundred positions and tags an entry holds.
    """
    names = _FIELDS[type(value)]
    return type(value), tuple(getattr(value, name) for name in names)


def _model_classes() -> list[type]:
    found = [getattr(model, name) for name in dir(model)]
    return [
        c
        for c in found
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__
    ]


_FIELDS: dict[type, tuple[str, ...]] = {
    c: tuple(f.name for f in dataclasses.fields(c)) for c in _model_classes()
}
_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH[MappingProxyType] = _reduce_proxy
_DISPATCH.update((c, _reduce_by_fields) for c in _FIELDS)
_ALLOWED: Mapping[str, Callable[[str], bool]] = {
    "build_tools.model": lambda name: (
        isinstance(getattr(model, name, None), type)
        and getattr(model, name).__module__ == "build_tools.model"
    ),
    "build_tools.check": lambda name: name == "CheckedFile",
    __name__: lambda name: name in ("CachedCheck", "_proxy"),
    "datetime": lambda name: name in ("date", "datetime", "time", "timedelta", "timezone"),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module_name: str, name: str) -> Any:
        allowed = _ALLOWED.get(module_name)
        if allowed is None or not allowed(name):
            raise pickle.UnpicklingError(f"{module_name}.{name} is not a check result")
        if module_name == "datetime":
            return getattr(datetime, name)
        return super().find_class(module_name, name)


def _dumps(value: CachedCheck) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()


def _loads(data: bytes) -> CachedCheck | None:
    try:
        value = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # any damage means "not a result": check again
        return None
    return value if isinstance(value, CachedCheck) else None


@dataclass
class CheckCache:
    """Results by key, in memory and, given ``folder``, on disk.

    ``hits`` and ``misses`` count the lookups of this run (``start_run``), so that a
    caller can say how many entries were checked.
    """

    folder: Path | None = None
    hits: int = 0
    misses: int = 0
    _memory: dict[str, CachedCheck] = field(default_factory=dict)
    _fingerprints: dict[tuple[str, str], str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    _prepared: bool = False

    def start_run(self) -> None:
        """Forget what this run learnt of the snapshot store; a new run looks again."""
        self._fingerprints.clear()
        self._used.clear()
        self._prepared = False
        self.hits = self.misses = 0

    @property
    def _here(self) -> Path | None:
        """The folder of this checker version's results (older versions' are pruned)."""
        if self.folder is None:
            return None
        return self.folder / f"v{SCHEMA}-{checker_version()[:16]}"

    def _file(self, key: str) -> Path | None:
        here = self._here
        return None if here is None else here / f"{key}.bin"

    def fingerprint(self, store: SnapshotStore | None, digest: str) -> str:
        """The hash of snapshot ``digest``'s folder (names and bytes), once a run."""
        root = str(store.root) if store is not None else ""
        known = self._fingerprints.get((root, digest))
        if known is None:
            known = self._fingerprints[(root, digest)] = _folder_hash(
                store.folder(digest) if store is not None else None
            )
        return known

    def get(self, key: str, store: SnapshotStore | None) -> CachedCheck | None:
        """The result kept under ``key``, if there is one and its snapshots are unchanged."""
        found = self._memory.get(key)
        if found is None:
            found = self._read(key)
        if found is not None and all(
            self.fingerprint(store, digest) == kept for digest, kept in found.snapshots
        ):
            self._memory[key] = found
            self._used.add(key)
            self.hits += 1
            return found
        self.misses += 1
        return None

    def put(
        self,
        key: str,
        checked: CheckedFile,
        required: tuple[Diagnostic, ...],
        store: SnapshotStore | None,
    ) -> CachedCheck:
        """Keep a result made now; its snapshots are hashed as they are now."""
        snapshots = tuple(
            (digest, self.fingerprint(store, digest)) for digest in cited_snapshots(checked.entry)
        )
        result = CachedCheck(checked, required, snapshots)
        self._memory[key] = result
        self._used.add(key)
        self._write(key, result)
        return result

    def _read(self, key: str) -> CachedCheck | None:
        path = self._file(key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        header = _MAGIC + key.encode() + b"\n"
        if not data.startswith(header):
            return None  # another key's file, or not one of ours
        return _loads(data[len(header) :])

    def _write(self, key: str, result: CachedCheck) -> None:
        path = self._file(key)
        if path is None:
            return
        # A name no other process writes to (the key and this process), renamed into
        # place: a reader sees the whole of a file or none of it.
        temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
        try:
            if not self._prepared:
                _prepare(path.parent)
                self._prepared = True
            data = _MAGIC + key.encode() + b"\n" + _dumps(result)
            with open(temporary, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except (OSError, pickle.PicklingError):
            # A cache that cannot be written only makes the next run slower.
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def prune(self) -> None:
        """Remove other versions' results, and this version's results this run did not use.

        Call it after a run that looked up every entry of the digest, so that the
        folder CI saves holds only what the next run can use.
        """
        here = self._here
        if here is None or self.folder is None:
            return
        try:
            for old in self.folder.iterdir() if self.folder.is_dir() else ():
                if old.is_dir() and old != here and old.name.startswith("v"):
                    shutil.rmtree(old, ignore_errors=True)
            for kept in here.glob("*.bin") if here.is_dir() else ():
                if kept.stem not in self._used:
                    kept.unlink(missing_ok=True)
        except OSError:
            return  # a folder this user may not change: it only stays larger


def _prepare(folder: Path) -> None:
    """Make the cache folder, marked as a cache that git and backups pass over (as ruff does)."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.parent
    (root / ".gitignore").write_text("# Made by sourcetrace check.\n*\n", encoding="utf-8")
    (root / "CACHEDIR.TAG").write_text(
        "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# The check results of sourcetrace check; see https://bford.info/cachedir/\n",
        encoding="utf-8",
    )


def _folder_hash(folder: Path | None) -> str:
    """A hash of every file's name and bytes under ``folder``; "absent" when it is not there."""
    if folder is None or not folder.is_dir():
        return "absent"
    parts: list[bytes] = []
    for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
        try:
            parts.append(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        except OSError:
            parts.append(path.relative_to(folder).as_posix().encode() + b"\0unreadable")
    return _sha(*parts)
