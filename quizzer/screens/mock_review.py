"""Before submitting: each question's state (answered, open, flagged); jump back or submit."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from quizzer.mock_session import MockSession


class MockReviewScreen(Screen["int | str | None"]):
    """Dismissed with a position to go back to, 'submit' once confirmed, or None to return."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to exam", id="review.back"),
        Binding("ctrl+s", "submit", "Submit", id="review.submit", priority=True),
        Binding("ctrl+f", "flagged", "First flagged", id="review.flagged"),
        Binding("ctrl+o", "open", "First open", id="review.open"),
    ]
    """Enter on a row goes back to that question; Ctrl+S asks to submit."""

    def __init__(self, session: MockSession):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        open_ = session.unanswered()
        flagged = session.flagged()
        yield Static(
            f"[b]Review[/b] · {session.exam_id}"
            f" · answered {session.answered} of {len(session.items)}"
            f" · open {len(open_)} · flagged {len(flagged)}",
            classes="pane-title",
        )
        table: DataTable[str] = DataTable(id="items", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "State", "⚑", "Question")
        for i, question in enumerate(session.questions):
            state = "answered" if session.responses[i] is not None else "OPEN"
            stem = question.stem if len(question.stem) <= 60 else question.stem[:57] + "…"
            table.add_row(str(i + 1), state, "⚑" if session.flags[i] else "", stem, key=str(i))
        yield table
        with Horizontal(classes="actions"):
            yield Button("Back to exam", id="back", compact=True)
            yield Button("Submit exam", id="submit", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=self.session.current)
        table.focus()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(event.row_key.value or 0))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_flagged(self) -> None:
        flagged = self.session.flagged()
        if flagged:
            self.dismiss(flagged[0])

    def action_open(self) -> None:
        open_ = self.session.unanswered()
        if open_:
            self.dismiss(open_[0])

    def action_submit(self) -> None:
        from quizzer.dialogs.confirm import ConfirmDialog

        open_ = len(self.session.unanswered())
        flagged = len(self.session.flagged())
        notes = []
        if open_:
            notes.append(f"{open_} question(s) are unanswered and will score 0")
        if flagged:
            notes.append(f"{flagged} are flagged")
        message = (
            "; ".join(notes) + ". " if notes else ""
        ) + "You cannot change answers after submitting."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss("submit")

        self.app.push_screen(
            ConfirmDialog("Submit the exam?", message, yes="Submit", no="Keep working"), confirmed
        )
