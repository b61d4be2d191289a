"""Bad input gets a finding at its place and the run goes on: no traceback, nothing skipped.

Each test makes the hostile thing for real (a named pipe, a 3 GB sparse file, a
link that loops, a file name that is not UTF-8) and runs ``sourcetrace check``
on it through ``main``, as an editor or CI would.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.content import load_digest, outside_project, read_entry_file
from build_tools.model import Position
from build_tools.parse.text import MAX_BYTES, Unreadable

FIXTURES = Path(__file__).parent / "fixtures" / "robust"
CLEAN = (FIXTURES / "clean.md").read_text(encoding="utf-8")
CLEAN_LINE = (
    'content/entries/zz_clean.md:13:30: error ST020 uncited claim: "It adjourned." '
    "(cite one of: court)"
)
TOO_LONG = "(more than 4,300 digits): put it in quotes if it is text, or shorten it"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with mkdocs.yml, content/entries/ and one entry with one uncited claim."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    (tmp_path / "content" / "entries").mkdir(parents=True)
    (tmp_path / "content" / "entries" / "zz_clean.md").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def entries(root: Path) -> Path:
    return root / "content" / "entries"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def _big_number_entries() -> Iterator[tuple[str, str, str]]:
    digits = "1" * 5000
    yield (
        "id.md",
        CLEAN.replace("  - id: court\n", f"  - id: {digits}\n"),
        f"6:9: error ST001 the number 111111111111111… is too long to read {TOO_LONG}",
    )
    yield (
        "date.md",
        CLEAN.replace("date: 2016-02-22", "date: 1" + "0" * 5000),
        f"3:7: error ST001 the number 100000000000000… is too long to read {TOO_LONG}",
    )
    yield (
        "title.md",
        CLEAN.replace("title: Court hears appeal", "title: 0x" + "f" * 4000),
        f"2:8: error ST001 the number 0xfffffffffffff… is too long to read {TOO_LONG}",
    )
    yield (
        "merged.md",
        CLEAN.replace("    role: primary\n", "    <<: {role: primary, n: " + digits + "}\n"),
        f"9:28: error ST001 the number 111111111111111… is too long to read {TOO_LONG}",
    )


# 1. Numbers longer than Python turns into text


def test_numbers_too_long_are_findings_and_the_other_files_are_checked(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = []
    for name, text, line in _big_number_entries():
        (entries(digest) / name).write_text(text, encoding="utf-8")
        expected.append(f"content/entries/{name}:{line}")
    result = run(capsys, "check", "content")
    assert result.out.splitlines() == [*sorted(expected), CLEAN_LINE]
    assert result.err == "5 entries checked: 5 errors, 0 warnings\n"
    assert result.code == 1


def test_a_number_too_long_fails_the_build_with_a_finding_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort

    from tests.site.building import build_site

    folder = tmp_path / "entries"
    folder.mkdir()
    name, text, line = next(_big_number_entries())
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(Abort):
        build_site(tmp_path / "build", entries=folder)
    # The build stops with the finding logged, not with a traceback of ours. (Material's
    # blog plugin may then refuse the same front-matter in its own words.)
    assert f"sourcetrace: content/entries/{name}:{line}" in caplog.text
    assert "Traceback" not in caplog.text


# 2. Read nothing before looking at what the file is


@pytest.mark.timeout(20)
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(entries(digest) / "pipe.md")
    pipe_line = (
        "content/entries/pipe.md:1:1: error ST000 not a regular file but a named pipe (FIFO): "
        "an entry is a Markdown file"
    )
    folder = run(capsys, "check")
    assert folder == Run(
        1, f"{pipe_line}\n{CLEAN_LINE}\n", "2 entries checked: 2 errors, 0 warnings\n"
    )
    named = run(capsys, "check", "content/entries/pipe.md")
    assert named == Run(1, pipe_line + "\n", "1 entry checked: 1 error, 0 warnings\n")


def test_dev_zero_named_on_the_command_line_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check", "/dev/zero")
    assert result == Run(
        1,
        "/dev/zero:1:1: error ST000 not a regular file but a character device: an entry is a "
        "Markdown file\n",
        "1 entry checked: 1 error, 0 warnings\n",
    )


def test_a_3_gb_sparse_file_is_refused_by_its_size_without_being_read(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sparse = entries(digest) / "sparse.md"
    with sparse.open("wb") as handle:
        handle.truncate(3 << 30)
    tracemalloc.start()
    try:
        result = run(capsys, "check")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.out.splitlines() == [
        "content/entries/sparse.md:1:1: error ST000 file is too large (3,221,225,472 bytes); "
        "entries are limited to 1,048,576 bytes: split it into several entries",
        CLEAN_LINE,
    ]
    assert peak < 20 << 20, f"{peak:,} bytes allocated"


def test_a_file_larger_than_it_says_is_read_only_to_the_limit() -> None:
    """Files under /proc and /sys may give a size of 0, or less than they hold."""
    candidates = [Path("/proc/kallsyms"), Path("/sys/kernel/btf/vmlinux")]
    for path in candidates:
        try:
            with path.open("rb") as handle:
                holds_more = len(handle.read(MAX_BYTES + 1)) > MAX_BYTES
        except OSError:
            continue
        if holds_more and path.stat().st_size <= MAX_BYTES:
            break
    else:
        pytest.skip("no file here says it is smaller than it is")
    tracemalloc.start()
    try:
        found = read_entry_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == Unreadable(
        "file is too large (more than 1,048,576 bytes); entries are limited to 1,048,576 "
        "bytes: split it into several entries",
        Position(1, 1),
    )
    assert peak < 4 * MAX_BYTES


# 3. What cannot be read is a finding at its path; the run goes on


def test_links_pipes_and_folders_named_like_entries_are_findings(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = entries(digest)
    (folder / "dangling.md").symlink_to("nowhere.md")
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "ping.md").symlink_to("pong.md")
    (folder / "pong.md").symlink_to("ping.md")
    (folder / "folder.md").mkdir()
    os.mkfifo(folder / "pipe.md")
    result = run(capsys, "check")
    loop = "error ST000 a link that leads back to itself: fix the link or remove it"
    assert result.out.splitlines() == [
        "content/entries/dangling.md:1:1: error ST000 a link to nowhere.md, which does not "
        "exist: fix the link or remove it",
        "content/entries/folder.md:1:1: error ST000 not a regular file but a folder: an entry "
        "is a Markdown file",
        f"content/entries/loop.md:1:1: {loop}",
        f"content/entries/ping.md:1:1: {loop}",
        "content/entries/pipe.md:1:1: error ST000 not a regular file but a named pipe (FIFO): "
        "an entry is a Markdown file",
        f"content/entries/pong.md:1:1: {loop}",
        CLEAN_LINE,
    ]
    assert result.err == "7 entries checked: 7 errors, 0 warnings\n"


def _can_drop_privileges() -> bool:
    return hasattr(os, "fork") and hasattr(os, "setuid") and os.geteuid() == 0


def test_a_file_without_read_permission_is_a_finding(capsys: pytest.CaptureFixture[str]) -> None:
    """chmod 000 stops every user but root; as root the check runs in a child as nobody.

    The child is forked from this process rather than started anew, because the
    interpreter may live where nobody cannot read it; everything it needs is
    imported by a first run as root. What this proves either way is that a real
    EACCES from open() becomes an ST000 finding and the other entry is still checked.
    """
    root = Path(tempfile.mkdtemp(dir="/tmp" if os.path.isdir("/tmp") else None))
    try:
        root.chmod(0o755)
        (root / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\n")
        folder = root / "content" / "entries"
        folder.mkdir(parents=True)
        for part in (root / "content", folder):
            part.chmod(0o755)
        (folder / "zz_clean.md").write_text(CLEAN)
        (folder / "locked.md").write_text(CLEAN)
        (folder / "zz_clean.md").chmod(0o644)
        (folder / "locked.md").chmod(0o000)
        previous = Path.cwd()
        os.chdir(root)
        try:
            if _can_drop_privileges():
                main(["check", "--format", "json"])  # import everything as root
                capsys.readouterr()
                findings, code = _run_as_nobody(["check", "--format", "json"])
            else:
                code = main(["check", "--format", "json"])
                findings = json.loads(capsys.readouterr().out)
        finally:
            os.chdir(previous)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if not _can_drop_privileges() and os.geteuid() == 0:
        pytest.skip("running as root without fork and setuid: root reads a chmod 000 file")
    assert code == 1
    assert [(f["path"], f["rule"], f["message"]) for f in findings] == [
        (
            "content/entries/locked.md",
            "ST000",
            "cannot be read: Permission denied",
        ),
        (
            "content/entries/zz_clean.md",
            "ST020",
            'uncited claim: "It adjourned." (cite one of: court)',
        ),
    ]


def _run_as_nobody(argv: list[str]) -> tuple[list[dict[str, object]], int]:
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        status = 99
        try:
            os.close(reading)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            out = os.fdopen(writing, "w")
            sys.stdout = out
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - the child ends below
            status = main(argv)
            out.flush()
        finally:
            os._exit(status)
    os.close(writing)
    with os.fdopen(reading) as pipe:
        text = pipe.read()
    _, status = os.waitpid(child, 0)
    return json.loads(text), os.waitstatus_to_exitcode(status)


# 4. Links out of the project


def test_links_leading_out_of_the_project_are_refused(
    digest: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("not for publication\n")
    (outside / "folder").mkdir()
    content = digest / "content"
    (content / "img").mkdir()
    (content / "img" / "passwd.png").symlink_to("/etc/passwd")
    (content / "secret.css").symlink_to(outside / "secret.txt")
    (content / "elsewhere").symlink_to(outside / "folder")
    (entries(digest) / "linked.md").symlink_to(outside / "secret.txt")
    # Links that stay inside the project are fine.
    (content / "readme.md").symlink_to(digest / "mkdocs.yml")
    (content / "shared").symlink_to(entries(digest))
    result = run(capsys, "check")
    real = outside.resolve().as_posix()
    tail = (
        "MkDocs would copy it into the published site; copy what is needed into the "
        "project instead of linking to it"
    )
    assert result.out.splitlines() == [
        f"content/elsewhere:1:1: error ST000 content/elsewhere is a link to a folder outside "
        f"the project ({real}/folder): {tail}",
        f"content/entries/linked.md:1:1: error ST000 content/entries/linked.md is a link to a "
        f"file outside the project ({real}/secret.txt): {tail}",
        f"content/img/passwd.png:1:1: error ST000 content/img/passwd.png is a link to a file "
        f"outside the project (/etc/passwd): {tail}",
        f"content/secret.css:1:1: error ST000 content/secret.css is a link to a file outside "
        f"the project ({real}/secret.txt): {tail}",
        CLEAN_LINE,
    ]
    assert result.code == 1


def test_outside_project_for_the_plugin(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    image = project / "content" / "logo.png"
    image.write_bytes(b"\x89PNG")
    link = project / "content" / "passwd.png"
    link.symlink_to("/etc/passwd")
    assert outside_project(image, project) is None
    assert outside_project(link, project) == (
        "content/passwd.png is a link to a file outside the project (/etc/passwd): MkDocs "
        "would copy it into the published site; copy what is needed into the project instead "
        "of linking to it"
    )
    # A dangling link out of the project would publish whatever appears there later.
    dangling = project / "content" / "later.png"
    dangling.symlink_to(tmp_path / "not-yet")
    message = outside_project(dangling, project)
    assert message is not None
    assert message.startswith("content/later.png is a link to a file outside the project")


def test_named_files_outside_the_project_are_not_links_out(
    digest: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "x.md"
    elsewhere.write_text(CLEAN)
    found = load_digest([elsewhere])
    assert [d.rule for f in found.files for d in f.diagnostics] == ["ST020"]


# 6. What reaches the terminal or a CI log


@pytest.fixture
def hostile_name(digest: Path) -> str:
    name = "x\x1b[2J\nline\u202e.md"
    (entries(digest) / name).write_text(CLEAN.replace("It adjourned.", ""), encoding="utf-8")
    (entries(digest) / "zz_clean.md").unlink()
    return name


def test_control_characters_in_a_path_are_escaped_in_text(
    hostile_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (entries(Path.cwd()) / hostile_name).write_text("no front-matter\n")
    result = run(capsys, "check")
    assert result.out == (
        "content/entries/x\\x1b[2J\\x0aline\\u202e.md:1:1: error ST001 no front-matter: an "
        "entry starts with a line '---', its YAML fields, and another line '---'\n"
    )


def test_a_github_annotation_cannot_be_split_or_injected(
    hostile_name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (entries(Path.cwd()) / hostile_name).write_text("no front-matter\n")
    (entries(Path.cwd()) / "a,b:c%\r::error::owned.md").write_text("no front-matter\n")
    result = run(capsys, "check", "--format", "github")
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "::error file=content/entries/a%2Cb%3Ac%25%0D%3A%3Aerror%3A%3Aowned.md,line=1,col=1,"
        "title=ST001::ST001 no front-matter"
    )
    assert lines[1].startswith(
        "::error file=content/entries/x\\x1b[2J%0Aline\\u202e.md,line=1,col=1,title=ST001::"
    )


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(
    digest: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (entries(digest) / "zz_clean.md").unlink()
    name = os.fsencode(entries(digest)) + b"/caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(b"no front-matter\n")
    text = run(capsys, "check")
    assert text.out.startswith("content/entries/caf\\xe9.md:1:1: error ST001 no front-matter")
    github = run(capsys, "check", "--format", "github")
    assert github.out.startswith("::error file=content/entries/caf\\xe9.md,line=1,col=1,")
    found = run(capsys, "check", "--format", "json")
    # JSON keeps the name exactly: the escape reads back as Python's name for the byte.
    assert json.loads(found.out)[0]["path"] == "content/entries/caf\udce9.md"
    assert "\\udce9" in found.out


# 8. A merge key with an override, as YAML defines it and MkDocs reads it


def test_a_source_merged_from_another_with_its_own_id_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(capsys, "check", str(FIXTURES / "merge_override.md"))
    assert result == Run(0, "", "1 entry checked: 0 errors, 0 warnings\n")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", ["mkdocs.yml", "content/.authors.yml"])
def test_a_configuration_file_that_is_a_named_pipe_is_one_line(
    digest: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (digest / name).unlink(missing_ok=True)
    os.mkfifo(digest / name)
    result = run(capsys, "check")
    shown = name if name == "mkdocs.yml" else (digest / name).as_posix()
    assert result == Run(
        1, "", f"error: cannot read {shown}: not a regular file but a named pipe (FIFO)\n"
    )
