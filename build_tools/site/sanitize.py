"""Allowlist sanitising of rendered page HTML (placeholder until the allowlist lands)."""

from __future__ import annotations


def sanitize_page(html: str) -> str:
    """Return ``html`` with everything outside the allowlist removed."""
    return html
