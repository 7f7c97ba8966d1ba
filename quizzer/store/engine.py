"""Database engines: SQLite in the user's data directory by default, or any SQLAlchemy URL.

Nothing connects at import time; :func:`make_engine` is a factory called by whoever needs it.
SQLite gets WAL journaling (readers never block the writer), a busy timeout (a second
process waits for the lock instead of failing) and foreign keys.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import create_engine

# Re-exported for existing callers; they live in the light quizzer.paths (no SQLAlchemy there).
from quizzer.paths import data_dir, default_url

__all__ = ["BUSY_TIMEOUT_MS", "data_dir", "default_url", "make_engine"]

BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`default_url`), creating the SQLite folder if needed."""
    url = url or default_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)
