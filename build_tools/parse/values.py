"""Read one front-matter value by the shape its field declares in ``fields``.

Each reader returns the value in model form, or a message saying what is
wrong with it; the message is what the editor reads, so it says what to write.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import idna

from build_tools.fields import (
    DATE_PATTERN,
    LANGUAGE_PATTERN,
    SNAPSHOT_PATTERN,
    SOURCE_ID_PATTERN,
    SOURCE_ID_RE,
    Field,
    Kind,
)
from build_tools.lookalikes import mixed_scripts, passes_for_latin, script_of

_DATE_RE = re.compile(DATE_PATTERN + r"\Z")
_LANGUAGE_RE = re.compile(LANGUAGE_PATTERN + r"\Z")
_SNAPSHOT_RE = re.compile(SNAPSHOT_PATTERN + r"\Z")
_IPV6_HOST = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_UNSAFE_IN_URL = re.compile(r'[\s<>"`]')
# A host of plain ASCII labels (letters, digits, inner hyphens; no "ab--" prefix such
# as punycode's xn--), which IDNA leaves as it is and no script can mix in: most of
# the hosts a digest cites, read without the IDNA tables.
# (The letters are spelt out: IGNORECASE's [a-z] would also take "ı", "İ", "ſ" and the
# Kelvin sign.)
_PLAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_HOST = re.compile(rf"(?!.{{254}})(?:{_PLAIN_LABEL}\.)*{_PLAIN_LABEL}\.?")
_HYPHENS_THIRD_AND_FOURTH = re.compile(r"(?:^|\.)..--")

Result = tuple[Any, str | None]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value)


def read_text(value: Any) -> Result:
    """A non-empty string."""
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, f"must be text, found {_describe(value)}"


def read_date(value: Any) -> Result:
    """A real calendar date written YYYY-MM-DD."""
    text = value if isinstance(value, str) else None
    if text is None or not _DATE_RE.match(text):
        return None, f"must be a date written YYYY-MM-DD, found {_describe(value)}"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"is not a real date: {text}"


def read_bool(value: Any) -> Result:
    """True or false."""
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, found {_describe(value)}"


def read_text_list(value: Any) -> Result:
    """A list of non-empty strings (a single string is accepted as a list of one)."""
    if isinstance(value, str) and value.strip():
        return (value.strip(),), None
    if isinstance(value, list):
        for index, item in enumerate(value, start=1):
            if not isinstance(item, str):
                return None, f"must be a list of text, but item {index} is {_describe(item)}"
            if not item.strip():
                return None, f"must be a list of text, but item {index} is empty: remove it"
        return tuple(v.strip() for v in value), None
    return None, f"must be a list of text, found {_describe(value)}"


def read_source_id(value: Any) -> Result:
    """A lowercase slug."""
    if isinstance(value, str) and SOURCE_ID_RE.match(value):
        return value, None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return str(value), None
    return None, (
        f"must be a lowercase id matching {SOURCE_ID_PATTERN} "
        f"(letters, digits, '.', '_', '-'), found {_describe(value)}"
    )


def read_id_list(value: Any) -> Result:
    """A list of source ids (a single id is accepted as a list of one)."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list):
        ids = [read_source_id(item) for item in items]
        bad = next((index for index, (_, problem) in enumerate(ids, 1) if problem), None)
        if bad is None:
            return tuple(source_id for source_id, _ in ids), None
        if isinstance(value, list):
            return None, (
                f"must be a list of source ids, but item {bad} is {_describe(value[bad - 1])}"
                + (": remove it" if value[bad - 1] is None else "")
            )
    if isinstance(value, str) and "," in value:
        listed = ", ".join(part.strip() for part in value.split(","))
        return None, (
            f"must be a list of source ids, found {_describe(value)}: write them as a list, "
            f"[{listed}]"
        )
    return None, f"must be a list of source ids, found {_describe(value)}"


def _host_as_written(netloc: str) -> str:
    """The host part of ``netloc``: no user, no port, an IPv6 address with its brackets."""
    host_port = netloc.rpartition("@")[2]
    if host_port.startswith("["):
        return host_port[: host_port.find("]") + 1]
    return host_port.partition(":")[0]


def read_url(value: Any) -> Result:
    """An absolute http(s) URL with a host."""
    if not isinstance(value, str):
        return None, f"must be an absolute http(s) URL, found {_describe(value)}"
    url = value.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None, f"is not a well-formed URL: {url!r}"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"{parts.scheme}:" if parts.scheme else "no scheme (a relative address)"
        return None, f"must be an absolute http(s) URL, found {scheme} in {url!r}"
    host = _host_as_written(parts.netloc)
    problem = _host_problem(host) if parts.hostname else "no valid host"
    if problem is not None:
        return None, f"is not a well-formed URL ({problem}): {url!r}"
    if _UNSAFE_IN_URL.search(url):
        return None, f"is not a well-formed URL (spaces or quotes in it): {url!r}"
    if parts.username is not None or parts.password is not None:
        return None, (
            f"holds a user name or password before its host: {url!r}; remove them "
            "(a source's address is published for every reader)"
        )
    return url, None


@functools.lru_cache(maxsize=4096)
def _host_problem(host: str) -> str | None:
    """What is wrong with ``host``, if anything: bücher.example is right, exаmple.org not.

    A name is read as browsers read it (IDNA 2008 with UTS 46 mapping: full-width
    letters become plain ones, punycode is decoded), then refused if a label mixes
    Latin with Cyrillic or Greek letters, or is written wholly in letters that pass
    for Latin ones under a Latin top-level domain ("аррӏе.com").
    """
    if host.startswith("["):
        return None if _IPV6_HOST.fullmatch(host) else "no valid host"
    if is_plain_host(host):
        return None
    return _international_host_problem(host)


def is_plain_host(host: str) -> bool:
    """Whether ``host`` is ASCII labels that IDNA would take as they are (a fast path)."""
    return bool(_PLAIN_HOST.fullmatch(host)) and not _HYPHENS_THIRD_AND_FOURTH.search(host)


def _international_host_problem(host: str) -> str | None:
    """:func:`_host_problem` for a name that needs IDNA's tables to be read."""
    if not host or any(unicodedata.category(char) == "Cf" for char in host):
        return "no valid host"
    try:
        labels = idna.decode(idna.encode(host, uts46=True)).rstrip(".").split(".")
    except (idna.IDNAError, UnicodeError):
        return "no valid host"
    for label in labels:
        mixed = mixed_scripts(label)
        if mixed is not None:
            first, second, letter = mixed
            return (
                f"its host mixes {first.title()} and {second.title()} letters, as look-alike "
                f"addresses do: {letter!r} is {unicodedata.name(letter).lower()}"
            )
    if labels[-1].isascii():
        for label in labels[:-1]:
            if not label.isascii() and passes_for_latin(label):
                return (
                    f"its host {label!r} is written in {script_of(label[0]).title()} letters "
                    "that pass for Latin ones, as look-alike addresses are"
                )
    return None


def read_language(value: Any) -> Result:
    """A BCP 47 language tag."""
    if isinstance(value, str) and _LANGUAGE_RE.match(value):
        return value, None
    return None, f"must be a BCP 47 language tag such as en, tr or pt-BR, found {_describe(value)}"


def read_snapshot(value: Any) -> Result:
    """A snapshot name: ``sha256:`` and 64 lowercase hex digits."""
    if isinstance(value, str) and _SNAPSHOT_RE.match(value.strip()):
        return value.strip(), None
    return None, (
        "must name a snapshot as sha256: and 64 lowercase hex digits, as 'sourcetrace "
        f"capture' prints it; found {_describe(value)}"
    )


def read_choice(value: Any, choices: tuple[str, ...]) -> Result:
    """One of a fixed list of words."""
    if isinstance(value, str) and value in choices:
        return value, None
    return None, f"must be one of {', '.join(choices)}; found {_describe(value)}"


_READERS = {
    Kind.TEXT: read_text,
    Kind.DATE: read_date,
    Kind.BOOL: read_bool,
    Kind.TEXT_LIST: read_text_list,
    Kind.ID_LIST: read_id_list,
    Kind.SOURCE_ID: read_source_id,
    Kind.URL: read_url,
    Kind.LANGUAGE: read_language,
    Kind.SNAPSHOT: read_snapshot,
}


def read_value(spec: Field, value: Any) -> Result:
    """Read ``value`` as field ``spec`` declares; lists of records are read by the caller."""
    if spec.kind is Kind.CHOICE:
        return read_choice(value, spec.choices)
    return _READERS[spec.kind](value)
