"""``sourcetrace explain``: what a rule asks for, with a bad and a fixed example.

The words come from ``build_tools.rules.registry``, the table the editor guide
is written from too, so the terminal and the guide always say the same thing.
"""

from __future__ import annotations

import argparse
import difflib
import textwrap

from build_tools.errors import UsageError
from build_tools.guide import HEDGE_OPTION, language_name
from build_tools.rules.hedges import DEFAULT_HEDGES, Hedges, primary_language
from build_tools.rules.registry import RULES, Rule

HELP = "explain a rule, with a bad and a fixed example"
DESCRIPTION = """\
Print what a rule checks, why, and an example written wrongly and then fixed.
Without a rule id, list every rule.

examples:
  sourcetrace explain ST020
  sourcetrace explain ST021 --language de    # the German hedge list
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


def format_hedges(hedges: Hedges) -> str:
    """Return the hedge list in force, as ``explain ST021`` shows it."""
    language = hedges.language
    if language in DEFAULT_HEDGES:
        kind = "the default list" if language == "en" else "a starter list"
        heading = f"Hedges looked for in {language_name(language)}, {kind}:"
    else:
        heading = f"Hedges looked for in {language}, which is held to the English list:"
    others = ", ".join(tag for tag in sorted(DEFAULT_HEDGES) if tag != language)
    return "\n".join(
        (
            heading,
            # No-break spaces inside a phrase keep it on one line; textwrap
            # breaks only at ASCII whitespace.
            textwrap.fill(
                ", ".join(phrase.replace(" ", "\u00a0") for phrase in hedges.phrases),
                WIDTH,
                initial_indent=_INDENT,
                subsequent_indent=_INDENT,
                break_on_hyphens=False,
            ).replace("\u00a0", " "),
            "",
            textwrap.fill(
                f"Lists of their own: {others} (sourcetrace explain ST021 --language "
                f"{others.split(', ')[0]}). {HEDGE_OPTION}".replace("`", "'"),
                WIDTH,
            ),
        )
    )


def _lists(rule: Rule, language: str) -> tuple[str, ...]:
    """The words a rule looks for, where it has a list of them, and a blank line."""
    if rule.id != "ST021":
        return ()
    return (format_hedges(Hedges.for_language(language)), "")


def format_rule(rule: Rule, language: str = "en") -> str:
    """Return the full explanation of ``rule`` as the terminal shows it.

    ``language`` chooses the list shown for a rule that has one (ST021's hedges).
    """
    return "\n".join(
        (
            f"{rule.id} ({rule.severity.value}): {rule.summary}",
            "",
            textwrap.fill(rule.explanation, WIDTH),
            "",
            *_lists(rule, primary_language(language)),
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
    """Add the optional rule id and the language of the lists shown."""
    parser.add_argument(
        "rule", nargs="?", metavar="RULE", help="a rule id such as ST020 (default: list all)"
    )
    parser.add_argument(
        "--language",
        default="en",
        metavar="TAG",
        help="the language (BCP 47) whose hedge list ST021 shows (default: en)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the rule's explanation, or the list of rules."""
    if args.rule is None:
        print(format_index())
        print("\nRun 'sourcetrace explain RULE' for one rule's explanation and examples.")
    else:
        print(format_rule(find_rule(args.rule), args.language))
    return 0
