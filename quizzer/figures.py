"""Numbers as text, written the same way by the app and the CLI."""

from __future__ import annotations


def percent(value: float | None, *, missing: str = "–") -> str:
    """A fraction as a whole percentage ('25%'); ``missing`` when there is no value."""
    return missing if value is None else f"{round(100 * value)}%"
