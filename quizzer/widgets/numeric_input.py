"""A numeric answer: a number field with the question's unit beside it; Enter submits."""

from __future__ import annotations

import math
from typing import Any

from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import Input, Static

from quizzer.bank.schema import NumericQuestion
from quizzer.widgets.marks import BAD, rationale_line
from quizzer.widgets.typed_input import TypedInput


def parse_number(text: str) -> float | None:
    """A finite float from what was typed (commas and spaces allowed as separators), else None."""
    cleaned = text.replace(",", "").replace("_", "").replace(" ", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class NumericInput(TypedInput):
    """The number field takes focus; its text is the response once it parses as a number."""

    DEFAULT_CSS = """
    NumericInput > Horizontal { height: auto; }
    NumericInput Input { width: 24; }
    NumericInput .unit { width: auto; padding: 1 1; }
    """

    EMPTY = "Type a number first"
    HINT = "Type a number · Enter submit"

    def shown(self, response: Any) -> str:
        return format(float(response), ".15g")

    def compose(self):
        with Horizontal():
            yield Input(self.text, placeholder="number", type="number", id="number")
            yield Static(self.question.unit or "", classes="unit", markup=False)

    @property
    def response(self) -> Any:
        return parse_number(self.text)


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
