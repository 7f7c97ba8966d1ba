"""Item statistics for authors: per question facility, discrimination, discriminative efficiency
and flags over submitted mocks, and the mock's internal consistency (Moodle's definitions).

As in ``quizzer stats items``: a learner sees their own mocks, an instructor every learner's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Select, Static

from quizzer import learner
from quizzer.figures import percent
from quizzer.screens.base import QuizzerScreen

if TYPE_CHECKING:
    from quizzer.learner import ItemReport

ALL = "*"


@dataclass(frozen=True)
class ItemStatsData:
    exam_id: str | None
    everyone: bool
    """Whether the mocks are every learner's (an instructor) or the acting learner's."""
    report: ItemReport


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
        table: DataTable[str] = DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
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
        report = learner.item_report(self.ctx, exam_id=exam_id)
        return ItemStatsData(exam_id, learner.sees_everyone(self.ctx), report)

    @on(Collected)
    def _collected(self, message: Collected) -> None:
        self.fill(message.data)

    def fill(self, data: ItemStatsData) -> None:
        self.data = data
        report = data.report
        quiz_line = self.query_one("#stats-quiz", Static)
        table = self.query_one("#stats-table", DataTable)
        table.clear()
        scope = f" of {data.exam_id}" if data.exam_id else ""
        whose = (
            "every learner's (instructor)"
            if data.everyone
            else "yours (an instructor profile sees every learner's)"
        )
        lines = [
            f"{report.attempts} submitted mock(s){scope}, {whose};"
            f" items are judged from {report.min_attempts} attempts."
        ]
        quiz = report.quiz
        if quiz is not None and quiz.cic is not None:
            lines.append(
                f"Internal consistency (Cronbach's alpha, by {quiz.by},"
                f" {quiz.attempts} mocks of {quiz.items}): {percent(quiz.cic)}"
                + (
                    f" · error ratio {percent(quiz.error_ratio)}"
                    if quiz.error_ratio is not None
                    else ""
                )
            )
        else:
            lines.append("Internal consistency: needs at least two mocks of the same length.")
        dubious = sum(s.dubious for s in report.items)
        if dubious:
            lines.append(
                f"{dubious} dubious item(s): discrimination below"
                f" {percent(report.low_discrimination)} or negative;"
                " review their key and wording."
            )
        if not report.items:
            lines.append("No submitted mocks yet: take a mock exam first.")
        quiz_line.update("\n".join(lines))
        for s in report.items:
            flags = list(s.flags)
            if report.versions.get(s.question_id, 0) > 1:
                flags.append(f"{report.versions[s.question_id]} versions")
            table.add_row(
                s.question_id,
                str(s.attempts),
                percent(s.facility),
                percent(s.discrimination),
                percent(s.efficiency),
                ", ".join(flags),
                key=s.question_id,
            )
        self.show_stem()

    def show_stem(self) -> None:
        table = self.query_one("#stats-table", DataTable)
        text = ""
        items = self.data.report.items if self.data is not None else ()
        if items:
            question_id = items[min(table.cursor_row, len(items) - 1)].question_id
            question = self.ctx.bank.questions.get(question_id)
            text = f"{question_id}: {question.stem if question else '(no longer in the bank)'}"
        self.query_one("#stats-stem", Static).update(text)

    @on(DataTable.RowHighlighted, "#stats-table")
    def _highlighted(self) -> None:
        self.show_stem()
