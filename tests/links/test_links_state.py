from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import stat
from pathlib import Path

import pytest

from build_tools.errors import FatalError
from build_tools.links.external import Outcome, Status
from build_tools.links.state import (
    EMPTY_STATE,
    MAX_STATE_BYTES,
    LinkRecord,
    LinkState,
    Verdict,
    from_json,
    load_state,
    record,
    save_state,
    to_json,
    update,
)

URL = "https://example.org/report"
T0 = dt.datetime(2026, 1, 1, 2, 0, tzinfo=dt.UTC)


def day(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def outcome(status: Status, detail: str = "", final: str | None = None) -> Outcome:
    return Outcome(URL, status, detail or status.value, final)


def history(*steps: tuple[float, Status]) -> LinkRecord:
    rec: LinkRecord | None = None
    for when, status in steps:
        rec = record(rec, outcome(status), day(when))
    assert rec is not None
    return rec


def test_one_failure_is_failing_not_dead() -> None:
    rec = history((0, Status.DEAD))
    assert rec.verdict is Verdict.FAILING
    assert rec.failures == (day(0),)


def test_three_failures_three_days_apart_are_dead() -> None:
    rec = history((0, Status.DEAD), (3, Status.DEAD), (6, Status.DEAD))
    assert rec.verdict is Verdict.DEAD
    assert rec.failures == (day(0), day(3), day(6))


def test_failures_closer_than_three_days_count_once() -> None:
    # Nightly checks of a site that is down for a week: days 0, 3 and 6 count.
    steps = [(n, Status.SERVER_ERROR) for n in range(6)]
    rec = history(*steps)
    assert rec.verdict is Verdict.FAILING
    assert rec.failures == (day(0), day(3))
    rec = record(rec, outcome(Status.SERVER_ERROR), day(6))
    assert rec.verdict is Verdict.DEAD


def test_spacing_is_measured_from_the_last_counted_failure() -> None:
    rec = history((0, Status.TIMEOUT), (2.99, Status.TIMEOUT), (5.5, Status.TIMEOUT))
    assert rec.failures == (day(0), day(5.5))


def test_one_success_forgets_the_failures() -> None:
    rec = history((0, Status.DEAD), (3, Status.DEAD), (4, Status.OK), (6, Status.DEAD))
    assert rec.verdict is Verdict.FAILING
    assert rec.failures == (day(6),)


@pytest.mark.parametrize("alive", [Status.OK, Status.REDIRECTED, Status.RESTRICTED])
def test_alive_answers(alive: Status) -> None:
    assert history((0, Status.DEAD), (3, alive)).verdict is Verdict.ALIVE


def test_rate_limited_counts_neither_way() -> None:
    assert history((0, Status.RATE_LIMITED)).verdict is Verdict.UNKNOWN
    assert history((0, Status.OK), (1, Status.RATE_LIMITED)).verdict is Verdict.UNKNOWN
    rec = history((0, Status.DEAD), (3, Status.RATE_LIMITED), (6, Status.RATE_LIMITED))
    assert rec.verdict is Verdict.FAILING
    assert rec.failures == (day(0),)


def test_every_failure_class_counts() -> None:
    failures = [
        Status.DEAD,
        Status.SERVER_ERROR,
        Status.TIMEOUT,
        Status.DNS_FAILURE,
        Status.CONNECTION_ERROR,
        Status.CLIENT_ERROR,
        Status.REDIRECT_ERROR,
    ]
    for status in failures:
        assert history((0, status), (3, status), (6, status)).verdict is Verdict.DEAD, status


def test_a_dead_record_stops_growing() -> None:
    rec = history(*[(n * 3, Status.DEAD) for n in range(6)])
    assert rec.failures == (day(0), day(3), day(6))


def test_since_is_kept_while_the_status_holds() -> None:
    rec = history((0, Status.OK), (1, Status.OK), (2, Status.OK))
    assert rec.since == day(0)
    rec = record(rec, outcome(Status.DEAD), day(3))
    assert rec.since == day(3)


def test_redirect_is_remembered() -> None:
    rec = record(None, outcome(Status.REDIRECTED, "HTTP 200 OK", "https://example.org/new"), T0)
    assert rec.redirect == "https://example.org/new"
    rec = record(rec, outcome(Status.OK), day(1))
    assert rec.redirect is None


def sample_state() -> LinkState:
    return LinkState(
        checked=day(6),
        links={
            "https://example.org/b": LinkRecord(
                Status.DEAD, "HTTP 404 Not Found", day(0), (day(0), day(3), day(6))
            ),
            "https://example.org/a": LinkRecord(
                Status.REDIRECTED, "HTTP 200 OK", day(1), redirect="https://example.org/a2"
            ),
            "https://example.org/c": LinkRecord(Status.OK, "HTTP 200 OK", day(2)),
        },
    )


SAMPLE_JSON = """\
{
  "checked": "2026-01-07T02:00:00Z",
  "links": {
    "https://example.org/a": {
      "detail": "HTTP 200 OK",
      "redirect": "https://example.org/a2",
      "since": "2026-01-02T02:00:00Z",
      "status": "redirected"
    },
    "https://example.org/b": {
      "detail": "HTTP 404 Not Found",
      "failures": [
        "2026-01-01T02:00:00Z",
        "2026-01-04T02:00:00Z",
        "2026-01-07T02:00:00Z"
      ],
      "since": "2026-01-01T02:00:00Z",
      "status": "dead"
    },
    "https://example.org/c": {
      "detail": "HTTP 200 OK",
      "since": "2026-01-03T02:00:00Z",
      "status": "ok"
    }
  },
  "version": 1
}
"""


def test_json_is_sorted_and_stable() -> None:
    assert to_json(sample_state()) == SAMPLE_JSON


def test_json_round_trip() -> None:
    assert from_json(to_json(sample_state())) == sample_state()


def test_a_quiet_night_changes_one_line() -> None:
    state = sample_state()
    again = [
        Outcome(
            "https://example.org/a", Status.REDIRECTED, "HTTP 200 OK", "https://example.org/a2"
        ),
        Outcome("https://example.org/b", Status.DEAD, "HTTP 404 Not Found"),
        Outcome("https://example.org/c", Status.OK, "HTTP 200 OK"),
    ]
    later = update(state, again, day(7))
    diff = [
        line
        for line in difflib.unified_diff(
            to_json(state).splitlines(), to_json(later).splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert diff == [
        '-  "checked": "2026-01-07T02:00:00Z",',
        '+  "checked": "2026-01-08T02:00:00Z",',
    ]


def test_update_can_forget_addresses_no_longer_used() -> None:
    state = update(sample_state(), [], day(7), keep=["https://example.org/c"])
    assert list(state.links) == ["https://example.org/c"]
    assert update(sample_state(), [], day(7)).links == sample_state().links


def test_missing_file_is_an_empty_state(tmp_path: Path) -> None:
    assert load_state(tmp_path / "links-state.json") == EMPTY_STATE


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "{",
            "not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)",
        ),
        ("[]", "expected an object with a 'links' object"),
        ('{"links": {}, "version": 7}', "unknown format version 7"),
        (
            '{"links": {"https://x.example": {"status": "gone", "since": "2026-01-01T00:00:00Z"}},'
            ' "version": 1}',
            "links['https://x.example'].status: expected one of ok, redirected, restricted, "
            "rate-limited, server-error, timeout, dns-failure, connection-error, dead, "
            "client-error, redirect-error, refused",
        ),
        (
            '{"links": {"https://x.example": {"status": "ok", "since": "yesterday"}},'
            ' "version": 1}',
            "links['https://x.example'].since: 'yesterday' is not a timestamp like "
            "2026-01-31T02:00:00Z",
        ),
    ],
)
def test_a_damaged_file_is_a_clear_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "links-state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == (
        f"{path}: not a link state file: {problem}; restore it from version control "
        "or delete it to start afresh"
    )


def test_save_writes_the_json(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    save_state(path, sample_state())
    assert path.read_text(encoding="utf-8") == SAMPLE_JSON
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links-state.json"]


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o664)
    save_state(path, sample_state())
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "links-state.json"
    path.write_text(SAMPLE_JSON, encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FatalError) as error:
        save_state(path, EMPTY_STATE)
    assert str(error.value) == f"{path}: cannot write the link state: No space left on device"
    assert path.read_text(encoding="utf-8") == SAMPLE_JSON
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links-state.json"]


def test_an_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "links-state.json"
    path.write_text(SAMPLE_JSON, encoding="utf-8")

    def interrupt(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_state(path, EMPTY_STATE)
    assert path.read_text(encoding="utf-8") == SAMPLE_JSON
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links-state.json"]


def test_unwritable_folder(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "links-state.json"
    with pytest.raises(FatalError) as error:
        save_state(path, EMPTY_STATE)
    assert str(error.value) == f"{path}: cannot write the link state: No such file or directory"


REMEDY = "; restore it from version control or delete it to start afresh"
RECORD = '{"status": "ok", "since": "2026-01-01T00:00:00Z"}'


def state_with(links: str, version: str = "1", checked: str = "null") -> str:
    return f'{{"checked": {checked}, "links": {links}, "version": {version}}}'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply to be a link state file"),
        (
            '{"links": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001,
            "nested too deeply to be a link state file",
        ),
        ("null", "expected an object with a 'links' object"),
        ("42", "expected an object with a 'links' object"),
        ('"links"', "expected an object with a 'links' object"),
        ('{"links": [], "version": 1}', "expected an object with a 'links' object"),
        (state_with("{}", version="true"), "unknown format version True"),
        (state_with("{}", version='"1"'), "unknown format version '1'"),
        (state_with("{}", version="NaN"), "not a valid link state: NaN is not a JSON value"),
        (
            state_with("{}", version="1" * 5000),
            "not a valid link state: the number 11111111111111111111… has 5000 digits",
        ),
        (
            state_with("{}", checked="5"),
            "checked: expected a timestamp such as 2026-01-31T02:00:00Z",
        ),
        (state_with('{"u": []}'), "links['u']: expected an object"),
        (state_with('{"u": null}'), "links['u']: expected an object"),
        (
            state_with('{"u": {"status": "ok", "since": "2026-01-01T00:00:00Z", "detail": 5}}'),
            "links['u']: detail and redirect must be text",
        ),
        (
            state_with('{"u": {"status": "ok", "since": "2026-01-01T00:00:00Z", "redirect": {}}}'),
            "links['u']: detail and redirect must be text",
        ),
        (
            state_with('{"u": {"status": "ok", "since": "2026-01-01T00:00:00Z", "failures": "x"}}'),
            "links['u'].failures: expected a list of timestamps",
        ),
        (
            state_with('{"u": {"status": "ok", "since": "2026-01-01T00:00:00Z", "failures": [5]}}'),
            "links['u'].failures: expected a timestamp such as 2026-01-31T02:00:00Z",
        ),
        (
            state_with('{"u": {"status": "ok"}}'),
            "links['u'].since: expected a timestamp such as 2026-01-31T02:00:00Z",
        ),
        (
            state_with('{"u": {"status": ["ok"], "since": "2026-01-01T00:00:00Z"}}'),
            "links['u'].status: expected one of ok, redirected, restricted, rate-limited, "
            "server-error, timeout, dns-failure, connection-error, dead, client-error, "
            "redirect-error, refused",
        ),
        (
            state_with(f'{{"u": {RECORD}, "u": {RECORD}}}'),
            "not a valid link state: the key 'u' appears twice in one object",
        ),
        (
            state_with(f'{{"https://example.org/{"a" * 500}": []}}'),
            f"links['https://example.org/{'a' * 40}…']: expected an object",
        ),
        (
            '<<<<<<< HEAD\n{"links": {}, "version": 1}\n=======\n{}\n>>>>>>> nightly\n',
            "it holds unresolved merge conflict markers (<<<<<<<): keep either side, "
            "the next run checks the addresses again",
        ),
    ],
    ids=[
        "deep-arrays",
        "deep-objects",
        "null",
        "number",
        "string",
        "links-not-object",
        "version-true",
        "version-text",
        "nan",
        "long-number",
        "checked-number",
        "record-list",
        "record-null",
        "detail-number",
        "redirect-object",
        "failures-text",
        "failures-numbers",
        "since-missing",
        "status-list",
        "duplicate-key",
        "long-key",
        "merge-conflict",
    ],
)
def test_a_pathological_file_is_refused_in_one_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "links-state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: not a link state file: {problem}{REMEDY}"
    assert "\n" not in str(error.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    path.write_bytes(b'{"links": {}, "version": 1, "checked": "\xe9t\xe9"}')
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == (
        f"{path}: not a link state file: not UTF-8 text (byte 0xe9 at offset 40){REMEDY}"
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_JSON.encode("utf-8"))
    assert load_state(path) == sample_state()


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    with path.open("wb") as handle:  # sparse: no 64 MiB written to the disk
        handle.truncate(MAX_STATE_BYTES + 1)
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: not a link state file: larger than 64 MiB{REMEDY}"


def test_a_folder_in_its_place_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    path.mkdir()
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: not a link state file: it is a folder{REMEDY}"


def test_a_pipe_in_its_place_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "links-state.json"
    os.mkfifo(path)  # reading it would wait for a writer for ever
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == (
        f"{path}: not a link state file: it is a device, socket or pipe{REMEDY}"
    )


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "links-state.json"
    path.write_text(SAMPLE_JSON, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(FatalError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: cannot read the link state: Permission denied"


def test_server_text_in_a_stored_record_is_escaped_and_capped_when_read(tmp_path: Path) -> None:
    # A state file arrives in pull requests; what it says is printed in CI logs.
    path = tmp_path / "links-state.json"
    detail = "HTTP 200 OK\u001b]8;;https://evil.example\u0007\n::error::forged" + "x" * 1000
    record_data = {
        "detail": detail,
        "redirect": "https://example.org/\u202egnp.exe",
        "since": "2026-01-01T00:00:00Z",
        "status": "redirected",
    }
    path.write_text(
        json.dumps({"checked": None, "links": {URL: record_data}, "version": 1}), "utf-8"
    )
    loaded = load_state(path).links[URL]
    assert loaded.detail.startswith(
        "HTTP 200 OK\\x1b]8;;https://evil.example\\x07\\x0a::error::forged"
    )
    assert len(loaded.detail) == 300
    assert loaded.detail.endswith("x… (785 more characters)")
    assert loaded.redirect == "https://example.org/\\u202egnp.exe"


def test_checked_only_moves_forward() -> None:
    later = update(sample_state(), [], day(10))
    assert update(later, [], day(8)).checked == day(10)


def test_refused_counts_neither_way() -> None:
    rec = history(*[(n * 3, Status.REFUSED) for n in range(5)])
    assert rec.verdict is Verdict.REFUSED
    assert rec.failures == ()
    rec = history((0, Status.DEAD), (3, Status.REFUSED), (6, Status.REFUSED))
    assert rec.verdict is Verdict.REFUSED
    assert rec.failures == (day(0),)  # kept: the link had failed before it was refused
    rec = record(rec, outcome(Status.OK), day(7))
    assert (rec.verdict, rec.failures) == (Verdict.ALIVE, ())
