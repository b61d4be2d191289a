"""build_tools.browser: one lookup for Chromium, the same on every platform.

The candidates are real files in tmp_path (small shell scripts marked executable), so the
checks for "is a file", "is executable" and "is the snap launcher" run on the file system.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.browser import (
    HINT,
    VARIABLE,
    Chromium,
    ChromiumMissing,
    find_chromium,
    is_snap_launcher,
    system_candidates,
)
from tests.browser.conftest import missing_browser, on_ci

REPO = Path(__file__).resolve().parents[2]
# What Ubuntu's chromium-browser package puts at /usr/bin/chromium-browser (abridged).
SNAP_LAUNCHER = '#!/bin/sh\nexec /snap/bin/chromium "$@"\n'


def executable(path: Path, text: str = "#!/bin/sh\nexit 0\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def test_the_variable_comes_first(tmp_path: Path) -> None:
    chosen = executable(tmp_path / "mine" / "chrome")
    managed = executable(tmp_path / "playwright" / "chrome")
    system = executable(tmp_path / "usr" / "chromium")
    found = find_chromium({VARIABLE: str(chosen)}, managed, [system])
    assert found == Chromium(chosen, "SOURCETRACE_CHROMIUM")


def test_a_variable_naming_no_executable_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    system = executable(tmp_path / "usr" / "chromium")
    missing = tmp_path / "nowhere" / "chrome"
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium({VARIABLE: str(missing)}, None, [system])
    assert str(raised.value) == (
        f"SOURCETRACE_CHROMIUM={missing}: there is no executable file there"
    )
    not_executable = tmp_path / "chrome.txt"
    not_executable.write_text("#!/bin/sh\n", encoding="utf-8")
    with pytest.raises(ChromiumMissing, match="there is no executable file there"):
        find_chromium({VARIABLE: str(not_executable)}, None, [system])


def test_a_variable_naming_the_snap_launcher_says_what_to_do(tmp_path: Path) -> None:
    launcher = executable(tmp_path / "chromium-browser", SNAP_LAUNCHER)
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium({VARIABLE: str(launcher)}, None, [])
    assert str(raised.value) == (
        f"SOURCETRACE_CHROMIUM={launcher} starts the snap, which Playwright cannot drive; "
        "run '.venv/bin/python -m playwright install chromium' and unset it"
    )


def test_an_empty_variable_counts_as_unset(tmp_path: Path) -> None:
    managed = executable(tmp_path / "playwright" / "chrome")
    assert find_chromium({VARIABLE: ""}, managed, []) == Chromium(managed, "Playwright")


def test_playwright_s_browser_comes_before_the_system_s(tmp_path: Path) -> None:
    managed = executable(tmp_path / "playwright" / "chrome")
    system = executable(tmp_path / "usr" / "chromium")
    assert find_chromium({}, managed, [system]) == Chromium(managed, "Playwright")


def test_playwright_s_browser_not_yet_downloaded_is_passed_over(tmp_path: Path) -> None:
    system = executable(tmp_path / "usr" / "chromium")
    not_downloaded = tmp_path / "ms-playwright" / "chromium-1255" / "chrome"
    assert find_chromium({}, not_downloaded, [system]) == Chromium(system, "system")


def test_the_system_s_browsers_are_tried_in_order_and_snap_launchers_skipped(
    tmp_path: Path,
) -> None:
    launcher = executable(tmp_path / "usr" / "chromium-browser", SNAP_LAUNCHER)
    absent = tmp_path / "usr" / "chromium"
    chrome = executable(tmp_path / "opt" / "google-chrome")
    later = executable(tmp_path / "Applications" / "Chromium")
    found = find_chromium({}, None, [absent, launcher, chrome, later])
    assert found == Chromium(chrome, "system")


def test_nothing_found_gives_the_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    launcher = executable(tmp_path / "chromium", SNAP_LAUNCHER)
    with pytest.raises(ChromiumMissing) as raised:
        find_chromium({}, tmp_path / "not-downloaded", [launcher, tmp_path / "absent"])
    assert str(raised.value) == HINT
    assert HINT == (
        "no Chromium found: run '.venv/bin/python -m playwright install chromium', "
        "or set SOURCETRACE_CHROMIUM to a Chromium or Chrome executable"
    )
    assert "\n" not in HINT


def test_snap_launchers_are_recognised_by_their_target_or_their_text(tmp_path: Path) -> None:
    assert is_snap_launcher(executable(tmp_path / "launcher", SNAP_LAUNCHER))
    # Debian's /usr/bin/chromium is a shell script too, one that starts the real binary.
    debian = executable(tmp_path / "chromium", '#!/bin/sh\nexec /usr/lib/chromium/chromium "$@"\n')
    assert not is_snap_launcher(debian)
    # A binary that merely contains the bytes /snap/ is not a launcher.
    binary = tmp_path / "chrome"
    binary.write_bytes(b"\x7fELF\x00/snap/\x00")
    assert not is_snap_launcher(binary)


def test_system_candidates_are_debian_s_then_the_path_then_macos_bundles(
    tmp_path: Path,
) -> None:
    bin_dir = tmp_path / "bin"
    chrome = executable(bin_dir / "google-chrome")
    chromium = executable(bin_dir / "chromium")
    home = tmp_path / "home"
    candidates = system_candidates({"PATH": str(bin_dir), "HOME": str(home)})
    assert candidates == [
        Path("/usr/bin/chromium"),
        chromium,
        chrome,
        Path("/Applications/Chromium.app/Contents/MacOS/Chromium"),
        Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        home / "Applications/Chromium.app/Contents/MacOS/Chromium",
        home / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ]


def lookup_command(**environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools.browser"],
        cwd=REPO,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_prints_the_browser_and_where_it_came_from(tmp_path: Path) -> None:
    chosen = executable(tmp_path / "chrome")
    result = lookup_command(SOURCETRACE_CHROMIUM=str(chosen))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"{chosen} (SOURCETRACE_CHROMIUM)\n",
        "",
    )


def test_the_command_prints_what_to_do_and_fails(tmp_path: Path) -> None:
    result = lookup_command(SOURCETRACE_CHROMIUM=str(tmp_path / "absent"))
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"SOURCETRACE_CHROMIUM={tmp_path / 'absent'}: there is no executable file there\n",
    )


def ensure_browser(**environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "ensure-browser.sh")],
        env={**env, "PYTHON": sys.executable, **environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_ensure_browser_is_quiet_when_the_browser_is_there(tmp_path: Path) -> None:
    result = ensure_browser(SOURCETRACE_CHROMIUM=str(executable(tmp_path / "chrome")))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_ensure_browser_says_what_to_do_in_one_line_and_lets_the_rest_run(
    tmp_path: Path,
) -> None:
    # With the variable set nothing is installed, even on Debian as root: the editor chose.
    result = ensure_browser(SOURCETRACE_CHROMIUM=str(tmp_path / "absent"))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "",
        f"ensure-browser: SOURCETRACE_CHROMIUM={tmp_path / 'absent'}: there is no executable "
        "file there; the browser tests will be skipped\n",
    )


def test_ensure_browser_fails_under_ci_when_the_browser_is_missing(tmp_path: Path) -> None:
    result = ensure_browser(SOURCETRACE_CHROMIUM=str(tmp_path / "absent"), CI="true")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        f"ensure-browser: SOURCETRACE_CHROMIUM={tmp_path / 'absent'}: there is no executable "
        "file there (CI=true: the browser tests must run)\n",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("TRUE", True), ("", False), ("false", False), ("0", False)],
)
def test_ci_is_recognised_as_ci_services_set_it(value: str, expected: bool) -> None:
    assert on_ci({"CI": value}) is expected
    assert on_ci({}) is False


def test_a_missing_browser_skips_the_browser_tests_on_a_laptop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as raised:
        missing_browser(HINT)
    assert str(raised.value) == HINT


def test_a_missing_browser_fails_the_run_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as raised:
        missing_browser(HINT)
    assert str(raised.value) == f"{HINT} (CI=true: the browser tests must run)"
