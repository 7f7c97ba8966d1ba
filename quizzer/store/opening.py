"""Open the progress store safely: refuse a damaged file clearly, back up before migrating.

A damaged or unreadable SQLite file is never overwritten or "repaired" silently: it is left
where it is, one copy per distinct damage is kept beside it, and :class:`DamagedDatabase` says
where both are. Before a schema upgrade a verified backup is written (after checking there is
room for it), and the upgrade itself is all or nothing (:mod:`quizzer.store.migrate`).
A read-only file is opened read-only and says so; a new file is created private (0600) and
the caller is told where.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine

from quizzer import atomic
from quizzer.errors import EnvironmentFailure, InputError, QuizzerError
from quizzer.failures import DiskFull, ReadOnly, disk_full, from_database_error, sqlite_code
from quizzer.paths import default_url
from quizzer.store import migrate
from quizzer.store.engine import (
    BUSY_TIMEOUT_MS,
    connected_engine,
    create_private_file,
    parse_url,
    shown,
)
from quizzer.store.team import not_in_team

SQLITE_HEADER = b"SQLite format 3\x00"
LOW_SPACE = 4 * 1024 * 1024
"""Below this many free bytes an I/O error while reading is put down to a full disk."""


class SchemaBehind(EnvironmentFailure):
    """A team database is older than this quizzer and this login may not upgrade it."""


class DamagedDatabase(EnvironmentFailure):
    """The database file cannot be used; ``path`` is the file and ``backup`` a copy of it."""

    def __init__(self, path: Path, reason: str, backup: Path | None):
        self.path, self.reason, self.backup = path, reason, backup
        kept = f" A copy was kept at {backup}." if backup else ""
        super().__init__(
            f"The database {path} cannot be used: {reason}.{kept} Nothing was changed. "
            "Move the file away to start afresh (or restore a backup), or pass --db to use "
            "another database."
        )


@dataclass
class StoreNotes:
    """What opening the store did that the learner should hear about (one line each)."""

    created: Path | None = None
    read_only: Path | None = None
    backup: Path | None = None
    upgraded: tuple[str | None, str] | None = None
    undone: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        if self.created is not None:
            lines.append(f"Created a new database at {self.created}.")
        if self.read_only is not None:
            lines.append(
                f"The database {self.read_only} is read-only: you can look at your history, "
                "but new answers will not be saved."
            )
        if self.undone:
            lines.append(
                "An earlier schema upgrade was interrupted; its partial changes "
                f"({', '.join(self.undone)}) were undone and the upgrade was run again."
            )
        if self.upgraded is not None:
            before, after = self.upgraded
            kept = f"; a backup was kept at {self.backup}" if self.backup else ""
            lines.append(f"Upgraded the database schema from {before or 'empty'} to {after}{kept}.")
        return lines


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, with ``~`` expanded; None for memory or other databases."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def normalise_url(url: str | None) -> str:
    """``url`` (default: :func:`default_url`) with ``~`` in a SQLite path expanded, so that the
    file that is checked is the file that is opened."""
    url = url or default_url()
    path = sqlite_path(url)
    if path is None or str(path) == parse_url(url).database:
        return url
    return parse_url(url).set(database=str(path)).render_as_string(hide_password=False)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def keep_damaged(path: Path) -> Path | None:
    """A copy of a damaged file beside it, one per distinct content (named by its hash)."""
    try:
        target = path.with_name(f"{path.name}.damaged-{_digest(path)}")
        if not target.exists():
            with atomic.replacing(target, 0o600) as temporary:
                shutil.copyfile(path, temporary)
                for suffix in ("-wal", "-shm"):
                    side = path.with_name(path.name + suffix)
                    if side.exists():
                        shutil.copyfile(side, target.with_name(target.name + suffix))
    except OSError:
        return None
    return target


def _io_failure(path: Path, exc: BaseException) -> QuizzerError:
    """A read that failed for the machine's sake (full disk, permissions), not the file's."""
    try:
        free = shutil.disk_usage(path.parent).free
    except OSError:
        free = 0
    if free < LOW_SPACE:
        return disk_full(path)
    known = from_database_error(exc, path)
    return known or EnvironmentFailure(f"The database {path} could not be read ({exc}).")


def check_sqlite_file(path: Path) -> None:
    """Raise :class:`DamagedDatabase` unless ``path`` is absent, empty or a healthy SQLite file.

    A full disk or a permission problem is reported as such (an environment failure), never as
    damage: the file is fine, and moving it away would throw the learner's history away.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        reason = "it is a folder, not a file (it cannot be read)"
        raise DamagedDatabase(path, reason, None) from None
    except OSError as exc:  # permissions, a full or failing disk: the file is not at fault
        from quizzer.failures import from_os_error

        raise from_os_error(exc, path) from None
    if header != SQLITE_HEADER:
        raise DamagedDatabase(path, "it is not a SQLite database", keep_damaged(path))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (13, 10, 14, 5):  # FULL, IOERR, CANTOPEN, BUSY: not the file's fault
            raise _io_failure(path, exc) from None
        raise DamagedDatabase(path, f"SQLite reports: {exc}", keep_damaged(path)) from None
    if verdict != "ok":
        reason = f"SQLite's integrity check failed ({verdict})"
        raise DamagedDatabase(path, reason, keep_damaged(path))


def is_read_only(path: Path) -> bool:
    """Whether quizzer cannot write ``path`` (or, for its journal, the folder holding it)."""
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_engine(path: Path) -> Engine:
    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return connection

    engine = create_engine("sqlite://", creator=connect)
    event.listen(
        engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA foreign_keys = ON")
    )
    return engine


def verified_backup(path: Path, label: str) -> Path:
    """A copy of ``path`` that passes ``PRAGMA integrity_check``, written atomically.

    Refuses (:class:`~quizzer.failures.DiskFull`) before writing anything when the folder has
    no room for the copy and the upgrade after it; never leaves a partial copy behind.
    """
    for stale in path.parent.glob(f".{path.name}.before-*{atomic.PARTIAL}"):
        stale.unlink(missing_ok=True)  # left by a process killed while copying
    size = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    free = shutil.disk_usage(path.parent).free
    needed = 2 * size + 2**20  # the copy, and room for the upgrade's journal and growth
    if free < needed:
        raise DiskFull(
            f"There is not enough free space beside {path} to back it up before upgrading "
            f"(about {needed // 2**20 + 1} MB needed, {free // 2**20} MB free): free some space "
            "and try again. Nothing was changed."
        )
    target = path.with_name(f"{path.name}.{label}-{_stamp()}")
    try:
        with atomic.replacing(target, 0o600) as temporary:
            source = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
            )
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
                source.close()
            if verdict != "ok":
                raise EnvironmentFailure(
                    f"The backup of {path} taken before upgrading failed its integrity check "
                    f"({verdict}); nothing was changed. Check the disk and try again."
                )
    except sqlite3.DatabaseError as exc:
        known = from_database_error(exc, path.parent)
        failure = known or EnvironmentFailure(
            f"Backing up {path} failed ({exc}); nothing was changed."
        )
        raise failure from None
    except OSError as exc:
        from quizzer.failures import from_os_error

        raise from_os_error(exc, path.parent) from None
    return target


@contextmanager
def opened_store(url: str | None = None, *, say=None) -> Iterator[Engine]:
    """:func:`open_store` for a ``with`` block, disposing the engine after it.

    What opening did (a database created, a backup kept, read-only) goes to ``say`` (default:
    one line each on standard error, for the command line).
    """
    notes = StoreNotes()
    engine = open_store(url, notes=notes)
    for line in notes.lines():
        (say or (lambda text: print(text, file=sys.stderr)))(line)
    try:
        yield engine
    finally:
        engine.dispose()


def read_revision(path: Path) -> str | None:
    """The schema revision recorded in a SQLite file, read with plain SQL (no Alembic, no
    SQLAlchemy) and without changing the file; None when it has none."""
    try:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def open_store(
    url: str | None = None, *, notes: StoreNotes | None = None, prompt: bool | None = None
) -> Engine:
    """An engine at the newest schema: checks a SQLite file first and backs it up before upgrading.

    ``notes`` collects what the learner should be told (see :class:`StoreNotes`). Raises a
    :class:`~quizzer.errors.QuizzerError` when the URL or the server cannot be used (``prompt``:
    see :func:`~quizzer.store.engine.connected_engine`), and :class:`SchemaBehind` when a team
    login may not bring the database to the newest schema.
    """
    notes = notes if notes is not None else StoreNotes()
    url = normalise_url(url)
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        if path.exists() and is_read_only(path):
            notes.read_only = path
            return _open_read_only(path)
        try:
            if create_private_file(path):
                notes.created = path
        except OSError as error:
            from quizzer.failures import DISK_FULL_ERRNOS, from_os_error

            refused = (errno.EACCES, errno.EPERM, errno.EROFS)
            if error.errno in DISK_FULL_ERRNOS or error.errno in refused:
                raise from_os_error(error, path.parent) from None
            raise InputError(
                f"The database {path} cannot be created ({error.strerror}: {error.filename}): "
                "check the --db path (or QUIZZER_HOME)."
            ) from None
        current = read_revision(path)
        if current is not None and current != migrate.head_revision():
            # Before anything opens the file for writing: a refusal leaves it byte for byte.
            notes.backup = verified_backup(path, f"before-{migrate.head_revision()}")
    engine = connected_engine(url, prompt=prompt)
    try:
        upgrade_store(engine, path, notes)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _open_read_only(path: Path) -> Engine:
    engine = _read_only_engine(path)
    current = migrate.current_revision(engine)
    if current != migrate.head_revision():
        engine.dispose()
        raise ReadOnly(
            f"The database {path} is read-only and needs a schema upgrade (to "
            f"{migrate.head_revision()}): make the file and its folder writable, then start again."
        )
    return engine


def _refused(error: exc.ProgrammingError) -> bool:
    """PostgreSQL's insufficient_privilege: what a team login gets for what it may not do."""
    return getattr(error.orig, "sqlstate", None) == "42501"


def upgrade_store(engine: Engine, path: Path | None, notes: StoreNotes) -> None:
    """Bring ``engine`` to the newest schema, all or nothing (a SQLite file is backed up first)."""
    try:
        current = migrate.current_revision(engine)
    except exc.ProgrammingError as error:  # a login the team never granted anything to
        if not _refused(error):
            raise
        raise not_in_team(engine.url.username or "") from None
    head = migrate.head_revision()
    if current == head:
        return
    if path is not None and current is not None and notes.backup is None:
        notes.backup = verified_backup(path, f"before-{head}")
    try:
        notes.undone = migrate.upgrade(engine)
    except exc.ProgrammingError as error:
        if not _refused(error):
            raise
        raise SchemaBehind(  # a team login may not create or alter tables
            f"The database {shown(engine.url)} is at schema {current or 'empty'}, this quizzer "
            f"needs {head} and this login may not upgrade it: the database owner, with "
            "CREATEROLE, runs 'quizzer team init'."
        ) from None
    except Exception as error:
        known = from_database_error(error, path)
        if known is None:
            raise
        raise known from error
    if current is not None:
        notes.upgraded = (current, head)
