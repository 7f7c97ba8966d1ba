"""Where quizzer keeps its files: the data and cache directories and the default database URL.

Deliberately light (no SQLAlchemy): the app finds its log and keymap here before the first
screen paints, and only the start-up worker imports the database layer.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "QUIZZER_HOME"
DB_ENV = "QUIZZER_DB"


def data_dir() -> Path:
    """The per-user data directory (XDG on Linux); ``QUIZZER_HOME`` overrides it."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("quizzer", appauthor=False))


def cache_dir() -> Path:
    """The per-user cache directory (XDG on Linux); under ``QUIZZER_HOME`` when that is set."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("quizzer", appauthor=False))


def shipped_bank() -> Path:
    """The question bank shipped with the package (works from an editable or a plain install)."""
    from importlib.resources import files

    return Path(str(files("question_bank")))


def default_url() -> str:
    """``QUIZZER_DB`` if set, else a SQLite file in the data directory."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / 'quizzer.db'}"
