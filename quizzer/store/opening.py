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

from sqlalchemy.engine import Engine, make_url

from quizzer.paths import default_url
from quizzer.store import migrate
from quizzer.store.engine import make_engine

SQLITE_HEADER = b"SQLite format 3\x00"


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


def open_store(url: str | None = None) -> Engine:
    """An engine at the newest schema: checks a SQLite file first and backs it up before upgrading."""
    url = url or default_url()
    parsed = make_url(url)
    path = None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        check_sqlite_file(path)
    engine = make_engine(url)
    current = migrate.current_revision(engine)
    if current == migrate.head_revision():
        return engine  # the usual start: one query, and Alembic is never imported
    if path is not None and current is not None:
        _backup(path, f"before-{migrate.head_revision()}")
    migrate.upgrade(engine)
    return engine
