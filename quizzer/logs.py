"""The error log in the data directory: where tracebacks go so that a learner never sees one."""

from __future__ import annotations

import logging
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


class LogFile:
    """A file handler on the ``quizzer`` logger for as long as an app runs (opened on first write)."""

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(self.path, encoding="utf-8", delay=True)
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
    if error is not None:
        logger.error(message, exc_info=(type(error), error, error.__traceback__))
    else:
        logger.error(message)
