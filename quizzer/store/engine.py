"""Database engines: SQLite in the user's data directory by default, or any SQLAlchemy URL.

Nothing connects at import time; :func:`make_engine` is a factory called by whoever needs it.
SQLite gets WAL journaling (readers never block the writer), a busy timeout (a second
process waits for the lock instead of failing) and foreign keys; a new SQLite file is readable
by its owner only. A URL that cannot be used, or a server that refuses the login, raises a
:class:`~quizzer.errors.QuizzerError` whose one sentence names the problem (passwords hidden).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import create_engine

from quizzer.errors import EnvironmentFailure, InputError

# Re-exported for existing callers; they live in the light quizzer.paths (no SQLAlchemy there).
from quizzer.paths import data_dir, default_url
from quizzer.redaction import redact

__all__ = [
    "BUSY_TIMEOUT_MS",
    "BadDatabaseURL",
    "ConnectionFailure",
    "connected_engine",
    "create_private_file",
    "data_dir",
    "default_url",
    "make_engine",
    "parse_url",
    "shown",
]

BUSY_TIMEOUT_MS = 10_000
EXAMPLES = "sqlite:///PATH or postgresql+psycopg://LOGIN@HOST/DATABASE"


class BadDatabaseURL(InputError):
    """The database URL is not a URL, or names a database kind quizzer cannot load."""


class ConnectionFailure(EnvironmentFailure):
    """The database server cannot be reached, or it refused the login."""


def shown(url: str | URL) -> str:
    """``url`` as a person may see it: the password replaced by ``***``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    return redact(url)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and readable by its owner only (0600); False when it exists.

    SQLite fills an empty file as a new database and gives its -wal and -shm files the same
    permissions, so the whole store stays private to the person who made it.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def parse_url(url: str) -> URL:
    """``url`` parsed, or :class:`BadDatabaseURL` saying what a URL looks like."""
    try:
        return make_url(url)
    except (exc.ArgumentError, ValueError):
        raise BadDatabaseURL(
            f"{shown(url)!r} is not a database URL; give --db (or QUIZZER_DB) as {EXAMPLES}."
        ) from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def make_engine(url: str | URL | None = None) -> Engine:
    """An engine for ``url`` (default: :func:`default_url`), creating a private SQLite file."""
    parsed = url if isinstance(url, URL) else parse_url(url or default_url())
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database
            if database and database != ":memory:" and not database.startswith("file:"):
                create_private_file(Path(database).expanduser())
            engine = create_engine(
                parsed,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            )
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(parsed, pool_pre_ping=True)
    except exc.NoSuchModuleError:
        raise BadDatabaseURL(
            f"quizzer does not know the database kind {parsed.drivername!r} in {shown(parsed)}; "
            f"give --db (or QUIZZER_DB) as {EXAMPLES}."
        ) from None
    except ImportError as error:
        raise ConnectionFailure(
            f"The driver for {parsed.drivername!r} is not installed ({error.name or error}); "
            "for PostgreSQL install quizzer[postgres] (psycopg)."
        ) from None


def _where(url: URL) -> str:
    host = url.host or "the local socket"
    return f"{host}:{url.port}" if url.port else host


def connection_failure(error: BaseException, url: URL) -> ConnectionFailure:
    """One sentence for a failed connection to ``url``: what went wrong, and what to change."""
    orig = getattr(error, "orig", None) or error
    text = str(orig)
    state = getattr(orig, "sqlstate", None) or ""
    login = url.username or getpass.getuser()
    place = f"{_where(url)}/{url.database or login}"
    if "no password supplied" in text:
        return ConnectionFailure(
            f"The server at {place} asks login {login!r} for a password and none was given; put it "
            "in ~/.pgpass (or the file PGPASSFILE names) or in QUIZZER_DB, or run quizzer in a "
            "terminal to be asked for it."
        )
    if state == "28P01" or "password authentication failed" in text:
        return ConnectionFailure(
            f"The server at {place} refused login {login!r}: that login does not exist, is "
            "disabled, or the password is wrong."
        )
    if state == "28000" or ("role" in text and "does not exist" in text):
        return ConnectionFailure(
            f"The server at {place} refused login {login!r}: no such login may connect there."
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return ConnectionFailure(
            f"The server at {_where(url)} has no database {url.database!r}; check the URL."
        )
    if "Connection refused" in text or "could not connect" in text or "timeout expired" in text:
        return ConnectionFailure(
            f"No database server answers at {_where(url)}; start it, or check the host and port "
            f"in {shown(url)}."
        )
    if "could not translate host name" in text or "Name or service not known" in text:
        return ConnectionFailure(f"The host {url.host!r} in {shown(url)} cannot be found.")
    first = redact(text.strip().splitlines()[0]) if text.strip() else type(orig).__name__
    return ConnectionFailure(f"Cannot connect to {shown(url)}: {first}.")


def connected_engine(url: str | URL | None = None, *, prompt: bool | None = None) -> Engine:
    """:func:`make_engine` after one successful connection; asks for a password when it must.

    ``prompt`` None means: ask (without echo) only when the server wants a password that neither
    the URL nor ``~/.pgpass`` gave and standard input is a terminal.
    """
    parsed = url if isinstance(url, URL) else parse_url(url or default_url())
    engine = make_engine(parsed)
    if parsed.get_backend_name() == "sqlite":
        return engine
    try:
        engine.connect().close()
        return engine
    except exc.DBAPIError as error:
        engine.dispose()
        failure = connection_failure(error, parsed)
        wanted = "no password supplied" in str(getattr(error, "orig", error))
    ask = (sys.stdin is not None and sys.stdin.isatty()) if prompt is None else prompt
    if not (wanted and ask):
        raise failure
    password = getpass.getpass(
        f"Password for {parsed.username or getpass.getuser()} at {_where(parsed)}: "
    )
    with_password = parsed.set(password=password)
    engine = make_engine(with_password)
    try:
        engine.connect().close()
    except exc.DBAPIError as error:
        engine.dispose()
        raise connection_failure(error, with_password) from None
    return engine
