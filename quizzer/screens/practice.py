"""A practice session: one question at a time, graded at once with full feedback, every answer saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from quizzer.assembly import Item
from quizzer.scoring import Grade, grade
from quizzer.screens.base import QuizzerScreen
from quizzer.store import repo
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.feedback import feedback_markup
from quizzer.widgets.question_view import QuestionView


class PracticeScreen(QuizzerScreen):
    """Answer, read the feedback, go on; a lab-backed question can run its lab after the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "next", "Next", id="practice.next", tooltip="Next question"),
        Binding("r", "run_lab", "Run lab", id="practice.lab", tooltip="Run the experiment behind this question"),
        Binding("escape", "leave", "End", id="practice.end", tooltip="End this session"),
    ]
    """After feedback, Enter goes on; r runs the question's lab; Esc ends the session."""

    def __init__(
        self,
        items: Sequence[Item],
        *,
        exam_id: str | None,
        filters: dict[str, Any],
        title: str,
        kind: str = "practice",
        auto_lab: bool = False,
    ):
        super().__init__()
        self.items = list(items)
        self.exam_id = exam_id
        self.filters = filters
        self.title_text = title
        self.kind = kind
        self.auto_lab = auto_lab
        self.position = 0
        self.session_id: int | None = None
        self.shown_at = 0.0
        self.graded: Grade | None = None
        self.response: Any = None
        self.results: list[Grade] = []
        self.done = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", classes="status-line", markup=False)
        yield VerticalScroll(id="body")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.session_id = repo.start_session(
            self.ctx.engine, profile_id=self.ctx.profile.id, kind=self.kind, exam_id=self.exam_id, filters=self.filters
        )
        await self.show(0)

    @property
    def question(self):
        return self.ctx.bank.questions[self.items[self.position].question_id]

    def update_progress(self) -> None:
        right = sum(g.correct for g in self.results)
        text = f"{self.title_text} · question {min(self.position + 1, len(self.items))} of {len(self.items)} · {right}/{len(self.results)} correct"
        self.query_one("#progress", Static).update(text)

    async def show(self, position: int) -> None:
        self.position = position
        self.graded = None
        self.response = None
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        item = self.items[position]
        view = QuestionView(self.question, item.order, heading=f"Question {position + 1} of {len(self.items)}", id="question")
        await body.mount(view)
        body.scroll_home(animate=False)
        self.call_after_refresh(view.focus_input)
        self.shown_at = self.quizzer.clock()
        self.update_progress()

    @on(AnswerInput.Submitted)
    def _submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.graded is not None or self.done:
            return
        question = self.question
        result = grade(question, event.response)
        elapsed_ms = int(max(0.0, self.quizzer.clock() - self.shown_at) * 1000)
        repo.record_answer(
            self.ctx.engine, session_id=self.session_id, profile_id=self.ctx.profile.id,
            question_id=question.id, content_hash=self.ctx.bank.content_hash(question.id),
            response=event.response, correct=result.correct, score=result.score, time_ms=elapsed_ms,
        )
        self.graded = result
        self.response = event.response
        self.results.append(result)
        lab = self.ctx.lab_for(question)
        markup = feedback_markup(
            question, event.response, self.items[self.position].order, result, self.ctx.objective_texts(question),
            lab_title=lab.title if lab else None, lab_key=self.quizzer.key_for("practice.lab", "r") if lab else None,
        )
        view = self.query_one(QuestionView)
        view.show_feedback(markup)
        self.update_progress()
        self.refresh_bindings()
        self.focus_next_target()
        if lab is not None and self.auto_lab:
            self.action_run_lab()

    def focus_next_target(self) -> None:
        """Keep focus on the (locked) input so Enter reaches the Next binding."""
        view = self.query_one(QuestionView)
        if view.input.can_focus:
            view.input.focus()
        else:
            self.set_focus(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.graded is not None or self.done
        if action == "run_lab":
            return not (self.graded is None or self.done or self.ctx.lab_for(self.question) is None)
        return True

    async def action_next(self) -> None:
        if self.done:
            self.action_leave()
        elif self.position + 1 < len(self.items):
            await self.show(self.position + 1)
        else:
            await self.finish()

    async def finish(self) -> None:
        self.done = True
        right = sum(g.correct for g in self.results)
        score = sum(g.score for g in self.results)
        n = len(self.results)
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        share = f" ({round(100 * score / n)}% of marks)" if n else ""
        await body.mount(Static(
            f"Session complete: {right} of {n} correct{share}.\n\nEnter or Esc: back to choose what to practise.",
            id="summary", markup=False,
        ))
        self._end_session()
        self.update_progress()
        self.refresh_bindings()

    def _end_session(self) -> None:
        if self.session_id is not None:
            repo.end_session(self.ctx.engine, session_id=self.session_id)

    def action_leave(self) -> None:
        self._end_session()
        if self.results and not self.done:
            right = sum(g.correct for g in self.results)
            self.notify(f"Session ended: {right} of {len(self.results)} correct.", timeout=4)
        self.dismiss()

    def action_run_lab(self) -> None:
        lab = self.ctx.lab_for(self.question)
        if lab is None or self.graded is None:
            return
        from quizzer.screens.lab_run import LabRunScreen

        self.app.push_screen(LabRunScreen(lab, self.question, self.response, self.items[self.position].order, self.graded))
