"""The memory of past checks: a JSON file kept in the repository, one record per address.

A site that fails once is usually having a bad night, so a link is called dead
only after three failed checks at least three days apart (the rule Wikipedia's
InternetArchiveBot follows); before that it is failing. One answer that shows
the link alive forgets the failures; a 429 neither counts for nor against it.

The file is written for review in a pull request: keys sorted, one field per
line, and no per-run timestamps in the records, so a night on which nothing
changed changes only the top-level ``checked`` line. It is replaced atomically,
so a run that is killed leaves the previous file whole.

Two runs may overlap (a nightly job and one started by hand, or two partial
runs). Each reads the file when it starts, to stop early if it is damaged, but
folds its answers in only at the end, under a lock (``.links-state.json.lock``
beside it), into the file as it is *then*: a record another run wrote in the
meantime is kept, and a run never overwrites what it has not read.

The file is also input from a pull request, so reading it is careful: a file
that is too big, not UTF-8, nested without end, or of the wrong shape is
refused with one line naming the file, the problem and the remedy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import filelock

from build_tools.errors import FatalError
from build_tools.filing import write_whole
from build_tools.links.external import Health, Outcome, Status
from build_tools.links.untrusted import printable

FORMAT_VERSION = 1
CHECKS_TO_DEAD = 3
CHECK_SPACING = dt.timedelta(days=3)

# A record takes a few hundred bytes, so this is room for some 200,000 addresses;
# anything bigger is not a state file this tool wrote.
MAX_STATE_BYTES = 64 * 1024 * 1024
# The read-merge-write under the lock takes well under a second; a lock held
# far longer than that belongs to a run that is stuck.
LOCK_WAIT_SECONDS = 60.0
REMEDY = "restore it from version control or delete it to start afresh"


class Verdict(StrEnum):
    """What the history of checks says about a link."""

    ALIVE = "alive"
    FAILING = "failing"  # failed, but not yet three times three days apart
    DEAD = "dead"
    UNKNOWN = "unknown"  # only rate-limited answers since the last verdict
    REFUSED = "refused"  # not checked: it leads off the public internet


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """What is remembered about one address.

    Attributes:
        status: the class of the latest answer.
        detail: the latest answer in a few words ("HTTP 404 Not Found").
        since: when the address first gave an answer of this class, in a row.
        failures: the failed checks that count towards death: each at least
            three days after the one before, since the last answer showing it alive.
        redirect: the address it now leads to, if it redirects.

    """

    status: Status
    detail: str
    since: dt.datetime
    failures: tuple[dt.datetime, ...] = ()
    redirect: str | None = None

    @property
    def verdict(self) -> Verdict:
        """The link's standing after all the checks so far."""
        if len(self.failures) >= CHECKS_TO_DEAD:
            return Verdict.DEAD
        if self.status is Status.REFUSED:
            # Failures from before the refusal are kept, but a link that cannot
            # be checked is not reported as on its way to death.
            return Verdict.REFUSED
        if self.failures:
            return Verdict.FAILING
        if self.status.health is Health.UNKNOWN:
            return Verdict.UNKNOWN
        return Verdict.ALIVE


@dataclass(frozen=True, slots=True)
class LinkState:
    """Every remembered address, and when the last run finished."""

    checked: dt.datetime | None
    links: Mapping[str, LinkRecord]


EMPTY_STATE = LinkState(None, {})


def record(previous: LinkRecord | None, outcome: Outcome, now: dt.datetime) -> LinkRecord:
    """Fold one new answer into an address's record.

    Args:
        previous: the record so far, or None for an address never checked.
        outcome: the new answer.
        now: the time of the check (passed in, so the rule can be tested without waiting).

    Returns:
        The updated record.

    """
    failures = previous.failures if previous is not None else ()
    health = outcome.status.health
    if health is Health.ALIVE:
        failures = ()
    elif (
        health is Health.FAILED
        and len(failures) < CHECKS_TO_DEAD
        and (not failures or now - failures[-1] >= CHECK_SPACING)
    ):
        failures = (*failures, now)
    same_status = previous is not None and previous.status is outcome.status
    since = previous.since if previous is not None and same_status else now
    return LinkRecord(
        status=outcome.status,
        detail=outcome.detail,
        since=since,
        failures=failures,
        redirect=outcome.final_url if outcome.status is Status.REDIRECTED else None,
    )


def update(
    state: LinkState,
    outcomes: Iterable[Outcome],
    now: dt.datetime,
    *,
    keep: Iterable[str] | None = None,
) -> LinkState:
    """Return ``state`` with every outcome recorded at time ``now``.

    The state's ``checked`` time only moves forward, so that merging an earlier
    run's answers after a later run's does not turn the clock back.

    Args:
        state: the state before this run.
        outcomes: this run's answers.
        now: the time of this run.
        keep: when given, the addresses still in use; records of any other
            address are dropped, so the file does not grow with deleted sources.

    """
    links = dict(state.links)
    if keep is not None:
        wanted = set(keep)
        links = {url: rec for url, rec in links.items() if url in wanted}
    for outcome in outcomes:
        links[outcome.url] = record(links.get(outcome.url), outcome, now)
    checked = now if state.checked is None else max(state.checked, now)
    return replace(state, checked=checked, links=links)


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_timestamp(text: object, where: str) -> dt.datetime:
    if not isinstance(text, str):
        raise ValueError(f"{where}: expected a timestamp such as 2026-01-31T02:00:00Z")
    try:
        moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError as error:
        raise ValueError(f"{where}: {text!r} is not a timestamp like 2026-01-31T02:00:00Z") from (
            error
        )
    return moment.replace(tzinfo=dt.UTC)


def to_json(state: LinkState) -> str:
    """Serialise ``state`` the way it is stored: sorted, indented, ending in a newline."""
    links: dict[str, dict[str, Any]] = {}
    for url, rec in state.links.items():
        data: dict[str, Any] = {
            "detail": rec.detail,
            "since": _timestamp(rec.since),
            "status": rec.status.value,
        }
        if rec.failures:
            data["failures"] = [_timestamp(moment) for moment in rec.failures]
        if rec.redirect is not None:
            data["redirect"] = rec.redirect
        links[url] = data
    document = {
        "checked": _timestamp(state.checked) if state.checked else None,
        "links": links,
        "version": FORMAT_VERSION,
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _key(url: str) -> str:
    """A record's address as a message shows it: quoted, escaped, and short."""
    return repr(url if len(url) <= 80 else url[:60] + "…")


def _record_from(url: str, data: object) -> LinkRecord:
    where = f"links[{_key(url)}]"
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object")
    try:
        status = Status(str(data.get("status")))
    except ValueError as error:
        known = ", ".join(s.value for s in Status)
        raise ValueError(f"{where}.status: expected one of {known}") from error
    detail = data.get("detail", "")
    redirect = data.get("redirect")
    failures = data.get("failures", [])
    if not isinstance(detail, str) or not (redirect is None or isinstance(redirect, str)):
        raise ValueError(f"{where}: detail and redirect must be text")
    if not isinstance(failures, list):
        raise ValueError(f"{where}.failures: expected a list of timestamps")
    return LinkRecord(
        status=status,
        detail=printable(detail),  # the file may have been edited: it is printed in CI
        since=_parse_timestamp(data.get("since"), f"{where}.since"),
        failures=tuple(_parse_timestamp(t, f"{where}.failures") for t in failures),
        redirect=None if redirect is None else printable(redirect),
    )


class _Duplicate(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if a key repeats (as after a careless merge of two files)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Duplicate(f"the key {_key(key)} appears twice in one object")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _small_int(digits: str) -> int:
    # Python refuses to read an integer of thousands of digits, with a message
    # that names its own setting; no field of a state file needs more than a few.
    if len(digits.lstrip("-")) > 20:
        raise ValueError(f"the number {digits[:20]}… has {len(digits)} digits")
    return int(digits)


def _parse(text: str) -> Any:
    """JSON, strictly: no NaN, no repeated keys, and no nesting past Python's recursion limit."""
    if text.startswith("<<<<<<< ") or "\n<<<<<<< " in text:
        raise ValueError(
            "it holds unresolved merge conflict markers (<<<<<<<): keep either side, "
            "the next run checks the addresses again"
        )
    try:
        return json.loads(
            text, object_pairs_hook=_unique_keys, parse_constant=_no_constant, parse_int=_small_int
        )
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    except RecursionError as error:
        raise ValueError("nested too deeply to be a link state file") from error
    except ValueError as error:  # a repeated key, NaN, or a number of thousands of digits
        raise ValueError(f"not a valid link state: {error}") from error


def from_json(text: str) -> LinkState:
    """Read a state file's text.

    Raises:
        ValueError: with the place of the problem, when the text is not a state file.

    """
    document = _parse(text)
    if not isinstance(document, dict) or not isinstance(document.get("links"), dict):
        raise ValueError("expected an object with a 'links' object")
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:  # True == 1 in Python
        raise ValueError(f"unknown format version {version!r}"[:120])
    checked = document.get("checked")
    return LinkState(
        checked=None if checked is None else _parse_timestamp(checked, "checked"),
        links={url: _record_from(url, data) for url, data in document["links"].items()},
    )


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None if there is none; refused if it is not a small regular file.

    It is opened without blocking and looked at before it is read, so that a
    FIFO, a device or a directory in its place is refused instead of read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FatalError(f"{path}: cannot read the link state: {error.strerror}") from error
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, socket or pipe"
        raise FatalError(f"{path}: not a link state file: it is {kind}; {REMEDY}")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(MAX_STATE_BYTES + 1)
        except OSError as error:
            raise FatalError(f"{path}: cannot read the link state: {error.strerror}") from error
    if len(data) > MAX_STATE_BYTES:
        raise FatalError(
            f"{path}: not a link state file: larger than {MAX_STATE_BYTES // 2**20} MiB; {REMEDY}"
        )
    return data


def load_state(path: Path) -> LinkState:
    """Read the state file at ``path``; a missing file is an empty state.

    Raises:
        FatalError: when the file exists but cannot be read or is not a state file.

    """
    data = _read_bytes(path)
    if data is None:
        return EMPTY_STATE
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark, as some editors write
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FatalError(
            f"{path}: not a link state file: not UTF-8 text (byte 0x{data[error.start]:02x} "
            f"at offset {error.start}); {REMEDY}"
        ) from error
    try:
        return from_json(text)
    except ValueError as error:
        raise FatalError(f"{path}: not a link state file: {error}; {REMEDY}") from error


def check_folder(path: Path) -> None:
    """Make sure the state file's folder exists (taking the lock would create it).

    Raises:
        FatalError: when it does not, so that a mistyped ``--state`` makes no folders.

    """
    if not path.parent.is_dir():
        raise FatalError(
            f"{path}: cannot write the link state: the folder {path.parent} does not exist"
        )


def lock_path(path: Path) -> Path:
    """The lock file that guards the state file at ``path`` (hidden, beside it)."""
    return path.with_name(f".{path.name}.lock")


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


def save_state(path: Path, state: LinkState) -> None:
    """Write ``state`` to ``path`` atomically: readers see the old file or the new, never half.

    Raises:
        FatalError: when the file cannot be written (the old one is then left as it was).

    """
    try:
        # The state file is an ordinary tracked file: keep the permissions it has.
        write_whole(path, to_json(state), mode=_mode_of(path))
    except OSError as error:
        raise FatalError(f"{path}: cannot write the link state: {error.strerror}") from error


def record_run(
    path: Path,
    outcomes: Iterable[Outcome],
    now: dt.datetime,
    *,
    keep: Iterable[str] | None = None,
    wait: float = LOCK_WAIT_SECONDS,
) -> LinkState:
    """Fold one run's answers into the state file, safely against other runs.

    Under the file's lock, the file is read afresh, the answers are recorded
    into it (see :func:`update`) and it is replaced; so two runs that overlap
    each keep the other's records, whichever finishes first.

    Args:
        path: the state file.
        outcomes: this run's answers.
        now: the time of this run.
        keep: as for :func:`update`: the addresses still in use, on a full run.
        wait: seconds to wait for another run to release the lock.

    Returns:
        The state as written.

    Raises:
        FatalError: when the lock cannot be had, or the file cannot be read or written.

    """
    check_folder(path)
    lock = lock_path(path)
    try:
        with filelock.FileLock(lock, timeout=wait):
            state = update(load_state(path), outcomes, now, keep=keep)
            save_state(path, state)
    except filelock.Timeout as error:
        raise FatalError(
            f"{path}: another run has held its lock ({lock.name}) for over {wait:g} s; "
            f"wait for it to finish, or delete {lock.name} if no other run is going"
        ) from error
    except OSError as error:  # the folder is read-only, or the lock cannot be created
        reason = error.strerror or str(error)
        raise FatalError(f"{lock}: cannot lock the link state: {reason}") from error
    return state
