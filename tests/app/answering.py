"""The keys a learner presses to answer each question type correctly (or as told)."""

from __future__ import annotations

from collections.abc import Sequence

from quizzer.bank.schema import (
    MatchingQuestion,
    MultipleQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    RecallQuestion,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    YesNoQuestion,
)

LETTERS = "abcdefghij"


def correct_response(question: Question):
    """The keyed response in original indices, as scoring expects it."""
    if isinstance(question, SingleQuestion):
        return next(i for i, o in enumerate(question.options) if o.correct)
    if isinstance(question, MultipleQuestion):
        return [i for i, o in enumerate(question.options) if o.correct]
    if isinstance(question, TrueFalseQuestion):
        return question.answer
    if isinstance(question, YesNoQuestion):
        return [s.answer for s in question.statements]
    if isinstance(question, OrderingQuestion):
        return list(range(len(question.items)))
    if isinstance(question, MatchingQuestion):
        choices = question.choices()
        return [choices.index(p.match) for p in question.pairs]
    if isinstance(question, NumericQuestion):
        return question.answer
    if isinstance(question, ShortAnswerQuestion):
        return question.answers[0].text
    if isinstance(question, RecallQuestion):
        return 3  # Good
    raise TypeError(question)


def answer_keys(question: Question, order: Sequence[int] | None) -> list[str]:
    """Keys that enter the keyed answer (without the final Enter)."""
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        shown = list(order) if order is not None else list(range(len(question.options)))
        return [LETTERS[shown.index(i)] for i, o in enumerate(question.options) if o.correct]
    if isinstance(question, TrueFalseQuestion):
        return ["t" if question.answer else "f"]
    if isinstance(question, YesNoQuestion):
        return ["y" if s.answer else "n" for s in question.statements]
    if isinstance(question, OrderingQuestion):
        arrangement = list(order) if order is not None else list(range(len(question.items)))
        keys: list[str] = []
        for target in range(len(arrangement)):
            here = arrangement.index(target)
            keys.append(str(here + 1))
            keys += ["shift+up"] * (here - target)
            arrangement.insert(target, arrangement.pop(here))
        return keys
    if isinstance(question, MatchingQuestion):
        choices = question.choices()
        shown = list(order) if order is not None else list(range(len(choices)))
        return [LETTERS[shown.index(choices.index(p.match))] for p in question.pairs]
    if isinstance(question, NumericQuestion):
        return list(f"{question.answer:g}")
    if isinstance(question, ShortAnswerQuestion):
        return list(question.answers[0].text)
    if isinstance(question, RecallQuestion):
        return ["space"]  # show the back; the final Enter rates it Good (the cursor's row)
    raise TypeError(question)
