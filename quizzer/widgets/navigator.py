"""The question navigator: a grid of question numbers: answered, open, flagged and current."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CELL = 4


class Navigator(Widget, can_focus=True):
    """Arrows move, Enter (or a click) jumps to a question."""

    DEFAULT_CSS = """
    Navigator {
        width: 20; height: auto; max-height: 100%;
        padding: 0 1; border: round $primary 40%;
    }
    Navigator:focus { border: round $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Left", show=False, id="navigator.left"),
        Binding("right", "move(1)", "Right", show=False, id="navigator.right"),
        Binding("up", "move_row(-1)", "Up", show=False, id="navigator.up"),
        Binding("down", "move_row(1)", "Down", show=False, id="navigator.down"),
        Binding("enter,space", "jump", "Go to", id="navigator.jump"),
    ]
    """Arrows pick a question; Enter goes there."""

    @dataclass
    class Jump(Message):
        """The learner chose a position to go to."""

        position: int

    current: reactive[int] = reactive(0)
    cursor: reactive[int] = reactive(0)
    mode: reactive[str] = reactive("exam")
    """'exam': answered/open/flagged; 'graded': correct/wrong."""

    def __init__(self, count: int, *, id: str | None = None):
        super().__init__(id=id)
        self._count = count
        self.answered: list[bool] = [False] * count
        self.flagged: list[bool] = [False] * count
        self.correct: list[float] = [0.0] * count

    @property
    def count(self) -> int:
        return self._count

    @count.setter
    def count(self, value: int) -> None:
        self._count = value
        self.answered = [False] * value
        self.flagged = [False] * value
        self.correct = [0.0] * value
        self.refresh(layout=True)

    @property
    def per_row(self) -> int:
        inner = self.content_size.width or 16
        return max(1, inner // CELL)

    def update_state(
        self, *, answered=None, flagged=None, correct=None, current: int | None = None
    ) -> None:
        if answered is not None:
            self.answered = list(answered)
        if flagged is not None:
            self.flagged = list(flagged)
        if correct is not None:
            self.correct = list(correct)
        if current is not None:
            self.current = current
            self.cursor = current
        self.refresh()

    def _cell(self, i: int) -> Content:
        number = f"{i + 1:>2}"
        mark = "⚑" if self.flagged[i] else " "
        if self.mode == "graded":
            style = (
                "$success"
                if self.correct[i] >= 1 - 1e-9
                else ("$warning" if self.correct[i] > 0 else "$error")
            )
        else:
            style = "bold $text" if self.answered[i] else "$text-muted"
        if i == self.current:
            style += " reverse"
        if i == self.cursor and self.has_focus:
            style += " underline"
        return Content.styled(f"{number}{mark}", style) + Content(" ")

    def render(self) -> Content:
        rows = []
        per_row = self.per_row
        for start in range(0, self.count, per_row):
            rows.append(
                Content("").join(
                    self._cell(i) for i in range(start, min(start + per_row, self.count))
                )
            )
        if self.mode == "graded":
            legend = Content.from_markup("[$success]right[/] [$error]wrong[/]")
        else:
            legend = Content.from_markup("[b]done[/b] [$text-muted]open[/] ⚑flag")
        rows.append(legend)
        return Content("\n").join(rows)

    def get_content_height(self, container, viewport, width: int) -> int:
        per_row = max(1, width // CELL)
        return -(-self.count // per_row) + 1

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(self.count - 1, self.cursor + delta))

    def action_move_row(self, delta: int) -> None:
        self.action_move(delta * self.per_row)

    def action_jump(self) -> None:
        self.post_message(self.Jump(self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row, col = offset.y, offset.x // CELL
        position = row * self.per_row + col
        if 0 <= position < self.count and col < self.per_row:
            self.cursor = position
            self.post_message(self.Jump(position))
