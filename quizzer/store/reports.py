"""Read-only reports over recorded progress: practice per day, mock scores and attempts, exports.

Every function returns plain records and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizzer.mock_data import result_from_json
from quizzer.store import sessions
from quizzer.store.models import Answer, MockExam, MockItem, Profile, StudySession, saved_id
from quizzer.store.records import (
    AnswerRow,
    DayScore,
    GradedItem,
    MockAttempt,
    MockRow,
    MockScore,
)
from quizzer.utc import as_utc


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
            .join(StudySession, col(StudySession.id) == Answer.session_id)
            .where(Answer.profile_id == profile_id, col(StudySession.kind).in_(kinds))
            .order_by(col(Answer.answered_at))
        )
        days: dict[dt.date, list[float]] = {}
        for answered_at, correct, score in db.exec(query):
            day = as_utc(answered_at).astimezone(tz).date()
            row = days.setdefault(day, [0, 0, 0.0])
            row[0] += 1
            row[1] += int(bool(correct))
            row[2] += float(score)
    return [DayScore(day, int(n), int(c), s) for day, (n, c, s) in sorted(days.items())]


def mock_scores(engine: Engine, *, profile_id: int, exam_id: str | None = None) -> list[MockScore]:
    """Submitted mocks with a result, oldest first."""
    return [
        MockScore(m.session_id, m.exam_id, m.started_at, m.ended_at, m.result)
        for m in sessions.mock_history(engine, profile_id=profile_id, exam_id=exam_id)
        if m.result is not None
    ]


def mock_attempts(
    engine: Engine, *, exam_id: str | None = None, profile_id: int | None = None
) -> list[MockAttempt]:
    """Submitted mocks (all profiles unless one is given), oldest first, items by position."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession, MockItem, Answer)
            .join(StudySession, col(StudySession.id) == MockExam.session_id)
            .join(MockItem, col(MockItem.session_id) == MockExam.session_id)
            .join(
                Answer,
                (col(Answer.session_id) == MockExam.session_id)
                & (col(Answer.question_id) == MockItem.question_id),
                isouter=True,  # an unanswered item has no Answer row and scored 0 in the mock
            )
            .where(MockExam.status == "submitted")
            .order_by(
                col(StudySession.started_at), col(MockExam.session_id), col(MockItem.position)
            )
        )
        if exam_id is not None:
            query = query.where(MockExam.exam_id == exam_id)
        if profile_id is not None:
            query = query.where(StudySession.profile_id == profile_id)
        attempts: dict[int, tuple[MockExam, StudySession, list[GradedItem]]] = {}
        for mock, session, item, answer in db.exec(query):
            entry = attempts.setdefault(mock.session_id, (mock, session, []))
            entry[2].append(
                GradedItem(
                    item.position,
                    item.question_id,
                    item.content_hash,
                    float(answer.score) if answer is not None else 0.0,
                )
            )
        return [
            MockAttempt(
                mock.session_id,
                session.profile_id,
                mock.exam_id,
                as_utc(session.ended_at),
                tuple(items),
            )
            for mock, session, items in attempts.values()
        ]


def answer_rows(engine: Engine, *, profile_id: int | None = None) -> list[AnswerRow]:
    """Every answer with its session's kind and exam, oldest first."""
    with Session(engine) as db:
        query = (
            select(Answer, StudySession, Profile)
            .join(StudySession, col(StudySession.id) == Answer.session_id)
            .join(Profile, col(Profile.id) == Answer.profile_id)
            .order_by(col(Answer.answered_at), col(Answer.id))
        )
        if profile_id is not None:
            query = query.where(Answer.profile_id == profile_id)
        return [
            AnswerRow(
                saved_id(a),
                p.name,
                a.session_id,
                s.kind,
                s.exam_id,
                a.question_id,
                a.content_hash,
                bool(a.correct),
                float(a.score),
                int(a.time_ms),
                a.certainty,
                as_utc(a.answered_at),
            )
            for a, s, p in db.exec(query)
        ]


def mock_rows(engine: Engine, *, profile_id: int | None = None) -> list[MockRow]:
    """Every mock exam (active, submitted or abandoned), oldest first."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession, Profile)
            .join(StudySession, col(StudySession.id) == MockExam.session_id)
            .join(Profile, col(Profile.id) == StudySession.profile_id)
            .order_by(col(StudySession.started_at), col(MockExam.session_id))
        )
        if profile_id is not None:
            query = query.where(StudySession.profile_id == profile_id)
        return [
            MockRow(
                m.session_id,
                p.name,
                m.exam_id,
                m.status,
                m.seed,
                m.length,
                as_utc(s.started_at),
                as_utc(s.ended_at),
                result_from_json(m.result),
            )
            for m, s, p in db.exec(query)
        ]
