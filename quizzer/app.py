"""The Textual app (minimal placeholder until the full app lands)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class QuizzerApp(App):
    TITLE = "quizzer"

    def __init__(self, *, db_url: str | None = None, profile: str = "default"):
        super().__init__()
        self.db_url = db_url
        self.profile_name = profile

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("quizzer — practice exams for AI certifications")
        yield Footer()
