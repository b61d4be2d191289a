"""The two expected ways a command can fail; anything else is our own bug (exit 3)."""

from __future__ import annotations


class FatalError(Exception):
    """An expected failure: one clear line to the user, exit status 1, no traceback."""


class UsageError(FatalError):
    """The command was called wrongly: exit status 2."""
