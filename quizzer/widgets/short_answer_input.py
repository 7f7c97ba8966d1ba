"""A short answer: a text field; Enter submits what was typed."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.markup import escape
from textual.widgets import Input

from quizzer.bank.schema import ShortAnswerQuestion
from quizzer.qtypes.short_answer import accepts, matched_answer
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import to_markup


class ShortAnswerInput(AnswerInput, can_focus=False):
    """The text field takes focus; its text, once not blank, is the response."""

    DEFAULT_CSS = """
    ShortAnswerInput Input { width: 60; }
    """

    HINT = "Type your answer · Enter submit"

    def __init__(self, question: ShortAnswerQuestion, order=None, response: Any = None, **kwargs):
        self.text = ""
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return 0

    def compose(self):
        yield Input(self.text, placeholder="your answer", id="text")

    def focus(self, scroll_visible: bool = True):
        try:
            self.query_one(Input).focus(scroll_visible)
        except NoMatches:  # not composed yet
            return super().focus(scroll_visible)
        return self

    @property
    def response(self) -> Any:
        return self.text if self.text.strip() else None

    def set_response(self, response: Any) -> None:
        self.text = "" if response is None else str(response)
        for field in self.query(Input):
            field.value = self.text

    def problem(self) -> str | None:
        return None if self.response is not None else "Type an answer first"

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
