"""Everything known about one exam: vendor facts (confirmed or not), coverage, and its domains."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Header, Static

from quizzer.screens.base import QuizzerScreen


class ExamDetailScreen(QuizzerScreen):
    """The blueprint of one exam and how much of it the bank covers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
        Binding("p", "practice", "Practice", id="detail.practice"),
        Binding("m", "mock", "Mock", id="detail.mock"),
    ]
    """Esc goes back; p and m start practice or a mock of this exam."""

    def __init__(self, exam_id: str):
        super().__init__()
        self.exam_id = exam_id

    def compose(self) -> ComposeResult:
        from quizzer import exam_facts as facts

        blueprint = self.ctx.blueprint(self.exam_id)
        coverage = facts.coverage(self.ctx.bank, blueprint)
        today = self.quizzer.today
        lines = [
            f"[b]{escape(blueprint.id)} · {escape(blueprint.name)}[/b]  ({escape(blueprint.vendor)}, {blueprint.kind})",
            "",
            f"Status: {escape(facts.status_text(blueprint, today))}",
            f"Outline: {escape(blueprint.outline)}" + ("" if blueprint.outline_confirmed else " (unconfirmed)"),
            f"Length: {escape(facts.length_text(blueprint))} — {escape(blueprint.questions_note)}",
            f"Time: {escape(facts.minutes_text(blueprint))}",
            f"Scoring: {escape(facts.pass_mark_text(blueprint))}"
            + (f" — {escape(blueprint.passing_note)}" if blueprint.passing_note else ""),
        ]
        if blueprint.formats:
            note = "" if blueprint.formats_confirmed else " (unconfirmed)"
            lines.append(f"Formats{note}: {escape('; '.join(blueprint.formats))}")
        lines += [
            "",
            f"[b]Coverage[/b]  {escape(coverage.summary())}",
            escape(blueprint.coverage),
            "",
            "[b]Domains[/b]",
        ]
        for domain in blueprint.domains:
            count = coverage.per_domain.get(domain.id, 0)
            state = "outside this bank" if not domain.in_bank else ("[$error]no questions yet[/]" if not count else f"{count} questions")
            weight = escape(domain.weight or "weight not published")
            note = "" if domain.confirmed else " (unconfirmed)"
            lines.append(f"  {escape(domain.id)}. {escape(domain.name)} — {weight}{note} — {state}")
        if blueprint.sources:
            lines += ["", "[b]Sources[/b]"] + [f"  {escape(s)}" for s in blueprint.sources]
        yield Header()
        with VerticalScroll():
            yield Static("\n".join(lines), id="facts")
        yield Footer()

    def action_practice(self) -> None:
        self.app.pop_screen()
        self.quizzer.action_go("practice", self.exam_id)

    def action_mock(self) -> None:
        self.app.pop_screen()
        self.quizzer.action_go("mock", self.exam_id)
