"""The rules section of the editor guide, written from the rule registry.

``sourcetrace explain`` prints from the same registry, so the guide and the
command never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from build_tools.rules.hedges import DEFAULT_HEDGES
from build_tools.rules.registry import RULES, Rule

RULES_PLACEHOLDER = "<!-- sourcetrace:rules -->"


def _fenced(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def as_text(words: str) -> str:
    """``words`` escaped so that Markdown shows a tag such as ``<script>`` rather than runs it.

    Explanations name the tags they refuse; written into the guide as they
    are, Python-Markdown would pass them through as raw HTML.
    """
    return words.replace("&", "&amp;").replace("<", "&lt;")


# The languages with a hedge list of their own, named as an editor reads them.
LANGUAGE_NAMES: Mapping[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "tr": "Turkish",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "ru": "Russian",
    "pl": "Polish",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
}
HEDGE_OPTION = (
    "A digest adds or removes phrases per language with the hedges option of the "
    "sourcetrace plugin in mkdocs.yml, e.g. `hedges: {en: {add: [...], remove: [...]}}`; "
    "a language without a list of its own is held to the English one."
)


def language_name(language: str) -> str:
    """``English (en)``, or the bare tag for a language without a name here."""
    name = LANGUAGE_NAMES.get(language)
    return f"{name} ({language})" if name else language


def hedges_markdown(lists: Mapping[str, Sequence[str]] = DEFAULT_HEDGES) -> str:
    """The hedge lists of rule ST021, one paragraph per language, English first."""
    paragraphs = [f"Hedges looked for, by language. {HEDGE_OPTION}"]
    for language in sorted(lists, key=lambda tag: (tag != "en", tag)):
        kind = "" if language == "en" else ", a starter list"
        phrases = ", ".join(f"`{phrase}`" for phrase in lists[language])
        paragraphs.append(f"**{language_name(language)}{kind}:** {phrases}")
    return "\n\n".join(paragraphs)


def _lists(rule: Rule) -> tuple[str, ...]:
    """The words a rule looks for, where it has a list of them."""
    return (hedges_markdown(),) if rule.id == "ST021" else ()


def rule_markdown(rule: Rule) -> str:
    """One rule as a Markdown section: id, severity, explanation, bad and fixed examples."""
    return "\n\n".join(
        (
            f"### {rule.id}: {as_text(rule.summary)} {{ #{rule.id.lower()} }}",
            f"**Severity:** {rule.severity.value}. {as_text(rule.explanation)}",
            *_lists(rule),
            "Refused:",
            _fenced(rule.bad),
            "Accepted:",
            _fenced(rule.fixed),
        )
    )


def rules_markdown() -> str:
    """Every rule, in id order."""
    return "\n\n".join(rule_markdown(RULES[rule_id]) for rule_id in sorted(RULES))
