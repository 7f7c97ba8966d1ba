"""A numeric answer: a number field with the question's unit beside it; Enter submits."""

from __future__ import annotations

import math
from typing import Any

from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.markup import escape
from textual.widgets import Input, Static

from quizzer.bank.schema import NumericQuestion
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.marks import BAD, rationale_line


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
        except NoMatches:  # not composed yet
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


def numeric_feedback(question: NumericQuestion, response: Any, order=None) -> list[str]:
    """The answer with its tolerance, the learner's, and the common mistakes."""
    unit = f" {escape(question.unit)}" if question.unit else ""
    tolerance = f" ± {question.tolerance:g}" if question.tolerance else ""
    yours = "—" if response is None else f"{float(response):.15g}"
    mine_unit = unit if response is not None else ""
    lines = [f"Answer: [b]{question.answer:.15g}{tolerance}{unit}[/b]; you: {yours}{mine_unit}"]
    for mistake in question.mistakes:
        mine = response is not None and abs(float(response) - mistake.value) <= 1e-9 * max(
            1.0, abs(mistake.value)
        )
        tag = "  [b]← your answer[/b]" if mine else ""
        lines.append(f"{BAD} {mistake.value:.15g}{unit}: common mistake{tag}")
        lines.append(rationale_line(mistake.rationale))
    return lines
