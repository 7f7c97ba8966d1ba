"""After a mock: every answer with its feedback, one at a time; the navigator colours results."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from quizzer import learner
from quizzer.assembly import Item
from quizzer.scoring import grade
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.feedback import feedback_markup
from quizzer.widgets.navigator import Navigator
from quizzer.widgets.question_view import QuestionView


class AnswerReviewScreen(QuizzerScreen):
    """Page through a submitted exam's questions: your answer, the key, every rationale."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,n", "move(1)", "Next", id="answers.next"),
        Binding("left,b", "move(-1)", "Back", id="answers.previous"),
        Binding("ctrl+g", "navigator", "Go to", id="answers.navigator"),
        Binding("escape", "app.pop_screen", "Results", id="answers.close"),
    ]
    """Arrows page through the answers; Esc returns to the results."""

    def __init__(self, session_id: int):
        super().__init__()
        self.session_id = session_id
        self.position = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="where", classes="status-line", markup=False)
        with Horizontal():
            yield VerticalScroll(id="body")
            yield Navigator(0, id="navigator")
        yield Footer()

    async def on_mount(self) -> None:
        record = learner.load_mock(self.ctx, session_id=self.session_id)
        assert record is not None
        self.record = record
        self.items = [r for r in record.items if r.question_id in self.ctx.bank.questions]
        self.grades = [
            grade(self.ctx.bank.questions[r.question_id], r.response) for r in self.items
        ]
        navigator = self.query_one(Navigator)
        navigator.count = len(self.items)
        navigator.mode = "graded"
        navigator.update_state(
            answered=[r.response is not None for r in self.items],
            flagged=[r.flagged for r in self.items],
            correct=[g.score for g in self.grades],
            current=0,
        )
        self.sub_title = f"{record.exam_id} answers"
        await self.show(0)

    async def show(self, position: int) -> None:
        if not self.items:
            return
        self.position = max(0, min(position, len(self.items) - 1))
        row = self.items[self.position]
        question = self.ctx.bank.questions[row.question_id]
        item = Item(row.question_id, row.domain_id, row.display_order)
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        view = QuestionView(
            question,
            item.order,
            heading=f"Question {self.position + 1} of {len(self.items)}",
            response=row.response,
        )
        await body.mount(view)
        result = self.grades[self.position]
        view.show_feedback(
            feedback_markup(
                question, row.response, item.order, result, self.ctx.objective_texts(question)
            )
        )
        body.scroll_home(animate=False)
        right = sum(g.correct for g in self.grades)
        self.query_one("#where", Static).update(
            f"{self.record.exam_id} · answer {self.position + 1} of {len(self.items)}"
            f" · {right} fully correct"
        )
        self.query_one(Navigator).update_state(current=self.position)

    async def action_move(self, delta: int) -> None:
        await self.show(self.position + delta)

    def action_navigator(self) -> None:
        self.query_one(Navigator).focus()

    @on(Navigator.Jump)
    async def _jump(self, event: Navigator.Jump) -> None:
        await self.show(event.position)
