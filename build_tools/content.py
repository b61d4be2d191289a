"""Finding and reading the digest's files: the only module of the checker that does I/O.

``check`` works on bytes already read; this module decides which files are
entries, reads them, and hands them over, so the CLI, the MkDocs plugin and the
commands all see the same set of entries.

Nothing an editor can put in the docs folder stops a run or is passed over in
silence: a file that cannot be read (a dangling or looping link, a named pipe,
a folder named like an entry, a file too large) is an ST000 finding at its path,
and the others are still checked.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools import heap
from build_tools.check import CheckedFile, CheckSettings, check_entry
from build_tools.check_cache import CheckCache, entry_key, settings_key
from build_tools.crossref.digest import link_diagnostics
from build_tools.errors import FatalError, PathError
from build_tools.evidence.require import below_required
from build_tools.evidence.verify import SnapshotStore, recorded
from build_tools.model import Diagnostic, Position
from build_tools.parse.extensions import ExtensionError
from build_tools.parse.frontmatter import FrontMatter, plain_problem, read_yaml_file
from build_tools.parse.text import MAX_BYTES, Unreadable, printable, too_large
from build_tools.rules.hedges import HedgeListError
from build_tools.rules.registry import RULES
from build_tools.site_config import ENTRIES_DIR as ENTRIES_DIR  # where entries are, for all
from build_tools.site_config import MARKDOWN_SUFFIXES, ConfigError, SiteSetup, load_config, setup_of

AUTHORS_FILE = ".authors.yml"
# Captured copies of sources, under the docs folder, kept out of the published site.
SNAPSHOTS_DIR = "snapshots"


@dataclass(frozen=True, slots=True)
class Digest:
    """Every entry file that was read, checked, in path order.

    ``findings`` are about files that are not entries: the authors file's text,
    and links that would publish a file from outside the project. ``required`` are
    the findings of the ``require`` levels asked for, entry by entry.
    """

    docs_dir: Path | None
    files: tuple[CheckedFile, ...]
    findings: tuple[Diagnostic, ...] = ()
    required: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Authors:
    """The authors of ``.authors.yml``: the names readers see, and what is wrong with them.

    ``names`` maps each author id to its ``name`` (the id when none is given), with
    the characters that would disguise it on a page taken out; ``findings`` say
    where the file holds them (ST060, ST061), as an entry's front-matter would.
    """

    names: dict[str, str]
    findings: tuple[Diagnostic, ...]


def _finding(path: str, rule_id: str, position: Position, message: str) -> Diagnostic:
    return Diagnostic(path, position, rule_id, RULES[rule_id].severity, message)


def _unreadable(path: Path, error: Exception) -> FatalError:
    """One line saying why ``path`` cannot be read, at YAML's position when it has one."""
    shown = printable(path.as_posix())
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = plain_problem(error.problem or error.context or "not valid YAML")
        if mark is not None:
            return FatalError(
                f"cannot read {shown}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {problem}"
            )
        return FatalError(f"cannot read {shown}: not valid YAML: {problem}")
    if isinstance(error, yaml.YAMLError | UnicodeDecodeError | ValueError):
        return FatalError(f"cannot read {shown}: {' '.join(str(error).split())}")
    if isinstance(error, OSError):
        return FatalError(f"cannot read {shown}: {error.strerror or error}")
    return FatalError(f"cannot read {shown}: {error}")


# Reading files


class _Refused(Exception):
    """A file that is not read, and why, in an editor's words."""


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _refuse_unless_regular(mode: int, size: int, entry: bool = True) -> None:
    fix = ": an entry is a Markdown file" if entry else ""
    if stat.S_ISDIR(mode):
        raise _Refused(f"not a regular file but a folder{fix}")
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
        raise _Refused(f"not a regular file but {kind}{fix}")
    if size > MAX_BYTES:
        message = too_large(size).message
        raise _Refused(message if entry else message.partition(";")[0])


def _why_not(path: Path, error: OSError) -> str:
    """Why ``os.stat`` or ``open`` failed, for a link in the words of a link."""
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        if isinstance(error, FileNotFoundError):
            return f"a link to {printable(target)}, which does not exist: fix the link or remove it"
        if error.errno == 40:  # ELOOP
            return "a link that leads back to itself: fix the link or remove it"
    return f"cannot be read: {error.strerror or error}"


def _why_not_followed(path: Path) -> str:
    """Why the link ``path`` leads to no file: it dangles, or loops."""
    try:
        os.stat(path)
    except OSError as error:
        return _why_not(path, error)
    return "cannot be read"


def _read_regular(path: Path, limit: int, entry: bool = True) -> bytes:
    """The bytes of the regular file ``path``, never more than ``limit`` + 1 of them.

    The kind and the size of the file are looked at before anything is read, so
    a named pipe cannot block the run and a huge or sparse file is not loaded;
    they are looked at again on the opened file, which may not be the one first
    looked at. Non-blocking opening is what keeps a pipe from waiting for a writer.

    Raises:
        _Refused: when the file is not a regular file, is too large or cannot be read.

    """
    try:
        info = os.stat(path)
        _refuse_unless_regular(info.st_mode, info.st_size, entry)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise _Refused(_why_not(path, error)) from error
    try:
        info = os.fstat(descriptor)
        _refuse_unless_regular(info.st_mode, info.st_size, entry)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise _Refused(_why_not(path, error)) from error
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def read_entry_file(path: Path) -> bytes | Unreadable:
    """The bytes of entry file ``path``, or why it is not read (an ST000 finding).

    The plugin and the commands read entries only through here: at most
    ``MAX_BYTES`` + 1 bytes, never from a named pipe or a device.
    """
    try:
        data = _read_regular(path, MAX_BYTES)
    except _Refused as refused:
        return Unreadable(str(refused), Position(1, 1))
    # The file said it was smaller (as /proc files do) or grew since it was looked at.
    return too_large(len(data), at_least=True) if len(data) > MAX_BYTES else data


def check_file(
    path: Path,
    shown: str,
    *,
    authors: Collection[str] | None = None,
    settings: CheckSettings | None = None,
) -> CheckedFile:
    """Read and check the entry file ``path``, shown as ``shown`` in its findings."""
    data = read_entry_file(path)
    if isinstance(data, Unreadable):
        return CheckedFile(shown, None, (_finding(shown, "ST000", data.position, data.message),))
    return check_entry(shown, data, authors=authors, settings=settings)


@dataclass(frozen=True, slots=True)
class _Run:
    """What every entry of one run is checked with."""

    authors: Collection[str] | None
    settings: CheckSettings
    require: tuple[str, ...]
    cache: CheckCache | None
    key: str


def _required(checked: CheckedFile, require: Sequence[str]) -> tuple[Diagnostic, ...]:
    """The findings of ``require`` for an entry just checked, from what its check verified."""
    entry = checked.entry
    if not require or entry is None or entry.draft:
        return ()
    return tuple(
        Diagnostic(checked.path, position, rule_id, RULES[rule_id].severity, message)
        for rule_id, position, message in below_required(entry, recorded(entry), require)
    )


def _check_one(path: Path, shown: str, run: _Run) -> tuple[CheckedFile, tuple[Diagnostic, ...]]:
    """Check one entry file, or take its result from the cache when nothing it rests on changed."""
    data = read_entry_file(path)
    if isinstance(data, Unreadable):
        finding = _finding(shown, "ST000", data.position, data.message)
        return CheckedFile(shown, None, (finding,)), ()
    store = run.settings.snapshots
    key = entry_key(run.key, shown, data) if run.cache is not None else ""
    if run.cache is not None:
        kept = run.cache.get(key, store)
        if kept is not None:
            return kept.checked, kept.required
    checked = check_entry(shown, data, authors=run.authors, settings=run.settings)
    required = _required(checked, run.require)
    if run.cache is not None:
        run.cache.put(key, checked, required, store)
    return checked, required


def site_settings(
    setup: SiteSetup, docs_dir: Path | None, config_file: Path | None = None
) -> CheckSettings:
    """How the site ``setup`` describes reads and checks entries.

    Raises:
        FatalError: when the plugin's hedge list in ``config_file`` cannot be read.

    """
    snapshots = SnapshotStore(docs_dir / SNAPSHOTS_DIR) if docs_dir is not None else None
    try:
        return CheckSettings.of(setup.reader(), setup.plugin.get("hedges"), snapshots)
    except HedgeListError as error:
        raise FatalError(f"{printable(str(config_file))}: plugin sourcetrace: {error}") from error
    except ExtensionError as error:
        if config_file is None:
            raise FatalError(f"mkdocs.yml: markdown_extensions: {printable(str(error))}") from error
        try:
            text = _read_text(config_file)
        except FatalError:
            text = ""
        quoted = rf"['\"]?{re.escape(error.name)}['\"]?"
        place = _place_in(text, rf"^([ \t]*-[ \t]+){quoted}[ \t]*:?[ \t]*(?:#.*)?$")
        raise FatalError(
            f"{printable(str(config_file))}{place}: markdown_extensions: {printable(str(error))}"
        ) from error


def _place_in(text: str, pattern: str) -> str:
    """``:line:col`` where ``pattern`` first matches in ``text``, or nothing.

    With a group in ``pattern``, the place is just after it (past a list item's "- ").
    """
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        return ""
    start = found.end(1) if found.re.groups else found.start()
    line_start = text.rfind("\n", 0, start) + 1
    return f":{text.count(chr(10), 0, start) + 1}:{start - line_start + 1}"


def _read_text(path: Path) -> str:
    """The text of a configuration file (mkdocs.yml, .authors.yml), read as entries are."""
    try:
        data = _read_regular(path, MAX_BYTES, entry=False)
        if len(data) > MAX_BYTES:
            raise _Refused(f"file is too large (more than {MAX_BYTES:,} bytes)")
        return data.decode("utf-8")
    except _Refused as refused:
        raise FatalError(f"cannot read {printable(path.as_posix())}: {refused}") from refused
    except UnicodeDecodeError as error:
        raise _unreadable(path, error) from error


# The configuration and the authors file


def read_site(config_file: Path) -> SiteSetup:
    """Read ``config_file`` (an mkdocs.yml): what it says about reading entries.

    Raises:
        FatalError: when the file is missing or cannot be read, with YAML's position.

    """
    return _read_config(config_file)[0]


def _read_config(config_file: Path) -> tuple[SiteSetup, dict[str, Any]]:
    """``config_file`` as :func:`read_site` reads it, and the whole of it as a mapping."""
    if not os.path.lexists(config_file):
        raise FatalError(
            f"no {printable(config_file.name)} in {printable(config_file.parent.as_posix())}: "
            "name the files to check, e.g. 'sourcetrace check content/'"
        )
    try:
        text = _read_text(config_file)
        whole = load_config(text)  # MkDocs' tags, read safely
        return setup_of(whole), whole
    except ConfigError as error:
        place = _place_in(text, rf"^{re.escape(error.key)}[ \t]*:")
        raise FatalError(f"{printable(config_file.as_posix())}{place}: {error}") from error
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise _unreadable(config_file, error) from error


def docs_dir_of(config_file: Path, setup: SiteSetup | None = None) -> Path:
    """Return the docs_dir that ``config_file`` (an mkdocs.yml) names, as an absolute path."""
    docs = (setup or read_site(config_file)).docs_dir
    return (config_file.parent / docs).resolve()


# Characters an author's id or name must not hold, by rule: what XML 1.0 forbids
# (ST060, an error: the Atom feed names authors), and what shows as nothing or
# reorders the name around it (ST061). Zero-width joiners are left alone: names
# in Persian and the Indic scripts are spelt with them.
_NOT_XML = frozenset(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
)
_DISGUISING = frozenset(
    [
        *range(0x7F, 0xA0),
        0x061C,
        0x200B,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        0x2060,
        *range(0x2066, 0x206A),
        0xFEFF,
    ]
)
_INVISIBLE = frozenset(range(0x7F, 0xA0))
_NAME_FIELDS = ("id", "name")


def _code(text: str, codes: frozenset[int]) -> int | None:
    return next((ord(c) for c in text if ord(c) in codes), None)


def clean_name(name: str) -> str:
    """``name`` as a page shows it: controls and invisible or reordering characters removed."""
    kept = "".join(
        c for c in name if ord(c) not in _NOT_XML and ord(c) not in _DISGUISING and c != "\t"
    )
    return " ".join(kept.split()) if kept != name else name


def _quoted(text: str) -> str:
    return f"'{text}'" if text.isprintable() else ascii(text)


def _author_findings(shown: str, front: FrontMatter) -> Iterator[Diagnostic]:
    """ST060 and ST061 for an author's id and every text of its details, at its position."""
    authors = front.data.get("authors")
    assert isinstance(authors, dict)  # checked by the caller
    for key, details in authors.items():
        author = str(key)
        texts: list[tuple[str, str, tuple[str, ...]]] = [("id", author, ("authors", author))]
        if isinstance(details, dict):
            texts.extend(
                (str(field), value, ("authors", author, str(field)))
                for field, value in details.items()
                if isinstance(value, str)
            )
        for field, text, path in texts:
            if text.isprintable() and text.isascii():
                continue
            where = front.position(*path)
            what = f"author {_quoted(author)}" + ("" if field == "id" else f" {_quoted(field)}")
            if (code := _code(text, _NOT_XML)) is not None:
                yield _finding(
                    shown,
                    "ST060",
                    where,
                    f"{what} holds the control character U+{code:04X}, which XML 1.0 forbids: "
                    "it would break the Atom feed for every subscriber; delete it",
                )
            # Descriptions may need the bidirectional controls; names never do.
            disguising = _DISGUISING if field in _NAME_FIELDS else _INVISIBLE
            if (code := _code(text, disguising)) is not None:
                yield _finding(
                    shown,
                    "ST061",
                    where,
                    f"{what} holds U+{code:04X} ({_character_name(code)}), which shows as "
                    "nothing or changes the order the name is shown in: delete it",
                )


def _character_name(code: int) -> str:
    return unicodedata.name(chr(code), "a control character").lower()


def load_authors(docs_dir: Path | None, shown: str | None = None) -> Authors | None:
    """Read ``.authors.yml`` (Material's blog convention) from ``docs_dir``, if it exists.

    Args:
        docs_dir: the docs folder, or None when there is none.
        shown: the path the findings name (default: the file relative to the
            working directory).

    Returns:
        The names and findings, or None when there is no authors file.

    Raises:
        FatalError: when the file is not YAML or has no ``authors:`` mapping.

    """
    if docs_dir is None:
        return None
    path = docs_dir / AUTHORS_FILE
    if not os.path.lexists(path):
        return None
    # The file as the caller names it (a focused preview reads it through a link).
    named = printable(shown or path.as_posix())
    shown = shown or display_path(path)
    text = _read_text(path)
    read = read_yaml_file(text, AUTHORS_FILE)
    if isinstance(read, list):
        problem = read[0]
        message = problem.message.removeprefix(f"{AUTHORS_FILE} is ")
        where = f"{problem.position.line}:{problem.position.column}"
        raise FatalError(f"cannot read {named}:{where}: {message}")
    authors = read.data.get("authors")
    if not isinstance(authors, dict):
        raise FatalError(f"{named}: expected a mapping 'authors:' of author ids")
    names = {str(key): _author_name(str(key), value) for key, value in authors.items()}
    return Authors(names, tuple(_author_findings(shown, read)))


def read_authors(docs_dir: Path | None) -> dict[str, str] | None:
    """Return the authors of ``.authors.yml`` (Material's blog convention), if it exists.

    The result maps each author id to the name readers see: the author's ``name``, or
    the id itself when no name is given, with controls and invisible characters
    removed. :func:`load_authors` also gives the findings about them.
    """
    authors = load_authors(docs_dir)
    return None if authors is None else authors.names


def _author_name(author_id: str, details: Any) -> str:
    name = details.get("name") if isinstance(details, dict) else None
    shown = clean_name(name) if isinstance(name, str) else ""
    return shown or clean_name(author_id) or author_id


# Which files are entries


def is_entry(path: Path, docs_dir: Path | None, folder: str | None = None) -> bool:
    """Whether ``path`` is an entry (under ``entries/`` of the docs dir) rather than a page.

    Where a file is, not where a link at that place points, decides: only its
    folder is resolved (``folder``, when the caller has resolved it already), so
    that a looping or dangling link is still found.
    """
    if docs_dir is not None:
        real = Path(folder) if folder is not None else path.parent.resolve()
        try:
            relative = (real / path.name).relative_to(docs_dir)
        except ValueError:
            return ENTRIES_DIR in path.parts
        return relative.parts[:1] == (ENTRIES_DIR,)
    return ENTRIES_DIR in path.parts


def outside_project(path: Path, project: Path) -> str | None:
    """Why MkDocs must not publish ``path``: it is a link leading outside ``project``.

    MkDocs copies every file of the docs folder into the site, following links;
    a link to ``/etc/passwd`` among the images would be published. The plugin
    calls this for every file MkDocs would copy; the check calls it for every
    file under the folders it checks.

    Args:
        path: a file (or folder) under the docs folder.
        project: the folder holding mkdocs.yml.

    Returns:
        The message of an ST000 finding, or None when the file stays inside.

    """
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(project))
    if real.is_relative_to(root):
        return None
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(project)), root):
        if absolute.is_relative_to(base):
            shown = absolute.relative_to(base).as_posix()
            break
    else:
        return None  # not in the project at all: a file named outside it, not a link out
    kind = "folder" if real.is_dir() else "file"
    return (
        f"{printable(shown)} is a link to a {kind} outside the project "
        f"({printable(real.as_posix())}): MkDocs would copy it into the published site; "
        "copy what is needed into the project instead of linking to it"
    )


@dataclass
class _Walk:
    """What walking the named folders found: entry files, and what is refused (ST000)."""

    entries: set[Path]
    refused: list[tuple[Path, str]]


def _walk(folder: Path, docs_dir: Path | None, project: Path | None, walk: _Walk) -> None:
    """Every entry under ``folder``, and every link under it that leads out of the project.

    Folders are followed through links as MkDocs follows them, but each real
    folder is walked once, and where it is rather than through a link when it
    can be: linked folders wait until every folder reached without one is walked.
    """
    seen: set[str] = set()
    pending: list[tuple[Path, str]] = [(folder, os.path.realpath(folder))]
    linked: list[Path] = []
    while pending or linked:
        if pending:
            directory, real = pending.pop()
        else:
            directory = linked.pop(0)
            real = os.path.realpath(directory)
        if real in seen:
            continue
        seen.add(real)
        try:
            with os.scandir(directory) as scan:
                items = sorted(scan, key=lambda item: item.name)
        except OSError as error:
            walk.refused.append((directory, f"folder cannot be read: {error.strerror}"))
            continue
        for item in items:
            path = Path(item.path)
            link = item.is_symlink()
            if link and project is not None:
                message = outside_project(path, project)
                if message is not None:
                    walk.refused.append((path, message))
                    continue
            try:
                folder_here = item.is_dir()
            except OSError:
                folder_here = False
            if folder_here and link:
                linked.append(path)
            elif folder_here:
                pending.append((path, os.path.join(real, item.name)))
            if path.suffix.lower() in MARKDOWN_SUFFIXES and is_entry(path, docs_dir, real):
                # A folder named like an entry is reported (ST000), never passed over.
                walk.entries.add(path)


def entry_files(paths: Iterable[Path], docs_dir: Path | None, *, named: bool = True) -> list[Path]:
    """Expand ``paths`` into the sorted list of entry files they name.

    A directory contributes every ``*.md`` file under an ``entries`` folder; a
    file named explicitly is always checked, whatever its name.

    Raises:
        PathError: when a path does not exist (or is a link to nothing), or a folder
            the editor ``named`` holds no entry.

    """
    return sorted(_entries_and_links(paths, docs_dir, None, named=named).entries)


def _entries_and_links(
    paths: Iterable[Path], docs_dir: Path | None, project: Path | None, *, named: bool
) -> _Walk:
    walk = _Walk(set(), [])
    for path in paths:
        if path.is_dir():
            before = len(walk.entries)
            _walk(path, docs_dir, project, walk)
            if named and len(walk.entries) == before:
                raise PathError(
                    f"{printable(path.as_posix())}: no entries in this folder (entries are "
                    f".md files in an '{ENTRIES_DIR}' folder of the docs folder)"
                )
        elif named and os.path.islink(path) and not os.path.exists(path):
            # A link named on the command line that leads nowhere is a path named wrongly,
            # as a missing file is; one found in a folder is a finding (ST000) at its path.
            raise PathError(f"{printable(path.as_posix())}: {_why_not_followed(path)}")
        elif os.path.lexists(path):
            message = outside_project(path, project) if project is not None else None
            if message is not None:
                walk.refused.append((path, message))
            else:
                walk.entries.add(path)
        else:
            raise PathError(f"{printable(path.as_posix())}: no such file or directory")
    return walk


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working directory where possible.

    Only the folder is resolved, so a link is shown where it is, not where it leads.
    """
    try:
        where = path.parent.resolve() / path.name
        return where.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


def load_digest(
    paths: Sequence[Path] = (),
    config_file: Path = Path("mkdocs.yml"),
    *,
    config_required: bool = False,
    require: Sequence[str] = (),
    cache: CheckCache | None = None,
) -> Digest:
    """Read and check every entry named by ``paths`` (default: the docs_dir's entries).

    Each entry is checked on its own (or its result taken from ``cache``); then the
    links of the entries in the docs folder are judged against the whole site (ST054).

    Args:
        paths: entry files or folders; none means every entry of the docs_dir.
        config_file: the mkdocs.yml naming the docs_dir (and so the authors file).
        config_required: whether ``config_file`` was named by the editor, so that
            its absence is an error even when ``paths`` are given.
        require: evidence levels every published entry must reach (``--require``).
        cache: where results are kept between runs; None checks every entry afresh.

    Raises:
        PathError: when a named path (an entry, a folder, the configuration) does not
            exist or a named folder holds no entry.
        FatalError: when the configuration cannot be read.

    """
    if config_required and not config_file.is_file():
        raise PathError(
            f"no {printable(config_file.name)} in {printable(config_file.parent.as_posix())}: "
            "check the --config path, or leave --config out to check the files alone"
        )
    configured = config_file.is_file() or not paths
    setup, config = _read_config(config_file) if configured else (SiteSetup(), {})
    docs_dir = docs_dir_of(config_file, setup) if configured else None
    project = config_file.parent.resolve() if configured else None
    targets = list(paths) if paths else [docs_dir] if docs_dir else []
    authors = load_authors(docs_dir)
    findings = list(authors.findings) if authors is not None else []
    ids = set(authors.names) if authors is not None else None
    walk = _entries_and_links(targets, docs_dir, project, named=bool(paths))
    for path, message in sorted(walk.refused):
        findings.append(_finding(display_path(path), "ST000", Position(1, 1), message))
    settings = site_settings(setup, docs_dir, config_file)
    if cache is not None:
        cache.start_run()
    key = settings_key(settings, ids, require) if cache is not None else ""
    run = _Run(ids, settings, tuple(require), cache, key)
    # Every result is kept to the end, as a build keeps its pages: collect as rarely.
    collector = heap.relax()
    try:
        results = [
            (path, *_check_one(path, display_path(path), run)) for path in sorted(walk.entries)
        ]
    finally:
        heap.restore(collector)
    if cache is not None and not paths:
        cache.prune()  # every entry was looked up: what was not used is of no more use
    checked = [result for _path, result, _required in results]
    if docs_dir is not None:
        checked = _with_links(results, docs_dir, setup, config, settings)
    required = tuple(d for _path, _checked, found in results for d in found)
    return Digest(
        docs_dir=docs_dir, files=tuple(checked), findings=tuple(findings), required=required
    )


def _with_links(
    results: Sequence[tuple[Path, CheckedFile, tuple[Diagnostic, ...]]],
    docs_dir: Path,
    setup: SiteSetup,
    config: dict[str, Any],
    settings: CheckSettings,
) -> list[CheckedFile]:
    """The checked files with the ST054 findings of their links added, in position order."""
    in_docs = []
    for path, checked, _required in results:
        if checked.entry is None:
            continue
        try:
            src_uri = (path.parent.resolve() / path.name).relative_to(docs_dir).as_posix()
        except (ValueError, OSError):
            continue  # a file outside the docs folder is no page of the site
        in_docs.append((src_uri, checked.path, checked.entry))
    found = link_diagnostics(
        in_docs,
        docs_dir=docs_dir,
        config=config,
        plugin=setup.plugin,
        reader=settings.reader or setup.reader(),
        read=read_entry_file,
        store=settings.snapshots,
        language=setup.language,
    )
    files = []
    for _path, checked, _required in results:
        extra = found.get(checked.path)
        if extra:
            diagnostics = sorted([*checked.diagnostics, *extra], key=lambda d: (d.position, d.rule))
            checked = CheckedFile(checked.path, checked.entry, tuple(diagnostics))
        files.append(checked)
    return files
