"""Choose one, choose N, and true/false: letters or digits pick, space toggles, Enter submits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizzer.bank.schema import MultipleQuestion, SingleQuestion, TrueFalseQuestion
from quizzer.widgets.answer_base import AnswerInput, label
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import plain, to_markup


class ChoiceInput(AnswerInput):
    """Options in display order; a single question keeps one choice, a multiple one exactly N."""

    HINT = "A–J or 1–9 choose · ↑↓ move · Space select · Enter submit"

    def __init__(
        self, question: SingleQuestion | MultipleQuestion, order, response: Any = None, **kwargs
    ):
        self.multiple = isinstance(question, MultipleQuestion)
        self.choose = question.choose if isinstance(question, MultipleQuestion) else 1
        self.chosen: set[int] = set()
        super().__init__(question, order, response, **kwargs)
        if self.multiple:
            self.HINT = f"Choose {self.choose}: A–J or 1–9 toggle · Space toggle · Enter submit"

    def row_count(self) -> int:
        return len(self.question.options)

    def row_text(self, position: int) -> str:
        original = self.order[position]
        mark = (
            ("[x]" if original in self.chosen else "[ ]")
            if self.multiple
            else ("(•)" if original in self.chosen else "( )")
        )
        return f"{mark} {label(position)}. {plain(self.question.options[original].text)}"

    def row_selected(self, position: int) -> bool:
        return self.order[position] in self.chosen

    @property
    def response(self) -> Any:
        if not self.chosen:
            return None
        if self.multiple:
            return sorted(self.chosen)
        return next(iter(self.chosen))

    def set_response(self, response: Any) -> None:
        if response is None:
            self.chosen = set()
        elif self.multiple:
            self.chosen = {int(i) for i in response}
        else:
            self.chosen = {int(response)}
        self.refresh_rows()

    def problem(self) -> str | None:
        if self.multiple and len(self.chosen) != self.choose:
            return f"Choose {self.choose} options ({len(self.chosen)} chosen)"
        if not self.chosen:
            return "Choose an option first"
        return None

    def activate(self, position: int) -> None:
        original = self.order[position]
        if not self.multiple:
            self.chosen = {original}
        elif original in self.chosen:
            self.chosen.discard(original)
        elif len(self.chosen) >= self.choose:
            self.app.bell()
            self.notify(f"Choose {self.choose}: unselect one first", severity="warning", timeout=3)
            return
        else:
            self.chosen.add(original)
        self.changed()

    def on_letter(self, key: str) -> bool:
        position = self.letter_index(key, self.row_count())
        if position is None:
            return False
        self.cursor = position
        self.activate(position)
        return True

    def action_submit(self) -> None:
        if not self.multiple and not self.chosen and not self.locked:
            self.activate(self.cursor)  # Enter on a highlighted option chooses it
        super().action_submit()


class TrueFalseInput(AnswerInput):
    """Two rows, True and False: T/F, A/B or 1/2 choose."""

    HINT = "T or F (A/B, 1/2) choose · Enter submit"

    def __init__(self, question: TrueFalseQuestion, order=None, response: Any = None, **kwargs):
        self.value: bool | None = None
        super().__init__(question, None, response, **kwargs)

    def row_count(self) -> int:
        return 2

    def _row_value(self, position: int) -> bool:
        return position == 0

    def row_text(self, position: int) -> str:
        value = self._row_value(position)
        mark = "(•)" if self.value is value else "( )"
        return f"{mark} {label(position)}. {'True' if value else 'False'}"

    def row_selected(self, position: int) -> bool:
        return self.value is self._row_value(position)

    @property
    def response(self) -> Any:
        return self.value

    def set_response(self, response: Any) -> None:
        self.value = None if response is None else bool(response)
        self.refresh_rows()

    def problem(self) -> str | None:
        return None if self.value is not None else "Choose True or False first"

    def activate(self, position: int) -> None:
        self.value = self._row_value(position)
        self.changed()

    def on_letter(self, key: str) -> bool:
        position = {"t": 0, "f": 1}.get(key)
        if position is None:
            position = self.letter_index(key, 2)
        if position is None:
            return False
        self.cursor = position
        self.activate(position)
        return True

    def action_submit(self) -> None:
        if self.value is None and not self.locked:
            self.activate(self.cursor)
        super().action_submit()


def choice_feedback(
    question: SingleQuestion | MultipleQuestion, response: Any, order: Sequence[int] | None
) -> list[str]:
    """Every option in the order shown: right or wrong, the learner's choice, its rationale."""
    lines: list[str] = []
    shown = list(order) if order is not None else list(range(len(question.options)))
    chosen = set()
    if response is not None:
        chosen = (
            {int(i) for i in response}
            if isinstance(question, MultipleQuestion)
            else {int(response)}
        )
    for position, original in enumerate(shown):
        option = question.options[original]
        mark = OK if option.correct else BAD
        mine = "  [b]← your choice[/b]" if original in chosen else ""
        lines.append(f"{mark} {label(position)}. {to_markup(option.text)}{mine}")
        lines.append(rationale_line(option.rationale))
    return lines


def true_false_feedback(question: TrueFalseQuestion, response: Any, order=None) -> list[str]:
    """The verdict on the statement, then why True and why False."""
    yours = "—" if response is None else ("True" if response else "False")
    return [
        f"The statement is [b]{'true' if question.answer else 'false'}[/b]; you answered {yours}.",
        f"{OK if question.answer else BAD} True",
        rationale_line(question.rationale_true),
        f"{BAD if question.answer else OK} False",
        rationale_line(question.rationale_false),
    ]
