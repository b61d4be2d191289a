"""Finding and reading the digest's files: the only module of the checker that does I/O.

``check`` works on bytes already read; this module decides which files are
entries, reads them, and hands them over, so the CLI, the MkDocs plugin and the
commands all see the same set of entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.check import CheckedFile, check_entry
from build_tools.errors import FatalError

ENTRIES_DIR = "entries"
AUTHORS_FILE = ".authors.yml"


@dataclass(frozen=True, slots=True)
class Digest:
    """Every entry file that was read, checked, in path order."""

    docs_dir: Path | None
    files: tuple[CheckedFile, ...]


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without failing on its ``!!python/name:`` and ``!ENV`` tags."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_LenientLoader.add_multi_constructor("", _ignore_tag)


def _unreadable(path: Path, error: Exception) -> FatalError:
    """One line saying why ``path`` cannot be read, at YAML's position when it has one."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if mark is not None:
            return FatalError(
                f"cannot read {path}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {problem}"
            )
        return FatalError(f"cannot read {path}: not valid YAML: {problem}")
    if isinstance(error, yaml.YAMLError | UnicodeDecodeError):
        return FatalError(f"cannot read {path}: {' '.join(str(error).split())}")
    if isinstance(error, OSError):
        return FatalError(f"cannot read {path}: {error.strerror or error}")
    return FatalError(f"cannot read {path}: {error}")


def docs_dir_of(config_file: Path) -> Path:
    """Return the docs_dir that ``config_file`` (an mkdocs.yml) names, as an absolute path."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except FileNotFoundError as error:
        raise FatalError(
            f"no {config_file.name} in {config_file.parent}: name the files to check, "
            "e.g. 'sourcetrace check content/'"
        ) from error
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise _unreadable(config_file, error) from error
    docs = config.get("docs_dir", "docs") if isinstance(config, dict) else "docs"
    return (config_file.parent / str(docs)).resolve()


def is_entry(path: Path, docs_dir: Path | None) -> bool:
    """Whether ``path`` is an entry (under ``entries/`` of the docs dir) rather than a page."""
    if docs_dir is not None:
        try:
            relative = path.resolve().relative_to(docs_dir)
        except ValueError:
            return ENTRIES_DIR in path.parts
        return relative.parts[:1] == (ENTRIES_DIR,)
    return ENTRIES_DIR in path.parts


def read_authors(docs_dir: Path | None) -> dict[str, str] | None:
    """Return the authors of ``.authors.yml`` (Material's blog convention), if it exists.

    The result maps each author id to the name readers see: the author's ``name``, or
    the id itself when no name is given.
    """
    if docs_dir is None:
        return None
    path = docs_dir / AUTHORS_FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise _unreadable(path, error) from error
    authors = data.get("authors") if isinstance(data, dict) else None
    if not isinstance(authors, dict):
        raise FatalError(f"{path}: expected a mapping 'authors:' of author ids")
    return {str(key): _author_name(str(key), value) for key, value in authors.items()}


def _author_name(author_id: str, details: Any) -> str:
    name = details.get("name") if isinstance(details, dict) else None
    return name if isinstance(name, str) else author_id


def entry_files(paths: Iterable[Path], docs_dir: Path | None) -> list[Path]:
    """Expand ``paths`` into the sorted list of entry files they name.

    A directory contributes every ``*.md`` file under an ``entries`` folder; a
    file named explicitly is always checked, whatever its name.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.md") if p.is_file() and is_entry(p, docs_dir))
        elif path.exists():
            found.add(path)
        else:
            raise FatalError(f"{path}: no such file or directory")
    return sorted(found)


def display_path(path: Path) -> str:
    """The path as diagnostics show it: relative to the working directory where possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_digest(
    paths: Sequence[Path] = (),
    config_file: Path = Path("mkdocs.yml"),
    *,
    config_required: bool = False,
) -> Digest:
    """Read and check every entry named by ``paths`` (default: the docs_dir's entries).

    Args:
        paths: entry files or folders; none means every entry of the docs_dir.
        config_file: the mkdocs.yml naming the docs_dir (and so the authors file).
        config_required: whether ``config_file`` was named by the editor, so that
            its absence is an error even when ``paths`` are given.

    Raises:
        FatalError: when a named path does not exist or the configuration cannot be read.

    """
    if config_required and not config_file.is_file():
        raise FatalError(
            f"no {config_file.name} in {config_file.parent}: check the --config path, "
            "or leave --config out to check the files alone"
        )
    docs_dir = docs_dir_of(config_file) if config_file.is_file() or not paths else None
    targets = list(paths) if paths else [docs_dir] if docs_dir else []
    authors = read_authors(docs_dir)
    checked = []
    for path in entry_files(targets, docs_dir):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise FatalError(f"{display_path(path)}: cannot read: {error.strerror}") from error
        checked.append(check_entry(display_path(path), data, authors=authors))
    return Digest(docs_dir=docs_dir, files=tuple(checked))
