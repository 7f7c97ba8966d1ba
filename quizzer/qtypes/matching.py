"""Pair each prompt with a choice."""

from __future__ import annotations

import itertools

from quizzer.bank.schema import MatchingQuestion
from quizzer.qtypes.base import QuestionType
from quizzer.qtypes.partial import fraction


def _grade(question: MatchingQuestion, response) -> float:
    choices = question.choices()
    picks = list(response)
    hits = sum(
        i < len(picks) and picks[i] is not None and choices[int(picks[i])] == pair.match
        for i, pair in enumerate(question.pairs)
    )
    return fraction(hits, len(question.pairs), question.scoring)


def _summary(question: MatchingQuestion, response, order) -> str:
    choices = question.choices()
    return "; ".join(
        f"{pair.prompt} → {choices[int(p)] if p is not None else '—'}"
        for pair, p in zip(question.pairs, response, strict=False)
    )


def _guesses(question: MatchingQuestion):
    prompts, choices = len(question.pairs), len(question.choices())
    return (
        choices**prompts,
        (list(p) for p in itertools.product(range(choices), repeat=prompts)),
        lambda rng: [rng.randrange(choices) for _ in range(prompts)],
    )


TYPE = QuestionType(
    name="matching",
    model=MatchingQuestion,
    title="Match",
    grade=_grade,
    summary=_summary,
    shuffled=lambda q: len(q.choices()),
    answer_texts=lambda q: (
        [(p.match, p.rationale) for p in q.pairs] + [(d.text, d.rationale) for d in q.distractors]
    ),
    guesses=_guesses,
    fast_ms=40_000,
)
