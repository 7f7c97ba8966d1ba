"""Writes that could not be saved (full disk, read-only file) are kept and saved again later.

Every answer, flag and clock save goes through :meth:`Unsaved.write`. When the database
refuses a write for the machine's sake, the write is kept in memory (in order, the newest of
each kind replacing older ones), the learner is told once in plain words, and every kept write
is saved again, first, the next time a write succeeds. Nothing the learner did is lost while
the app runs; a mock can be submitted as soon as there is space again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from quizzer.errors import EnvironmentFailure
from quizzer.failures import explain, is_write_failure
from quizzer.logs import log_error

Notify = Callable[[str, str], None]
"""(message, severity) -> None: how the learner is told (the app's notify)."""


class NotSaved(EnvironmentFailure):
    """A write, or the writes kept before it, could not be saved yet."""


class Unsaved:
    """The writes waiting for the disk, oldest first; ``notify`` tells the learner."""

    def __init__(self, notify: Notify | None = None):
        self.notify = notify
        self._pending: dict[Hashable, Callable[[], Any]] = {}
        self._told = False

    def __len__(self) -> int:
        return len(self._pending)

    def write(self, key: Hashable, save: Callable[[], Any]) -> bool:
        """Save what is kept, then ``save``; False when it had to be kept for later.

        ``key`` names what is written (e.g. one mock position): a newer write with the same key
        replaces a kept one. Failures other than the machine's (bugs) are raised as they are.
        """
        self._pending.pop(key, None)
        self._pending[key] = save
        try:
            self.flush()
        except NotSaved:
            return False
        return True

    def flush(self) -> None:
        """Save every kept write in order; :class:`NotSaved` when the first still fails."""
        saved = 0
        while self._pending:
            key, save = next(iter(self._pending.items()))
            try:
                save()
            except Exception as exc:
                if not is_write_failure(exc):
                    self._pending.pop(key, None)
                    raise
                self.failed(exc)
                raise NotSaved(str(explain(exc) or exc)) from exc
            self._pending.pop(key, None)
            saved += 1
        if self._told and saved:
            self._told = False
            self._tell(
                "Saved again: everything you did while the database refused writes is stored now.",
                "information",
            )

    def failed(self, exc: BaseException) -> None:
        """Log a write failure and tell the learner (once until writes succeed again)."""
        log_error("a write to the database failed; it is kept and retried", exc)
        if self._told:
            return
        self._told = True
        reason = explain(exc)
        self._tell(
            f"Not saved: {reason or exc} Your answers are kept while quizzer runs and are saved "
            "as soon as a write succeeds; do not quit until then.",
            "error",
        )

    def _tell(self, message: str, severity: str) -> None:
        if self.notify is not None:
            try:
                self.notify(message, severity)
            except Exception as exc:  # noqa: BLE001 (telling must never cost the answer)
                log_error("could not show a message", exc)


def unsaved(ctx: Any) -> Unsaved:
    """The context's queue of kept writes (created on first use)."""
    if getattr(ctx, "unsaved", None) is None:
        ctx.unsaved = Unsaved()
    return ctx.unsaved
