"""The base of every answer input: a focusable list of rows with a cursor and a response.

Responses are kept in the question's *original* indices (see :mod:`quizzer.scoring`);
display position ``k`` shows original index ``order[k]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from quizzer.qtypes.base import LETTERS
from quizzer.qtypes.base import label as label  # the inputs import it from here


class Row(Static):
    """One row of an answer input; clicking it moves the cursor there and activates it."""

    DEFAULT_CSS = """
    Row { width: 1fr; height: auto; padding: 0 1; }
    Row.-cursor { background: $boost; }
    AnswerInput:focus Row.-cursor { background: $accent 30%; }
    Row.-selected { text-style: bold; color: $text-accent; }
    """

    def __init__(self, index: int, content: str = "") -> None:
        super().__init__(content, markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        parent = self.parent
        if isinstance(parent, AnswerInput) and not parent.locked:
            parent.focus()
            parent.cursor = self.index
            parent.activate(self.index)


class AnswerInput(Vertical, can_focus=True):
    """A question's input: rows, a cursor, keys that answer, and Changed/Submitted messages."""

    DEFAULT_CSS = """
    AnswerInput { height: auto; padding: 0; margin: 1 0 0 0; }
    AnswerInput.-locked { opacity: 80%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Submit", id="answer.submit", tooltip="Submit this answer"),
        # Not "toggle": that name is Textual's toggle('attribute') action of every widget.
        Binding("space", "pick", "Select", id="answer.toggle", show=False),
        Binding("up", "cursor(-1)", "Up", id="answer.up", show=False),
        Binding("down", "cursor(1)", "Down", id="answer.down", show=False),
    ]
    """Enter submits, space selects the row under the cursor, arrows move the cursor."""

    BINDING_GROUP_TITLE = "Answering"
    """Where these keys work, in the help's Where column."""

    HINT: str = ""
    """One line telling the learner which keys answer this type (an input may say more)."""

    locked = var(False, bindings=True, toggle_class="-locked")
    """No more answers (after feedback, or in review): the answering keys leave the footer."""

    @dataclass
    class Changed(Message):
        """The response changed (saved at once in a mock exam)."""

        input: AnswerInput
        response: Any

    @dataclass
    class Submitted(Message):
        """Enter was pressed with a complete response."""

        input: AnswerInput
        response: Any

    def __init__(
        self,
        question: Any,
        order: Sequence[int] | None,
        response: Any = None,
        *,
        id: str | None = None,
    ):
        super().__init__(id=id)
        self.question = question
        self.order: tuple[int, ...] = (
            tuple(order) if order is not None else tuple(range(self.order_length()))
        )
        self._cursor = 0
        self.set_response(response)

    # --- subclasses fill these -------------------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def row_text(self, position: int) -> str:
        raise NotImplementedError

    def order_length(self) -> int:
        """How many things ``order`` permutes (the rows, unless a subclass says otherwise)."""
        return self.row_count()

    def row_selected(self, position: int) -> bool:
        return False

    @property
    def response(self) -> Any:
        """The response in original indices, or None when nothing is answered."""
        raise NotImplementedError

    def set_response(self, response: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the response cannot be submitted yet (None when it can)."""
        return None if self.response is not None else "answer first"

    def activate(self, position: int) -> None:
        """What space (or a click) does on a row."""

    def on_letter(self, key: str) -> bool:
        """Handle a printable key; True when it was used."""
        return False

    # --- shared behaviour ------------------------------------------------------------------

    def compose(self):
        for position in range(self.row_count()):
            yield Row(position, self.row_text(position))

    def on_mount(self) -> None:
        self.refresh_rows()

    @property
    def cursor(self) -> int:
        return self._cursor

    @cursor.setter
    def cursor(self, value: int) -> None:
        count = self.row_count()
        self._cursor = max(0, min(value, count - 1)) if count else 0
        self.refresh_rows()
        rows = list(self.query(Row))
        if rows and self._cursor < len(rows):
            rows[self._cursor].scroll_visible(animate=False)

    def refresh_rows(self) -> None:
        for row in self.query(Row):
            row.update(self.row_text(row.index))
            row.set_class(row.index == self._cursor, "-cursor")
            row.set_class(self.row_selected(row.index), "-selected")

    def lock_answer(self) -> None:
        """Stop taking answers (after feedback, or in review)."""
        self.locked = True

    def changed(self) -> None:
        self.refresh_rows()
        self.post_message(self.Changed(self, self.response))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.locked and action in ("submit", "pick", "move"))

    def action_cursor(self, delta: int) -> None:
        self.cursor = self._cursor + delta

    def action_pick(self) -> None:
        self.activate(self._cursor)

    def action_submit(self) -> None:
        problem = self.problem()
        if problem:
            self.app.bell()
            self.notify(problem, severity="warning", timeout=3)
            return
        self.post_message(self.Submitted(self, self.response))

    def on_key(self, event: events.Key) -> None:
        if self.locked or not event.character or not event.is_printable or event.character == " ":
            return
        if self.on_letter(event.character.lower()):
            event.stop()
            event.prevent_default()

    @staticmethod
    def letter_index(key: str, count: int) -> int | None:
        """Display position for a letter (a, b...) or digit (1, 2...) key."""
        if key in LETTERS and LETTERS.index(key) < count:
            return LETTERS.index(key)
        if key.isdigit() and 1 <= int(key) <= min(count, 9):
            return int(key) - 1
        return None
