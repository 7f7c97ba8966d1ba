"""Open the progress store safely: refuse a damaged file clearly, back up before migrating.

A damaged or unreadable SQLite file is never overwritten or "repaired" silently: it is left
where it is, a copy is kept beside it, and :class:`DamagedDatabase` says where both are.
Before a schema upgrade the file is copied too, so an upgrade can always be undone by hand.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc
from sqlalchemy.engine import Engine

from quizzer.errors import EnvironmentFailure
from quizzer.paths import default_url
from quizzer.store import migrate
from quizzer.store.engine import connected_engine, parse_url, shown
from quizzer.store.team import not_in_team

SQLITE_HEADER = b"SQLite format 3\x00"


class SchemaBehind(EnvironmentFailure):
    """A team database is older than this quizzer and this login may not upgrade it."""


class DamagedDatabase(Exception):
    """The database file cannot be used; ``path`` is the file and ``backup`` a copy of it."""

    def __init__(self, path: Path, reason: str, backup: Path | None):
        self.path, self.reason, self.backup = path, reason, backup
        kept = f" A copy was kept at {backup}." if backup else ""
        super().__init__(
            f"The database {path} cannot be used: {reason}.{kept} Nothing was changed. "
            f"Move the file away to start afresh (or restore a backup), or pass --db to use another database."
        )


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _backup(path: Path, label: str) -> Path | None:
    target = path.with_name(f"{path.name}.{label}-{_stamp()}")
    try:
        shutil.copy2(path, target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                shutil.copy2(side, target.with_name(target.name + suffix))
    except OSError:
        return None
    return target


def check_sqlite_file(path: Path) -> None:
    """Raise :class:`DamagedDatabase` unless ``path`` is absent, empty or a healthy SQLite file."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DamagedDatabase(path, f"it cannot be read ({exc.strerror})", None) from None
    if header != SQLITE_HEADER:
        raise DamagedDatabase(path, "it is not a SQLite database", _backup(path, "damaged"))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(path, f"SQLite reports: {exc}", _backup(path, "damaged")) from None
    if verdict != "ok":
        raise DamagedDatabase(path, f"SQLite's integrity check failed ({verdict})", _backup(path, "damaged"))


@contextmanager
def opened_store(url: str | None = None) -> Iterator[Engine]:
    """:func:`open_store` for the length of a ``with`` block, disposing the engine after it."""
    engine = open_store(url)
    try:
        yield engine
    finally:
        engine.dispose()


def open_store(url: str | None = None, *, prompt: bool | None = None) -> Engine:
    """An engine at the newest schema: checks a SQLite file first and backs it up before upgrading.

    Raises a :class:`~quizzer.errors.QuizzerError` when the URL or the server cannot be used
    (``prompt``: see :func:`~quizzer.store.engine.connected_engine`), and :class:`SchemaBehind`
    when a team login may not bring the database to the newest schema.
    """
    parsed = parse_url(url or default_url())
    path = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        check_sqlite_file(path)
    engine = connected_engine(parsed, prompt=prompt)
    try:
        current = migrate.current_revision(engine)
    except exc.ProgrammingError as error:  # a login the team never granted anything to
        engine.dispose()
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        raise not_in_team(parsed.username or "") from None
    if current != migrate.head_revision():
        if path is not None and current is not None:
            _backup(path, f"before-{migrate.head_revision()}")
        try:
            migrate.upgrade(engine)
        except exc.ProgrammingError as error:  # a team login may not create or alter tables
            engine.dispose()
            if getattr(error.orig, "sqlstate", None) != "42501":
                raise
            raise SchemaBehind(
                f"The database {shown(parsed)} is at schema {current or 'empty'}, this quizzer "
                f"needs {migrate.head_revision()} and this login may not upgrade it: the database "
                "owner, with CREATEROLE, runs 'quizzer team init'."
            ) from None
    return engine
