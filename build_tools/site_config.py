"""What mkdocs.yml says about reading entries, read without MkDocs.

The checker reads each body with the site's own Markdown, so ``sourcetrace check``
takes ``markdown_extensions`` (with MkDocs' built-in ``toc``, ``tables`` and
``fenced_code``, which MkDocs always adds), ``theme.language`` and the sourcetrace
plugin's options from the same file the build reads.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from build_tools.parse.body import BodyReader

# The docs folder's folder of entries: every .md file under it is an entry.
ENTRIES_DIR = "entries"
# What MkDocs reads as Markdown pages (its utils.markdown_extensions). Under entries/
# each is published; an entry is written .md, and the others are refused by name.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

# MkDocs puts these first, whatever mkdocs.yml lists.
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True, slots=True)
class SiteSetup:
    """The site's docs folder, Markdown extensions and options, language, plugin options."""

    docs_dir: str = "docs"
    extensions: tuple[Any, ...] = (*MKDOCS_BUILTINS, "admonition", "attr_list")
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    language: str = "en"
    plugin: Mapping[str, Any] = field(default_factory=dict)

    def reader(self) -> BodyReader:
        """A body reader set up as the site's Markdown."""
        return BodyReader(self.extensions, self.configs, language=self.language)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's own tags as MkDocs does: ``!ENV``, ``!relative``, python names."""


_AnyLoader = yaml.SafeLoader | yaml.CSafeLoader

# libyaml reads the same file several times faster (mkdocs.yml is read on every
# check of a single entry); a file it refuses is read again by the pure-Python
# loader, so that the error is worded as PyYAML words it either way.
_FastConfigLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _ConfigLoader
if yaml.__with_libyaml__:

    class _CConfigLoader(yaml.CSafeLoader):
        """The same tags, read by libyaml's parser."""

    _FastConfigLoader = _CConfigLoader


def _env(loader: _AnyLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = values[:-1], values[-1] if len(values) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A ``!!python/name:`` that names nothing importable: MkDocs refuses it too."""

    module: str
    attribute: str

    def __str__(self) -> str:
        return f"cannot find {self.attribute!r} in the module {self.module!r}"


def _python_name(loader: _AnyLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attribute = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        # Refused where the check needs it (an extension's option); elsewhere the
        # build will say so.
        return Unresolved(module, attribute)


def _anything_else(loader: _AnyLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return None


for _loader in {_ConfigLoader, _FastConfigLoader}:
    _loader.add_constructor("!ENV", _env)
    _loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
    _loader.add_multi_constructor("!", _anything_else)
    # Last, so that the tags above are tried first: any other tag reads as its scalar or None.
    _loader.add_multi_constructor("", _anything_else)


def load_config(text: str) -> dict[str, Any]:
    """The whole of an mkdocs.yml as a mapping, its tags read as MkDocs reads them.

    Raises:
        yaml.YAMLError: the text is not YAML (the caller says where, in whose words).

    """
    try:
        config = yaml.load(text, Loader=_FastConfigLoader)
    except yaml.YAMLError:
        config = yaml.load(text, Loader=_ConfigLoader)
    return config if isinstance(config, dict) else {}


def site_setup(text: str) -> SiteSetup:
    """Read ``text``, the contents of an mkdocs.yml.

    Raises:
        yaml.YAMLError: the text is not YAML (the caller says where, in whose words).

    """
    return setup_of(load_config(text))


class ConfigError(ValueError):
    """mkdocs.yml is YAML, but a setting the check reads has a shape MkDocs refuses too."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key  # the top-level setting, to find its line


def _kind(value: Any) -> str:
    return "text" if isinstance(value, str) else type(value).__name__


def _extensions(value: Any) -> list[tuple[str, Any]]:
    """``markdown_extensions`` as (name, options) pairs, shaped as MkDocs accepts it."""
    key = "markdown_extensions"
    if value is None:
        return []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list | tuple):
        items = []
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict) and len(item) == 1:
                items.append(next(iter(item.items())))
            elif isinstance(item, dict):
                names = ", ".join(map(str, item)) or "none"
                raise ConfigError(
                    key,
                    f"item {number} names {len(item)} extensions ({names}): give each one "
                    "its own '- name' item",
                )
            else:
                items.append((item, None))
    else:
        raise ConfigError(
            key, f"expected a list of extensions ('- toc'), found {_kind(value)} {value!r}"
        )
    for name, options in items:
        if not isinstance(name, str) or not name:
            raise ConfigError(key, f"{name!r} is not an extension's name")
        if options and not isinstance(options, dict):
            raise ConfigError(
                key,
                f"the options of {name!r} must be a map of option: value, found "
                f"{_kind(options)} {options!r}",
            )
    return items


def setup_of(config: dict[str, Any]) -> SiteSetup:
    """What the check needs from ``config``, an mkdocs.yml read by :func:`load_config`.

    Raises:
        ConfigError: a setting the check reads has a shape MkDocs refuses too.

    """
    if not config:
        return SiteSetup()
    extensions: list[Any] = list(MKDOCS_BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    for name, options in _extensions(config.get("markdown_extensions")):
        if name not in extensions:
            extensions.append(name)
        if isinstance(options, dict):
            _usable_options(name, options)
            configs[name] = options
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    docs_dir = config.get("docs_dir") or "docs"
    if not isinstance(docs_dir, str):
        raise ConfigError("docs_dir", f"expected a folder's path, found {_kind(docs_dir)}")
    return SiteSetup(
        docs_dir=docs_dir,
        extensions=tuple(extensions),
        configs=configs,
        language=language if isinstance(language, str) and language else "en",
        plugin=_plugin_options(config.get("plugins")),
    )


# Options whose value the extension calls: anything else fails inside the conversion.
_CALLED_OPTIONS = {("toc", "slugify"), ("markdown.extensions.toc", "slugify")}


def _usable_options(name: str, options: dict[str, Any]) -> None:
    """Refuse an extension's option that names nothing, or is called and is no function."""
    for option, value in options.items():
        if isinstance(value, Unresolved):
            raise ConfigError("markdown_extensions", f"{name}: {option}: {value}")
        if (name, option) in _CALLED_OPTIONS and value is not None:
            if not callable(value):
                raise ConfigError(
                    "markdown_extensions",
                    f"{name}: {option} must name a function (!!python/name:module.function), "
                    f"found {_kind(value)}",
                )
            try:
                value("A heading", "-")  # as toc calls it: slugify(text, separator)
            except Exception as error:  # whatever it raises, the option is at fault
                raise ConfigError(
                    "markdown_extensions",
                    f"{name}: {option}: called as toc calls it, slugify(text, separator), "
                    f"it fails: {error}",
                ) from error


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """The sourcetrace plugin's options in ``plugins:`` (a list of names or one-key maps)."""
    if plugins is None:
        return {}
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list | tuple):
        items = [next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins]
    else:
        raise ConfigError(
            "plugins", f"expected a list of plugins ('- search'), found {_kind(plugins)}"
        )
    for name, options in items:
        if name == "sourcetrace" and isinstance(options, dict):
            return options
    return {}
