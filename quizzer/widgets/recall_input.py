"""A recall card: Space shows the back, then 1-4 rate the recall (Again, Hard, Good, Easy)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from quizzer.bank.schema import RecallQuestion
from quizzer.qtypes.recall import RATINGS, rating
from quizzer.scoring import Grade
from quizzer.widgets.answer_base import AnswerInput, Row
from quizzer.widgets.rich_text import renderable

#: Keys that rate, besides the digits: Anki's initials.
_KEYS = {"1": 1, "2": 2, "3": 3, "4": 4, "a": 1, "h": 2, "g": 3, "e": 4}


class RecallInput(AnswerInput):
    """The back stays hidden until the learner asks for it; a rating then submits at once."""

    DEFAULT_CSS = """
    RecallInput > .back { padding: 0 1; margin: 0 0 1 0; border-left: thick $primary; }
    """

    HINT = "Space show the answer · then rate it: 1 Again · 2 Hard · 3 Good · 4 Easy"

    def __init__(self, question: RecallQuestion, order=None, response: Any = None, **kwargs):
        self.revealed = False
        self.rating: int | None = None
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return len(RATINGS)

    def row_text(self, position: int) -> str:
        value = position + 1
        mark = "(•)" if self.rating == value else "( )"
        return f"{mark} {value}. {RATINGS[value]}"

    def row_selected(self, position: int) -> bool:
        return self.rating == position + 1

    def compose(self):
        yield Static(renderable(self.question.back), classes="back", markup=False)
        yield from super().compose()

    def on_mount(self) -> None:
        super().on_mount()
        self._show()

    def _show(self) -> None:
        for widget in self.query(".back"):
            widget.display = self.revealed
        for row in self.query(Row):
            row.display = self.revealed

    @property
    def response(self) -> Any:
        return self.rating

    def set_response(self, response: Any) -> None:
        self.rating = rating(response)
        self.revealed = self.revealed or self.rating is not None
        self.refresh_rows()
        self._show()

    def reveal(self) -> None:
        """Show the back and put the cursor on Good."""
        self.revealed = True
        self._show()
        self.cursor = 2

    def problem(self) -> str | None:
        if not self.revealed:
            return "Show the answer first (Space)"
        if self.rating is None:
            return "Rate your recall: 1 Again, 2 Hard, 3 Good, 4 Easy"
        return None

    def _rate(self, value: int) -> None:
        self.rating = value
        self.cursor = value - 1
        self.changed()
        self.action_submit()

    def activate(self, position: int) -> None:
        if not self.revealed:
            self.reveal()
        else:
            self._rate(position + 1)

    def on_letter(self, key: str) -> bool:
        if not self.revealed or key not in _KEYS:
            return False
        self._rate(_KEYS[key])
        return True

    def action_submit(self) -> None:
        if self.locked:
            return
        if not self.revealed:
            self.reveal()
            return
        if self.rating is None:
            self.rating = self.cursor + 1
            self.changed()
        super().action_submit()


def recall_verdict(grade: Grade, response: Any) -> str:
    """A card is rated by the learner, not marked right or wrong."""
    value = rating(response)
    if value is None:
        return "[$error]✘[/] [b]Not rated[/b]"
    return f"You rated your recall [b]{RATINGS[value]}[/b]"


def recall_feedback(question: RecallQuestion, response: Any, order=None) -> list[str]:
    """The rating decides when the card comes back."""
    return ["Again and Hard bring the card back sooner; Good and Easy push it further out."]
