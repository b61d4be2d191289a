"""The rules section of the editor guide, written from the rule registry.

``sourcetrace explain`` prints from the same registry, so the guide and the
command never disagree.
"""

from __future__ import annotations

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


def rule_markdown(rule: Rule) -> str:
    """One rule as a Markdown section: id, severity, explanation, bad and fixed examples."""
    return "\n\n".join(
        (
            f"### {rule.id}: {as_text(rule.summary)} {{ #{rule.id.lower()} }}",
            f"**Severity:** {rule.severity.value}. {as_text(rule.explanation)}",
            "Refused:",
            _fenced(rule.bad),
            "Accepted:",
            _fenced(rule.fixed),
        )
    )


def rules_markdown() -> str:
    """Every rule, in id order."""
    return "\n\n".join(rule_markdown(RULES[rule_id]) for rule_id in sorted(RULES))
