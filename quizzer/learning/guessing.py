"""The random guess score of a question: the mean score of a response chosen uniformly at random.

Moodle reports it beside each item's facility: an item whose facility sits near its guess score
tells nothing about what learners know. The guesser here answers as the app lets a learner
answer: one option; exactly ``choose`` options; a verdict per statement; any order of the steps;
one choice per prompt. A numeric answer cannot be guessed (0). Responses are enumerated when
there are few and sampled (seeded) when there are many, and graded by :func:`quizzer.scoring.grade`.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

from quizzer.bank.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    SingleQuestion,
    TrueFalseQuestion,
    YesNoQuestion,
)
from quizzer.scoring import grade

MAX_ENUMERATED = 5_040
"""Enumerate every response up to this many (7! orderings); sample this many beyond it."""


def _space(question: Question) -> tuple[int, Iterator[Any], Any]:
    """(number of responses, all of them, a function drawing one at random)."""
    if isinstance(question, SingleQuestion):
        n = len(question.options)
        return n, iter(range(n)), lambda rng: rng.randrange(n)
    if isinstance(question, MultipleQuestion):
        n, k = len(question.options), question.choose
        count = len(list(itertools.combinations(range(n), k)))
        return (
            count,
            (list(c) for c in itertools.combinations(range(n), k)),
            lambda rng: rng.sample(range(n), k),
        )
    if isinstance(question, TrueFalseQuestion):
        return 2, iter([True, False]), lambda rng: rng.random() < 0.5
    if isinstance(question, YesNoQuestion):
        n = len(question.statements)
        return (
            2**n,
            (list(v) for v in itertools.product([True, False], repeat=n)),
            lambda rng: [rng.random() < 0.5 for _ in range(n)],
        )
    if isinstance(question, OrderingQuestion):
        n = len(question.items)
        count = 1
        for i in range(2, n + 1):
            count *= i
        return (
            count,
            (list(p) for p in itertools.permutations(range(n))),
            lambda rng: rng.sample(range(n), n),
        )
    if isinstance(question, MatchingQuestion):
        prompts, choices = len(question.pairs), len(question.choices())
        return (
            choices**prompts,
            (list(p) for p in itertools.product(range(choices), repeat=prompts)),
            lambda rng: [rng.randrange(choices) for _ in range(prompts)],
        )
    raise TypeError(type(question).__name__)


def random_guess_score(question: Question, *, seed: int = 0) -> float:
    """Expected score of a uniformly random response (exact when enumerable, else sampled)."""
    if isinstance(question, NumericQuestion):
        return 0.0
    count, everything, draw = _space(question)
    if count <= MAX_ENUMERATED:
        scores = [grade(question, r).score for r in everything]
    else:
        rng = random.Random(seed)
        scores = [grade(question, draw(rng)).score for _ in range(MAX_ENUMERATED)]
    return sum(scores) / len(scores)
