"""Certainty-based marking's question, asked after the answer and before the feedback: how sure?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

#: certainty -> (words, mark when right, mark when wrong), as in Moodle's CBM.
LEVELS = {
    1: ("Not very sure", "+1", "0"),
    2: ("Fairly sure", "+2", "−2"),
    3: ("Very sure", "+3", "−6"),
}


class CertaintyPrompt(Static, can_focus=True):
    """Three lines, one per level; keys 1, 2, 3 (or a click on a line) choose."""

    DEFAULT_CSS = """
    CertaintyPrompt {
        height: auto; margin: 1 0 0 0; padding: 0 1;
        border-top: solid $accent; background: $boost;
    }
    CertaintyPrompt:focus { background-tint: $accent 10%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", "Not very sure", id="certainty.1", tooltip="Right +1, wrong 0"),
        Binding("2", "choose(2)", "Fairly sure", id="certainty.2", tooltip="Right +2, wrong −2"),
        Binding("3", "choose(3)", "Very sure", id="certainty.3", tooltip="Right +3, wrong −6"),
    ]
    """One key per certainty level; the answer is graded the moment one is pressed."""

    @dataclass
    class Chosen(Message):
        """The learner said how sure they are (1, 2 or 3)."""

        certainty: int

    def __init__(self, *, id: str | None = None):
        lines = ["[b]How sure are you?[/b]  (marks if right / if wrong)"]
        for level, (words, right, wrong) in LEVELS.items():
            lines.append(f" [b]{level}[/b]  {words:<14} {right:>3} / {wrong}")
        super().__init__("\n".join(lines), id=id)
        self.chosen: int | None = None

    def action_choose(self, certainty: int) -> None:
        if self.chosen is None:
            self.chosen = certainty
            self.post_message(self.Chosen(certainty))

    def on_click(self, event: events.Click) -> None:
        line = event.y - 1  # below the top border: line 0 is the question
        if line in LEVELS:
            self.action_choose(line)
