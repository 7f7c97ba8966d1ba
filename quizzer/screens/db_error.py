"""Shown instead of the app when the progress database cannot be used: where it is, the kept copy,
and what to do. Nothing was changed, and no traceback is shown (it went to the log)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    from quizzer.learner import DamagedDatabase


class DatabaseErrorScreen(Screen[None]):
    """The database file, why it was refused, where a copy was kept, and the ways forward."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.quit", "Quit", id="db_error.quit"),
    ]
    """Nothing works without the database, so q quits."""

    def __init__(self, error: DamagedDatabase):
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        error = self.error
        path = escape(str(error.path))
        kept = (
            f"A copy of it was kept at:\n  [b]{escape(str(error.backup))}[/b]"
            if error.backup is not None
            else "No copy could be made (the file could not be read)."
        )
        lines = [
            "[b $error]Your progress database cannot be used; quizzer changed nothing.[/]",
            "",
            f"File:   [b]{path}[/b]",
            f"Reason: {escape(error.reason)}.",
            "",
            kept,
            "",
            "[b]What to do[/b]",
            (
                f"• To start afresh, move the file away (for example to {path}.old)"
                " and start quizzer again."
            ),
            (
                "• To go back to an earlier state, copy a backup over it: quizzer keeps one beside"
                f" it, named {escape(error.path.name)}.before-…, before each schema upgrade."
            ),
            "• To use another database for now: [b]quizzer --db sqlite:///path/to/other.db[/b]",
            "",
            "Press q to quit.",
        ]
        with VerticalScroll():
            yield Static("\n".join(lines), id="db-problem")
        yield Footer()
