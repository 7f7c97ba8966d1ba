"""A timed mock exam: one question at a time, navigator, flags, and every change saved at once.

The timer keeps running while hidden and while the review screen is open; at zero the exam is
submitted automatically. The clock is saved every few seconds, on leaving and on quitting.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

from quizzer.exam_facts import clock_text
from quizzer.mock_session import MockSession, StaleMock
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.navigator import Navigator
from quizzer.widgets.question_view import QuestionView
from quizzer.widgets.timer import ExamTimer

SAVE_EVERY_S = 5.0
TICK_S = 0.5


class ExamBar(Horizontal):
    """The exam's header line: exam, position, answered and flagged counts, and the timer."""

    DEFAULT_CSS = """
    ExamBar { height: 1; background: $panel; dock: top; }
    ExamBar > #where { width: 1fr; padding: 0 1; }
    """


class MockExamScreen(QuizzerScreen):
    """Answer in any order; flag to come back; review, confirm, submit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,ctrl+n", "next", "Next", id="exam.next", tooltip="Next question"),
        Binding("left,ctrl+b", "previous", "Back", id="exam.previous", tooltip="Previous question"),
        Binding(
            "ctrl+f",
            "flag",
            "Flag",
            id="exam.flag",
            tooltip="Flag this question to come back to it",
        ),
        Binding(
            "ctrl+g",
            "navigator",
            "Go to",
            id="exam.navigator",
            tooltip="Pick a question in the navigator",
        ),
        Binding(
            "ctrl+t",
            "toggle_timer",
            "Timer",
            id="exam.timer",
            tooltip="Hide or show the timer (it keeps running)",
        ),
        Binding(
            "ctrl+s",
            "review",
            "Review & submit",
            id="exam.review",
            priority=True,
            tooltip="Review, then submit",
        ),
        Binding(
            "escape",
            "leave",
            "Leave",
            id="exam.leave",
            tooltip="Leave; the exam is saved and can be resumed",
        ),
    ]
    """Exam keys avoid letters and digits, which answer questions."""

    def __init__(self, session_id: int):
        super().__init__()
        self.session_id = session_id
        self.session: MockSession | None = None
        self._last_save = 0.0
        self._ending = False

    def compose(self) -> ComposeResult:
        with ExamBar():
            yield Static("", id="where", markup=False)
            yield ExamTimer(id="timer")
        with Horizontal():
            yield VerticalScroll(id="body")
            yield Navigator(0, id="navigator")
        yield Footer()

    async def on_mount(self) -> None:
        try:
            self.session = MockSession.open(self.ctx, self.session_id, self.quizzer.clock)
        except StaleMock as exc:
            self.quizzer.show_error("This mock exam cannot be resumed", exc)
            self.dismiss()
            return
        navigator = self.query_one(Navigator)
        navigator.count = len(self.session.items)
        self.session.start()
        self._last_save = self.quizzer.clock()
        self.quizzer.exam_guard = self.suspend
        hidden = self.ctx.profile.settings.hide_timer
        self.query_one(ExamTimer).hidden = hidden
        await self.show(self.session.current)
        self.set_interval(TICK_S, self.tick)
        self.tick()

    # --- the clock -------------------------------------------------------------------------

    def tick(self) -> None:
        """Update the timer, save the clock every few seconds, and submit at zero."""
        session = self.session
        if session is None or session.finished or self._ending:
            return
        left = session.time_left()
        self.query_one(ExamTimer).seconds_left = left
        if left <= 0:
            self.submit(timed_out=True)
            return
        now = self.quizzer.clock()
        if now - self._last_save >= SAVE_EVERY_S:
            self._last_save = now
            session.save_clock()

    def suspend(self) -> None:
        """Stop the clock and save it (leaving, quitting)."""
        if self.session is not None and not self.session.finished:
            self.session.pause()
            self.session.save_clock()

    # --- showing questions --------------------------------------------------------------------

    def update_bar(self) -> None:
        session = self.session
        assert session is not None
        flagged = len(session.flagged())
        text = (
            f"{session.exam_id} mock · Q {session.current + 1}/{len(session.items)}"
            f" · answered {session.answered}"
            + (f" · flagged {flagged}" if flagged else "")
            + (" ⚑" if session.flags[session.current] else "")
        )
        self.query_one("#where", Static).update(text)
        self.query_one(Navigator).update_state(
            answered=[r is not None for r in session.responses],
            flagged=session.flags,
            current=session.current,
        )

    async def show(self, position: int) -> None:
        session = self.session
        assert session is not None
        session.go(position)
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        item = session.items[session.current]
        view = QuestionView(
            session.questions[session.current],
            item.order,
            heading=f"Question {session.current + 1} of {len(session.items)}",
            response=session.responses[session.current],
            id="question",
        )
        await body.mount(view)
        body.scroll_home(animate=False)
        self.call_after_refresh(view.focus_input)
        self.update_bar()

    @on(AnswerInput.Changed)
    def _changed(self, event: AnswerInput.Changed) -> None:
        event.stop()
        session = self.session
        if session is None or session.finished:
            return
        session.answer(session.current, event.response)
        self.update_bar()

    @on(AnswerInput.Submitted)
    async def _submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        session = self.session
        if session is None:
            return
        if session.responses[session.current] != event.response:
            session.answer(session.current, event.response)
        if session.current + 1 < len(session.items):
            await self.show(session.current + 1)
        else:
            self.update_bar()
            self.action_review()

    @on(Navigator.Jump)
    async def _jump(self, event: Navigator.Jump) -> None:
        await self.show(event.position)

    # --- actions -------------------------------------------------------------------------

    async def action_next(self) -> None:
        if self.session and self.session.current + 1 < len(self.session.items):
            await self.show(self.session.current + 1)

    async def action_previous(self) -> None:
        if self.session and self.session.current > 0:
            await self.show(self.session.current - 1)

    def action_flag(self) -> None:
        session = self.session
        if session is None:
            return
        position = session.current
        session.set_flag(position, not session.flags[position])
        self.update_bar()

    def action_navigator(self) -> None:
        self.query_one(Navigator).focus()

    def action_toggle_timer(self) -> None:
        timer = self.query_one(ExamTimer)
        timer.hidden = not timer.hidden
        self.ctx.update_settings(hide_timer=timer.hidden)

    def action_review(self) -> None:
        from quizzer.screens.mock_review import MockReviewScreen

        session = self.session
        if session is None or session.finished:
            return
        session.save_clock()

        async def reviewed(choice: int | str | None) -> None:
            if choice == "submit":
                self.submit(timed_out=False)
            elif isinstance(choice, int):
                await self.show(choice)

        self.app.push_screen(MockReviewScreen(session), reviewed)

    def action_leave(self) -> None:
        from quizzer.dialogs.confirm import ConfirmDialog

        session = self.session
        if session is None:
            return

        def chosen(leave: bool | None) -> None:
            if leave:
                self.suspend()
                self.quizzer.exam_guard = None
                self._ending = True
                self.dismiss()
                self.quizzer.action_go("dashboard")

        left = clock_text(session.time_left())
        self.app.push_screen(
            ConfirmDialog(
                "Leave the exam?",
                (
                    f"Your answers are saved and the clock stops with {left} left. "
                    "Resume it from the dashboard."
                    if not getattr(self.ctx, "unsaved", None)
                    else f"{len(self.ctx.unsaved)} change(s) are not saved yet (the database "
                    "refuses writes); they are kept while quizzer runs and saved as soon as it "
                    "can write again."
                ),
                yes="Leave",
                no="Stay",
            ),
            chosen,
        )

    def submit(self, *, timed_out: bool) -> None:
        """Grade and close the exam, then show the results (auto-submit passes timed_out)."""
        from quizzer.screens.results import ResultsScreen

        session = self.session
        if session is None or session.finished or self._ending:
            return
        self._ending = True
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        from quizzer.saving import NotSaved

        try:
            session.finish(timed_out=timed_out)
        except NotSaved:  # the learner was told; every response is kept, submitting again works
            self._ending = False
            if not timed_out:
                session.start()
            return
        self.quizzer.review_mock(session.session_id, session.graded)
        self.quizzer.exam_guard = None
        if timed_out:
            self.notify("Time is up: the exam was submitted.", severity="warning", timeout=6)
        self.app.switch_screen(ResultsScreen(self.session_id))

    def on_screen_suspend(self) -> None:
        # Leaving the mock area (dashboard, palette) stops the clock; the review and dialogs
        # opened on top of the exam do not.
        if self.app.current_mode != "mock":
            self.suspend()

    def on_screen_resume(self) -> None:
        session = self.session
        if (
            session is not None
            and not session.finished
            and not session.running
            and not self._ending
        ):
            session.start()
            self._last_save = self.quizzer.clock()

    def on_unmount(self) -> None:
        if self.quizzer.exam_guard == self.suspend:
            self.suspend()
            self.quizzer.exam_guard = None
