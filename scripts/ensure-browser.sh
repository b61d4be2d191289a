#!/usr/bin/env bash
# Makes sure the browser tests can run, and changes nothing when they already can:
#   - a Chromium, found as the tests find it (build_tools/browser.py: SOURCETRACE_CHROMIUM,
#     Playwright's own browser, then the system's). Only on Debian, as root, is one
#     installed here (Debian's chromium package); anywhere else this prints the one line
#     that says what to do, and the browser tests are skipped, except under CI=true, where
#     a missing browser stops the run. (Ubuntu's chromium package installs a snap, which
#     Playwright cannot drive; GitHub's runners use Playwright's browser instead.)
#   - the Node tools pinned in package-lock.json (axe-core, html-validate) in node_modules/.
# Safe to run again: each step checks first and stays quiet when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
OS_RELEASE="${OS_RELEASE:-/etc/os-release}"

on_ci() {
  case "${CI:-}" in true | TRUE | True | 1 | yes) return 0 ;; *) return 1 ;; esac
}

# Debian itself, not a derivative: Ubuntu's chromium is the snap launcher.
on_debian() {
  [ -r "$OS_RELEASE" ] && [ "$(. "$OS_RELEASE" && echo "${ID:-}")" = "debian" ]
}

if ! missing="$("$PYTHON" -m build_tools.browser 2>&1 >/dev/null)"; then
  if [ -z "${SOURCETRACE_CHROMIUM:-}" ] && on_debian && [ "$(id -u)" -eq 0 ] \
    && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: installing Debian's chromium with apt-get" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    missing="$("$PYTHON" -m build_tools.browser 2>&1 >/dev/null)" || true
  fi
  if [ -n "$missing" ]; then
    if on_ci; then
      echo "ensure-browser: $missing (CI=true: the browser tests must run)" >&2
      exit 1
    fi
    echo "ensure-browser: $missing; the browser tests will be skipped" >&2
  fi
fi

# npm ci installs exactly the locked versions; it runs only when a pinned package is missing.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/html-validate ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-browser: npm is missing; install Node.js 20 or later (https://nodejs.org/)" >&2
    exit 1
  fi
  echo "ensure-browser: installing axe-core and html-validate from package-lock.json" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
