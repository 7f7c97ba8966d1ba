"""A single statement, true or false."""

from __future__ import annotations

from quizzer.bank.schema import TrueFalseQuestion
from quizzer.qtypes.base import QuestionType


def _grade(question: TrueFalseQuestion, response) -> float:
    return 1.0 if isinstance(response, bool) and response is question.answer else 0.0


TYPE = QuestionType(
    name="true_false",
    model=TrueFalseQuestion,
    title="True or false",
    grade=_grade,
    summary=lambda q, response, order: "True" if response else "False",
    stem=lambda q: f"True or false? {q.stem}",
    answer_texts=lambda q: [("True", q.rationale_true), ("False", q.rationale_false)],
    guesses=lambda q: (2, iter([True, False]), lambda rng: rng.random() < 0.5),
    fast_ms=10_000,
)
