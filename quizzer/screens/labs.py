"""Lab drills by topic: each lab's claim and the questions it backs; drill a lab or a topic."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizzer.screens.base import QuizzerScreen


class LabsScreen(QuizzerScreen):
    """Enter on a lab drills its questions; Enter on a topic drills every lab in it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.go('dashboard')", "Dashboard", id="labs.back"),
    ]
    """Each drill asks the question first (your prediction), then runs the lab."""

    def __init__(self) -> None:
        super().__init__(id="labs")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="split"):
            with Vertical(classes="left"):
                yield Static("Labs by topic", classes="pane-title")
                yield OptionList(id="lab-list")
            with VerticalScroll(classes="right"):
                yield Static("", id="lab-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Lab drills"
        labs = self.ctx.labs
        listing = self.query_one("#lab-list", OptionList)
        if not labs:
            why = self.ctx.lab_problem or "no labs are installed"
            self.query_one("#lab-detail", Static).update(f"No lab drills available: {escape(why)}.")
            return
        by_topic: dict[str, list[Any]] = {}
        for info in labs.values():
            by_topic.setdefault(info.topic, []).append(info)
        for topic in sorted(by_topic):
            listing.add_option(
                Option(f"▸ {topic} (all {len(by_topic[topic])})", id=f"topic:{topic}")
            )
            for info in sorted(by_topic[topic], key=lambda i: i.title):
                listing.add_option(Option(f"   {info.title}", id=f"lab:{info.id}"))
        listing.highlighted = 0
        listing.focus()

    def _labs_for(self, option_id: str) -> list[Any]:
        kind, _, value = option_id.partition(":")
        if kind == "lab":
            return [self.ctx.labs[value]]
        return sorted(
            (i for i in self.ctx.labs.values() if i.topic == value), key=lambda i: i.title
        )

    @on(OptionList.OptionHighlighted, "#lab-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not event.option.id:
            return
        lines = []
        for info in self._labs_for(event.option.id):
            lines.append(f"[b]{escape(info.title)}[/b]  [dim]({escape(info.id)})[/dim]")
            lines.append(escape(info.claim))
            for question_id in info.questions:
                question = self.ctx.bank.questions.get(question_id)
                stem = question.stem if question else "(not in the bank)"
                lines.append(f"  • {escape(stem)}")
            lines.append("")
        lines.append(
            "[dim]Enter: answer the question(s), then run the lab to see the evidence.[/dim]"
        )
        self.query_one("#lab-detail", Static).update("\n".join(lines))

    @on(OptionList.OptionSelected, "#lab-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        from quizzer.assembly import Item, display_order
        from quizzer.screens.practice import PracticeScreen

        if not event.option.id:
            return
        import random

        rng = random.Random(self.quizzer.new_seed())
        items = []
        for info in self._labs_for(event.option.id):
            for question_id in info.questions:
                question = self.ctx.bank.questions.get(question_id)
                if question is not None:
                    items.append(Item(question_id, None, display_order(question, rng)))
        if not items:
            self.notify("These labs back no questions in this bank.", severity="warning")
            return
        title = event.option.id.replace(":", " ")
        self.app.push_screen(
            PracticeScreen(
                items,
                exam_id=None,
                filters={"labs": event.option.id},
                title=f"drill · {title}",
                kind="lab",
                auto_lab=True,
            )
        )
