"""An ordering question: move items with Shift+↑/↓ (or pick one up with Space and carry it)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from quizzer.bank.schema import OrderingQuestion
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import plain, to_markup


class OrderingInput(AnswerInput):
    """Items in the learner's current order; the response is that order in original indices."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,minus", "move(-1)", "Move up", id="answer.move_up", show=False),
        Binding(
            "shift+down,plus,equals_sign", "move(1)", "Move down", id="answer.move_down", show=False
        ),
    ]
    """Shift+↑ / Shift+↓ (or - and +) move the item under the cursor."""

    HINT = "↑↓ choose · Shift+↑↓ or -/+ move item · Space pick up/drop · Enter submit"

    def __init__(self, question: OrderingQuestion, order, response: Any = None, **kwargs):
        self.arrangement: list[int] = []
        self.touched = False
        self.carrying = False
        super().__init__(question, order, response, **kwargs)

    def row_count(self) -> int:
        return len(self.question.items)

    def row_text(self, position: int) -> str:
        grip = "⇅" if self.carrying and position == self.cursor else "≡"
        return (
            f"{grip} {position + 1}. {plain(self.question.items[self.arrangement[position]].text)}"
        )

    def row_selected(self, position: int) -> bool:
        return self.carrying and position == self.cursor

    @property
    def response(self) -> Any:
        return list(self.arrangement) if self.touched else None

    def set_response(self, response: Any) -> None:
        if response is not None and sorted(int(i) for i in response) == list(
            range(self.row_count())
        ):
            self.arrangement = [int(i) for i in response]
            self.touched = True
        else:
            self.arrangement = list(self.order)
            self.touched = False
        self.refresh_rows()

    def problem(self) -> str | None:
        return None

    def action_submit(self) -> None:
        if not self.locked and not self.touched:
            self.touched = True  # submitting the order as shown is an answer too
            self.changed()
        super().action_submit()

    def action_cursor(self, delta: int) -> None:
        if self.carrying:
            self.action_move(delta)
        else:
            super().action_cursor(delta)

    def action_move(self, delta: int) -> None:
        if self.locked:
            return
        here = self.cursor
        there = here + delta
        if not 0 <= there < self.row_count():
            return
        self.arrangement[here], self.arrangement[there] = (
            self.arrangement[there],
            self.arrangement[here],
        )
        self.touched = True
        self._cursor = there
        self.changed()
        self.cursor = there

    def activate(self, position: int) -> None:
        if self.carrying and position != self.cursor:
            self.carrying = False
        else:
            self.carrying = not self.carrying
        self.refresh_rows()

    def on_letter(self, key: str) -> bool:
        if key.isdigit() and 1 <= int(key) <= self.row_count():
            self.cursor = int(key) - 1
            return True
        return False


def ordering_feedback(question: OrderingQuestion, response: Any, order=None) -> list[str]:
    """The correct order, where the learner put each item, and each item's rationale."""
    placed = [int(i) for i in response] if response is not None else []
    lines = ["Correct order:"]
    for i, item in enumerate(question.items):
        where = placed.index(i) + 1 if i in placed else None
        mark = OK if where == i + 1 else BAD
        yours = f" (you: {where})" if where is not None else ""
        lines.append(f"{mark} {i + 1}. {to_markup(item.text)}{yours}")
        lines.append(rationale_line(item.rationale))
    return lines
