"""A number within a tolerance."""

from __future__ import annotations

import math

from quizzer.bank.schema import NumericQuestion
from quizzer.qtypes.base import QuestionType


def _grade(question: NumericQuestion, response) -> float:
    value = float(response)
    if not math.isfinite(value):
        return 0.0
    slack = question.tolerance + 1e-9 * max(1.0, abs(question.answer))
    return 1.0 if abs(value - question.answer) <= slack else 0.0


def _summary(question: NumericQuestion, response, order) -> str:
    return f"{float(response):.15g}" + (f" {question.unit}" if question.unit else "")


TYPE = QuestionType(
    name="numeric",
    model=NumericQuestion,
    title="Number",
    grade=_grade,
    summary=_summary,
    fast_ms=30_000,
)
