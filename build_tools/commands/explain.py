"""``sourcetrace explain``: what a rule asks for, with a bad and a fixed example.

The words come from ``build_tools.rules.registry``, the table the editor guide
is written from too, so the terminal and the guide always say the same thing.
"""

from __future__ import annotations

import argparse
import re
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


# More ids than this one typo away, and the typo says nothing about which was meant.
MAX_SUGGESTIONS = 5
_NOT_ID = re.compile(r"[^A-Z0-9]")


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one character changed, added, dropped, or two neighbours swapped turn a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        wrong = [i for i in range(len(a)) if a[i] != b[i]]
        return len(wrong) == 1 or (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and a[wrong[0]] == b[wrong[1]]
            and a[wrong[1]] == b[wrong[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def likely_rules(given: str) -> list[str]:
    """The known rule ids ``given`` is plausibly a typo of, most likely first; often none.

    A typo is one digit wrong, added or dropped, two neighbours swapped (ST105 for
    ST015), the leading zeros left out (ST4 for ST004) or the ST left out (020). Where
    what was typed is the start of some of them (ST02), the editor stopped typing early
    and only those are kept. Past ``MAX_SUGGESTIONS`` ids, none is more likely than the
    rest, and none is suggested: ST999 suggests nothing rather than a far-off ST000.
    """
    typed = _NOT_ID.sub("", given.upper())
    if typed.isdigit():
        typed = "ST" + typed
    found = [rule_id for rule_id in RULES if _one_edit_apart(typed, rule_id)]
    digits = typed.removeprefix("ST")
    padded = "ST" + digits.zfill(3)
    if digits.isdigit() and padded in RULES and padded not in found:
        found.insert(0, padded)
    started = [rule_id for rule_id in found if rule_id.startswith(typed)]
    found = started or found
    if len(found) > MAX_SUGGESTIONS:
        return []
    # The longer the start an id shares with what was typed, the likelier: ST0300 is
    # ST030 with a 0 too many before it is ST000 with a 3 too many.
    return sorted(found, key=lambda rule_id: -_shared_start(typed, rule_id))


def _shared_start(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` have in common."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _either(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} or {ids[-1]}"


def find_rule(given: str) -> Rule:
    """Return the rule named ``given`` (any case).

    Raises:
        UsageError: for an unknown id, naming the ids it is plausibly a typo of, if
            any, and where every rule is listed.

    """
    found = RULES.get(given.strip().upper())
    if found is None:
        likely = likely_rules(given)
        ids = list(RULES)
        where = (
            f"'sourcetrace explain' lists every rule ({ids[0]} to {ids[-1]}), and the editor "
            "guide explains each"
        )
        if likely:
            raise UsageError(f"unknown rule {given!r}; did you mean {_either(likely)}? {where}")
        raise UsageError(f"unknown rule {given!r}: {where}")
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
