"""Offered at start when mock exams are unfinished: resume one (same answers, flags, time left)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from quizzer.exam_facts import clock_text


@dataclass(frozen=True)
class ResumeChoice:
    """The learner's choice: resume the mock ``session_id``, or abandon it (confirmed)."""

    session_id: int
    abandon: bool = False


class ResumeDialog(ModalScreen["ResumeChoice | None"]):
    """Pick an unfinished mock to resume, leave them for later, or abandon the highlighted one.

    The dialog only asks: it returns a :class:`ResumeChoice` (None: later), and its caller resumes
    or abandons that mock.
    """

    DEFAULT_CSS = """
    ResumeDialog { align: center middle; }
    ResumeDialog > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ResumeDialog OptionList { height: auto; max-height: 8; margin: 1 0; }
    ResumeDialog Horizontal { height: auto; align-horizontal: right; }
    ResumeDialog Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", "Later", id="resume.later"),
        Binding("ctrl+d", "abandon", "Abandon", id="resume.abandon"),
    ]
    """Enter resumes the highlighted exam; Esc leaves them for later."""

    def __init__(self, mocks: Sequence[tuple[Any, int, int]]):
        super().__init__()
        self.mocks = list(mocks)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Unfinished mock exam[/b]\nTime did not run while quizzer was closed.")
            options = []
            for summary, answered, flagged in self.mocks:
                started = summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
                text = (
                    f"{summary.exam_id} · {answered} answered · {flagged} flagged · "
                    f"{clock_text(summary.time_left_s)} left · started {started}"
                )
                options.append(Option(text, id=str(summary.session_id)))
            yield OptionList(*options, id="mocks")
            with Horizontal():
                yield Button("Abandon (^d)", id="abandon", compact=True, variant="error")
                yield Button("Later (esc)", id="later", compact=True)
                yield Button("Resume (enter)", id="resume", compact=True, variant="primary")

    def on_mount(self) -> None:
        mocks = self.query_one(OptionList)
        mocks.highlighted = 0
        mocks.focus()

    def _highlighted_id(self) -> int | None:
        mocks = self.query_one(OptionList)
        if mocks.highlighted is None:
            return None
        return int(mocks.get_option_at_index(mocks.highlighted).id or 0)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(ResumeChoice(int(event.option.id or 0)))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "resume":
            session_id = self._highlighted_id()
            self.dismiss(None if session_id is None else ResumeChoice(session_id))
        elif event.button.id == "later":
            self.action_later()
        else:
            self.action_abandon()

    def action_later(self) -> None:
        self.dismiss(None)

    def action_abandon(self) -> None:
        from quizzer.dialogs.confirm import ConfirmDialog

        session_id = self._highlighted_id()
        if session_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(ResumeChoice(session_id, abandon=True))

        self.app.push_screen(
            ConfirmDialog(
                "Abandon this mock exam?",
                "It will not be scored or offered again.",
                yes="Abandon",
                no="Keep",
            ),
            confirmed,
        )
