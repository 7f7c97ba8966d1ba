"""The dashboard: every exam with status, bank coverage and scores; reviews due; recent sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from quizzer.screens.base import QuizzerScreen


def due_reviews(ctx: Any) -> int | None:
    """Reviews due from the learning engine, or None while ``quizzer.learning`` is not installed.

    Imported here, lazily, so the dashboard works (showing "–") without the learning engine.
    """
    try:
        from quizzer.learning import due_count
    except ImportError:
        return None
    return int(due_count(ctx.engine, profile_id=ctx.profile.id))


@dataclass
class ExamRow:
    exam_id: str
    name: str
    status: str
    status_short: str
    facts: str
    coverage: str
    bank_short: str
    last: str
    best: str


@dataclass
class DashboardData:
    exams: list[ExamRow] = field(default_factory=list)
    recent: list[Any] = field(default_factory=list)
    due: int | None = None
    due_error: bool = False
    active: list[Any] = field(default_factory=list)


class DashboardScreen(QuizzerScreen):
    """Start here: pick an exam, then practise, sit a mock, drill a lab or look back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "practice", "Practice", id="dashboard.practice", tooltip="Practise the highlighted exam"),
        Binding("m", "mock", "Mock", id="dashboard.mock", tooltip="Set up a mock exam of the highlighted exam"),
        Binding("l", "app.go('labs')", "Labs", id="dashboard.labs", tooltip="Lab drills by topic"),
        Binding("h", "app.go('history')", "History", id="dashboard.history", tooltip="Scores over time"),
        Binding("r", "app.resume", "Resume", id="dashboard.resume", tooltip="Continue an unfinished mock exam"),
        Binding("i", "details", "Details", id="dashboard.details", tooltip="Everything known about the exam"),
    ]
    """Single letters start each area from the dashboard."""

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.data: DashboardData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the question bank…", id="loading")
        exams = DataTable(id="exams", cursor_type="row", zebra_stripes=True)
        # Fixed widths: the layout does not depend on when rows arrive.
        for label, width in (("Exam", 14), ("Status", 20), ("Bank", 18), ("Last", 7), ("Best", 7)):
            exams.add_column(label, width=width)
        yield exams
        yield Static("", id="detail", markup=False)
        yield Static("", id="status", classes="status-line", markup=False)
        recent = DataTable(id="recent", cursor_type="none", show_cursor=False)
        recent.can_focus = False
        for label, width in (("Recent", 16), ("Kind", 9), ("Exam", 14), ("Answered", 8), ("Score", 6)):
            recent.add_column(label, width=width)
        yield recent
        with Horizontal(classes="actions"):
            yield Button("Practice", id="practice", compact=True)
            yield Button("Mock exam", id="mock", compact=True)
            yield Button("Labs", id="labs", compact=True)
            yield Button("History", id="history", compact=True)
            yield Button("Resume", id="resume", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.quizzer.profile_name
        self.quizzer.context_ready.subscribe(self, lambda _ctx: self.load())
        if self.quizzer.ctx is not None:
            self.load()

    def on_screen_resume(self) -> None:
        if self.quizzer.ctx is not None and self.data is not None:
            self.load()

    def load(self) -> None:
        self.query_one("#loading").display = False
        self.collect()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def collect(self) -> DashboardData:
        from quizzer import exam_facts as facts
        from quizzer.store import history, repo

        ctx = self.ctx
        today = self.quizzer.today
        best = history.last_and_best(history.mock_scores(ctx.engine, profile_id=ctx.profile.id))
        data = DashboardData()
        for blueprint in ctx.exams():
            coverage = facts.coverage(ctx.bank, blueprint)
            status = facts.status_text(blueprint, today)
            short = status if len(status) <= 18 else status.split(" ")[0]
            if blueprint.successor and facts.is_retired(blueprint, today):
                short = f"retired → {blueprint.successor}"
            if not blueprint.status_confirmed:
                short += " *"
            last, top = best.get(blueprint.id, (None, None))
            data.exams.append(ExamRow(
                blueprint.id, blueprint.name, status, short,
                " · ".join([facts.length_text(blueprint), facts.minutes_text(blueprint), facts.pass_mark_text(blueprint)]),
                coverage.summary(), f"{coverage.tagged} q, {len(coverage.covered)}/{len(blueprint.domains)} domains",
                facts.score_text(last), facts.score_text(top),
            ))
        data.recent = repo.recent_sessions(ctx.engine, profile_id=ctx.profile.id, limit=5)
        data.active = repo.active_mocks(ctx.engine, profile_id=ctx.profile.id)
        try:
            data.due = due_reviews(ctx)
        except Exception as exc:
            from quizzer.logs import log_error

            log_error("counting due reviews failed", exc)
            data.due_error = True
        return data

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "dashboard":
            return
        if event.state == WorkerState.SUCCESS:
            self.fill(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.quizzer.show_error("The dashboard could not be filled", event.worker.error)

    def fill(self, data: DashboardData) -> None:
        from quizzer.exam_facts import clock_text

        self.data = data
        table = self.query_one("#exams", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in data.exams:
            table.add_row(row.exam_id, row.status_short, row.bank_short, row.last, row.best, key=row.exam_id)
        if data.exams:
            table.move_cursor(row=min(keep, len(data.exams) - 1))
        self.show_detail()
        due = "?" if data.due_error else ("–" if data.due is None else str(data.due))
        status = f"Due reviews: {due}"
        if data.active:
            mock = data.active[0]
            status += f" · Unfinished mock {mock.exam_id} ({clock_text(mock.time_left_s)} left) — r resumes"
        if any(r.status_short.endswith("*") for r in data.exams):
            status += " · * unconfirmed"
        self.query_one("#status", Static).update(status)
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for session in data.recent:
            score = f"{round(100 * session.score / session.answered)}%" if session.answered else "–"
            recent.add_row(self.local_time(session.started_at), session.kind, session.exam_id or "–", str(session.answered), score)
        if not data.recent:
            recent.add_row("no sessions yet", "", "", "", "")
        self.query_one("#resume", Button).disabled = not data.active
        table.focus()
        self.refresh_bindings()

    def highlighted(self) -> ExamRow | None:
        if self.data is None or not self.data.exams:
            return None
        table = self.query_one("#exams", DataTable)
        return self.data.exams[min(table.cursor_row, len(self.data.exams) - 1)]

    def show_detail(self) -> None:
        row = self.highlighted()
        text = "" if row is None else f"{row.exam_id} · {row.name}\n{row.status} · {row.facts}\nBank: {row.coverage} · i: details"
        self.query_one("#detail", Static).update(text)

    @on(DataTable.RowHighlighted, "#exams")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected, "#exams")
    def _selected(self) -> None:
        self.action_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "details" and self.data is None:
            return None
        if action in ("practice", "mock") and self.quizzer.ctx is None:
            return None
        return True

    def action_practice(self) -> None:
        row = self.highlighted()
        self.quizzer.action_go("practice", row.exam_id if row else None)

    def action_mock(self) -> None:
        row = self.highlighted()
        self.quizzer.action_go("mock", row.exam_id if row else None)

    def action_details(self) -> None:
        row = self.highlighted()
        if row is not None:
            from quizzer.screens.exam_detail import ExamDetailScreen

            self.app.push_screen(ExamDetailScreen(row.exam_id))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "practice": self.action_practice,
            "mock": self.action_mock,
            "labs": lambda: self.quizzer.action_go("labs"),
            "history": lambda: self.quizzer.action_go("history"),
            "resume": self.quizzer.action_resume,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
