"""Capturing a source: bytes in, a snapshot in the store and a ready ``sources:`` item out.

The library half of ``sourcetrace capture``; the command adds the file or the
network, the messages and the entry update. Needs the ``capture`` extra.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from build_tools.evidence.extract import EXTENSIONS, HTML, PDF, Extracted, extract
from build_tools.evidence.metadata import Metadata, day_of, read_metadata, read_pdf_metadata
from build_tools.evidence.store import NewSnapshot, Snapshot, SnapshotStore, reference

_ARTICLE = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle")


@dataclass(frozen=True, slots=True)
class Capture:
    """The result of one capture: the snapshot, whether it is new, and what was read."""

    snapshot: Snapshot
    created: bool
    extracted: Extracted
    metadata: Metadata

    def source_fields(self, url: str | None, accessed: dt.date) -> dict[str, Any]:
        """The fields of a ``sources:`` item for this capture, in the documented order.

        ``role`` is left to the editor, who alone knows whether the source is the
        thing itself or a report about it (the printed item says so).
        """
        meta = self.metadata
        host = urlsplit(url).hostname if url else None
        fields: dict[str, Any] = {
            "title": meta.value("title"),
            "publisher": meta.value("publisher") or host,
            "type": "report" if self.extracted.media_type == PDF else None,
            "url": url,
            "published": _date(day_of(meta.value("published") or "")),
            "accessed": accessed,
            "language": meta.value("language"),
            "snapshot": reference(self.snapshot.digest),
        }
        return {key: value for key, value in fields.items() if value is not None}


def _date(day: str | None) -> dt.date | None:
    # A date object, so YAML writes it bare (2016-02-22), as editors do, not quoted.
    return dt.date.fromisoformat(day) if day else None


def capture_bytes(
    store: SnapshotStore,
    data: bytes,
    *,
    url: str | None,
    how: str,
    captured: dt.datetime,
    declared: str | None = None,
    name: str | None = None,
    encoding: str | None = None,
    label: str | None = None,
    warc: bytes | None = None,
    extra: dict[str, Any] | None = None,
) -> Capture:
    """Read ``data``, store it as a snapshot and return what was found.

    Args:
        store: where the snapshot goes.
        data: the bytes captured, exactly.
        url: where the source is published (the editor's word for a saved file).
        how: ``file`` for a copy an editor saved, ``http`` for a fetch.
        captured: when the bytes were captured (UTC).
        declared: the Content-Type they came with.
        name: the saved file's name.
        encoding: the text or HTML encoding, when the editor knows it better.
        label: what kind of copy it is, e.g. a verbatim third-party copy.
        warc: the HTTP exchange as a WARC record, for a fetch.
        extra: more facts for ``meta.json`` (the fetch's final address, status).

    Raises:
        ExtractionError: when the bytes cannot be read as their type.
        OSError: when the store cannot be written.

    """
    extracted = extract(data, declared=declared, name=name, url=url, encoding=encoding)
    if extracted.media_type == HTML and extracted.html:
        metadata = read_metadata(extracted.html, url)
    elif extracted.media_type == PDF:
        metadata = read_pdf_metadata(data)
    else:
        metadata = Metadata()
    meta: dict[str, Any] = {
        "url": url,
        "captured": captured.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "how": how,
        "media_type": extracted.media_type,
        "encoding": extracted.encoding,
        "file_name": name,
        "metadata": metadata.as_json(),
        **(extra or {}),
    }
    if label:
        meta["label"] = label
    new = NewSnapshot(
        data=data,
        extension=EXTENSIONS[extracted.media_type],
        text=extracted.text,
        meta={k: v for k, v in meta.items() if v is not None},
        main_text=extracted.main_text,
        warc=warc,
    )
    snapshot, created = store.add(new)
    return Capture(snapshot, created, extracted, metadata)
