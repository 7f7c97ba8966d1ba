"""The dashboard's exam table, which says once when it has drawn its first rows."""

from __future__ import annotations

from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

COLUMNS = (("Exam", 14), ("Status", 20), ("Bank", 18), ("Last", 7), ("Best", 7))
"""Of fixed widths: the layout does not depend on when rows arrive."""


class ExamTable(DataTable):
    """One row per exam; posts :class:`Drawn` once its first rows are rendered for the screen."""

    class Drawn(Message):
        """The first rows are on the screen (the app loads the rest after this)."""

    def __init__(self) -> None:
        super().__init__(id="exams", cursor_type="row", zebra_stripes=True)
        for label, width in COLUMNS:
            self.add_column(label, width=width)
        self.drawn = False

    def render_line(self, y: int) -> Strip:
        if not self.drawn and self.row_count and y >= self.header_height * self.show_header:
            self.drawn = True
            self.post_message(self.Drawn())  # handled after the frame being rendered is written
        return super().render_line(y)
