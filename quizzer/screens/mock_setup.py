"""Set up a mock exam: length, minutes and pass mark from the blueprint (changeable), a seed,
and an honest account of the plan: the weights used and the domains the bank cannot cover."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Static

from quizzer.screens.exam_picker import ExamPickerScreen


class MockSetupScreen(ExamPickerScreen):
    """Left: exams. Right: the settings and what ``assemble_mock`` draws for them per domain."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start exam", id="mock_setup.start", priority=True),
        Binding("escape", "app.go('dashboard')", "Dashboard", id="mock_setup.back"),
    ]
    """Ctrl+S starts the exam with the settings shown."""

    def __init__(self) -> None:
        super().__init__(id="mock-setup")
        self.plan = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="split"):
            with Vertical(classes="left"):
                yield Static("Exam", classes="pane-title")
                yield OptionList(id="exams")
            with VerticalScroll(classes="right"):
                yield Static("", id="facts")
                with Horizontal(classes="form-row"):
                    yield Label("Questions")
                    yield Input(id="length", type="integer", compact=True)
                    yield Label("Minutes")
                    yield Input(id="minutes", type="integer", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label("Pass mark", id="pass-label")
                    yield Input(id="pass", type="number", compact=True)
                    yield Label("Seed")
                    yield Input(id="seed", type="integer", placeholder="random", compact=True)
                yield Static("", id="plan")
                with Horizontal(classes="actions"):
                    yield Button("Start exam", id="start", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Mock exam"
        if self.quizzer.fixed_seed is not None:
            self.query_one("#seed", Input).value = str(self.quizzer.fixed_seed)
        self.fill_exams()
        self.open_first()

    def exam_picked(self, exam_id: str) -> None:
        self.choose(exam_id)

    @on(OptionList.OptionHighlighted, "#exams")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.exam_id:
            self.choose(event.option.id)

    @on(OptionList.OptionSelected, "#exams")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#length", Input).focus()

    def choose(self, exam_id: str) -> None:
        from quizzer import exam_facts as facts

        self.exam_id = exam_id
        blueprint = self.ctx.blueprint(exam_id)
        self.query_one("#facts", Static).update(
            f"[b]{escape(blueprint.id)}[/b] {escape(blueprint.name)}\n"
            f"{escape(facts.status_text(blueprint, self.quizzer.today))}"
            f" · {escape(facts.length_text(blueprint))}"
            f" · {escape(facts.minutes_text(blueprint))}"
            f" · {escape(facts.pass_mark_text(blueprint))}"
        )
        self.query_one("#length", Input).value = str(blueprint.questions)
        self.query_one("#minutes", Input).value = str(blueprint.minutes)
        scaled = facts.has_scale(blueprint)
        self.query_one("#pass-label", Label).update("Pass mark" if scaled else "Target %")
        self.query_one("#pass", Input).value = str(
            blueprint.passing_score if scaled else facts.PRACTICE_TARGET_PCT
        )
        self.update_plan()

    @on(Input.Changed, "#length")
    def _changed(self) -> None:
        self.update_plan()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    def _int(self, field: str) -> int | None:
        try:
            return int(self.query_one(f"#{field}", Input).value)
        except ValueError:
            return None

    def settings(self):
        """The chosen settings, or a string saying what to fix."""
        from quizzer import exam_facts as facts
        from quizzer.mock_session import MockSettings

        if self.exam_id is None:
            return "Choose an exam"
        blueprint = self.ctx.blueprint(self.exam_id)
        length, minutes = self._int("length"), self._int("minutes")
        if not length or length < 1:
            return "Questions must be a whole number of at least 1"
        if not minutes or minutes < 1:
            return "Minutes must be a whole number of at least 1"
        try:
            mark = float(self.query_one("#pass", Input).value)
        except ValueError:
            return "The pass mark must be a number"
        seed = self._int("seed")
        if seed is None:
            seed = self.quizzer.new_seed()
        low, high = blueprint.scale_min, blueprint.scale_max
        if facts.has_scale(blueprint):
            assert low is not None and high is not None  # has_scale checked them
            if not low < mark <= high:
                return f"The pass mark must lie in {blueprint.scale_min}–{blueprint.scale_max}"
            return MockSettings(self.exam_id, length, minutes, seed, pass_mark=int(mark))
        if not 0 < mark <= 100:
            return "The target must be a percentage in 1–100"
        return MockSettings(self.exam_id, length, minutes, seed, pass_target_pct=mark)

    def update_plan(self) -> None:
        # The outline is what the mock will draw from each domain, whatever the seed, from
        # counts kept per bank: it follows each keystroke in time independent of the bank's size.
        from quizzer.assembly import mock_outline

        if self.exam_id is None:
            return
        blueprint = self.ctx.blueprint(self.exam_id)
        length = self._int("length") or blueprint.questions
        plan = mock_outline(self.ctx.bank, blueprint, length=max(1, length))
        names = {d.id: d for d in blueprint.domains}
        lines = ["[b]Plan[/b] (weights used, scaled over the covered domains)"]
        counts = plan.counts
        for domain_id, weight in plan.weights.items():
            domain = names[domain_id]
            printed = f", printed {escape(domain.weight)}" if domain.weight else ""
            lines.append(
                f"  {escape(domain_id)}. {escape(domain.name)}: {100 * weight:.0f}%{printed}"
                f" → {counts.get(domain_id, 0)} questions"
            )
        if plan.uncovered:
            missing = ", ".join(
                f"{escape(d)}. {escape(names[d].name)}"
                + (" (outside its scope)" if not names[d].in_bank else " (no questions yet)")
                for d in plan.uncovered
            )
            lines.append(f"[$warning]Not covered by this bank: {missing}[/]")
        if plan.shortfall:
            found = sum(counts.values())
            lines.append(
                f"[$warning]The bank has only {found} questions for this exam: "
                f"{plan.shortfall} short.[/]"
            )
        self.query_one("#plan", Static).update("\n".join(lines))

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        from quizzer.mock_session import create_mock

        settings = self.settings()
        if isinstance(settings, str):
            self.app.bell()
            self.notify(settings, severity="warning")
            return
        session_id = create_mock(self.ctx, settings)
        if session_id is None:
            self.notify("The bank has no questions for this exam yet.", severity="warning")
            return
        self.quizzer.start_mock(session_id)
