"""Where the browser tests, the site benchmark and ``scripts/ensure-browser.sh`` find Chromium.

One lookup, in this order, so that every platform gets the same answer:

1. ``SOURCETRACE_CHROMIUM``, when set: the editor's own choice. It must name an executable
   file; a wrong value is an error rather than a reason to try something else.
2. Playwright's own Chromium (``python -m playwright install chromium``), which is what CI
   installs and what works on macOS, on Windows under WSL and on Linux without root.
3. The system's Chromium or Chrome: Debian's ``/usr/bin/chromium``, then ``chromium``,
   ``chromium-browser``, ``google-chrome`` on the ``PATH``, then macOS's app bundles.

Ubuntu's ``chromium`` and ``chromium-browser`` packages only install a launcher for the snap,
which Playwright cannot drive (the snap's confinement hides the profile directory it
passes); such launchers are passed over.

``python -m build_tools.browser`` prints the executable found, or the one line that says
what to do, and exits 1.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

VARIABLE = "SOURCETRACE_CHROMIUM"

SYSTEM_PATHS: tuple[str, ...] = ("/usr/bin/chromium",)
SYSTEM_NAMES: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
MACOS_BUNDLES: tuple[str, ...] = (
    "Chromium.app/Contents/MacOS/Chromium",
    "Google Chrome.app/Contents/MacOS/Google Chrome",
)

HINT = (
    f"no Chromium found: run '.venv/bin/python -m playwright install chromium', "
    f"or set {VARIABLE} to a Chromium or Chrome executable"
)


class ChromiumMissing(Exception):
    """No usable Chromium; the message is one line that says what to do."""


@dataclass(frozen=True, slots=True)
class Chromium:
    """A Chromium to launch, and which step of the lookup found it."""

    path: Path
    origin: str


def is_snap_launcher(path: Path) -> bool:
    """Whether ``path`` is, or only starts, the snap of Chromium."""
    if Path(os.path.realpath(path)).parts[1:2] == ("snap",):
        return True
    try:
        with path.open("rb") as file:
            head = file.read(4096)
    except OSError:
        return False
    return head.startswith(b"#!") and b"/snap/" in head


def usable(path: Path) -> bool:
    """Whether ``path`` is an executable file Playwright can launch."""
    return path.is_file() and os.access(path, os.X_OK) and not is_snap_launcher(path)


def system_candidates(environ: Mapping[str, str]) -> list[Path]:
    """The system's browsers, in the order they are tried."""
    candidates = [Path(p) for p in SYSTEM_PATHS]
    search_path = environ.get("PATH", os.defpath)
    for name in SYSTEM_NAMES:
        found = shutil.which(name, path=search_path)
        if found is not None:
            candidates.append(Path(found))
    home = environ.get("HOME")
    folders = [Path("/Applications")] + ([Path(home) / "Applications"] if home else [])
    candidates.extend(folder / bundle for folder in folders for bundle in MACOS_BUNDLES)
    return candidates


def find_chromium(
    environ: Mapping[str, str],
    managed: Path | None,
    system: Sequence[Path] | None = None,
) -> Chromium:
    """The Chromium to use.

    Args:
        environ: The environment, read for ``SOURCETRACE_CHROMIUM``, ``PATH`` and ``HOME``.
        managed: Where Playwright keeps its own Chromium (None when Playwright is absent).
        system: The system's candidates; by default ``system_candidates(environ)``.

    Returns:
        The first usable browser of the lookup.

    Raises:
        ChromiumMissing: ``SOURCETRACE_CHROMIUM`` names no executable, or nothing was found.

    """
    chosen = environ.get(VARIABLE, "")
    if chosen:
        path = Path(chosen)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise ChromiumMissing(f"{VARIABLE}={chosen}: there is no executable file there")
        if is_snap_launcher(path):
            raise ChromiumMissing(
                f"{VARIABLE}={chosen} starts the snap, which Playwright cannot drive; "
                "run '.venv/bin/python -m playwright install chromium' and unset it"
            )
        return Chromium(path, VARIABLE)
    if managed is not None and usable(managed):
        return Chromium(managed, "Playwright")
    for candidate in system_candidates(environ) if system is None else system:
        if usable(candidate):
            return Chromium(candidate, "system")
    raise ChromiumMissing(HINT)


def playwright_chromium() -> Path | None:
    """Where Playwright keeps its own Chromium (it may not be installed there yet).

    Starts Playwright's driver to ask, so it must not be called while a synchronous
    Playwright is open on this thread; ask that one instead (``chromium.executable_path``).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        return Path(playwright.chromium.executable_path)


def locate(environ: Mapping[str, str] | None = None) -> Chromium:
    """The whole lookup; Playwright is asked only when the variable is not set."""
    environ = os.environ if environ is None else environ
    managed = None if environ.get(VARIABLE) else playwright_chromium()
    return find_chromium(environ, managed)


def main() -> int:
    """Print the Chromium found and where it came from, or what to do; 0 if found."""
    try:
        found = locate()
    except ChromiumMissing as missing:
        print(missing, file=sys.stderr)
        return 1
    print(f"{found.path} ({found.origin})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
