"""Run the lab behind a question after the learner's prediction: live curves, then the evidence.

The lab runs in a thread worker (JAX is imported there, never on start-up); progress arrives as
replaceable messages, so a fast lab cannot flood the UI. Esc cancels within one training chunk.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from quizzer.labrunner import SeriesRecorder, run_lab
from quizzer.messages import LabProgress
from quizzer.scoring import Grade
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.curves import CurvePlot
from quizzer.widgets.feedback import response_summary, verdict_line

DRAW_EVERY_S = 0.1


def split_series(series: dict[str, list[tuple[int, float]]]) -> tuple[dict, dict]:
    """(loss-like series, accuracy series) by metric name."""
    accuracy = {k: v for k, v in series.items() if "acc" in k.lower()}
    other = {k: v for k, v in series.items() if k not in accuracy}
    return other, accuracy


class LabRunScreen(QuizzerScreen):
    """A lab run: progress bar, live loss/accuracy curves, then evidence, verdict, explanation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel_or_close",
            "Cancel/close",
            id="lab.cancel",
            tooltip="Cancel the run, or close when done",
        ),
        Binding(
            "ctrl+r",
            "rerun",
            "Run again",
            id="lab.rerun",
            tooltip="Run the lab again with a new seed",
        ),
    ]
    """Esc cancels a run (and closes the screen once it has stopped)."""

    state = var("idle", bindings=True)
    """idle, running, cancelling, done, cancelled or failed; Ctrl+R works once a run has ended."""

    @dataclass
    class Ended(Message):
        """The run ended: ``result`` when it completed, else the ``error`` that stopped it."""

        result: Any = None
        error: Exception | None = None

    def __init__(
        self,
        lab: Any,
        question: Any,
        response: Any = None,
        order: Any = None,
        graded: Grade | None = None,
    ):
        super().__init__()
        self.lab = lab
        self.question = question
        self.response = response
        self.order = order
        self.graded = graded
        self._stop = threading.Event()
        self.result: Any = None
        self.seed = 0
        self._pending: LabProgress | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(
                f"[b]Lab: {escape(self.lab.title)}[/b]\n[dim]{escape(self.lab.claim)}[/dim]",
                id="claim",
            )
            prediction = "—"
            if self.graded is not None:
                said = escape(response_summary(self.question, self.response, self.order))
                prediction = f"{said} — {verdict_line(self.graded, self.response)}"
            yield Static(f"Your prediction: {prediction}", id="prediction")
            with Horizontal(classes="status-line"):
                yield Static("Starting…", id="run-state", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="progress")
            with Horizontal(id="plots"):
                yield CurvePlot("loss", id="loss")
                yield CurvePlot("accuracy", id="accuracy")
            yield DataTable(id="evidence", show_cursor=False)
            yield Static("", id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"lab {self.lab.id}"
        self.query_one("#accuracy").display = False
        self.query_one("#evidence").display = False
        self.start()

    def start(self) -> None:
        self._stop = threading.Event()
        self._started = time.perf_counter()
        self.seed = self.quizzer.new_seed()
        self.state = "running"
        self.result = None
        self._pending = None
        self.query_one("#evidence").display = False
        self.query_one("#verdict", Static).update("")
        self.query_one("#loss", CurvePlot).set_series({})
        self.query_one("#progress", ProgressBar).update(total=None, progress=0)
        self.set_state(f"Running (seed {self.seed}) · Esc cancels · device: detecting…")
        self.run_lab()

    def set_state(self, text: str) -> None:
        self.query_one("#run-state", Static).update(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lab")
    def run_lab(self) -> None:
        worker = get_current_worker()
        recorder = SeriesRecorder()
        stop = self._stop

        def on_progress(progress) -> None:
            recorder.add(progress)
            self.post_message(LabProgress(progress.step, progress.total, recorder.snapshot()))

        try:
            result = run_lab(
                self.ctx.registry,
                self.lab.id,
                seed=self.seed,
                on_progress=on_progress,
                is_cancelled=lambda: stop.is_set() or worker.is_cancelled,
            )
        except Exception as exc:  # noqa: BLE001 (a cancelled or failed run is shown, not raised)
            self.post_message(self.Ended(error=exc))
        else:
            self.post_message(self.Ended(result))

    def on_lab_progress(self, message: LabProgress) -> None:
        # Redraw at most ten times a second however fast a lab reports.
        if self.state != "running":
            return
        first = self._pending is None
        self._pending = message
        if first:
            self.set_timer(DRAW_EVERY_S, self._draw_progress)

    def _draw_progress(self) -> None:
        message, self._pending = self._pending, None
        if message is None or self.state != "running":
            return
        self.query_one("#progress", ProgressBar).update(
            total=max(1, message.total), progress=message.step
        )
        loss, accuracy = split_series(message.series)
        self.query_one("#loss", CurvePlot).set_series(loss)
        plot = self.query_one("#accuracy", CurvePlot)
        plot.display = bool(accuracy)
        if accuracy:
            plot.set_series(accuracy)

    @on(Ended)
    def _ended(self, message: Ended) -> None:
        if message.error is None:
            self.show_result(message.result)
            return
        from labs.framework import LabCancelled

        if isinstance(message.error, LabCancelled):
            self.state = "cancelled"
            self.set_state("Cancelled. Esc closes · ctrl+r runs again")
        else:
            self.state = "failed"
            from quizzer.logs import log_error, log_path

            log_error(f"lab {self.lab.id} failed", message.error)
            self.set_state(f"The lab failed: {message.error}. Details in {log_path()}")

    def show_result(self, result: Any) -> None:
        self.state = "done"
        self.result = result
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=1, progress=1)
        seconds = result.seconds or (time.perf_counter() - self._started)
        self.set_state(f"Done in {seconds:.1f} s · device: {result.device} · seed {result.seed}")
        # The result's full curves replace the live ones; live series stay where it has none.
        # strict=False: a lab's curve with one list short still plots what it has.
        curves = {c.name: list(zip(c.steps, c.values, strict=False)) for c in result.curves}
        loss, accuracy = split_series(curves)
        if loss:
            self.query_one("#loss", CurvePlot).set_series(loss)
        if accuracy:
            plot = self.query_one("#accuracy", CurvePlot)
            plot.display = True
            plot.set_series(accuracy)
        table = self.query_one("#evidence", DataTable)
        table.clear(columns=True)
        table.add_columns("Evidence", "Value")
        for row in result.evidence:
            table.add_row(row.label, row.formatted())
        table.display = True
        supports = "[$success]supports[/]" if result.supports else "[$error]does not support[/]"
        text = (
            f"[b]Verdict[/b]  This run {supports} the keyed answer. {escape(result.verdict)}\n\n"
            + (f"[b]Margin[/b]  {escape(result.margin)}\n\n" if result.margin else "")
            + f"[b]Device[/b]  {escape(result.device)}"
            + (f", {result.members} runs in one ensemble" if result.members > 1 else "")
            + "\n\n"
            + f"[b]Explanation[/b]  {escape(self.question.explanation)}"
        )
        self.query_one("#verdict", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rerun":
            return self.state in ("done", "cancelled", "failed")
        return True

    def action_cancel_or_close(self) -> None:
        if self.state == "running":
            self.state = "cancelling"
            self._stop.set()
            self.set_state("Cancelling…")
        elif self.state != "cancelling":
            self.dismiss()

    def action_rerun(self) -> None:
        if self.state in ("done", "cancelled", "failed"):
            self.start()

    def on_unmount(self) -> None:
        self._stop.set()
