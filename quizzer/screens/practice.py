"""A practice session: one question at a time, graded at once with feedback, every answer saved.

The same screen runs every kind of session: practice, lab drills, due reviews and weak-area
drills. Each answer is stored, then rated on the question's review card. With certainty-based
marking on, the learner says how sure they are (1, 2, 3) before the feedback shows the CBM mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Footer, Header, Static

from quizzer import learner, qtypes
from quizzer.assembly import Item
from quizzer.scoring import Grade, grade
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.certainty import CertaintyPrompt
from quizzer.widgets.feedback import feedback_markup
from quizzer.widgets.question_view import QuestionView


class PracticeScreen(QuizzerScreen):
    """Answer, read the feedback, go on; a lab-backed question can run its lab after the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "next", "Next", id="practice.next", tooltip="Next question"),
        Binding(
            "r",
            "run_lab",
            "Run lab",
            id="practice.lab",
            tooltip="Run the experiment behind this question",
        ),
        Binding("escape", "leave", "End", id="practice.end", tooltip="End this session"),
    ]
    """After feedback, Enter goes on; r runs the question's lab; Esc ends the session."""

    graded: var[Grade | None] = var(None, bindings=True)
    """The grade of the answer on show; Enter (next) and r (run its lab) wait for it."""
    done = var(False, bindings=True)
    """The session is complete; Enter leaves."""
    pending: var[tuple[Any, int] | None] = var(None, bindings=True)
    """(response, time in ms) submitted and waiting for the learner's certainty."""

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
        self.response: Any = None
        self.results: list[Grade] = []
        self.ask_certainty = False
        """Certainty-based marking, from the profile setting when the session starts."""
        self.certainty: int | None = None
        self.marks: list[float] = []
        """CBM marks of this session's answers."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", classes="status-line", markup=False)
        yield VerticalScroll(id="body")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.ask_certainty = self.ctx.profile.settings.certainty_marking
        self.session_id = learner.start_session(
            self.ctx,
            kind=self.kind,
            exam_id=self.exam_id,
            filters=self.filters,
        )
        await self.show(0)

    @property
    def question(self):
        return self.ctx.bank.questions[self.items[self.position].question_id]

    def update_progress(self) -> None:
        right = sum(g.correct for g in self.results)
        number = min(self.position + 1, len(self.items))
        text = (
            f"{self.title_text} · question {number} of {len(self.items)}"
            f" · {right}/{len(self.results)} correct"
        )
        if self.ask_certainty:
            text += (
                f" · CBM {learner.mark_text(sum(self.marks))}"
                if self.marks
                else " · certainty-based marking"
            )
        self.query_one("#progress", Static).update(text)

    async def show(self, position: int) -> None:
        self.position = position
        self.graded = None
        self.response = None
        self.pending = None
        self.certainty = None
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        item = self.items[position]
        view = QuestionView(
            self.question,
            item.order,
            heading=f"Question {position + 1} of {len(self.items)}",
            id="question",
        )
        await body.mount(view)
        body.scroll_home(animate=False)
        self.call_after_refresh(view.focus_input)
        self.shown_at = self.quizzer.clock()
        self.update_progress()

    @on(AnswerInput.Submitted)
    def _submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.graded is not None or self.done or self.pending is not None:
            return
        # The time to answer stops here; thinking about certainty does not count.
        elapsed_ms = int(max(0.0, self.quizzer.clock() - self.shown_at) * 1000)
        # A recall card's rating already says how well it was known: no certainty question.
        if self.ask_certainty and qtypes.of(self.question).self_rating is None:
            self.pending = (event.response, elapsed_ms)
            prompt = self.query_one(QuestionView).ask_certainty()
            self.call_after_refresh(prompt.focus)
            return
        self.record(event.response, elapsed_ms, None)

    @on(CertaintyPrompt.Chosen)
    def _certainty_chosen(self, event: CertaintyPrompt.Chosen) -> None:
        event.stop()
        if self.pending is None or self.graded is not None:
            return
        response, elapsed_ms = self.pending
        self.pending = None
        self.record(response, elapsed_ms, event.certainty)

    def record(self, response: Any, elapsed_ms: int, certainty: int | None) -> None:
        """Grade, store and review the answer, then show the feedback."""
        question = self.question
        result = grade(question, response)
        assert self.session_id is not None  # started on mount, before the first question
        learner.record_answer(
            self.ctx,
            session_id=self.session_id,
            question=question,
            response=response,
            correct=result.correct,
            score=result.score,
            time_ms=elapsed_ms,
            certainty=certainty,
            exam_id=self.exam_id,
            now=self.quizzer.utcnow(),
        )
        self.graded = result
        self.response = response
        self.certainty = certainty
        self.results.append(result)
        mark = learner.cbm_mark(result.score, certainty) if certainty is not None else None
        if mark is not None:
            self.marks.append(mark)
        lab = self.ctx.lab_for(question)
        markup = feedback_markup(
            question,
            response,
            self.items[self.position].order,
            result,
            self.ctx.objective_texts(question),
            lab_title=lab.title if lab else None,
            lab_key=self.quizzer.key_for("practice.lab", "r") if lab else None,
            certainty=certainty,
            cbm_mark=learner.mark_text(mark) if mark is not None else None,
        )
        view = self.query_one(QuestionView)
        view.show_feedback(markup)
        self.update_progress()
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
        cbm = ""
        if self.marks:
            total = sum(self.marks)
            each = learner.mark_text(total / len(self.marks))
            cbm = f"\nCertainty-based marks: {learner.mark_text(total)} in all, {each} per answer."
        back = "back to choose what to practise" if self.kind == "practice" else "back"
        await body.mount(
            Static(
                f"Session complete: {right} of {n} correct{share}.{cbm}\n\nEnter or Esc: {back}.",
                id="summary",
                markup=False,
            )
        )
        self._end_session()
        self.update_progress()

    def _end_session(self) -> None:
        if self.session_id is not None:
            learner.end_session(self.ctx, session_id=self.session_id)

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

        self.app.push_screen(
            LabRunScreen(
                lab, self.question, self.response, self.items[self.position].order, self.graded
            )
        )
