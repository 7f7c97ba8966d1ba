"""A submitted mock's results: scaled score against the pass mark (or the 70% practice target),
pass or fail, bars per domain, time used; then review every answer or retake with a new seed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from quizzer import learner
from quizzer.exam_facts import PRACTICE_TARGET_PCT, clock_text, marks_text
from quizzer.screens.base import QuizzerScreen
from quizzer.widgets.domain_bars import DomainBars

if TYPE_CHECKING:
    from quizzer.learner import MockRecord
    from quizzer.mock_data import MockResult


def verdict_text(result: MockResult) -> str:
    """'Score 780 of 100–1000 · pass mark 700 · PASS' or '64% · practice target 70% · FAIL'."""
    outcome = "[$success b]PASS[/]" if result.passed else "[$error b]FAIL[/]"
    if result.scaled is not None:
        return (
            f"Score [b]{result.scaled}[/b] on {result.scale_min}–{result.scale_max}"
            f" · pass mark {result.pass_mark} · {outcome}"
        )
    target = result.pass_target_pct or PRACTICE_TARGET_PCT
    return f"Score [b]{round(100 * result.fraction)}%[/b] · practice target {target:g}% · {outcome}"


class ResultsScreen(QuizzerScreen):
    """The score report of one submitted mock exam."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "review", "Review answers", id="results.review"),
        Binding(
            "t", "retake", "Retake", id="results.retake", tooltip="The same exam with a new seed"
        ),
        Binding("escape", "close", "Done", id="results.close"),
    ]
    """a reviews every answer, t retakes with a new seed, Esc closes."""

    def __init__(self, session_id: int):
        super().__init__()
        self.session_id = session_id
        self.record: MockRecord | None = None
        """Loaded as the screen is composed; None: no such mock."""

    def compose(self) -> ComposeResult:
        self.record = record = learner.load_mock(self.ctx, session_id=self.session_id)
        yield Header()
        with VerticalScroll():
            if record is None or record.result is None:
                yield Static("This mock exam has no result yet.", id="verdict")
            else:
                result = record.result
                blueprint = self.ctx.bank.blueprints.get(record.exam_id)
                name = blueprint.name if blueprint else record.exam_id
                used = clock_text(result.time_used_s)
                limit = clock_text(result.time_limit_s)
                raw = (
                    f"{marks_text(result.earned)} of {result.possible} marks"
                    f" ({round(100 * result.fraction)}%)"
                )
                answered = "?" if result.answered is None else result.answered
                lines = [
                    f"[b]{record.exam_id}[/b] {name}",
                    verdict_text(result),
                    f"{raw} · answered {answered} · time used {used} of {limit}"
                    + (" · [$warning]time ran out[/]" if result.timed_out else ""),
                ]
                if result.scaled is not None:
                    lines.append(
                        "[dim]Scaled with quizzer's approximation:"
                        " 70% of marks maps onto the vendor's pass mark.[/dim]"
                    )
                yield Static("\n".join(lines), id="verdict")
                target = (result.pass_target_pct or PRACTICE_TARGET_PCT) / 100
                names = {d.id: d.name for d in blueprint.domains} if blueprint else {}
                uncovered = [f"{d}. {names[d]}" if d in names else d for d in result.uncovered]
                yield DomainBars(result.domains, uncovered=uncovered, target=target, id="bars")
            with Horizontal(classes="actions"):
                yield Button("Review answers (a)", id="review", compact=True)
                yield Button("Retake (t)", id="retake", compact=True)
                yield Button("Done (esc)", id="close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Results"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"review": self.action_review, "retake": self.action_retake, "close": self.action_close}[
            event.button.id or "close"
        ]()

    def action_review(self) -> None:
        from quizzer.screens.answer_review import AnswerReviewScreen

        if self.record is not None and self.record.result is not None:
            self.app.push_screen(AnswerReviewScreen(self.session_id))

    def action_retake(self) -> None:
        from quizzer.mock_session import create_mock, retake_settings

        record = self.record
        if record is None or record.exam_id not in self.ctx.bank.blueprints:
            return
        seed = self.quizzer.new_seed(after=record.seed)
        session_id = create_mock(self.ctx, retake_settings(record, seed))
        if session_id is None:
            self.notify("The bank has no questions for this exam any more.", severity="warning")
            return
        self.quizzer.start_mock(session_id)

    def action_close(self) -> None:
        if self.quizzer.current_mode == "mock":
            self.quizzer.reset_to_base()
            self.quizzer.action_go("dashboard")
        else:
            self.dismiss()
