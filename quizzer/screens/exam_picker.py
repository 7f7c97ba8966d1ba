"""A screen with an exam list (``#exams``) that the dashboard can open on a chosen exam."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from quizzer.screens.base import QuizzerScreen


class ExamPickerScreen(QuizzerScreen):
    """Fills ``#exams`` on mount and highlights the pre-selected (or first) exam.

    Subclasses compose an ``OptionList(id="exams")`` and say what picking an exam does in
    :meth:`exam_picked`.
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.exam_id: str | None = None
        self._preselect: str | None = None
        self._ready = False

    def fill_exams(self) -> None:
        exams = self.query_one("#exams", OptionList)
        for blueprint in self.ctx.exams():
            exams.add_option(Option(f"{blueprint.id}  {blueprint.name}", id=blueprint.id))
        exams.focus()
        self._ready = True

    def open_first(self) -> None:
        """Pick the exam asked for before mounting, else the first one."""
        target = self._preselect or (self.ctx.exams()[0].id if self.ctx.exams() else None)
        if target is not None:
            self._apply(target)

    def preselect(self, exam_id: str) -> None:
        """Highlight an exam (called when arriving from the dashboard)."""
        self._preselect = exam_id
        if self._ready:
            self._apply(exam_id)

    def _apply(self, exam_id: str) -> None:
        exams = self.query_one("#exams", OptionList)
        try:
            exams.highlighted = exams.get_option_index(exam_id)
        except OptionDoesNotExist:  # an exam id this bank does not have: leave the list as it is
            return
        self.exam_picked(exam_id)

    def exam_picked(self, exam_id: str) -> None:
        raise NotImplementedError
