"""Start the terminal app; imported only when ``quizzer`` runs without a sub-command."""

from __future__ import annotations


def launch_app(*, db_url: str | None = None, profile: str | None = None) -> int:
    from quizzer.app import QuizzerApp

    app = QuizzerApp(db_url=db_url, profile=profile or "default")
    app.run()
    return int(app.return_code or 0)
