"""Which entries a focused preview builds, passed from ``sourcetrace serve`` to the plugin.

MkDocs loads the configuration, and so the plugin's options, again on every rebuild,
from mkdocs.yml; the command cannot set a plugin option there. It sets an environment
variable instead, which the plugin reads on each build, before any entry is read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence

FOCUS_VARIABLE = "SOURCETRACE_FOCUS"


def focus_value(src_uris: Sequence[str]) -> str:
    """The variable's value naming ``src_uris`` (paths relative to the docs folder)."""
    return json.dumps(sorted(set(src_uris)))


def focused(environ: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The entries to build (paths relative to the docs folder), or None for all of them."""
    value = (os.environ if environ is None else environ).get(FOCUS_VARIABLE)
    if not value:
        return None
    try:
        names = json.loads(value)
    except ValueError:
        names = None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{FOCUS_VARIABLE} must be a JSON list of paths, not {value!r}")
    return frozenset(names)
