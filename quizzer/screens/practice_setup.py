"""Choose what to practise: an exam, then mixed, a domain, an objective or a topic.

Two profile switches live here too: certainty-based marking (c) and objective gating (g). With
gating on, only unlocked objectives are offered, and the status line says what unlocks next.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizzer import learner
from quizzer.assembly import count_scopes, practice_scopes, scope_counts
from quizzer.screens.exam_picker import ExamPickerScreen


class PracticeSetupScreen(ExamPickerScreen):
    """Left: exams. Right: what to practise in the highlighted exam, with question counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.go('dashboard')", "Dashboard", id="practice_setup.back"),
        Binding(
            "c",
            "toggle_certainty",
            "Certainty",
            id="practice_setup.certainty",
            tooltip="Certainty-based marking on or off (say how sure you are before the feedback)",
        ),
        Binding(
            "g",
            "toggle_gating",
            "Gating",
            id="practice_setup.gating",
            tooltip="Objective gating on or off (objectives unlock one after another)",
        ),
    ]
    """Enter on an exam moves to its scopes; Enter on a scope starts; c and g flip the switches."""

    def __init__(self) -> None:
        super().__init__(id="practice-setup")
        self.allowed: frozenset[str] | None = None
        """Questions gating leaves open for the exam shown (None: gating off)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="split"):
            with Vertical(classes="left"):
                yield Static("Exam", classes="pane-title")
                yield OptionList(id="exams")
            with Vertical(classes="right"):
                yield Static("Practise", classes="pane-title")
                yield OptionList(id="scopes")
        yield Static("", id="switches", markup=False)
        yield Static("", id="unlock", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Practice"
        self.fill_exams()
        self.show_switches()
        self.open_first()

    def on_screen_resume(self) -> None:
        # A switch may have been flipped from the palette, or a session may have unlocked more.
        if self._ready:
            self.show_switches()
            if self.exam_id is not None:
                self.show_scopes(self.exam_id)

    def show_switches(self) -> None:
        settings = self.ctx.profile.settings
        cbm = "on" if settings.certainty_marking else "off"
        gating = "on" if settings.objective_gating else "off"
        key = self.quizzer.key_for
        self.query_one("#switches", Static).update(
            "Enter: choose · Tab: other list"
            f" · {key('practice_setup.certainty', 'c')}: certainty-based marking {cbm}"
            f" · {key('practice_setup.gating', 'g')}: objective gating {gating}"
        )

    def action_toggle_certainty(self) -> None:
        self.quizzer.action_toggle_certainty()
        self.show_switches()

    def action_toggle_gating(self) -> None:
        self.quizzer.action_toggle_gating()
        self.show_switches()
        if self.exam_id is not None:
            self.show_scopes(self.exam_id)

    def exam_picked(self, exam_id: str) -> None:
        self.show_scopes(exam_id)
        self.query_one("#scopes", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#exams")
    def _exam_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.exam_id:
            self.show_scopes(event.option.id)

    @on(OptionList.OptionSelected, "#exams")
    def _exam_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_scopes(event.option.id)
            self.query_one("#scopes", OptionList).focus()

    def show_scopes(self, exam_id: str) -> None:
        same = exam_id == self.exam_id
        self.exam_id = exam_id
        bank = self.ctx.bank
        blueprint = self.ctx.blueprint(exam_id)
        scopes = self.query_one("#scopes", OptionList)
        keep = scopes.highlighted if same and scopes.highlighted is not None else 0
        scopes.clear_options()
        gate = learner.gate(self.ctx, exam_id)
        self.allowed = gate.allowed_question_ids if gate is not None else None
        locked = (
            {step.ref for step in gate.steps if not step.unlocked} if gate is not None else set()
        )
        self.query_one("#unlock", Static).update(
            f"🔒 Objective gating · {learner.unlock_hint(gate)}" if gate is not None else ""
        )
        self.query_one("#unlock", Static).display = gate is not None

        # Counts per scope are kept per bank (and in the bank cache): opening the lists takes
        # time that depends on the exam's scopes, not on the bank's size. Gating counts only
        # the open questions, through the per-question index.
        totals = scope_counts(bank, exam_id)
        if self.allowed is None:
            counts = totals
        else:
            index = practice_scopes(bank, exam_id)
            counts = count_scopes(index[q] for q in self.allowed if q in index)

        options: list[Option] = []  # added at once: each addition re-measures the list

        def count(**filters: str) -> int:
            ((kind, value),) = filters.items() if filters else (("mixed", ""),)
            return counts.get(f"{kind}:{value}", 0)

        def add(prompt: str, scope_id: str, n: int) -> None:
            options.append(Option(f"{prompt} ({n})", id=scope_id, disabled=n == 0))

        add(
            "Mixed: every question of the exam"
            if gate is None
            else "Mixed: every unlocked question",
            "mixed:",
            count(),
        )
        options.append(Option("Domains", disabled=True))
        for domain in blueprint.domains:
            add(f"  {domain.id}. {domain.name}", f"domain:{domain.id}", count(domain=domain.id))
        options.append(Option("Objectives", disabled=True))
        for domain in blueprint.domains:
            for objective in domain.objectives:
                if objective.id in locked:
                    total = totals.get(f"objective:{objective.id}", 0)
                    options.append(
                        Option(
                            f"  🔒 {objective.id} {objective.text} (locked, {total})", disabled=True
                        )
                    )
                    continue
                n = count(objective=objective.id)
                if n:
                    add(f"  {objective.id} {objective.text}", f"objective:{objective.id}", n)
        topics = sorted(scope.partition(":")[2] for scope in totals if scope.startswith("topic:"))
        if topics:
            options.append(Option("Topics", disabled=True))
        for topic in topics:
            add(f"  {topic}", f"topic:{topic}", count(topic=topic))
        scopes.add_options(options)
        scopes.highlighted = min(keep, scopes.option_count - 1)

    @on(OptionList.OptionSelected, "#scopes")
    def _scope_selected(self, event: OptionList.OptionSelected) -> None:
        if not event.option.id or self.exam_id is None:
            return
        kind, _, value = event.option.id.partition(":")
        self.start(kind, value)

    def start(self, kind: str, value: str) -> None:
        from quizzer.assembly import select_practice
        from quizzer.screens.practice import PracticeScreen

        assert self.exam_id is not None
        # ``kind`` is the scope's kind: "mixed", "domain", "objective" or "topic".
        filters = {kind: value} if kind != "mixed" else {}
        items = select_practice(
            self.ctx.bank,
            exam=self.exam_id,
            domain=filters.get("domain"),
            objective=filters.get("objective"),
            topic=filters.get("topic"),
            seed=self.quizzer.new_seed(),
        )
        items = learner.filter_allowed(items, self.allowed)
        if not items:
            self.notify("No questions there yet.", severity="warning")
            return
        label = "mixed" if kind == "mixed" else f"{kind} {value}"
        self.app.push_screen(
            PracticeScreen(
                items, exam_id=self.exam_id, filters=filters, title=f"{self.exam_id} · {label}"
            )
        )
