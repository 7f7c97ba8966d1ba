"""Turn the failures a machine can throw (OSError, SQLite errors) into sentences a person acts on.

Used by the command line's one top-level handler and by the app when an answer cannot be saved,
so that a full disk is called a full disk everywhere, never a damaged database.
"""

from __future__ import annotations

import errno
import sqlite3

from quizzer.errors import EnvironmentFailure, InputError, QuizzerError

DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_BUSY = 8, 10, 13, 14, 5


class DiskFull(EnvironmentFailure):
    """The disk (or the user's quota) is full."""


class ReadOnly(EnvironmentFailure):
    """A file or folder quizzer has to write is read-only."""


def _where(path: object) -> str:
    return f" {path}" if path else ""


def disk_full(path: object = None) -> DiskFull:
    return DiskFull(
        f"The disk{f' holding {path}' if path else ''} is full: free some space and try again "
        "(nothing already saved was lost)."
    )


def from_os_error(exc: OSError, path: object = None) -> QuizzerError:
    """One sentence for an OSError, naming the path and what to change."""
    path = path or exc.filename
    code = exc.errno
    if code in DISK_FULL_ERRNOS:
        return disk_full(path)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReadOnly(
            f"Permission denied for{_where(path)}: change its permissions, or choose a place "
            "you may use."
        )
    if code == errno.ENOENT:
        return InputError(f"{path or 'The file'} does not exist: check the path.")
    if code == errno.EISDIR:
        return InputError(f"{path} is a folder: give the name of a file inside it.")
    if code == errno.ENOTDIR:
        return InputError(f"{path}: a part of this path is a file, not a folder; check the path.")
    reason = exc.strerror or str(exc)
    return EnvironmentFailure(f"{path or 'A file'} could not be used ({reason}); check the path.")


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind ``exc`` (SQLAlchemy wraps the driver's error)."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF
        text = str(orig).lower()
        if "disk is full" in text:
            return SQLITE_FULL
        if "readonly" in text:
            return SQLITE_READONLY
        if "disk i/o error" in text:
            return SQLITE_IOERR
    return None


def from_database_error(exc: BaseException, where: object = None) -> QuizzerError | None:
    """A sentence for a SQLite failure that is about the machine, not about the data."""
    code = sqlite_code(exc)
    place = f"the database{_where(where)}"
    if code == SQLITE_FULL:
        return disk_full(where)
    if code == SQLITE_IOERR:
        return DiskFull(
            f"Using {place} failed with a disk I/O error: the disk is most likely full (or "
            "failing); free some space and try again. The file is not damaged: keep it."
        )
    if code == SQLITE_READONLY:
        return ReadOnly(
            f"{place[0].upper()}{place[1:]} is read-only: make the file and its folder writable, "
            "or pass --db with a database you can write to."
        )
    if code == SQLITE_CANTOPEN:
        return ReadOnly(
            f"{place[0].upper()}{place[1:]} cannot be opened: check that its folder exists "
            "and that you may write to it."
        )
    if code == SQLITE_BUSY:
        return EnvironmentFailure(
            f"{place[0].upper()}{place[1:]} is locked by another program: close it and try again."
        )
    return None


def explain(exc: BaseException) -> QuizzerError | None:
    """The known failure behind ``exc``, or None when it is unexpected (a bug)."""
    if isinstance(exc, QuizzerError):
        return exc
    if isinstance(exc, OSError):
        return from_os_error(exc)
    from sqlalchemy.exc import ArgumentError

    if isinstance(exc, ArgumentError):  # includes NoSuchModuleError: an unknown dialect
        return InputError(
            f"The database URL is not usable ({str(exc).splitlines()[0]}): pass --db as "
            "sqlite:///path/to/file.db or postgresql+psycopg://user@host/dbname."
        )
    known = from_database_error(exc)
    if known is None and _is_connection_failure(exc):
        lines = str(getattr(exc, "orig", exc)).strip().splitlines() or ["no reason given"]
        first = lines[0][:200]
        return EnvironmentFailure(
            f"Could not reach the database ({first}): check that the server is running and "
            "that the --db URL's host, port, user and database name are right."
        )
    return known


def _is_connection_failure(exc: BaseException) -> bool:
    """A server-side database that could not be reached or logged into (never SQLite's)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    return not isinstance(getattr(exc, "orig", None), sqlite3.Error)


def is_write_failure(exc: BaseException) -> bool:
    """Whether ``exc`` means a write did not reach the disk (full, read-only, I/O), so retrying
    later can succeed; such an answer is kept in memory instead of lost."""
    if isinstance(exc, OSError):
        return True
    retryable = (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_BUSY, SQLITE_CANTOPEN)
    return sqlite_code(exc) in retryable
