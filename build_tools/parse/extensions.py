"""The site's Markdown extensions, loaded as Python-Markdown loads them, without its scan.

Given an extension by name, Python-Markdown first looks through the entry points of
every installed distribution (``importlib.metadata``), then imports the name as a
module. Importing ``importlib.metadata`` and scanning the entry points took about 65 ms
of a one-entry ``sourcetrace check``. The only entry points in the
``markdown.extensions`` group are Python-Markdown's own (``toc`` is
``markdown.extensions.toc``), so the names are loaded here the way those entry points
and Python-Markdown's import rule say, and handed over as instances. A name this
cannot load is handed over as it is, for Python-Markdown to look up itself.

Whichever of the two fails, :class:`ExtensionError` names the extension of
``markdown_extensions`` at fault, so that the check can point at its line in
mkdocs.yml rather than end with a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

_OWN = "markdown.extensions"
# What loading an extension or setting its options raises: an unknown option is a
# KeyError, a value of the wrong kind a TypeError or ValueError.
LOAD_ERRORS = (ImportError, KeyError, TypeError, ValueError, AttributeError)


class ExtensionError(ValueError):
    """An extension of the site's ``markdown_extensions`` cannot be loaded or set up."""

    def __init__(self, name: str, error: BaseException) -> None:
        if isinstance(error, KeyError) and error.args:
            reason = f"it has no option {error.args[0]!r}: check the option's spelling"
        elif isinstance(error, ImportError):
            reason = (
                f"{error.msg or error}: check its name, or install the package that provides it"
            )
        elif isinstance(error, AttributeError):
            reason = f"{error}: check its name"
        else:
            reason = f"its options are wrong: {error}"
        super().__init__(f"{name!r} cannot be used: {reason}")
        self.name = name


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
    """``extensions`` with each name replaced by its extension, made with its ``configs``.

    Raises:
        ExtensionError: an extension's options are wrong (an extension that cannot be
            imported is left to Python-Markdown, and :func:`markdown_of` says which).

    """
    result: list[Extension | str] = []
    for item in extensions:
        if not isinstance(item, str):
            result.append(item)
            continue
        try:
            extension = _load(item, configs.get(item) or {})
        except LOAD_ERRORS as error:
            raise ExtensionError(item, error) from error
        result.append(extension if extension is not None else item)
    return result


def markdown_of(extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> Markdown:
    """A Markdown instance with ``extensions`` (names or instances) and their ``configs``.

    Raises:
        ExtensionError: a named extension cannot be loaded or set up.

    """
    try:
        return Markdown(extensions=loaded(extensions, configs), extension_configs=configs)
    except ExtensionError:
        raise
    except LOAD_ERRORS as error:
        culprit = _culprit(extensions, configs)
        if culprit is None:
            raise  # no named extension fails alone: not a mistake this can name
        raise ExtensionError(culprit, error) from error


def _culprit(extensions: Sequence[Any], configs: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The first named extension that fails on its own (only asked once one has failed)."""
    for item in extensions:
        if not isinstance(item, str):
            continue
        try:
            Markdown(extensions=loaded([item], configs), extension_configs=configs)
        except LOAD_ERRORS:
            return item
    return None
