"""A short answer: a text field; Enter submits what was typed."""

from __future__ import annotations

from typing import Any

from textual.markup import escape
from textual.widgets import Input

from quizzer.bank.schema import ShortAnswerQuestion
from quizzer.qtypes.short_answer import accepts, matched_answer
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import to_markup
from quizzer.widgets.typed_input import TypedInput


class ShortAnswerInput(TypedInput):
    """The text field takes focus; its text, once not blank, is the response."""

    DEFAULT_CSS = """
    ShortAnswerInput Input { width: 60; }
    """

    HINT = "Type your answer · Enter submit"

    def compose(self):
        yield Input(self.text, placeholder="your answer", id="text")

    @property
    def response(self) -> Any:
        return self.text if self.text.strip() else None


def short_answer_feedback(question: ShortAnswerQuestion, response: Any, order=None) -> list[str]:
    """What the learner typed, then every accepted answer with its feedback."""
    typed = "—" if response is None else escape(str(response).strip())
    right = response is not None and accepts(question, str(response))
    yours = matched_answer(question, str(response)) if response is not None else None
    lines = [f"{OK if right else BAD} You typed: [b]{typed}[/b]"]
    lines.append("Accepted answers:")
    for answer in question.answers:
        mine = "  [b]← your answer[/b]" if answer is yours else ""
        lines.append(f"{OK} {to_markup(answer.text)}{mine}")
        if answer.feedback:
            lines.append(rationale_line(answer.feedback))
    if question.pattern is not None:
        lines.append(f"{OK} any answer matching [b]{escape(question.pattern)}[/b]")
    return lines
