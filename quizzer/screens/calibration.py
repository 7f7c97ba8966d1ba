"""Calibration: how sure the learner said they were against how often they were right, overall and
per domain of one exam, with the range where each certainty level is the best bet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Select, Static

from quizzer import learner
from quizzer.figures import percent
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.calibration_plot import CalibrationPlot


class CalibrationScreen(QuizzerScreen):
    """A plot of accuracy per certainty level and a table with each level's verdict."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="calibration.back"),
    ]
    """Choose an exam for the per-domain lines; Esc goes back."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[Any] | None = None
        self.exam_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        exams = [(f"{b.id}  {b.name}", b.id) for b in self.ctx.exams()]
        self.exam_id = exams[0][1] if exams else None
        yield Select(
            exams,
            prompt="Exam",
            id="calibration-exam",
            value=self.exam_id or Select.NULL,
            allow_blank=not exams,
            compact=True,
        )
        yield Static("", id="calibration-summary", markup=False)
        yield CalibrationPlot(id="calibration-plot")
        table: DataTable[str] = DataTable(
            id="calibration-table", cursor_type="row", zebra_stripes=True
        )
        for label, width in (
            ("Answers of", 22),
            ("Cert.", 5),
            ("Answers", 7),
            ("Right", 5),
            ("Mark/ans", 8),
            ("Verdict", 15),
        ):
            table.add_column(label, width=width)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Calibration"
        self.collect()

    @dataclass
    class Collected(Message):
        """The worker gathered every answer given with a certainty."""

        answers: list[Any]

    @work(thread=True, exclusive=True, exit_on_error=False, group="calibration")
    def collect(self) -> None:
        self.deliver(self.gather, self.Collected, failed="Calibration could not be computed")

    def gather(self) -> list[Any]:
        return [a for a in learner.answers(self.ctx) if a.certainty is not None]

    @on(Collected)
    def _collected(self, message: Collected) -> None:
        self.answers = message.answers
        self.fill()

    @on(Select.Changed, "#calibration-exam")
    def _exam_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.exam_id:
            self.exam_id = event.value
            self.fill()

    def fill(self) -> None:
        if self.answers is None:
            return
        summary = self.query_one("#calibration-summary", Static)
        plot = self.query_one("#calibration-plot", CalibrationPlot)
        table = self.query_one("#calibration-table", DataTable)
        table.clear()
        optimal = learner.optimal_ranges()
        overall = learner.calibration(self.answers)
        if not overall.answers:
            summary.update(
                "No answers with a certainty yet: turn on certainty-based marking"
                " (c in Practice, or the palette)."
            )
            plot.set_data({}, optimal=optimal)
            return
        summary.update(
            f"{overall.answers} answer{'s' if overall.answers != 1 else ''} with a certainty"
            f" · {percent(overall.accuracy)} right"
            f" · CBM {learner.mark_text(overall.total_marks)} in all,"
            f" {learner.mark_text(overall.average_mark or 0.0)} per answer"
            " · calibrated: accuracy inside the gray range"
        )
        groups: list[tuple[str, Any]] = [("All answers", overall)]
        if self.exam_id is not None and self.exam_id in self.ctx.bank.blueprints:
            blueprint = self.ctx.blueprint(self.exam_id)
            names = {d.id: d.name for d in blueprint.domains}
            per_domain = learner.calibration_by_domain(self.ctx, self.exam_id, self.answers)
            groups += [(f"{d}. {names.get(d, d)}", c) for d, c in per_domain.items()]
        series = {}
        for name, result in groups:
            series[name[:28]] = [
                (lv.certainty, 100 * lv.accuracy) for lv in result.levels if lv.accuracy is not None
            ]
            for lv in result.levels:
                if lv.answers:
                    mean = (
                        learner.mark_text(lv.average_mark) if lv.average_mark is not None else "–"
                    )
                    table.add_row(
                        name[:22],
                        str(lv.certainty),
                        str(lv.answers),
                        percent(lv.accuracy),
                        mean,
                        lv.verdict,
                    )
        plot.set_data(
            series,
            optimal=optimal,
            title=f"Accuracy (%) by certainty · {self.exam_id or 'all exams'} domains",
        )
