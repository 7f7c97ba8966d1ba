"""A yes/no question in a modal dialog, dismissed with True (yes) or False (no)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone (submitting an exam, abandoning one)."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ConfirmDialog .question { text-style: bold; }
    ConfirmDialog .message { margin: 1 0; }
    ConfirmDialog Horizontal { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", show=False),
        Binding("escape,n", "answer(False)", "No", id="confirm.no", show=False),
        Binding("left,right", "app.focus_next", "Switch", id="confirm.switch", show=False),
    ]
    """Y confirms; N or Esc declines."""

    def __init__(self, question: str, message: str = "", *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question = question
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="question", markup=False)
            if self.message:
                yield Static(self.message, classes="message", markup=False)
            with Horizontal():
                yield Button(f"{self.no} (n)", id="no", compact=True)
                yield Button(f"{self.yes} (y)", id="yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
