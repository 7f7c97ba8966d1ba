"""Choose N options; all-or-nothing or partial scoring."""

from __future__ import annotations

import itertools
import math

from quizzer.bank.schema import MultipleQuestion, stated_choose_count
from quizzer.qtypes.base import QuestionType, label, shown_order


def _grade(question: MultipleQuestion, response) -> float:
    chosen = {int(i) for i in response}
    keyed = {i for i, o in enumerate(question.options) if o.correct}
    if question.scoring == "all_or_nothing":
        return 1.0 if chosen == keyed else 0.0
    return max(0.0, (len(chosen & keyed) - len(chosen - keyed)) / len(keyed))


def _summary(question: MultipleQuestion, response, order) -> str:
    shown = shown_order(len(question.options), order)
    picked = sorted(int(i) for i in response)
    return ", ".join(f"{label(shown.index(i))}. {question.options[i].text}" for i in picked)


def _stem(question: MultipleQuestion) -> str:
    """The stem, stating how many to choose when it does not say so itself."""
    if stated_choose_count(question.stem) is None:
        return f"{question.stem} (Choose {question.choose}.)"
    return question.stem


def _guesses(question: MultipleQuestion):
    n, k = len(question.options), question.choose
    return (
        math.comb(n, k),
        (list(c) for c in itertools.combinations(range(n), k)),
        lambda rng: rng.sample(range(n), k),
    )


TYPE = QuestionType(
    name="multiple",
    model=MultipleQuestion,
    title="Choose several",
    grade=_grade,
    summary=_summary,
    stem=_stem,
    shuffled=lambda q: len(q.options) if q.shuffle else 0,
    answer_texts=lambda q: [(o.text, o.rationale) for o in q.options],
    guesses=_guesses,
    fast_ms=25_000,
)
