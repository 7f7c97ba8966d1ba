"""The error log in the data directory: where tracebacks go so that a learner never sees one.

Logging must never take the app down: on a full or read-only disk a log line is dropped
silently (:class:`QuietFileHandler`), and the answer being saved is what matters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOG_NAME = "quizzer.log"
logger = logging.getLogger("quizzer")


def log_path() -> Path:
    """``<data dir>/quizzer.log`` (``QUIZZER_HOME`` moves the data directory)."""
    from quizzer.paths import data_dir

    return data_dir() / LOG_NAME


class RedactingFormatter(logging.Formatter):
    """Log lines with every database password replaced by ``***`` (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        from quizzer.redaction import redact

        return redact(super().format(record))


class QuietFileHandler(logging.FileHandler):
    """A file handler that drops what it cannot write instead of raising or printing to stderr."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        # Python's default prints a traceback to stderr, over the app's screen; the disk is
        # full or gone, and there is nowhere better to say so.
        pass

    def flush(self) -> None:
        with suppress(OSError):
            super().flush()

    def close(self) -> None:
        try:
            super().close()
        except OSError:
            # Closing flushes; a full disk makes that fail. Drop the stream so it is not retried.
            self.stream = None
            logging.Handler.close(self)


class LogFile:
    """A file handler on the ``quizzer`` logger while an app runs (opened on first write)."""

    def __init__(self, path: Path | None = None):
        self._path = path
        self._handler: logging.FileHandler | None = None

    @property
    def path(self) -> Path:
        """Resolved on first use: finding the data directory must not slow the first paint."""
        if self._path is None:
            self._path = log_path()
        return self._path

    def open(self) -> None:
        if self._handler is not None:
            return
        # Without the directory the handler drops what it cannot write; the app runs without a log.
        with suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        handler = QuietFileHandler(self.path, encoding="utf-8", delay=True)
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        self._handler = handler

    def close(self) -> None:
        if self._handler is not None:
            logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None


def log_error(message: str, error: BaseException | None = None) -> None:
    """Write ``message`` (and the traceback of ``error``) to the log."""
    try:
        if error is not None:
            logger.error(message, exc_info=(type(error), error, error.__traceback__))
        else:
            logger.error(message)
    except Exception:  # noqa: BLE001 (a broken handler must not turn a log line into a crash)
        pass


@contextmanager
def logging_to_file(path: Path | None = None) -> Iterator[LogFile]:
    """The log file opened for a ``with`` block (the command line's handler writes to it)."""
    log = LogFile(path)
    log.open()
    try:
        yield log
    finally:
        log.close()
