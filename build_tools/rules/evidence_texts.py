"""The texts of the evidence rules: snapshots and quoted passages."""

from __future__ import annotations

from build_tools.rules.registry import Rule

EVIDENCE_RULES: tuple[Rule, ...] = ()
