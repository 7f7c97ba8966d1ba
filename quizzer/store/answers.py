"""Keyword-only queries over recorded answers; each write commits before it returns.

Every answer is its own committed transaction, so it is on disk the moment it is given and a
crash (even ``kill -9``) loses nothing that was recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizzer.store import question_scores
from quizzer.store.models import Answer, StudySession, utcnow
from quizzer.store.records import AnswerRecord
from quizzer.utc import as_utc


def record_answer(
    engine: Engine,
    *,
    session_id: int,
    profile_id: int,
    question_id: str,
    content_hash: str,
    response: Any,
    correct: bool,
    score: float,
    time_ms: int,
    certainty: int | None = None,
    answered_at: dt.datetime | None = None,
) -> int:
    """Store one answer (and its question's running score) and commit before returning."""
    at = answered_at or utcnow()
    with engine.begin() as connection:
        result = connection.execute(
            insert(Answer).values(
                session_id=session_id,
                profile_id=profile_id,
                question_id=question_id,
                content_hash=content_hash,
                response=response,
                correct=correct,
                score=score,
                time_ms=time_ms,
                certainty=certainty,
                answered_at=at,
            )
        )
        question_scores.fold(
            connection, profile_id=profile_id, question_id=question_id, score=score, at=at
        )
        key = result.inserted_primary_key
        assert key is not None  # a single-row INSERT always reports the key it assigned
        return int(key[0])


def all_answers(
    engine: Engine, *, profile_id: int, since: dt.datetime | None = None
) -> list[AnswerRecord]:
    """Every answer of a profile, oldest first (plain columns: no ORM objects, no responses)."""
    # SQLAlchemy's select: SQLModel's declares types for at most four columns.
    query = (
        sa.select(
            col(Answer.question_id),
            col(Answer.content_hash),
            col(Answer.correct),
            col(Answer.score),
            col(Answer.time_ms),
            col(Answer.certainty),
            col(Answer.answered_at),
            col(Answer.session_id),
            col(StudySession.kind),
        )
        .join(StudySession, col(StudySession.id) == Answer.session_id)
        .where(col(Answer.profile_id) == profile_id)
        .order_by(col(Answer.answered_at), col(Answer.id))
    )
    if since is not None:
        query = query.where(col(Answer.answered_at) >= since)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        AnswerRecord(q, h, bool(c), s, t, cert, as_utc(at), sid, kind)
        for q, h, c, s, t, cert, at, sid, kind in rows
    ]


def count_answers(engine: Engine, *, profile_id: int, kind: str, since: dt.datetime) -> int:
    """How many answers a profile gave in sessions of ``kind`` (e.g. "review") since ``since``."""
    with Session(engine) as db:
        query = (
            select(func.count())
            .select_from(Answer)
            .join(StudySession, col(StudySession.id) == Answer.session_id)
            .where(
                Answer.profile_id == profile_id,
                StudySession.kind == kind,
                Answer.answered_at >= since,
            )
        )
        return int(db.exec(query).one())
