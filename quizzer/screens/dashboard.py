"""The dashboard: every exam with status, coverage and scores; the readiness forecast of the
highlighted exam; reviews due, cram mode, an unfinished mock and recent sessions.

The first paint holds the exam table with each exam's bank coverage, from the summary the app
read from the compiled bank cache (without it, a light frame that fills once the bank loads).
Once those rows are drawn the context loads; the scores, reviews and recent sessions follow
when the figures are collected in a worker, and the forecast is computed in another worker, so
nothing here slows the first screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Header, Static

from quizzer.screens.base import QuizzerScreen

if TYPE_CHECKING:
    import datetime as dt

    from textual.widgets import DataTable

    from quizzer.bank.blueprint import Blueprint
    from quizzer.bank.cache import Summary
    from quizzer.learner import MockSummary, Readiness, SessionRecord

SHORT = 32
"""Below this many rows the recent sessions give way to the exams and the forecast (h: history)."""
PENDING = "…"
"""Last and Best while the scores are still loading."""


def due_reviews(ctx: Any, now: dt.datetime) -> int:
    """Reviews due at ``now`` that the bank can ask."""
    from quizzer import learner

    return len(learner.due_ids(ctx, now=now))


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


def exam_row(blueprint: Any, coverage: Any, today: dt.date | None, last: str, best: str) -> ExamRow:
    """One exam's row from its blueprint (or the cache's plain copy of it) and coverage."""
    from quizzer import exam_facts as facts

    status = facts.status_text(blueprint, today)
    short = status if len(status) <= 18 else status.split(" ")[0]
    if blueprint.successor and facts.is_retired(blueprint, today):
        short = f"retired → {blueprint.successor}"
    if not blueprint.status_confirmed:
        short += " *"
    return ExamRow(
        blueprint.id,
        blueprint.name,
        status,
        short,
        " · ".join(
            [
                facts.length_text(blueprint),
                facts.minutes_text(blueprint),
                facts.pass_mark_text(blueprint),
            ]
        ),
        coverage.summary(),
        f"{coverage.tagged} q, {len(coverage.covered)}/{len(blueprint.domains)} domains",
        last,
        best,
    )


@dataclass
class DashboardData:
    exams: list[ExamRow] = field(default_factory=list)
    recent: list[SessionRecord] = field(default_factory=list)
    due: int | None = None
    due_error: bool = False
    active: list[MockSummary] = field(default_factory=list)
    cram: list[tuple[str, int]] = field(default_factory=list)
    """Exams inside their cram window, with the days left."""


class DashboardScreen(QuizzerScreen):
    """Start here: pick an exam, then practise, review, drill, sit a mock, run a lab, look back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "practice",
            "Practice",
            id="dashboard.practice",
            tooltip="Practise the highlighted exam",
        ),
        Binding(
            "m",
            "mock",
            "Mock",
            id="dashboard.mock",
            tooltip="Set up a mock exam of the highlighted exam",
        ),
        Binding(
            "d",
            "reviews",
            "Reviews",
            id="dashboard.reviews",
            tooltip="A session of every question due for review",
        ),
        Binding(
            "w",
            "drill",
            "Drill",
            id="dashboard.drill",
            tooltip="Drill the weakest objectives of the highlighted exam",
        ),
        Binding("l", "labs", "Labs", id="dashboard.labs", tooltip="Lab drills by topic"),
        Binding("h", "history", "History", id="dashboard.history", tooltip="Scores over time"),
        Binding(
            "r",
            "resume",
            "Resume",
            id="dashboard.resume",
            tooltip="Continue an unfinished mock exam",
        ),
        Binding(
            "i",
            "details",
            "Details",
            id="dashboard.details",
            tooltip="Everything known about the exam",
        ),
    ]
    """Single letters start each area from the dashboard (hidden until the figures are in)."""

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.data: DashboardData | None = None
        self.built = False
        self.forecasts: dict[str, Readiness | str] = {}
        """Exam id -> Readiness (or an error text), cleared whenever the figures are reloaded."""
        self.forecasting: set[str] = set()
        """Exams whose forecast is being computed (each once, however often it is highlighted)."""
        self.generation = 0
        """Counts reloads of the figures: a forecast begun before the latest one is dropped."""
        self.preview: list[ExamRow] = []
        """The exam rows from the bank cache's summary, shown until the figures are in."""

    def compose(self) -> ComposeResult:
        # Only light widgets here: this is the first screen the learner sees. The size class is
        # set before they mount: set on the first resize, it would restyle every one of them.
        self.set_class(self.app.size.height < SHORT, "-short")
        yield Header()
        yield Static("Dashboard", id="title", classes="title", markup=False)
        yield Static("Loading your progress…", id="loading", classes="muted", markup=False)
        with Vertical(id="main"):
            if self.quizzer.summary is not None:
                from quizzer.widgets.exam_table import ExamTable

                yield ExamTable()
                yield Static("", id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.quizzer.profile_name
        self.quizzer.context_ready.subscribe(self, lambda _ctx: self.load())
        if self.quizzer.ctx is not None:
            self.load()
        elif self.quizzer.summary is not None:
            self.show_summary(self.quizzer.summary)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    def on_screen_resume(self) -> None:
        if self.quizzer.ctx is not None and self.data is not None:
            self.load()

    def load(self) -> None:
        self.sub_title = self.ctx.profile.name  # on a team database: the login's name
        self.collect()

    def show_summary(self, summary: Summary) -> None:
        """The exam rows from the cache's summary, in the first paint (Last and Best pending)."""
        from textual.widgets import DataTable  # loaded already: the exam table is one

        from quizzer.exam_facts import counted_coverage

        today = self.quizzer.today
        self.preview = [
            exam_row(
                e.blueprint,
                # The cache's plain copy has every field of a Blueprint that exam_facts reads.
                counted_coverage(cast("Blueprint", e.blueprint), e.tagged, e.per_domain),
                today,
                PENDING,
                PENDING,
            )
            for e in summary.exams
        ]
        table = self.query_one("#exams", DataTable)
        for row in self.preview:
            table.add_row(
                row.exam_id, row.status_short, row.bank_short, row.last, row.best, key=row.exam_id
            )
        table.focus()
        self.show_detail()

    def on_exam_table_drawn(self) -> None:
        self.quizzer.start_context()

    # --- the heavy part, mounted once the exams are known -----------------------------------

    async def build(self) -> None:
        """Mount the exam table (unless the first paint had it), the forecast, recent sessions
        and buttons."""
        from textual.containers import Horizontal
        from textual.widgets import Button, DataTable

        from quizzer.widgets.exam_table import ExamTable

        main = self.query_one("#main", Vertical)
        if not self.query("#exams"):
            await main.mount_all([ExamTable(), Static("", id="detail", markup=False)])
        from quizzer.widgets.readiness_bars import ReadinessPanel

        recent: DataTable[str] = DataTable(id="recent", cursor_type="none", show_cursor=False)
        recent.can_focus = False
        for label, width in (
            ("Recent", 16),
            ("Kind", 9),
            ("Exam", 14),
            ("Answered", 8),
            ("Score", 6),
        ):
            recent.add_column(label, width=width)
        actions = Horizontal(
            Button("Practice", id="practice", compact=True),
            Button("Mock exam", id="mock", compact=True),
            Button("Reviews", id="reviews", compact=True),
            Button("Drill", id="drill", compact=True),
            Button("Labs", id="labs", compact=True),
            Button("History", id="history", compact=True),
            Button("Resume", id="resume", compact=True),
            classes="actions",
        )
        await main.mount_all([ReadinessPanel(id="readiness"), recent, actions])
        self.built = True

    @dataclass
    class Collected(Message):
        """The worker gathered the figures to show."""

        data: DashboardData

    @dataclass
    class Forecast(Message):
        """A readiness forecast of ``exam_id`` (or a message) for the figures of ``generation``."""

        exam_id: str
        generation: int
        result: Readiness | str

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def collect(self) -> None:
        self.deliver(self.gather, self.Collected, failed="The dashboard could not be filled")

    def gather(self) -> DashboardData:
        from quizzer import exam_facts as facts
        from quizzer import learner

        ctx = self.ctx
        today = self.quizzer.today
        now = self.quizzer.utcnow()
        best = facts.last_and_best(learner.mock_scores(ctx))
        data = DashboardData()
        for blueprint in ctx.exams():
            last, top = best.get(blueprint.id, (None, None))
            coverage = facts.coverage(ctx.bank, blueprint)
            data.exams.append(
                exam_row(blueprint, coverage, today, facts.score_text(last), facts.score_text(top))
            )
        data.recent = learner.recent_sessions(ctx, limit=5)
        data.active = learner.active_mocks(ctx)
        try:
            data.due = due_reviews(ctx, now)
            data.cram = learner.cram_countdowns(ctx, now=now)
        except Exception as exc:  # noqa: BLE001 (the dashboard shows the rest and says so)
            from quizzer.logs import log_error

            log_error("counting due reviews failed", exc)
            data.due_error = True
        return data

    @on(Collected)
    async def _collected(self, message: Collected) -> None:
        if not self.built:
            await self.build()
        self.fill(message.data)

    def fill(self, data: DashboardData) -> None:
        from textual.widgets import Button, DataTable

        from quizzer.exam_facts import clock_text

        self.data = data
        self.forecasts.clear()  # there may be new answers: forecast again
        self.generation += 1
        self.query_one("#loading").display = False
        table = self.query_one("#exams", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in data.exams:
            table.add_row(
                row.exam_id, row.status_short, row.bank_short, row.last, row.best, key=row.exam_id
            )
        if data.exams:
            table.move_cursor(row=min(keep, len(data.exams) - 1))
        self.show_detail()
        self.query_one("#title", Static).update(self.status_text(data, clock_text))
        recent = self.query_one("#recent", DataTable)
        recent.clear()
        for session in data.recent:
            score = f"{round(100 * session.score / session.answered)}%" if session.answered else "–"
            recent.add_row(
                self.local_time(session.started_at),
                session.kind,
                session.exam_id or "–",
                str(session.answered),
                score,
            )
        if not data.recent:
            recent.add_row("no sessions yet", "", "", "", "")
        self.query_one("#resume", Button).disabled = not data.active
        self.query_one("#reviews", Button).disabled = not data.due
        table.focus()
        self.refresh_bindings()
        self.show_readiness()

    def status_text(self, data: DashboardData, clock_text: Any) -> str:
        due = "?" if data.due_error else ("–" if data.due is None else str(data.due))
        status = f"Due reviews: {due}" + (
            f" ({self.quizzer.key_for('dashboard.reviews', 'd')} starts them)" if data.due else ""
        )
        for exam_id, days in data.cram:
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            status += f" · cram mode: {exam_id} {when}"
        if data.active:
            mock = data.active[0]
            left = clock_text(mock.time_left_s)
            status += f" · Unfinished mock {mock.exam_id} ({left} left) — r resumes"
        if any(r.status_short.endswith("*") for r in data.exams):
            status += " · * unconfirmed"
        if getattr(self.quizzer.ctx, "read_only", False):
            status = "READ-ONLY database: new answers are not saved · " + status
        return status

    def highlighted(self) -> ExamRow | None:
        rows = self.preview if self.data is None else self.data.exams
        if not rows:
            return None
        from textual.widgets import DataTable  # loaded already: rows are in its table

        table = self.query_one("#exams", DataTable)
        return rows[min(table.cursor_row, len(rows) - 1)]

    def show_detail(self) -> None:
        row = self.highlighted()
        text = (
            ""
            if row is None
            else f"{row.exam_id} · {row.name}\n{row.status} · {row.facts}\n"
            f"Bank: {row.coverage} · i: details"
        )
        self.query_one("#detail", Static).update(text)

    # --- the readiness forecast of the highlighted exam -------------------------------------

    def show_readiness(self) -> None:
        from quizzer.widgets.readiness_bars import ReadinessPanel

        row = self.highlighted()
        panel = self.query_one("#readiness", ReadinessPanel)
        if row is None:
            panel.show_message("")
            return
        known = self.forecasts.get(row.exam_id)
        if known is None:
            panel.show_message("Readiness: computing the forecast…")
            if row.exam_id not in self.forecasting:
                self.forecasting.add(row.exam_id)
                self.forecast(row.exam_id, self.generation)
        elif isinstance(known, str):
            panel.show_message(known)
        else:
            domains = {d.id: d for d in self.ctx.blueprint(row.exam_id).domains}
            uncovered = [
                f"{d}. {domains[d].name}"
                f" ({'no questions yet' if domains[d].in_bank else 'outside this bank'})"
                for d in known.uncovered
                if d in domains
            ]
            panel.show_readiness(known, uncovered=uncovered)

    @work(thread=True, exit_on_error=False, group="readiness")
    def forecast(self, exam_id: str, generation: int) -> None:
        """Post the Readiness (or a message); not exclusive: one moved past is still kept."""
        self.post_message(self.Forecast(exam_id, generation, self.readiness(exam_id)))

    def readiness(self, exam_id: str) -> Readiness | str:
        from quizzer import learner

        result: Readiness | str
        try:
            result = learner.readiness(self.ctx, exam_id=exam_id, now=self.quizzer.utcnow())
        except Exception as exc:  # noqa: BLE001 (a worker: the panel says it failed)
            from quizzer.logs import log_error

            log_error(f"the readiness forecast of {exam_id} failed", exc)
            result = "Readiness: the forecast could not be computed (details in the log)."
        return result

    @on(Forecast)
    def _forecast_done(self, message: Forecast) -> None:
        exam_id = message.exam_id
        self.forecasting.discard(exam_id)
        if message.generation == self.generation:
            self.forecasts[exam_id] = message.result
        row = self.highlighted()
        if row is not None and row.exam_id == exam_id:
            self.show_readiness()  # shows it, or (when it was stale) computes it again

    # --- events and actions -------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        # "Due reviews: N" at the top starts them, like d.
        if (
            event.widget is not None
            and event.widget.id == "title"
            and self.data is not None
            and self.data.due
        ):
            self.action_reviews()

    def on_data_table_row_highlighted(self, event: Any) -> None:
        if getattr(event.data_table, "id", None) == "exams" and (
            self.data is not None or self.preview
        ):
            self.show_detail()
            if self.data is not None:
                self.show_readiness()

    def on_data_table_row_selected(self, event: Any) -> None:
        if getattr(event.data_table, "id", None) == "exams" and self.data is not None:
            self.action_details()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hidden until the figures are in: the first paint's footer stays light.
        return self.data is not None

    def action_practice(self) -> None:
        row = self.highlighted()
        self.quizzer.action_go("practice", row.exam_id if row else None)

    def action_mock(self) -> None:
        row = self.highlighted()
        self.quizzer.action_go("mock", row.exam_id if row else None)

    def action_reviews(self) -> None:
        self.quizzer.action_reviews()

    def action_labs(self) -> None:
        self.quizzer.action_go("labs")

    def action_history(self) -> None:
        self.quizzer.action_go("history")

    def action_resume(self) -> None:
        self.quizzer.action_resume()

    def action_drill(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.quizzer.action_drill(row.exam_id)

    def action_details(self) -> None:
        row = self.highlighted()
        if row is not None:
            from quizzer.screens.exam_detail import ExamDetailScreen

            self.app.push_screen(ExamDetailScreen(row.exam_id))

    def on_button_pressed(self, event: Any) -> None:
        actions = {
            "practice": self.action_practice,
            "mock": self.action_mock,
            "reviews": self.action_reviews,
            "drill": self.action_drill,
            "labs": self.action_labs,
            "history": self.action_history,
            "resume": self.action_resume,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
