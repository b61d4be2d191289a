"""``sourcetrace explain``: what a rule asks for, with a bad and a fixed example.

The words come from ``build_tools.rules.registry``, the table the editor guide
is written from too, so the terminal and the guide always say the same thing.
"""

from __future__ import annotations

import argparse
import difflib
import textwrap

from build_tools.errors import UsageError
from build_tools.rules.registry import RULES, Rule

HELP = "explain a rule, with a bad and a fixed example"
DESCRIPTION = """\
Print what a rule checks, why, and an example written wrongly and then fixed.
Without a rule id, list every rule.

example:
  sourcetrace explain ST020
"""

WIDTH = 78
_INDENT = "    "


def nearest_rule(given: str) -> str:
    """Return the known rule id that looks most like ``given``.

    Ties go to an id that what was typed starts or ends short of, then to the
    lowest id, so ``ST02`` suggests ``ST020`` and ``ST0300`` suggests ``ST030``.
    """
    typed = given.strip().upper()

    def closeness(rule_id: str) -> tuple[float, bool]:
        ratio = difflib.SequenceMatcher(None, typed, rule_id).ratio()
        return (ratio, rule_id.startswith(typed) or typed.startswith(rule_id))

    best = max(closeness(rule_id) for rule_id in RULES)
    return min(rule_id for rule_id in RULES if closeness(rule_id) == best)


def find_rule(given: str) -> Rule:
    """Return the rule named ``given`` (any case).

    Raises:
        UsageError: for an unknown id, naming the nearest one and every known id.

    """
    found = RULES.get(given.strip().upper())
    if found is None:
        raise UsageError(
            f"unknown rule {given!r}; did you mean {nearest_rule(given)}? "
            f"Known rules: {', '.join(RULES)}"
        )
    return found


def _example(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), _INDENT)


def format_rule(rule: Rule) -> str:
    """Return the full explanation of ``rule`` as the terminal shows it."""
    return "\n".join(
        (
            f"{rule.id} ({rule.severity.value}): {rule.summary}",
            "",
            textwrap.fill(rule.explanation, WIDTH),
            "",
            "Bad:",
            _example(rule.bad),
            "",
            "Fixed:",
            _example(rule.fixed),
        )
    )


def format_index() -> str:
    """Return one line per rule: id, severity and summary."""
    return "\n".join(
        f"{rule.id}  {rule.severity.value:<7}  {rule.summary}" for rule in RULES.values()
    )


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the optional rule id."""
    parser.add_argument(
        "rule", nargs="?", metavar="RULE", help="a rule id such as ST020 (default: list all)"
    )


def run(args: argparse.Namespace) -> int:
    """Print the rule's explanation, or the list of rules."""
    if args.rule is None:
        print(format_index())
        print("\nRun 'sourcetrace explain RULE' for one rule's explanation and examples.")
    else:
        print(format_rule(find_rule(args.rule)))
    return 0
