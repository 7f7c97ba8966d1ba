"""Per-question, recency-weighted results, folded in as answers are written.

Each answer adds ``score`` with weight ``0.5 ** (age_days / HALF_LIFE_DAYS)``. Exponential decay
forgets evenly, so the sums can be kept decayed to the last answer and brought forward to any
moment by one factor: reading a learner's standing costs one row per question, however many
answers they have given. :func:`quizzer.learning.mastery.question_scores` computes the same
figures from raw answers; a test keeps the two equal.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from quizzer.store.models import QuestionScore
from quizzer.utc import as_utc

HALF_LIFE_DAYS = 30.0


def decay(later: dt.datetime, earlier: dt.datetime) -> float:
    """The weight an answer at ``earlier`` has at ``later``."""
    days = (as_utc(later) - as_utc(earlier)).total_seconds() / 86_400
    return 0.5 ** (days / HALF_LIFE_DAYS)


def fold(
    connection: Connection, *, profile_id: int, question_id: str, score: float, at: dt.datetime
) -> None:
    """Add one answer to the learner's row for the question, inside the caller's transaction."""
    score = min(1.0, max(0.0, float(score)))
    key = (col(QuestionScore.profile_id) == profile_id) & (
        col(QuestionScore.question_id) == question_id
    )
    row = connection.execute(
        select(
            col(QuestionScore.score_sum), col(QuestionScore.weight_sum), col(QuestionScore.last_at)
        ).where(key)
    ).first()
    if row is None:
        connection.execute(
            insert(QuestionScore).values(
                profile_id=profile_id,
                question_id=question_id,
                score_sum=score,
                weight_sum=1.0,
                answers=1,
                last_at=at,
            )
        )
        return
    score_sum, weight_sum, last = row[0], row[1], as_utc(row[2])
    if at >= last:  # bring the sums forward to the new answer, then add it at full weight
        factor = decay(at, last)
        values = {
            "score_sum": score_sum * factor + score,
            "weight_sum": weight_sum * factor + 1.0,
            "last_at": at,
        }
    else:  # an older answer (e.g. a mock submitted late) joins at its decayed weight
        weight = decay(last, at)
        values = {"score_sum": score_sum + weight * score, "weight_sum": weight_sum + weight}
    connection.execute(
        update(QuestionScore).where(key).values(answers=col(QuestionScore.answers) + 1, **values)
    )


def scores_at(
    engine: Engine, *, profile_id: int, at: dt.datetime
) -> dict[str, tuple[float, float, int]]:
    """Question id -> (recency-weighted mean score, sum of weights at ``at``, answer count)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                col(QuestionScore.question_id),
                col(QuestionScore.score_sum),
                col(QuestionScore.weight_sum),
                col(QuestionScore.answers),
                col(QuestionScore.last_at),
            ).where(col(QuestionScore.profile_id) == profile_id)
        ).all()
    result = {}
    for question_id, score_sum, weight_sum, count, last_at in rows:
        if as_utc(last_at) > at:
            continue  # the forecast moment is before this question's latest answer: not modelled
        result[question_id] = (
            score_sum / weight_sum if weight_sum else 0.0,
            weight_sum * decay(at, last_at),
            int(count),
        )
    return result
