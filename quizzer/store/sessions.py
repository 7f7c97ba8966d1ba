"""Keyword-only queries over study sessions and the mock exams among them; writes commit at once.

A mock exam is a session of kind "mock" with its items: every response, flag and clock tick is
its own committed transaction, so a crash loses nothing and the mock resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Integer, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizzer.mock_data import MockItemGrade, MockResult, MockTerms, result_from_json
from quizzer.store import question_scores
from quizzer.store.models import Answer, MockExam, MockItem, StudySession, saved_id, utcnow
from quizzer.store.records import MockItemRecord, MockRecord, MockSummary, SessionRecord
from quizzer.utc import as_utc


def start_session(
    engine: Engine,
    *,
    profile_id: int,
    kind: str,
    exam_id: str | None = None,
    filters: dict | None = None,
) -> int:
    with Session(engine) as db:
        row = StudySession(profile_id=profile_id, kind=kind, exam_id=exam_id, filters=filters or {})
        db.add(row)
        db.commit()
        return saved_id(row)


def end_session(engine: Engine, *, session_id: int, at: dt.datetime | None = None) -> None:
    with Session(engine) as db:
        row = db.get(StudySession, session_id)
        if row is not None and row.ended_at is None:
            row.ended_at = at or utcnow()
            db.add(row)
            db.commit()


def recent_sessions(engine: Engine, *, profile_id: int, limit: int = 10) -> list[SessionRecord]:
    """The newest sessions with their answer counts (only their own answers are aggregated)."""
    with Session(engine) as db:
        sessions = db.exec(
            select(StudySession)
            .where(StudySession.profile_id == profile_id)
            .order_by(col(StudySession.started_at).desc(), col(StudySession.id).desc())
            .limit(limit)
        ).all()
        ids = [saved_id(s) for s in sessions]
        totals = (
            {
                session_id: (n, right or 0, float(score or 0.0))
                for session_id, n, right, score in db.exec(
                    select(
                        Answer.session_id,
                        func.count(col(Answer.id)),
                        func.sum(func.cast(col(Answer.correct), Integer)),
                        func.sum(Answer.score),
                    )
                    .where(col(Answer.session_id).in_(ids))
                    .group_by(col(Answer.session_id))
                )
            }
            if ids
            else {}
        )
        return [
            SessionRecord(
                sid,
                s.kind,
                s.exam_id,
                as_utc(s.started_at),
                as_utc(s.ended_at),
                *totals.get(sid, (0, 0, 0.0)),
            )
            for s, sid in zip(sessions, ids, strict=True)
        ]


# --- mock exams ------------------------------------------------------------------------------


def create_mock(
    engine: Engine,
    *,
    profile_id: int,
    exam_id: str,
    seed: int,
    terms: MockTerms,
    items: Sequence[dict],
    time_limit_s: int,
) -> int:
    """Create a mock exam with its items; returns its session id.

    ``items`` are dicts with question_id, domain_id, content_hash and display_order.
    """
    with Session(engine) as db:
        session = StudySession(
            profile_id=profile_id, kind="mock", exam_id=exam_id, filters={"seed": seed}
        )
        db.add(session)
        db.flush()
        session_id = saved_id(session)
        db.add(
            MockExam(
                session_id=session_id,
                exam_id=exam_id,
                seed=seed,
                length=len(items),
                time_limit_s=time_limit_s,
                time_left_s=float(time_limit_s),
                plan=terms.to_json(),
            )
        )
        db.flush()
        for position, item in enumerate(items):
            db.add(
                MockItem(
                    session_id=session_id,
                    position=position,
                    question_id=item["question_id"],
                    domain_id=item.get("domain_id"),
                    content_hash=item["content_hash"],
                    display_order=item.get("display_order"),
                )
            )
        db.commit()
        return session_id


def load_mock(engine: Engine, *, session_id: int) -> MockRecord | None:
    with Session(engine) as db:
        mock = db.get(MockExam, session_id)
        if mock is None:
            return None
        rows = db.exec(
            select(MockItem)
            .where(MockItem.session_id == session_id)
            .order_by(col(MockItem.position))
        ).all()
        items = tuple(
            MockItemRecord(
                r.position,
                r.question_id,
                r.domain_id,
                r.content_hash,
                tuple(r.display_order) if r.display_order is not None else None,
                r.response,
                r.flagged,
                r.time_ms,
            )
            for r in rows
        )
        return MockRecord(
            mock.session_id,
            mock.exam_id,
            mock.seed,
            mock.time_limit_s,
            mock.time_left_s,
            mock.current,
            mock.status,
            MockTerms.from_json(mock.plan),
            result_from_json(mock.result),
            items,
            as_utc(mock.updated_at),
        )


def _touch(db: Session, session_id: int, *, time_left_s: float | None, current: int | None) -> None:
    mock = db.get(MockExam, session_id)
    if mock is None or mock.status != "active":
        raise ValueError(f"mock exam {session_id} is not active")
    if time_left_s is not None:
        mock.time_left_s = max(0.0, float(time_left_s))
    if current is not None:
        mock.current = current
    mock.updated_at = utcnow()
    db.add(mock)


def save_mock_answer(
    engine: Engine,
    *,
    session_id: int,
    position: int,
    response: Any,
    time_ms: int,
    time_left_s: float,
    current: int | None = None,
) -> None:
    """Store the response at one position (replacing an earlier one) and commit at once."""
    with Session(engine) as db:
        _touch(db, session_id, time_left_s=time_left_s, current=current)
        item = db.exec(
            select(MockItem).where(MockItem.session_id == session_id, MockItem.position == position)
        ).one()
        item.response = response
        item.time_ms = item.time_ms + max(0, int(time_ms))
        item.answered_at = utcnow()
        db.add(item)
        db.commit()


def set_mock_flag(
    engine: Engine,
    *,
    session_id: int,
    position: int,
    flagged: bool,
    time_left_s: float | None = None,
) -> None:
    with Session(engine) as db:
        _touch(db, session_id, time_left_s=time_left_s, current=None)
        item = db.exec(
            select(MockItem).where(MockItem.session_id == session_id, MockItem.position == position)
        ).one()
        item.flagged = flagged
        db.add(item)
        db.commit()


def save_mock_clock(
    engine: Engine, *, session_id: int, time_left_s: float, current: int | None = None
) -> None:
    """Persist the time left (and the position on screen) without touching answers."""
    with Session(engine) as db:
        _touch(db, session_id, time_left_s=time_left_s, current=current)
        db.commit()


def finish_mock(
    engine: Engine,
    *,
    session_id: int,
    result: MockResult,
    graded: Iterable[MockItemGrade],
    time_left_s: float,
) -> None:
    """Close a mock: store its result and one Answer row per answered question, in one transaction.

    ``graded`` holds every item's grade. An unanswered item scores 0 in ``result`` but records
    no Answer: it says nothing about what the learner knows.
    """
    with Session(engine) as db:
        mock = db.get(MockExam, session_id)
        if mock is None or mock.status != "active":
            raise ValueError(f"mock exam {session_id} is not active")
        session = _mock_session(db, session_id)
        now = utcnow()
        _record_mock_answers(db, session, graded, now)
        mock.status = "submitted"
        mock.result = result.to_json()
        mock.time_left_s = max(0.0, float(time_left_s))
        mock.updated_at = now
        session.ended_at = now
        db.add(mock)
        db.add(session)
        db.commit()


def _mock_session(db: Session, session_id: int) -> StudySession:
    session = db.get(StudySession, session_id)
    # A mock exam's key is a foreign key to its study session: the session row exists.
    assert session is not None, f"mock exam {session_id} has no study session"
    return session


def _record_mock_answers(
    db: Session, session: StudySession, graded: Iterable[MockItemGrade], now: dt.datetime
) -> None:
    """One Answer row (and its running score) per answered item of a mock, in ``db``'s transaction.

    An unanswered item records nothing: it scores 0 in the mock's result, but says nothing about
    what the learner knows.
    """
    session_id = saved_id(session)
    items = {
        r.position: r for r in db.exec(select(MockItem).where(MockItem.session_id == session_id))
    }
    for g in graded:
        item = items[g.position]
        if item.response is None:
            continue
        at = as_utc(item.answered_at) or now
        db.add(
            Answer(
                session_id=session_id,
                profile_id=session.profile_id,
                question_id=item.question_id,
                content_hash=item.content_hash,
                response=item.response,
                correct=g.correct,
                score=g.score,
                time_ms=item.time_ms,
                answered_at=at,
            )
        )
        question_scores.fold(
            db.connection(),
            profile_id=session.profile_id,
            question_id=item.question_id,
            score=g.score,
            at=at,
        )


def abandon_mock(engine: Engine, *, session_id: int, graded: Iterable[MockItemGrade] = ()) -> None:
    """Close a mock without scoring it; the answers given (``graded`` items) are kept as answers."""
    with Session(engine) as db:
        mock = db.get(MockExam, session_id)
        if mock is not None and mock.status == "active":
            session = _mock_session(db, session_id)
            now = utcnow()
            _record_mock_answers(db, session, graded, now)
            mock.status = "abandoned"
            mock.updated_at = now
            session.ended_at = now
            db.add(mock)
            db.add(session)
            db.commit()


def _summary(mock: MockExam, session: StudySession) -> MockSummary:
    return MockSummary(
        mock.session_id,
        mock.exam_id,
        mock.status,
        as_utc(session.started_at),
        as_utc(session.ended_at),
        result_from_json(mock.result),
        mock.time_left_s,
    )


def active_mocks(engine: Engine, *, profile_id: int) -> list[MockSummary]:
    """Unfinished mock exams, newest first: what the app offers to resume."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession)
            .join(StudySession, col(StudySession.id) == MockExam.session_id)
            .where(StudySession.profile_id == profile_id, MockExam.status == "active")
            .order_by(col(MockExam.updated_at).desc())
        )
        return [_summary(m, s) for m, s in db.exec(query)]


def mock_history(
    engine: Engine, *, profile_id: int, exam_id: str | None = None
) -> list[MockSummary]:
    """Submitted mock exams, oldest first."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession)
            .join(StudySession, col(StudySession.id) == MockExam.session_id)
            .where(StudySession.profile_id == profile_id, MockExam.status == "submitted")
            .order_by(col(StudySession.started_at), col(MockExam.session_id))
        )
        if exam_id is not None:
            query = query.where(MockExam.exam_id == exam_id)
        return [_summary(m, s) for m, s in db.exec(query)]
