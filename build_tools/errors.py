"""The two expected ways a command can fail; anything else is our own bug (exit 3)."""

from __future__ import annotations


class FatalError(Exception):
    """An expected failure: one clear line to the user, exit status 1, no traceback."""


class UsageError(FatalError):
    """The command was called wrongly: exit status 2."""


class PathError(UsageError):
    """A path named to a command does not exist, or a folder named holds nothing to work on.

    A usage error (exit status 2), whichever command was given it.
    """
