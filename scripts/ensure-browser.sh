#!/usr/bin/env bash
# Installs what the browser tests need on a fresh machine, and nothing when it is already there:
#   - Debian's Chromium at /usr/bin/chromium (Playwright's own browser download does not work
#     offline, so the tests drive the system browser);
#   - the Node tools pinned in package-lock.json (axe-core, html-validate) into node_modules/.
# Safe to run again: each step checks first and stays quiet when there is nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: $CHROMIUM is missing and apt-get is not available; install Chromium by hand" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
  fi
  echo "ensure-browser: installing Debian's chromium with apt-get" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
  if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-browser: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
  fi
fi

# npm ci installs exactly the locked versions; it runs only when a pinned package is missing.
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/html-validate ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-browser: npm is missing; install Node.js 20 or later (apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "ensure-browser: installing axe-core and html-validate from package-lock.json" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
