"""The exam countdown shown in the exam bar; hiding it hides the digits, not the clock."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from quizzer.exam_facts import clock_text


class ExamTimer(Static):
    """Time left as mm:ss (or h:mm:ss), warning colours in the last five minutes and last minute."""

    DEFAULT_CSS = """
    ExamTimer { width: auto; padding: 0 1; text-style: bold; }
    ExamTimer.-low { color: $warning; }
    ExamTimer.-critical { color: $error; background: $error 15%; }
    ExamTimer.-hidden { color: $text-muted; text-style: none; }
    """

    seconds_left: reactive[float] = reactive(0.0)
    hidden: reactive[bool] = reactive(False, layout=True)

    def render(self) -> str:
        if self.hidden:
            return "⏱ hidden"
        return f"⏱ {clock_text(self.seconds_left)}"

    def watch_seconds_left(self, value: float) -> None:
        self.set_class(value <= 300, "-low")
        self.set_class(value <= 60, "-critical")

    def watch_hidden(self, value: bool) -> None:
        self.set_class(value, "-hidden")
