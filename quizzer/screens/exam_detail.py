"""Everything known about one exam: vendor facts (confirmed or not), coverage, its domains,
the learner's exam date (cram mode) and weakest objectives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Footer, Header, Static

from quizzer.screens.base import QuizzerScreen

WEAKEST_SHOWN = 5


class ExamDetailScreen(QuizzerScreen):
    """The blueprint of one exam, how much of it the bank covers, and where the learner stands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="detail.back"),
        Binding("p", "practice", "Practice", id="detail.practice"),
        Binding("m", "mock", "Mock", id="detail.mock"),
        Binding("w", "drill", "Drill", id="detail.drill", tooltip="Drill the weakest objectives"),
        Binding(
            "e",
            "exam_date",
            "Exam date",
            id="detail.exam_date",
            tooltip="When you sit this exam (cram mode before it)",
        ),
    ]
    """Esc goes back; p, m and w start practice, a mock or a drill of this exam; e sets its date."""

    def __init__(self, exam_id: str):
        super().__init__()
        self.exam_id = exam_id
        self.weakest: list[Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(self.facts_text(), id="facts")
            yield Static(self.date_text(), id="exam-date")
            yield Static("[b]Weakest objectives[/b]\n  computing…", id="weakest")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.exam_id

    def on_screen_resume(self) -> None:
        # Also on first showing, and after the exam-date dialog closes.
        self.query_one("#exam-date", Static).update(self.date_text())
        self.collect_weakest()

    def facts_text(self) -> str:
        from quizzer import exam_facts as facts

        blueprint = self.ctx.blueprint(self.exam_id)
        coverage = facts.coverage(self.ctx.bank, blueprint)
        today = self.quizzer.today
        lines = [
            f"[b]{escape(blueprint.id)} · {escape(blueprint.name)}[/b]"
            f"  ({escape(blueprint.vendor)}, {blueprint.kind})",
            "",
            f"Status: {escape(facts.status_text(blueprint, today))}",
            f"Outline: {escape(blueprint.outline)}"
            + ("" if blueprint.outline_confirmed else " (unconfirmed)"),
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
            state = (
                "outside this bank"
                if not domain.in_bank
                else ("[$error]no questions yet[/]" if not count else f"{count} questions")
            )
            weight = escape(domain.weight or "weight not published")
            note = "" if domain.confirmed else " (unconfirmed)"
            lines.append(f"  {escape(domain.id)}. {escape(domain.name)} — {weight}{note} — {state}")
        if blueprint.sources:
            lines += ["", "[b]Sources[/b]"] + [f"  {escape(s)}" for s in blueprint.sources]
        return "\n".join(lines) + "\n"

    def date_text(self) -> str:
        key = self.quizzer.key_for("detail.exam_date", "e")
        from quizzer import learner

        date = learner.exam_date(self.ctx, self.exam_id)
        if date is None:
            days = learner.cram_days(self.ctx)
            return (
                f"[b]Exam date[/b]  not set — {key} sets it;"
                f" reviews aim higher (cram mode) in the {days} days before it\n"
            )
        now = self.quizzer.utcnow()
        days = learner.days_left(date, now)
        when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
        cramming = learner.in_cram(self.ctx, exam_id=self.exam_id, now=now)
        state = " — [b $warning]cram mode[/]: reviews aim for 95% recall" if cramming else ""
        return f"[b]Exam date[/b]  {date.isoformat()} ({when}){state} · {key} changes it\n"

    @dataclass
    class WeakestFound(Message):
        """The weakest objectives, or why they are missing."""

        found: list[Any] | None
        error: Exception | None = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="weakest")
    def collect_weakest(self) -> None:
        from quizzer import learner

        try:
            found = learner.weakest(self.ctx, exam_id=self.exam_id, now=self.quizzer.utcnow())
        except Exception as exc:  # noqa: BLE001 (the line says so; the rest of the screen stands)
            self.post_message(self.WeakestFound(None, exc))
        else:
            self.post_message(self.WeakestFound(found))

    @on(WeakestFound)
    def _weakest_found(self, message: WeakestFound) -> None:
        target = self.query_one("#weakest", Static)
        if message.error is None:
            self.weakest = message.found
            target.update(self.weakest_text(self.weakest))
        else:
            from quizzer.logs import log_error

            log_error("finding the weakest objectives failed", message.error)
            target.update("[b]Weakest objectives[/b]\n  could not be computed (details in the log)")

    def weakest_text(self, found: list[Any] | None) -> str:
        if found is None:
            return ""
        key = self.quizzer.key_for("detail.drill", "w")
        lines = [f"[b]Weakest objectives[/b]  (estimated mastery; {key} drills them)"]
        for o in found[:WEAKEST_SHOWN]:
            seen = (
                f"{o.answers} answer{'s' if o.answers != 1 else ''}"
                if o.answers
                else "not answered yet"
            )
            lines.append(
                f"  {escape(o.ref)} {escape(o.text)} — {round(100 * o.mastery)}%"
                f" · {seen} · {o.questions} q"
            )
        if not found:
            lines.append("  no questions for this exam yet")
        return "\n".join(lines)

    def action_practice(self) -> None:
        self.app.pop_screen()
        self.quizzer.action_go("practice", self.exam_id)

    def action_mock(self) -> None:
        self.app.pop_screen()
        self.quizzer.action_go("mock", self.exam_id)

    def action_drill(self) -> None:
        self.quizzer.action_drill(self.exam_id)

    def action_exam_date(self) -> None:
        self.quizzer.action_exam_date(self.exam_id)
