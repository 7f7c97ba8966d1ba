"""Put items in order; the written order is the key."""

from __future__ import annotations

import itertools
import math

from quizzer.bank.schema import OrderingQuestion
from quizzer.qtypes.base import QuestionType
from quizzer.qtypes.partial import fraction


def _grade(question: OrderingQuestion, response) -> float:
    order = [int(i) for i in response]
    if sorted(order) != list(range(len(question.items))):
        return 0.0
    hits = sum(position == item for position, item in enumerate(order))
    return fraction(hits, len(order), question.scoring)


def _guesses(question: OrderingQuestion):
    n = len(question.items)
    return (
        math.factorial(n),
        (list(p) for p in itertools.permutations(range(n))),
        lambda rng: rng.sample(range(n), n),
    )


TYPE = QuestionType(
    name="ordering",
    model=OrderingQuestion,
    title="Put in order",
    grade=_grade,
    summary=lambda q, response, order: " → ".join(q.items[int(i)].text for i in response),
    shuffled=lambda q: len(q.items),
    never_solved=True,
    answer_texts=lambda q: [(i.text, i.rationale) for i in q.items],
    guesses=_guesses,
    fast_ms=30_000,
)
