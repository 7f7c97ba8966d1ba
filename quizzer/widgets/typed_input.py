"""An answer typed into one text field (a number, a short answer): Enter submits it."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.widgets import Input

from quizzer.widgets.answer_base import AnswerInput


class TypedInput(AnswerInput, can_focus=False):
    """The field takes focus; subclasses compose it and say what its text means as a response."""

    EMPTY = "Type an answer first"
    """What :meth:`problem` says while the text is not yet a response."""

    def __init__(self, question: Any, order=None, response: Any = None, **kwargs):
        self.text = ""
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return 0

    def focus(self, scroll_visible: bool = True):
        try:
            self.query_one(Input).focus(scroll_visible)
        except NoMatches:  # not composed yet
            return super().focus(scroll_visible)
        return self

    def shown(self, response: Any) -> str:
        """The field's text for a stored response."""
        return str(response)

    def set_response(self, response: Any) -> None:
        self.text = "" if response is None else self.shown(response)
        for field in self.query(Input):
            field.value = self.text

    def problem(self) -> str | None:
        return None if self.response is not None else self.EMPTY

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
