"""Partial or all-or-nothing credit for types made of parts."""

from __future__ import annotations


def fraction(hits: int, total: int, scoring: str) -> float:
    """All-or-nothing or partial credit for ``hits`` right parts out of ``total``."""
    if scoring == "all_or_nothing":
        return 1.0 if hits == total else 0.0
    return hits / total
