"""What ``validation:`` in mkdocs.yml makes of each kind of broken link: warning or less.

MkDocs logs a broken link at the level its ``validation.links`` settings give it;
``mkdocs build --strict`` fails only on warnings. A link it logs at ``info`` must not
fail ``sourcetrace check --strict`` either, so the check reports only what MkDocs
would warn about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# MkDocs' own defaults (mkdocs/config/defaults.py, class _Validation.LinksValidation).
_DEFAULTS = {
    "not_found": "warn",
    "anchors": "info",
    "absolute_links": "info",
    "unrecognized_links": "info",
}
RELATIVE_TO_DOCS = "relative_to_docs"


@dataclass(frozen=True, slots=True)
class LinkValidation:
    """Which kinds of broken link MkDocs warns about (True) rather than logs at info or less.

    ``absolute_links_from_docs`` is MkDocs' ``absolute_links: relative_to_docs``: a link
    starting with ``/`` is then read from the docs folder and validated like any other.
    """

    not_found: bool = True
    anchors: bool = False
    absolute_links: bool = False
    unrecognized_links: bool = False
    absolute_links_from_docs: bool = False

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> LinkValidation:
        """Read ``validation:`` of an mkdocs.yml already loaded as a mapping.

        A level given directly under ``validation:`` applies to both ``nav`` and
        ``links``, as MkDocs propagates it; a level under ``links:`` wins.
        """
        validation = config.get("validation")
        levels = dict(_DEFAULTS)
        if isinstance(validation, Mapping):
            levels.update((k, v) for k, v in validation.items() if k in _DEFAULTS)
            links = validation.get("links")
            if isinstance(links, Mapping):
                levels.update((k, v) for k, v in links.items() if k in _DEFAULTS)
        absolute = str(levels["absolute_links"])
        return cls(
            not_found=_warns(levels["not_found"]),
            anchors=_warns(levels["anchors"]),
            absolute_links=_warns(absolute),
            unrecognized_links=_warns(levels["unrecognized_links"]),
            absolute_links_from_docs=absolute == RELATIVE_TO_DOCS,
        )


def _warns(level: object) -> bool:
    return str(level) == "warn"
