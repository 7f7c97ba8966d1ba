"""An error the app survived: what failed, in a sentence, and where the details were logged."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Static


class ErrorScreen(ModalScreen[None]):
    """No traceback: a title, the error's message and the log file's path."""

    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    ErrorScreen > Vertical {
        width: 70; max-width: 95%; height: auto;
        border: thick $error; background: $surface; padding: 1 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="error.close"),
    ]
    """Enter or Esc closes the message."""

    def __init__(self, title: str, message: str, log: Path):
        super().__init__()
        self.title_text = title
        self.message = message
        self.log_file = log

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"[b $error]{escape(self.title_text)}[/]\n\n{escape(self.message)}\n\n"
                f"Details were written to [b]{escape(str(self.log_file))}[/b]\n"
                "Press Enter to close."
            )

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
