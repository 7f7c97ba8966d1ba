"""Shown instead of the app when the bank has errors: the first problems and the fix command."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Static

SHOWN = 12


class BankErrorScreen(Screen[None]):
    """Lists the first problems (file:line: id: what to change) and how to see them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.quit", "Quit", id="bank_error.quit"),
    ]
    """Nothing else works without a bank, so q quits."""

    def __init__(self, problems: Sequence[object], root: Path | None):
        super().__init__()
        self.problems = list(problems)
        self.root = root

    def compose(self) -> ComposeResult:
        errors = [p for p in self.problems if getattr(p, "severity", "error") == "error"]
        where = f" {self.root}" if self.root else ""
        lines = [
            f"[b $error]The question bank has {len(errors)} error(s); nothing was loaded.[/]",
            "",
            *[f"  {escape(str(p))}" for p in errors[:SHOWN]],
        ]
        if len(errors) > SHOWN:
            lines.append(f"  … and {len(errors) - SHOWN} more")
        lines += [
            "",
            f"See every problem with:  [b]quizzer bank check{escape(where)}[/b]",
            "Fix the files it names, then start quizzer again. Press q to quit.",
        ]
        with VerticalScroll():
            yield Static("\n".join(lines), id="problems")
        yield Footer()
