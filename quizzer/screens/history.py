"""History: mock scores over time, per-domain trends and daily practice as plots, plus tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Select, Static, TabbedContent, TabPane

from quizzer.exam_facts import clock_text, marks_text, score_text
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.trend_plot import TrendPlot

if TYPE_CHECKING:
    from quizzer.mock_data import MockResult


@dataclass
class HistoryData:
    mocks: list[Any] = field(default_factory=list)
    days: list[Any] = field(default_factory=list)
    sessions: list[Any] = field(default_factory=list)


def percent(result: MockResult) -> float:
    return round(100 * result.fraction, 1)


class HistoryScreen(QuizzerScreen):
    """Past sessions and mocks; Enter on a mock opens its results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.go('dashboard')", "Dashboard", id="history.back"),
        Binding("ctrl+r", "reload", "Reload", id="history.reload", show=False),
        Binding(
            "c",
            "calibration",
            "Calibration",
            id="history.calibration",
            tooltip="Certainty against accuracy, per domain (certainty-based marking)",
        ),
    ]
    """Tabs switch views; c opens the calibration view; Esc returns to the dashboard."""

    def __init__(self) -> None:
        super().__init__(id="history")
        self.data: HistoryData | None = None
        self.domain_exam: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Mocks", id="tab-mocks"):
                yield TrendPlot(
                    "Mock scores (% of marks; line at the 70% practice target)", id="mock-plot"
                )
                table: DataTable[str] = DataTable(
                    id="mock-table", cursor_type="row", zebra_stripes=True
                )
                for label, width in (
                    ("Date", 16),
                    ("Exam", 14),
                    ("Score", 7),
                    ("Marks", 7),
                    ("Time used", 9),
                ):
                    table.add_column(label, width=width)
                yield table
            with TabPane("Domains", id="tab-domains"):
                yield Select([], prompt="Exam", id="domain-exam", allow_blank=True, compact=True)
                yield TrendPlot("Per-domain score (%) by attempt", id="domain-plot")
            with TabPane("Practice", id="tab-practice"):
                yield TrendPlot("Practice: share of marks per day (%)", id="practice-plot")
                yield Static("", id="practice-note", classes="status-line", markup=False)
            with TabPane("Sessions", id="tab-sessions"):
                sessions: DataTable[str] = DataTable(
                    id="session-table", cursor_type="row", zebra_stripes=True
                )
                for label, width in (
                    ("Started", 16),
                    ("Kind", 9),
                    ("Exam", 14),
                    ("Answered", 8),
                    ("Correct", 7),
                    ("Score", 6),
                ):
                    sessions.add_column(label, width=width)
                yield sessions
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        self.collect()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.collect()

    def action_reload(self) -> None:
        self.collect()

    def action_calibration(self) -> None:
        self.quizzer.action_calibration()

    @dataclass
    class Collected(Message):
        """The worker gathered the history to show."""

        data: HistoryData

    @work(thread=True, exclusive=True, exit_on_error=False, group="history")
    def collect(self) -> None:
        self.deliver(self.gather, self.Collected, failed="History could not be loaded")

    def gather(self) -> HistoryData:
        from quizzer import learner

        ctx = self.ctx
        return HistoryData(
            learner.mock_scores(ctx),
            learner.daily_practice(ctx),
            learner.recent_sessions(ctx, limit=100),
        )

    @on(Collected)
    def _collected(self, message: Collected) -> None:
        self.fill(message.data)

    def fill(self, data: HistoryData) -> None:
        self.data = data
        lines: dict[str, list[tuple[float, float]]] = {}
        labels = []
        table = self.query_one("#mock-table", DataTable)
        table.clear()
        for n, mock in enumerate(data.mocks, start=1):
            lines.setdefault(mock.exam_id, []).append((n, percent(mock.result)))
            labels.append((n, mock.started_at.astimezone().strftime("%m-%d")))
        for mock in reversed(data.mocks):
            result = mock.result
            table.add_row(
                self.local_time(mock.started_at),
                mock.exam_id,
                score_text(result),
                f"{marks_text(result.earned)}/{result.possible}",
                clock_text(result.time_used_s),
                key=str(mock.session_id),
            )
        if not data.mocks:
            table.add_row("no mock exams yet", "", "", "", "")
        self.query_one("#mock-plot", TrendPlot).set_data(lines, labels=labels, target=70)

        exams = sorted({m.exam_id for m in data.mocks})
        select = self.query_one("#domain-exam", Select)
        select.set_options([(e, e) for e in exams])
        if exams:
            kept = self.domain_exam
            choice = kept if kept is not None and kept in exams else data.mocks[-1].exam_id
            select.value = choice
            self.show_domains(choice)
        else:
            self.query_one("#domain-plot", TrendPlot).set_data(
                {}, title="Per-domain score (%): no mock exams yet"
            )

        day_points: list[tuple[float, float]] = [
            (i, round(100 * d.fraction, 1)) for i, d in enumerate(data.days, start=1)
        ]
        day_labels = [(i, d.day.strftime("%m-%d")) for i, d in enumerate(data.days, start=1)]
        self.query_one("#practice-plot", TrendPlot).set_data(
            {"marks %": day_points} if day_points else {}, labels=day_labels, target=70
        )
        answered = sum(d.answered for d in data.days)
        note = (
            f"{answered} practice answers on {len(data.days)} day(s)"
            if data.days
            else "No practice answers yet"
        )
        self.query_one("#practice-note", Static).update(note)

        sessions = self.query_one("#session-table", DataTable)
        sessions.clear()
        for s in data.sessions:
            score = f"{round(100 * s.score / s.answered)}%" if s.answered else "–"
            sessions.add_row(
                self.local_time(s.started_at),
                s.kind,
                s.exam_id or "–",
                str(s.answered),
                str(s.correct),
                score,
            )

    def show_domains(self, exam_id: str) -> None:
        self.domain_exam = exam_id
        if self.data is None:
            return
        lines: dict[str, list[tuple[float, float]]] = {}
        labels = []
        attempts = [m for m in self.data.mocks if m.exam_id == exam_id]
        for n, mock in enumerate(attempts, start=1):
            labels.append((n, mock.started_at.astimezone().strftime("%m-%d")))
            for d in mock.result.domains:
                if d.possible:
                    lines.setdefault(f"{d.id}. {d.name}"[:24], []).append(
                        (n, round(100 * d.fraction, 1))
                    )
        self.query_one("#domain-plot", TrendPlot).set_data(
            lines, labels=labels, target=70, title=f"{exam_id}: per-domain score (%) by attempt"
        )

    @on(Select.Changed, "#domain-exam")
    def _exam_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.domain_exam:
            self.show_domains(event.value)

    @on(DataTable.RowSelected, "#mock-table")
    def _mock_selected(self, event: DataTable.RowSelected) -> None:
        from quizzer.screens.results import ResultsScreen

        if event.row_key.value and event.row_key.value.isdigit():
            self.app.push_screen(ResultsScreen(int(event.row_key.value)))
