"""Read-only queries for the dashboard and history screens: per-day practice, mock scores, bests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizzer.mock_data import MockResult
from quizzer.store import repo
from quizzer.store.models import Answer, StudySession


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


@dataclass(frozen=True)
class DayScore:
    """Answers given on one (local) day outside mock exams."""

    day: dt.date
    answered: int
    correct: int
    score: float

    @property
    def fraction(self) -> float:
        return self.score / self.answered if self.answered else 0.0


def daily_practice(
    engine: Engine,
    *,
    profile_id: int,
    tz: dt.tzinfo | None = None,
    kinds: tuple[str, ...] = ("practice", "lab", "review", "drill"),
) -> list[DayScore]:
    """Practice answers grouped by local day, oldest first (mocks have their own scores)."""
    with Session(engine) as db:
        query = (
            select(Answer.answered_at, Answer.correct, Answer.score)
            .join(StudySession, StudySession.id == Answer.session_id)
            .where(Answer.profile_id == profile_id, StudySession.kind.in_(kinds))
            .order_by(Answer.answered_at)
        )
        days: dict[dt.date, list[float]] = {}
        for answered_at, correct, score in db.exec(query):
            day = _utc(answered_at).astimezone(tz).date()
            row = days.setdefault(day, [0, 0, 0.0])
            row[0] += 1
            row[1] += int(bool(correct))
            row[2] += float(score)
    return [DayScore(day, int(n), int(c), s) for day, (n, c, s) in sorted(days.items())]


@dataclass(frozen=True)
class MockScore:
    """One submitted mock exam and its stored result."""

    session_id: int
    exam_id: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    result: MockResult


def mock_scores(engine: Engine, *, profile_id: int, exam_id: str | None = None) -> list[MockScore]:
    """Submitted mocks with a result, oldest first."""
    return [
        MockScore(m.session_id, m.exam_id, m.started_at, m.ended_at, m.result)
        for m in repo.mock_history(engine, profile_id=profile_id, exam_id=exam_id)
        if m.result is not None
    ]


def last_and_best(scores: list[MockScore]) -> dict[str, tuple[MockResult, MockResult]]:
    """Exam id -> (last result, best result) from :func:`mock_scores` (oldest first)."""
    from quizzer.exam_facts import score_value

    out: dict[str, tuple[MockResult, MockResult]] = {}
    for score in scores:
        last, best = out.get(score.exam_id, (score.result, score.result))
        if score_value(score.result) >= score_value(best):
            best = score.result
        out[score.exam_id] = (score.result, best)
    return out
