"""A numeric answer: a number field with the question's unit beside it; Enter submits."""

from __future__ import annotations

import math
from typing import Any

from textual.containers import Horizontal
from textual.widgets import Input, Static

from quizzer.bank.schema import NumericQuestion
from quizzer.widgets.answer_base import AnswerInput


def parse_number(text: str) -> float | None:
    """A finite float from what was typed (commas and spaces allowed as separators), else None."""
    cleaned = text.replace(",", "").replace("_", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class NumericInput(AnswerInput, can_focus=False):
    """The number field takes focus; its text is the response once it parses as a number."""

    DEFAULT_CSS = """
    NumericInput > Horizontal { height: auto; }
    NumericInput Input { width: 24; }
    NumericInput .unit { width: auto; padding: 1 1; }
    """

    HINT = "Type a number · Enter submit"

    def __init__(self, question: NumericQuestion, order=None, response: Any = None, **kwargs):
        self.text = ""
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return 0

    def compose(self):
        with Horizontal():
            yield Input(self.text, placeholder="number", type="number", id="number")
            yield Static(self.question.unit or "", classes="unit", markup=False)

    def focus(self, scroll_visible: bool = True):
        try:
            self.query_one(Input).focus(scroll_visible)
        except Exception:
            return super().focus(scroll_visible)
        return self

    @property
    def response(self) -> Any:
        return parse_number(self.text)

    def set_response(self, response: Any) -> None:
        self.text = "" if response is None else format(float(response), ".15g")
        for field in self.query(Input):
            field.value = self.text

    def problem(self) -> str | None:
        return None if self.response is not None else "Type a number first"

    def lock_answer(self) -> None:
        super().lock_answer()
        for field in self.query(Input):
            field.disabled = True

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.text != event.value:
            self.text = event.value
            self.post_message(self.Changed(self, self.response))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.locked:
            self.action_submit()
