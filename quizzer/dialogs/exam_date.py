"""Ask when the learner sits an exam; dismissed with a :class:`DateChoice` (None: cancelled)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


@dataclass(frozen=True)
class DateChoice:
    """The date chosen, or None to clear the exam's date."""

    date: dt.date | None


class ExamDateDialog(ModalScreen["DateChoice | None"]):
    """A date in YYYY-MM-DD (today or later); Enter saves, Ctrl+D clears, Esc cancels."""

    DEFAULT_CSS = """
    ExamDateDialog { align: center middle; }
    ExamDateDialog > Vertical {
        width: 64; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ExamDateDialog Input { width: 16; margin: 1 0; }
    ExamDateDialog #date-problem { color: $error; height: auto; }
    ExamDateDialog Horizontal { height: auto; align-horizontal: right; }
    ExamDateDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exam_date.cancel"),
        Binding("ctrl+d", "clear", "Clear date", id="exam_date.clear"),
    ]
    """Enter in the field saves; Ctrl+D removes the date; Esc leaves it as it was."""

    def __init__(self, exam_id: str, current: dt.date | None, *, today: dt.date):
        super().__init__()
        self.exam_id = exam_id
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"[b]When do you sit {self.exam_id}?[/b]\n"
                "In the week before it, reviews aim for 95% recall instead of 90% (cram mode)."
            )
            yield Input(
                self.current.isoformat() if self.current else "",
                placeholder="YYYY-MM-DD",
                id="date",
                max_length=10,
            )
            yield Static("", id="date-problem", markup=False)
            with Horizontal():
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Clear (^d)", id="clear", compact=True, disabled=self.current is None)
                yield Button("Save (enter)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def parse(self) -> dt.date | str:
        """The entered date, or what is wrong with it."""
        text = self.query_one("#date", Input).value.strip()
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return (
                "Type the date as YYYY-MM-DD, e.g. "
                + (self.today + dt.timedelta(days=30)).isoformat()
            )
        if date < self.today:
            return f"{date.isoformat()} has passed; give today or a later date."
        return date

    @on(Input.Submitted, "#date")
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "clear": self.action_clear, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()

    def action_save(self) -> None:
        date = self.parse()
        if isinstance(date, str):
            self.app.bell()
            self.query_one("#date-problem", Static).update(date)
            return
        self.dismiss(DateChoice(date))

    def action_clear(self) -> None:
        self.dismiss(DateChoice(None))

    def action_cancel(self) -> None:
        self.dismiss(None)
