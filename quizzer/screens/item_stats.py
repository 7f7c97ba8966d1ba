"""Item statistics for authors: per question facility, discrimination, discriminative efficiency
and flags over submitted mocks, and the mock's internal consistency (Moodle's definitions).

As in ``quizzer stats items``: a learner sees their own mocks, an instructor every learner's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Select, Static

from quizzer.screens.base import QuizzerScreen

ALL = "*"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


@dataclass
class ItemStatsData:
    exam_id: str | None
    everyone: bool
    attempts: int = 0
    items: list[Any] = field(default_factory=list)
    quiz: Any = None
    versions: dict[str, int] = field(default_factory=dict)
    available: bool = True


class ItemStatsScreen(QuizzerScreen):
    """One row per question seen in a submitted mock; the highlighted question's stem below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="item_stats.back"),
        Binding("ctrl+r", "reload", "Reload", id="item_stats.reload", show=False),
    ]
    """Choose an exam (or all); Esc goes back."""

    def __init__(self) -> None:
        super().__init__()
        self.exam_id: str | None = None
        self.data: ItemStatsData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        exams = [("All exams", ALL)] + [(f"{b.id}  {b.name}", b.id) for b in self.ctx.exams()]
        yield Select(
            exams, prompt="Exam", id="stats-exam", value=ALL, allow_blank=False, compact=True
        )
        yield Static("", id="stats-quiz", markup=False)
        table = DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
        for label, width in (
            ("Question", 22),
            ("n", 4),
            ("Facility", 8),
            ("Discrim.", 8),
            ("Effic.", 6),
            ("Flags", 22),
        ):
            table.add_column(label, width=width)
        yield table
        yield Static("", id="stats-stem", classes="status-line", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Item statistics"
        self.collect(None)

    def action_reload(self) -> None:
        self.collect(self.exam_id)

    @on(Select.Changed, "#stats-exam")
    def _exam_changed(self, event: Select.Changed) -> None:
        exam_id = None if event.value == ALL or not isinstance(event.value, str) else event.value
        if exam_id != self.exam_id:
            self.exam_id = exam_id
            self.collect(exam_id)

    @dataclass
    class Collected(Message):
        """The worker computed the statistics to show."""

        data: ItemStatsData

    @work(thread=True, exclusive=True, exit_on_error=False, group="item-stats")
    def collect(self, exam_id: str | None) -> None:
        self.deliver(
            lambda: self.gather(exam_id),
            self.Collected,
            failed="Item statistics could not be computed",
        )

    def gather(self, exam_id: str | None) -> ItemStatsData:
        try:
            from quizzer.learning.item_stats import Attempt, item_statistics, quiz_statistics
        except ImportError:
            return ItemStatsData(exam_id, False, available=False)
        from quizzer.store.progress import mock_attempts

        everyone = self.ctx.profile.role == "instructor"
        mocks = mock_attempts(
            self.ctx.engine, exam_id=exam_id, profile_id=None if everyone else self.ctx.profile.id
        )
        attempts = [
            Attempt(m.session_id, tuple((i.question_id, i.score) for i in m.items)) for m in mocks
        ]
        versions: dict[str, set[str]] = {}
        for mock in mocks:
            for item in mock.items:
                versions.setdefault(item.question_id, set()).add(item.content_hash)
        return ItemStatsData(
            exam_id,
            everyone,
            len(attempts),
            item_statistics(attempts),
            quiz_statistics(attempts),
            {q: len(v) for q, v in versions.items()},
        )

    @on(Collected)
    def _collected(self, message: Collected) -> None:
        self.fill(message.data)

    def fill(self, data: ItemStatsData) -> None:
        from quizzer.learning.item_stats import LOW_DISCRIMINATION, MIN_ATTEMPTS

        self.data = data
        quiz_line = self.query_one("#stats-quiz", Static)
        table = self.query_one("#stats-table", DataTable)
        table.clear()
        if not data.available:
            quiz_line.update(
                "Item statistics need the learning engine (quizzer.learning), which is not installed."
            )
            return
        scope = f" of {data.exam_id}" if data.exam_id else ""
        whose = (
            "every learner's (instructor)"
            if data.everyone
            else "yours (an instructor profile sees every learner's)"
        )
        lines = [
            f"{data.attempts} submitted mock(s){scope}, {whose}; items are judged from {MIN_ATTEMPTS} attempts."
        ]
        quiz = data.quiz
        if quiz is not None and quiz.cic is not None:
            lines.append(
                f"Internal consistency (Cronbach's alpha, by {quiz.by}, {quiz.attempts} mocks of {quiz.items}): {_pct(quiz.cic)}"
                + (
                    f" · error ratio {_pct(quiz.error_ratio)}"
                    if quiz.error_ratio is not None
                    else ""
                )
            )
        else:
            lines.append("Internal consistency: needs at least two mocks of the same length.")
        dubious = sum(s.dubious for s in data.items)
        if dubious:
            lines.append(
                f"{dubious} dubious item(s): discrimination below {_pct(LOW_DISCRIMINATION)} or negative;"
                " review their key and wording."
            )
        if not data.items:
            lines.append("No submitted mocks yet: take a mock exam first.")
        quiz_line.update("\n".join(lines))
        for s in data.items:
            flags = list(s.flags)
            if data.versions.get(s.question_id, 0) > 1:
                flags.append(f"{data.versions[s.question_id]} versions")
            table.add_row(
                s.question_id,
                str(s.attempts),
                _pct(s.facility),
                _pct(s.discrimination),
                _pct(s.efficiency),
                ", ".join(flags),
                key=s.question_id,
            )
        self.show_stem()

    def show_stem(self) -> None:
        table = self.query_one("#stats-table", DataTable)
        text = ""
        if self.data is not None and self.data.items:
            question_id = self.data.items[
                min(table.cursor_row, len(self.data.items) - 1)
            ].question_id
            question = self.ctx.bank.questions.get(question_id)
            text = f"{question_id}: {question.stem if question else '(no longer in the bank)'}"
        self.query_one("#stats-stem", Static).update(text)

    @on(DataTable.RowHighlighted, "#stats-table")
    def _highlighted(self) -> None:
        self.show_stem()
