"""SQLModel tables: profiles, study sessions, every answer, mock exam state and review cards."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from sqlalchemy import JSON, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class _Keyed(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(row: _Keyed) -> int:
    """The primary key of a row read from, or flushed to, the database."""
    # None only on a new row not yet flushed; every caller holds a stored one.
    assert row.id is not None, f"{type(row).__name__} has no id before it is flushed"
    return row.id


class Profile(SQLModel, table=True):
    """A learner (or an instructor, in team mode)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=80)
    role: str = Field(default="learner", max_length=20)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    settings: dict = Field(default_factory=dict, sa_type=JSON)


class StudySession(SQLModel, table=True):
    """A practice, mock, lab, review or drill session."""

    __tablename__ = "study_session"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", index=True)
    kind: str = Field(max_length=20)
    exam_id: str | None = Field(default=None, max_length=40)
    filters: dict = Field(default_factory=dict, sa_type=JSON)
    started_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    ended_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Answer(SQLModel, table=True):
    """One answer given: committed the moment it is given."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="study_session.id", index=True)
    profile_id: int = Field(foreign_key="profile.id", index=True)
    question_id: str = Field(index=True, max_length=80)
    content_hash: str = Field(max_length=32)
    response: Any = Field(default=None, sa_type=JSON, nullable=True)
    correct: bool
    score: float
    time_ms: int = 0
    certainty: int | None = None
    answered_at: dt.datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), index=True
    )


class MockExam(SQLModel, table=True):
    """A mock exam's own state, so that it can resume exactly after a quit or a crash."""

    __tablename__ = "mock_exam"

    session_id: int = Field(foreign_key="study_session.id", primary_key=True)
    exam_id: str = Field(max_length=40)
    seed: int
    length: int
    time_limit_s: int
    time_left_s: float
    current: int = 0
    status: str = Field(default="active", max_length=20, index=True)
    plan: dict = Field(default_factory=dict, sa_type=JSON)
    result: dict | None = Field(default=None, sa_type=JSON)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class MockItem(SQLModel, table=True):
    """One position of a mock exam: its question, display order, response and flag."""

    __tablename__ = "mock_item"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="mock_exam.session_id", index=True)
    position: int
    question_id: str = Field(max_length=80)
    domain_id: str | None = Field(default=None, max_length=40)
    content_hash: str = Field(max_length=32)
    display_order: list | None = Field(default=None, sa_type=JSON)
    response: Any = Field(default=None, sa_type=JSON, nullable=True)
    flagged: bool = False
    time_ms: int = 0
    answered_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ReviewCard(SQLModel, table=True):
    """A question's spaced-repetition state for one learner: the FSRS card and its review log.

    ``card`` is ``fsrs.Card.to_dict()``; ``due``, ``state``, ``last_review``, ``reps`` and
    ``lapses`` repeat parts of it as columns so that due cards are found by an index.
    """

    __tablename__ = "review_card"
    __table_args__ = (
        UniqueConstraint("profile_id", "question_id", name="uq_review_card_profile_question"),
        Index("ix_review_card_profile_due", "profile_id", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    question_id: str = Field(max_length=80)
    card: dict = Field(default_factory=dict, sa_type=JSON)
    log: list = Field(default_factory=list, sa_type=JSON)
    """Every review as ``[rating, ISO UTC time]``, oldest first: another scheduler can replay it."""
    state: int
    due: dt.datetime = Field(sa_type=DateTime(timezone=True))
    last_review: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reps: int = 0
    lapses: int = 0


class QuestionScore(SQLModel, table=True):
    """A learner's recency-weighted results on one question, kept up to date with each answer.

    ``score_sum`` and ``weight_sum`` are decayed to ``last_at`` (weight ``0.5 ** (age /
    half-life)`` per answer, see :mod:`quizzer.store.question_scores`), so a forecast reads one
    row per question instead of every answer ever given.
    """

    __tablename__ = "question_score"
    __table_args__ = (
        UniqueConstraint("profile_id", "question_id", name="uq_question_score_profile_question"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id", index=True)
    question_id: str = Field(max_length=80)
    score_sum: float = 0.0
    weight_sum: float = 0.0
    answers: int = 0
    last_at: dt.datetime = Field(sa_type=DateTime(timezone=True))


class ItemParameter(SQLModel, table=True):
    """Fitted 2PL parameters of one question version (its content hash): shared, not a learner's.

    Written by ``quizzer irt calibrate`` from pooled mock attempts; an edited question has a new
    hash and so starts again from its prior.
    """

    __tablename__ = "item_parameter"
    __table_args__ = (
        UniqueConstraint("question_id", "content_hash", name="uq_item_parameter_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    question_id: str = Field(max_length=80)
    content_hash: str = Field(max_length=64)
    a: float
    b: float
    responses: int
    fitted_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
