"""A yes/no statement series: Y or N answers the statement under the cursor and moves on."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from quizzer.bank.schema import YesNoQuestion
from quizzer.qtypes.yes_no import yes_no
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import plain, to_markup


class StatementInput(AnswerInput):
    """One row per statement; each answered Yes or No."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="answer.yes", show=False),
        Binding("n", "answer(False)", "No", id="answer.no", show=False),
    ]
    """Y and N answer the statement under the cursor."""

    HINT = "↑↓ or 1–9 pick a statement · Y yes · N no · Space flips · Enter submit"

    def __init__(self, question: YesNoQuestion, order=None, response: Any = None, **kwargs):
        self.answers: list[bool | None] = [None] * len(question.statements)
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return len(self.question.statements)

    def row_text(self, position: int) -> str:
        answer = self.answers[position]
        mark = "[Yes]" if answer is True else "[No ]" if answer is False else "[ ? ]"
        return f"{mark} {position + 1}. {plain(self.question.statements[position].text)}"

    def row_selected(self, position: int) -> bool:
        return self.answers[position] is not None

    @property
    def response(self) -> Any:
        if all(a is None for a in self.answers):
            return None
        return list(self.answers)

    def set_response(self, response: Any) -> None:
        count = len(self.question.statements)
        values = list(response or [])[:count]
        self.answers = [None if v is None else bool(v) for v in values] + [None] * (
            count - len(values)
        )
        self.refresh_rows()

    def problem(self) -> str | None:
        missing = [str(i + 1) for i, a in enumerate(self.answers) if a is None]
        return f"Answer statement(s) {', '.join(missing)} with Y or N" if missing else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action == "answer":
            return False
        return super().check_action(action, parameters)

    def action_answer(self, value: bool) -> None:
        self.answers[self.cursor] = value
        self.changed()
        self.cursor = self.cursor + 1

    def activate(self, position: int) -> None:
        current = self.answers[position]
        self.answers[position] = True if current is None else not current
        self.changed()

    def on_letter(self, key: str) -> bool:
        if key.isdigit() and 1 <= int(key) <= self.row_count():
            self.cursor = int(key) - 1
            return True
        return False


def statement_feedback(question: YesNoQuestion, response: Any, order=None) -> list[str]:
    """Each statement with its answer, the learner's and the rationale."""
    lines: list[str] = []
    answers = list(response or [])
    for i, statement in enumerate(question.statements):
        yours = answers[i] if i < len(answers) else None
        mark = OK if yours is statement.answer else BAD
        lines.append(
            f"{mark} {i + 1}. {to_markup(statement.text)} — [b]{yes_no(statement.answer)}[/b]"
            f" (you: {yes_no(yours)})"
        )
        lines.append(rationale_line(statement.rationale))
    return lines
