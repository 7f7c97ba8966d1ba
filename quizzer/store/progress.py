"""Read-only queries over recorded progress for the learning engine and exports.

Profiles by id or name (without creating one), graded mock attempts for item statistics, and
flat answer / mock rows for export. Every function returns plain records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizzer.mock_data import MockResult, result_from_json
from quizzer.profile_settings import ProfileSettings
from quizzer.store.models import Answer, MockExam, MockItem, Profile, StudySession
from quizzer.store.records import ProfileRecord


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def _profile(row: Profile) -> ProfileRecord:
    return ProfileRecord(row.id, row.name, row.role, ProfileSettings.from_json(row.settings))


def get_profile(engine: Engine, *, profile_id: int) -> ProfileRecord | None:
    with Session(engine) as db:
        row = db.get(Profile, profile_id)
        return _profile(row) if row is not None else None


def find_profile(engine: Engine, *, name: str) -> ProfileRecord | None:
    """The profile called ``name``, or None (never creates one)."""
    with Session(engine) as db:
        row = db.exec(select(Profile).where(Profile.name == name)).first()
        return _profile(row) if row is not None else None


@dataclass(frozen=True)
class GradedItem:
    """One question of a submitted mock with the score it earned."""

    position: int
    question_id: str
    content_hash: str
    score: float


@dataclass(frozen=True)
class MockAttempt:
    """A submitted mock exam: one row of the item-statistics attempt matrix."""

    session_id: int
    profile_id: int
    exam_id: str
    submitted_at: dt.datetime | None
    items: tuple[GradedItem, ...]


def mock_attempts(
    engine: Engine, *, exam_id: str | None = None, profile_id: int | None = None
) -> list[MockAttempt]:
    """Submitted mocks (all profiles unless one is given), oldest first, items by position."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession, MockItem, Answer)
            .join(StudySession, StudySession.id == MockExam.session_id)
            .join(MockItem, MockItem.session_id == MockExam.session_id)
            .join(
                Answer,
                (Answer.session_id == MockExam.session_id)
                & (Answer.question_id == MockItem.question_id),
                isouter=True,  # an unanswered item has no Answer row and scored 0 in the mock
            )
            .where(MockExam.status == "submitted")
            .order_by(StudySession.started_at, MockExam.session_id, MockItem.position)
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
                _utc(session.ended_at),
                tuple(items),
            )
            for mock, session, items in attempts.values()
        ]


@dataclass(frozen=True)
class AnswerRow:
    """One recorded answer, flat, for export."""

    answer_id: int
    profile: str
    session_id: int
    session_kind: str
    exam_id: str | None
    question_id: str
    content_hash: str
    correct: bool
    score: float
    time_ms: int
    certainty: int | None
    answered_at: dt.datetime


def answer_rows(engine: Engine, *, profile_id: int | None = None) -> list[AnswerRow]:
    """Every answer with its session's kind and exam, oldest first."""
    with Session(engine) as db:
        query = (
            select(Answer, StudySession, Profile)
            .join(StudySession, StudySession.id == Answer.session_id)
            .join(Profile, Profile.id == Answer.profile_id)
            .order_by(Answer.answered_at, Answer.id)
        )
        if profile_id is not None:
            query = query.where(Answer.profile_id == profile_id)
        return [
            AnswerRow(
                a.id,
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
                _utc(a.answered_at),
            )
            for a, s, p in db.exec(query)
        ]


@dataclass(frozen=True)
class MockRow:
    """One mock exam's outcome, flat, for export."""

    session_id: int
    profile: str
    exam_id: str
    status: str
    seed: int
    length: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    result: MockResult | None


def mock_rows(engine: Engine, *, profile_id: int | None = None) -> list[MockRow]:
    """Every mock exam (active, submitted or abandoned), oldest first."""
    with Session(engine) as db:
        query = (
            select(MockExam, StudySession, Profile)
            .join(StudySession, StudySession.id == MockExam.session_id)
            .join(Profile, Profile.id == StudySession.profile_id)
            .order_by(StudySession.started_at, MockExam.session_id)
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
                _utc(s.started_at),
                _utc(s.ended_at),
                result_from_json(m.result),
            )
            for m, s, p in db.exec(query)
        ]


def profiles(engine: Engine) -> list[ProfileRecord]:
    """Every profile, by name."""
    with Session(engine) as db:
        return [_profile(r) for r in db.exec(select(Profile).order_by(Profile.name))]
