"""A matching question: for the prompt under the cursor, a letter picks its choice."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.widgets import Static

from quizzer.bank.schema import MatchingQuestion
from quizzer.widgets.answer_base import AnswerInput, label
from quizzer.widgets.marks import BAD, OK, rationale_line
from quizzer.widgets.rich_text import to_markup


class MatchingInput(AnswerInput):
    """One row per prompt showing the choice paired with it; the choices are listed below."""

    DEFAULT_CSS = """
    MatchingInput > .choices { padding: 0 1; margin-top: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("backspace,delete", "clear", "Clear pair", id="answer.clear", show=False),
    ]
    """Backspace clears the pair of the prompt under the cursor."""

    HINT = "↑↓ or 1–9 pick a prompt · A–J pair it with a choice · Space next choice · Enter submit"

    def __init__(self, question: MatchingQuestion, order, response: Any = None, **kwargs):
        self.choices = question.choices()
        self.picks: list[int | None] = [None] * len(question.pairs)
        super().__init__(question, order, response, **kwargs)

    def row_count(self) -> int:
        return len(self.question.pairs)

    def order_length(self) -> int:
        return len(self.choices)

    def _choice_count(self) -> int:
        return len(self.choices)

    def _display_of(self, original: int) -> int:
        return self.order.index(original)

    def row_text(self, position: int) -> str:
        pick = self.picks[position]
        pair = self.question.pairs[position]
        shown = (
            f"{label(self._display_of(pick))}. {self.choices[pick]}" if pick is not None else "—"
        )
        return f"{position + 1}. {pair.prompt}  →  {shown}"

    def row_selected(self, position: int) -> bool:
        return self.picks[position] is not None

    def compose(self):
        yield from super().compose()
        listed = "   ".join(
            f"{label(k)}. {self.choices[original]}" for k, original in enumerate(self.order)
        )
        yield Static(f"Choices: {listed}", classes="choices", markup=False)

    @property
    def response(self) -> Any:
        if all(p is None for p in self.picks):
            return None
        return list(self.picks)

    def set_response(self, response: Any) -> None:
        count = len(self.question.pairs)
        values = list(response or [])[:count]
        self.picks = [None if v is None else int(v) for v in values] + [None] * (
            count - len(values)
        )
        self.refresh_rows()

    def problem(self) -> str | None:
        missing = [str(i + 1) for i, p in enumerate(self.picks) if p is None]
        return f"Pair prompt(s) {', '.join(missing)} with a choice letter" if missing else None

    def _pick(self, position: int, display: int) -> None:
        self.picks[position] = self.order[display]
        self.changed()

    def activate(self, position: int) -> None:
        current = self.picks[position]
        display = 0 if current is None else (self._display_of(current) + 1) % self._choice_count()
        self._pick(position, display)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action == "clear":
            return False
        return super().check_action(action, parameters)

    def action_clear(self) -> None:
        self.picks[self.cursor] = None
        self.changed()

    def on_letter(self, key: str) -> bool:
        if key.isdigit():
            if 1 <= int(key) <= self.row_count():
                self.cursor = int(key) - 1
                return True
            return False
        display = self.letter_index(key, self._choice_count())
        if display is None:
            return False
        self._pick(self.cursor, display)
        self.cursor = self.cursor + 1
        return True


def matching_feedback(question: MatchingQuestion, response: Any, order=None) -> list[str]:
    """Each prompt with its match and the learner's, then what each distractor is not."""
    lines: list[str] = []
    choices = question.choices()
    picks = list(response or [])
    for i, pair in enumerate(question.pairs):
        pick = picks[i] if i < len(picks) else None
        yours = choices[int(pick)] if pick is not None else "—"
        mark = OK if yours == pair.match else BAD
        lines.append(
            f"{mark} {to_markup(pair.prompt)} → [b]{to_markup(pair.match)}[/b]"
            f" (you: {escape(yours)})"
        )
        lines.append(rationale_line(pair.rationale))
    for distractor in question.distractors:
        lines.append(f"  {to_markup(distractor.text)} matches nothing")
        lines.append(rationale_line(distractor.rationale))
    return lines
