"""Argument types for the command line's parser: bad values are usage errors, not tracebacks."""

from __future__ import annotations

import argparse

PROFILE_NAME_MAX = 80
"""The profile name column's length (``quizzer.store.models.Profile.name``), on every database."""


def non_negative_int(text: str) -> int:
    """An integer of 0 or more (seeds)."""
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative; give 0 or more")
    return value


def positive_int(text: str) -> int:
    """An integer of 1 or more (counts such as --min-attempts)."""
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is less than 1; give 1 or more")
    return value


def profile_name(text: str) -> str:
    """A profile name: not blank, at most :data:`PROFILE_NAME_MAX` characters, printable."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a profile name cannot be empty")
    if len(text) > PROFILE_NAME_MAX:
        raise argparse.ArgumentTypeError(
            f"a profile name has at most {PROFILE_NAME_MAX} characters (this one has {len(text)})"
        )
    if not text.isprintable():
        raise argparse.ArgumentTypeError("a profile name cannot hold control characters")
    return text


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
