"""A series of statements, each answered Yes or No."""

from __future__ import annotations

import itertools

from quizzer.bank.schema import YesNoQuestion
from quizzer.qtypes.base import QuestionType
from quizzer.qtypes.partial import fraction


def yes_no(value: bool | None) -> str:
    return "—" if value is None else ("Yes" if value else "No")


def _grade(question: YesNoQuestion, response) -> float:
    answers = list(response)
    hits = sum(
        i < len(answers) and answers[i] is s.answer for i, s in enumerate(question.statements)
    )
    return fraction(hits, len(question.statements), question.scoring)


def _guesses(question: YesNoQuestion):
    n = len(question.statements)
    return (
        2**n,
        (list(v) for v in itertools.product([True, False], repeat=n)),
        lambda rng: [rng.random() < 0.5 for _ in range(n)],
    )


TYPE = QuestionType(
    name="yes_no",
    model=YesNoQuestion,
    title="Yes or no",
    grade=_grade,
    summary=lambda q, response, order: ", ".join(yes_no(v) for v in response),
    answer_texts=lambda q: [(s.text, s.rationale) for s in q.statements],
    guesses=_guesses,
    fast_ms=30_000,
)
