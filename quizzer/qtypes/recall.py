"""A recall card: the learner recalls the back, reveals it and rates their recall."""

from __future__ import annotations

from quizzer.bank.schema import RecallQuestion
from quizzer.qtypes.base import QuestionType

#: FSRS ratings, as the learner picks them.
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
#: The share of the marks each rating stands for: Hard is partly recalled (FSRS's Hard band).
SCORES = {1: 0.0, 2: 0.5, 3: 1.0, 4: 1.0}


def rating(response) -> int | None:
    """The learner's rating (1 Again … 4 Easy), or None when the response is not one."""
    # bool is an int in Python, but True is not a rating
    return response if type(response) is int and response in RATINGS else None


def _grade(question: RecallQuestion, response) -> float:
    value = rating(response)
    if value is None:
        raise ValueError("a recall card is answered with a rating from 1 to 4")
    return SCORES[value]


#: A card's back longer than this holds more than one thing to recall.
LONG_BACK = 200


def _checks(question: RecallQuestion) -> list[str]:
    problems = []
    if len(question.back) > LONG_BACK:
        problems.append(
            f"the back is {len(question.back)} characters (at most {LONG_BACK}); a card asks"
            " for one thing, so split it"
        )
    if question.back.casefold() in question.stem.casefold():
        problems.append("the front already shows the back; reword the front")
    return problems


TYPE = QuestionType(
    name="recall",
    model=RecallQuestion,
    title="Recall",
    grade=_grade,
    summary=lambda q, response, order: RATINGS.get(rating(response) or 0, "—"),
    in_mocks=False,
    self_rating=rating,
    checks=_checks,
)
