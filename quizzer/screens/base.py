"""What every quizzer screen shares: typed access to the app and the loaded context."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from quizzer.app import QuizzerApp
    from quizzer.context import Context


class QuizzerScreen(Screen):
    """A screen of the quizzer app (its context is loaded before any screen but the dashboard opens)."""

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
