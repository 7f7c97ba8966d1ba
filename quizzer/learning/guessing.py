"""The random guess score of a question: the mean score of a response chosen uniformly at random.

Moodle reports it beside each item's facility: an item whose facility sits near its guess score
tells nothing about what learners know. The guesser here answers as the app lets a learner
answer: one option; exactly ``choose`` options; a verdict per statement; any order of the steps;
one choice per prompt (each type's ``guesses`` in :mod:`quizzer.qtypes`). A typed answer (a
number, a short text) or a self-rated recall card cannot be guessed (0). Responses are
enumerated when there are few and sampled (seeded) when there are many, and graded by
:func:`quizzer.scoring.grade`.
"""

from __future__ import annotations

import random

from quizzer import qtypes
from quizzer.bank.schema import Question
from quizzer.scoring import grade

MAX_ENUMERATED = 5_040
"""Enumerate every response up to this many (7! orderings); sample this many beyond it."""


def random_guess_score(question: Question, *, seed: int = 0) -> float:
    """Expected score of a uniformly random response (exact when enumerable, else sampled)."""
    guesses = qtypes.of(question).guesses
    if guesses is None:
        return 0.0
    count, everything, draw = guesses(question)
    if count <= MAX_ENUMERATED:
        scores = [grade(question, r).score for r in everything]
    else:
        rng = random.Random(seed)
        scores = [grade(question, draw(rng)).score for _ in range(MAX_ENUMERATED)]
    return sum(scores) / len(scores)
