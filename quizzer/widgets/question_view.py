"""One question on screen: heading, stem, the input for its type, and feedback once graded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.containers import Vertical
from textual.widgets import Static

from quizzer import qtypes
from quizzer.bank.schema import Question
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.feedback import Feedback
from quizzer.widgets.qtype_ui import UI
from quizzer.widgets.rich_text import renderable

if TYPE_CHECKING:
    from quizzer.widgets.certainty import CertaintyPrompt


def make_input(
    question: Question, order: Sequence[int] | None, response: Any = None
) -> AnswerInput:
    """The input widget for a question's type."""
    return UI[question.type].input(question, order, response, id="answer")


def stem_text(question: Question) -> str:
    """The stem as shown for the question's type."""
    return qtypes.of(question).stem(question)


class QuestionView(Vertical):
    """A question with its input; :meth:`show_feedback` adds the feedback and locks the input."""

    DEFAULT_CSS = """
    QuestionView { height: auto; padding: 0 1; }
    QuestionView > .heading { color: $text-muted; }
    QuestionView > .stem { margin-top: 1; text-style: bold; }
    QuestionView > .hint { color: $text-muted; margin-top: 1; }
    """

    def __init__(
        self,
        question: Question,
        order: Sequence[int] | None,
        *,
        heading: str = "",
        response: Any = None,
        id: str | None = None,
    ):
        super().__init__(id=id)
        self.question = question
        self.order = order
        self.heading = heading
        self._initial = response

    def compose(self):
        kind = qtypes.of(self.question).title
        heading = f"{self.heading} · {kind}" if self.heading else kind
        yield Static(heading, classes="heading", markup=False)
        yield Static(renderable(stem_text(self.question)), classes="stem", markup=False)
        answer = make_input(self.question, self.order, self._initial)
        yield answer
        yield Static(answer.HINT, classes="hint", markup=False)

    @property
    def input(self) -> AnswerInput:
        return self.query_one(AnswerInput)

    @property
    def response(self) -> Any:
        return self.input.response

    def focus_input(self) -> None:
        self.input.focus()

    def ask_certainty(self) -> CertaintyPrompt:
        """Lock the input and ask how sure the learner is (certainty-based marking)."""
        from quizzer.widgets.certainty import CertaintyPrompt

        self.input.lock_answer()
        for hint in self.query(".hint"):
            hint.display = False
        prompt = CertaintyPrompt(id="certainty")
        self.mount(prompt)
        return prompt

    def show_feedback(self, markup: str) -> Feedback:
        """Lock the input and show feedback under it (in place of a certainty question)."""
        self.input.lock_answer()
        for hint in self.query(".hint"):
            hint.display = False
        for old in self.query(Feedback):
            old.remove()
        for prompt in self.query("#certainty"):
            prompt.remove()
        feedback = Feedback(markup)
        self.mount(feedback)
        return feedback
