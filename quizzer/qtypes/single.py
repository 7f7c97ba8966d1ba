"""Choose one option."""

from __future__ import annotations

from quizzer.bank.schema import SingleQuestion
from quizzer.qtypes.base import QuestionType, label, shown_order


def _grade(question: SingleQuestion, response) -> float:
    return 1.0 if question.options[int(response)].correct else 0.0


def _summary(question: SingleQuestion, response, order) -> str:
    shown = shown_order(len(question.options), order)
    i = int(response)
    return f"{label(shown.index(i))}. {question.options[i].text}"


def _guesses(question: SingleQuestion):
    n = len(question.options)
    return n, iter(range(n)), lambda rng: rng.randrange(n)


TYPE = QuestionType(
    name="single",
    model=SingleQuestion,
    title="Choose one",
    grade=_grade,
    summary=_summary,
    shuffled=lambda q: len(q.options) if q.shuffle else 0,
    answer_texts=lambda q: [(o.text, o.rationale) for o in q.options],
    guesses=_guesses,
    fast_ms=15_000,
)
