"""A rule of the checker: its id, severity and the words that explain it."""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model import Severity

# The command that reports a rule. Entry rules are found by ``sourcetrace check``
# (and the build); link rules only by ``sourcetrace links``, whose examples are
# pages and link histories rather than entries.
CHECK = "check"
LINKS = "links"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: stable id, severity, a one-line summary, and a bad and a fixed example.

    ``reported_by`` names the command that reports it: ``check`` for the rules
    about entries, ``links`` for those about the built site and source addresses.
    """

    id: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    fixed: str
    reported_by: str = CHECK

    @property
    def about_entries(self) -> bool:
        """Whether the checker reports this rule on entry files."""
        return self.reported_by == CHECK
