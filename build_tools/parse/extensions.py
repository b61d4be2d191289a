"""The site's Markdown extensions, loaded as Python-Markdown loads them, without its scan.

Given an extension by name, Python-Markdown first looks through the entry points of
every installed distribution (``importlib.metadata``), then imports the name as a
module. Importing ``importlib.metadata`` and scanning the entry points is a fifth of a
one-entry ``sourcetrace check`` (about 65 ms of 300). The only entry points in the
``markdown.extensions`` group are Python-Markdown's own (``toc`` is
``markdown.extensions.toc``), so the names are loaded here the way those entry points
and Python-Markdown's import rule say, and handed over as instances. A name this
cannot load is handed over as it is: Python-Markdown then looks it up itself and
fails, if it fails, with its own message.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from typing import Any

from markdown.extensions import Extension

_OWN = "markdown.extensions"


def _module_of(name: str) -> str:
    """The module an extension name stands for: Python-Markdown's own, or the name itself."""
    if "." in name or not name:
        return name
    try:
        found = importlib.util.find_spec(f"{_OWN}.{name}")
    except (ImportError, ValueError):
        found = None
    return found.name if found is not None else name


def _load(name: str, options: Mapping[str, Any]) -> Extension | None:
    module_name, _, class_name = name.partition(":")
    try:
        module = importlib.import_module(_module_of(module_name))
    except (ImportError, ValueError, TypeError):
        return None
    if class_name:
        made = getattr(module, class_name, None)
        return made(**options) if callable(made) else None
    make = getattr(module, "makeExtension", None)
    return make(**options) if callable(make) else None


def loaded(
    extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]
) -> list[Extension | str]:
    """``extensions`` with each name replaced by its extension, made with its ``configs``."""
    result: list[Extension | str] = []
    for item in extensions:
        if not isinstance(item, str):
            result.append(item)
            continue
        extension = _load(item, configs.get(item) or {})
        result.append(extension if extension is not None else item)
    return result
