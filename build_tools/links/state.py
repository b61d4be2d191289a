"""The memory of past checks: a JSON file kept in the repository, one record per address.

A site that fails once is usually having a bad night, so a link is called dead
only after three failed checks at least three days apart (the rule Wikipedia's
InternetArchiveBot follows); before that it is failing. One answer that shows
the link alive forgets the failures; a 429 neither counts for nor against it.

The file is written for review in a pull request: keys sorted, one field per
line, and no per-run timestamps in the records, so a night on which nothing
changed changes only the top-level ``checked`` line. It is replaced atomically,
so a run that is killed leaves the previous file whole.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from build_tools.errors import FatalError
from build_tools.filing import write_whole
from build_tools.links.external import Health, Outcome, Status

FORMAT_VERSION = 1
CHECKS_TO_DEAD = 3
CHECK_SPACING = dt.timedelta(days=3)


class Verdict(StrEnum):
    """What the history of checks says about a link."""

    ALIVE = "alive"
    FAILING = "failing"  # failed, but not yet three times three days apart
    DEAD = "dead"
    UNKNOWN = "unknown"  # only rate-limited answers since the last verdict


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
    return replace(state, checked=now, links=links)


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


def _record_from(url: str, data: object) -> LinkRecord:
    where = f"links[{url!r}]"
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
        detail=detail,
        since=_parse_timestamp(data.get("since"), f"{where}.since"),
        failures=tuple(_parse_timestamp(t, f"{where}.failures") for t in failures),
        redirect=redirect,
    )


def from_json(text: str) -> LinkState:
    """Read a state file's text.

    Raises:
        ValueError: with the place of the problem, when the text is not a state file.

    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    if not isinstance(document, dict) or not isinstance(document.get("links"), dict):
        raise ValueError("expected an object with a 'links' object")
    if document.get("version") != FORMAT_VERSION:
        raise ValueError(f"unknown format version {document.get('version')!r}")
    checked = document.get("checked")
    return LinkState(
        checked=None if checked is None else _parse_timestamp(checked, "checked"),
        links={url: _record_from(url, data) for url, data in document["links"].items()},
    )


def load_state(path: Path) -> LinkState:
    """Read the state file at ``path``; a missing file is an empty state.

    Raises:
        FatalError: when the file exists but cannot be read or is not a state file.

    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return EMPTY_STATE
    except (OSError, UnicodeDecodeError) as error:
        raise FatalError(f"{path}: cannot read the link state: {error}") from error
    try:
        return from_json(text)
    except ValueError as error:
        raise FatalError(
            f"{path}: not a link state file: {error}; restore it from version control "
            "or delete it to start afresh"
        ) from error


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
