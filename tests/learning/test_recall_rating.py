"""A recall card's rating is the learner's own: it reaches the FSRS card unchanged."""

from __future__ import annotations

from learning_helpers import T0

from quizzer.learning.srs import review
from quizzer.store.cards import get_card


def test_the_learners_rating_goes_to_the_card_as_given(engine, profile_id):
    # Right and fast would be Easy by the usual rule; the learner said Hard, so Hard it is.
    outcome = review(
        engine,
        profile_id=profile_id,
        question_id="card",
        correct=True,
        time_ms=1_000,
        now=T0,
        question_type="recall",
        score=1.0,
        rating=2,
    )
    assert outcome.rating == "Hard"
    record = get_card(engine, profile_id=profile_id, question_id="card")
    assert record is not None and [rating for rating, _ in record.log] == [2]
    again = review(
        engine,
        profile_id=profile_id,
        question_id="card",
        correct=True,
        time_ms=1_000,
        now=T0,
        question_type="recall",
        rating=1,
    )
    assert again.rating == "Again" and again.due <= outcome.due
