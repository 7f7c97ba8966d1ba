"""What a question type registers: its model, grading, display order, guesses and summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

LETTERS = "abcdefghij"

#: (number of responses, every response, a function drawing one at random from an rng)
GuessSpace = tuple[int, Iterator[Any], Callable[[Any], Any]]


def label(position: int) -> str:
    """The label of a shown row: A, B, C... (a number past the tenth)."""
    return LETTERS[position].upper() if position < len(LETTERS) else str(position + 1)


def shown_order(count: int, order: Sequence[int] | None) -> list[int]:
    """Original indices in display order (the written order when nothing was shuffled)."""
    return list(order) if order is not None else list(range(count))


def _stem(question: Any) -> str:
    return question.stem


def _nothing(question: Any) -> int:
    return 0


def _no_texts(question: Any) -> list[tuple[str, str]]:
    return []


def _no_checks(question: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class QuestionType:
    """One question type, registered once in :mod:`quizzer.qtypes`; the engine looks it up here.

    ``grade`` may raise on a malformed response (the caller scores it 0). A response refers to
    the question's original indices; ``order`` is what the learner saw (see scoring).
    """

    name: str
    """The ``type:`` value in YAML."""
    model: type
    """The pydantic model in :mod:`quizzer.bank.schema`."""
    title: str
    """Shown above the stem: "Choose one"."""
    grade: Callable[[Any, Any], float]
    """Score in [0, 1] of a (non-None) response."""
    summary: Callable[[Any, Any, Sequence[int] | None], str]
    """A response in a few words, as the learner saw it."""
    stem: Callable[[Any], str] = _stem
    """The stem as shown, with what the type adds to it ("True or false? ...")."""
    shuffled: Callable[[Any], int] = _nothing
    """How many things a display order permutes (0: nothing is shuffled)."""
    never_solved: bool = False
    """A shuffled order must not be the key itself (ordering questions)."""
    answer_texts: Callable[[Any], list[tuple[str, str]]] = _no_texts
    """(text, rationale) of every answer choice shown, for the authoring checks."""
    guesses: Callable[[Any], GuessSpace] | None = None
    """The responses a random guesser can give; None when a guess cannot score."""
    fast_ms: int = 15_000
    """A right answer faster than this counts as fast for spaced repetition."""
    in_mocks: bool = True
    """False: practice and review only; mock exams never draw it."""
    self_rating: Callable[[Any], int | None] | None = None
    """The FSRS rating (1-4) the learner gave, for types rated by the learner."""
    checks: Callable[[Any], list[str]] = _no_checks
    """The type's own authoring warnings (``quizzer bank check``), each saying what to change."""
