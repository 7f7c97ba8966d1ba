"""The screen side of each question type: its input widget, its feedback, its verdict.

The engine side is :mod:`quizzer.qtypes`; this mapping is keyed by the same type names so that
no engine module imports Textual. A test checks that every registered type has an entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from quizzer.scoring import Grade
from quizzer.widgets.answer_base import AnswerInput
from quizzer.widgets.choice_input import (
    ChoiceInput,
    TrueFalseInput,
    choice_feedback,
    true_false_feedback,
)
from quizzer.widgets.matching_input import MatchingInput, matching_feedback
from quizzer.widgets.numeric_input import NumericInput, numeric_feedback
from quizzer.widgets.ordering_input import OrderingInput, ordering_feedback
from quizzer.widgets.recall_input import RecallInput, recall_feedback, recall_verdict
from quizzer.widgets.short_answer_input import ShortAnswerInput, short_answer_feedback
from quizzer.widgets.statement_input import StatementInput, statement_feedback


@dataclass(frozen=True)
class TypeUI:
    """How a type is answered and how its feedback reads."""

    input: type[AnswerInput]
    """Built as ``input(question, order, response, id="answer")``."""
    feedback: Callable[[Any, Any, Sequence[int] | None], list[str]]
    """Lines of markup under the verdict: each choice with its rationale."""
    verdict: Callable[[Grade, Any], str] | None = None
    """A verdict line of the type's own (None: right, partly right or wrong)."""


UI: dict[str, TypeUI] = {
    "single": TypeUI(ChoiceInput, choice_feedback),
    "multiple": TypeUI(ChoiceInput, choice_feedback),
    "true_false": TypeUI(TrueFalseInput, true_false_feedback),
    "yes_no": TypeUI(StatementInput, statement_feedback),
    "ordering": TypeUI(OrderingInput, ordering_feedback),
    "matching": TypeUI(MatchingInput, matching_feedback),
    "numeric": TypeUI(NumericInput, numeric_feedback),
    "short_answer": TypeUI(ShortAnswerInput, short_answer_feedback),
    "recall": TypeUI(RecallInput, recall_feedback, recall_verdict),
}
