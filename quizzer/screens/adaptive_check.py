"""The adaptive readiness check: one question at a time, each chosen from the answers so far.

No feedback between questions (as in an exam); the status line shows how precise the ability
estimate is and the precision at which the check stops. The result gives the expected score
with its interval and P(pass). Each answer is recorded and rated like a practice answer.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from quizzer import learner
from quizzer.assembly import display_order
from quizzer.scoring import grade
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.question_view import QuestionView

if TYPE_CHECKING:
    from quizzer.learner import AdaptiveCheck


class AdaptiveCheckScreen(QuizzerScreen):
    """Answer until the estimate is precise enough; then read the forecast."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave",
            "End",
            id="check.end",
            tooltip="Stop the check and see the result so far",
        ),
    ]

    def __init__(self, exam_id: str, *, seed: int):
        super().__init__()
        self.exam_id = exam_id
        self.seed = seed
        self.check: AdaptiveCheck | None = None
        """Made on mount, before the first question."""
        self.session_id: int | None = None
        self.question_id: str | None = None
        self.order: tuple[int, ...] | None = None
        """Display order of the current question's options or steps (shuffled, as in practice)."""
        self.rng = random.Random(seed)
        self.shown_at = 0.0
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", classes="status-line", markup=False)
        yield VerticalScroll(id="body")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = f"adaptive check · {self.exam_id}"
        self.check = learner.adaptive_check(self.ctx, exam_id=self.exam_id, seed=self.seed)
        self.session_id = learner.start_session(self.ctx, kind="check", exam_id=self.exam_id)
        await self.ask_next()

    def update_progress(self) -> None:
        check = self.check
        assert check is not None  # made on mount, before the first question
        number = len(check.asked) + (0 if self.finished else 1)
        text = (
            f"adaptive check · {self.exam_id} · question {number}"
            f" · precision ±{check.ability.se:.2f} (stops at ±{check.config.target_se:.2f}"
            f" or {check.config.max_items} questions)"
        )
        self.query_one("#progress", Static).update(text)

    async def ask_next(self) -> None:
        assert self.check is not None  # made on mount, before the first question
        self.question_id = self.check.next_question()
        if self.question_id is None:
            await self.finish()
            return
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        question = self.ctx.bank.questions[self.question_id]
        self.order = display_order(question, self.rng)
        view = QuestionView(
            question, self.order, heading=f"Question {len(self.check.asked) + 1}", id="question"
        )
        await body.mount(view)
        body.scroll_home(animate=False)
        self.call_after_refresh(view.focus_input)
        self.shown_at = self.quizzer.clock()
        self.update_progress()

    @on(AnswerInput.Submitted)
    async def _submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.finished or self.question_id is None:
            return
        # Both made on mount, before the first question was shown.
        assert self.check is not None and self.session_id is not None
        question = self.ctx.bank.questions[self.question_id]
        result = grade(question, event.response)
        elapsed_ms = int(max(0.0, self.quizzer.clock() - self.shown_at) * 1000)
        learner.record_answer(
            self.ctx,
            session_id=self.session_id,
            question=question,
            response=event.response,
            correct=result.correct,
            score=result.score,
            time_ms=elapsed_ms,
            certainty=None,
            exam_id=self.exam_id,
            now=self.quizzer.utcnow(),
        )
        self.check.record(self.question_id, result.score)
        await self.ask_next()

    async def finish(self) -> None:
        from quizzer.adaptive_text import result_text

        assert self.check is not None  # made on mount, before the first question
        self.finished = True
        if self.session_id is not None:
            learner.end_session(self.ctx, session_id=self.session_id)
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        text = result_text(self.check.result(), self.ctx.bank.blueprints[self.exam_id])
        await body.mount(Static(f"{text}\n\nEsc: back.", id="summary", markup=False))
        self.update_progress()

    async def action_leave(self) -> None:
        if not self.finished and self.check is not None and self.check.asked:
            await self.finish()
            return
        self.dismiss()
