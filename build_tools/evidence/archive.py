"""An archived copy for a source: the Wayback Machine's, or a new one from Save Page Now 2.

First the availability API is asked for an existing copy; only when there is
none is Save Page Now 2 (SPN2) asked to make one: the address is submitted,
the job is polled at an interval until it succeeds, fails, or the polls run
out, and every ``429`` is honoured by waiting as ``Retry-After`` says (up to a
cap; a longer wait ends the attempt with a message saying when to retry).

Endpoints are settings, so the exchange can be tested against a loopback
server that speaks the protocol. SPN2's JSON API wants an account's keys in an
``Authorization: LOW <access>:<secret>`` header; they are read from the
``IA_ACCESS_KEY`` and ``IA_SECRET_KEY`` environment variables when set.

The protocol, as the Internet Archive documents it:

- ``GET <availability>?url=U`` -> ``{"archived_snapshots": {"closest": {"available":
  true, "url": ..., "timestamp": ...}}}`` (an empty object when there is none);
- ``POST <save>`` with the form ``url=U`` -> ``{"url": U, "job_id": "spn2-..."}``;
- ``GET <status><job_id>`` -> ``{"status": "pending" | "success" | "error",
  "timestamp": "YYYYMMDDhhmmss", "original_url": U, "message": ...}``; a copy
  made is at ``<replay><timestamp>/<original_url>``.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from build_tools.links.external import retry_after_seconds
from build_tools.links.guard import AccessPolicy, RefusedAddress, guarded_transport


class ArchiveError(Exception):
    """No archived copy could be found or made; the message says what to do."""


@dataclass(frozen=True, slots=True)
class ArchiveSettings:
    """Where the archive's APIs are, and how patient to be with them."""

    availability: str = "https://archive.org/wayback/available"
    save: str = "https://web.archive.org/save"
    status: str = "https://web.archive.org/save/status/"
    replay: str = "https://web.archive.org/web/"
    poll_interval: float = 5.0
    max_polls: int = 24
    max_retry_after: float = 120.0
    timeout: float = 30.0
    allow_hosts: frozenset[str] = frozenset()
    user_agent: str = "sourcetrace-capture/0.1 (evidence capture for a news digest)"

    @classmethod
    def at(cls, base: str, **changes: Any) -> ArchiveSettings:
        """Every endpoint under one base address (a test server, a mirror)."""
        base = base.rstrip("/")
        return cls(
            availability=f"{base}/wayback/available",
            save=f"{base}/save",
            status=f"{base}/save/status/",
            replay=f"{base}/web/",
            **changes,
        )


@dataclass(frozen=True, slots=True)
class Archived:
    """An archived copy: its address, and whether it was already there or just made."""

    url: str
    existing: bool
    timestamp: str | None = None


Progress = Callable[[str], None]


class _Client:
    def __init__(self, settings: ArchiveSettings) -> None:
        self.settings = settings
        policy = AccessPolicy.allowing(settings.allow_hosts)
        self.policy = policy
        self.transport = guarded_transport(
            policy, connections=2, ssl_context=httpx.create_ssl_context()
        )
        self.headers = {"User-Agent": settings.user_agent, "Accept": "application/json"}
        access, secret = os.environ.get("IA_ACCESS_KEY"), os.environ.get("IA_SECRET_KEY")
        if access and secret:
            self.headers["Authorization"] = f"LOW {access}:{secret}"

    async def request(
        self, method: str, url: str, progress: Progress, form: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """One JSON exchange, waiting out ``429``s as asked (up to the cap)."""
        settings = self.settings
        for _attempt in range(4):
            refusal = self.policy.refusal_for_url(url)
            if refusal is not None:
                raise RefusedAddress(refusal)
            content = str(httpx.QueryParams(form)).encode() if form is not None else None
            headers = dict(self.headers)
            if content is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = httpx.Request(method, url, headers=headers, content=content)
            async with asyncio.timeout(settings.timeout):
                response = await self.transport.handle_async_request(request)
                try:
                    body = await response.aread()
                finally:
                    await response.aclose()
            if response.status_code == 429:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                wait = settings.poll_interval if wait is None else wait
                if wait > settings.max_retry_after:
                    raise ArchiveError(
                        f"the archive asks to wait {wait:g} s (more than "
                        f"{settings.max_retry_after:g} s): run the capture again later"
                    )
                progress(f"the archive asks to wait {wait:g} s")
                await asyncio.sleep(wait)
                continue
            if response.status_code >= 400:
                raise ArchiveError(
                    f"{method} {url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                )
            try:
                data = json.loads(body)
            except ValueError as error:
                raise ArchiveError(f"{method} {url}: the answer is not JSON") from error
            if not isinstance(data, dict):
                raise ArchiveError(f"{method} {url}: the answer is not a JSON object")
            return data
        raise ArchiveError(f"{method} {url}: still rate-limited after several waits: try later")


def _existing(data: dict[str, Any]) -> Archived | None:
    closest = data.get("archived_snapshots", {}).get("closest")
    if isinstance(closest, dict) and closest.get("available") and closest.get("url"):
        url = str(closest["url"])
        if url.startswith("http://web.archive.org/"):
            url = "https://" + url.removeprefix("http://")
        return Archived(url, existing=True, timestamp=closest.get("timestamp"))
    return None


async def archive(
    url: str, settings: ArchiveSettings = ArchiveSettings(), progress: Progress | None = None
) -> Archived:
    """Find an archived copy of ``url``, or have Save Page Now 2 make one.

    Raises:
        ArchiveError: when no copy exists and none could be made, with the reason.

    """
    say = progress or (lambda _text: None)
    client = _Client(settings)
    try:
        found = _existing(
            await client.request("GET", f"{settings.availability}?url={_quoted(url)}", say)
        )
        if found is not None:
            return found
        job = await client.request("POST", settings.save, say, form={"url": url})
        job_id = job.get("job_id")
        if not isinstance(job_id, str) or not job_id:
            message = job.get("message") or "no job id in the answer"
            raise ArchiveError(f"Save Page Now did not take {url}: {message}")
        for poll in range(1, settings.max_polls + 1):
            await asyncio.sleep(settings.poll_interval)
            state = await client.request("GET", settings.status + job_id, say)
            status = state.get("status")
            if status == "success" and state.get("timestamp"):
                original = state.get("original_url") or url
                return Archived(
                    f"{settings.replay}{state['timestamp']}/{original}",
                    existing=False,
                    timestamp=str(state["timestamp"]),
                )
            if status == "error":
                reason = state.get("message") or state.get("status_ext") or "no reason given"
                raise ArchiveError(f"Save Page Now could not archive {url}: {reason}")
            say(
                f"archiving {url}: job {job_id} {status or 'pending'} ({poll}/{settings.max_polls})"
            )
        raise ArchiveError(
            f"Save Page Now job {job_id} for {url} is still pending after "
            f"{settings.max_polls} polls: run the capture with --archive again later"
        )
    except RefusedAddress as refused:
        raise ArchiveError(f"refused: {refused}") from refused
    except TimeoutError as error:
        raise ArchiveError(f"the archive did not answer within {settings.timeout:g} s") from error
    except (httpx.HTTPError, OSError) as error:
        raise ArchiveError(
            f"the archive cannot be reached: {type(error).__name__}: {error}"
        ) from error
    finally:
        await client.transport.aclose()


def _quoted(url: str) -> str:
    return quote(url, safe=":/")


def archive_now(
    url: str, settings: ArchiveSettings = ArchiveSettings(), progress: Progress | None = None
) -> Archived:
    """Run :func:`archive` in a new event loop, for the command line."""
    return asyncio.run(archive(url, settings, progress))
