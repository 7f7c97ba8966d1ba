"""What every quizzer screen shares: typed access to the app and the loaded context."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from quizzer.messages import WorkFailed

if TYPE_CHECKING:
    from quizzer.app import QuizzerApp
    from quizzer.context import Context

T = TypeVar("T")


class QuizzerScreen(Screen):
    """A quizzer screen; the context is loaded before any screen but the dashboard opens."""

    @property
    def quizzer(self) -> QuizzerApp:
        return cast("QuizzerApp", self.app)

    @property
    def ctx(self) -> Context:
        ctx = self.quizzer.ctx
        assert ctx is not None, "the context loads before this screen can open"
        return ctx

    def local_time(self, value) -> str:
        """A stored UTC time as local 'YYYY-MM-DD HH:MM'."""
        return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else "–"

    def deliver(self, work: Callable[[], T], done: Callable[[T], Message], *, failed: str) -> None:
        """From a thread worker: post ``done(work())``, or :class:`WorkFailed` when work raises.

        A worker cancelled meanwhile (a newer one of its group replaced it) posts nothing.
        """
        message: Message
        try:
            message = done(work())
        except Exception as exc:  # noqa: BLE001 (the screen shows it, without a traceback)
            message = WorkFailed(failed, exc)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @on(WorkFailed)
    def _work_failed(self, message: WorkFailed) -> None:
        self.quizzer.show_error(message.title, message.error)
